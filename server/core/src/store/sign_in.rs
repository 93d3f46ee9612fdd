//! Failed sign-ins, counted per address, per client and per known browser (device cookie), for
//! the throttle rule in the domain crate.

use super::audit::{audit, Actor};
use super::{Store, StoreResult};
use chrono::{DateTime, Duration, Utc};
use partnerhub_domain::access::{RecentFailures, ACCOUNT_FAILURES_PER_HOUR, CLIENT_FAILURES_PER_HOUR};

/// A burst of failures for one address is audited when its hourly count reaches these.
const BURSTS: [u32; 2] = [10, ACCOUNT_FAILURES_PER_HOUR];

impl Store {
    /// Whether `device_hash` is a browser that signed in to `email` before.
    async fn known_device(&self, email: &str, device_hash: Option<&str>) -> StoreResult<bool> {
        let Some(hash) = device_hash else { return Ok(false) };
        let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM known_devices WHERE token_hash = ? AND email = ?")
            .bind(hash)
            .bind(email)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    /// The failures of the last hour that bear on this attempt.
    pub async fn recent_failures(&self, email: &str, client: &str, device_hash: Option<&str>, now: DateTime<Utc>) -> StoreResult<RecentFailures> {
        let since = now - Duration::hours(1);
        let device = if self.known_device(email, device_hash).await? { device_hash } else { None };
        let (account, account_oldest): (i64, Option<DateTime<Utc>>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE email = ? AND at > ? AND device IS ?",
        )
        .bind(email)
        .bind(since)
        .bind(device)
        .fetch_one(&self.pool)
        .await?;
        let (client_count, client_oldest): (i64, Option<DateTime<Utc>>) =
            sqlx::query_as("SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE client = ? AND at > ?")
                .bind(client)
                .bind(since)
                .fetch_one(&self.pool)
                .await?;
        let client_full = client_count as u32 >= CLIENT_FAILURES_PER_HOUR;
        Ok(RecentFailures {
            account: if device.is_some() { 0 } else { account as u32 },
            client: client_count as u32,
            device: device.map(|_| account as u32),
            oldest: if client_full { client_oldest } else { account_oldest },
        })
    }

    /// Records a failed sign-in; a burst for one address goes to the audit log of the company
    /// the address belongs to.
    pub async fn record_sign_in_failure(&self, email: &str, client: &str, device_hash: Option<&str>, now: DateTime<Utc>) -> StoreResult<()> {
        let device = if self.known_device(email, device_hash).await? { device_hash } else { None };
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM sign_in_failures WHERE at < ?").bind(now - Duration::days(1)).execute(&mut *tx).await?;
        sqlx::query("INSERT INTO sign_in_failures (email, client, device, at) VALUES (?, ?, ?, ?)")
            .bind(email)
            .bind(client)
            .bind(device)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE email = ? AND at > ?")
            .bind(email)
            .bind(now - Duration::hours(1))
            .fetch_one(&mut *tx)
            .await?;
        if BURSTS.contains(&(count as u32)) {
            let company: Option<i64> = sqlx::query_scalar("SELECT company_id FROM users WHERE email = ? AND deleted_at IS NULL")
                .bind(email)
                .fetch_optional(&mut *tx)
                .await?;
            let reason = format!("{count} failed sign-ins within an hour");
            audit(&mut tx, company, &Actor::anonymous(client), "sign_in_failures", email, Some(&reason), now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Remembers a browser that signed in to `email` (the hash of its device cookie).
    pub async fn remember_device(&self, email: &str, device_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("INSERT OR IGNORE INTO known_devices (token_hash, email, created_at) VALUES (?, ?, ?)")
            .bind(device_hash)
            .bind(email)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
