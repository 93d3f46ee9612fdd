//! The wizard's pages and their shared frame (step list, loading, redirects).

mod account;
mod agreement;
mod code;
mod company;
mod contact;
mod email;

pub use account::AccountPage;
pub use agreement::AgreementPage;
pub use code::CodePage;
pub use company::CompanyPage;
pub use contact::ContactPage;
pub use email::EmailPage;

use crate::enrollment::api::get_enrollment;
use crate::enrollment::EnrollmentView;
use crate::flash::{take_flash, Flash};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_router::components::Redirect;
use partnerhub_domain::{Progress, Step};

fn step_label(i18n: I18nContext<Locale>, step: Step) -> &'static str {
    match step {
        Step::Email => t_string!(i18n, steps.email),
        Step::Code => t_string!(i18n, steps.code),
        Step::Account => t_string!(i18n, steps.account),
        Step::Company => t_string!(i18n, steps.company),
        Step::Contact => t_string!(i18n, steps.contact),
        Step::Agreement | Step::Done => t_string!(i18n, steps.agreement),
    }
}

/// The list of steps: done ones link back, the current one is marked for screen readers.
#[component]
fn Steps(current: Step, progress: Progress) -> impl IntoView {
    let i18n = use_i18n();
    let items = Step::ALL.iter().enumerate().map(|(i, &step)| {
        let done = step < progress.next_step();
        let is_current = step == current;
        let reachable = progress.allows(step) && !is_current;
        let label = move || step_label(i18n, step);
        let state = move || {
            if is_current {
                t_string!(i18n, steps.current)
            } else if done {
                t_string!(i18n, steps.done)
            } else {
                ""
            }
        };
        view! {
            <li class="step" class:step-current=is_current class:step-done=done
                aria-current=is_current.then_some("step")>
                <span class="step-number" aria-hidden="true">{i + 1}</span>
                {if reachable {
                    view! { <a href=step.path()>{label}</a> }.into_any()
                } else {
                    view! { <span class="step-label">{label}</span> }.into_any()
                }}
                <span class="visually-hidden">" " {state}</span>
            </li>
        }
    });
    view! {
        <nav class="steps" aria-label=move || t_string!(i18n, steps.label)>
            <ol>{items.collect_view()}</ol>
        </nav>
    }
}

/// A wizard page: loads the enrollment and any flash for `forms`, sends the browser to the
/// right step when this one cannot be opened, and renders `body` inside the frame.
#[component]
pub fn WizardPage<F, V>(step: Step, forms: &'static str, body: F) -> impl IntoView
where
    F: Fn(Option<EnrollmentView>, Option<Flash>) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let data = Resource::new(|| (), move |_| async move { (get_enrollment().await, take_flash(forms.to_owned()).await) });
    view! {
        <div class="wizard">
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || {
                    let body = body.clone();
                    Suspend::new(async move {
                        let (enrollment, flash) = data.await;
                        let enrollment = enrollment.ok().flatten();
                        let progress = enrollment.as_ref().map(|e| e.progress).unwrap_or_default();
                        if !progress.allows(step) {
                            return view! { <Redirect path=progress.next_step().path()/> }.into_any();
                        }
                        let flash = flash.ok().flatten();
                        view! {
                            <Steps current=step progress/>
                            <section class="card wizard-card">{body(enrollment, flash)}</section>
                        }
                        .into_any()
                    })
                }}
            </Suspense>
        </div>
    }
}

/// The submit button: says what it does, and is disabled while the answer is pending.
#[component]
pub fn SubmitButton(#[prop(into)] label: Signal<String>, pending: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button type="submit" class="button primary" disabled=move || pending.get()>
            {move || if pending.get() { t_string!(i18n, form.saving).to_string() } else { label.get() }}
        </button>
    }
}

/// "We restored what you typed earlier."
#[component]
pub fn DraftNotice(restored: ReadSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || restored.get()>
            <p class="notice" role="status">{t!(i18n, form.draft_restored)}</p>
        </Show>
    }
}
