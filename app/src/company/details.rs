use super::CompanyFrame;
use crate::components::SignInFirst;
use crate::components::{AddressFields, AddressInputs, ErrorSummary, Field, FormState, TextInput};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use crate::text::failure_text;
use leptos::prelude::*;
use partnerhub_domain::company::AddressInput;
use partnerhub_domain::LegalName;

/// Account and Global admins correct the legal name and address (E-12). A change sends the
/// company back to review; a name another company has in the same country is refused.
#[server(endpoint = "correct_details")]
pub async fn correct_details(legal_name: String, address: AddressInput) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::company::Address;
    use partnerhub_domain::{Capability, FieldProblem};
    let mut values = vec![("legal_name", legal_name.clone())];
    values.extend(crate::components::address_values(&address));
    with_flash("correct_details", values, false, async move {
        let user = user_who_can(Capability::EditProfile).await?;
        let (name, address) = match (LegalName::parse(&legal_name), Address::parse(&address)) {
            (Ok(n), Ok(a)) => (n, a),
            (n, a) => {
                let mut problems: Vec<FieldProblem> = n.err().map(|p| FieldProblem::field("legal_name", p)).into_iter().collect();
                problems.extend(
                    a.err().unwrap_or_default().into_iter().map(|p| FieldProblem { field: p.field.map(|f| format!("address[{f}]")), problem: p.problem }),
                );
                return Err(AppError::Refused(problems));
            }
        };
        state()?.store.correct_legal_details(&user, &name, &address, chrono::Utc::now()).await?;
        leptos_axum::redirect("/company");
        Ok(())
    })
    .await
}

/// The current legal details, to fill the form.
#[server(endpoint = "legal_details")]
pub async fn legal_details() -> Result<(String, AddressInput), AppError> {
    use crate::server::*;
    respond(
        async {
            let user = user_who_can(partnerhub_domain::Capability::EditProfile).await?;
            let c = state()?.store.company_view(user.company_id).await?.ok_or(AppError::Internal)?;
            let address = AddressInput {
                country: c.country,
                line1: c.line1,
                line2: c.line2.unwrap_or_default(),
                city: c.city,
                region: c.region.unwrap_or_default(),
                postal_code: c.postal_code,
            };
            Ok((c.legal_name, address))
        }
        .await,
    )
    .await
}

#[component]
pub fn CorrectDetailsPage() -> impl IntoView {
    let i18n = use_i18n();
    let current = Resource::new(|| (), |_| legal_details());
    let flash = Resource::new(|| (), |_| take_flash("correct_details".into()));
    view! {
        <CompanyFrame>
            <header class="page-header">
                <p class="eyebrow">{t!(i18n, menu.label)}</p>
                <h1>{t!(i18n, details.title)}</h1>
            </header>
            <section class="card">
                <p class="notice">{t!(i18n, details.review_note)}</p>
                <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                    {move || Suspend::new(async move {
                        let (name, address) = match current.await {
                            Ok(v) => v,
                            Err(AppError::SignInRequired) => return view! { <SignInFirst/> }.into_any(),
                            Err(e) => return view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                        };
                        let state = FormState::new();
                        let legal_name = Field::new("legal_name", name, Some(|s| LegalName::parse(s).map(|_| ())));
                        let address = AddressFields::new(address);
                        let mut fields = vec![legal_name];
                        fields.extend(address.all());
                        if let Ok(Some(f)) = flash.await {
                            state.restore(&f, &fields);
                        }
                        let action = ServerAction::<CorrectDetails>::new();
                        state.follow(action);
                        view! {
                            <ErrorSummary state/>
                            <ActionForm action attr:novalidate=true attr:class="form">
                                <TextInput state field=legal_name autocomplete="organization"
                                    label=move || t_string!(i18n, enroll.legal_name).to_string()/>
                                <AddressInputs state fields=address/>
                                <div class="actions">
                                    <a href="/company" class="button link">{t!(i18n, form.back)}</a>
                                    <button type="submit" class="button primary" disabled=move || action.pending().get()>
                                        {t!(i18n, details.submit)}
                                    </button>
                                </div>
                            </ActionForm>
                        }.into_any()
                    })}
                </Suspense>
            </section>
        </CompanyFrame>
    }
}
