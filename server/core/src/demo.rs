//! Demo data: the fictional company directory (`demo/company_directory.csv`), loaded when the
//! directory is empty.

use crate::store::{DirectoryCompany, Store, StoreResult};

const DIRECTORY_CSV: &str = include_str!("../demo/company_directory.csv");

/// Parses the bundled directory: `duns;legal_name;country;line1;line2;city;region;postal_code`.
pub fn directory() -> Vec<DirectoryCompany> {
    DIRECTORY_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let f: Vec<&str> = line.split(';').collect();
            let opt = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
            DirectoryCompany {
                duns: f[0].to_owned(),
                legal_name: f[1].to_owned(),
                country: f[2].to_owned(),
                line1: f[3].to_owned(),
                line2: opt(f[4]),
                city: f[5].to_owned(),
                region: opt(f[6]),
                postal_code: f[7].to_owned(),
            }
        })
        .collect()
}

/// Loads the demo directory if the directory is empty; returns how many companies were added.
pub async fn load_directory(store: &Store) -> StoreResult<u64> {
    if store.directory_count().await? > 0 {
        return Ok(0);
    }
    store.directory_insert(&directory()).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use partnerhub_domain::company::{Address, AddressInput};
    use partnerhub_domain::{Duns, LegalName};

    #[test]
    fn every_demo_company_passes_the_enrollment_rules() {
        let companies = directory();
        assert!(companies.len() >= 50);
        for c in &companies {
            assert!(Duns::parse(&c.duns).is_ok(), "{}", c.duns);
            assert!(LegalName::parse(&c.legal_name).is_ok(), "{}", c.legal_name);
            let input = AddressInput {
                country: c.country.clone(),
                line1: c.line1.clone(),
                line2: c.line2.clone().unwrap_or_default(),
                city: c.city.clone(),
                region: c.region.clone().unwrap_or_default(),
                postal_code: c.postal_code.clone(),
            };
            assert!(Address::parse(&input).is_ok(), "{}: {:?}", c.legal_name, Address::parse(&input));
        }
        for country in ["NL", "BE", "DE", "GB", "US"] {
            assert!(companies.iter().filter(|c| c.country == country).count() >= 5, "{country}");
        }
    }
}
