//! Properties that hold for every input, over arbitrary Unicode (any `String`, control
//! characters and all, not only ASCII classes): no public parser or rule panics, and what a
//! parser accepts parses again to itself (normalisation is idempotent). Each property runs
//! 10,000 cases.
use chrono::{Datelike, NaiveDate, Weekday};
use partnerhub_domain::access::{after_sign_in, client_address, local_path, return_path, sign_in_path};
use partnerhub_domain::business_days::parse_holidays;
use partnerhub_domain::company::{is_po_box, name_key, parse_country, parse_line, parse_postal_code, AddressInput};
use partnerhub_domain::email::parse_address;
use partnerhub_domain::enrollment::check_acceptance;
use partnerhub_domain::problem::{line_character_allowed, optional_text, required_note, required_text};
use partnerhub_domain::roles::parse_roles;
use partnerhub_domain::skills::{csv_cell, csv_line, parse_catalogue};
use partnerhub_domain::verification::{check_document, decision_reason};
use partnerhub_domain::{
    add_business_days, review_window, Address, Decision, DocumentKind, Duns, EmailPolicy, LegalName, PartnerId, Password, PersonName, Role, Status,
    VerificationCode, WorkEmail,
};
use proptest::prelude::*;

/// Any string, or one built from the characters parsers care about most (digits, letters,
/// separators, controls, bidi overrides, non-ASCII letters), so that both random and
/// near-miss inputs are tried.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(
            prop::sample::select(vec![
                '0', '1', '9', 'a', 'A', 'z', 'é', 'É', '€', 'ß', 'Ł', ' ', '-', '.', '@', '/', '\\', ':', '?', '#', '%', '\0', '\n', '\r', '\t', '\u{7f}',
                '\u{85}', '\u{202E}', '\u{2066}', '\u{200F}', '\u{FEFF}', '😀',
            ]),
            0..24
        )
        .prop_map(|chars| chars.into_iter().collect()),
    ]
}

fn config() -> ProptestConfig {
    ProptestConfig::with_cases(10_000)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn email_rules_never_panic_and_accepted_addresses_parse_to_themselves(s in text()) {
        if let Ok(email) = WorkEmail::parse(&s) {
            prop_assert_eq!(WorkEmail::parse(email.as_str()), Ok(email.clone()));
        }
        if let Ok(address) = parse_address(&s) {
            prop_assert_eq!(parse_address(&address), Ok(address.clone()));
        }
        let policy = EmailPolicy::extended(std::slice::from_ref(&s), std::slice::from_ref(&s));
        if let Ok(email) = policy.parse(&s) {
            prop_assert_eq!(policy.parse(email.as_str()), Ok(email.clone()));
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
    fn audit_filters_of_any_text_never_panic_and_keep_within_their_bounds(from in text(), to in text(), action in text(), person in text()) {
        use partnerhub_domain::audit::{AuditFilter, AuditFilterInput, PERSON_MAX, ACTIONS};
        let input = AuditFilterInput { from: Some(from), to: Some(to), action: Some(action), person: Some(person) };
        if let Ok(filter) = AuditFilter::parse(&input) {
            prop_assert!(filter.person.as_ref().is_none_or(|p| p.chars().count() <= PERSON_MAX && !p.is_empty()));
            prop_assert!(filter.action.as_ref().is_none_or(|a| ACTIONS.contains(&a.as_str())));
            let (start, end) = filter.bounds();
            if let (Some(start), Some(end)) = (start, end) {
                prop_assert!(start < end);
            }
        }
    }

    #[test]
    fn agreement_versions_of_any_text_are_a_year_and_a_month_or_refused(s in text(), year in 0u32..10_000, month in 0u32..100) {
        use partnerhub_domain::agreement::AgreementVersion;
        if let Ok(version) = AgreementVersion::parse(&s) {
            let v = version.as_str();
            prop_assert!(v.len() == 7 && v.is_ascii() && &v[4..5] == "-");
            prop_assert!(matches!(v[5..].parse::<u8>(), Ok(1..=12)));
            prop_assert_eq!(AgreementVersion::parse(v), Ok(version.clone()));
        }
        let named = format!("{year:04}-{month:02}");
        prop_assert_eq!(AgreementVersion::parse(&named).is_ok(), (1..=12).contains(&month));
    }

    #[test]
    fn legal_names_and_their_keys_are_stable(s in text()) {
        if let Ok(name) = LegalName::parse(&s) {
            prop_assert_eq!(LegalName::parse(name.as_str()), Ok(name.clone()));
            prop_assert_eq!(name_key(&name.key()), name.key());
            prop_assert!(name.as_str().chars().all(line_character_allowed));
        }
        let _ = name_key(&s);
    }

    #[test]
    fn numbers_codes_and_person_names_never_panic_and_are_stable(s in text()) {
        if let Ok(duns) = Duns::parse(&s) {
            prop_assert_eq!(Duns::parse(&duns.formatted()), Ok(duns.clone()));
        }
        if let Ok(code) = VerificationCode::parse(&s) {
            prop_assert_eq!(VerificationCode::parse(code.as_str()), Ok(code.clone()));
        }
        if let Ok(name) = PersonName::parse(&s) {
            prop_assert_eq!(PersonName::parse(name.as_str()), Ok(name.clone()));
            prop_assert!(name.as_str().chars().all(line_character_allowed));
        }
        if let Some(id) = PartnerId::parse(&s) {
            prop_assert_eq!(PartnerId::parse(&id.to_string()), Some(id));
        }
        let _ = Password::parse(&s);
        let _ = Password::parse_confirmed(&s, "correct horse battery");
    }

    #[test]
    fn postal_codes_of_any_text_in_any_country_never_panic_and_are_stable(
        country in prop_oneof![prop::sample::select(vec!["NL", "BE", "DE", "GB", "US", "FR"]).prop_map(String::from), text()],
        s in text(),
    ) {
        if let Ok(code) = parse_postal_code(&country, &s) {
            prop_assert_eq!(parse_postal_code(&country, &code), Ok(code.clone()));
        }
    }

    #[test]
    fn address_parts_never_panic_and_accepted_ones_are_stable(s in text()) {
        if let Ok(country) = parse_country(&s) {
            prop_assert_eq!(parse_country(&country), Ok(country.clone()));
        }
        if let Ok(line) = parse_line(&s) {
            prop_assert_eq!(parse_line(&line), Ok(line.clone()));
        }
        let _ = is_po_box(&s);
        for max in [0, 1, 20, 200] {
            if let Ok(t) = required_text(&s, max) {
                prop_assert_eq!(required_text(&t, max), Ok(t.clone()));
                prop_assert!(t.chars().all(line_character_allowed));
            }
            if let Ok(t) = optional_text(&s, max) {
                prop_assert_eq!(optional_text(&t, max), Ok(t.clone()));
            }
            if let Ok(t) = required_note(&s, max) {
                prop_assert_eq!(required_note(&t, max), Ok(t.clone()));
            }
        }
    }

    #[test]
    fn whole_addresses_of_any_text_never_panic_and_are_stable(
        country in prop_oneof![prop::sample::select(vec!["NL", "nl", "BE", "GB", "US", "FR"]).prop_map(String::from), text()],
        line1 in text(), line2 in text(), city in text(), region in text(), postal in text(),
    ) {
        let input = AddressInput { country, line1, line2, city, region, postal_code: postal };
        if let Ok(address) = Address::parse(&input) {
            let again = AddressInput {
                country: address.country.clone(),
                line1: address.line1.clone(),
                line2: address.line2.clone().unwrap_or_default(),
                city: address.city.clone(),
                region: address.region.clone().unwrap_or_default(),
                postal_code: address.postal_code.clone(),
            };
            prop_assert_eq!(Address::parse(&again), Ok(address.clone()));
        }
    }

    #[test]
    fn paths_roles_decisions_and_settings_of_any_text_never_panic(s in text(), t in text()) {
        if let Some(path) = local_path(&s) {
            prop_assert_eq!(local_path(path), Some(path));
        }
        let _ = return_path(&s);
        let _ = after_sign_in(Some(&s), false);
        let back = sign_in_path(&s);
        prop_assert!(back.starts_with("/signin") && back.is_ascii());
        let _ = client_address("10.0.0.1".parse().unwrap(), &[&s, &t], &["10.0.0.1".parse().unwrap()]);
        let _ = Role::parse(&s);
        let _ = parse_roles(&[&s, &t]);
        if let Ok(decision) = Decision::parse(&s) {
            let _ = decision_reason(decision, &t);
        }
        let _ = decision_reason(Decision::Reject, &s);
        let _ = Status::parse(&s);
        let _ = DocumentKind::parse(&s);
        let _ = parse_holidays(&s);
        let _ = check_acceptance(true, true, &s);
        let _ = parse_catalogue(&format!("{s};{t};AZ-104|{s};2\n{t}"));
    }

    #[test]
    fn csv_cells_never_start_a_formula_and_keep_their_text(s in text()) {
        let cell = csv_cell(&s);
        let unquoted = cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')).map(|c| c.replace("\"\"", "\"")).unwrap_or(cell.clone());
        prop_assert!(!unquoted.starts_with(['=', '+', '-', '@', '\t', '\r']));
        prop_assert!(unquoted.ends_with(&s));
    }

    #[test]
    fn a_csv_line_is_its_cells_joined_by_commas(s in text(), t in text()) {
        prop_assert_eq!(csv_line(&[&s, &t]), format!("{},{}\r\n", csv_cell(&s), csv_cell(&t)));
    }

    #[test]
    fn documents_of_any_bytes_never_panic(size in 0usize..10_000_000, head in prop::collection::vec(any::<u8>(), 0..16)) {
        let _ = check_document(size, &head);
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
