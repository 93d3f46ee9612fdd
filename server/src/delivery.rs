//! How what Partnerhub sends travels: compressed, and cached only where that is safe.
//! - The built site's files (`/pkg/…`: script, WebAssembly, its lazily loaded parts,
//!   stylesheet) are sent as the brotli or gzip copies the release build prepared beside them
//!   (`.ci/build`: `cargo leptos build --release --precompress`), whichever the browser accepts; with
//!   content-hashed names (`hash-files`) browsers keep them for a year without asking again.
//! - Pages, server-function answers and downloads are compressed as they are sent (brotli at
//!   a fast level, or gzip) and marked `no-store`: they are personal, and a shared cache or the
//!   back button after signing out must not show them to someone else.
//! - The few public files with fixed names (icon, the host pages' `embed.js`, `frame.js`)
//!   may be kept for an hour, so an upgrade reaches every browser within the hour.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;

/// Files whose names change with their content.
pub const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// Files with fixed names.
pub const PUBLIC_HOUR: HeaderValue = HeaderValue::from_static("public, max-age=3600");
/// Everything personal: pages, answers, downloads.
pub const NO_STORE: HeaderValue = HeaderValue::from_static("no-store");
/// Site files of a build without hashed names (a debug build): asked again every time.
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

/// The built site's files under `/pkg`, served from their prepared compressed copies.
pub fn site_files<S: Clone + Send + Sync + 'static>(pkg_dir: &str) -> Router<S> {
    let files = ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip();
    Router::new().nest_service("/pkg", files)
}

/// Compression of everything not already compressed: the site files carry their encoding, and
/// PDFs and workbooks are compressed inside.
pub fn compression() -> CompressionLayer<impl Predicate> {
    let already = DefaultPredicate::new().and(NotForContentType::const_new("application/pdf")).and(NotForContentType::const_new(crate::reports::XLSX_TYPE));
    // Brotli's default level (11) costs far more time per page than the bytes it saves.
    CompressionLayer::new().quality(CompressionLevel::Precise(4)).compress_when(already)
}

/// Sets `Cache-Control` on every response that has none (see the module's header). `hashed`:
/// the build gave the site's files content-hashed names.
pub async fn cache_policy(State(hashed): State<bool>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let read = request.method() == Method::GET || request.method() == Method::HEAD;
    let mut response = next.run(request).await;
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let file = read && response.status().is_success();
    let value = if file && path.starts_with("/pkg/") {
        if hashed {
            IMMUTABLE
        } else {
            REVALIDATE
        }
    } else if file && public_file(&path) {
        PUBLIC_HOUR
    } else {
        NO_STORE
    };
    response.headers_mut().insert(header::CACHE_CONTROL, value);
    response
}

/// A file of the site's public folder: one path segment with a file extension (`/embed.js`).
/// Downloads with extensions (`/company/skills.csv`) sit deeper and set their own policy.
fn public_file(path: &str) -> bool {
    let name = path.strip_prefix('/').unwrap_or(path);
    !name.contains('/') && name.rsplit_once('.').is_some_and(|(stem, ext)| !stem.is_empty() && !ext.is_empty())
}

#[cfg(test)]
mod tests {
    use super::public_file;

    #[test]
    fn only_top_level_files_count_as_public() {
        assert!(public_file("/embed.js"));
        assert!(public_file("/favicon.svg"));
        assert!(!public_file("/company/skills.csv"));
        assert!(!public_file("/signin"));
        assert!(!public_file("/"));
        assert!(!public_file("/.env"));
    }
}
