use crate::components::{ErrorSummary, Field, FormState, TextInput};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use leptos::prelude::*;

/// "Forgot password": mails a reset link when the address belongs to a user. The answer is
/// the same whether it does or not.
#[server(endpoint = "request_password_reset")]
pub async fn request_password_reset(email: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    with_flash("request_password_reset", vec![("email", email.clone())], true, async move {
        let email = partnerhub_domain::email::parse_address(&email).map_err(|p| AppError::field("email", p))?;
        let state = state()?;
        let token = partnerhub_core::credentials::new_token();
        if let Some(to) = state.store.start_password_reset(&email, &token, chrono::Utc::now()).await? {
            let url = link(&state, &format!("/reset-password?token={token}"));
            send_mail(&state, super::mail::reset_mail(&to, &url)).await?;
        }
        Ok(())
    })
    .await
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let flash = Resource::new(|| (), |_| take_flash("request_password_reset".into()));
    view! {
        <div class="page narrow">
            <section class="card">
                <h1>{t!(i18n, reset.forgot_title)}</h1>
                <p class="lead">{t!(i18n, reset.forgot_lead)}</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let state = FormState::new();
                        let email = Field::new("email", String::new(), Some(|s| partnerhub_domain::email::parse_address(s).map(|_| ())));
                        if let Ok(Some(f)) = flash.await {
                            state.restore(&f, &[email]);
                        }
                        let action = ServerAction::<RequestPasswordReset>::new();
                        state.follow(action);
                        view! {
                            <Show when=move || state.succeeded.get()>
                                <p class="notice" role="status">{t!(i18n, reset.sent)}</p>
                            </Show>
                            <ErrorSummary state/>
                            <ActionForm action attr:novalidate=true attr:class="form">
                                <TextInput state field=email kind="email" autocomplete="username"
                                    label=move || t_string!(i18n, sign_in.email).to_string()/>
                                <div class="actions">
                                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                                        {t!(i18n, reset.send_link)}
                                    </button>
                                </div>
                            </ActionForm>
                        }
                    })}
                </Suspense>
                <p><a href="/signin">{t!(i18n, nav.sign_in)}</a></p>
            </section>
        </div>
    }
}
