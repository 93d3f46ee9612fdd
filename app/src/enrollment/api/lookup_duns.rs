use crate::enrollment::DirectoryMatch;
use crate::error::AppError;
use leptos::prelude::*;

/// Finds a company in the directory by DUNS number (E-6); one enrolled already is refused
/// here, before its details are offered for a second enrollment.
#[server(endpoint = "lookup_duns")]
pub async fn lookup_duns(duns: String) -> Result<DirectoryMatch, AppError> {
    crate::server::respond(find(duns).await).await
}

#[cfg(feature = "ssr")]
async fn find(duns: String) -> Result<DirectoryMatch, AppError> {
    use crate::server::state;
    use partnerhub_domain::company::AddressInput;
    use partnerhub_domain::{Duns, Problem};
    let duns = Duns::parse(&duns).map_err(|p| AppError::field("duns", p))?;
    let store = &state()?.store;
    if store.duns_enrolled(duns.as_str()).await? {
        return Err(AppError::field("duns", Problem::CompanyDuplicate));
    }
    let found = store.directory_lookup(duns.as_str()).await?;
    let c = found.ok_or_else(|| AppError::field("duns", Problem::DunsNotFound))?;
    Ok(DirectoryMatch {
        duns: c.duns,
        legal_name: c.legal_name,
        address: AddressInput {
            country: c.country,
            line1: c.line1,
            line2: c.line2.unwrap_or_default(),
            city: c.city,
            region: c.region.unwrap_or_default(),
            postal_code: c.postal_code,
        },
    })
}
