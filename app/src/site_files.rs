//! The names of the built site's files. A release build gives the script, the WebAssembly and
//! the stylesheet content-hashed names (cargo-leptos `hash-files`), so browsers may keep them
//! for a year, and writes the hashes to `hash.txt` beside the server binary, where
//! `site_file` reads them for the page head and `AppScript` (which loads the app). The files
//! of the page's part of the app are named in the page too (`PartFiles`, from the build's
//! split manifest), so that the part is on its way before the app asks for it.

use leptos::prelude::*;

/// Where the build writes the file hashes: beside the running binary (as Leptos expects).
pub fn hash_file() -> Option<std::path::PathBuf> {
    Some(std::env::current_exe().ok()?.parent()?.join("hash.txt"))
}

/// The hash of one kind of file (`css`, `js`, `wasm`) in a hash file's text.
pub fn hash_of<'a>(hashes: &'a str, kind: &str) -> Option<&'a str> {
    hashes.lines().find_map(|line| {
        let (file, hash) = line.split_once(':')?;
        (file.trim() == kind).then(|| hash.trim()).filter(|h| !h.is_empty())
    })
}

/// The build's file hashes (the text of the hash file), read once; `None` without hashing.
fn hashes(options: &LeptosOptions) -> Option<&'static str> {
    static HASHES: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    HASHES.get_or_init(|| if options.hash_files { std::fs::read_to_string(hash_file()?).ok() } else { None }).as_deref()
}

/// The address of the built script (`js`), WebAssembly (`wasm`) or stylesheet (`css`):
/// `/pkg/partnerhub.<hash>.<kind>` when the build hashed the files.
pub fn site_file(options: &LeptosOptions, kind: &str) -> String {
    let (name, pkg) = (&options.output_name, &options.site_pkg_dir);
    match hashes(options).and_then(|h| hash_of(h, kind)) {
        Some(hash) => format!("/{pkg}/{name}.{hash}.{kind}"),
        None => format!("/{pkg}/{name}.{kind}"),
    }
}

/// The attribute that lists the files of the page's part of the app (`PartFiles`).
const PART_ATTRIBUTE: &str = "data-partnerhub-part";

/// The part of the app (`lazy_parts!` in `app.rs`) that the page being rendered needs, noted
/// by its route as it is matched. The server's only (`shell` provides it).
#[derive(Clone, Default)]
#[cfg_attr(feature = "hydrate", allow(dead_code))]
pub struct PagePart(std::sync::Arc<std::sync::Mutex<Option<&'static str>>>);

impl PagePart {
    /// Notes that the page being rendered needs `part`.
    #[cfg(not(feature = "hydrate"))]
    pub fn note(part: &'static str) {
        if let Some(PagePart(page)) = use_context::<PagePart>() {
            *page.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some(part);
        }
    }

    #[cfg(not(feature = "hydrate"))]
    fn get(&self) -> Option<&'static str> {
        *self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The files of one part of the app: the chunks it shares with other parts and its own
/// WebAssembly, as the build's split manifest lists them (`/pkg/chunk_8.<hash>.wasm
/// /pkg/split_profile_pages.<hash>.wasm`), separated by spaces. Empty for a build without
/// parts. The manifest is read once.
#[cfg(not(feature = "hydrate"))]
fn part_files(options: &LeptosOptions, part: &str) -> String {
    use std::collections::HashMap;
    static MANIFEST: std::sync::OnceLock<HashMap<String, Vec<String>>> = std::sync::OnceLock::new();
    let manifest = MANIFEST.get_or_init(|| {
        let name = match hashes(options).and_then(|h| hash_of(h, "manifest")) {
            Some(hash) => format!("__wasm_split_manifest.{hash}.json"),
            None => "__wasm_split_manifest.json".into(),
        };
        let file = std::path::Path::new(&*options.site_root).join(&*options.site_pkg_dir).join(name);
        std::fs::read(file).ok().and_then(|text| serde_json::from_slice(&text).ok()).unwrap_or_default()
    });
    let pkg = &options.site_pkg_dir;
    manifest.get(part).map(|files| files.iter().map(|f| format!("/{pkg}/{f}.wasm")).collect::<Vec<_>>().join(" ")).unwrap_or_default()
}

/// Names the files of the page's part of the app at the end of the page (`PART_ATTRIBUTE` on
/// an empty `<template>`), so that `AppScript` asks for them as soon as the main module has
/// arrived rather than once the page's frame has come to life (on a phone network, the
/// part's request otherwise waits for both). The server writes the names once the page's route
/// has been matched; the browser renders the same element and keeps the server's names.
#[component]
pub fn PartFiles() -> impl IntoView {
    #[cfg(not(feature = "hydrate"))]
    let content = {
        let (part, options) = (use_context::<PagePart>(), use_context::<LeptosOptions>());
        move || match (&part, &options) {
            (Some(part), Some(options)) => part.get().map(|part| part_files(options, part)).unwrap_or_default(),
            _ => String::new(),
        }
    };
    #[cfg(feature = "hydrate")]
    let content = "";
    view! { <template data-partnerhub-part=content></template> }
}

/// Loads the app's script and WebAssembly, and makes the page interactive, once the server's
/// page has loaded and been painted: the page the visitor sees first is the server's, and
/// the WebAssembly and its parts never compete with the page and its stylesheet for a slow
/// connection. Nothing is preloaded from the page's head for the same reason. A page that is
/// never painted (a tab in the background) starts a second after it loaded.
#[component]
pub fn AppScript(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let quoted = |s: String| serde_json::to_string(&s).unwrap_or_default();
    let (js, wasm) = (quoted(site_file(&options, "js")), quoted(site_file(&options, "wasm")));
    // After the whole page has loaded and two frames have gone by (the first paint of the
    // whole page can be presented after the first frame's callbacks run). The WebAssembly is
    // asked for at the same time as the script (not once the script has arrived), and the
    // page's part, if it has one (`PartFiles`), as soon as the main module has arrived and
    // compiled, while it starts and brings the page's frame to life: asked for together, the
    // two would share the connection and the main module would arrive no sooner than both.
    // The app's own request for the part then finds it on its way or arrived.
    let script = format!(
        "let started = false;\
         const part = () => {{ for (const href of (document.querySelector('[{PART_ATTRIBUTE}]')?.getAttribute('{PART_ATTRIBUTE}') ?? '').split(' ').filter(Boolean)) {{ \
         const link = document.createElement('link'); link.rel = 'preload'; link.as = 'fetch'; link.crossOrigin = 'anonymous'; link.href = href; document.head.append(link); }} }};\
         const start = () => {{ if (started) return; started = true; \
         const wasm = WebAssembly.compileStreaming(fetch({wasm})).catch(() => fetch({wasm}).then((r) => r.arrayBuffer()).then((b) => WebAssembly.compile(b))); \
         wasm.then(part, () => {{}}); \
         import({js}).then((m) => m.default({{ module_or_path: wasm }}).then(() => m.hydrate())); }};\
         const painted = () => {{ requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(start, 0))); setTimeout(start, 1000); }};\
         if (document.readyState === 'complete') painted(); else addEventListener('load', painted, {{ once: true }});"
    );
    view! { <script type="module" nonce=nonce>{script}</script> }
}

#[cfg(test)]
mod tests {
    use super::hash_of;

    #[test]
    fn each_kind_of_file_finds_its_own_hash() {
        let text = "js: abc\nwasm: def\ncss: g-h_i\n";
        assert_eq!(hash_of(text, "css"), Some("g-h_i"));
        assert_eq!(hash_of(text, "wasm"), Some("def"));
        assert_eq!(hash_of(text, "manifest"), None);
        assert_eq!(hash_of("css:\n", "css"), None);
    }
}
