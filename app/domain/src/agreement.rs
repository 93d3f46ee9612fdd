//! The partner agreement's versions (E-7): the texts this release publishes, which version is
//! current, how a version is named, and which versions a company may read. A version, once
//! published, never changes: a changed text is a new version (the store keeps every published
//! text, so a version a company accepted stays readable after a release drops it).

use crate::problem::Problem;
use serde::{Deserialize, Serialize};

/// One published version of the agreement, in each language Partnerhub speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Published {
    pub version: &'static str,
    pub en: &'static str,
    pub nl: &'static str,
}

impl Published {
    /// The texts by language tag (`en`, `nl`).
    pub fn texts(&self) -> [(&'static str, &'static str); 2] {
        [("en", self.en), ("nl", self.nl)]
    }
}

/// The versions this release publishes, oldest first; the last is current.
pub const PUBLISHED: &[Published] =
    &[Published { version: "2026-11", en: include_str!("../agreements/2026-11.en.md"), nl: include_str!("../agreements/2026-11.nl.md") }];

/// The version enrollment and the partner profile ask to accept now.
pub const CURRENT_AGREEMENT_VERSION: &str = PUBLISHED[PUBLISHED.len() - 1].version;

/// The current version's texts.
pub fn current() -> &'static Published {
    &PUBLISHED[PUBLISHED.len() - 1]
}

/// A version's name: the year and month it was published, `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct AgreementVersion(String);

impl AgreementVersion {
    /// Reads a version name from untrusted text (an address's query, a form).
    pub fn parse(input: &str) -> Result<Self, Problem> {
        let input = input.trim();
        let bytes = input.as_bytes();
        let shaped = bytes.len() == 7 && bytes[4] == b'-' && bytes.iter().enumerate().all(|(i, b)| i == 4 || b.is_ascii_digit());
        let month_ok = shaped && matches!(input[5..].parse::<u8>(), Ok(1..=12));
        if month_ok {
            Ok(Self(input.to_owned()))
        } else {
            Err(Problem::AgreementVersionUnknown)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_current(&self) -> bool {
        self.0 == CURRENT_AGREEMENT_VERSION
    }
}

/// A company reads the current version and every version it accepted; no other.
pub fn readable<'a>(version: &AgreementVersion, accepted: impl IntoIterator<Item = &'a str>) -> Result<(), Problem> {
    if version.is_current() || accepted.into_iter().any(|a| a == version.as_str()) {
        Ok(())
    } else {
        Err(Problem::AgreementVersionUnknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_current_version_is_the_newest_published_one_and_every_version_is_named_by_its_month() {
        assert_eq!(CURRENT_AGREEMENT_VERSION, PUBLISHED.last().unwrap().version);
        assert!(PUBLISHED.windows(2).all(|w| w[0].version < w[1].version), "oldest first, each once");
        for p in PUBLISHED {
            assert_eq!(AgreementVersion::parse(p.version).unwrap().as_str(), p.version);
            assert!(!p.en.trim().is_empty() && !p.nl.trim().is_empty());
        }
    }

    #[test]
    fn a_version_name_is_a_year_and_a_month() {
        assert_eq!(AgreementVersion::parse(" 2025-05 ").unwrap().as_str(), "2025-05");
        for bad in ["", "2025", "2025-5", "2025-13", "2025-00", "25-05-01", "２０２５-０５", "2025‐05", "2025-05x", "abcd-ef", "2025-0٥"] {
            assert_eq!(AgreementVersion::parse(bad), Err(Problem::AgreementVersionUnknown), "{bad:?}");
        }
    }

    #[test]
    fn a_company_reads_the_current_version_and_the_ones_it_accepted_and_no_other() {
        let old = AgreementVersion::parse("2025-05").unwrap();
        let current = AgreementVersion::parse(CURRENT_AGREEMENT_VERSION).unwrap();
        assert_eq!(readable(&current, []), Ok(()));
        assert_eq!(readable(&old, ["2025-05"]), Ok(()));
        assert_eq!(readable(&old, ["2024-01"]), Err(Problem::AgreementVersionUnknown));
    }
}
