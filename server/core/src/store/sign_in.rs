//! Attempts at passwords: sign-ins (counted per address, per client and per known browser,
//! the device cookie) and checks of certification-profile and Partner University credentials
//! (per user and per profile address). An attempt is counted *before* its password is checked,
//! in the write transaction that applies the domain's limit, so a burst of simultaneous attempts
//! cannot pass it; an attempt that succeeds is taken back.

use super::audit::{audit, Actor};
use super::db::{query, query_as, query_scalar, Exec};
use super::{Store, StoreError, StoreResult};
use chrono::{DateTime, Duration, Utc};
use partnerhub_domain::access::{
    provider_check_allowed, sign_in_allowed, RecentFailures, ACCOUNT_FAILURES_PER_HOUR, CLIENT_FAILURES_PER_HOUR, PROVIDER_FAILURES_PER_HOUR,
};

/// A burst of failures for one address is audited when its hourly count reaches these.
const BURSTS: [u32; 2] = [10, ACCOUNT_FAILURES_PER_HOUR];

/// An attempt counted before its check: `Store::attempt_succeeded` takes it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    SignIn(i64),
    Credentials(i64),
}

/// Whether `device_hash` is a browser that signed in to `email` before.
async fn known_device(conn: &mut impl Exec, email: &str, device_hash: Option<&str>) -> StoreResult<bool> {
    let Some(hash) = device_hash else { return Ok(false) };
    let found: Option<bool> =
        query_scalar("SELECT TRUE FROM known_devices WHERE token_hash = $1 AND email = $2").bind(hash).bind(email).fetch_optional(&mut *conn).await?;
    Ok(found.is_some())
}

/// The failures of the last hour that bear on a sign-in attempt; `device` is the browser's
/// hash when it is one the account knows.
async fn recent_failures(conn: &mut impl Exec, email: &str, client: &str, device: Option<&str>, now: DateTime<Utc>) -> StoreResult<RecentFailures> {
    let since = now - Duration::hours(1);
    let (account, account_oldest): (i64, Option<DateTime<Utc>>) =
        query_as("SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE email = $1 AND at > $2 AND device IS NOT DISTINCT FROM $3")
            .bind(email)
            .bind(since)
            .bind(device)
            .fetch_one(&mut *conn)
            .await?;
    let (client_count, client_oldest): (i64, Option<DateTime<Utc>>) =
        query_as("SELECT COUNT(*), MIN(at) FROM sign_in_failures WHERE client = $1 AND at > $2").bind(client).bind(since).fetch_one(&mut *conn).await?;
    let client_full = client_count as u32 >= CLIENT_FAILURES_PER_HOUR;
    Ok(RecentFailures {
        account: if device.is_some() { 0 } else { account as u32 },
        client: client_count as u32,
        device: device.map(|_| account as u32),
        oldest: if client_full { client_oldest } else { account_oldest },
    })
}

impl Store {
    /// Counts a sign-in attempt before its password is checked: refused (`SignInThrottled`)
    /// when the hour is full for this address, client or browser, otherwise recorded as a
    /// failure until [`Store::attempt_succeeded`] takes it back. A burst for one address goes
    /// to the audit log of the company the address belongs to.
    pub async fn begin_sign_in(&self, email: &str, client: &str, device_hash: Option<&str>, now: DateTime<Utc>) -> StoreResult<Attempt> {
        let mut tx = self.begin_write().await?;
        let device = if known_device(&mut tx, email, device_hash).await? { device_hash } else { None };
        let failures = recent_failures(&mut tx, email, client, device, now).await?;
        sign_in_allowed(failures, now).map_err(StoreError::form)?;
        let id: i64 = query_scalar("INSERT INTO sign_in_failures (email, client, device, at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(email)
            .bind(client)
            .bind(device)
            .bind(now)
            .fetch_one(&mut tx)
            .await?;
        let count: i64 = query_scalar("SELECT COUNT(*) FROM sign_in_failures WHERE email = $1 AND at > $2")
            .bind(email)
            .bind(now - Duration::hours(1))
            .fetch_one(&mut tx)
            .await?;
        if BURSTS.contains(&(count as u32)) {
            let company: Option<i64> =
                query_scalar("SELECT company_id FROM users WHERE email = $1 AND deleted_at IS NULL").bind(email).fetch_optional(&mut tx).await?;
            let reason = format!("{count} failed sign-ins within an hour");
            audit(&mut tx, company, &Actor::anonymous(client), "sign_in_failures", email, Some(&reason), now).await?;
        }
        tx.commit().await?;
        Ok(Attempt::SignIn(id))
    }

    /// Counts a check of certification-profile or Partner University credentials by `user_id`
    /// for the profile address `email` before the check: refused (`CredentialsThrottled`) when
    /// the user or the address had too many failures this hour.
    pub async fn begin_credentials_check(&self, user_id: i64, email: &str, now: DateTime<Utc>) -> StoreResult<Attempt> {
        let since = now - Duration::hours(1);
        let mut tx = self.begin_write().await?;
        let (by_user, user_oldest): (i64, Option<DateTime<Utc>>) =
            query_as("SELECT COUNT(*), MIN(at) FROM credential_failures WHERE user_id = $1 AND at > $2").bind(user_id).bind(since).fetch_one(&mut tx).await?;
        let (for_address, address_oldest): (i64, Option<DateTime<Utc>>) =
            query_as("SELECT COUNT(*), MIN(at) FROM credential_failures WHERE email = $1 AND at > $2").bind(email).bind(since).fetch_one(&mut tx).await?;
        // The retry time is that of the count that is full.
        let oldest = if by_user as u32 >= PROVIDER_FAILURES_PER_HOUR { user_oldest } else { address_oldest };
        provider_check_allowed(by_user as u32, for_address as u32, oldest, now).map_err(StoreError::form)?;
        let id: i64 = query_scalar("INSERT INTO credential_failures (user_id, email, at) VALUES ($1, $2, $3) RETURNING id")
            .bind(user_id)
            .bind(email)
            .bind(now)
            .fetch_one(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(Attempt::Credentials(id))
    }

    /// The password of a counted attempt was right: it no longer counts as a failure.
    pub async fn attempt_succeeded(&self, attempt: Attempt) -> StoreResult<()> {
        let query = match attempt {
            Attempt::SignIn(id) => query("DELETE FROM sign_in_failures WHERE id = $1").bind(id),
            Attempt::Credentials(id) => query("DELETE FROM credential_failures WHERE id = $1").bind(id),
        };
        query.execute(&self.pool).await?;
        Ok(())
    }

    /// Remembers a browser that signed in to `email` (the hash of its device cookie).
    pub async fn remember_device(&self, email: &str, device_hash: &str, now: DateTime<Utc>) -> StoreResult<()> {
        query("INSERT INTO known_devices (token_hash, email, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(device_hash)
            .bind(email)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
