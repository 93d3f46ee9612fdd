//! The frame of the partner profile's pages: a menu on the left (on top on a phone) with
//! profile, locations, agreement, users and audit log; what the user's roles cannot open is not
//! listed (the server refuses it anyway).

use crate::auth::current_user;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use partnerhub_domain::Capability;

#[component]
pub fn CompanyFrame(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let me = Resource::new(|| (), |_| current_user());
    let item = move |href: &'static str, label: Signal<String>| {
        view! {
            <li>
                <a href=href aria-current=move || (location.pathname.get() == href).then_some("page")>{label}</a>
            </li>
        }
    };
    view! {
        <div class="company-frame">
            <nav class="company-menu" aria-label=move || t_string!(i18n, menu.label)>
                <ul>
                    {item("/company", Signal::derive(move || t_string!(i18n, menu.profile).to_string()))}
                    {item("/company/locations", Signal::derive(move || t_string!(i18n, menu.locations).to_string()))}
                    {item("/company/agreement", Signal::derive(move || t_string!(i18n, menu.agreement).to_string()))}
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move {
                            let me = me.await.ok().flatten();
                            let can = move |what| me.as_ref().is_some_and(|u| u.can(what));
                            view! {
                                {can(Capability::ViewUsers).then(|| item("/company/users", Signal::derive(move || t_string!(i18n, menu.users).to_string())))}
                                {can(Capability::ViewSkills).then(|| item("/company/skills", Signal::derive(move || t_string!(i18n, menu.skills).to_string())))}
                                {can(Capability::ViewSkills).then(|| item("/company/competencies", Signal::derive(move || t_string!(i18n, menu.competencies).to_string())))}
                                {can(Capability::ViewAudit).then(|| item("/company/audit", Signal::derive(move || t_string!(i18n, menu.audit).to_string())))}
                            }
                        })}
                    </Suspense>
                </ul>
            </nav>
            <div class="company-content">{children()}</div>
        </div>
    }
}
