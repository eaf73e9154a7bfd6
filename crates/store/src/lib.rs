//! `binhdang-store`: storage on `SQLite` (the embedded default) and `PostgreSQL`.
//!
//! One [`Store`] serves both engines through sqlx's `Any` driver: every query is written once,
//! in SQL both engines accept (`$n` parameters, ISO-text dates, `RETURNING`), and the places
//! where the engines really differ are confined to [`migrate`] (DDL types) and [`Backend`].
//! The backend is chosen from the URL scheme; anything else is refused.
#![deny(missing_docs)]

pub mod activities;
pub mod audit;
pub mod bulk;
pub mod difficulties;
pub mod documents;
pub mod indicators;
pub mod kept;
pub mod migrate;
pub mod packed;
pub mod plans;
pub mod reports;
pub mod sessions;
pub mod tasks;
#[cfg(feature = "testing")]
pub mod testing;
pub mod units;
pub mod uploads;
pub mod users;
pub mod work;

use std::str::FromStr;
use std::sync::Once;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use audit::Actor;

/// Errors of the store. `NotFound` and `Conflict` carry Vietnamese messages for the user;
/// `Database` is an engine failure, logged with its cause and shown as an internal error.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The row asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// A uniqueness rule or a concurrent edit refused the write.
    #[error("{0}")]
    Conflict(String),
    /// The database URL names no supported engine.
    #[error(
        "địa chỉ cơ sở dữ liệu \"{0}\" không được hỗ trợ: dùng sqlite://đường/dẫn.db hoặc postgres://người-dùng@máy/csdl"
    )]
    UnsupportedUrl(String),
    /// The engine failed.
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Database(#[from] sqlx::Error),
    /// Stored data could not be read back (a corrupt or hand-edited row).
    #[error("dữ liệu lưu trữ không hợp lệ: {0}")]
    Corrupt(String),
}

/// Result of the store.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The database engine behind a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `SQLite`, a file in the data directory.
    Sqlite,
    /// `PostgreSQL`.
    Postgres,
}

impl Backend {
    /// The engine a URL names; any other scheme is refused.
    pub fn from_url(url: &str) -> Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::UnsupportedUrl(url.to_owned()))
        }
    }
}

/// The database. Cheap to clone: clones share one connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// The URL connected to, for the connections a bulk load opens of its own.
    url: std::sync::Arc<str>,
    /// Statements run on the pool (outside transactions), for the tests that check a page costs
    /// a fixed number of queries.
    queries: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Changes of reports committed through this store (this process): the analytics engine
    /// asks the database for the change log only when this moved, or when its last look is
    /// older than its polling interval (the other servers' writes).
    changes: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Changes of the registry (units, lineage) committed through this store: what is derived
    /// from the registry and kept for a moment (a user's scope) is read again when it moved.
    registry: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// Sessions recently found (see [`sessions::SESSION_CACHE_TTL`]).
    sessions: std::sync::Arc<sessions::SessionCache>,
}

static DRIVERS: Once = Once::new();

impl Store {
    /// Connects to the database at `url` (creating a `SQLite` file and its folder if missing).
    /// Does not migrate; call [`Store::migrate`].
    pub async fn connect(url: &str) -> Result<Self> {
        let backend = Backend::from_url(url)?;
        DRIVERS.call_once(sqlx::any::install_default_drivers);
        let url = match backend {
            Backend::Sqlite => sqlite_url(url)?,
            Backend::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?;
        let pool = match backend {
            Backend::Sqlite => {
                AnyPoolOptions::new()
                    .max_connections(8)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; \
                                 PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect_with(options)
                    .await?
            }
            Backend::Postgres => {
                AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    .connect_with(options)
                    .await?
            }
        };
        Ok(Self {
            pool,
            backend,
            url: url.into(),
            queries: std::sync::Arc::default(),
            changes: std::sync::Arc::default(),
            registry: std::sync::Arc::default(),
            sessions: std::sync::Arc::new(sessions::session_cache()),
        })
    }

    /// The engine.
    #[must_use]
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The connection pool, for the queries of this crate; each call is one statement, counted.
    pub(crate) fn pool(&self) -> &AnyPool {
        self.queries.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        &self.pool
    }

    /// How many changes of reports this process has committed since connecting (it moves after
    /// the commit, so a reader that sees it move finds the change in the database).
    #[must_use]
    pub fn local_changes(&self) -> u64 {
        self.changes.load(std::sync::atomic::Ordering::Acquire)
    }

    /// How many changes of the registry this process has committed since connecting.
    #[must_use]
    pub fn registry_changes(&self) -> u64 {
        self.registry.load(std::sync::atomic::Ordering::Acquire)
    }

    pub(crate) fn registry_changed(&self) {
        self.registry.fetch_add(1, std::sync::atomic::Ordering::Release);
    }

    pub(crate) fn changed(&self) {
        self.changes.fetch_add(1, std::sync::atomic::Ordering::Release);
    }

    /// How many statements have run on the pool (outside transactions) since connecting.
    #[must_use]
    pub fn queries_run(&self) -> u64 {
        self.queries.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Starts a write transaction. On `SQLite` it begins as a writer (`BEGIN IMMEDIATE`): a
    /// transaction that reads and then writes would otherwise fail with "database is locked" when
    /// another writer got in between; as a writer from the start it waits in the busy timeout
    /// instead. `PostgreSQL` takes row locks as it goes.
    pub(crate) async fn write_tx(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Answers when the database does.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// Writes a consistent copy of a `SQLite` database to `dest` (`VACUUM INTO`), safe while the
    /// database is in use. `PostgreSQL` is backed up with its own tools (`pg_dump`).
    pub async fn backup_sqlite(&self, dest: &std::path::Path) -> Result<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::UnsupportedUrl("sao lưu PostgreSQL: dùng pg_dump".into()));
        }
        sqlx::query("VACUUM INTO $1").bind(dest.display().to_string()).execute(&self.pool).await?;
        Ok(())
    }

    /// `SQLite`'s own integrity check of the database file: empty when sound, else what is wrong.
    /// On `PostgreSQL` the server keeps its pages checked itself; the answer is empty.
    pub async fn integrity_problems(&self) -> Result<Vec<String>> {
        if self.backend != Backend::Sqlite {
            return Ok(Vec::new());
        }
        let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check").fetch_all(&self.pool).await?;
        Ok(lines.into_iter().filter(|l| l != "ok").collect())
    }

    /// The `PostgreSQL` server's version number (`server_version_num`, e.g. 150018), for checking
    /// that the local `pg_dump` can read it; `None` on `SQLite`.
    pub async fn postgres_version(&self) -> Result<Option<i64>> {
        if self.backend != Backend::Postgres {
            return Ok(None);
        }
        let v: String =
            sqlx::query_scalar("SELECT current_setting('server_version_num')").fetch_one(&self.pool).await?;
        Ok(v.trim().parse().ok())
    }

    /// How many migrations the database has applied (a restored copy must be one of ours).
    pub async fn applied_migrations(&self) -> Result<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM schema_migrations").fetch_one(&self.pool).await?)
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Normalises a `SQLite` URL: creates the file's folder and asks for the file to be created.
fn sqlite_url(url: &str) -> Result<String> {
    let rest = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    if path != ":memory:"
        && !path.is_empty()
        && let Some(dir) = std::path::Path::new(path).parent().filter(|d| !d.as_os_str().is_empty())
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError::Corrupt(format!("không tạo được thư mục {}: {e}", dir.display())))?;
    }
    let query = if query.contains("mode=") {
        query.to_owned()
    } else if query.is_empty() {
        "mode=rwc".into()
    } else {
        format!("{query}&mode=rwc")
    };
    Ok(format!("sqlite://{path}?{query}"))
}

/// Renders `n` placeholders `$start, $start+1, …` for an `IN (…)` list or a VALUES row.
pub(crate) fn placeholders(start: usize, n: usize) -> String {
    (start..start + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Maps a unique-constraint violation to a conflict with `message`.
pub(crate) fn conflict_on_unique(e: sqlx::Error, message: impl FnOnce() -> String) -> StoreError {
    match &e {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(message()),
        _ => StoreError::Database(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_schemes_are_refused_by_name() {
        assert_eq!(Backend::from_url("sqlite://data/x.db").unwrap(), Backend::Sqlite);
        assert_eq!(Backend::from_url("postgres://u@h/db").unwrap(), Backend::Postgres);
        let err = Backend::from_url("mysql://u@h/db").unwrap_err().to_string();
        assert!(err.contains("mysql://u@h/db") && err.contains("không được hỗ trợ"), "{err}");
    }

    #[test]
    fn sqlite_urls_ask_for_creation() {
        let dir = std::env::temp_dir();
        let url = sqlite_url(&format!("sqlite://{}/x.db", dir.display())).unwrap();
        assert!(url.ends_with("x.db?mode=rwc"), "{url}");
        assert_eq!(placeholders(3, 2), "$3, $4");
    }
}
