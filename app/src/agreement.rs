//! The partner agreement's text, by language, for the current version (E-7): shown in
//! enrollment and on the partner profile, and printed into the PDF download.

use crate::i18n::Locale;

const AGREEMENT_EN: &str = include_str!("../agreements/2026-11.en.md");
const AGREEMENT_NL: &str = include_str!("../agreements/2026-11.nl.md");

/// The agreement text in `locale`.
pub fn agreement_text(locale: Locale) -> &'static str {
    match locale {
        Locale::nl => AGREEMENT_NL,
        Locale::en => AGREEMENT_EN,
    }
}
