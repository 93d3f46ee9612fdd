use crate::components::{ErrorSummary, Field, FormState, TextInput};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Signs in with work email and password; a new session id is issued.
#[server(endpoint = "sign_in")]
pub async fn sign_in(email: String, password: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_core::auth::Credentials;
    use partnerhub_domain::Problem;
    with_flash("sign_in", vec![("email", email.clone())], false, async move {
        let email = partnerhub_domain::email::parse_address(&email).map_err(|p| AppError::field("email", p))?;
        if password.is_empty() {
            return Err(AppError::field("password", Problem::Required));
        }
        let mut auth = auth_session().await?;
        let user = auth
            .authenticate(Credentials { email, password })
            .await
            .map_err(|e| internal("sign-in", e))?
            .ok_or_else(|| AppError::form(Problem::SignInFailed))?;
        auth.login(&user).await.map_err(|e| internal("sign-in session", e))?;
        leptos_axum::redirect("/company");
        Ok(())
    })
    .await
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let signed_out = move || query.with(|q| q.get("signed_out").is_some());
    let flash = Resource::new(|| (), |_| take_flash("sign_in".into()));
    view! {
        <div class="page narrow">
            <section class="card">
                <h1>{t!(i18n, sign_in.title)}</h1>
                <Show when=signed_out>
                    <p class="notice" role="status">{t!(i18n, sign_in.signed_out)}</p>
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
                <p class="muted">{t!(i18n, sign_in.no_account)} " " <a href="/enroll">{t!(i18n, nav.enroll)}</a></p>
            </section>
        </div>
    }
}
