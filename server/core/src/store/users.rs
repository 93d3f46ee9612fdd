//! Company users and their roles (P-1, P-2): sign-in lookups, the user list, invitations,
//! role changes, deletion and password resets. Every change is checked by the domain rules
//! inside its write transaction and written to the audit log.

use super::audit::{audit, Actor};
use super::db::{query, query_as, query_scalar, Exec, Tx};
use super::{Store, StoreError, StoreResult};
use crate::credentials::secret_hash;
use chrono::{DateTime, Duration, Utc};
use partnerhub_domain::access::{link_valid, reset_mail_allowed, INVITATION_VALID_DAYS, RESET_VALID_MINUTES};
use partnerhub_domain::roles::{keeps_a_global_admin, parse_roles, unlocked};
use partnerhub_domain::{Problem, Role, Status};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub company_id: i64,
    pub email: String,
    pub full_name: String,
    /// Empty while an invitation is not accepted.
    pub password_hash: String,
    pub locale: String,
    pub roles: Vec<Role>,
}

impl UserRecord {
    pub fn actor(&self) -> Actor {
        Actor::user(self.id, &self.full_name, &self.email)
    }
}

/// A user as the company's admins see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyUser {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    /// When the invitation was (last) sent, while it is not accepted.
    pub invited_at: Option<DateTime<Utc>>,
}

/// Who an invitation or reset link mail goes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRecipient {
    pub email: String,
    pub full_name: String,
    pub locale: String,
    pub company_name: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    company_id: i64,
    email: String,
    full_name: String,
    password_hash: String,
    locale: String,
}

const INVITE_CONTEXT: &str = "invitation";
const RESET_CONTEXT: &str = "password-reset";

async fn roles_of(tx: &mut impl Exec, user_id: i64) -> StoreResult<Vec<Role>> {
    let names: Vec<String> = query_scalar("SELECT role FROM user_roles WHERE user_id = $1").bind(user_id).fetch_all(&mut *tx).await?;
    parse_roles(&names).map_err(|_| StoreError::Corrupt(format!("roles of user {user_id}: {names:?}")))
}

async fn load_user(conn: &mut impl Exec, id: Option<i64>, email: Option<&str>) -> StoreResult<Option<UserRecord>> {
    let row: Option<Row> = query_as(
        "SELECT id, company_id, email, full_name, password_hash, locale FROM users
         WHERE (id = $1 OR email = $2) AND deleted_at IS NULL",
    )
    .bind(id)
    .bind(email)
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let roles = roles_of(conn, row.id).await?;
    Ok(Some(UserRecord {
        id: row.id,
        company_id: row.company_id,
        email: row.email,
        full_name: row.full_name,
        password_hash: row.password_hash,
        locale: row.locale,
        roles,
    }))
}

/// The user `user_id` of `company_id`, or `UserNotFound` (also for other companies' users).
async fn user_in_company(tx: &mut Tx, company_id: i64, user_id: i64) -> StoreResult<UserRecord> {
    match load_user(tx, Some(user_id), None).await? {
        Some(u) if u.company_id == company_id => Ok(u),
        _ => Err(StoreError::NotYours),
    }
}

async fn company_status(tx: &mut Tx, company_id: i64) -> StoreResult<(Status, String)> {
    let status = super::status_of_existing(tx, company_id).await?;
    let name: String = query_scalar("SELECT legal_name FROM companies WHERE id = $1").bind(company_id).fetch_one(&mut *tx).await?;
    Ok((status, name))
}

async fn address_taken(tx: &mut Tx, email: &str) -> StoreResult<bool> {
    let taken: Option<bool> = query_scalar("SELECT TRUE FROM users WHERE email = $1 AND deleted_at IS NULL UNION SELECT TRUE FROM reviewers WHERE email = $2")
        .bind(email)
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?;
    Ok(taken.is_some())
}

async fn global_admins(tx: &mut Tx, company_id: i64, except: i64) -> StoreResult<usize> {
    let n: i64 = query_scalar(
        "SELECT COUNT(*) FROM user_roles r JOIN users u ON u.id = r.user_id
         WHERE u.company_id = $1 AND u.deleted_at IS NULL AND r.role = 'global_admin' AND u.id <> $2",
    )
    .bind(company_id)
    .bind(except)
    .fetch_one(&mut *tx)
    .await?;
    Ok(n as usize)
}

async fn set_roles(tx: &mut Tx, user_id: i64, roles: &[Role]) -> StoreResult<()> {
    query("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(&mut *tx).await?;
    for role in roles {
        query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)").bind(user_id).bind(role.as_str()).execute(&mut *tx).await?;
    }
    Ok(())
}

fn roles_text(roles: &[Role]) -> String {
    if roles.is_empty() {
        return "user".into();
    }
    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(", ")
}

fn person(name: &str, email: &str) -> String {
    format!("{name} <{email}>")
}

impl Store {
    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        let mut conn = self.pool.acquire().await?;
        load_user(&mut conn, None, Some(email)).await
    }

    pub async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>> {
        let mut conn = self.pool.acquire().await?;
        load_user(&mut conn, Some(id), None).await
    }

    /// The company's users (not deleted), pending invitations included, by name.
    pub async fn company_users(&self, company_id: i64) -> StoreResult<Vec<CompanyUser>> {
        let rows: Vec<(i64, String, String, Option<DateTime<Utc>>)> = query_as(
            "SELECT u.id, u.full_name, u.email, i.sent_at FROM users u
             LEFT JOIN invitations i ON i.user_id = u.id AND i.accepted_at IS NULL
             WHERE u.company_id = $1 AND u.deleted_at IS NULL ORDER BY lower(u.full_name), u.id",
        )
        .bind(company_id)
        .fetch_all(&self.pool)
        .await?;
        let mut conn = self.pool.acquire().await?;
        let mut users = Vec::with_capacity(rows.len());
        for (id, full_name, email, invited_at) in rows {
            let roles = roles_of(&mut conn, id).await?;
            users.push(CompanyUser { id, full_name, email, roles, invited_at });
        }
        Ok(users)
    }

    /// P-2: adds a user to the inviter's company, with an invitation link (`token`).
    pub async fn invite_user(
        &self,
        inviter: &UserRecord,
        email: &str,
        full_name: &str,
        roles: &[Role],
        token: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<LinkRecipient> {
        let mut tx = self.begin_write().await?;
        let (status, company_name) = company_status(&mut tx, inviter.company_id).await?;
        unlocked(status).map_err(StoreError::form)?;
        if address_taken(&mut tx, email).await? {
            return Err(StoreError::field("email", Problem::EmailHasAccount));
        }
        let user_id: i64 = query_scalar(
            "INSERT INTO users (company_id, email, full_name, password_hash, locale, created_at, invited_by)
             VALUES ($1, $2, $3, '', $4, $5, $6) RETURNING id",
        )
        .bind(inviter.company_id)
        .bind(email)
        .bind(full_name)
        .bind(&inviter.locale)
        .bind(now)
        .bind(inviter.id)
        .fetch_one(&mut tx)
        .await?;
        set_roles(&mut tx, user_id, roles).await?;
        query("INSERT INTO invitations (user_id, token_hash, sent_at) VALUES ($1, $2, $3)")
            .bind(user_id)
            .bind(secret_hash(INVITE_CONTEXT, token))
            .bind(now)
            .execute(&mut tx)
            .await?;
        audit(&mut tx, Some(inviter.company_id), &inviter.actor(), "user_invited", &person(full_name, email), Some(&roles_text(roles)), now).await?;
        tx.commit().await?;
        Ok(LinkRecipient { email: email.to_owned(), full_name: full_name.to_owned(), locale: inviter.locale.clone(), company_name })
    }

    /// Sends a pending invitation again with a new link, to a corrected address if given (the
    /// seed's "no response" answer). The old link stops working.
    pub async fn resend_invitation(
        &self,
        admin: &UserRecord,
        user_id: i64,
        new_email: Option<&str>,
        token: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<LinkRecipient> {
        let mut tx = self.begin_write().await?;
        let user = user_in_company(&mut tx, admin.company_id, user_id).await?;
        let accepted: Option<Option<DateTime<Utc>>> =
            query_scalar("SELECT accepted_at FROM invitations WHERE user_id = $1").bind(user_id).fetch_optional(&mut tx).await?;
        if !matches!(accepted, Some(None)) {
            return Err(StoreError::form(Problem::InvitationAccepted));
        }
        let (_, company_name) = company_status(&mut tx, admin.company_id).await?;
        let email = match new_email {
            Some(new) if new != user.email => {
                if address_taken(&mut tx, new).await? {
                    return Err(StoreError::field("email", Problem::EmailHasAccount));
                }
                query("UPDATE users SET email = $1 WHERE id = $2").bind(new).bind(user_id).execute(&mut tx).await?;
                audit(
                    &mut tx,
                    Some(admin.company_id),
                    &admin.actor(),
                    "invitation_corrected",
                    &person(&user.full_name, new),
                    Some(&format!("{} → {new}", user.email)),
                    now,
                )
                .await?;
                new.to_owned()
            }
            _ => {
                audit(&mut tx, Some(admin.company_id), &admin.actor(), "invitation_resent", &person(&user.full_name, &user.email), None, now).await?;
                user.email.clone()
            }
        };
        query("UPDATE invitations SET token_hash = $1, sent_at = $2 WHERE user_id = $3")
            .bind(secret_hash(INVITE_CONTEXT, token))
            .bind(now)
            .bind(user_id)
            .execute(&mut tx)
            .await?;
        tx.commit().await?;
        Ok(LinkRecipient { email, full_name: user.full_name, locale: user.locale, company_name })
    }

    /// Who an invitation link is for, and whether it is still good (for the page it opens).
    pub async fn invitation(&self, token: &str, now: DateTime<Utc>) -> StoreResult<LinkRecipient> {
        let mut tx = self.pool.begin().await?;
        let found = find_invitation(&mut tx, token, now).await?;
        let user = user_in_any(&mut tx, found).await?;
        let (_, company_name) = company_status(&mut tx, user.company_id).await?;
        Ok(LinkRecipient { email: user.email, full_name: user.full_name, locale: user.locale, company_name })
    }

    /// The invited user sets their password; the link is spent.
    pub async fn accept_invitation(&self, token: &str, password_hash: &str, now: DateTime<Utc>) -> StoreResult<UserRecord> {
        let mut tx = self.begin_write().await?;
        let user_id = find_invitation(&mut tx, token, now).await?;
        query("UPDATE invitations SET accepted_at = $1 WHERE user_id = $2").bind(now).bind(user_id).execute(&mut tx).await?;
        query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(password_hash).bind(user_id).execute(&mut tx).await?;
        let user = user_in_any(&mut tx, user_id).await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "invitation_accepted", &person(&user.full_name, &user.email), None, now).await?;
        tx.commit().await?;
        Ok(user)
    }

    /// A Global admin changes a user's roles; the company keeps a Global admin.
    pub async fn change_roles(&self, admin: &UserRecord, user_id: i64, roles: &[Role], now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        let user = user_in_company(&mut tx, admin.company_id, user_id).await?;
        let others = global_admins(&mut tx, admin.company_id, user_id).await?;
        keeps_a_global_admin(others + usize::from(roles.contains(&Role::GlobalAdmin))).map_err(StoreError::form)?;
        set_roles(&mut tx, user_id, roles).await?;
        let change = format!("{} → {}", roles_text(&user.roles), roles_text(roles));
        audit(&mut tx, Some(admin.company_id), &admin.actor(), "roles_changed", &person(&user.full_name, &user.email), Some(&change), now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A Global admin deletes a user (L-7): their sessions end at once (the user no longer
    /// loads), their address is freed, their history stays.
    pub async fn delete_user(&self, admin: &UserRecord, user_id: i64, now: DateTime<Utc>) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        if user_id == admin.id {
            return Err(StoreError::form(Problem::CannotDeleteSelf));
        }
        let user = user_in_company(&mut tx, admin.company_id, user_id).await?;
        keeps_a_global_admin(global_admins(&mut tx, admin.company_id, user_id).await?).map_err(StoreError::form)?;
        query("UPDATE users SET deleted_at = $1, email = email || '#deleted-' || id, password_hash = '' WHERE id = $2")
            .bind(now)
            .bind(user_id)
            .execute(&mut tx)
            .await?;
        query("DELETE FROM user_roles WHERE user_id = $1").bind(user_id).execute(&mut tx).await?;
        query("DELETE FROM invitations WHERE user_id = $1").bind(user_id).execute(&mut tx).await?;
        // L-7: their links end; the history stays.
        query("UPDATE links SET ended_at = $1, end_reason = 'user deleted' WHERE user_id = $2 AND ended_at IS NULL")
            .bind(now)
            .bind(user_id)
            .execute(&mut tx)
            .await?;
        query("DELETE FROM university_links WHERE user_id = $1").bind(user_id).execute(&mut tx).await?;
        query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL").bind(now).bind(user_id).execute(&mut tx).await?;
        audit(&mut tx, Some(admin.company_id), &admin.actor(), "user_deleted", &person(&user.full_name, &user.email), None, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// "Forgot password": a reset link for an active user with a password, unless the account
    /// had its hour's reset mails already; `None` otherwise (the page answers the same).
    pub async fn start_password_reset(&self, email: &str, token: &str, now: DateTime<Utc>) -> StoreResult<Option<LinkRecipient>> {
        let mut tx = self.begin_write().await?;
        let Some(user) = load_user(&mut tx, None, Some(email)).await?.filter(|u| !u.password_hash.is_empty()) else {
            return Ok(None);
        };
        let (sent,): (i64,) = query_as("SELECT COUNT(*) FROM password_resets WHERE user_id = $1 AND sent_at > $2")
            .bind(user.id)
            .bind(now - Duration::hours(1))
            .fetch_one(&mut tx)
            .await?;
        if !reset_mail_allowed(sent as u32) {
            return Ok(None);
        }
        query("INSERT INTO password_resets (token_hash, user_id, sent_at) VALUES ($1, $2, $3)")
            .bind(secret_hash(RESET_CONTEXT, token))
            .bind(user.id)
            .bind(now)
            .execute(&mut tx)
            .await?;
        let (_, company_name) = company_status(&mut tx, user.company_id).await?;
        tx.commit().await?;
        Ok(Some(LinkRecipient { email: user.email, full_name: user.full_name, locale: user.locale, company_name }))
    }

    /// Sets a new password with a reset link; every reset link of the user is spent and every
    /// session of theirs ends (the session remembers the old hash).
    pub async fn reset_password(&self, token: &str, password_hash: &str, now: DateTime<Utc>) -> StoreResult<UserRecord> {
        let mut tx = self.begin_write().await?;
        let found: Option<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> =
            query_as("SELECT user_id, sent_at, used_at FROM password_resets WHERE token_hash = $1")
                .bind(secret_hash(RESET_CONTEXT, token))
                .fetch_optional(&mut tx)
                .await?;
        let Some((user_id, sent_at, used_at)) = found else {
            return Err(StoreError::form(Problem::LinkInvalid));
        };
        link_valid(sent_at, used_at.is_some(), Duration::minutes(RESET_VALID_MINUTES), now).map_err(StoreError::form)?;
        let user = user_in_any(&mut tx, user_id).await?;
        query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL").bind(now).bind(user_id).execute(&mut tx).await?;
        query("UPDATE users SET password_hash = $1 WHERE id = $2").bind(password_hash).bind(user_id).execute(&mut tx).await?;
        audit(&mut tx, Some(user.company_id), &user.actor(), "password_reset", &person(&user.full_name, &user.email), None, now).await?;
        tx.commit().await?;
        Ok(UserRecord { password_hash: password_hash.to_owned(), ..user })
    }
}

/// The user an invitation token belongs to, if the link is still good.
async fn find_invitation(tx: &mut Tx, token: &str, now: DateTime<Utc>) -> StoreResult<i64> {
    let found: Option<(i64, DateTime<Utc>, Option<DateTime<Utc>>)> = query_as("SELECT user_id, sent_at, accepted_at FROM invitations WHERE token_hash = $1")
        .bind(secret_hash(INVITE_CONTEXT, token))
        .fetch_optional(&mut *tx)
        .await?;
    let Some((user_id, sent_at, accepted_at)) = found else {
        return Err(StoreError::form(Problem::LinkInvalid));
    };
    link_valid(sent_at, accepted_at.is_some(), Duration::days(INVITATION_VALID_DAYS), now).map_err(StoreError::form)?;
    Ok(user_id)
}

async fn user_in_any(tx: &mut Tx, user_id: i64) -> StoreResult<UserRecord> {
    load_user(tx, Some(user_id), None).await?.ok_or_else(|| StoreError::form(Problem::LinkInvalid))
}
