//! Embedding (`PARTNERHUB_EMBED_ORIGINS`): which pages may frame Partnerhub, and the cookies a
//! framed page can use, with the setting and without.

mod common;

use common::*;
use reqwest::header;

const HOSTS: &str = "http://localhost:3199, https://*.sharepoint.example";

/// A client that keeps no cookies: the test reads and sends them itself.
fn bare_client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

fn set_cookies(response: &reqwest::Response) -> Vec<String> {
    response.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_owned()).collect()
}

fn cookie<'a>(cookies: &'a [String], name: &str) -> &'a str {
    cookies.iter().find(|c| c.starts_with(&format!("{name}="))).unwrap_or_else(|| panic!("no {name} cookie in {cookies:?}"))
}

/// Signs in a reviewer (added as the command line does) and returns the answer's cookies.
async fn sign_in(app: &TestApp) -> Vec<String> {
    let hash = partnerhub_core::credentials::hash_password(partnerhub_domain::Password::parse(PASSWORD).unwrap()).await.unwrap();
    app.state.store.create_reviewer("rita@programme.example", "Rita Reviewer", &hash, chrono::Utc::now()).await.unwrap();
    let answer =
        bare_client().post(format!("{}/api/sign_in", app.base)).form(&[("email", "rita@programme.example"), ("password", PASSWORD)]).send().await.unwrap();
    assert!(answer.status().is_success(), "{}", answer.status());
    set_cookies(&answer)
}

#[tokio::test]
async fn with_embedding_on_the_allowed_host_pages_may_frame_partnerhub_and_framed_pages_are_compact() {
    let app = spawn_with(&[("PARTNERHUB_EMBED_ORIGINS", HOSTS)]).await;
    let page = bare_client().get(format!("{}/signin", app.base)).header("sec-fetch-dest", "iframe").send().await.unwrap();
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    assert!(csp.ends_with("frame-ancestors 'self' http://localhost:3199 https://*.sharepoint.example"), "{csp}");
    assert!(page.headers().get(header::X_FRAME_OPTIONS).is_none(), "X-Frame-Options cannot name other sites");
    let html = page.text().await.unwrap();
    assert!(html.contains("<body class=\"embedded\""), "a framed page gets the compact layout");
    assert!(html.contains("name=\"partnerhub-embed-origins\"") && html.contains("src=\"/frame.js\""));
    let top = bare_client().get(format!("{}/signin", app.base)).header("sec-fetch-dest", "document").send().await.unwrap();
    assert!(!top.text().await.unwrap().contains("class=\"embedded\""), "opened on its own, the full layout");
}

#[tokio::test]
async fn without_embedding_only_partnerhub_frames_itself() {
    let app = spawn().await;
    let page = bare_client().get(format!("{}/signin", app.base)).header("sec-fetch-dest", "iframe").send().await.unwrap();
    let csp = page.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
    assert!(csp.ends_with("frame-ancestors 'self'"), "{csp}");
    assert_eq!(page.headers()[header::X_FRAME_OPTIONS], "SAMEORIGIN");
    let html = page.text().await.unwrap();
    assert!(!html.contains("class=\"embedded\"") && !html.contains("partnerhub-embed-origins") && !html.contains("/frame.js"));
}

#[tokio::test]
async fn embedded_cookies_are_secure_cross_site_partitioned_and_host_prefixed_removal_included() {
    let app = spawn_with(&[("PARTNERHUB_EMBED_ORIGINS", HOSTS)]).await;
    let cookies = sign_in(&app).await;
    let session = cookie(&cookies, "__Host-partnerhub_session");
    let device = cookie(&cookies, "__Host-partnerhub_device");
    for c in [session, device] {
        for attribute in ["HttpOnly", "Path=/", "SameSite=None", "Secure", "Partitioned"] {
            assert!(c.split("; ").any(|a| a == attribute), "{attribute} missing from {c}");
        }
        assert!(!c.contains("SameSite=Lax") && !c.contains("Domain="), "{c}");
    }
    // The browser sends the prefixed name back, and the session is recognised.
    let pair = session.split(';').next().unwrap().to_owned();
    let who = bare_client().post(format!("{}/api/current_user", app.base)).header(header::COOKIE, &pair).send().await.unwrap();
    assert!(who.text().await.unwrap().contains("rita@programme.example"), "signed in through the prefixed cookie");
    // Signing out removes the cookie under the same name and attributes.
    let out = bare_client().post(format!("{}/api/sign_out", app.base)).header(header::COOKIE, &pair).send().await.unwrap();
    let removal = set_cookies(&out);
    let removal = cookie(&removal, "__Host-partnerhub_session");
    assert!(removal.contains("Max-Age=0") || removal.contains("Expires="), "{removal}");
    assert!(removal.ends_with("SameSite=None; Secure; Partitioned"), "{removal}");
    // The language cookie too.
    let locale = bare_client().post(format!("{}/locale", app.base)).form(&[("locale", "nl"), ("back", "/")]).send().await.unwrap();
    let locale = set_cookies(&locale);
    assert!(cookie(&locale, "i18n_pref_locale").ends_with("SameSite=None; Secure; Partitioned"), "{locale:?}");
}

#[tokio::test]
async fn without_embedding_cookies_stay_same_site_lax() {
    let app = spawn().await;
    let cookies = sign_in(&app).await;
    for name in ["partnerhub_session", "partnerhub_device"] {
        let c = cookie(&cookies, name);
        assert!(c.contains("SameSite=Lax") && !c.contains("Partitioned") && !c.contains("Secure"), "{c}");
    }
}
