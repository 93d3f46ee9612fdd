//! The two database engines behind one small query interface, so that each statement of the
//! store is written once. SQLite (the embedded default) and PostgreSQL (several processes, one
//! database) take the same SQL wherever they agree: `$1`-style placeholders, `RETURNING`,
//! `ON CONFLICT … DO NOTHING / DO UPDATE SET … = excluded.…`, `TRUE`/`FALSE`. Where they
//! must differ, the store writes both beside each other with [`Db::engine`] or [`Tx::engine`].
//!
//! Arguments are collected as [`Value`]s and bound to the engine's own query when it runs;
//! rows decode through `sqlx::FromRow`, which both engines implement for the same structs.
//! Instants are `TEXT` (RFC 3339) in SQLite and `TIMESTAMPTZ` in PostgreSQL; the same
//! `DateTime<Utc>` binds and reads on both.
//!
//! Write transactions are serialized, so every rule that reads stored state and writes its
//! result cannot race. SQLite's `BEGIN IMMEDIATE` takes the database's one write lock. On
//! PostgreSQL, at its default isolation (read committed), a write transaction's first
//! statement takes transaction-scoped advisory locks, held until commit or rollback, across
//! every process sharing the database:
//! - [`Db::begin_write`] takes [`WRITE_LOCK`] exclusively: it runs alone, as on SQLite;
//! - [`Db::begin_write_on`] takes [`WRITE_LOCK`] shared and the lock of one *owner* (say, a
//!   certification profile) exclusively: transactions on different owners run side by side,
//!   two on the same owner one after the other, and none beside an exclusive one. It is for
//!   hot paths whose rules read and write only what that owner owns (the link rule: one
//!   profile's links).
//!
//! A lock taken before the transaction's first read means every read sees what the previous
//! holder committed. Reads never wait. Unique indexes stay as backstops on both engines.

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgPool, PgRow};
use sqlx::sqlite::{SqlitePool, SqliteRow};
use sqlx::{Decode, FromRow, Postgres, Sqlite, Transaction, Type};

/// The key of the advisory lock that PostgreSQL write transactions take (any fixed number no
/// other application on the database uses; "PHUB").
pub const WRITE_LOCK: i64 = 0x5048_5542;
/// The first key of the owners' advisory locks (two-key locks, apart from [`WRITE_LOCK`]'s).
pub const OWNER_LOCKS: i32 = 0x5048_5542;

/// Which engine a pool, transaction or connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    /// The engine a `DATABASE_URL` names (`postgres://` or `postgresql://`; anything else is
    /// SQLite).
    pub fn of_url(url: &str) -> Self {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Self::Postgres
        } else {
            Self::Sqlite
        }
    }
}

/// A pool of connections to one engine.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A transaction on one engine.
pub enum Tx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

/// A connection taken from a pool (for streamed downloads).
pub enum Conn {
    Sqlite(PoolConnection<Sqlite>),
    Postgres(PoolConnection<Postgres>),
}

impl Db {
    pub fn engine(&self) -> Engine {
        match self {
            Self::Sqlite(_) => Engine::Sqlite,
            Self::Postgres(_) => Engine::Postgres,
        }
    }

    /// A transaction for reads that must agree with each other.
    pub async fn begin(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(p) => Tx::Sqlite(p.begin().await?),
            Self::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// A write transaction that runs alone (see the module header).
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Self::Postgres(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
                Tx::Postgres(tx)
            }
        })
    }

    /// A write transaction serialized with those on the same `owner` and with those that run
    /// alone (see the module header). On SQLite it runs alone.
    pub async fn begin_write_on(&self, owner: &str) -> Result<Tx, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(p) => Tx::Sqlite(p.begin_with("BEGIN IMMEDIATE").await?),
            Self::Postgres(p) => {
                let mut tx = p.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock_shared($1), pg_advisory_xact_lock($2, hashtext($3))")
                    .bind(WRITE_LOCK)
                    .bind(OWNER_LOCKS)
                    .bind(owner)
                    .execute(&mut *tx)
                    .await?;
                Tx::Postgres(tx)
            }
        })
    }

    pub async fn acquire(&self) -> Result<Conn, sqlx::Error> {
        Ok(match self {
            Self::Sqlite(p) => Conn::Sqlite(p.acquire().await?),
            Self::Postgres(p) => Conn::Postgres(p.acquire().await?),
        })
    }

    pub async fn close(&self) {
        match self {
            Self::Sqlite(p) => p.close().await,
            Self::Postgres(p) => p.close().await,
        }
    }
}

impl Tx {
    pub fn engine(&self) -> Engine {
        match self {
            Self::Sqlite(_) => Engine::Sqlite,
            Self::Postgres(_) => Engine::Postgres,
        }
    }

    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Sqlite(t) => t.commit().await,
            Self::Postgres(t) => t.commit().await,
        }
    }
}

/// One argument of a statement.
#[derive(Debug, Clone)]
pub enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    Time(Option<DateTime<Utc>>),
    Bool(Option<bool>),
    Bytes(Option<Vec<u8>>),
}

macro_rules! value_from {
    ($variant:ident: $($t:ty => $conv:expr),* $(,)?) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                #[allow(clippy::redundant_closure_call)]
                Value::$variant(($conv)(v))
            }
        }
    )*};
}

value_from!(Int: i64 => Some, Option<i64> => |v| v, i32 => |v: i32| Some(i64::from(v)), u32 => |v: u32| Some(i64::from(v)), usize => |v: usize| Some(v as i64));
value_from!(Text: String => Some, &str => |v: &str| Some(v.to_owned()), &String => |v: &String| Some(v.clone()),
    Option<String> => |v| v, Option<&str> => |v: Option<&str>| v.map(str::to_owned), &Option<String> => |v: &Option<String>| v.clone());
value_from!(Time: DateTime<Utc> => Some, Option<DateTime<Utc>> => |v| v, &DateTime<Utc> => |v: &DateTime<Utc>| Some(*v));
value_from!(Bool: bool => Some);
value_from!(Bytes: Vec<u8> => Some, Option<Vec<u8>> => |v| v, &[u8] => |v: &[u8]| Some(v.to_vec()));

/// Binds collected arguments to an engine's query (`query`, `query_as` and `query_scalar` all
/// have the same `bind`).
macro_rules! bind_all {
    ($query:expr, $args:expr) => {{
        let mut q = $query;
        for arg in $args {
            q = match arg {
                Value::Int(v) => q.bind(v),
                Value::Text(v) => q.bind(v),
                Value::Time(v) => q.bind(v),
                Value::Bool(v) => q.bind(v),
                Value::Bytes(v) => q.bind(v),
            };
        }
        q
    }};
}

/// Where a statement runs: a pool (one statement, any connection) or a transaction.
pub enum On<'a> {
    Db(&'a Db),
    Tx(&'a mut Tx),
    Conn(&'a mut Conn),
}

impl<'a> From<&'a Db> for On<'a> {
    fn from(db: &'a Db) -> Self {
        On::Db(db)
    }
}

/// A transaction or a connection: what a helper that runs several statements in a row takes.
pub trait Exec: Send {
    fn on(&mut self) -> On<'_>;
}

impl Exec for Tx {
    fn on(&mut self) -> On<'_> {
        On::Tx(self)
    }
}

impl Exec for Conn {
    fn on(&mut self) -> On<'_> {
        On::Conn(self)
    }
}

impl<E: Exec> Exec for &mut E {
    fn on(&mut self) -> On<'_> {
        (**self).on()
    }
}

impl<'a, E: Exec> From<&'a mut E> for On<'a> {
    fn from(e: &'a mut E) -> Self {
        e.on()
    }
}

/// Runs `$method` of an engine's statement on whichever target `$on` is.
macro_rules! run {
    ($on:expr, |$engine:ident| $make:expr, $method:ident) => {
        run!($on, |$engine| $make, $method, |r| r)
    };
    ($on:expr, |$engine:ident| $make:expr, $method:ident, |$r:ident| $then:expr) => {
        match $on {
            On::Db(Db::Sqlite(p)) => {
                type $engine = Sqlite;
                $make.$method(p).await.map(|$r| $then)
            }
            On::Db(Db::Postgres(p)) => {
                type $engine = Postgres;
                $make.$method(p).await.map(|$r| $then)
            }
            On::Tx(Tx::Sqlite(t)) => {
                type $engine = Sqlite;
                $make.$method(&mut **t).await.map(|$r| $then)
            }
            On::Tx(Tx::Postgres(t)) => {
                type $engine = Postgres;
                $make.$method(&mut **t).await.map(|$r| $then)
            }
            On::Conn(Conn::Sqlite(c)) => {
                type $engine = Sqlite;
                $make.$method(&mut **c).await.map(|$r| $then)
            }
            On::Conn(Conn::Postgres(c)) => {
                type $engine = Postgres;
                $make.$method(&mut **c).await.map(|$r| $then)
            }
        }
    };
}

/// What a statement that returns no rows did.
#[derive(Debug, Clone, Copy)]
pub struct Done {
    rows: u64,
}

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.rows
    }
}

/// A row type both engines can decode.
pub trait Row: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}
impl<T> Row for T where T: for<'r> FromRow<'r, SqliteRow> + for<'r> FromRow<'r, PgRow> + Send + Unpin {}

/// A single value both engines can decode.
pub trait Scalar: Type<Sqlite> + for<'r> Decode<'r, Sqlite> + Type<Postgres> + for<'r> Decode<'r, Postgres> + Send + Unpin {}
impl<T> Scalar for T where T: Type<Sqlite> + for<'r> Decode<'r, Sqlite> + Type<Postgres> + for<'r> Decode<'r, Postgres> + Send + Unpin {}

/// A statement and its arguments.
#[must_use]
pub struct Query<'q> {
    sql: &'q str,
    args: Vec<Value>,
}

/// A statement whose rows decode as `T`.
#[must_use]
pub struct QueryAs<'q, T> {
    query: Query<'q>,
    _row: std::marker::PhantomData<fn() -> T>,
}

/// A statement whose rows are one value each.
#[must_use]
pub struct QueryScalar<'q, T> {
    query: Query<'q>,
    _value: std::marker::PhantomData<fn() -> T>,
}

pub fn query(sql: &str) -> Query<'_> {
    Query { sql, args: Vec::new() }
}

pub fn query_as<T: Row>(sql: &str) -> QueryAs<'_, T> {
    QueryAs { query: query(sql), _row: std::marker::PhantomData }
}

pub fn query_scalar<T: Scalar>(sql: &str) -> QueryScalar<'_, T> {
    QueryScalar { query: query(sql), _value: std::marker::PhantomData }
}

impl<'q> Query<'q> {
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }

    pub async fn execute<'a>(self, on: impl Into<On<'a>>) -> Result<Done, sqlx::Error> {
        let Query { sql, args } = self;
        run!(on.into(), |E| bind_all!(sqlx::query::<E>(sql), args), execute, |r| Done { rows: r.rows_affected() })
    }
}

impl<'q, T: Row> QueryAs<'q, T> {
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.query = self.query.bind(value);
        self
    }

    pub async fn fetch_one<'a>(self, on: impl Into<On<'a>>) -> Result<T, sqlx::Error> {
        let Query { sql, args } = self.query;
        run!(on.into(), |E| bind_all!(sqlx::query_as::<E, T>(sql), args), fetch_one)
    }

    pub async fn fetch_optional<'a>(self, on: impl Into<On<'a>>) -> Result<Option<T>, sqlx::Error> {
        let Query { sql, args } = self.query;
        run!(on.into(), |E| bind_all!(sqlx::query_as::<E, T>(sql), args), fetch_optional)
    }

    pub async fn fetch_all<'a>(self, on: impl Into<On<'a>>) -> Result<Vec<T>, sqlx::Error> {
        let Query { sql, args } = self.query;
        run!(on.into(), |E| bind_all!(sqlx::query_as::<E, T>(sql), args), fetch_all)
    }

    /// Streams the rows on `conn` in batches of at most `batch` (as many as are ready) into
    /// `out`, until the rows end, one fails (sent, then the end) or `out` is closed.
    pub async fn send_batches(self, conn: &mut Conn, batch: usize, out: tokio::sync::mpsc::Sender<Result<Vec<T>, sqlx::Error>>) {
        let Query { sql, args } = self.query;
        macro_rules! pump {
            ($rows:expr) => {{
                let mut batches = $rows.ready_chunks(batch);
                while let Some(rows) = batches.next().await {
                    let rows: Result<Vec<T>, sqlx::Error> = rows.into_iter().collect();
                    let failed = rows.is_err();
                    if out.send(rows).await.is_err() || failed {
                        break;
                    }
                }
            }};
        }
        match conn {
            Conn::Sqlite(c) => pump!(bind_all!(sqlx::query_as::<Sqlite, T>(sql), args).fetch(&mut **c)),
            Conn::Postgres(c) => pump!(bind_all!(sqlx::query_as::<Postgres, T>(sql), args).fetch(&mut **c)),
        }
    }
}

impl<T: Row + Send + 'static> QueryAs<'static, T> {
    /// As [`QueryAs::send_batches`], but on SQLite each row is read in place and built by
    /// `from_columns` from the statement's columns in their order ([`super::sqlite_rows`]), for
    /// downloads of hundreds of thousands of rows. It takes the connection for the while.
    pub async fn send_batches_read_in_place(
        self,
        conn: Conn,
        batch: usize,
        out: tokio::sync::mpsc::Sender<Result<Vec<T>, sqlx::Error>>,
        from_columns: fn(&super::sqlite_rows::Columns) -> T,
    ) {
        match conn {
            Conn::Sqlite(c) => {
                let Query { sql, args } = self.query;
                let reading = tokio::task::spawn_blocking(move || super::sqlite_rows::send_batches(c, sql, &args, batch, from_columns, &out));
                if let Err(e) = reading.await {
                    tracing::error!(error = %e, "download rows");
                }
            }
            mut other => self.send_batches(&mut other, batch, out).await,
        }
    }
}

impl<'q, T: Scalar> QueryScalar<'q, T> {
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.query = self.query.bind(value);
        self
    }

    pub async fn fetch_one<'a>(self, on: impl Into<On<'a>>) -> Result<T, sqlx::Error> {
        let Query { sql, args } = self.query;
        run!(on.into(), |E| bind_all!(sqlx::query_scalar::<E, T>(sql), args), fetch_one)
    }

    pub async fn fetch_optional<'a>(self, on: impl Into<On<'a>>) -> Result<Option<T>, sqlx::Error> {
        let Query { sql, args } = self.query;
        run!(on.into(), |E| bind_all!(sqlx::query_scalar::<E, T>(sql), args), fetch_optional)
    }

    pub async fn fetch_all<'a>(self, on: impl Into<On<'a>>) -> Result<Vec<T>, sqlx::Error> {
        let Query { sql, args } = self.query;
        run!(on.into(), |E| bind_all!(sqlx::query_scalar::<E, T>(sql), args), fetch_all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_postgres_url_names_postgres_and_anything_else_is_sqlite() {
        assert_eq!(Engine::of_url("postgres://u@h/db"), Engine::Postgres);
        assert_eq!(Engine::of_url("postgresql://u@h:5433/db?sslmode=disable"), Engine::Postgres);
        assert_eq!(Engine::of_url("sqlite://data/partnerhub.db"), Engine::Sqlite);
        assert_eq!(Engine::of_url("sqlite::memory:"), Engine::Sqlite);
    }
}
