//! Moving an installation from SQLite to PostgreSQL (`partnerhub copy-database`): every table,
//! in an order that satisfies its references, a batch of rows at a time, in one target
//! transaction that commits only when every table's row count matches. Values are read as the
//! target column's type (SQLite keeps instants as text, flags as integers). Sessions are not
//! copied: people sign in again.

use super::db::{query, query_as, query_scalar, Db, Value};
use super::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use sqlx::{Row, ValueRef};

/// Every table of the schema, each after the tables it refers to (not `job_runs`: scheduled
/// work that already ran).
pub const TABLES: [&str; 29] = [
    "company_directory",
    "agreement_texts",
    "enrollments",
    "verification_codes",
    "companies",
    "users",
    "user_roles",
    "primary_contacts",
    "agreement_acceptances",
    "company_events",
    "reviewers",
    "invitations",
    "password_resets",
    "appeals",
    "sign_in_failures",
    "known_devices",
    "audit_log",
    "partner_ids",
    "locations",
    "cert_profiles",
    "cert_certifications",
    "university_accounts",
    "university_assessments",
    "links",
    "user_profiles",
    "university_links",
    "credential_failures",
    "mail_log",
    "expiry_reminders",
];

/// Rows inserted per statement (PostgreSQL takes at most 65,535 arguments).
const ROWS_PER_INSERT: usize = 200;

/// One copied table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub table: &'static str,
    pub rows: i64,
}

/// How a column's values are read from SQLite and bound for PostgreSQL.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Int,
    Bool,
    Text,
    Time,
    Bytes,
}

impl Kind {
    fn of_pg(data_type: &str) -> Option<Self> {
        Some(match data_type {
            "bigint" | "integer" | "smallint" => Self::Int,
            "boolean" => Self::Bool,
            "text" | "character varying" => Self::Text,
            "timestamp with time zone" => Self::Time,
            "bytea" => Self::Bytes,
            _ => return None,
        })
    }
}

fn refused(message: String) -> StoreError {
    StoreError::Corrupt(message)
}

impl Store {
    /// Rows in every table of the schema (a target must have none).
    pub async fn row_counts(&self) -> StoreResult<Vec<Copied>> {
        let mut counts = Vec::new();
        for table in TABLES {
            let rows: i64 = query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&self.pool).await?;
            counts.push(Copied { table, rows });
        }
        Ok(counts)
    }

    /// Copies this (SQLite) installation into `target` (PostgreSQL, migrated and empty).
    pub async fn copy_into(&self, target: &Store) -> StoreResult<Vec<Copied>> {
        let (Db::Sqlite(source), Db::Postgres(_)) = (&self.pool, &target.pool) else {
            return Err(refused("copy-database copies a SQLite database into a PostgreSQL one".into()));
        };
        if let Some(full) = target.row_counts().await?.into_iter().find(|c| c.rows > 0) {
            return Err(refused(format!("the target database is not empty: {} has {} rows", full.table, full.rows)));
        }
        let mut tx = target.pool.begin_write().await?;
        let mut copied = Vec::new();
        for table in TABLES {
            let columns: Vec<(String, String)> = query_as(
                "SELECT column_name, data_type FROM information_schema.columns
                 WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            )
            .bind(table)
            .fetch_all(&mut tx)
            .await?;
            let kinds = columns
                .iter()
                .map(|(name, ty)| Kind::of_pg(ty).ok_or_else(|| refused(format!("{table}.{name}: no copy for type {ty}"))))
                .collect::<StoreResult<Vec<_>>>()?;
            let names: Vec<&str> = columns.iter().map(|(n, _)| n.as_str()).collect();
            // The two engines' migrations must agree: a column only one side has would be lost.
            let mut theirs: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info($1)").bind(table).fetch_all(source).await?;
            let mut ours: Vec<String> = names.iter().map(|n| n.to_string()).collect();
            theirs.sort();
            ours.sort();
            if theirs != ours {
                return Err(refused(format!("{table}: the SQLite columns {theirs:?} differ from the PostgreSQL columns {ours:?}")));
            }
            // Read and written a batch at a time: memory stays flat however large a table is.
            let select = format!("SELECT {} FROM {table} ORDER BY rowid", names.join(", "));
            let mut batches = sqlx::query(&select).fetch(source).chunks(ROWS_PER_INSERT);
            let mut read_rows = 0i64;
            while let Some(chunk) = batches.next().await {
                let chunk = chunk.into_iter().collect::<Result<Vec<_>, sqlx::Error>>()?;
                read_rows += chunk.len() as i64;
                let mut values = Vec::with_capacity(chunk.len() * names.len());
                let mut tuples = Vec::with_capacity(chunk.len());
                for row in &chunk {
                    let start = values.len();
                    for (i, kind) in kinds.iter().enumerate() {
                        values.push(read(row, i, *kind).map_err(|e| refused(format!("{table}.{}: {e}", names[i])))?);
                    }
                    let marks: Vec<String> = (start..values.len()).map(|n| format!("${}", n + 1)).collect();
                    tuples.push(format!("({})", marks.join(", ")));
                }
                let sql = format!("INSERT INTO {table} ({}) VALUES {}", names.join(", "), tuples.join(", "));
                let mut insert = query(&sql);
                for value in values {
                    insert = insert.bind(value);
                }
                insert.execute(&mut tx).await?;
            }
            if names.contains(&"id") && table != "enrollments" {
                query(&format!("SELECT setval(pg_get_serial_sequence('{table}', 'id'), GREATEST(COALESCE(MAX(id), 0), 1), MAX(id) IS NOT NULL) FROM {table}"))
                    .execute(&mut tx)
                    .await?;
            }
            let arrived: i64 = query_scalar(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(&mut tx).await?;
            if arrived != read_rows {
                return Err(refused(format!("{table}: {read_rows} rows read, {arrived} arrived")));
            }
            copied.push(Copied { table, rows: arrived });
        }
        tx.commit().await?;
        Ok(copied)
    }
}

impl Store {
    /// Appeals whose document an older version kept on disk: id and stored name.
    pub async fn appeals_with_document_on_disk(&self) -> StoreResult<Vec<(i64, String)>> {
        Ok(query_as("SELECT id, document_file FROM appeals WHERE document IS NULL ORDER BY id").fetch_all(&self.pool).await?)
    }

    /// Moves such a document into the database.
    pub async fn keep_appeal_document(&self, appeal_id: i64, bytes: Vec<u8>) -> StoreResult<()> {
        query("UPDATE appeals SET document = $1 WHERE id = $2 AND document IS NULL").bind(bytes).bind(appeal_id).execute(&self.pool).await?;
        Ok(())
    }
}

/// Reads column `i` of a SQLite row as `kind`.
fn read(row: &sqlx::sqlite::SqliteRow, i: usize, kind: Kind) -> Result<Value, sqlx::Error> {
    if row.try_get_raw(i)?.is_null() {
        return Ok(match kind {
            Kind::Int => Value::Int(None),
            Kind::Bool => Value::Bool(None),
            Kind::Text => Value::Text(None),
            Kind::Time => Value::Time(None),
            Kind::Bytes => Value::Bytes(None),
        });
    }
    Ok(match kind {
        Kind::Int => Value::Int(Some(row.try_get(i)?)),
        Kind::Bool => Value::Bool(Some(row.try_get::<i64, _>(i)? != 0)),
        Kind::Text => Value::Text(Some(row.try_get(i)?)),
        Kind::Time => Value::Time(Some(row.try_get::<DateTime<Utc>, _>(i)?)),
        Kind::Bytes => Value::Bytes(Some(row.try_get(i)?)),
    })
}
