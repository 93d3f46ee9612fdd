//! E-6: the company's legal business details: DUNS number, legal name and legal address, and
//! the key by which a second enrollment of the same company is recognised.

use crate::country::is_country;
use crate::problem::{optional_text, required_text, FieldProblem, Problem};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A D-U-N-S number: 9 digits, typed with or without dashes and spaces (`12-345-6789`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Duns(String);

impl Duns {
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err(Problem::Required);
        }
        if digits.len() != 9 || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(Problem::DunsFormat);
        }
        Ok(Self(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The customary `12-345-6789` form.
    pub fn formatted(&self) -> String {
        format!("{}-{}-{}", &self.0[..2], &self.0[2..5], &self.0[5..])
    }
}

impl fmt::Display for Duns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Words that are a legal form rather than a name.
const LEGAL_FORMS: &[&str] = &[
    "llc", "inc", "bv", "gmbh", "ltd", "nv", "plc", "ag", "sa", "sarl", "srl", "corp", "co", "limited", "vof", "cv", "kg", "ug", "llp", "lp", "ohg", "sprl",
    "bvba", "company",
];

/// The tokens of a name: lower-cased words with punctuation removed. Lower-casing comes first:
/// some capitals lower-case to a letter and a mark (`İ` to `i` and a combining dot), and the
/// mark is dropped with the punctuation, so a key is its own key.
fn name_tokens(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split_whitespace()
        .map(|word| word.chars().flat_map(char::to_lowercase).filter(|c| c.is_alphanumeric()).collect::<String>())
        .filter(|token| !token.is_empty())
}

/// A company's legal name (2–200 characters, a letter, not only a legal form, not `999`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LegalName(String);

impl LegalName {
    pub const MIN: usize = 2;
    pub const MAX: usize = 200;

    pub fn parse(input: &str) -> Result<Self, Problem> {
        let name = required_text(input, Self::MAX)?;
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.chars().count() < Self::MIN {
            return Err(Problem::TooShort { min: Self::MIN });
        }
        if !name.chars().any(char::is_alphabetic) {
            return Err(Problem::NameNeedsLetter);
        }
        if name_tokens(&name).all(|t| LEGAL_FORMS.contains(&t.as_str())) {
            return Err(Problem::LegalNameOnlyLegalForm);
        }
        if is_one_character_repeated(&name) {
            return Err(Problem::LegalNameRepeated);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The name as compared for duplicates: lower case, no punctuation, no legal forms
    /// (`Contoso B.V.` and `contoso bv` are the same company in the same country).
    pub fn key(&self) -> String {
        name_key(&self.0)
    }
}

/// See [`LegalName::key`].
pub fn name_key(name: &str) -> String {
    let tokens: Vec<String> = name_tokens(name).collect();
    let kept: Vec<&str> = tokens.iter().map(String::as_str).filter(|t| !LEGAL_FORMS.contains(t)).collect();
    if kept.is_empty() {
        tokens.join(" ")
    } else {
        kept.join(" ")
    }
}

/// "no character three times in a row alone": the whole name is one character, three or more
/// times (`999`, `AAA`, `x x x`).
fn is_one_character_repeated(name: &str) -> bool {
    let chars: Vec<char> = name.chars().filter(|c| !c.is_whitespace()).collect();
    chars.len() >= 3 && chars.iter().all(|c| c.to_lowercase().eq(chars[0].to_lowercase()))
}

/// A legal address. Built by [`Address::parse`], which reports every problem at once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub country: String,
    pub line1: String,
    pub line2: Option<String>,
    pub city: String,
    pub region: Option<String>,
    pub postal_code: String,
}

/// The address as typed into the form, field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressInput {
    pub country: String,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub region: String,
    pub postal_code: String,
}

impl Address {
    pub const LINE_MAX: usize = 200;
    pub const CITY_MAX: usize = 100;
    pub const REGION_MAX: usize = 100;

    /// Checks every field; the problems are tied to the input names `country`, `line1`,
    /// `line2`, `city`, `region` and `postal_code`.
    pub fn parse(input: &AddressInput) -> Result<Self, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let mut take = |field: &str, r: Result<String, Problem>| match r {
            Ok(v) => Some(v),
            Err(p) => {
                problems.push(FieldProblem::field(field, p));
                None
            }
        };
        let country = take("country", parse_country(&input.country));
        let line1 = take("line1", parse_line(&input.line1));
        let line2 = take("line2", optional_text(&input.line2, Self::LINE_MAX).and_then(no_po_box));
        let city = take("city", required_text(&input.city, Self::CITY_MAX));
        let region = take("region", optional_text(&input.region, Self::REGION_MAX));
        let postal = take(
            "postal_code",
            match &country {
                Some(c) => parse_postal_code(c, &input.postal_code),
                None => required_text(&input.postal_code, POSTAL_CODE_MAX),
            },
        );
        match (country, line1, line2, city, region, postal) {
            (Some(country), Some(line1), Some(line2), Some(city), Some(region), Some(postal_code)) if problems.is_empty() => {
                Ok(Self { country, line1, line2: Some(line2).filter(|s| !s.is_empty()), city, region: Some(region).filter(|s| !s.is_empty()), postal_code })
            }
            _ => Err(problems),
        }
    }
}

/// A country code of ISO 3166-1 (case-insensitive), upper-cased.
pub fn parse_country(input: &str) -> Result<String, Problem> {
    let code = input.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(Problem::Required);
    }
    if !is_country(&code) {
        return Err(Problem::CountryUnknown);
    }
    Ok(code)
}

/// Address line 1: required, at most 200 characters, not a P.O. box.
pub fn parse_line(input: &str) -> Result<String, Problem> {
    no_po_box(required_text(input, Address::LINE_MAX)?)
}

fn no_po_box(line: String) -> Result<String, Problem> {
    if is_po_box(&line) {
        Err(Problem::PoBoxNotAllowed)
    } else {
        Ok(line)
    }
}

/// "PO Box 12", "P.O. Box", "Post Office Box", "Postbus 10", "Postfach" …
pub fn is_po_box(line: &str) -> bool {
    let compact: String = line.chars().filter(|c| c.is_alphanumeric() || c.is_whitespace()).flat_map(char::to_lowercase).collect();
    let words: Vec<&str> = compact.split_whitespace().collect();
    let joined = words.join("");
    words.iter().any(|w| matches!(*w, "postbus" | "postfach" | "pobox" | "boîte")) || joined.contains("pobox") || joined.contains("postofficebox")
}

/// The longest postal code accepted (any country).
pub const POSTAL_CODE_MAX: usize = 20;

/// The postal code, normalised (upper case, single spaces), checked for NL, BE, DE, GB and US;
/// other countries only need a value.
pub fn parse_postal_code(country: &str, input: &str) -> Result<String, Problem> {
    let code = required_text(input, POSTAL_CODE_MAX)?.to_uppercase().split_whitespace().collect::<Vec<_>>().join(" ");
    // Upper-casing can lengthen text (`ß` becomes `SS`): the limit holds for what is stored.
    if code.chars().count() > POSTAL_CODE_MAX {
        return Err(Problem::TooLong { max: POSTAL_CODE_MAX });
    }
    let (ok, example) = match country {
        "NL" => (is_nl_postal(&code), "1012 AB"),
        "BE" => (is_digits(&code, 4), "1000"),
        "DE" => (is_digits(&code, 5), "10115"),
        "US" => (is_us_zip(&code), "98052"),
        "GB" => (is_gb_postcode(&code), "SW1A 1AA"),
        _ => (true, ""),
    };
    if !ok {
        return Err(Problem::PostalCodeFormat { example: example.to_owned() });
    }
    Ok(match country {
        "NL" if !code.contains(' ') => {
            let (digits, letters): (String, String) = (code.chars().take(4).collect(), code.chars().skip(4).collect());
            format!("{digits} {letters}")
        }
        _ => code,
    })
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.chars().all(|c| c.is_ascii_digit())
}

/// `1234 AB`: four digits not starting with 0, then two letters. Works on characters, so any
/// Unicode typed into the field is simply not a postal code.
fn is_nl_postal(code: &str) -> bool {
    let compact: Vec<char> = code.chars().filter(|c| *c != ' ').collect();
    compact.len() == 6 && compact[..4].iter().all(char::is_ascii_digit) && compact[0] != '0' && compact[4..].iter().all(char::is_ascii_uppercase)
}

fn is_us_zip(code: &str) -> bool {
    match code.split_once('-') {
        Some((zip, plus4)) => is_digits(zip, 5) && is_digits(plus4, 4),
        None => is_digits(code, 5),
    }
}

/// UK postcodes: an outward code (A9, A99, AA9, AA99, A9A, AA9A) and an inward code (9AA).
fn is_gb_postcode(code: &str) -> bool {
    let compact: Vec<char> = code.chars().filter(|c| *c != ' ').collect();
    if !(5..=7).contains(&compact.len()) {
        return false;
    }
    let (outward, inward) = compact.split_at(compact.len() - 3);
    let inward_ok = inward[0].is_ascii_digit() && inward[1].is_ascii_alphabetic() && inward[2].is_ascii_alphabetic();
    let pattern: String = outward
        .iter()
        .map(|c| {
            if c.is_ascii_digit() {
                '9'
            } else if c.is_ascii_alphabetic() {
                'A'
            } else {
                '?'
            }
        })
        .collect();
    inward_ok && matches!(pattern.as_str(), "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duns_numbers_accept_dashes_and_spaces() {
        assert_eq!(Duns::parse("12-345-6789").unwrap().as_str(), "123456789");
        assert_eq!(Duns::parse(" 123 456 789 ").unwrap().formatted(), "12-345-6789");
        assert_eq!(Duns::parse("12345678"), Err(Problem::DunsFormat));
        assert_eq!(Duns::parse("12345678x"), Err(Problem::DunsFormat));
    }

    #[test]
    fn legal_names_follow_e6() {
        assert_eq!(LegalName::parse("  Contoso   B.V. ").unwrap().as_str(), "Contoso B.V.");
        assert_eq!(LegalName::parse("A"), Err(Problem::TooShort { min: 2 }));
        assert_eq!(LegalName::parse("B.V."), Err(Problem::LegalNameOnlyLegalForm));
        assert_eq!(LegalName::parse("GmbH"), Err(Problem::LegalNameOnlyLegalForm));
        assert_eq!(LegalName::parse("LLC Inc"), Err(Problem::LegalNameOnlyLegalForm));
        assert_eq!(LegalName::parse("999"), Err(Problem::NameNeedsLetter));
        assert_eq!(LegalName::parse("AAA"), Err(Problem::LegalNameRepeated));
        assert!(LegalName::parse("3M").is_ok());
        assert!(LegalName::parse("AAA Logistics").is_ok());
        assert_eq!(LegalName::parse(&"x".repeat(201)), Err(Problem::TooLong { max: 200 }));
    }

    #[test]
    fn the_duplicate_key_ignores_case_punctuation_and_legal_forms() {
        assert_eq!(name_key("Contoso B.V."), "contoso");
        assert_eq!(name_key("CONTOSO bv"), "contoso");
        assert_eq!(name_key("Fabrikam, Inc."), "fabrikam");
        assert_ne!(name_key("Contoso Nederland B.V."), name_key("Contoso B.V."));
        assert_eq!(name_key("İstanbul Yazılım A.Ş."), "istanbul yazılım aş");
        assert_eq!(name_key("istanbul yazılım aş"), "istanbul yazılım aş");
    }

    #[test]
    fn postal_codes_are_checked_for_the_five_countries() {
        assert_eq!(parse_postal_code("NL", "1012ab"), Ok("1012 AB".into()));
        assert!(parse_postal_code("NL", "0123 AB").is_err());
        assert_eq!(parse_postal_code("BE", "1000"), Ok("1000".into()));
        assert!(parse_postal_code("BE", "10000").is_err());
        assert_eq!(parse_postal_code("DE", "10115"), Ok("10115".into()));
        assert_eq!(parse_postal_code("US", "98052-6399"), Ok("98052-6399".into()));
        assert!(parse_postal_code("US", "9805").is_err());
        assert_eq!(parse_postal_code("GB", "sw1a 1aa"), Ok("SW1A 1AA".into()));
        assert!(parse_postal_code("GB", "SW1A").is_err());
        assert_eq!(parse_postal_code("DE", "1011"), Err(Problem::PostalCodeFormat { example: "10115".into() }));
        assert_eq!(parse_postal_code("FR", "75001"), Ok("75001".into()));
    }

    #[test]
    fn postal_codes_with_letters_outside_ascii_are_refused_not_a_crash() {
        for typed in ["123éa", "12€1", "1234ÉA", "ÿÿÿÿÿÿ", "1234 ÅB"] {
            assert_eq!(parse_postal_code("NL", typed), Err(Problem::PostalCodeFormat { example: "1012 AB".into() }), "{typed}");
        }
    }

    #[test]
    fn po_boxes_are_not_a_legal_address() {
        for line in ["PO Box 12", "P.O. Box 12", "Postbus 1000", "Post Office Box 7", "pobox 3"] {
            assert!(is_po_box(line), "{line}");
        }
        for line in ["Boxtelseweg 12", "Postweg 4", "Herengracht 182"] {
            assert!(!is_po_box(line), "{line}");
        }
    }

    #[test]
    fn an_address_reports_every_problem_at_once() {
        let input = AddressInput { country: "NL".into(), line1: "Postbus 10".into(), city: "".into(), postal_code: "12".into(), ..Default::default() };
        let problems = Address::parse(&input).unwrap_err();
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_deref().unwrap()).collect();
        assert_eq!(fields, ["line1", "city", "postal_code"]);
        let ok = AddressInput {
            country: "nl".into(),
            line1: "Herengracht 182".into(),
            city: "Amsterdam".into(),
            postal_code: "1016br".into(),
            ..Default::default()
        };
        let address = Address::parse(&ok).unwrap();
        assert_eq!((address.country.as_str(), address.postal_code.as_str()), ("NL", "1016 BR"));
        assert_eq!(address.line2, None);
    }
}
