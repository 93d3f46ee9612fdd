use super::CompanyFrame;
use crate::components::SignInFirst;
use crate::components::{AddressFields, AddressInputs, ErrorSummary, Field, FormState, TextInput};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use crate::text::{date_text, failure_text};
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use partnerhub_domain::company::AddressInput;
use partnerhub_domain::country::country_name;
use partnerhub_domain::PersonName;
use serde::{Deserialize, Serialize};

/// A location as the pages show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationView {
    pub partner_id: u32,
    pub head_office: bool,
    pub address_lines: Vec<String>,
    pub country: String,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_verified_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocationsView {
    pub locations: Vec<LocationView>,
    pub can_add: bool,
}

#[cfg(feature = "ssr")]
impl From<partnerhub_core::store::LocationRecord> for LocationView {
    fn from(l: partnerhub_core::store::LocationRecord) -> Self {
        let mut address_lines = vec![l.line1];
        address_lines.extend(l.line2);
        address_lines.push(format!("{} {}", l.postal_code, l.city));
        address_lines.extend(l.region);
        LocationView {
            partner_id: l.partner_id as u32,
            head_office: l.head_office,
            address_lines,
            country: l.country,
            contact_name: l.contact_name,
            contact_email: l.contact_email,
            contact_verified_at: l.contact_verified_at,
        }
    }
}

/// The company's locations (E-11), head office first; any user of the company.
#[server(endpoint = "company_locations")]
pub async fn company_locations() -> Result<LocationsView, AppError> {
    use crate::server::*;
    respond(
        async {
            let user = company_user().await?;
            let locations = state()?.store.locations(user.company_id).await?;
            Ok(LocationsView {
                locations: locations.into_iter().map(LocationView::from).collect(),
                can_add: partnerhub_domain::roles::can(&user.roles, partnerhub_domain::Capability::EditProfile),
            })
        }
        .await,
    )
    .await
}

/// Account and Global admins add a location (address by E-6, with its own primary contact,
/// who is emailed a link to confirm); it gets its own partner ID. Locations are not removed.
#[server(endpoint = "add_location")]
pub async fn add_location(address: AddressInput, contact_name: String, contact_email: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::company::Address;
    use partnerhub_domain::FieldProblem;
    let mut values = crate::components::address_values(&address);
    values.extend([("contact_name", contact_name.clone()), ("contact_email", contact_email.clone())]);
    with_flash("add_location", values, true, async move {
        let user = user_who_can(partnerhub_domain::Capability::EditProfile).await?;
        let state = state()?;
        let parsed = (Address::parse(&address), PersonName::parse(&contact_name), state.config.email_policy.parse(&contact_email));
        let (address, name, email) = match parsed {
            (Ok(a), Ok(n), Ok(e)) => (a, n, e),
            (a, n, e) => {
                let mut problems: Vec<FieldProblem> = a
                    .err()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|p| FieldProblem { field: p.field.map(|f| format!("address[{f}]")), problem: p.problem })
                    .collect();
                problems.extend(n.err().map(|p| FieldProblem::field("contact_name", p)));
                problems.extend(e.err().map(|p| FieldProblem::field("contact_email", p)));
                return Err(AppError::Refused(problems));
            }
        };
        let now = chrono::Utc::now();
        state.store.claim_mail(user.company_id, email.as_str(), "location_contact", now).await?;
        let token = partnerhub_core::credentials::new_token();
        let created = state.store.add_location(&user, &address, name.as_str(), email.as_str(), &token, now).await?;
        let url = link(&state, &format!("/contact/verify?token={token}"));
        let locale = crate::text::locale_from_tag(&user.locale);
        let mail = super::mail::location_contact_mail(locale, email.as_str(), name.as_str(), &user.full_name, &created.company_name, &url);
        send_mail(&state, mail).await
    })
    .await
}

#[component]
pub fn LocationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddLocation>::new();
    let data = Resource::new(move || add.version().get(), |_| company_locations());
    let flash = Resource::new(|| (), |_| take_flash("add_location".into()));
    let state = FormState::new();
    state.follow(add);
    let address = AddressFields::new(AddressInput::default());
    let contact_name = Field::new("contact_name", String::new(), Some(|s| PersonName::parse(s).map(|_| ())));
    let contact_email = Field::new("contact_email", String::new(), Some(crate::email_policy::check_work_email));
    Effect::new(move |_| {
        if add.value().get().is_some_and(|r| r.is_ok()) {
            for f in address.all().into_iter().chain([contact_name, contact_email]) {
                f.value.set(String::new());
                f.touched.set(false);
            }
        }
    });
    view! {
        <CompanyFrame>
            <header class="page-header">
                <p class="eyebrow">{t!(i18n, menu.label)}</p>
                <h1>{t!(i18n, locations.title)}</h1>
                <p class="muted">{t!(i18n, locations.lead)}</p>
            </header>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    if let Ok(Some(f)) = flash.await {
                        let mut fields = address.all().to_vec();
                        fields.extend([contact_name, contact_email]);
                        state.restore(&f, &fields);
                    }
                    let view = match data.await {
                        Ok(v) => v,
                        Err(AppError::SignInRequired) => return view! { <SignInFirst/> }.into_any(),
                        Err(e) => return view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                    };
                    view! {
                        <section class="card" aria-labelledby="locations-heading">
                            <h2 id="locations-heading">{t!(i18n, locations.list_title, count = view.locations.len())}</h2>
                            <LocationList locations=view.locations/>
                        </section>
                        {view.can_add.then(|| view! {
                            <section class="card" aria-labelledby="add-location-heading">
                                <h2 id="add-location-heading">{t!(i18n, locations.add_title)}</h2>
                                <Show when=move || state.succeeded.get()>
                                    <p class="notice notice-ok" role="status">{t!(i18n, locations.added)}</p>
                                </Show>
                                <ErrorSummary state/>
                                <ActionForm action=add attr:novalidate=true attr:class="form">
                                    <AddressInputs state fields=address/>
                                    <h3>{t!(i18n, locations.contact_title)}</h3>
                                    <TextInput state field=contact_name autocomplete="off"
                                        label=move || t_string!(i18n, enroll.contact_name).to_string()/>
                                    <TextInput state field=contact_email kind="email" autocomplete="off"
                                        label=move || t_string!(i18n, enroll.contact_email).to_string()/>
                                    <div class="actions">
                                        <button type="submit" class="button primary" disabled=move || add.pending().get()>
                                            {t!(i18n, locations.submit)}
                                        </button>
                                    </div>
                                </ActionForm>
                            </section>
                        })}
                    }.into_any()
                })}
            </Suspense>
        </CompanyFrame>
    }
}

/// The locations with their partner IDs and contacts (also on the profile page).
#[component]
pub fn LocationList(locations: Vec<LocationView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="location-list">
            {locations.into_iter().map(|l| {
                let country = l.country.clone();
                let verified = l.contact_verified_at;
                view! {
                    <li class="location-item">
                        <div>
                            <p class="badges">
                                {l.head_office.then(|| view! { <span class="badge">{t!(i18n, locations.head_office)}</span> })}
                            </p>
                            <p>
                                {l.address_lines.iter().map(|line| view! { {line.clone()}<br/> }).collect_view()}
                                {move || country_name(&country, i18n.get_locale() == Locale::nl).unwrap_or_default()}
                            </p>
                        </div>
                        <div>
                            <h3 class="label">{t!(i18n, locations.partner_id)}</h3>
                            <p class="location-id">{l.partner_id}</p>
                            <h3 class="label">{t!(i18n, company.primary_contact)}</h3>
                            <p>{l.contact_name.clone()}<br/><span class="muted">{l.contact_email.clone()}</span><br/>
                                {move || match verified {
                                    Some(at) => view! { <span class="badge badge-ok">{t_string!(i18n, locations.verified, date = date_text(i18n.get_locale(), at.date_naive())).to_string()}</span> }.into_any(),
                                    None => view! { <span class="badge badge-wait">{t!(i18n, locations.unverified)}</span> }.into_any(),
                                }}
                            </p>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
