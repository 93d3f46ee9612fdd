use crate::error::AppError;
use leptos::prelude::*;

/// "Remove access" (L-6): the user ends their own link now. The history stays.
#[server(endpoint = "remove_access")]
pub async fn remove_access() -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    with_flash("remove_access", vec![], true, async move {
        let user = company_user().await?;
        state()?.store.unlink(&user, chrono::Utc::now()).await?;
        Ok(())
    })
    .await
}
