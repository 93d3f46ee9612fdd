//! Server-side helpers for server functions: the shared state, the session, the signed-in
//! user, the request's language, and mail written in the recipient's language.

use crate::error::AppError;
use crate::i18n::Locale;
use crate::text::locale_from_tag;
use axum::http::{header, HeaderMap};
use chrono::{DateTime, Duration, Utc};
use leptos::prelude::*;
use partnerhub_core::auth::{AuthSession, Principal};
use partnerhub_core::store::{ReviewerRecord, UserRecord};
use partnerhub_core::{AppState, Mail};
use partnerhub_domain::roles::authorize;
use partnerhub_domain::Capability;
use tower_sessions::Session;

/// The session key holding the sign-in time, for the absolute session limit.
pub const SIGNED_IN_AT_KEY: &str = "signed_in_at";
/// The session key holding when its idle limit was last pushed back (`session_needs_renewal`).
pub const RENEWED_AT_KEY: &str = "renewed_at";
/// The cookie that marks a browser an account signed in with before (see `access`).
pub const DEVICE_COOKIE: &str = "partnerhub_device";

/// The session key under which the enrollment in progress is remembered.
pub const ENROLLMENT_KEY: &str = "enrollment";

pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState missing from the context");
        AppError::Internal
    })
}

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = ?e, "session layer missing");
        AppError::Internal
    })
}

pub async fn auth_session() -> Result<AuthSession, AppError> {
    leptos_axum::extract::<AuthSession>().await.map_err(|e| {
        tracing::error!(error = ?e, "auth layer missing");
        AppError::Internal
    })
}

/// A request that could not be read (a broken upload): 400, the caller's fault.
pub fn unreadable(context: &str, e: impl std::fmt::Display) -> AppError {
    tracing::info!(error = %e, "{context}: unreadable request");
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::BAD_REQUEST);
    }
    AppError::Network
}

/// Logs a server-side failure and turns it into the safe `Internal` error.
pub fn internal(context: &str, e: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %e, "{context}");
    AppError::Internal
}

/// The id of the enrollment in progress in this browser session, if any.
pub async fn enrollment_id() -> Result<Option<String>, AppError> {
    session().await?.get::<String>(ENROLLMENT_KEY).await.map_err(|e| internal("session read", e))
}

/// The same as `enrollment_id`, refusing when there is none.
pub async fn require_enrollment_id() -> Result<String, AppError> {
    enrollment_id().await?.ok_or_else(|| AppError::form(partnerhub_domain::Problem::EnrollmentMissing))
}

async fn headers() -> HeaderMap {
    leptos_axum::extract::<HeaderMap>().await.unwrap_or_default()
}

/// The language the page is shown in: the language cookie, else Accept-Language, else English.
pub async fn request_locale() -> Locale {
    locale_from_headers(&headers().await)
}

pub fn locale_from_headers(headers: &HeaderMap) -> Locale {
    let cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == crate::LOCALE_COOKIE)
        .map(|(_, value)| value.to_owned());
    if let Some(tag) = cookie {
        return locale_from_tag(&tag);
    }
    let accept = headers.get(header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let mut best = (Locale::en, -1.0f32);
    for part in accept.split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or_default().to_ascii_lowercase();
        let q = pieces.find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse::<f32>().ok())).unwrap_or(1.0);
        let locale = if tag.starts_with("nl") {
            Some(Locale::nl)
        } else if tag.starts_with("en") {
            Some(Locale::en)
        } else {
            None
        };
        if let Some(locale) = locale {
            if q > best.1 {
                best = (locale, q);
            }
        }
    }
    best.0
}

/// Is this request a plain HTML form post (the browser runs no JavaScript)? Then the answer
/// is a redirect, and problems travel to the next page through the session.
pub async fn is_plain_form_post() -> bool {
    headers().await.get(header::ACCEPT).and_then(|v| v.to_str().ok()).map(|v| v.contains("text/html")).unwrap_or(false)
}

/// Sends a mail; a failure is logged and reported as `Internal`.
pub async fn send_mail(state: &AppState, mail: Mail) -> Result<(), AppError> {
    state.mailer.send(mail).await.map_err(|e| internal("mail", e))
}

/// Gives a failed server-function call a fitting HTTP status (a refusal is not a server
/// error). Plain form posts keep their redirect.
pub async fn set_error_status(error: &AppError) {
    use axum::http::StatusCode;
    if is_plain_form_post().await {
        return;
    }
    let busy = |p: &partnerhub_domain::FieldProblem| p.problem == partnerhub_domain::Problem::Busy;
    let status = match error {
        AppError::Refused(problems) if problems.iter().any(busy) => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::SignInRequired => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Internal | AppError::Network => return,
    };
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

/// Who is signed in. A session past its absolute limit (`PARTNERHUB_SESSION_MAX_HOURS`) is
/// ended here, and an active one renewed; idle sessions are ended by the session layer.
pub async fn principal() -> Result<Principal, AppError> {
    let state = state()?;
    let (mut auth, session) = (auth_session().await?, session().await?);
    signed_in_principal(&state, &mut auth, &session).await.ok_or(AppError::SignInRequired)
}

/// The person a session belongs to, for server functions and plain routes alike: `None` when
/// nobody is signed in or the session passed its absolute limit (which then ends it).
pub async fn signed_in_principal(state: &AppState, auth: &mut AuthSession, session: &Session) -> Option<Principal> {
    let principal = auth.user.clone()?;
    let signed_in_at: Option<DateTime<Utc>> = session.get(SIGNED_IN_AT_KEY).await.unwrap_or(None);
    let max = Duration::hours(state.config.session_max_hours);
    let now = Utc::now();
    let Some(signed_in_at) = signed_in_at.filter(|at| !partnerhub_domain::access::session_too_old(*at, max, now)) else {
        let _ = auth.logout().await;
        return None;
    };
    // Someone at work stays signed in: changing the session makes the session layer save it
    // with a new idle limit.
    let renewed_at: Option<DateTime<Utc>> = session.get(RENEWED_AT_KEY).await.unwrap_or(None);
    let idle = Duration::minutes(state.config.session_idle_minutes);
    if partnerhub_domain::access::session_needs_renewal(renewed_at.unwrap_or(signed_in_at), idle, now) {
        if let Err(e) = session.insert(RENEWED_AT_KEY, now).await {
            tracing::warn!(error = %e, "session not renewed");
        }
    }
    Some(principal)
}

/// The signed-in company user; reviewers are refused.
pub async fn company_user() -> Result<UserRecord, AppError> {
    principal().await?.user().cloned().ok_or(AppError::Forbidden)
}

/// The signed-in company user, if their roles allow `what` (P-1).
pub async fn user_who_can(what: Capability) -> Result<UserRecord, AppError> {
    let user = company_user().await?;
    authorize(&user.roles, what).map_err(|_| AppError::Forbidden)?;
    Ok(user)
}

/// The signed-in platform reviewer; company users are refused.
pub async fn reviewer() -> Result<ReviewerRecord, AppError> {
    principal().await?.reviewer().cloned().ok_or(AppError::Forbidden)
}

/// The client's address for the sign-in throttle: the connection's peer, or behind trusted
/// reverse proxies the address they forwarded (`access::client_address`).
pub async fn client_address() -> String {
    let Ok(info) = leptos_axum::extract::<axum::extract::ConnectInfo<std::net::SocketAddr>>().await else {
        return "unknown".into();
    };
    let trusted = state().map(|s| s.config.trusted_proxies.clone()).unwrap_or_default();
    let headers = headers().await;
    let forwarded: Vec<&str> = headers.get_all("x-forwarded-for").iter().filter_map(|v| v.to_str().ok()).collect();
    partnerhub_domain::access::client_address(info.0.ip(), &forwarded, &trusted).to_string()
}

/// A cookie's value from the request.
pub async fn cookie(name: &str) -> Option<String> {
    headers()
        .await
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, v)| v.to_owned())
}

/// Adds a `Set-Cookie` header to the response.
pub fn set_cookie(value: String) {
    if let (Some(response), Ok(value)) = (use_context::<leptos_axum::ResponseOptions>(), header::HeaderValue::from_str(&value)) {
        response.append_header(header::SET_COOKIE, value);
    }
}

/// Gives a read-only server function's failure its HTTP status, then returns it.
pub async fn respond<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(e) = &result {
        set_error_status(e).await;
    }
    result
}

/// A link into Partnerhub for a mail.
pub fn link(state: &AppState, path_and_query: &str) -> String {
    format!("{}{}", state.config.public_url, path_and_query)
}

/// Signs this browser in as `who` (password checked, or just set): a new session id, the
/// sign-in time for the absolute limit, and the device cookie that lets this browser past the
/// per-account throttle later.
pub async fn sign_in_as(who: Principal, now: DateTime<Utc>) -> Result<(), AppError> {
    use partnerhub_core::credentials::{new_token, secret_hash};
    let state = state()?;
    let mut auth = auth_session().await?;
    auth.login(&who).await.map_err(|e| internal("sign-in session", e))?;
    session().await?.insert(SIGNED_IN_AT_KEY, now).await.map_err(|e| internal("sign-in time", e))?;
    let device = match cookie(DEVICE_COOKIE).await.filter(|t| t.len() == 32) {
        Some(token) => token,
        None => {
            let token = new_token();
            let secure = if state.config.secure_cookies() { "; Secure" } else { "" };
            set_cookie(format!("{DEVICE_COOKIE}={token}; Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax{secure}"));
            token
        }
    };
    state.store.remember_device(who.email(), &secret_hash(DEVICE_COOKIE, &device), now).await?;
    Ok(())
}
