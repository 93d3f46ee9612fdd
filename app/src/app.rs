//! The document shell, the frame every page shares (header, language switch, footer) and the
//! routes. Every route renders completely on the server before the first byte is sent, so a
//! browser without JavaScript sees whole pages.

use crate::auth::{current_user, ForgotPasswordPage, ResetPasswordPage, SignOut};
use crate::company::{CompanyAgreementPage, CompanyStatusPage, ContactVerifiedPage, ContactVerifyPage, CorrectDetailsPage, LocationsPage};
use crate::dev::OutboxPage;
use crate::enrollment::pages::*;
use crate::i18n::*;
use crate::people::{AcceptInvitationPage, AuditPage, UsersPage};
use crate::review::ReviewQueuePage;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <crate::email_policy::EmailPolicyMeta/>
                <crate::embed::EmbedHead/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body class=crate::embed::body_class()>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider>
            <Stylesheet id="leptos" href="/pkg/partnerhub.css"/>
            <AppTitle/>
            <Router>
                <a class="skip-link" href="#main">{move || t_string!(use_i18n(), nav.skip)}</a>
                <SiteHeader/>
                <main id="main">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=Home ssr=SsrMode::Async/>
                        <Route path=path!("/enroll") view=EmailPage ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/verify") view=CodePage ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/account") view=AccountPage ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/company") view=CompanyPage ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/contact") view=ContactPage ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/agreement") view=AgreementPage ssr=SsrMode::Async/>
                        <Route path=path!("/company") view=CompanyStatusPage ssr=SsrMode::Async/>
                        <Route path=path!("/contact/verify") view=ContactVerifyPage ssr=SsrMode::Async/>
                        <Route path=path!("/contact/verified") view=ContactVerifiedPage ssr=SsrMode::Async/>
                        <Route path=path!("/signin") view=crate::auth::SignInPage ssr=SsrMode::Async/>
                        <Route path=path!("/forgot-password") view=ForgotPasswordPage ssr=SsrMode::Async/>
                        <Route path=path!("/reset-password") view=ResetPasswordPage ssr=SsrMode::Async/>
                        <Route path=path!("/invitation") view=AcceptInvitationPage ssr=SsrMode::Async/>
                        <Route path=path!("/company/details") view=CorrectDetailsPage ssr=SsrMode::Async/>
                        <Route path=path!("/company/locations") view=LocationsPage ssr=SsrMode::Async/>
                        <Route path=path!("/company/agreement") view=CompanyAgreementPage ssr=SsrMode::Async/>
                        <Route path=path!("/company/users") view=UsersPage ssr=SsrMode::Async/>
                        <Route path=path!("/me") view=crate::my_profile::MyProfilePage ssr=SsrMode::Async/>
                        <Route path=path!("/company/skills") view=crate::skills::SkillsPage ssr=SsrMode::Async/>
                        <Route path=path!("/company/competencies") view=crate::skills::CompetenciesPage ssr=SsrMode::Async/>
                        <Route path=path!("/company/audit") view=AuditPage ssr=SsrMode::Async/>
                        <Route path=path!("/review") view=ReviewQueuePage ssr=SsrMode::Async/>
                        <Route path=path!("/dev/outbox") view=OutboxPage ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <footer class="site-footer">{move || t_string!(use_i18n(), footer)}</footer>
            </Router>
        </I18nContextProvider>
    }
}

#[component]
fn AppTitle() -> impl IntoView {
    // A plain string, read once: the language only changes by reloading the page, and a title
    // that reads a signal is read again by the server after the page's reactive owner is gone.
    let i18n = use_i18n();
    let title = untrack(|| format!("{} — {}", t_string!(i18n, app_name), t_string!(i18n, tagline)));
    view! { <Title text=title/> }
}

#[component]
fn SiteHeader() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let user = Resource::new(move || location.pathname.get(), |_| current_user());
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <header class="site-header">
            <a href="/" class="brand">
                <span class="brand-mark" aria-hidden="true">"P"</span>
                <span class="brand-name">{move || t_string!(i18n, app_name)}</span>
            </a>
            <nav class="site-nav" aria-label="Partnerhub">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        match user.await.ok().flatten() {
                            Some(u) => view! {
                                {(!u.is_reviewer()).then(|| view! {
                                    <a href="/me">{t!(i18n, nav.me)}</a>
                                    <a href="/company">{t!(i18n, nav.company)}</a>
                                })}
                                {u.is_reviewer().then(|| view! { <a href="/review">{t!(i18n, nav.review)}</a> })}
                                <span class="muted user-name">{t!(i18n, nav.signed_in_as, name = u.name.clone())}</span>
                                <ActionForm action=sign_out attr:class="inline-form">
                                    <button type="submit" class="button link">{t!(i18n, nav.sign_out)}</button>
                                </ActionForm>
                            }.into_any(),
                            None => view! {
                                <a href="/enroll">{t!(i18n, nav.enroll)}</a>
                                <a href="/signin">{t!(i18n, nav.sign_in)}</a>
                            }.into_any(),
                        }
                    })}
                </Suspense>
            </nav>
            <LanguageSwitch/>
        </header>
    }
}

/// Switches the language with a plain form post (the server sets the cookie and sends the
/// browser back), so it works the same with and without JavaScript.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let back = move || {
        format!("{}{}", location.pathname.get(), location.search.get().is_empty().then(String::new).unwrap_or_else(|| format!("?{}", location.search.get())))
    };
    let button = move |locale: Locale, tag: &'static str, label: &'static str| {
        view! {
            <button type="submit" name="locale" value=tag lang=tag
                class="lang" class:lang-active=move || i18n.get_locale() == locale
                aria-pressed=move || if i18n.get_locale() == locale { "true" } else { "false" }>
                {label}
            </button>
        }
    };
    view! {
        <form method="post" action="/locale" class="lang-switch">
            <span class="visually-hidden">{move || t_string!(i18n, nav.language)}</span>
            <input type="hidden" name="back" value=back/>
            {button(Locale::en, "en", "English")}
            {button(Locale::nl, "nl", "Nederlands")}
        </form>
    }
}

#[component]
fn Home() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page home">
            <section class="hero">
                <h1>{t!(i18n, home.title)}</h1>
                <p class="lead">{t!(i18n, home.lead)}</p>
                <ul class="checklist">
                    <li>{t!(i18n, home.need_email)}</li>
                    <li>{t!(i18n, home.need_legal)}</li>
                    <li>{t!(i18n, home.need_authority)}</li>
                    <li>{t!(i18n, home.need_contact)}</li>
                </ul>
                <p>{t!(i18n, home.review)}</p>
                <p class="actions">
                    <a href="/enroll" class="button primary">{t!(i18n, home.start)}</a>
                    <span class="muted">{t!(i18n, home.have_account)} " " <a href="/signin">{t!(i18n, nav.sign_in)}</a></span>
                </p>
            </section>
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    {
        if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
            resp.set_status(http::StatusCode::NOT_FOUND);
        }
    }
    view! {
        <div class="page narrow">
            <section class="card">
                <h1>{t!(i18n, errors.not_found_title)}</h1>
                <p>{t!(i18n, errors.not_found)}</p>
                <p><a href="/">{t!(i18n, app_name)}</a></p>
            </section>
        </div>
    }
}
