//! Partnerhub inside other sites' frames, when the operator allows it (`PARTNERHUB_EMBED_ORIGINS`).
//!
//! A browser only sends cookies to a frame on another site's page when they are `Secure`,
//! `SameSite=None` and, where third-party cookies are restricted, `Partitioned` (CHIPS: kept
//! per top-level site). With embedding on, `embedded_cookies` gives every cookie Partnerhub
//! sets those attributes (removal cookies too, or the browser would keep the old one), and
//! renames the session and device cookies to `__Host-…` (Secure, `Path=/`, no `Domain`: no
//! other host can set or shadow them), renaming them back on the way in, so the rest of the
//! server never sees the difference. Without embedding, cookies stay `SameSite=Lax`.
//!
//! `SameSite=None` leaves the cross-site guard (`middleware::reject_cross_site`) as the only
//! defence against forged posts: the frame's own posts are same-origin and pass, posts from the
//! host page or any other site are refused.

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The cookies that get the `__Host-` prefix when embedded (the language cookie keeps its
/// name: the browser part of the language library reads it by name).
pub const HOST_PREFIXED: [&str; 2] = [crate::SESSION_COOKIE, partnerhub_app::server::DEVICE_COOKIE];
const PREFIX: &str = "__Host-";

/// A `Set-Cookie` value as a framed page needs it: `SameSite=None; Secure; Partitioned`, and
/// the `__Host-` name for [`HOST_PREFIXED`] cookies.
pub fn framed_set_cookie(value: &str) -> String {
    let mut parts = value.split(';').map(str::trim);
    let pair = parts.next().unwrap_or_default();
    let attributes: Vec<&str> = parts
        .filter(|a| {
            let name = a.split('=').next().unwrap_or_default().trim().to_ascii_lowercase();
            !a.is_empty() && !matches!(name.as_str(), "samesite" | "secure" | "partitioned")
        })
        .collect();
    let name = pair.split('=').next().unwrap_or_default();
    let has_domain = attributes.iter().any(|a| a.to_ascii_lowercase().starts_with("domain"));
    let root_path = attributes.iter().any(|a| a.replace(' ', "").eq_ignore_ascii_case("path=/"));
    let pair = if HOST_PREFIXED.contains(&name) && !has_domain && root_path { format!("{PREFIX}{pair}") } else { pair.to_owned() };
    let mut cookie = pair;
    for attribute in attributes {
        cookie.push_str("; ");
        cookie.push_str(attribute);
    }
    cookie.push_str("; SameSite=None; Secure; Partitioned");
    cookie
}

/// A request's `Cookie` header with the `__Host-` names of [`HOST_PREFIXED`] cookies taken
/// back to the names the server uses.
pub fn unprefixed_cookie_header(value: &str) -> String {
    value
        .split(';')
        .map(str::trim)
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.strip_prefix(PREFIX) {
            Some(rest) if HOST_PREFIXED.iter().any(|n| rest.split('=').next() == Some(n)) => rest,
            _ => pair,
        })
        .collect::<Vec<_>>()
        .join("; ")
}

pub async fn embedded_cookies(mut request: Request, next: Next) -> Response {
    let incoming: Vec<String> = request.headers().get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).map(unprefixed_cookie_header).collect();
    request.headers_mut().remove(header::COOKIE);
    for value in incoming {
        if let Ok(value) = HeaderValue::from_str(&value) {
            request.headers_mut().append(header::COOKIE, value);
        }
    }
    let mut response = next.run(request).await;
    let outgoing: Vec<String> = response.headers().get_all(header::SET_COOKIE).iter().filter_map(|v| v.to_str().ok()).map(framed_set_cookie).collect();
    response.headers_mut().remove(header::SET_COOKIE);
    for value in outgoing {
        if let Ok(value) = HeaderValue::from_str(&value) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framed_cookies_are_secure_cross_site_and_partitioned_and_the_session_gets_the_host_prefix() {
        assert_eq!(
            framed_set_cookie("partnerhub_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=1800"),
            "__Host-partnerhub_session=abc; HttpOnly; Path=/; Max-Age=1800; SameSite=None; Secure; Partitioned"
        );
        assert_eq!(
            framed_set_cookie("i18n_pref_locale=nl; Path=/; Max-Age=31536000; SameSite=Lax"),
            "i18n_pref_locale=nl; Path=/; Max-Age=31536000; SameSite=None; Secure; Partitioned"
        );
        // A removal cookie carries the same name and attributes, or the browser keeps the old one.
        assert_eq!(
            framed_set_cookie("partnerhub_session=; Path=/; Max-Age=0; Secure; SameSite=Lax"),
            "__Host-partnerhub_session=; Path=/; Max-Age=0; SameSite=None; Secure; Partitioned"
        );
        assert_eq!(
            framed_set_cookie("partnerhub_device=x; Domain=example.org; Path=/"),
            "partnerhub_device=x; Domain=example.org; Path=/; SameSite=None; Secure; Partitioned"
        );
    }

    #[test]
    fn prefixed_cookies_come_back_under_the_servers_names() {
        assert_eq!(
            unprefixed_cookie_header("__Host-partnerhub_session=abc; i18n_pref_locale=nl; __Host-other=1"),
            "partnerhub_session=abc; i18n_pref_locale=nl; __Host-other=1"
        );
    }
}
