//! The partner agreement's text by language: the current version (E-7), shown in enrollment
//! and on the partner profile, and printed into the PDF download. Older versions a company
//! accepted come from the store (`company::agreement`).

use crate::i18n::Locale;
use partnerhub_domain::agreement::current;

/// The current version's text in `locale`.
pub fn agreement_text(locale: Locale) -> &'static str {
    match locale {
        Locale::nl => current().nl,
        Locale::en => current().en,
    }
}

/// A text's paragraphs (blank-line separated), as the page and the PDF show them.
pub fn paragraphs(text: &str) -> impl Iterator<Item = &str> {
    text.split("\n\n").map(str::trim).filter(|p| !p.is_empty())
}
