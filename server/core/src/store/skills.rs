//! The skills report (L-8): every person of a company with an active link, with their
//! certifications and Partner University assessments; streamed for the CSV download. Removing a
//! departed person ends their link (L-7) and never creates one.

use super::audit::audit;
use super::db::{query, query_as, query_scalar};
use super::users::UserRecord;
use super::{Store, StoreError, StoreResult};
use chrono::{DateTime, Utc};
use futures_core::Stream;
use partnerhub_domain::Problem;
use serde::{Deserialize, Serialize};

/// One line of the report: a person and one certification or assessment (or neither).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, sqlx::FromRow)]
pub struct SkillRow {
    pub user_id: i64,
    pub full_name: String,
    pub email: String,
    pub mcid: String,
    /// The day of the link (of Partner University access for people without one), `YYYY-MM-DD`
    /// in UTC.
    pub linked_on: String,
    /// `certification`, `assessment` or empty.
    pub kind: String,
    pub code: String,
    pub title: String,
    pub passed_on: String,
    /// Expiry date of a certification, score of an assessment.
    pub expires_or_score: String,
}

impl SkillRow {
    /// A row of [`REPORT_SQL`] from its columns, in the order it selects them.
    fn from_columns(c: &super::sqlite_rows::Columns) -> Self {
        SkillRow {
            user_id: c.int(0),
            full_name: c.text(1).into_owned(),
            email: c.text(2).into_owned(),
            mcid: c.text(3).into_owned(),
            linked_on: c.text(4).into_owned(),
            kind: c.text(5).into_owned(),
            code: c.text(6).into_owned(),
            title: c.text(7).into_owned(),
            passed_on: c.text(8).into_owned(),
            expires_or_score: c.text(9).into_owned(),
        }
    }
}

/// The most rows of the report handed over at once.
pub const REPORT_BATCH: usize = 512;

/// Narrows the report: name contains, exam code equals, certifications expiring by a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillsFilter {
    pub name: Option<String>,
    pub exam: Option<String>,
    pub expires_by: Option<String>,
}

impl SkillsFilter {
    /// The filter as typed: trimmed, empty means no filter, exam codes in capitals.
    pub fn from_form(name: Option<String>, exam: Option<String>, expires_by: Option<String>) -> Self {
        let clean = |v: Option<String>| v.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty());
        SkillsFilter { name: clean(name), exam: clean(exam).map(|e| e.to_uppercase()), expires_by: clean(expires_by) }
    }
}

/// People with an active link to the company, and people with only Partner University access
/// (no certification profile linked: their MCID is empty, "linked since" is their access).
/// Each person comes once per certification and assessment, or once with neither; the filters
/// apply inside each part, so no part is joined to another after the fact. The day of a link
/// is read as text (`YYYY-MM-DD`, UTC on both engines): the report shows days, and reading a
/// timestamp per row cost a third of a large download.
const REPORT_SQL: &str = "
    WITH people AS (
        SELECT u.id AS user_id, u.full_name, u.email, l.mcid, substr(CAST(l.started_at AS TEXT), 1, 10) AS linked_on
        FROM links l JOIN users u ON u.id = l.user_id
        WHERE l.company_id = $1 AND l.ended_at IS NULL
          AND ($2 IS NULL OR instr(lower(u.full_name), lower($2)) > 0)
        UNION ALL
        SELECT u.id, u.full_name, u.email, '', substr(CAST(ul.linked_at AS TEXT), 1, 10)
        FROM university_links ul JOIN users u ON u.id = ul.user_id
        WHERE u.company_id = $1 AND u.deleted_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM links l WHERE l.user_id = u.id AND l.company_id = $1 AND l.ended_at IS NULL)
          AND ($2 IS NULL OR instr(lower(u.full_name), lower($2)) > 0)
    ),
    lines AS (
        SELECT p.user_id, p.full_name, p.email, p.mcid, p.linked_on,
               'certification' AS kind, c.exam AS code, c.title, c.passed_on, COALESCE(c.expires_on, '') AS expires_or_score
        FROM people p JOIN cert_certifications c ON c.mcid = p.mcid
        WHERE ($3 IS NULL OR c.exam = $3)
          AND ($4 IS NULL OR (COALESCE(c.expires_on, '') <> '' AND c.expires_on <= $4))
        UNION ALL
        SELECT p.user_id, p.full_name, p.email, p.mcid, p.linked_on, 'assessment', '', a.course, a.passed_on, CAST(a.score AS TEXT)
        FROM people p JOIN university_links ul ON ul.user_id = p.user_id JOIN university_assessments a ON a.email = ul.email
        WHERE $3 IS NULL AND $4 IS NULL
        UNION ALL
        SELECT p.user_id, p.full_name, p.email, p.mcid, p.linked_on, '', '', '', '', ''
        FROM people p
        WHERE $3 IS NULL AND $4 IS NULL
          AND NOT EXISTS (SELECT 1 FROM cert_certifications c WHERE c.mcid = p.mcid)
          AND NOT EXISTS (SELECT 1 FROM university_links ul JOIN university_assessments a ON a.email = ul.email WHERE ul.user_id = p.user_id)
    )
    SELECT user_id, full_name, email, mcid, linked_on, kind, code, title, passed_on, expires_or_score
    FROM lines
    ORDER BY lower(full_name), user_id, kind DESC, code";

impl Store {
    /// The report, in memory (the page shows at most what fits a page).
    pub async fn skills_report(&self, company_id: i64, filter: &SkillsFilter, limit: i64) -> StoreResult<Vec<SkillRow>> {
        Ok(query_as(&format!("{REPORT_SQL} LIMIT $5"))
            .bind(company_id)
            .bind(&filter.name)
            .bind(&filter.exam)
            .bind(&filter.expires_by)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Streams the rows of `query` for a download that is never built in memory: in batches
    /// (at most [`REPORT_BATCH`] rows each, as many as the database has ready, so that one
    /// hand-over carries a few hundred rows), read on a connection of the downloads' own small
    /// pool, apart from the connections pages and sign-ins need. The connection is taken
    /// before the answer starts: when every one is busy the download is refused (`Busy`)
    /// rather than cut off midway.
    pub(super) async fn download_stream<T: super::db::Row + Send + 'static>(
        &self,
        query: super::db::QueryAs<'static, T>,
        read_in_place: Option<fn(&super::sqlite_rows::Columns) -> T>,
    ) -> StoreResult<impl Stream<Item = Result<Vec<T>, sqlx::Error>> + Send + 'static> {
        let mut conn = self.downloads.acquire().await.map_err(|e| match e {
            sqlx::Error::PoolTimedOut => StoreError::form(Problem::Busy),
            other => StoreError::Db(other),
        })?;
        let (tx, rx) = tokio::sync::mpsc::channel(4);
        tokio::spawn(async move {
            match read_in_place {
                Some(from_columns) => query.send_batches_read_in_place(conn, REPORT_BATCH, tx, from_columns).await,
                None => query.send_batches(&mut conn, REPORT_BATCH, tx).await,
            }
        });
        // Fused: whoever reads the answer (a compressing body does) may ask again after the end.
        Ok(futures_util::StreamExt::fuse(futures_util::stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|batch| (batch, rx)) })))
    }

    /// The report as a [download stream](Self::download_stream), read in place on SQLite.
    pub async fn skills_stream(
        &self,
        company_id: i64,
        filter: SkillsFilter,
    ) -> StoreResult<impl Stream<Item = Result<Vec<SkillRow>, sqlx::Error>> + Send + 'static> {
        let query = query_as::<SkillRow>(REPORT_SQL).bind(company_id).bind(filter.name).bind(filter.exam).bind(filter.expires_by);
        self.download_stream(query, Some(SkillRow::from_columns)).await
    }

    /// People with an active link and their certifications (exam, expires on), for the
    /// competencies (L-9).
    pub async fn linked_certifications(&self, company_id: i64) -> StoreResult<Vec<(i64, String, String, Option<String>)>> {
        Ok(query_as(
            "SELECT u.id, u.full_name, c.exam, c.expires_on FROM links l JOIN users u ON u.id = l.user_id
             JOIN cert_certifications c ON c.mcid = l.mcid WHERE l.company_id = $1 AND l.ended_at IS NULL",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?)
    }

    /// An admin removes a departed person from the report: their active link with this
    /// company ends ("removed by admin"). Never creates a link.
    pub async fn remove_from_report(&self, admin: &UserRecord, user_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let company: Option<i64> =
            query_scalar("SELECT company_id FROM users WHERE id = $1 AND deleted_at IS NULL").bind(user_id).fetch_optional(&mut tx).await?;
        if company != Some(admin.company_id) {
            return Err(StoreError::NotYours);
        }
        let active: Option<(i64, String, String)> = query_as(
            "SELECT l.id, u.full_name, u.email FROM links l JOIN users u ON u.id = l.user_id
             WHERE l.user_id = $1 AND l.company_id = $2 AND l.ended_at IS NULL",
        )
        .bind(user_id)
        .bind(admin.company_id)
        .fetch_optional(&mut tx)
        .await?;
        let Some((id, name, email)) = active else { return Err(StoreError::form(Problem::NotLinked)) };
        query("UPDATE links SET ended_at = $1, end_reason = 'removed by admin' WHERE id = $2").bind(now).bind(id).execute(&mut tx).await?;
        audit(&mut tx, Some(admin.company_id), &admin.actor(), "removed_from_report", &format!("{name} <{email}>"), Some("removed by admin"), now).await?;
        tx.commit().await?;
        Ok(())
    }
}
