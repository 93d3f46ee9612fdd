use crate::components::{ErrorSummary, FormState};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// The primary contact confirms their address with the emailed link (E-8).
#[server(endpoint = "verify_contact")]
pub async fn verify_contact(token: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::state;
    with_flash("verify_contact", vec![], false, async move {
        state()?.store.verify_contact(token.trim(), chrono::Utc::now()).await?;
        leptos_axum::redirect("/contact/verified");
        Ok(())
    })
    .await
}

/// The page the emailed link opens: one button, so that mail scanners opening links confirm
/// nothing.
#[component]
pub fn ContactVerifyPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let token = move || query.with(|q| q.get("token")).unwrap_or_default();
    let flash = Resource::new(|| (), |_| take_flash("verify_contact".into()));
    view! {
        <div class="page narrow">
            <section class="card">
                <h1>{t!(i18n, contact_verify.title)}</h1>
                <p class="lead">{t!(i18n, contact_verify.lead)}</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let state = FormState::new();
                        if let Ok(Some(f)) = flash.await {
                            state.restore(&f, &[]);
                        }
                        let action = ServerAction::<VerifyContact>::new();
                        state.follow(action);
                        view! {
                            <ErrorSummary state/>
                            <ActionForm action attr:class="form">
                                <input type="hidden" name="token" value=token/>
                                <div class="actions">
                                    <button type="submit" class="button primary">{t!(i18n, contact_verify.confirm)}</button>
                                </div>
                            </ActionForm>
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}

#[component]
pub fn ContactVerifiedPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page narrow">
            <section class="card">
                <h1>{t!(i18n, contact_verify.done_title)}</h1>
                <p class="lead" role="status">{t!(i18n, contact_verify.done)}</p>
            </section>
        </div>
    }
}
