//! Serves the bare app for Lighthouse: `bare SITE-ROOT ADDRESS`, with the built script and
//! WebAssembly (and their brotli and gzip copies) in SITE-ROOT/pkg.

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    use axum::Router;
    use bare::{shell, App};
    use leptos::prelude::*;
    use leptos_axum::{generate_route_list, LeptosRoutes};
    use tower_http::compression::{CompressionLayer, CompressionLevel};
    use tower_http::services::ServeDir;

    let mut args = std::env::args().skip(1);
    let site = args.next().unwrap_or_else(|| "site".into());
    let addr = args.next().unwrap_or_else(|| "127.0.0.1:3150".into());
    let options = LeptosOptions::builder()
        .output_name("bare")
        .site_root(site.clone())
        .site_pkg_dir("pkg")
        .site_addr(addr.parse::<std::net::SocketAddr>().expect("an address like 127.0.0.1:3150"))
        .build();
    let routes = generate_route_list(App);
    let app = Router::new()
        .leptos_routes(&options, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest_service("/pkg", ServeDir::new(format!("{site}/pkg")).precompressed_br().precompressed_gzip())
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(4)))
        .with_state(options);
    let listener = tokio::net::TcpListener::bind(&addr).await.expect("the address is free");
    axum::serve(listener, app).await.expect("the server runs");
}

#[cfg(not(feature = "ssr"))]
fn main() {}
