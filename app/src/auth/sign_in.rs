use crate::components::{ErrorSummary, Field, FormState, TextInput};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Signs in a company user or reviewer with email and password; a new session id is issued.
/// Ends on the page the person came for (`next`) when it is theirs, else on their start page.
/// Attempts are counted before the password is checked and throttled per address, client and
/// known browser (`access`), so a burst of simultaneous attempts cannot pass the limit.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String, #[server(default)] next: Option<String>) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_core::auth::{Credentials, Principal};
    use partnerhub_core::credentials::secret_hash;
    use partnerhub_domain::Problem;
    with_flash("sign_in", vec![("email", email.clone())], false, async move {
        let email = partnerhub_domain::email::parse_address(&email).map_err(|p| AppError::field("email", p))?;
        if password.is_empty() {
            return Err(AppError::field("password", Problem::Required));
        }
        let state = state()?;
        let now = chrono::Utc::now();
        let client = client_address().await;
        let device = cookie(DEVICE_COOKIE).await.filter(|t| t.len() == 32);
        let device_hash = device.as_deref().map(|t| secret_hash(DEVICE_COOKIE, t));
        let attempt = state.store.begin_sign_in(&email, &client, device_hash.as_deref(), now).await?;
        let auth = auth_session().await?;
        let found = auth.authenticate(Credentials { email: email.clone(), password }).await.map_err(|e| match e {
            axum_login::Error::Backend(partnerhub_core::auth::AuthError(store)) => AppError::from(store),
            other => internal("sign-in", other),
        })?;
        let Some(principal) = found else { return Err(AppError::form(Problem::SignInFailed)) };
        state.store.attempt_succeeded(attempt).await?;
        let reviewer = matches!(principal, Principal::Reviewer(_));
        sign_in_as(principal, now).await?;
        leptos_axum::redirect(partnerhub_domain::access::after_sign_in(next.as_deref(), reviewer));
        Ok(())
    })
    .await
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let signed_out = move || query.with(|q| q.get("signed_out").is_some());
    // The page a sign-in request came from, carried through the form (JavaScript or not).
    let next = move || query.with(|q| q.get("next").filter(|n| partnerhub_domain::access::return_path(n).is_some()));
    let flash = Resource::new(|| (), |_| take_flash("sign_in".into()));
    view! {
        <div class="page narrow">
            <section class="card">
                <h1>{t!(i18n, sign_in.title)}</h1>
                <Show when=signed_out>
                    <p class="notice" role="status">{t!(i18n, sign_in.signed_out)}</p>
                </Show>
                <Show when=move || next().is_some()>
                    <p class="notice" role="status">{t!(i18n, sign_in.to_continue)}</p>
                </Show>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let state = FormState::new();
                        let email = Field::new("email", String::new(), None);
                        let password = Field::new("password", String::new(), None);
                        if let Ok(Some(f)) = flash.await {
                            state.restore(&f, &[email]);
                        }
                        let action = ServerAction::<SignIn>::new();
                        state.follow(action);
                        view! {
                            <ErrorSummary state/>
                            <ActionForm action attr:novalidate=true attr:class="form">
                                {move || next().map(|next| view! { <input type="hidden" name="next" value=next/> })}
                                <TextInput state field=email kind="email" autocomplete="username"
                                    label=move || t_string!(i18n, sign_in.email).to_string()/>
                                <TextInput state field=password kind="password" autocomplete="current-password"
                                    label=move || t_string!(i18n, sign_in.password).to_string()/>
                                <div class="actions">
                                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                                        {t!(i18n, sign_in.submit)}
                                    </button>
                                </div>
                            </ActionForm>
                        }
                    })}
                </Suspense>
                <p><a href="/forgot-password">{t!(i18n, sign_in.forgot)}</a></p>
                <p class="muted">{t!(i18n, sign_in.no_account)} " " <a href="/enroll">{t!(i18n, nav.enroll)}</a></p>
            </section>
        </div>
    }
}
