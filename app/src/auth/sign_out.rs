use crate::error::AppError;
use leptos::prelude::*;

/// Ends the session.
#[server(endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    let mut auth = crate::server::auth_session().await?;
    auth.logout().await.map_err(|e| crate::server::internal("sign-out", e))?;
    leptos_axum::redirect("/signin?signed_out=1");
    Ok(())
}
