use super::new_password::NewPasswordFields;
use crate::components::{ErrorSummary, FormState};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Sets a new password with an emailed reset link, ends the user's other sessions (the
/// session remembers the old hash) and signs this browser in.
#[server(endpoint = "reset_password")]
pub async fn reset_password(token: String, password: String, password_repeat: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_core::auth::Principal;
    with_flash("reset_password", vec![], false, async move {
        let password = super::new_password::parse_new_password(&password, &password_repeat)?;
        let state = state()?;
        let hash = partnerhub_core::credentials::hash_password(password).await?;
        let now = chrono::Utc::now();
        let user = state.store.reset_password(token.trim(), &hash, now).await?;
        sign_in_as(Principal::User(user), now).await?;
        leptos_axum::redirect("/company");
        Ok(())
    })
    .await
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    let flash = Resource::new(|| (), |_| take_flash("reset_password".into()));
    view! {
        <div class="page narrow">
            <section class="card">
                <h1>{t!(i18n, reset.title)}</h1>
                <p class="lead">{t!(i18n, reset.lead)}</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let state = FormState::new();
                        if let Ok(Some(f)) = flash.await {
                            state.restore(&f, &[]);
                        }
                        let action = ServerAction::<ResetPassword>::new();
                        state.follow(action);
                        view! {
                            <ErrorSummary state/>
                            <ActionForm action attr:novalidate=true attr:class="form">
                                <input type="hidden" name="token" value=token/>
                                <NewPasswordFields state/>
                                <div class="actions">
                                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                                        {t!(i18n, reset.submit)}
                                    </button>
                                </div>
                            </ActionForm>
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}
