use crate::error::AppError;
use leptos::prelude::*;

/// Step 6: authority to sign and the partner agreement (E-7), then the company is created, the
/// enroller is signed in as its first Global admin (E-10) and the primary contact is emailed.
#[server(endpoint = "complete_enrollment")]
pub async fn complete_enrollment(
    #[server(default)] authority: Option<String>,
    #[server(default)] accept: Option<String>,
    version: String,
) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use crate::text::locale_from_tag;
    use partnerhub_domain::enrollment::{check_acceptance, CURRENT_AGREEMENT_VERSION};
    use partnerhub_domain::Step;
    with_flash("complete_enrollment", vec![], false, async move {
        check_acceptance(authority.is_some(), accept.is_some(), &version).map_err(AppError::Refused)?;
        let state = state()?;
        let id = require_enrollment_id().await?;
        let token = partnerhub_core::credentials::new_token();
        let created = state.store.complete_enrollment(&id, CURRENT_AGREEMENT_VERSION, &token, chrono::Utc::now()).await?;
        let link = format!("{}/contact/verify?token={token}", state.config.public_url);
        let mail = crate::enrollment::mail::contact_mail(
            locale_from_tag(&created.contact_locale),
            created.contact.email.as_str(),
            created.contact.name.as_str(),
            &created.user.full_name,
            &created.legal_name,
            &link,
        );
        // The company exists now: a failed send is told on its status page, which offers to
        // send the link again, instead of failing an enrollment that cannot be repeated.
        if send_mail(&state, mail).await.is_err() {
            state.store.contact_mail_failed(created.company_id).await?;
        }
        let session = session().await?;
        let _ = session.remove::<String>(ENROLLMENT_KEY).await;
        crate::server::sign_in_as(partnerhub_core::auth::Principal::User(created.user), chrono::Utc::now()).await?;
        leptos_axum::redirect(Step::Done.path());
        Ok(())
    })
    .await
}
