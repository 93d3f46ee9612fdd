//! E-11: partner IDs are 7 digits, unique across companies and locations.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PartnerId(u32);

impl PartnerId {
    pub const MIN: u32 = 1_000_000;
    pub const MAX: u32 = 9_999_999;

    /// Maps any random number onto the 7-digit range (the store retries on a collision).
    pub fn from_random(n: u32) -> Self {
        Self(Self::MIN + n % (Self::MAX - Self::MIN + 1))
    }

    pub fn parse(input: &str) -> Option<Self> {
        let n: u32 = input.trim().parse().ok()?;
        (Self::MIN..=Self::MAX).contains(&n).then_some(Self(n))
    }

    pub fn value(self) -> u32 {
        self.0
    }
}

impl fmt::Display for PartnerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_random_number_becomes_a_seven_digit_id() {
        for n in [0, 1, 8_999_999, 9_000_000, u32::MAX] {
            let id = PartnerId::from_random(n).to_string();
            assert_eq!(id.len(), 7, "{n} gave {id}");
            assert_eq!(PartnerId::parse(&id).map(|p| p.to_string()), Some(id));
        }
        assert_eq!(PartnerId::parse("123456"), None);
    }
}
