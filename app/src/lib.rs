//! Partnerhub's web application: pages, components and server functions. Built twice: with
//! `ssr` into the server (rendering and server functions), with `hydrate` into WebAssembly
//! for the browser. Server-only code sits behind `#[cfg(feature = "ssr")]`.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod agreement;
pub mod app;
pub mod auth;
pub mod company;
pub mod components;
pub mod dev;
pub mod email_policy;
pub mod embed;
pub mod enrollment;
pub mod error;
pub mod flash;
pub mod my_profile;
pub mod people;
pub mod review;
pub mod site_files;
pub mod skills;
pub mod text;

#[cfg(feature = "ssr")]
pub mod server;

pub use app::{shell, App};

/// Set once the page is interactive: from then on links are the router's (before, the
/// browser's: `links_stay_plain_until_hydrated`), a page's part that cannot be downloaded
/// is fetched as a whole page instead (`app::part_unavailable`), and inputs are no longer read
/// for what was typed before (`components::typed_before_hydration`).
#[cfg(feature = "hydrate")]
pub static HYDRATED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The cookie that remembers the chosen language (the one leptos_i18n reads).
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    email_policy::load_from_page();
    let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) else { return };
    links_stay_plain_until_hydrated();
    // The page's own lazily loaded part arrives before it hydrates (`lazy_parts`).
    let _ = any_spawner::Executor::init_wasm_bindgen();
    leptos::task::spawn_local(async move {
        leptos::mount::hydrate_from_async(body.clone(), App).await.forget();
        HYDRATED.store(true, std::sync::atomic::Ordering::Relaxed);
        // Tells browser tests (and curious people) that the page is interactive now.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}

/// Until the page is interactive, a link is followed by the browser, as without JavaScript. The
/// router listens for clicks on the window as soon as the app starts, but it can only show the
/// next page once this one has hydrated: a tap on a link while the page still waits for its
/// part of the app (seconds on a phone network) would otherwise do nothing.
#[cfg(feature = "hydrate")]
fn links_stay_plain_until_hydrated() {
    use wasm_bindgen::{closure::Closure, JsCast};
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let keep_from_router = Closure::<dyn Fn(web_sys::Event)>::new(|ev: web_sys::Event| {
        if !HYDRATED.load(std::sync::atomic::Ordering::Relaxed) {
            ev.stop_propagation();
        }
    });
    let _ = document.add_event_listener_with_callback("click", keep_from_router.as_ref().unchecked_ref());
    keep_from_router.forget();
}
