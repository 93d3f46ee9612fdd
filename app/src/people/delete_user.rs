use crate::error::AppError;
use leptos::prelude::*;

/// A Global admin deletes a user who left (L-7): their sessions end at once.
#[server(endpoint = "delete_user")]
pub async fn delete_user(user_id: i64) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    with_flash("delete_user", vec![], true, async move {
        let admin = user_who_can(partnerhub_domain::Capability::DeleteUsers).await?;
        state()?.store.delete_user(&admin, user_id, chrono::Utc::now()).await?;
        Ok(())
    })
    .await
}
