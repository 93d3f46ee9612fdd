//! Mail that users' actions send (invitations, location contacts), claimed before sending so
//! that the per-recipient and per-company limits of the domain crate hold under bursts.

use super::db::{query, query_as};
use super::{Store, StoreError, StoreResult};
use chrono::{DateTime, Duration, Utc};
use partnerhub_domain::access::{mail_allowed, MAILS_PER_RECIPIENT_PER_HOUR};

impl Store {
    /// Claims one mail of `kind` to `recipient` for `company_id`, in one write transaction:
    /// refused (`MailLimit`) when the recipient or the company reached its hourly limit.
    pub async fn claim_mail(&self, company_id: i64, recipient: &str, kind: &str, now: DateTime<Utc>) -> StoreResult<()> {
        let since = now - Duration::hours(1);
        let recipient = recipient.trim().to_lowercase();
        let mut tx = self.begin_write().await?;
        let (to_recipient, recipient_oldest): (i64, Option<DateTime<Utc>>) =
            query_as("SELECT COUNT(*), MIN(at) FROM mail_log WHERE recipient = $1 AND at > $2").bind(&recipient).bind(since).fetch_one(&mut tx).await?;
        let (from_company, company_oldest): (i64, Option<DateTime<Utc>>) =
            query_as("SELECT COUNT(*), MIN(at) FROM mail_log WHERE company_id = $1 AND at > $2").bind(company_id).bind(since).fetch_one(&mut tx).await?;
        // The retry time is that of the limit that is reached.
        let oldest = if to_recipient as u32 >= MAILS_PER_RECIPIENT_PER_HOUR { recipient_oldest } else { company_oldest };
        mail_allowed(to_recipient as u32, from_company as u32, oldest, now).map_err(StoreError::form)?;
        query("INSERT INTO mail_log (company_id, recipient, kind, at) VALUES ($1, $2, $3, $4)")
            .bind(company_id)
            .bind(&recipient)
            .bind(kind)
            .bind(now)
            .execute(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
