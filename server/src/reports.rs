//! Reports and logs as files, streamed from the database's download connections.
//!
//! - The skills report (L-8), for Global and Partner admins, of their own company, with the
//!   page's filters: CSV a batch at a time, and an XLSX workbook (header row, dates as dates,
//!   column widths, filters on) written row by row in constant memory, its rows in a
//!   temporary file under the data directory, then streamed as it is packed. Text cells are
//!   written as text, so a name such as `=HYPERLINK(…)` is never taken as a formula; the CSV
//!   neutralises such cells instead.
//! - The audit log (L-10), with the audit page's filters, as CSV (in the reader's language) or
//!   JSON Lines (stable field names, for other systems): a company's Global admins get their
//!   company's entries, the programme's reviewers every entry.

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::{Stream, StreamExt};
use partnerhub_app::i18n::Locale;
use partnerhub_core::auth::AuthSession;
use partnerhub_core::store::{AuditEntry, AuditScope, SkillRow, SkillsFilter};
use partnerhub_core::AppState;
use partnerhub_domain::audit::{AuditFilter, AuditFilterInput};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};
use tokio::sync::mpsc;

/// The file a report is downloaded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFile {
    Csv,
    Xlsx,
}

impl ReportFile {
    fn content_type(self) -> &'static str {
        match self {
            ReportFile::Csv => "text/csv; charset=utf-8",
            ReportFile::Xlsx => XLSX_TYPE,
        }
    }

    fn disposition(self) -> &'static str {
        match self {
            ReportFile::Csv => "attachment; filename=\"skills-report.csv\"",
            ReportFile::Xlsx => "attachment; filename=\"skills-report.xlsx\"",
        }
    }
}

/// The media type of a workbook (already compressed: not compressed again on the way out).
pub const XLSX_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The report's rows, a batch at a time, as the store streams them.
type Rows = std::pin::Pin<Box<dyn Stream<Item = Result<Vec<SkillRow>, sqlx::Error>> + Send>>;

/// The skills report download. `page` is the report page with the same filters, to come back
/// to after signing in.
pub async fn skills_download(
    state: AppState,
    auth: AuthSession,
    session: tower_sessions::Session,
    headers: HeaderMap,
    page: String,
    filter: SkillsFilter,
    file: ReportFile,
) -> Response {
    let user = match crate::company_user(&state, &auth, &session, &headers, &page).await {
        Ok(user) if partnerhub_domain::roles::can(&user.roles, partnerhub_domain::Capability::ViewSkills) => user,
        Ok(_) => return crate::forbidden(&headers),
        Err(refusal) => return refusal,
    };
    let filter = SkillsFilter::from_form(filter.name, filter.exam, filter.expires_by);
    let locale = partnerhub_app::server::locale_from_headers(&headers);
    let rows: Rows = match state.store.skills_stream(user.company_id, filter).await {
        Ok(rows) => Box::pin(rows),
        Err(e) => return failure(locale, partnerhub_app::error::AppError::from(e)),
    };
    let body = match file {
        ReportFile::Csv => csv(locale, rows),
        // The writer logs why it failed.
        ReportFile::Xlsx => match xlsx(locale, rows, state.config.data_dir.clone()).await {
            Ok(body) => body,
            Err(_) => return failure(locale, partnerhub_app::error::AppError::Internal),
        },
    };
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(file.content_type()));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(file.disposition()));
    response
}

/// A download's query, read as `axum`'s `Query` reads it, and refused in the reader's language
/// (400) when it cannot be: a field given twice, or a value of the wrong kind.
pub struct ReadQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> axum::extract::FromRequestParts<S> for ReadQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Self, Response> {
        match axum::extract::Query::<T>::try_from_uri(&parts.uri) {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(_) => {
                let unreadable = partnerhub_app::error::AppError::form(partnerhub_domain::Problem::QueryUnreadable);
                Err(crate::refusal(&parts.headers, StatusCode::BAD_REQUEST, &unreadable))
            }
        }
    }
}

/// A download that could not start, in the reader's language: busy (503) or failed (500).
fn failure(locale: Locale, error: partnerhub_app::error::AppError) -> Response {
    let text = partnerhub_app::text::failure_text(locale, &error);
    let status = if error == partnerhub_app::error::AppError::Internal { StatusCode::INTERNAL_SERVER_ERROR } else { StatusCode::SERVICE_UNAVAILABLE };
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}

/// The cells of a row as the reader sees them: headers and values in the reader's language,
/// one meaning per column.
struct Cells<'a> {
    kind: String,
    expires_on: &'a str,
    score: &'a str,
}

impl<'a> Cells<'a> {
    fn of(locale: Locale, row: &'a SkillRow) -> Self {
        let certification = row.kind == "certification";
        let (expires_on, score) = if certification { (row.expires_or_score.as_str(), "") } else { ("", row.expires_or_score.as_str()) };
        Self { kind: partnerhub_app::text::skill_kind_text(locale, &row.kind), expires_on, score }
    }
}

/// The CSV: one piece of the answer per batch of rows.
fn csv(locale: Locale, rows: Rows) -> Body {
    use partnerhub_domain::skills::{csv_line, push_csv_line};
    let header = csv_line(&partnerhub_app::text::skills_csv_header(locale));
    let rows = rows.map(move |batch| match batch {
        Ok(batch) => {
            let mut out = String::with_capacity(batch.len() * 160);
            for r in &batch {
                let c = Cells::of(locale, r);
                let cells: [&str; 10] = [&r.full_name, &r.email, &r.mcid, &r.linked_on, &c.kind, &r.code, &r.title, &r.passed_on, c.expires_on, c.score];
                push_csv_line(&mut out, &cells);
            }
            Ok(out)
        }
        Err(e) => {
            tracing::error!(error = %e, "skills report stream");
            Err(std::io::Error::other("the report stopped"))
        }
    });
    Body::from_stream(futures_util::stream::once(async move { Ok::<_, std::io::Error>(header) }).chain(rows))
}

/// Column widths in characters, in the order of the header.
const WIDTHS: [f64; 10] = [28.0, 32.0, 14.0, 12.0, 18.0, 12.0, 40.0, 12.0, 12.0, 10.0];

/// The most data rows a worksheet holds (Excel's limit less the header).
const MAX_ROWS: u32 = 1_048_575;

/// The workbook, streamed once it is packed. The rows are written on a blocking thread; the
/// answer starts with the first packed bytes, so a failure while writing rows still gets an
/// error status rather than a cut-off file.
async fn xlsx(locale: Locale, rows: Rows, tempdir: std::path::PathBuf) -> Result<Body, XlsxError> {
    let (tx, mut rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let runtime = tokio::runtime::Handle::current();
    let writer = tokio::task::spawn_blocking(move || {
        let mut out = ChunkWriter { tx, buf: Vec::with_capacity(CHUNK) };
        let written = write_workbook(locale, rows, &tempdir, &runtime, &mut out).and_then(|()| out.send().map_err(XlsxError::IoError));
        // Once the answer has started, a failure can only cut it short: the log says why.
        if let Err(e) = &written {
            tracing::error!(error = %e, "skills report workbook");
        }
        written
    });
    let first = match rx.recv().await {
        Some(Ok(chunk)) => chunk,
        Some(Err(e)) => return Err(XlsxError::IoError(e)),
        None => {
            return Err(match writer.await {
                Ok(Err(e)) => e,
                Ok(Ok(())) => XlsxError::IoError(std::io::Error::other("the workbook was empty")),
                Err(e) => {
                    tracing::error!(error = %e, "skills report workbook");
                    XlsxError::IoError(std::io::Error::other(e))
                }
            })
        }
    };
    let rest = futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|chunk| (chunk, rx)) });
    Ok(Body::from_stream(futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) }).chain(rest)))
}

fn write_workbook(locale: Locale, mut rows: Rows, tempdir: &std::path::Path, runtime: &tokio::runtime::Handle, out: &mut ChunkWriter) -> Result<(), XlsxError> {
    let mut workbook = Workbook::new();
    std::fs::create_dir_all(tempdir).map_err(XlsxError::IoError)?;
    workbook.set_tempdir(tempdir)?;
    let heading = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = workbook.add_worksheet_with_constant_memory()?;
    sheet.set_name(partnerhub_app::text::skills_sheet_name(locale))?;
    for (col, width) in WIDTHS.iter().enumerate() {
        sheet.set_column_width(col as u16, *width)?;
    }
    for (col, title) in partnerhub_app::text::skills_csv_header(locale).iter().enumerate() {
        sheet.write_string_with_format(0, col as u16, title, &heading)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row: u32 = 0;
    'batches: while let Some(batch) = runtime.block_on(rows.next()) {
        let batch = batch.map_err(|e| XlsxError::IoError(std::io::Error::other(e)))?;
        for r in &batch {
            if row == MAX_ROWS {
                tracing::warn!("skills report workbook: more rows than a worksheet holds; the rest left out");
                break 'batches;
            }
            row += 1;
            let c = Cells::of(locale, r);
            for (col, text) in [(0, &r.full_name), (1, &r.email), (2, &r.mcid), (4, &c.kind), (5, &r.code), (6, &r.title)] {
                sheet.write_string(row, col, text.as_str())?;
            }
            for (col, text) in [(3, r.linked_on.as_str()), (7, r.passed_on.as_str()), (8, c.expires_on)] {
                // `YYYY-MM-DD`, the only form `NaiveDate` reads from text.
                match text.parse::<chrono::NaiveDate>() {
                    Ok(day) => sheet.write_date_with_format(row, col, day, &date)?,
                    Err(_) if text.is_empty() => sheet,
                    Err(_) => sheet.write_string(row, col, text)?,
                };
            }
            match c.score.parse::<f64>() {
                Ok(score) => sheet.write_number(row, 9, score)?,
                Err(_) if c.score.is_empty() => sheet,
                Err(_) => sheet.write_string(row, 9, c.score)?,
            };
        }
    }
    sheet.autofilter(0, 0, row, 9)?;
    workbook.save_to_writer(&mut *out)
}

/// The bytes handed to the answer at once.
const CHUNK: usize = 64 * 1024;

/// Hands the packed workbook to the answer in pieces of [`CHUNK`] bytes; fails once the reader
/// has gone, which stops the packing.
struct ChunkWriter {
    tx: mpsc::Sender<Result<Bytes, std::io::Error>>,
    buf: Vec<u8>,
}

impl ChunkWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx.blocking_send(Ok(chunk)).map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the reader left"))
    }
}

impl Write for ChunkWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The file an audit log is downloaded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFile {
    Csv,
    JsonLines,
}

/// The audit log download: `/company/audit.*` for a company's Global admins (their company's
/// entries), `/review/audit.*` for reviewers (every entry). A filter that does not parse is
/// refused with its first problem in the reader's language.
pub async fn audit_download(
    state: AppState,
    auth: AuthSession,
    session: tower_sessions::Session,
    headers: HeaderMap,
    input: AuditFilterInput,
    reviewers: bool,
    file: LogFile,
) -> Response {
    let page = if reviewers { "/review" } else { "/company/audit" };
    let scope = if reviewers {
        match crate::signed_in(&state, &auth, &session, page).await {
            Ok(p) if p.reviewer().is_some() => AuditScope::Everything,
            Ok(_) => return crate::forbidden(&headers),
            Err(refusal) => return refusal,
        }
    } else {
        match crate::company_user(&state, &auth, &session, &headers, page).await {
            Ok(user) if partnerhub_domain::roles::can(&user.roles, partnerhub_domain::Capability::ViewAudit) => AuditScope::Company(user.company_id),
            Ok(_) => return crate::forbidden(&headers),
            Err(refusal) => return refusal,
        }
    };
    let locale = partnerhub_app::server::locale_from_headers(&headers);
    let filter = match AuditFilter::parse(&input) {
        Ok(filter) => filter,
        Err(problems) => {
            return crate::refusal(&headers, StatusCode::BAD_REQUEST, &partnerhub_app::error::AppError::Refused(problems));
        }
    };
    let entries = match state.store.audit_stream(scope, filter).await {
        Ok(entries) => entries,
        Err(e) => return failure(locale, partnerhub_app::error::AppError::from(e)),
    };
    let (content_type, disposition) = match file {
        LogFile::Csv => ("text/csv; charset=utf-8", "attachment; filename=\"audit-log.csv\""),
        LogFile::JsonLines => ("application/jsonl; charset=utf-8", "attachment; filename=\"audit-log.jsonl\""),
    };
    let first = match file {
        LogFile::Csv => partnerhub_domain::skills::csv_line(&partnerhub_app::text::audit_csv_header(locale)),
        LogFile::JsonLines => String::new(),
    };
    let lines = entries.map(move |batch| match batch {
        Ok(batch) => {
            let mut out = String::with_capacity(batch.len() * 200);
            for entry in &batch {
                match file {
                    LogFile::Csv => push_audit_csv(&mut out, locale, entry),
                    LogFile::JsonLines => push_audit_json(&mut out, entry),
                }
            }
            Ok(out)
        }
        Err(e) => {
            tracing::error!(error = %e, "audit log stream");
            Err(std::io::Error::other("the log stopped"))
        }
    });
    let body = Body::from_stream(futures_util::stream::once(async move { Ok::<_, std::io::Error>(first) }).chain(lines));
    let mut response = body.into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(disposition));
    response
}

/// An entry as a CSV line: when (UTC, to the second), who, what (in words), about, reason.
fn push_audit_csv(out: &mut String, locale: Locale, e: &AuditEntry) {
    let at = e.at.format("%Y-%m-%d %H:%M:%S").to_string();
    let action = partnerhub_app::text::audit_action_text(locale, &e.action);
    let reason = e.reason.as_deref().unwrap_or_default();
    partnerhub_domain::skills::push_csv_line(out, &[at.as_str(), &e.actor_name, &action, &e.subject, reason]);
}

/// An entry as a JSON line with stable field names.
fn push_audit_json(out: &mut String, e: &AuditEntry) {
    let line = serde_json::json!({
        "id": e.id,
        "at": e.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "company_id": e.company_id,
        "actor_kind": e.actor_kind,
        "actor": e.actor_name,
        "action": e.action,
        "subject": e.subject,
        "reason": e.reason,
    });
    out.push_str(&line.to_string());
    out.push('\n');
}
