//! Rows of a large SQLite download read in place, for the skills report's hundreds of
//! thousands of lines.
//!
//! sqlx copies every value of every row into its own allocation on SQLite's thread, hands the
//! row over and decodes it again: for a report of 200,000 lines that was most of its time. Here
//! the statement runs on a blocking thread holding the connection's handle (sqlx's
//! `lock_handle`, meant for direct calls), each column is read where SQLite keeps it, and a
//! batch of built rows goes out at a time. Only reads: the statement is prepared, bound,
//! stepped and finalized here, nothing else touches the connection meanwhile.

use std::borrow::Cow;
use std::ffi::{c_char, c_int, CStr};
use std::ptr::NonNull;

use libsqlite3_sys as ffi;
use sqlx::pool::PoolConnection;
use sqlx::Sqlite;
use tokio::sync::mpsc::Sender;

use super::db::Value;

/// The current row's columns, read in place.
pub struct Columns {
    stmt: NonNull<ffi::sqlite3_stmt>,
}

impl Columns {
    /// Column `i` as text: NULL is empty, numbers are written as SQLite writes them, and bytes
    /// that are not UTF-8 are replaced rather than refused.
    pub fn text(&self, i: usize) -> Cow<'_, str> {
        let i = i as c_int;
        // SAFETY: the statement is alive and on a row while `Columns` is lent out; the text
        // stays valid until the next call on this column or the next step, after this borrow.
        unsafe {
            let text = ffi::sqlite3_column_text(self.stmt.as_ptr(), i);
            if text.is_null() {
                return Cow::Borrowed("");
            }
            let len = ffi::sqlite3_column_bytes(self.stmt.as_ptr(), i).max(0) as usize;
            String::from_utf8_lossy(std::slice::from_raw_parts(text, len))
        }
    }

    /// Column `i` as an integer (0 for NULL or text that is not a number).
    pub fn int(&self, i: usize) -> i64 {
        // SAFETY: as for `text`.
        unsafe { ffi::sqlite3_column_int64(self.stmt.as_ptr(), i as c_int) }
    }
}

/// A prepared statement, finalized when dropped.
struct Statement {
    stmt: NonNull<ffi::sqlite3_stmt>,
}

impl Drop for Statement {
    fn drop(&mut self) {
        // SAFETY: prepared by `prepare`, finalized once.
        unsafe { ffi::sqlite3_finalize(self.stmt.as_ptr()) };
    }
}

fn failure(db: *mut ffi::sqlite3, what: &str) -> sqlx::Error {
    // SAFETY: the handle is open; the message is copied before any other call.
    let message = unsafe { CStr::from_ptr(ffi::sqlite3_errmsg(db)) }.to_string_lossy().into_owned();
    sqlx::Error::Protocol(format!("{what}: {message}"))
}

fn prepare(db: *mut ffi::sqlite3, sql: &str, args: &[Value]) -> Result<Statement, sqlx::Error> {
    let mut stmt = std::ptr::null_mut();
    let len = c_int::try_from(sql.len()).map_err(|_| sqlx::Error::Protocol("statement too long".into()))?;
    // SAFETY: `sql` outlives the call; SQLite copies what it keeps.
    let rc = unsafe { ffi::sqlite3_prepare_v2(db, sql.as_ptr().cast::<c_char>(), len, &mut stmt, std::ptr::null_mut()) };
    let Some(stmt) = NonNull::new(stmt).filter(|_| rc == ffi::SQLITE_OK) else { return Err(failure(db, "prepare")) };
    let statement = Statement { stmt };
    // SAFETY: the statement is prepared; text and blobs are copied (SQLITE_TRANSIENT).
    unsafe {
        let count = ffi::sqlite3_bind_parameter_count(stmt.as_ptr());
        for index in 1..=count {
            let name = ffi::sqlite3_bind_parameter_name(stmt.as_ptr(), index);
            // `$N` and `?N` name the N-th argument, as sqlx reads them; `?` takes its turn.
            let position = if name.is_null() {
                index as usize
            } else {
                CStr::from_ptr(name).to_str().ok().and_then(|n| n.get(1..)).and_then(|n| n.parse().ok()).unwrap_or(index as usize)
            };
            let value = args.get(position.wrapping_sub(1)).ok_or_else(|| sqlx::Error::Protocol(format!("no argument {position}")))?;
            let rc = match value {
                Value::Int(Some(v)) => ffi::sqlite3_bind_int64(stmt.as_ptr(), index, *v),
                Value::Bool(Some(v)) => ffi::sqlite3_bind_int64(stmt.as_ptr(), index, i64::from(*v)),
                Value::Text(Some(v)) => bind_text(stmt, index, v),
                Value::Time(Some(v)) => bind_text(stmt, index, &v.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false)),
                Value::Bytes(Some(v)) => match c_int::try_from(v.len()) {
                    Ok(n) => ffi::sqlite3_bind_blob(stmt.as_ptr(), index, v.as_ptr().cast(), n, ffi::SQLITE_TRANSIENT()),
                    Err(_) => ffi::SQLITE_TOOBIG,
                },
                Value::Int(None) | Value::Bool(None) | Value::Text(None) | Value::Time(None) | Value::Bytes(None) => {
                    ffi::sqlite3_bind_null(stmt.as_ptr(), index)
                }
            };
            if rc != ffi::SQLITE_OK {
                return Err(failure(db, "bind"));
            }
        }
    }
    Ok(statement)
}

/// SAFETY: `stmt` is a prepared statement; SQLite copies the text.
unsafe fn bind_text(stmt: NonNull<ffi::sqlite3_stmt>, index: c_int, text: &str) -> c_int {
    match c_int::try_from(text.len()) {
        Ok(n) => unsafe { ffi::sqlite3_bind_text(stmt.as_ptr(), index, text.as_ptr().cast::<c_char>(), n, ffi::SQLITE_TRANSIENT()) },
        Err(_) => ffi::SQLITE_TOOBIG,
    }
}

/// Runs `sql` with `args` on `conn` and sends its rows, built by `row`, in batches of `batch`
/// to `out`, then ends; a failure is sent as the last item. Stops when `out` is closed (the
/// download was cut off). Call from a blocking thread: it waits for the receiver.
pub fn send_batches<T>(
    mut conn: PoolConnection<Sqlite>,
    sql: &str,
    args: &[Value],
    batch: usize,
    row: fn(&Columns) -> T,
    out: &Sender<Result<Vec<T>, sqlx::Error>>,
) {
    let runtime = tokio::runtime::Handle::current();
    let result = (|| {
        let mut handle = runtime.block_on(conn.lock_handle())?;
        let db = handle.as_raw_handle().as_ptr();
        let statement = prepare(db, sql, args)?;
        let columns = Columns { stmt: statement.stmt };
        let mut rows = Vec::with_capacity(batch);
        loop {
            // SAFETY: the statement is prepared and only stepped here.
            match unsafe { ffi::sqlite3_step(statement.stmt.as_ptr()) } {
                ffi::SQLITE_ROW => {
                    rows.push(row(&columns));
                    if rows.len() == batch && out.blocking_send(Ok(std::mem::replace(&mut rows, Vec::with_capacity(batch)))).is_err() {
                        return Ok(());
                    }
                }
                ffi::SQLITE_DONE => break,
                _ => return Err(failure(db, "step")),
            }
        }
        if !rows.is_empty() {
            let _ = out.blocking_send(Ok(rows));
        }
        Ok(())
    })();
    if let Err(e) = result {
        let _ = out.blocking_send(Err(e));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Runs `sql` on an in-memory database made by `setup`, reading in place; every item sent.
    fn read(setup: &'static [&'static str], texts: Vec<String>, sql: &'static str, args: Vec<Value>) -> Vec<Result<Vec<(i64, String)>, sqlx::Error>> {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
        runtime.block_on(async move {
            let pool = sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect("sqlite::memory:").await.unwrap();
            for statement in setup {
                sqlx::query(statement).execute(&pool).await.unwrap();
            }
            for (i, text) in texts.iter().enumerate() {
                sqlx::query("INSERT INTO t (n, s) VALUES ($1, $2)").bind(i as i64).bind(text).execute(&pool).await.unwrap();
            }
            let conn = pool.acquire().await.unwrap();
            let (tx, mut rx) = tokio::sync::mpsc::channel(2);
            let reading = tokio::task::spawn_blocking(move || send_batches(conn, sql, &args, 3, |c| (c.int(0), c.text(1).into_owned()), &tx));
            let mut items = Vec::new();
            while let Some(item) = rx.recv().await {
                items.push(item);
            }
            reading.await.unwrap();
            items
        })
    }

    const TABLE: &[&str] = &["CREATE TABLE t (n INTEGER, s TEXT)"];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_text_reads_back_as_stored_in_batches_and_arguments_bind_by_their_number(texts in proptest::collection::vec(any::<String>(), 0..12), from in -1i64..4) {
            let sql = "SELECT n, s FROM t WHERE n > $2 AND s IS NOT $1 ORDER BY n";
            let items = read(TABLE, texts.clone(), sql, vec![Value::Text(None), Value::Int(Some(from))]);
            let rows: Vec<(i64, String)> = items.into_iter().flat_map(|batch| batch.expect("no failure")).collect();
            let expected: Vec<(i64, String)> = texts.into_iter().enumerate().map(|(i, s)| (i as i64, s)).filter(|(i, _)| *i > from).collect();
            prop_assert_eq!(rows, expected);
        }
    }

    #[test]
    fn null_reads_as_empty_text_and_zero() {
        let items = read(&["CREATE TABLE t (n INTEGER, s TEXT)", "INSERT INTO t VALUES (NULL, NULL)"], vec![], "SELECT n, s FROM t", vec![]);
        assert_eq!(items.into_iter().map(Result::unwrap).collect::<Vec<_>>(), vec![vec![(0, String::new())]]);
    }

    #[test]
    fn a_statement_that_fails_sends_the_failure_as_its_last_item() {
        let items = read(TABLE, vec![], "SELECT n, s FROM no_such_table", vec![]);
        assert!(matches!(items.as_slice(), [Err(sqlx::Error::Protocol(m))] if m.contains("no such table")), "{items:?}");
        let items = read(TABLE, vec![], "SELECT n, s FROM t WHERE n = $3", vec![]);
        assert!(matches!(items.as_slice(), [Err(sqlx::Error::Protocol(m))] if m == "no argument 3"), "{items:?}");
    }
}
