//! `binhdang backup` and `binhdang restore`.
//!
//! Everything binhdang keeps is in its database (files are blobs), so a copy of the database is a
//! backup of everything.
//!
//! - **SQLite**: `VACUUM INTO` writes a consistent copy while the server keeps serving (readers
//!   and writers go on; the copy holds every transaction committed before it began). The copy is
//!   written next to the destination under a temporary name, checked with `PRAGMA
//!   integrity_check`, and only then renamed into place, so a failed backup never leaves a file
//!   that looks like one. `restore` checks the backup the same way, keeps the database it
//!   replaces as `binhdang.db.before-restore-<time>`, and moves the backup into place. Stop the
//!   server before restoring.
//! - **PostgreSQL**: the database's own tools. `backup` runs `pg_dump --format=custom` after
//!   checking that the local `pg_dump` is at least as new as the server (an older `pg_dump` refuses
//!   a newer server); the password travels in `PGPASSWORD`, not on the command line. Restoring is
//!   `pg_restore --clean --if-exists --dbname=…` into a stopped deployment; `restore` prints the
//!   command rather than running it.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, bail};

use binhdang_store::{Backend, Store};

/// Writes a consistent copy of the database at `url` to `output` (refusing to overwrite).
pub async fn backup(url: &str, output: &Path) -> anyhow::Result<()> {
    if output.exists() {
        bail!("{} đã có; hãy chọn tên tệp khác (không ghi đè bản sao lưu cũ)", output.display());
    }
    let store = Store::connect(url).await.context("không kết nối được cơ sở dữ liệu")?;
    match store.backend() {
        Backend::Sqlite => {
            let partial = with_suffix(output, ".partial");
            let _ = std::fs::remove_file(&partial);
            store.backup_sqlite(&partial).await.context("không sao lưu được (VACUUM INTO)")?;
            store.close().await;
            let problems = check_sqlite_file(&partial).await?;
            if !problems.is_empty() {
                remove_with_journal(&partial);
                bail!("bản sao lưu không qua được kiểm tra toàn vẹn: {}", problems.join("; "));
            }
            std::fs::rename(&partial, output).with_context(|| format!("không ghi được {}", output.display()))?;
            let size = std::fs::metadata(output).map_or(0, |m| m.len());
            println!("Đã sao lưu vào {} ({} MB), đã kiểm tra toàn vẹn.", output.display(), size / (1024 * 1024));
            Ok(())
        }
        Backend::Postgres => {
            let server = store.postgres_version().await?.unwrap_or(0);
            store.close().await;
            pg_dump(url, output, server)
        }
    }
}

/// Replaces the `SQLite` database at `url` with the backup `input`, after checking a copy of it;
/// `now` names the replaced database that is kept.
pub async fn restore(url: &str, input: &Path, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<()> {
    if Backend::from_url(url)? == Backend::Postgres {
        bail!(
            "khôi phục PostgreSQL bằng công cụ của PostgreSQL, khi các máy chủ binhdang đã dừng:\n  \
             pg_restore --clean --if-exists --no-owner --dbname=<database_url> {}",
            input.display()
        );
    }
    if !input.is_file() {
        bail!("không có tệp sao lưu {}", input.display());
    }
    let target = sqlite_path(url)?;
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    // The check runs on a copy, so that the backup file itself is never touched.
    let staging = with_suffix(&target, ".restoring");
    std::fs::copy(input, &staging).with_context(|| format!("không chép được {}", input.display()))?;
    let problems = check_sqlite_file(&staging).await?;
    if !problems.is_empty() {
        remove_with_journal(&staging);
        bail!("{} không qua được kiểm tra toàn vẹn: {}", input.display(), problems.join("; "));
    }
    if target.exists() {
        let stamp = now.format("%Y%m%d-%H%M%S");
        let kept = with_suffix(&target, &format!(".before-restore-{stamp}"));
        std::fs::rename(&target, &kept).with_context(|| format!("không đổi tên được {}", target.display()))?;
        println!("Cơ sở dữ liệu cũ được giữ tại {}.", kept.display());
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(&target, suffix));
    }
    std::fs::rename(&staging, &target).with_context(|| format!("không ghi được {}", target.display()))?;
    println!("Đã khôi phục {} từ {}.", target.display(), input.display());
    Ok(())
}

/// Removes a `SQLite` file and its journal files.
fn remove_with_journal(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

/// Opens a `SQLite` file (a copy: opening sets its journal mode) and returns what its integrity
/// check and schema say is wrong. Closing folds its journal back into the file.
async fn check_sqlite_file(path: &Path) -> anyhow::Result<Vec<String>> {
    let store = Store::connect(&format!("sqlite://{}", path.display()))
        .await
        .with_context(|| format!("{} không phải cơ sở dữ liệu SQLite", path.display()))?;
    let mut problems = store.integrity_problems().await.unwrap_or_else(|e| vec![e.to_string()]);
    match store.applied_migrations().await {
        Ok(n) if n > 0 => {}
        _ => problems.push("không phải cơ sở dữ liệu của binhdang (thiếu schema_migrations)".into()),
    }
    store.close().await;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
    Ok(problems)
}

/// The file of a `sqlite://` URL.
fn sqlite_path(url: &str) -> anyhow::Result<PathBuf> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = rest.split('?').next().unwrap_or("");
    if path.is_empty() || path == ":memory:" {
        bail!("database_url {url} không trỏ tới tệp");
    }
    Ok(PathBuf::from(path))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Runs `pg_dump` after checking its version against the server's.
fn pg_dump(url: &str, output: &Path, server_version_num: i64) -> anyhow::Result<()> {
    let server_major = server_version_num / 10_000;
    let out = Command::new("pg_dump").arg("--version").output();
    let Ok(out) = out else {
        bail!(
            "cần pg_dump (gói postgresql-client) phiên bản {server_major} trở lên để sao lưu PostgreSQL:\n  \
             pg_dump --format=custom --file={} <database_url>",
            output.display()
        );
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let local_major: i64 =
        text.split_whitespace().find_map(|w| w.split('.').next().and_then(|m| m.parse().ok())).unwrap_or(0);
    if local_major < server_major {
        bail!(
            "pg_dump trên máy này là bản {local_major}, máy chủ PostgreSQL là bản {server_major}: cần pg_dump {server_major} trở lên"
        );
    }
    let (url_without_password, password) = split_password(url);
    let mut cmd = Command::new("pg_dump");
    cmd.arg("--format=custom")
        .arg(format!("--file={}", output.display()))
        .arg(format!("--dbname={url_without_password}"));
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    let status = cmd.status().context("không chạy được pg_dump")?;
    if !status.success() {
        let _ = std::fs::remove_file(output);
        bail!("pg_dump không thành công ({status})");
    }
    println!("Đã sao lưu PostgreSQL (máy chủ bản {server_major}) vào {} bằng pg_dump.", output.display());
    Ok(())
}

/// A URL without its password, and the password.
fn split_password(url: &str) -> (String, Option<String>) {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.split_once(':') {
                Some((user, password)) => (format!("{}{user}{}", &url[..s + 3], &url[at..]), Some(password.to_owned())),
                None => (url.to_owned(), None),
            }
        }
        _ => (url.to_owned(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_leaves_the_url() {
        assert_eq!(
            split_password("postgres://bd:s3cret@db:5432/bd"),
            ("postgres://bd@db:5432/bd".to_owned(), Some("s3cret".to_owned()))
        );
        assert_eq!(split_password("postgres://bd@db/bd"), ("postgres://bd@db/bd".to_owned(), None));
        assert_eq!(sqlite_path("sqlite://data/binhdang.db?mode=rwc").unwrap(), PathBuf::from("data/binhdang.db"));
    }
}
