use crate::error::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use partnerhub_domain::{Role, Status};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub full_name: String,
    pub email: String,
    pub roles: Vec<Role>,
    pub invited_at: Option<DateTime<Utc>>,
}

/// The users page: the company's users and what the caller may do with them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersView {
    pub company_name: String,
    pub status: Status,
    pub me: i64,
    pub my_roles: Vec<Role>,
    pub users: Vec<UserRow>,
}

/// The caller's company's users (Global and Account admins).
#[server(endpoint = "company_users")]
pub async fn company_users() -> Result<UsersView, AppError> {
    use crate::server::*;
    respond(
        async {
            let me = user_who_can(partnerhub_domain::Capability::ViewUsers).await?;
            let store = &state()?.store;
            let company = store.company_view(me.company_id).await?.ok_or(AppError::Internal)?;
            let users = store.company_users(me.company_id).await?;
            Ok(UsersView {
                company_name: company.legal_name,
                status: company.status,
                me: me.id,
                my_roles: me.roles,
                users: users
                    .into_iter()
                    .map(|u| UserRow { id: u.id, full_name: u.full_name, email: u.email, roles: u.roles, invited_at: u.invited_at })
                    .collect(),
            })
        }
        .await,
    )
    .await
}
