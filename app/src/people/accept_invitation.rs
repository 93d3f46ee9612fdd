use crate::auth::NewPasswordFields;
use crate::components::{ErrorSummary, FormState};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use crate::text::failure_text;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationView {
    pub full_name: String,
    pub email: String,
    pub company_name: String,
}

/// Who an invitation link is for (the page it opens), or why it no longer works.
#[server(endpoint = "invitation")]
pub async fn invitation(token: String) -> Result<InvitationView, AppError> {
    use crate::server::*;
    respond(
        async {
            let found = state()?.store.invitation(token.trim(), chrono::Utc::now()).await?;
            Ok(InvitationView { full_name: found.full_name, email: found.email, company_name: found.company_name })
        }
        .await,
    )
    .await
}

/// The invited user sets their password; the link is spent and they are signed in.
#[server(endpoint = "accept_invitation")]
pub async fn accept_invitation(token: String, password: String, password_repeat: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_core::auth::Principal;
    with_flash("accept_invitation", vec![], false, async move {
        let password = crate::auth::parse_new_password(&password, &password_repeat)?;
        let state = state()?;
        let hash = partnerhub_core::credentials::hash_password(password).await?;
        let now = chrono::Utc::now();
        let user = state.store.accept_invitation(token.trim(), &hash, now).await?;
        crate::server::sign_in_as(Principal::User(user), now).await?;
        leptos_axum::redirect("/company");
        Ok(())
    })
    .await
}

#[component]
pub fn AcceptInvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    let found = Resource::new(token, invitation);
    let flash = Resource::new(|| (), |_| take_flash("accept_invitation".into()));
    view! {
        <div class="page narrow">
            <section class="card">
                <h1>{t!(i18n, invitation.title)}</h1>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let invited = match found.await {
                            Ok(v) => v,
                            Err(e) => return view! {
                                <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p>
                                <p><a href="/signin">{t!(i18n, nav.sign_in)}</a></p>
                            }.into_any(),
                        };
                        let state = FormState::new();
                        if let Ok(Some(f)) = flash.await {
                            state.restore(&f, &[]);
                        }
                        let action = ServerAction::<AcceptInvitation>::new();
                        state.follow(action);
                        view! {
                            <p class="lead">{t!(i18n, invitation.lead, name = invited.full_name.clone(), company = invited.company_name.clone())}</p>
                            <ErrorSummary state/>
                            <ActionForm action attr:novalidate=true attr:class="form">
                                <input type="hidden" name="token" value=token/>
                                <div class="field">
                                    <label for="field-username">{t!(i18n, sign_in.email)}</label>
                                    <input id="field-username" type="email" autocomplete="username" readonly value=invited.email.clone()/>
                                </div>
                                <NewPasswordFields state/>
                                <div class="actions">
                                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                                        {t!(i18n, invitation.submit)}
                                    </button>
                                </div>
                            </ActionForm>
                        }.into_any()
                    })}
                </Suspense>
            </section>
        </div>
    }
}
