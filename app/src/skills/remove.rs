use crate::error::AppError;
use leptos::prelude::*;

/// A Global or Partner admin removes a departed person from the report (L-7): their link ends
/// ("removed by admin"); nobody is linked by this.
#[server(endpoint = "remove_from_report")]
pub async fn remove_from_report(user_id: i64) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    with_flash("remove_from_report", vec![], true, async move {
        let admin = user_who_can(partnerhub_domain::Capability::ViewSkills).await?;
        state()?.store.remove_from_report(&admin, user_id, chrono::Utc::now()).await?;
        Ok(())
    })
    .await
}
