//! The operator's work-email policy on the page. The server writes it into every page's head
//! (`<meta name="partnerhub-email-policy">`, the role words and free-mail domains of
//! `PARTNERHUB_DENIED_WORDS` and `PARTNERHUB_PERSONAL_DOMAINS`); the browser reads it once as
//! it starts, and every instant work-email check uses it, so the page refuses exactly what the
//! server refuses.

use leptos::prelude::*;
use partnerhub_domain::{EmailPolicy, Problem};
use std::cell::RefCell;

/// The `name` of the meta tag that carries the policy.
pub const META_NAME: &str = "partnerhub-email-policy";

thread_local! {
    /// The policy the page's checks use; the built-in lists until the page's own is read.
    static POLICY: RefCell<Option<EmailPolicy>> = const { RefCell::new(None) };
}

/// Uses `policy` for the instant checks from now on.
pub fn set(policy: EmailPolicy) {
    POLICY.with(|p| *p.borrow_mut() = Some(policy));
}

/// The instant check of a work email (E-1, E-2, E-3) under the page's policy.
pub fn check_work_email(value: &str) -> Result<(), Problem> {
    POLICY.with(|p| match p.borrow().as_ref() {
        Some(policy) => check_work_email_with(policy, value),
        None => check_work_email_with(&EmailPolicy::default(), value),
    })
}

/// The same check under `policy`.
pub fn check_work_email_with(policy: &EmailPolicy, value: &str) -> Result<(), Problem> {
    policy.parse(value).map(|_| ())
}

/// The meta tag with the server's policy (empty in the browser, which reads it instead).
#[component]
pub fn EmailPolicyMeta() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let content = use_context::<partnerhub_core::AppState>().and_then(|state| serde_json::to_string(&state.config.email_policy).ok()).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let content = String::new();
    view! { <meta name=META_NAME content=content/> }
}

/// Reads the policy the server wrote into the page; without one the built-in lists stay.
#[cfg(feature = "hydrate")]
pub fn load_from_page() {
    let content = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(&format!("meta[name={META_NAME}]")).ok().flatten())
        .and_then(|meta| meta.get_attribute("content"));
    if let Some(policy) = content.and_then(|c| serde_json::from_str::<EmailPolicy>(&c).ok()) {
        set(policy);
    }
}
