use crate::error::AppError;
use leptos::prelude::*;

/// A Global admin changes a user's roles; the last Global admin keeps theirs.
#[server(endpoint = "change_roles")]
pub async fn change_roles(user_id: i64, global_admin: Option<String>, account_admin: Option<String>, partner_admin: Option<String>) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    with_flash("change_roles", vec![], true, async move {
        let admin = user_who_can(partnerhub_domain::Capability::AssignRoles).await?;
        let roles = super::ticked_roles(&global_admin, &account_admin, &partner_admin);
        state()?.store.change_roles(&admin, user_id, &roles, chrono::Utc::now()).await?;
        Ok(())
    })
    .await
}
