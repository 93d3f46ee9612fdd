use crate::error::AppError;
use leptos::prelude::*;
use partnerhub_domain::company::AddressInput;

/// Step 4: the legal details, found by DUNS number or typed (E-6); a company enrolled already
/// is refused as a duplicate.
#[server(endpoint = "save_company")]
pub async fn save_company(
    #[server(default)] mode: Option<String>,
    #[server(default)] duns: Option<String>,
    legal_name: String,
    address: AddressInput,
) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::company::Address;
    use partnerhub_domain::{CompanyDetails, CompanySource, Duns, FieldProblem, LegalName, Problem, Step};
    let mut values = vec![("mode", mode.clone().unwrap_or_default()), ("duns", duns.clone().unwrap_or_default()), ("legal_name", legal_name.clone())];
    values.extend(crate::components::address_values(&address));
    with_flash("save_company", values, false, async move {
        let state = state()?;
        let by_duns = mode.as_deref() == Some("duns");
        let mut problems = Vec::new();
        let duns = if by_duns {
            match Duns::parse(duns.as_deref().unwrap_or_default()) {
                Ok(d) if state.store.directory_lookup(d.as_str()).await?.is_some() => Some(d),
                Ok(_) => {
                    problems.push(FieldProblem::field("duns", Problem::DunsNotFound));
                    None
                }
                Err(p) => {
                    problems.push(FieldProblem::field("duns", p));
                    None
                }
            }
        } else {
            None
        };
        let name = LegalName::parse(&legal_name).map_err(|p| problems.push(FieldProblem::field("legal_name", p))).ok();
        let parsed = Address::parse(&address)
            .map_err(|ps| problems.extend(ps.into_iter().map(|p| FieldProblem { field: p.field.map(|f| format!("address[{f}]")), problem: p.problem })));
        let (Some(legal_name), Ok(address), true) = (name, parsed, problems.is_empty()) else {
            return Err(AppError::Refused(problems));
        };
        let source = if by_duns { CompanySource::Duns } else { CompanySource::Manual };
        let details = CompanyDetails { source, duns, legal_name, address };
        state.store.save_company(&require_enrollment_id().await?, &details).await?;
        leptos_axum::redirect(Step::Contact.path());
        Ok(())
    })
    .await
}
