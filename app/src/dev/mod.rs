//! The development outbox: mail that would have been sent, for a machine with no mail server.
//! It answers only when the operator turned it on (`PARTNERHUB_DEV_OUTBOX=1`, as `make run` does
//! for the demo); the configuration refuses it together with SMTP or an https public URL.

use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutboxEntry {
    pub sent_at: String,
    pub to: String,
    pub subject: String,
    pub body: String,
}

#[server(endpoint = "dev_outbox")]
pub async fn outbox() -> Result<Vec<OutboxEntry>, AppError> {
    crate::server::respond(
        async {
            let state = crate::server::state()?;
            if !state.config.dev_outbox {
                return Err(AppError::Forbidden);
            }
            Ok(state
                .mailer
                .outbox_mails(50)
                .await
                .into_iter()
                .map(|m| OutboxEntry {
                    sent_at: m.sent_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                    to: m.mail.to,
                    subject: m.mail.subject,
                    body: m.mail.body,
                })
                .collect())
        }
        .await,
    )
    .await
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let i18n = use_i18n();
    let mails = Resource::new(|| (), |_| outbox());
    view! {
        <div class="page">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match mails.await {
                        Err(_) => view! { <crate::app::NotFound/> }.into_any(),
                        Ok(mails) => view! {
                            <header class="page-header">
                                <h1>{t!(i18n, outbox.title)}</h1>
                                <p class="lead">{t!(i18n, outbox.lead)}</p>
                            </header>
                            {mails.is_empty().then(|| view! { <p class="card">{t!(i18n, outbox.empty)}</p> })}
                            {mails.into_iter().map(|m| view! {
                                <article class="card mail">
                                    <h2>{m.subject}</h2>
                                    <p class="muted">{t!(i18n, outbox.to)} ": " {m.to} " · " {t!(i18n, outbox.sent)} ": " {m.sent_at}</p>
                                    <pre>{m.body.lines().map(|line| {
                                        let line = line.to_owned();
                                        if line.starts_with("http://") || line.starts_with("https://") {
                                            view! { <a href=line.clone()>{line.clone()}</a> "\n" }.into_any()
                                        } else {
                                            view! { {line} "\n" }.into_any()
                                        }
                                    }).collect_view()}</pre>
                                </article>
                            }).collect_view()}
                        }.into_any(),
                    }
                })}
            </Suspense>
        </div>
    }
}
