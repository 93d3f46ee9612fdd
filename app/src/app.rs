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
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, Lazy, LazyRoute, SsrMode};

pub fn shell(options: LeptosOptions) -> impl IntoView {
    // For the names of the files of the page's part of the app (`PartFiles`).
    provide_context(options.clone());
    provide_context(crate::site_files::PagePart::default());
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
                <link rel="stylesheet" href=crate::site_files::site_file(&options, "css")/>
                <crate::site_files::AppScript options=options.clone()/>
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
    crate::components::Clock::provide();
    #[cfg(feature = "hydrate")]
    Effect::new(|_| crate::components::pointer::watch());
    // A link to a page whose part of the app is still on its way takes a moment on a phone
    // network: the bar and the announcement say the page is coming.
    let (routing, set_routing) = signal(false);
    view! {
        <I18nContextProvider>
            <AppTitle/>
            <Router set_is_routing=set_routing>
                <a class="skip-link" href="#main">{move || t_string!(use_i18n(), nav.skip)}</a>
                <div class="routing-bar" class:routing=routing aria-hidden="true"></div>
                <p class="visually-hidden" role="status">{move || routing.get().then(|| t_string!(use_i18n(), nav.loading))}</p>
                <SiteHeader/>
                <main id="main">
                    <Routes fallback=|| view! { <NotFound/> }>
                        <Route path=path!("/") view=Home ssr=SsrMode::Async/>
                        <Route path=path!("/enroll") view=EmailPage ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/verify") view={Lazy::<CodeRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/account") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/company") view={Lazy::<CompanyRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/contact") view={Lazy::<ContactRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/enroll/agreement") view={Lazy::<AgreementRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/company") view={Lazy::<CompanyStatusRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/contact/verify") view={Lazy::<ContactVerifyRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/contact/verified") view={Lazy::<ContactVerifiedRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/signin") view=crate::auth::SignInPage ssr=SsrMode::Async/>
                        <Route path=path!("/forgot-password") view={Lazy::<ForgotPasswordRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/reset-password") view={Lazy::<ResetPasswordRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/invitation") view={Lazy::<AcceptInvitationRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/company/details") view={Lazy::<CorrectDetailsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/company/locations") view={Lazy::<LocationsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/company/agreement") view={Lazy::<CompanyAgreementRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/company/users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/me") view={Lazy::<MyProfileRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/company/skills") view={Lazy::<SkillsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/company/competencies") view={Lazy::<CompetenciesRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/company/audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/review") view={Lazy::<ReviewQueueRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!("/dev/outbox") view={Lazy::<OutboxRoute>::new()} ssr=SsrMode::Async/>
                    </Routes>
                </main>
                <footer class="site-footer">{move || t_string!(use_i18n(), footer)}</footer>
            </Router>
            <crate::site_files::PartFiles/>
        </I18nContextProvider>
    }
}

/// The pages come in lazily loaded parts of the WebAssembly, one per kind of visitor (the
/// release build runs cargo-leptos with `--split`): someone who signs in or starts enrolling
/// downloads the code of those pages and none of the admin, review or profile pages. The
/// server renders each page whole as before, so the page is there before its part arrives;
/// hydration waits for the part (`hydrate_from_async` in `hydrate`). Few parts rather than one
/// per page: code shared by several parts travels as a chunk of its own, so every extra part
/// adds requests.
/// The pages where people arrive (home, sign-in, the first enrollment step, not found) are in
/// no part: a first visit comes to life with the main module alone, and the code those pages
/// share with the parts travels once, in the main module, rather than as many small chunks.
///
/// A part that cannot be downloaded (a phone between masts) is not fatal: see
/// `part_unavailable`.
macro_rules! lazy_parts {
    ($($part:ident, $preload:ident, $kind:ident { $($route:ident => $($page:ident)::+),* $(,)? })*) => {$(
        // The variants carry their routes' names, so they all end in `Route`.
        #[derive(Clone, Copy)]
        #[allow(clippy::enum_variant_names)]
        enum $kind {
            $($route),*
        }

        #[cfg_attr(
            feature = "hydrate",
            leptos::wasm_split::wasm_split($part, wasm_split_path = ::leptos::wasm_split, preload(#[doc(hidden)] $preload), fallible)
        )]
        fn $part(page: $kind) -> Result<AnyView, PartUnavailable> {
            Ok(match page {
                $($kind::$route => untrack(|| $($page)::+()).into_any(),)*
            })
        }

        $(
            struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    #[cfg(not(feature = "hydrate"))]
                    crate::site_files::PagePart::note(stringify!($part));
                    $route
                }

                async fn view(_this: Self) -> AnyView {
                    loop {
                        #[cfg(feature = "hydrate")]
                        let view = $part($kind::$route).await;
                        #[cfg(not(feature = "hydrate"))]
                        let view = $part($kind::$route);
                        match view {
                            Ok(view) => return view,
                            Err(PartUnavailable) => part_unavailable().await,
                        }
                    }
                }

                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    while $preload().await.is_err() {
                        part_unavailable().await;
                    }
                }
            }
        )*
    )*};
}

/// A page's part of the app could not be downloaded (only ever in the browser).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct PartUnavailable;

#[cfg(feature = "hydrate")]
impl From<leptos::wasm_split::SplitLoaderError> for PartUnavailable {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        PartUnavailable
    }
}

/// When a page's part cannot be downloaded, nothing breaks. A page being brought to life stays
/// as the server sent it, which works as it does without JavaScript (links load pages, forms
/// post), and the part is tried again after a pause that grows from 2 to 32 seconds: this
/// returns when it is time for another try. A link followed in a live page opens its page with
/// a full load instead, from the server; then this never returns, so the route waits while the
/// browser moves on.
async fn part_unavailable() {
    #[cfg(feature = "hydrate")]
    {
        use std::sync::atomic::{AtomicU32, Ordering};
        static FAILURES: AtomicU32 = AtomicU32::new(0);
        if !crate::HYDRATED.load(Ordering::Relaxed) {
            let failures = FAILURES.fetch_add(1, Ordering::Relaxed).min(4);
            let pause = web_sys::js_sys::Promise::new(&mut |resolve, _| {
                let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 2_000 << failures);
            });
            let _ = wasm_bindgen_futures::JsFuture::from(pause).await;
            return;
        }
        let url = leptos_router::hooks::use_url().get_untracked();
        let search = if url.search().is_empty() { String::new() } else { format!("?{}", url.search()) };
        if let Err(e) = window().location().assign(&format!("{}{search}{}", url.path(), url.hash())) {
            leptos::logging::error!("could not open the page: {e:?}");
        }
    }
    std::future::pending::<()>().await
}

lazy_parts! {
    // The pages that mail links open, and the way back from a forgotten password.
    visitor_pages, __preload_visitor_pages, VisitorPart {
        ForgotPasswordRoute => ForgotPasswordPage,
        ResetPasswordRoute => ResetPasswordPage,
        AcceptInvitationRoute => AcceptInvitationPage,
        ContactVerifyRoute => ContactVerifyPage,
        ContactVerifiedRoute => ContactVerifiedPage,
    }
    // The rest of the enrollment wizard.
    enrollment_pages, __preload_enrollment_pages, EnrollmentPart {
        CodeRoute => CodePage,
        AccountRoute => AccountPage,
        CompanyRoute => CompanyPage,
        ContactRoute => ContactPage,
        AgreementRoute => AgreementPage,
    }
    // Everyone's own profile, where most signed-in people go (to link their certification
    // profile), apart from the pages admins use: with the chunks it shares, half their size.
    profile_pages, __preload_profile_pages, ProfilePart {
        MyProfileRoute => crate::my_profile::MyProfilePage,
    }
    // The company's pages: status, partner profile, users, reports.
    company_pages, __preload_company_pages, CompanyPart {
        CompanyStatusRoute => CompanyStatusPage,
        CorrectDetailsRoute => CorrectDetailsPage,
        LocationsRoute => LocationsPage,
        CompanyAgreementRoute => CompanyAgreementPage,
        UsersRoute => UsersPage,
        SkillsRoute => crate::skills::SkillsPage,
        CompetenciesRoute => crate::skills::CompetenciesPage,
        AuditRoute => AuditPage,
    }
    // The programme's reviewers.
    review_pages, __preload_review_pages, ReviewPart {
        ReviewQueueRoute => ReviewQueuePage,
    }
    // The development outbox.
    dev_pages, __preload_dev_pages, DevPart {
        OutboxRoute => OutboxPage,
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
