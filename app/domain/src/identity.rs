//! The enroller's own name and password.

use crate::problem::{required_text, Problem};
use serde::{Deserialize, Serialize};

/// A person's name as they write it: 1–100 characters, a letter, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 100;

    pub fn parse(input: &str) -> Result<Self, Problem> {
        let name = required_text(input, Self::MAX)?;
        if !name.chars().any(char::is_alphabetic) {
            return Err(Problem::NameNeedsLetter);
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password: 12–128 characters (ASVS 2.1.1, 2.1.2). Never stored or logged as is.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub const MIN: usize = 12;
    pub const MAX: usize = 128;

    pub fn parse(input: &str) -> Result<Self, Problem> {
        let len = input.chars().count();
        if len == 0 {
            return Err(Problem::Required);
        }
        if len < Self::MIN {
            return Err(Problem::TooShort { min: Self::MIN });
        }
        if len > Self::MAX {
            return Err(Problem::TooLong { max: Self::MAX });
        }
        Ok(Self(input.to_owned()))
    }

    /// Parses the password and checks that the repetition matches it.
    pub fn parse_confirmed(input: &str, repeated: &str) -> Result<Self, (&'static str, Problem)> {
        let password = Self::parse(input).map_err(|p| ("password", p))?;
        if input != repeated {
            return Err(("password_repeat", Problem::PasswordMismatch));
        }
        Ok(password)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_need_a_letter_and_fit_in_a_hundred_characters() {
        assert_eq!(PersonName::parse("  Anna de Vries ").unwrap().as_str(), "Anna de Vries");
        assert_eq!(PersonName::parse(""), Err(Problem::Required));
        assert_eq!(PersonName::parse("1234"), Err(Problem::NameNeedsLetter));
        assert_eq!(PersonName::parse(&"a".repeat(101)), Err(Problem::TooLong { max: 100 }));
    }

    #[test]
    fn passwords_need_twelve_characters_and_the_same_twice() {
        assert_eq!(Password::parse("short"), Err(Problem::TooShort { min: 12 }));
        assert!(Password::parse("correct horse battery").is_ok());
        assert_eq!(Password::parse_confirmed("correct horse battery", "correct horse").unwrap_err(), ("password_repeat", Problem::PasswordMismatch));
        assert_eq!(format!("{:?}", Password::parse("correct horse battery").unwrap()), "Password(…)");
    }
}
