//! Partnerhub inside a frame on an intranet page (`PARTNERHUB_EMBED_ORIGINS`): the head of
//! every page then names the allowed host origins and loads `/frame.js`, which reports the
//! page's height to the host page (`/embed.js` on the host sizes the frame); a page requested
//! into a frame (`Sec-Fetch-Dest: iframe`) gets the compact layout, without the brand header
//! and footer that the host portal already has.

use leptos::prelude::*;

/// The meta tag with the allowed host origins and the height script, when embedding is on.
#[component]
pub fn EmbedHead() -> impl IntoView {
    #[cfg(feature = "ssr")]
    let origins = use_context::<partnerhub_core::AppState>().map(|s| s.config.embed_origins.clone()).unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let origins: Vec<String> = Vec::new();
    (!origins.is_empty()).then(|| {
        let content = serde_json::to_string(&origins).unwrap_or_default();
        view! {
            <meta name="partnerhub-embed-origins" content=content/>
            <script src="/frame.js" defer></script>
        }
    })
}

/// The class of the page's body: `embedded` for a page requested into a frame while
/// embedding is on.
pub fn body_class() -> &'static str {
    #[cfg(feature = "ssr")]
    {
        let embedding = use_context::<partnerhub_core::AppState>().is_some_and(|s| s.config.embedded());
        let framed = use_context::<http::request::Parts>()
            .and_then(|p| p.headers.get("sec-fetch-dest").and_then(|v| v.to_str().ok()).map(|v| v == "iframe"))
            .unwrap_or(false);
        if embedding && framed {
            return "embedded";
        }
    }
    ""
}
