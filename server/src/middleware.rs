//! Request guards around every route, outermost first:
//! - `security_headers`: every response, refusals included, carries the Content-Security-Policy
//!   (inline scripts only by this response's nonce, WebAssembly allowed, no plugins, no base
//!   URL, forms only to Partnerhub, framed only by Partnerhub itself and the host pages of
//!   `PARTNERHUB_EMBED_ORIGINS`), `X-Frame-Options` when no other site may frame it,
//!   `nosniff`, the referrer policy and, when users reach Partnerhub over https, HSTS (the
//!   built site's files under `/pkg/`, never documents, only `nosniff` and HSTS).
//! - `catch_panics`: a handler that panics answers a plain 500 in the reader's language, and
//!   the panic is logged, instead of the connection dropping.
//! - `bound_requests`: request bodies are capped (a form at [`FORM_BODY_MAX`], the appeal's
//!   upload at [`UPLOAD_BODY_MAX`]) before anything reads them, and an upload that is not
//!   multipart with a boundary is refused as malformed.
//! - `reject_cross_site`: state-changing requests from other sites are refused (Origin and
//!   Sec-Fetch-Site are checked; SameSite cookies alone are not relied on, since Partnerhub
//!   will be embedded in partners' intranets).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use partnerhub_app::i18n::Locale;
use partnerhub_app::server::locale_from_headers;
use partnerhub_app::text::{guard_text, Guard};
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

/// The largest request body of a form or server function.
pub const FORM_BODY_MAX: usize = 64 * 1024;
/// The largest body of the appeal upload: its document and note, with room for the encoding.
pub const UPLOAD_BODY_MAX: usize = partnerhub_domain::verification::DOCUMENT_MAX_BYTES + FORM_BODY_MAX;
/// The server function that takes an upload.
const UPLOAD_PATH: &str = "/api/appeal";

/// The nonce of this response's inline scripts, put in the request for the page renderer.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// What the security headers depend on, fixed at start.
#[derive(Debug, Clone)]
pub struct SecurityPolicy {
    /// Users reach Partnerhub over https: send HSTS.
    pub https: bool,
    /// The host pages allowed to frame Partnerhub besides itself (`PARTNERHUB_EMBED_ORIGINS`).
    pub frame_ancestors: Vec<String>,
}

/// The Content-Security-Policy of a response whose inline scripts carry `nonce`, framed by
/// Partnerhub itself and `frame_ancestors`.
pub fn content_security_policy(nonce: &str, frame_ancestors: &[String]) -> String {
    let ancestors = std::iter::once("'self'").chain(frame_ancestors.iter().map(String::as_str)).collect::<Vec<_>>().join(" ");
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors {ancestors}"
    )
}

pub async fn security_headers(State(policy): State<Arc<SecurityPolicy>>, mut request: Request, next: Next) -> Response {
    // The built site's script and WebAssembly parts are never documents: the policy of the
    // page that loads them applies, and a page loads dozens of them on a phone network, so
    // they do without the document headers.
    let site_file = request.uri().path().starts_with("/pkg/");
    let nonce = partnerhub_core::credentials::new_token();
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if !site_file {
        if let Ok(csp) = HeaderValue::from_str(&content_security_policy(&nonce, &policy.frame_ancestors)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, csp);
        }
        // For browsers without `frame-ancestors`; it cannot name other sites, so it is left
        // out when other sites may frame Partnerhub.
        if policy.frame_ancestors.is_empty() {
            headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("SAMEORIGIN"));
        }
        headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if policy.https {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    response
}

/// A short plain-text answer in the reader's language.
fn plain(status: StatusCode, locale: Locale, guard: Guard) -> Response {
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], guard_text(locale, guard)).into_response()
}

pub async fn catch_panics(request: Request, next: Next) -> Response {
    let locale = locale_from_headers(request.headers());
    let path = request.uri().path().to_owned();
    match AssertUnwindSafe(next.run(request)).catch_unwind().await {
        Ok(response) => response,
        Err(panic) => {
            let message = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned()).unwrap_or_default();
            tracing::error!(%path, %message, "a request handler panicked");
            plain(StatusCode::INTERNAL_SERVER_ERROR, locale, Guard::Failed)
        }
    }
}

/// Is this request's body of a kind the route can read: an upload must be multipart with a
/// boundary, or its parser fails before anything else runs.
fn readable_upload(headers: &HeaderMap) -> bool {
    let Some(kind) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let mut parts = kind.split(';').map(str::trim);
    let multipart = parts.next().is_some_and(|p| p.eq_ignore_ascii_case("multipart/form-data"));
    let boundary = parts.filter_map(|p| p.split_once('=')).any(|(k, v)| k.trim().eq_ignore_ascii_case("boundary") && !v.trim().trim_matches('"').is_empty());
    multipart && boundary
}

pub async fn bound_requests(request: Request, next: Next) -> Response {
    let locale = locale_from_headers(request.headers());
    let upload = request.uri().path() == UPLOAD_PATH && request.method() == Method::POST;
    let limit = if upload { UPLOAD_BODY_MAX } else { FORM_BODY_MAX };
    let declared = request.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return plain(StatusCode::PAYLOAD_TOO_LARGE, locale, Guard::TooLarge);
    }
    if upload && !readable_upload(request.headers()) {
        return plain(StatusCode::BAD_REQUEST, locale, Guard::Malformed);
    }
    // A body without a declared length (chunked) is cut off at the limit while it is read.
    let (parts, body) = request.into_parts();
    let body = Body::new(http_body_util::Limited::new(body, limit));
    let response = next.run(Request::from_parts(parts, body)).await;
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        return plain(StatusCode::PAYLOAD_TOO_LARGE, locale, Guard::TooLarge);
    }
    response
}

/// The address a refused plain form post is sent back to, without what the server-function
/// layer adds to it (`__path`, `__err`: the refusal encoded, growing with each retry). The page
/// reads the refusal and what was typed from the flash instead. `None` when nothing changes.
pub fn without_error_info(location: &str) -> Option<String> {
    let (path, rest) = location.split_once('?')?;
    let (query, fragment) = match rest.split_once('#') {
        Some((q, f)) => (q, Some(f)),
        None => (rest, None),
    };
    let added = |pair: &&str| matches!(pair.split('=').next(), Some("__path" | "__err"));
    if !query.split('&').any(|pair| added(&pair)) {
        return None;
    }
    let kept: Vec<&str> = query.split('&').filter(|pair| !pair.is_empty() && !added(pair)).collect();
    let mut clean = path.to_owned();
    if !kept.is_empty() {
        clean.push('?');
        clean.push_str(&kept.join("&"));
    }
    if let Some(fragment) = fragment {
        clean.push('#');
        clean.push_str(fragment);
    }
    Some(clean)
}

/// Refusals of plain form posts leave a clean address bar (see `without_error_info`).
pub async fn clean_form_redirects(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let clean = response.headers().get(header::LOCATION).and_then(|v| v.to_str().ok()).and_then(without_error_info);
    if let Some(value) = clean.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Is this request from a page of another site?
pub fn is_cross_site(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return false;
    }
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
    origin == "null" || !origin_host.eq_ignore_ascii_case(host)
}

pub async fn reject_cross_site(request: Request, next: Next) -> Response {
    if is_cross_site(request.method(), request.headers()) {
        tracing::warn!(path = %request.uri().path(), "cross-site request refused");
        return plain(StatusCode::FORBIDDEN, locale_from_headers(request.headers()), Guard::CrossSite);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn posts_from_other_sites_are_cross_site_and_same_origin_posts_are_not() {
        let post = Method::POST;
        assert!(is_cross_site(&post, &headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&post, &headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&post, &headers(&[("sec-fetch-site", "same-origin")])));
        assert!(is_cross_site(&post, &headers(&[("origin", "https://evil.example"), ("host", "127.0.0.1:3000")])));
        assert!(!is_cross_site(&post, &headers(&[("origin", "http://127.0.0.1:3000"), ("host", "127.0.0.1:3000")])));
        assert!(is_cross_site(&post, &headers(&[("origin", "null"), ("host", "127.0.0.1:3000")])));
        assert!(!is_cross_site(&Method::GET, &headers(&[("sec-fetch-site", "cross-site")])));
    }

    #[tokio::test]
    async fn a_handler_that_panics_answers_a_plain_500_in_the_readers_language() {
        use tower::ServiceExt;
        let app =
            axum::Router::new().route("/boom", axum::routing::get(|| async { panic!("a bug") as &'static str })).layer(axum::middleware::from_fn(catch_panics));
        let request = Request::builder().uri("/boom").header("accept-language", "nl").body(Body::empty()).unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 10_000).await.unwrap();
        let text = String::from_utf8(body.to_vec()).unwrap();
        assert!(!text.contains("a bug") && !text.is_empty(), "no internal text: {text}");
        assert_eq!(text, partnerhub_app::text::guard_text(Locale::nl, Guard::Failed));
    }

    #[test]
    fn a_refusal_sends_the_browser_back_to_the_address_it_came_from_and_nothing_more() {
        let back = "http://127.0.0.1:3000/me?x=%C3%A9&__path=%2Fapi%2Fassociate_profile&__err=eyJSZWZ1c2VkIjpbXX0#top";
        assert_eq!(without_error_info(back).as_deref(), Some("http://127.0.0.1:3000/me?x=%C3%A9#top"));
        let retried = "http://127.0.0.1:3000/signin?__path=a&__err=b&__path=a&__err=c";
        assert_eq!(without_error_info(retried).as_deref(), Some("http://127.0.0.1:3000/signin"));
        assert_eq!(without_error_info("http://127.0.0.1:3000/company?next=%2Fme"), None);
        assert_eq!(without_error_info("/me"), None);
    }

    #[test]
    fn any_address_is_cleaned_without_a_panic_and_keeps_everything_but_the_refusal() {
        let samples = ["?", "?&&", "?__err", "?__errx=1", "/é?ü=ß&__err=☃#ö", "?=&=__err", "💥?💥=💥&__path=💥", "?a=1#?__err=2"];
        for s in samples {
            if let Some(clean) = without_error_info(s) {
                assert!(!clean.split(['?', '&', '#']).any(|p| p.starts_with("__err=") || p == "__err" || p.starts_with("__path=")), "{s} -> {clean}");
                assert!(clean.len() < s.len());
            }
        }
        assert_eq!(without_error_info("?__errx=1"), None);
        assert_eq!(without_error_info("?a=1#?__err=2"), None);
    }

    #[test]
    fn an_upload_needs_multipart_with_a_boundary() {
        assert!(readable_upload(&headers(&[("content-type", "multipart/form-data; boundary=----x")])));
        assert!(readable_upload(&headers(&[("content-type", "Multipart/Form-Data; charset=utf-8; boundary=\"b\"")])));
        assert!(!readable_upload(&headers(&[("content-type", "multipart/form-data")])));
        assert!(!readable_upload(&headers(&[("content-type", "multipart/form-data; boundary=")])));
        assert!(!readable_upload(&headers(&[("content-type", "application/x-www-form-urlencoded")])));
        assert!(!readable_upload(&headers(&[])));
    }

    #[test]
    fn the_policy_allows_only_this_responses_inline_scripts_and_no_framing_by_others() {
        let csp = content_security_policy("abc123", &[]);
        for part in
            ["script-src 'self' 'nonce-abc123' 'wasm-unsafe-eval'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'self'"]
        {
            assert!(csp.contains(part), "{part} in {csp}");
        }
        assert!(!csp.contains("unsafe-inline"));
        let embedded = content_security_policy("abc123", &["https://intranet.contoso.nl".into(), "https://*.sharepoint.example".into()]);
        assert!(embedded.ends_with("frame-ancestors 'self' https://intranet.contoso.nl https://*.sharepoint.example"));
    }
}
