//! The smallest app with what every Leptos page of Partnerhub uses: router, meta, a server
//! function and a form posting to it. With the `islands` feature, the same app as islands:
//! only the form's component is hydrated (what a page would weigh if Partnerhub hydrated its
//! forms alone rather than whole pages).
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

#[server]
pub async fn greet(name: String) -> Result<String, ServerFnError> {
    Ok(format!("Hello, {name}"))
}

pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <HydrationScripts options islands=cfg!(feature = "islands")/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Title text="Bare"/>
        <Router>
            <Routes fallback=|| "Not found">
                <Route path=path!("/") view=Home/>
            </Routes>
        </Router>
    }
}

#[cfg_attr(feature = "islands", leptos::island)]
#[cfg_attr(not(feature = "islands"), component)]
fn Home() -> impl IntoView {
    let action = ServerAction::<Greet>::new();
    view! {
        <ActionForm action>
            <label for="name">"Name"</label>
            <input id="name" name="name"/>
            <button type="submit">"Greet"</button>
        </ActionForm>
        <p>{move || action.value().get().map(|r| r.unwrap_or_default())}</p>
    }
}

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    #[cfg(feature = "islands")]
    leptos::mount::hydrate_islands();
    #[cfg(not(feature = "islands"))]
    leptos::mount::hydrate_body(App);
}
