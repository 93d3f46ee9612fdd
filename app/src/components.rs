//! Form building blocks shared by every page: a form's state (the server's last answer and
//! each field's instant check), labelled inputs whose errors are tied to them, the error
//! summary, messages that count down a wait, wide tables that scroll in a named region, and
//! drafts kept in the browser's localStorage.

use crate::error::AppError;
use crate::flash::Flash;
use crate::i18n::*;
use crate::text::{failure_text, problem_text};
use leptos::prelude::*;
use partnerhub_domain::{FieldProblem, Problem};

/// An instant check: the same domain function the server calls.
pub type Check = fn(&str) -> Result<(), Problem>;

/// One input: its value, whether its instant check shows yet, and the check.
#[derive(Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub value: RwSignal<String>,
    /// The check shows once the person has typed here and left the field (or the value was
    /// put back for them); from then on it follows each keystroke. Nobody is told off for
    /// the first letter of an address.
    pub touched: RwSignal<bool>,
    pub check: Option<Check>,
}

impl Field {
    pub fn new(name: &'static str, initial: String, check: Option<Check>) -> Self {
        Self { name, value: RwSignal::new(initial), touched: RwSignal::new(false), check }
    }

    /// The instant problem: only once the person has typed here and left the field.
    pub fn local_problem(&self) -> Option<Problem> {
        if !self.touched.get() {
            return None;
        }
        self.check.and_then(|check| check(&self.value.get()).err())
    }
}

/// A form's answer from the server: the problems of the last submission, or a failure.
#[derive(Clone, Copy)]
pub struct FormState {
    pub problems: RwSignal<Vec<FieldProblem>>,
    pub failure: RwSignal<Option<AppError>>,
    pub succeeded: RwSignal<bool>,
    /// Sets this form's input ids apart from another form's on the same page with inputs of
    /// the same names ("" for the only form of a page).
    form: &'static str,
}

impl FormState {
    pub fn new() -> Self {
        Self::named("")
    }

    /// The state of one of several forms on a page whose inputs share names.
    pub fn named(form: &'static str) -> Self {
        Self { problems: RwSignal::new(Vec::new()), failure: RwSignal::new(None), succeeded: RwSignal::new(false), form }
    }

    /// The id of this form's input `name`, which its label and the error summary point at.
    pub fn field_id(&self, name: &str) -> String {
        match self.form {
            "" => field_id(name),
            form => field_id(&format!("{form}-{name}")),
        }
    }

    /// Takes in a server function's answer.
    pub fn answer<T>(&self, result: &Result<T, AppError>) {
        match result {
            Ok(_) => {
                self.problems.set(Vec::new());
                self.failure.set(None);
                self.succeeded.set(true);
            }
            Err(AppError::Refused(problems)) => {
                self.problems.set(problems.clone());
                self.failure.set(None);
                self.succeeded.set(false);
            }
            Err(other) => {
                self.problems.set(Vec::new());
                self.failure.set(Some(other.clone()));
                self.succeeded.set(false);
            }
        }
    }

    /// Takes in a flash left by a plain form post, restoring the typed values.
    pub fn restore(&self, flash: &Flash, fields: &[Field]) {
        self.answer(&flash.outcome);
        for field in fields {
            if let Some(value) = flash.value(field.name) {
                field.value.set(value);
            }
        }
    }

    pub fn server_problem(&self, field: &str) -> Option<Problem> {
        self.problems.with(|ps| ps.iter().find(|p| p.field.as_deref() == Some(field)).map(|p| p.problem.clone()))
    }

    /// Forgets the server's problem for a field the user changes.
    pub fn clear(&self, field: &str) {
        self.problems.update(|ps| ps.retain(|p| p.field.as_deref() != Some(field)));
    }

    /// The problem shown at a field: the instant check first, else the server's.
    pub fn shown_problem(&self, field: &Field) -> Option<Problem> {
        field.local_problem().or_else(|| self.server_problem(field.name))
    }

    /// Watches an action and takes in each answer.
    pub fn follow<I, O>(self, action: ServerAction<I>)
    where
        I: leptos::server_fn::ServerFn<Output = O, Error = AppError> + Send + Sync + Clone + 'static,
        O: Send + Sync + Clone + 'static,
    {
        Effect::new(move |_| {
            if let Some(result) = action.value().get() {
                self.answer(&result);
            }
        });
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn field_id(name: &str) -> String {
    format!("field-{name}")
}

/// A tick each second, for messages that say how long a wait still is ("in 45 seconds"):
/// they read it and count down where JavaScript runs. Provided once by the app.
#[derive(Clone, Copy)]
pub struct Clock(RwSignal<u32>);

impl Clock {
    pub fn provide() {
        let tick = RwSignal::new(0u32);
        #[cfg(feature = "hydrate")]
        Effect::new(move |_| {
            let _ = set_interval_with_handle(move || tick.update(|t| *t = t.wrapping_add(1)), std::time::Duration::from_secs(1));
        });
        provide_context(Clock(tick));
    }

    /// Makes the caller run again each second.
    pub fn track() {
        if let Some(Clock(tick)) = use_context::<Clock>() {
            tick.track();
        }
    }
}

/// The alert above a form: every problem of the last submission, each linking to its input.
#[component]
pub fn ErrorSummary(state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let items = move || {
        let mut items: Vec<(Option<String>, Result<Problem, AppError>)> = state.problems.get().into_iter().map(|p| (p.field, Ok(p.problem))).collect();
        if let Some(failure) = state.failure.get() {
            items.push((None, Err(failure)));
        }
        items
    };
    view! {
        <Show when=move || !items().is_empty()>
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{t!(i18n, form.problems_title)}</h2>
                <ul>
                    <For each=items key=|item| format!("{item:?}") let((field, what))>
                        <li>
                            {
                                let text = match what {
                                    Ok(problem) => view! { <ProblemText problem/> }.into_any(),
                                    Err(failure) => view! { {move || failure_text(i18n.get_locale(), &failure)} }.into_any(),
                                };
                                match field {
                                    Some(f) => view! { <a href=format!("#{}", state.field_id(&f))>{text}</a> }.into_any(),
                                    None => view! { <span>{text}</span> }.into_any(),
                                }
                            }
                        </li>
                    </For>
                </ul>
            </div>
        </Show>
    }
}

/// A problem's message. A wait ("in 45 seconds") counts down on the screen, while assistive
/// technology reads the message once, as it was when the answer came: text that changes each
/// second inside an alert would be read out each second.
#[component]
fn ProblemText(problem: Problem) -> impl IntoView {
    let i18n = use_i18n();
    if !crate::text::counts_down(&problem) {
        return view! { {move || problem_text(i18n.get_locale(), &problem)} }.into_any();
    }
    let once = problem_text(i18n.get_locale_untracked(), &problem);
    let ticking = move || {
        Clock::track();
        problem_text(i18n.get_locale(), &problem)
    };
    view! { <span aria-hidden="true">{ticking}</span><span class="visually-hidden">{once}</span> }.into_any()
}

/// A labelled input with its hint and its problem, tied together for assistive technology.
#[component]
pub fn TextInput(
    state: FormState,
    field: Field,
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] optional: bool,
    #[prop(optional)] on_change: Option<Callback<String>>,
    /// An instant check that needs more than this field's value (postal code by country,
    /// the repeated password); shown as this field's own check is.
    #[prop(optional, into)]
    also: Option<Signal<Option<Problem>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = state.field_id(field.name);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let problem = Memo::new(move |_| {
        field.local_problem().or_else(|| also.and_then(|a| field.touched.get().then(|| a.get()).flatten())).or_else(|| state.server_problem(field.name))
    });
    #[cfg(feature = "hydrate")]
    keep_typed(&id, field);
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(hint_id.clone());
            }
            if problem.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field" class:field-invalid=move || problem.get().is_some()>
            <label for=id.clone()>
                {label}
                {optional.then(|| view! { <span class="optional">" " {t!(i18n, form.optional)}</span> })}
            </label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{hint}</p> })}
            <input
                id=id.clone()
                name=field.name
                type=kind
                autocomplete=autocomplete
                inputmode=inputmode
                prop:value=move || field.value.get()
                value=field.value.get_untracked()
                aria-invalid=move || problem.get().is_some().then_some("true")
                aria-describedby=described_by
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    field.value.set(value.clone());
                    state.clear(field.name);
                    if let Some(cb) = on_change {
                        cb.run(value);
                    }
                }
                on:blur=move |_| {
                    if !field.value.get_untracked().is_empty() {
                        pointer::after_press(move || field.touched.set(true));
                    }
                }
            />
            <Show when=move || problem.get().is_some()>
                <p class="field-error" id=error_id.clone()>
                    {move || problem.get().map(|problem| view! { <ProblemText problem/> })}
                </p>
            </Show>
        </div>
    }
}

/// Presses of a mouse button or a finger on the page. A message that appears while something
/// is pressed moves what is under the pointer, and the click is lost; such changes wait until
/// the press is over (`after_press`).
pub mod pointer {
    #[cfg(feature = "hydrate")]
    use std::cell::{Cell, RefCell};

    #[cfg(feature = "hydrate")]
    thread_local! {
        static DOWN: Cell<bool> = const { Cell::new(false) };
        static AFTER: RefCell<Vec<Box<dyn FnOnce()>>> = const { RefCell::new(Vec::new()) };
    }

    /// Follows presses for the whole page; once, as the app starts in the browser.
    #[cfg(feature = "hydrate")]
    pub fn watch() {
        use leptos::ev;
        use leptos::prelude::{set_timeout, window_event_listener};
        window_event_listener(ev::pointerdown, |_| DOWN.set(true));
        let released = || {
            DOWN.set(false);
            let waiting = AFTER.with_borrow_mut(std::mem::take);
            // After the click that this press makes has been delivered.
            set_timeout(move || waiting.into_iter().for_each(|f| f()), std::time::Duration::ZERO);
        };
        window_event_listener(ev::pointerup, move |_| released());
        window_event_listener(ev::pointercancel, move |_| released());
    }

    /// Runs `f` now, or once the press going on is over.
    pub fn after_press(f: impl FnOnce() + 'static) {
        #[cfg(feature = "hydrate")]
        if DOWN.get() {
            AFTER.with_borrow_mut(|after| after.push(Box::new(f)));
            return;
        }
        f()
    }
}

/// What the visitor typed or chose in the server's page before it became interactive: each
/// component reads its own input's value from the page (`take`) as it comes to life, before
/// hydration touches that input, so hydration does not set it back to the server's value. Read
/// then rather than when the app starts: a page waits for its part of the app (seconds on a
/// phone network, longer when a download fails and is tried again), and what is typed while it
/// waits counts too. Once the page is interactive, inputs are the app's and nothing is read.
#[cfg(feature = "hydrate")]
pub mod typed_before_hydration {
    use wasm_bindgen::JsCast;

    /// The value the visitor gave the input `key` (an id, or `radio:<name>` for a radio
    /// group's choice), if it differs from what the server sent and the page is not yet
    /// interactive.
    pub fn take(key: &str) -> Option<String> {
        if crate::HYDRATED.load(std::sync::atomic::Ordering::Relaxed) {
            return None;
        }
        let document = web_sys::window()?.document()?;
        if let Some(name) = key.strip_prefix("radio:") {
            let radios = document.get_elements_by_name(name);
            return (0..radios.length())
                .filter_map(|i| radios.item(i))
                .filter_map(|node| node.dyn_into::<web_sys::HtmlInputElement>().ok())
                .find(|radio| radio.type_() == "radio" && radio.checked() && !radio.default_checked())
                .map(|radio| radio.value());
        }
        let node = document.get_element_by_id(key)?;
        if let Some(input) = node.dyn_ref::<web_sys::HtmlInputElement>() {
            let text = !matches!(input.type_().as_str(), "radio" | "checkbox" | "hidden" | "submit" | "file");
            return (text && input.value() != input.default_value()).then(|| input.value());
        }
        let select = node.dyn_ref::<web_sys::HtmlSelectElement>()?;
        // The server's choice: the option it marked selected, else the first.
        let sent = select.query_selector("option[selected]").ok().flatten().or_else(|| select.query_selector("option").ok().flatten());
        let sent = sent.and_then(|o| o.get_attribute("value")).unwrap_or_default();
        (select.value() != sent).then(|| select.value())
    }
}

/// Takes over what the visitor typed into a field before the page became interactive: the
/// text becomes the field's value and its instant check applies. Once this part of the page
/// has hydrated (an effect): changed before, the page would differ from the server's.
#[cfg(feature = "hydrate")]
fn keep_typed(key: &str, field: Field) {
    if let Some(typed) = typed_before_hydration::take(key) {
        Effect::new(move |_| {
            if typed != field.value.get_untracked() {
                field.value.set(typed.clone());
                field.touched.set(true);
            }
        });
    }
}

/// The inputs of a postal address (E-6), named `address[…]` so that a server function takes
/// them as one `AddressInput`; each has the domain's instant check.
#[derive(Clone, Copy)]
pub struct AddressFields {
    pub country: Field,
    pub line1: Field,
    pub line2: Field,
    pub city: Field,
    pub region: Field,
    pub postal: Field,
}

impl AddressFields {
    pub fn new(a: partnerhub_domain::company::AddressInput) -> Self {
        use partnerhub_domain::company::{parse_country, parse_line};
        use partnerhub_domain::problem::required_text;
        Self {
            country: Field::new("address[country]", a.country, Some(|s| parse_country(s).map(|_| ()))),
            line1: Field::new("address[line1]", a.line1, Some(|s| parse_line(s).map(|_| ()))),
            line2: Field::new("address[line2]", a.line2, None),
            city: Field::new("address[city]", a.city, Some(|s| required_text(s, partnerhub_domain::Address::CITY_MAX).map(|_| ()))),
            region: Field::new("address[region]", a.region, None),
            postal: Field::new("address[postal_code]", a.postal_code, None),
        }
    }

    /// In form order: country, line 1, line 2, city, region, postal code.
    pub fn all(&self) -> [Field; 6] {
        [self.country, self.line1, self.line2, self.city, self.region, self.postal]
    }
}

/// What was typed into the address inputs, by input name, for the flash of a form post.
pub fn address_values(a: &partnerhub_domain::company::AddressInput) -> Vec<(&'static str, String)> {
    vec![
        ("address[country]", a.country.clone()),
        ("address[line1]", a.line1.clone()),
        ("address[line2]", a.line2.clone()),
        ("address[city]", a.city.clone()),
        ("address[region]", a.region.clone()),
        ("address[postal_code]", a.postal_code.clone()),
    ]
}

#[component]
pub fn AddressInputs(state: FormState, fields: AddressFields) -> impl IntoView {
    use partnerhub_domain::company::parse_postal_code;
    use partnerhub_domain::country::COUNTRIES;
    let i18n = use_i18n();
    let AddressFields { country, line1, line2, city, region, postal } = fields;
    let postal_problem = Signal::derive(move || {
        let c = country.value.get().trim().to_ascii_uppercase();
        parse_postal_code(&c, &postal.value.get()).err()
    });
    let country_problem = Memo::new(move |_| state.shown_problem(&country));
    let country_id = state.field_id(country.name);
    let country_error_id = format!("{country_id}-error");
    // A country chosen before the page became interactive counts (the postal code's check too).
    #[cfg(feature = "hydrate")]
    keep_typed(&country_id, country);
    view! {
        <div class="field" class:field-invalid=move || country_problem.get().is_some()>
            <label for=country_id.clone()>{t!(i18n, enroll.country)}</label>
            <select id=country_id.clone() name=country.name autocomplete="country"
                prop:value=move || country.value.get()
                aria-invalid=move || country_problem.get().is_some().then_some("true")
                aria-describedby=move || country_problem.get().is_some().then(|| country_error_id.clone())
                on:change=move |ev| {
                    country.value.set(event_target_value(&ev));
                    country.touched.set(true);
                    state.clear(country.name);
                }>
                <option value="" selected=country.value.get_untracked().is_empty()>{t!(i18n, enroll.country_choose)}</option>
                {move || {
                    let dutch = i18n.get_locale() == Locale::nl;
                    let mut list: Vec<_> = COUNTRIES.iter().map(|(code, en, nl)| (*code, if dutch { *nl } else { *en })).collect();
                    list.sort_by(|a, b| a.1.cmp(b.1));
                    let current = country.value.get_untracked().to_ascii_uppercase();
                    list.into_iter().map(|(code, name)| {
                        view! { <option value=code selected=current == code>{name}</option> }
                    }).collect_view()
                }}
            </select>
            <Show when=move || country_problem.get().is_some()>
                <p class="field-error" id=format!("{}-error", state.field_id(country.name))>
                    {move || country_problem.get().map(|p| problem_text(i18n.get_locale(), &p))}
                </p>
            </Show>
        </div>
        <TextInput state field=line1 autocomplete="address-line1"
            label=move || t_string!(i18n, enroll.line1).to_string()
            hint=move || t_string!(i18n, enroll.po_box_note).to_string()/>
        <TextInput state field=line2 autocomplete="address-line2" optional=true
            label=move || t_string!(i18n, enroll.line2).to_string()/>
        <div class="field-row">
            <TextInput state field=postal autocomplete="postal-code" also=postal_problem
                label=move || t_string!(i18n, enroll.postal_code).to_string()/>
            <TextInput state field=city autocomplete="address-level2"
                label=move || t_string!(i18n, enroll.city).to_string()/>
        </div>
        <TextInput state field=region autocomplete="address-level1" optional=true
            label=move || t_string!(i18n, enroll.region).to_string()/>
    }
}

/// Drafts: what the user typed in a form, kept in this browser's localStorage so that a
/// reload or a closed tab loses nothing. Never used for codes or passwords.
pub mod draft {
    use super::Field;
    #[cfg(feature = "hydrate")]
    use gloo_storage::Storage;
    use leptos::prelude::*;

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn key(form: &str) -> String {
        format!("partnerhub.draft.{form}")
    }

    /// Whether the browser lets this page use its storage. Inside another site's frame it may
    /// be blocked (the storage library would then abort the page): drafts are simply not kept.
    #[cfg(feature = "hydrate")]
    fn storage_available() -> bool {
        web_sys::window().and_then(|w| w.local_storage().ok().flatten()).is_some()
    }

    /// Restores empty fields from the draft once the page runs in the browser, and keeps the
    /// draft up to date as the user types. Returns whether anything was restored.
    pub fn keep(form: &'static str, fields: Vec<Field>) -> ReadSignal<bool> {
        let (restored, set_restored) = signal(false);
        let _ = (&form, &fields, &set_restored);
        // One effect, so it runs after hydration: first restore, then save on every change.
        #[cfg(feature = "hydrate")]
        Effect::new(move |first: Option<()>| {
            if !storage_available() {
                return;
            }
            if first.is_none() {
                let saved: std::collections::HashMap<String, String> = gloo_storage::LocalStorage::get(key(form)).unwrap_or_default();
                let mut any = false;
                for field in &fields {
                    match saved.get(field.name) {
                        Some(value) if field.value.get_untracked().is_empty() && !value.is_empty() => {
                            field.value.set(value.clone());
                            field.touched.set(true);
                            any = true;
                        }
                        _ => {}
                    }
                }
                set_restored.set(any);
            }
            let values: std::collections::HashMap<String, String> = fields.iter().map(|f| (f.name.to_owned(), f.value.get())).collect();
            let _ = gloo_storage::LocalStorage::set(key(form), values);
        });
        restored
    }

    /// Forgets every enrollment draft (after the enrollment is done).
    pub fn clear_all() {
        #[cfg(feature = "hydrate")]
        if storage_available() {
            for form in ["enroll_email", "enroll_account", "enroll_company", "enroll_contact"] {
                gloo_storage::LocalStorage::delete(key(form));
            }
        }
    }
}

/// A table that may be wider than the screen: it scrolls sideways inside a region named
/// `label` that takes keyboard focus, so the rest can be reached without a mouse.
#[component]
pub fn TableWrap(#[prop(into)] label: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap" role="region" tabindex="0" aria-label=label>
            {children()}
        </div>
    }
}

/// Sends a visitor who is not signed in (or whose session ended) to the sign-in page, which
/// brings them back to this page afterwards.
#[component]
pub fn SignInFirst() -> impl IntoView {
    let location = leptos_router::hooks::use_location();
    let search = location.search.get_untracked();
    let here = match search.is_empty() {
        true => location.pathname.get_untracked(),
        false => format!("{}?{}", location.pathname.get_untracked(), search.trim_start_matches('?')),
    };
    view! { <leptos_router::components::Redirect path=partnerhub_domain::access::sign_in_path(&here)/> }
}
