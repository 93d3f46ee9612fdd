//! The store: every SQL statement of Partnerhub, on SQLite (the embedded default: WAL, foreign
//! keys on) or PostgreSQL, created and migrated on connect (`migrations/sqlite`,
//! `migrations/postgres`). Business rules that read stored state are decided by the domain
//! crate inside the write transaction, and write transactions are serialized (see `db`), so
//! two requests cannot both pass a check, on one process or many.

mod audit;
mod certifications;
mod company;
mod copy;
pub mod db;
mod directory;
mod enrollment;
mod housekeeping;
mod links;
mod mail_log;
mod profile;
mod reminders;
mod review;
mod reviewers;
mod sessions;
mod sign_in;
mod skills;
pub mod sqlite_rows;
mod users;

pub use audit::{Actor, AuditEntry, AuditScope};
pub use certifications::{Assessment, CertProfile, Certification, ProviderSeed};
pub use company::{CompanyEvent, CompanyStatus, CompanyView};
pub use directory::DirectoryCompany;
pub use enrollment::{ContactRecipient, Enrollment, NewCompany};
pub use housekeeping::{Purged, ABANDONED_ENROLLMENT_DAYS};
pub use links::{LinkRecord, Linked};
pub use profile::{AgreementRecord, LocationRecord, NewLocation};
pub use reminders::ExpiringCertification;
pub use review::{Appeal, Decided, QueueItem, StoredDocument};
pub use reviewers::ReviewerRecord;
pub use sessions::Sessions;
pub use sign_in::Attempt;
pub use skills::{SkillRow, SkillsFilter};
pub use users::{CompanyUser, LinkRecipient, UserRecord};

use db::{query_scalar, Db, Engine, Exec, Tx};
use partnerhub_domain::{FieldProblem, Problem};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::str::FromStr;
use std::time::Duration;

/// Why a store call did not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// A rule refused the request; the problems are for the user.
    #[error("refused: {0:?}")]
    Refused(Vec<FieldProblem>),
    /// The database failed; log it, never show it.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    /// The thing asked for belongs to another company (or no longer exists).
    #[error("not the caller's")]
    NotYours,
    /// A stored value could not be read back.
    #[error("corrupt stored value: {0}")]
    Corrupt(String),
}

impl StoreError {
    pub fn field(field: &str, problem: Problem) -> Self {
        Self::Refused(vec![FieldProblem::field(field, problem)])
    }

    pub fn form(problem: Problem) -> Self {
        Self::Refused(vec![FieldProblem::form(problem)])
    }
}

/// A saturated password hasher is a refusal the user can act on: try again shortly.
impl From<crate::credentials::Busy> for StoreError {
    fn from(_: crate::credentials::Busy) -> Self {
        Self::form(Problem::Busy)
    }
}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> Self {
        Self::Corrupt(e.to_string())
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

#[derive(Clone)]
pub struct Store {
    pool: Db,
    /// Read-only connections for streamed downloads, apart from the pages' pool.
    downloads: Db,
}

/// Streamed downloads at once; one more waits this long for a connection, then is told to
/// try again.
const DOWNLOAD_CONNECTIONS: u32 = 2;
const DOWNLOAD_WAIT: Duration = Duration::from_secs(5);

/// Connections each process keeps to PostgreSQL for pages and server functions (several
/// processes share the server's `max_connections`, 100 by default).
const PG_CONNECTIONS: u32 = 16;

impl Store {
    /// Opens the database at `url` and runs its engine's migrations: a SQLite file (created if
    /// missing; WAL, foreign keys on) or, for `postgres://…`, an existing PostgreSQL database.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let migrate = |e: sqlx::migrate::MigrateError| sqlx::Error::Migrate(Box::new(e));
        match Engine::of_url(url) {
            Engine::Sqlite => {
                let options = SqliteConnectOptions::from_str(url)?
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10));
                // Processes started together on one file take turns setting it up: SQLite
                // answers "database is locked" at once, without waiting, when two connections
                // switch a new file to WAL together, and its migrations take no lock of their own.
                let turn = setup_turn(&options).await?;
                // A connection to a file in the process cannot have gone away: no round trip to
                // its thread to check it before each use.
                let pool = SqlitePoolOptions::new().max_connections(8).test_before_acquire(false).connect_with(options.clone()).await?;
                sqlx::migrate!("./migrations/sqlite").run(&pool).await.map_err(migrate)?;
                drop(turn);
                // A download's rows cross from SQLite's thread a batch at a time, not 50.
                let downloads = SqlitePoolOptions::new()
                    .max_connections(DOWNLOAD_CONNECTIONS)
                    .min_connections(0)
                    .acquire_timeout(DOWNLOAD_WAIT)
                    .connect_lazy_with(options.row_buffer_size(skills::REPORT_BATCH));
                Ok(Self { pool: Db::Sqlite(pool), downloads: Db::Sqlite(downloads) })
            }
            Engine::Postgres => {
                let options = PgConnectOptions::from_str(url)?;
                let pool = PgPoolOptions::new().max_connections(PG_CONNECTIONS).connect_with(options.clone()).await?;
                // Migrations take an advisory lock of their own: processes starting together
                // migrate once.
                sqlx::migrate!("./migrations/postgres").run(&pool).await.map_err(migrate)?;
                let downloads =
                    PgPoolOptions::new().max_connections(DOWNLOAD_CONNECTIONS).min_connections(0).acquire_timeout(DOWNLOAD_WAIT).connect_lazy_with(options);
                Ok(Self { pool: Db::Postgres(pool), downloads: Db::Postgres(downloads) })
            }
        }
    }

    /// The pool, for the session store that shares the database.
    pub fn pool(&self) -> &Db {
        &self.pool
    }

    pub fn engine(&self) -> Engine {
        self.pool.engine()
    }

    /// A write transaction, serialized with every other one.
    async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        self.pool.begin_write().await
    }
}

/// Waits for this process's turn to set up the SQLite file of `options` (none is needed for a
/// database in memory): an exclusive lock on `<file>-setup.lock` beside it, held until the
/// returned file is dropped. The operating system releases it if the process dies.
async fn setup_turn(options: &SqliteConnectOptions) -> Result<Option<std::fs::File>, sqlx::Error> {
    let file = options.get_filename();
    if file.as_os_str().is_empty() || file.to_str().is_some_and(|f| f == ":memory:" || f.starts_with("file:")) {
        return Ok(None);
    }
    let mut lock = file.as_os_str().to_owned();
    lock.push("-setup.lock");
    let taken = tokio::task::spawn_blocking(move || {
        let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(lock)?;
        lock.lock()?;
        Ok::<_, std::io::Error>(lock)
    });
    Ok(Some(taken.await.map_err(|e| sqlx::Error::Io(std::io::Error::other(e)))??))
}

/// A company's verification status, read inside a transaction (`None`: no such company).
pub(super) async fn status_of(conn: &mut impl Exec, company_id: i64) -> StoreResult<Option<partnerhub_domain::Status>> {
    let status: Option<String> = query_scalar("SELECT status FROM companies WHERE id = $1").bind(company_id).fetch_optional(&mut *conn).await?;
    status.map(|s| partnerhub_domain::Status::parse(&s).ok_or_else(|| StoreError::Corrupt(format!("company status {s}")))).transpose()
}

/// The same, for a company that must exist.
pub(super) async fn status_of_existing(conn: &mut impl Exec, company_id: i64) -> StoreResult<partnerhub_domain::Status> {
    status_of(conn, company_id).await?.ok_or_else(|| StoreError::Corrupt(format!("company {company_id} missing")))
}
