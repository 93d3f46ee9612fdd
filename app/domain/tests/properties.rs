//! Properties that hold for every input: the rules never panic, and what they accept parses
//! again to itself (normalisation is idempotent).
use partnerhub_domain::company::{name_key, parse_postal_code, AddressInput};
use partnerhub_domain::{
    add_business_days, review_window, Address, Duns, LegalName, PersonName, VerificationCode,
    WorkEmail,
};
use chrono::{Datelike, NaiveDate, Weekday};
use proptest::prelude::*;

proptest! {
    #[test]
    fn the_email_rule_never_panics_and_accepted_addresses_parse_to_themselves(s in "\\PC{0,80}") {
        if let Ok(email) = WorkEmail::parse(&s) {
            prop_assert_eq!(WorkEmail::parse(email.as_str()), Ok(email.clone()));
        }
    }

    #[test]
    fn plausible_addresses_normalise_idempotently(local in "[a-zA-Z0-9._+-]{1,20}", domain in "[a-zA-Z0-9]{1,10}\\.[a-z]{2,4}") {
        let s = format!("  {local}@{domain} ");
        if let Ok(email) = WorkEmail::parse(&s) {
            prop_assert_eq!(email.as_str(), email.as_str().to_ascii_lowercase());
            prop_assert_eq!(WorkEmail::parse(email.as_str()), Ok(email.clone()));
        }
    }

    #[test]
    fn legal_names_and_their_keys_are_stable(s in "\\PC{0,60}") {
        if let Ok(name) = LegalName::parse(&s) {
            prop_assert_eq!(LegalName::parse(name.as_str()), Ok(name.clone()));
            prop_assert_eq!(name_key(&name.key()), name.key());
        }
    }

    #[test]
    fn duns_codes_and_names_never_panic(s in "\\PC{0,30}") {
        if let Ok(duns) = Duns::parse(&s) {
            prop_assert_eq!(Duns::parse(&duns.formatted()), Ok(duns.clone()));
        }
        if let Ok(code) = VerificationCode::parse(&s) {
            prop_assert_eq!(VerificationCode::parse(code.as_str()), Ok(code.clone()));
        }
        let _ = PersonName::parse(&s);
    }

    #[test]
    fn accepted_postal_codes_parse_to_themselves(country in prop::sample::select(vec!["NL", "BE", "DE", "GB", "US", "FR"]), s in "[0-9A-Za-z -]{0,10}") {
        if let Ok(code) = parse_postal_code(country, &s) {
            prop_assert_eq!(parse_postal_code(country, &code), Ok(code.clone()));
        }
    }

    #[test]
    fn accepted_addresses_parse_to_themselves(line1 in "\\PC{0,30}", city in "\\PC{0,20}", postal in "[0-9A-Z ]{0,8}") {
        let input = AddressInput { country: "NL".into(), line1, city, postal_code: postal, ..Default::default() };
        if let Ok(address) = Address::parse(&input) {
            let again = AddressInput {
                country: address.country.clone(),
                line1: address.line1.clone(),
                city: address.city.clone(),
                postal_code: address.postal_code.clone(),
                ..Default::default()
            };
            prop_assert_eq!(Address::parse(&again), Ok(address.clone()));
        }
    }

    #[test]
    fn review_windows_end_on_weekdays_in_order(days in 0i64..3650) {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + chrono::Duration::days(days);
        let w = review_window(start, &[]);
        prop_assert!(start < w.earliest && w.earliest < w.latest);
        for d in [w.earliest, w.latest] {
            prop_assert!(!matches!(d.weekday(), Weekday::Sat | Weekday::Sun));
        }
        prop_assert!((w.latest - start).num_days() <= 9);
        prop_assert_eq!(add_business_days(start, 0, &[]), start);
    }
}
