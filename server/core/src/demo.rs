//! Demo data: the fictional company directory (`demo/company_directory.csv`) and the built-in
//! certification provider's profiles, certifications, Partner University accounts and
//! assessments (`demo/*.csv`, every demo password is `demo certification`), each loaded when
//! its table is empty. `parse_provider` also reads files an operator imports.

use crate::store::{Assessment, CertProfile, Certification, DirectoryCompany, ProviderSeed, Store, StoreResult};

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

const PROFILES_CSV: &str = include_str!("../demo/certification_profiles.csv");
const CERTIFICATIONS_CSV: &str = include_str!("../demo/certifications.csv");
const UNIVERSITY_CSV: &str = include_str!("../demo/university_accounts.csv");
const ASSESSMENTS_CSV: &str = include_str!("../demo/assessments.csv");

/// The password of every demo certification profile and Partner University account.
pub const DEMO_PROVIDER_PASSWORD: &str = "demo certification";

fn rows(csv: &str, columns: usize) -> Result<Vec<Vec<String>>, String> {
    csv.lines()
        .skip(1)
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let f: Vec<String> = line.split(';').map(|s| s.trim().to_owned()).collect();
            if f.len() == columns {
                Ok(f)
            } else {
                Err(format!("line {}: {} fields, expected {columns}", i + 2, f.len()))
            }
        })
        .collect()
}

/// Reads provider files: `mcid;email;full_name;password_hash`, `mcid;exam;title;passed_on;expires_on`,
/// `email;full_name;password_hash` and `email;course;passed_on;score` (argon2 hashes, never
/// passwords).
pub fn parse_provider(profiles: &str, certifications: &str, university: &str, assessments: &str) -> Result<ProviderSeed, String> {
    let opt = |s: &str| Some(s.to_owned()).filter(|s| !s.is_empty());
    Ok(ProviderSeed {
        profiles: rows(profiles, 4)?
            .into_iter()
            .map(|f| (CertProfile { mcid: f[0].clone(), email: f[1].to_lowercase(), full_name: f[2].clone() }, f[3].clone()))
            .collect(),
        certifications: rows(certifications, 5)?
            .into_iter()
            .map(|f| (f[0].clone(), Certification { exam: f[1].clone(), title: f[2].clone(), passed_on: f[3].clone(), expires_on: opt(&f[4]) }))
            .collect(),
        university: rows(university, 3)?
            .into_iter()
            .map(|f| (CertProfile { mcid: String::new(), email: f[0].to_lowercase(), full_name: f[1].clone() }, f[2].clone()))
            .collect(),
        assessments: rows(assessments, 4)?
            .into_iter()
            .map(|f| {
                let score = f[3].parse().map_err(|_| format!("score {:?} is not a number", f[3]))?;
                Ok((f[0].to_lowercase(), Assessment { course: f[1].clone(), passed_on: f[2].clone(), score }))
            })
            .collect::<Result<_, String>>()?,
    })
}

/// Loads the demo provider data if there are no profiles yet; returns how many were added.
pub async fn load_provider(store: &Store) -> StoreResult<u64> {
    if store.cert_profile_count().await? > 0 {
        return Ok(0);
    }
    let seed = parse_provider(PROFILES_CSV, CERTIFICATIONS_CSV, UNIVERSITY_CSV, ASSESSMENTS_CSV).map_err(crate::store::StoreError::Corrupt)?;
    store.load_provider(&seed).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use partnerhub_domain::company::{Address, AddressInput};
    use partnerhub_domain::{Duns, LegalName};

    #[test]
    fn the_demo_provider_has_200_profiles_some_sharing_credentials_with_partner_university() {
        let seed = parse_provider(PROFILES_CSV, CERTIFICATIONS_CSV, UNIVERSITY_CSV, ASSESSMENTS_CSV).unwrap();
        assert!(seed.profiles.len() >= 200);
        assert!(seed.certifications.len() >= seed.profiles.len());
        let shared = seed.university.iter().filter(|(a, hash)| seed.profiles.iter().any(|(p, h)| p.email == a.email && h == hash)).count();
        assert!(shared >= 50, "{shared} shared accounts");
        assert!(seed.profiles.iter().all(|(_, h)| h.starts_with("$argon2id$")));
    }

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
