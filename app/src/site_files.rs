//! The names of the built site's files. A release build gives the script, the WebAssembly and
//! the stylesheet content-hashed names (cargo-leptos `hash-files`), so browsers may keep them
//! for a year, and writes the hashes to `hash.txt` beside the server binary, where
//! `site_file` reads them for the page head and `AppScript` (which loads the app).

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

/// Loads the app's script and WebAssembly, and makes the page interactive, once the server's
/// page has loaded and been painted: the page the visitor sees first is the server's, and
/// the WebAssembly and its parts (fetched by the script as the page needs them) never compete
/// with the page and its stylesheet for a slow connection. Nothing is preloaded for the same
/// reason. A page that is never painted (a tab in the background) starts a second after it
/// loaded.
#[component]
pub fn AppScript(options: LeptosOptions) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let quoted = |s: String| serde_json::to_string(&s).unwrap_or_default();
    let (js, wasm) = (quoted(site_file(&options, "js")), quoted(site_file(&options, "wasm")));
    // After the whole page has loaded and two frames have gone by (the first paint of the
    // whole page can be presented after the first frame's callbacks run).
    let script = format!(
        "let started = false;\
         const start = () => {{ if (started) return; started = true; \
         import({js}).then((m) => m.default({{ module_or_path: {wasm} }}).then(() => m.hydrate())); }};\
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
