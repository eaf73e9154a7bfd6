//! The `binhdang` command line: serve, migrate, import, user, demo, config.

use std::io::BufRead;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use binhdang::config::{Config, EXAMPLE};
use binhdang::server::{open_store, serve};
use binhdang::{data, demo};
use binhdang_core::users::check_password;
use binhdang_core::{Clock, SystemClock};
use binhdang_store::Actor;

/// binhdang: running and monitoring gender-equality work across the state administration.
#[derive(Debug, Parser)]
#[command(name = "binhdang", version, about)]
struct Cli {
    /// A TOML configuration file (see `binhdang config`).
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the web server (migrates the database first).
    Serve {
        /// Address to listen on (overrides the configuration).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load reference data, or reported values in bulk.
    #[command(subcommand)]
    Import(Import),
    /// Write reported values to a file.
    #[command(subcommand)]
    Export(Export),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Create a fresh demo database with the registry and demo accounts, and serve it.
    Demo {
        /// Port to serve on (127.0.0.1).
        #[arg(long, default_value_t = 8080)]
        port: u16,
        /// Folder for the demo database, its own (not the server's `data_dir`). A database the
        /// demo made there before is replaced; any other is refused, never wiped.
        #[arg(long, default_value = "data-demo")]
        data_dir: PathBuf,
        /// Load the data and exit without serving.
        #[arg(long)]
        no_serve: bool,
        /// `small` (the letters, tasks, plans and reports of the walkthrough) or `national` (the
        /// same, plus about ten million approved values of every commune for 2016–2025).
        #[arg(long, default_value = "small", value_parser = ["small", "national"])]
        scale: String,
        /// Seed of the national data set (the same seed gives the same values).
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write a consistent copy of the database while the server runs (SQLite: checked with its
    /// integrity check; PostgreSQL: `pg_dump`).
    Backup {
        /// The backup file to write (never overwritten).
        #[arg(long)]
        output: PathBuf,
    },
    /// Replace the SQLite database with a backup, after checking it (stop the server first; the
    /// replaced database is kept beside it).
    Restore {
        /// The backup file.
        #[arg(long)]
        input: PathBuf,
    },
    /// Print an example configuration with a comment for every key.
    Config,
    /// Read official letters from a file (.txt, .docx, .pdf; a scan or a .jpg/.png photo is read
    /// by OCR with Tesseract) and print one JSON object per document found.
    Parse {
        /// The file.
        file: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
enum Import {
    /// Administrative units and agencies (upsert: running it again changes nothing).
    Units {
        /// A folder laid out like the repository's data/ (units/*.csv, agencies/*.csv);
        /// default: the data shipped in the binary.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// The indicator catalog (new codes added, changed ones updated with history).
    Indicators {
        /// A CSV file laid out like the repository's data/indicators.csv; default: the catalog
        /// shipped in the binary.
        #[arg(long)]
        file: Option<PathBuf>,
    },
    /// Reported values from a file: all or nothing, checked first as the entry grid checks them.
    Values {
        /// csv, dhis2-json or adx.
        #[arg(long, default_value = "csv")]
        format: String,
        /// The file.
        #[arg(long)]
        input: PathBuf,
        /// Check only, and list every problem (up to 1,000); write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Debug, Subcommand)]
enum Export {
    /// Reported values, one per row or element, streamed in bounded memory.
    Values {
        /// csv, dhis2-json, adx or sdmx-csv (sdmx-csv needs --form).
        #[arg(long, default_value = "csv")]
        format: String,
        /// The file to write (never overwritten), or - for standard output.
        #[arg(long)]
        output: PathBuf,
        /// Only this form.
        #[arg(long)]
        form: Option<String>,
        /// Only this period (2025, 2025Q3…).
        #[arg(long)]
        period: Option<String>,
        /// Only this area and the areas under it (its code).
        #[arg(long)]
        area: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add an account.
    Add {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Full name.
        #[arg(long)]
        display_name: String,
        /// The agency's code as of today (BNV, 91-SNV, 30742-UBND…).
        #[arg(long)]
        agency: String,
        /// viewer, officer, leader or admin.
        #[arg(long)]
        role: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// The password (visible to other users of this machine; prefer --password-stdin).
        #[arg(long, conflicts_with = "password_stdin")]
        password: Option<String>,
    },
    /// Set an account's password (ends its sessions).
    SetPassword {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// The password.
        #[arg(long, conflicts_with = "password_stdin")]
        password: Option<String>,
    },
    /// List accounts.
    List,
}

fn read_password(from_stdin: bool, given: Option<String>) -> anyhow::Result<String> {
    let password = match (from_stdin, given) {
        (true, _) => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
        (false, Some(p)) => p,
        (false, None) => bail!("cần mật khẩu: dùng --password-stdin (khuyên dùng) hoặc --password"),
    };
    check_password(&password).map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(password)
}

fn init_logging(filter: &str) {
    let filter =
        tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).try_init();
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match &cli.command {
        Command::Config => {
            print!("{EXAMPLE}");
            return Ok(());
        }
        Command::Parse { file } => return parse(file, cli.config.as_deref()),
        _ => {}
    }
    let config = Config::load(cli.config.as_deref(), std::env::vars())?;
    init_logging(&config.log);
    let clock = SystemClock;
    let cli_actor = Actor { user: None, at: clock.now() };

    match cli.command {
        Command::Config | Command::Parse { .. } => {}
        Command::Serve { listen } => {
            let store = open_store(&config.database_url(), &clock).await?;
            serve(store, config.web_settings(), listen.as_deref().unwrap_or(&config.listen)).await?;
        }
        Command::Migrate => {
            let url = config.database_url();
            let store = binhdang_store::Store::connect(&url).await?;
            let ran = store.migrate(clock.now()).await?;
            println!("Đã áp dụng {ran} bản nâng cấp cơ sở dữ liệu.");
        }
        Command::Import(Import::Units { dir }) => {
            let files = match &dir {
                Some(d) => binhdang_office::UnitFiles::from_dir(d)?,
                None => data::embedded_units(),
            };
            let batch = binhdang_office::load_units(&files)?;
            let store = open_store(&config.database_url(), &clock).await?;
            let s = store.import_units(&batch, cli_actor).await?;
            println!(
                "Đã nhập đơn vị: {} thêm mới, {} cập nhật, {} không đổi, {} quan hệ kế thừa mới.",
                s.inserted, s.updated, s.unchanged, s.lineage_added
            );
        }
        Command::Import(Import::Indicators { file }) => {
            let text = match &file {
                Some(f) => std::fs::read_to_string(f).with_context(|| format!("không đọc được tệp {}", f.display()))?,
                None => data::INDICATORS.to_owned(),
            };
            let list = binhdang_office::indicators::load_indicators(&text)?;
            let store = open_store(&config.database_url(), &clock).await?;
            let s = store.import_indicators(&list, cli_actor).await?;
            println!("Đã nhập chỉ tiêu: {} thêm mới, {} cập nhật, {} không đổi.", s.inserted, s.updated, s.unchanged);
        }
        Command::Import(Import::Values { format, input, dry_run }) => {
            let store = open_store(&config.database_url(), &clock).await?;
            let services = services_of(store, &clock);
            if let Err(e) = binhdang::values::import(&services, &input, &format, dry_run).await {
                eprintln!("{e:#}");
                std::process::exit(1);
            }
        }
        Command::Export(Export::Values { format, output, form, period, area }) => {
            let store = open_store(&config.database_url(), &clock).await?;
            let services = services_of(store, &clock);
            let filter = binhdang_app::exchange::bulk::ExportFilter { form, period, area };
            binhdang::values::export(&services, &output, &format, &filter).await?;
        }
        Command::User(cmd) => user(&config, cmd, &clock).await?,
        Command::Demo { port, data_dir, no_serve, scale, seed } => {
            let national = (scale == "national").then_some(seed);
            demo(config, port, data_dir, no_serve, national, &clock).await?;
        }
        Command::Backup { output } => binhdang::backup::backup(&config.database_url(), &output).await?,
        Command::Restore { input } => binhdang::backup::restore(&config.database_url(), &input, clock.now()).await?,
    }
    Ok(())
}

/// The application's services for a command of the command line.
fn services_of(store: binhdang_store::Store, clock: &dyn Clock) -> binhdang_app::Services {
    binhdang_app::Services::new(
        store,
        std::sync::Arc::new(binhdang_core::FixedClock(clock.now())),
        binhdang_app::Settings::default(),
    )
}

/// `binhdang parse FILE`: a scan or a photo is read by OCR within the configured limits
/// (`ocr_max_pages`, `ocr_page_timeout_secs`).
fn parse(file: &std::path::Path, config: Option<&std::path::Path>) -> anyhow::Result<()> {
    let config = Config::load(config, std::env::vars())?;
    let bytes = std::fs::read(file).with_context(|| format!("không đọc được tệp {}", file.display()))?;
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let ocr = binhdang_office::OcrLimits {
        pages: config.ocr_max_pages,
        page_time: std::time::Duration::from_secs(config.ocr_page_timeout_secs),
    };
    let reading = binhdang_office::read_letter(&name, &bytes, &binhdang_office::Limits::default(), &ocr)?;
    if reading.ocr_pages > 0 {
        eprintln!(
            "đã nhận dạng chữ (OCR) {} trang trong {:.1} giây; hãy đối chiếu với bản gốc",
            reading.ocr_pages,
            reading.ocr_time.as_secs_f64()
        );
    }
    println!("{}", serde_json::to_string_pretty(&vanban::parse(&reading.text))?);
    Ok(())
}

/// `binhdang user …`.
async fn user(config: &Config, cmd: UserCommand, clock: &dyn Clock) -> anyhow::Result<()> {
    let cli_actor = Actor { user: None, at: clock.now() };

    let store = open_store(&config.database_url(), clock).await?;
    match cmd {
        UserCommand::Add { username, display_name, agency, role, password_stdin, password } => {
            let password = read_password(password_stdin, password)?;
            let services = services_of(store.clone(), clock);
            let input =
                binhdang_app::users::NewUserInput { username, display_name, agency_code: agency, role, password };
            let user = binhdang_app::users::create_by_operator(&services, &input).await.map_err(|e| match e {
                binhdang_app::Error::Invalid(fields) => {
                    anyhow::anyhow!("{}", fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))
                }
                other => anyhow::anyhow!("{other}"),
            })?;
            let agency = store.unit(user.agency_id).await?;
            println!("Đã thêm người dùng {} ({}, {}).", user.username, agency.name, user.role.label_vi());
        }
        UserCommand::SetPassword { username, password_stdin, password } => {
            let password = read_password(password_stdin, password)?;
            let (user, _) =
                store.user_for_login(&username).await?.with_context(|| format!("không có người dùng {username}"))?;
            store.set_password(user.id, &binhdang_core::passwords::hash(&password), cli_actor).await?;
            println!("Đã đặt mật khẩu mới cho {username}.");
        }
        UserCommand::List => {
            for user in store.list_users().await? {
                let agency = store.unit(user.agency_id).await?;
                println!(
                    "{:<20} {:<12} {:<8} {} — {}",
                    user.username,
                    user.role.as_str(),
                    if user.active { "active" } else { "disabled" },
                    user.display_name,
                    agency.name
                );
            }
        }
    }
    Ok(())
}

/// The file that marks a data folder's database as made by `binhdang demo` (and so safe to
/// replace).
const DEMO_MARKER: &str = "binhdang-demo.marker";

/// `binhdang demo`: a fresh SQLite database with the demo data in its own folder, then the server.
/// It replaces only a database that it made itself (the marker file says so).
async fn demo(
    mut config: Config,
    port: u16,
    data_dir: PathBuf,
    no_serve: bool,
    national: Option<u64>,
    clock: &dyn Clock,
) -> anyhow::Result<()> {
    config.data_dir = data_dir;
    config.database_url = None;
    let url = config.database_url();
    std::fs::create_dir_all(&config.data_dir)?;
    let db = config.data_dir.join("binhdang.db");
    let marker = config.data_dir.join(DEMO_MARKER);
    if db.exists() && !marker.exists() {
        bail!(
            "{} đã có cơ sở dữ liệu không do binhdang demo tạo; không xóa nó. Hãy chọn thư mục khác bằng --data-dir",
            db.display()
        );
    }
    for suffix in ["", "-wal", "-shm"] {
        let path = config.data_dir.join(format!("binhdang.db{suffix}"));
        if path.exists() {
            std::fs::remove_file(&path).with_context(|| format!("không xóa được {}", path.display()))?;
        }
    }
    std::fs::write(&marker, "Cơ sở dữ liệu trong thư mục này do `binhdang demo` tạo và sẽ bị thay khi chạy lại.\n")
        .with_context(|| format!("không ghi được {}", marker.display()))?;
    let store = open_store(&url, clock).await?;
    demo::load(&store, clock).await?;
    if let Some(seed) = national {
        let file = config.data_dir.join("national-values.csv");
        let set = binhdang::values::write_national(&store, &file, seed).await?;
        println!(
            "Bộ số liệu toàn quốc (hạt giống {seed}): {} giá trị, tổng {}, mã kiểm tra {:016x}, trong {}.",
            set.values,
            set.sum,
            set.checksum,
            file.display()
        );
        let services = services_of(store.clone(), clock);
        binhdang::values::import(&services, &file, "csv", false).await?;
    }
    println!(
        "Dữ liệu mẫu đã sẵn sàng trong {}. Tài khoản (mật khẩu: {}):",
        config.data_dir.display(),
        demo::DEMO_PASSWORD
    );
    for (username, _, agency, role, what) in demo::ACCOUNTS {
        println!("  {username:<14} {:<12} {agency:<12} {what}", role.label_vi());
    }
    if !no_serve {
        serve(store, config.web_settings(), &format!("127.0.0.1:{port}")).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}
