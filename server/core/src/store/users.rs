//! Company users and their roles.

use super::{Store, StoreResult};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub company_id: i64,
    pub email: String,
    pub full_name: String,
    pub password_hash: String,
    pub locale: String,
    pub roles: Vec<String>,
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

impl Store {
    /// The user with this id or this email (whichever is given).
    async fn find_user(&self, id: Option<i64>, email: Option<&str>) -> StoreResult<Option<UserRecord>> {
        let row: Option<Row> = sqlx::query_as(
            "SELECT id, company_id, email, full_name, password_hash, locale FROM users WHERE id = ? OR email = ?",
        )
        .bind(id)
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let roles: Vec<String> = sqlx::query_scalar("SELECT role FROM user_roles WHERE user_id = ? ORDER BY role")
            .bind(row.id)
            .fetch_all(&self.pool)
            .await?;
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

    pub async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>> {
        self.find_user(None, Some(email)).await
    }

    pub async fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>> {
        self.find_user(Some(id), None).await
    }
}
