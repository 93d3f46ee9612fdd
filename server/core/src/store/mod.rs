//! The store: every SQL statement of Partnerhub. SQLite (WAL, foreign keys on) is created and
//! migrated on connect. Business rules that read stored state are decided by the domain crate
//! inside the write transaction (`BEGIN IMMEDIATE`), so two requests cannot both pass a check.

mod audit;
mod certifications;
mod company;
mod directory;
mod enrollment;
mod housekeeping;
mod links;
mod mail_log;
mod profile;
mod review;
mod reviewers;
mod sign_in;
mod skills;
mod users;

pub use audit::{Actor, AuditEntry};
pub use certifications::{Assessment, CertProfile, Certification, ProviderSeed};
pub use company::{CompanyEvent, CompanyStatus, CompanyView};
pub use directory::DirectoryCompany;
pub use enrollment::{ContactRecipient, Enrollment, NewCompany};
pub use housekeeping::{Purged, ABANDONED_ENROLLMENT_DAYS};
pub use links::{LinkRecord, Linked};
pub use profile::{AgreementRecord, LocationRecord, NewLocation};
pub use review::{Appeal, Decided, QueueItem, StoredDocument};
pub use reviewers::ReviewerRecord;
pub use sign_in::Attempt;
pub use skills::{SkillRow, SkillsFilter};
pub use users::{CompanyUser, LinkRecipient, UserRecord};

use partnerhub_domain::{FieldProblem, Problem};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
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
    pool: SqlitePool,
    /// Read-only connections for streamed downloads, apart from the pages' pool.
    downloads: SqlitePool,
}

/// Streamed downloads at once; one more waits this long for a connection, then is told to
/// try again.
const DOWNLOAD_CONNECTIONS: u32 = 2;
const DOWNLOAD_WAIT: Duration = Duration::from_secs(5);

impl Store {
    /// Opens the database at `url` (creating the file), turns on WAL and foreign keys, and runs
    /// the migrations.
    pub async fn connect(url: &str) -> Result<Self, sqlx::Error> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options.clone()).await?;
        sqlx::migrate!("./migrations").run(&pool).await.map_err(|e| sqlx::Error::Migrate(Box::new(e)))?;
        let downloads =
            SqlitePoolOptions::new().max_connections(DOWNLOAD_CONNECTIONS).min_connections(0).acquire_timeout(DOWNLOAD_WAIT).connect_lazy_with(options);
        Ok(Self { pool, downloads })
    }

    /// The pool, for the session store that shares the database.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// A write transaction that holds the write lock from its first statement.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'_, sqlx::Sqlite>, sqlx::Error> {
        self.pool.begin_with("BEGIN IMMEDIATE").await
    }
}

/// A company's verification status, read inside a transaction (`None`: no such company).
pub(super) async fn status_of(conn: &mut sqlx::SqliteConnection, company_id: i64) -> StoreResult<Option<partnerhub_domain::Status>> {
    let status: Option<String> = sqlx::query_scalar("SELECT status FROM companies WHERE id = ?").bind(company_id).fetch_optional(&mut *conn).await?;
    status.map(|s| partnerhub_domain::Status::parse(&s).ok_or_else(|| StoreError::Corrupt(format!("company status {s}")))).transpose()
}

/// The same, for a company that must exist.
pub(super) async fn status_of_existing(conn: &mut sqlx::SqliteConnection, company_id: i64) -> StoreResult<partnerhub_domain::Status> {
    status_of(conn, company_id).await?.ok_or_else(|| StoreError::Corrupt(format!("company {company_id} missing")))
}
