//! The Partnerhub web server: builds the axum router around the Leptos app (pages, server
//! functions, static files), with sessions and sign-in, the request guards of `middleware`
//! and the language switch, and runs the housekeeping schedule (the reminders' schedule is in
//! `reminders`). `main.rs` only reads the command line and starts it.

pub mod delivery;
pub mod embedding;
pub mod middleware;
pub mod reminders;
pub mod reports;

use axum::extract::{Form, Path, RawQuery};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use axum_login::AuthManagerLayerBuilder;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, handle_server_fns_with_context, AxumRouteListing, LeptosRoutes};
use partnerhub_app::{shell, App, LOCALE_COOKIE};
use partnerhub_core::auth::{AuthSession, Backend};
use partnerhub_core::store::{SkillsFilter, UserRecord};
use partnerhub_core::AppState;
use partnerhub_domain::audit::AuditFilterInput;
use serde::Deserialize;
use std::sync::OnceLock;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The session cookie's name (`__Host-partnerhub_session` in the browser when embedded).
pub const SESSION_COOKIE: &str = "partnerhub_session";

/// Where the built site (wasm, js, css, public files) is served from:
/// `LEPTOS_SITE_ROOT` (default `target/site`) and `LEPTOS_OUTPUT_NAME` (default `partnerhub`);
/// its files have hashed names when the build left `hash.txt` beside the binary.
pub fn leptos_options(state: &AppState) -> LeptosOptions {
    let env = |name: &str, default: &str| std::env::var(name).unwrap_or_else(|_| default.to_owned());
    LeptosOptions::builder()
        .output_name(env("LEPTOS_OUTPUT_NAME", "partnerhub"))
        .site_root(env("LEPTOS_SITE_ROOT", "target/site"))
        .site_pkg_dir(env("LEPTOS_SITE_PKG_DIR", "pkg"))
        .site_addr(state.config.addr)
        .hash_files(partnerhub_app::site_files::hash_file().is_some_and(|f| f.exists()))
        .build()
}

/// The page routes, listed once per process on a thread (and runtime) of their own. Listing
/// them renders the app outside any request; done beside pages being served (a second router
/// started in the same process, as the tests do) it corrupts their reactive state and pages
/// stall or break.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES
        .get_or_init(|| {
            std::thread::spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build();
                runtime.expect("a runtime to list the page routes").block_on(async { generate_route_list(App) })
            })
            .join()
            .expect("the page routes can be listed")
        })
        .clone()
}

/// The whole application as an axum router.
pub async fn router(state: AppState) -> Result<Router, sqlx::Error> {
    let options = leptos_options(&state);
    let unhashed = format!("{}/{}/{}.wasm", options.site_root, options.site_pkg_dir, options.output_name);
    if !options.hash_files && !std::path::Path::new(&unhashed).exists() {
        tracing::warn!(
            site = %options.site_root,
            "the site's files are not where pages will look for them: copy hash.txt from the build beside this binary (pages work, without JavaScript)"
        );
    }
    let session_store = state.store.sessions().await?;
    let session_layer = SessionManagerLayer::new(session_store)
        .with_name(SESSION_COOKIE)
        .with_secure(state.config.secure_cookies())
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_expiry(Expiry::OnInactivity(time::Duration::minutes(state.config.session_idle_minutes)));
    let auth_layer = AuthManagerLayerBuilder::new(Backend::new(state.store.clone()), session_layer).build();

    let security = std::sync::Arc::new(middleware::SecurityPolicy {
        https: state.config.public_url.starts_with("https://"),
        frame_ancestors: state.config.embed_origins.clone(),
    });
    let routes = page_routes();
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            // The page's inline scripts carry the nonce that the Content-Security-Policy names.
            let nonce = use_context::<axum::http::request::Parts>().and_then(|p| p.extensions.get::<middleware::CspNonce>().cloned());
            if let Some(middleware::CspNonce(nonce)) = nonce {
                provide_context(leptos::nonce::Nonce::from_value(nonce));
            }
        }
    };
    let server_fns = {
        let context = context.clone();
        move |req: axum::extract::Request| handle_server_fns_with_context(context.clone(), req)
    };
    let documents = {
        let state = state.clone();
        move |auth: AuthSession, session: tower_sessions::Session, headers: axum::http::HeaderMap, Path(id): Path<i64>| {
            appeal_document(state.clone(), auth, session, headers, id)
        }
    };
    let agreement = {
        let state = state.clone();
        move |auth: AuthSession, session: tower_sessions::Session, headers: axum::http::HeaderMap, query: reports::ReadQuery<AgreementQuery>| {
            agreement_pdf(state.clone(), auth, session, headers, query.0.version.filter(|v| !v.trim().is_empty()))
        }
    };
    let skills = {
        let state = state.clone();
        move |auth: AuthSession,
              session: tower_sessions::Session,
              headers: axum::http::HeaderMap,
              uri: axum::http::Uri,
              RawQuery(query): RawQuery,
              reports::ReadQuery(filter): reports::ReadQuery<SkillsFilter>| {
            // The report page with the same filters, to come back to after signing in.
            let page = query.map(|q| format!("/company/skills?{q}")).unwrap_or_else(|| "/company/skills".into());
            let file = if uri.path().ends_with(".xlsx") { reports::ReportFile::Xlsx } else { reports::ReportFile::Csv };
            reports::skills_download(state.clone(), auth, session, headers, page, filter, file)
        }
    };
    let audit = |reviewers: bool, file: reports::LogFile| {
        let state = state.clone();
        move |auth: AuthSession,
              session: tower_sessions::Session,
              headers: axum::http::HeaderMap,
              reports::ReadQuery(input): reports::ReadQuery<AuditFilterInput>| {
            reports::audit_download(state.clone(), auth, session, headers, input, reviewers, file)
        }
    };
    let app = Router::new()
        .route("/locale", post(set_locale))
        .route("/company/audit.csv", get(audit(false, reports::LogFile::Csv)))
        .route("/company/audit.jsonl", get(audit(false, reports::LogFile::JsonLines)))
        .route("/review/audit.csv", get(audit(true, reports::LogFile::Csv)))
        .route("/review/audit.jsonl", get(audit(true, reports::LogFile::JsonLines)))
        .route("/company/skills.csv", get(skills.clone()))
        .route("/company/skills.xlsx", get(skills))
        .route("/company/agreement.pdf", get(agreement))
        .route("/review/documents/{id}", get(documents))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/{*fn_name}", post(server_fns.clone()).get(server_fns))
        .leptos_routes_with_context(&options, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .merge(delivery::site_files(&format!("{}/{}", options.site_root, options.site_pkg_dir)))
        .fallback(leptos_axum::file_and_error_handler_with_context::<LeptosOptions, _>(context, shell))
        .layer(auth_layer);
    // Framed by other sites: cookies they can carry (`embedding`), outside the session layer so
    // that it sees the names it set.
    let app = if state.config.embedded() { app.layer(axum::middleware::from_fn(embedding::embedded_cookies)) } else { app };
    let app = app
        .layer(axum::middleware::from_fn(middleware::clean_form_redirects))
        .layer(axum::middleware::from_fn(middleware::reject_cross_site))
        .layer(axum::middleware::from_fn(middleware::bound_requests))
        .layer(axum::middleware::from_fn(middleware::catch_panics))
        .layer(axum::middleware::from_fn_with_state(security, middleware::security_headers))
        .layer(axum::middleware::from_fn_with_state(options.hash_files, delivery::cache_policy))
        .layer(delivery::compression())
        .with_state(options);
    Ok(app)
}

/// How often the housekeeping runs.
pub const HOUSEKEEPING_EVERY: std::time::Duration = std::time::Duration::from_secs(15 * 60);

/// Deletes what has expired (sessions, codes, abandoned enrollments, reset links, old counted
/// attempts) now and then every `every`, for as long as the server runs. Each period's run is
/// claimed in the database first, so that several processes sharing it purge once per period.
pub async fn housekeeping(state: AppState, every: std::time::Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        housekeeping_run(&state, every, chrono::Utc::now()).await;
    }
}

/// One scheduled housekeeping run for the period of length `every` that holds `now`: true when
/// this process claimed and did it.
pub async fn housekeeping_run(state: &AppState, every: std::time::Duration, now: chrono::DateTime<chrono::Utc>) -> bool {
    let slot = now.timestamp() / every.as_secs().max(1) as i64;
    match state.store.claim_run("housekeeping", slot, now).await {
        Ok(true) => {}
        Ok(false) => return false,
        Err(e) => {
            tracing::error!(error = %e, "housekeeping claim");
            return false;
        }
    }
    match state.store.purge(now).await {
        Ok(purged) => tracing::info!(?purged, "housekeeping ran"),
        Err(e) => tracing::error!(error = %e, "housekeeping"),
    }
    true
}

#[derive(Deserialize)]
struct LocaleForm {
    locale: String,
    #[serde(default)]
    back: String,
}

/// The language switch: remembers the choice in the cookie the pages read, then goes back.
async fn set_locale(Form(form): Form<LocaleForm>) -> Response {
    let tag = if form.locale == "nl" { "nl" } else { "en" };
    let back = partnerhub_domain::access::local_path(&form.back).unwrap_or("/");
    let cookie = format!("{LOCALE_COOKIE}={tag}; Path=/; Max-Age=31536000; SameSite=Lax");
    let mut response = StatusCode::SEE_OTHER.into_response();
    let headers = response.headers_mut();
    headers.insert(header::LOCATION, HeaderValue::from_str(back).unwrap_or(HeaderValue::from_static("/")));
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        headers.insert(header::SET_COOKIE, value);
    }
    response
}

/// An appeal's document, for reviewers only; sent as a download with its checked type.
async fn appeal_document(state: AppState, auth: AuthSession, session: tower_sessions::Session, headers: axum::http::HeaderMap, id: i64) -> Response {
    match signed_in(&state, &auth, &session, "/review").await {
        Ok(p) if p.reviewer().is_some() => {}
        Ok(_) => return forbidden(&headers),
        Err(refusal) => return refusal,
    }
    let document = match state.store.appeal_document(id).await {
        Ok(Some(d)) => d,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = %e, "appeal document lookup");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let bytes = match document.bytes {
        Some(bytes) => Ok(bytes),
        None => partnerhub_core::documents::read_legacy(&state.config.data_dir, &document.file).await,
    };
    match bytes {
        Ok(bytes) => {
            let name: String = document.name.chars().filter(|c| c.is_ascii_alphanumeric() || ".-_ ".contains(*c)).collect();
            let disposition = format!("attachment; filename=\"{}\"", if name.is_empty() { document.file.clone() } else { name });
            let mut response = bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(document.kind.media_type()));
            if let Ok(value) = HeaderValue::from_str(&disposition) {
                headers.insert(header::CONTENT_DISPOSITION, value);
            }
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "appeal document read");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Which agreement version a PDF is asked for (the current one when none).
#[derive(Deserialize)]
struct AgreementQuery {
    version: Option<String>,
}

/// The partner agreement with the company's acceptance record, as a PDF, for its users: the
/// current version, or (`?version=`) an older one the company accepted, as it was published.
async fn agreement_pdf(
    state: AppState,
    auth: AuthSession,
    session: tower_sessions::Session,
    headers: axum::http::HeaderMap,
    version: Option<String>,
) -> Response {
    let page = match &version {
        Some(v) => format!("/company/agreement?version={}", partnerhub_domain::access::query_value(v)),
        None => "/company/agreement".to_owned(),
    };
    let user = match company_user(&state, &auth, &session, &headers, &page).await {
        Ok(user) => user,
        Err(refusal) => return refusal,
    };
    let locale = partnerhub_app::server::locale_from_headers(&headers);
    match partnerhub_app::company::agreement_pdf(&state, user.company_id, locale, version.as_deref()).await {
        Ok(bytes) => {
            let name = format!(
                "attachment; filename=\"partner-agreement-{}.pdf\"",
                version.as_deref().map(str::trim).unwrap_or(partnerhub_domain::agreement::CURRENT_AGREEMENT_VERSION)
            );
            let mut response = bytes.into_response();
            let h = response.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
            h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&name).unwrap_or(HeaderValue::from_static("attachment")));
            response
        }
        Err(e @ partnerhub_app::error::AppError::Refused(_)) => refusal(&headers, StatusCode::NOT_FOUND, &e),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// The signed-in person of a plain route, with the same absolute session limit as the server
/// functions. Someone not signed in (or whose session is too old) is sent to sign in and
/// brought back to `page`, the page the download belongs to.
pub(crate) async fn signed_in(
    state: &AppState,
    auth: &AuthSession,
    session: &tower_sessions::Session,
    page: &str,
) -> Result<partnerhub_core::auth::Principal, Response> {
    let mut auth = auth.clone();
    partnerhub_app::server::signed_in_principal(state, &mut auth, session)
        .await
        .ok_or_else(|| Redirect::to(&partnerhub_domain::access::sign_in_path(page)).into_response())
}

/// The signed-in company user of a plain route; anyone else signed in is refused.
pub(crate) async fn company_user(
    state: &AppState,
    auth: &AuthSession,
    session: &tower_sessions::Session,
    headers: &axum::http::HeaderMap,
    page: &str,
) -> Result<UserRecord, Response> {
    let principal = signed_in(state, auth, session, page).await?;
    principal.user().cloned().ok_or_else(|| forbidden(headers))
}

/// A refusal of a plain route (download), in the reader's language.
pub(crate) fn forbidden(headers: &axum::http::HeaderMap) -> Response {
    refusal(headers, StatusCode::FORBIDDEN, &partnerhub_app::error::AppError::Forbidden)
}

/// A plain route's answer with `status` and `error` worded in the reader's language.
pub(crate) fn refusal(headers: &axum::http::HeaderMap, status: StatusCode, error: &partnerhub_app::error::AppError) -> Response {
    let locale = partnerhub_app::server::locale_from_headers(headers);
    let text = partnerhub_app::text::failure_text(locale, error);
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
}
