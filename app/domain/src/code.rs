//! E-4: the emailed verification code. Six digits, valid 10 minutes, single use, at most 5 wrong
//! attempts; a new code after 60 seconds, at most 5 sends an hour per address. The store calls
//! these checks inside the transaction that reads and updates the code.

use crate::problem::Problem;
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};

/// The limits of E-4.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodePolicy {
    pub valid_for: Duration,
    pub max_wrong_attempts: u32,
    pub resend_after: Duration,
    pub max_sends_per_hour: usize,
}

impl Default for CodePolicy {
    fn default() -> Self {
        Self { valid_for: Duration::minutes(10), max_wrong_attempts: 5, resend_after: Duration::seconds(60), max_sends_per_hour: 5 }
    }
}

/// Six digits as typed (spaces and dashes between digits are allowed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationCode(String);

impl VerificationCode {
    pub const LEN: usize = 6;

    pub fn parse(input: &str) -> Result<Self, Problem> {
        let digits: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if digits.is_empty() {
            return Err(Problem::Required);
        }
        if digits.len() != Self::LEN || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(Problem::CodeFormat);
        }
        Ok(Self(digits))
    }

    /// Formats a number below 1,000,000 as a code (leading zeros kept).
    pub fn from_number(n: u32) -> Self {
        Self(format!("{:06}", n % 1_000_000))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the store knows of the latest code sent for an enrollment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeState {
    pub sent_at: DateTime<Utc>,
    pub wrong_attempts: u32,
    pub used: bool,
}

/// The outcome of typing a code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodeCheck {
    /// The code is right: mark it used.
    Accepted,
    /// The code is wrong: store `wrong_attempts` and answer with the problem.
    Refused { wrong_attempts: u32, problem: Problem },
    /// The code cannot be used any more (expired, used, locked): nothing to store.
    Unusable(Problem),
}

impl CodePolicy {
    /// Decides a typed code against the stored state. `matches` says whether the typed code
    /// equals the stored one (the caller compares hashes).
    pub fn check(&self, state: &CodeState, matches: bool, now: DateTime<Utc>) -> CodeCheck {
        if state.used {
            return CodeCheck::Unusable(Problem::CodeUsed);
        }
        if state.wrong_attempts >= self.max_wrong_attempts {
            return CodeCheck::Unusable(Problem::CodeTooManyAttempts);
        }
        if now >= state.sent_at + self.valid_for {
            return CodeCheck::Unusable(Problem::CodeExpired);
        }
        if matches {
            return CodeCheck::Accepted;
        }
        let wrong_attempts = state.wrong_attempts + 1;
        let remaining = self.max_wrong_attempts - wrong_attempts;
        let problem = if remaining == 0 { Problem::CodeTooManyAttempts } else { Problem::CodeWrong { remaining } };
        CodeCheck::Refused { wrong_attempts, problem }
    }

    /// May a new code be sent now, given when codes were sent to this address before?
    pub fn may_send(&self, sent: &[DateTime<Utc>], now: DateTime<Utc>) -> Result<(), Problem> {
        if let Some(last) = sent.iter().max() {
            let retry_at = *last + self.resend_after;
            if now < retry_at {
                return Err(Problem::ResendTooSoon { retry_at: rfc3339(retry_at) });
            }
        }
        let hour_ago = now - Duration::hours(1);
        let mut recent: Vec<_> = sent.iter().filter(|t| **t > hour_ago).copied().collect();
        if recent.len() >= self.max_sends_per_hour {
            recent.sort();
            let oldest_counted = recent[recent.len() - self.max_sends_per_hour];
            let retry_at = oldest_counted + Duration::hours(1);
            return Err(Problem::ResendHourlyLimit { retry_at: rfc3339(retry_at) });
        }
        Ok(())
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 9, 0, 0).unwrap()
    }

    fn fresh() -> CodeState {
        CodeState { sent_at: t0(), wrong_attempts: 0, used: false }
    }

    #[test]
    fn a_code_is_six_digits_and_may_be_typed_with_spaces() {
        assert_eq!(VerificationCode::parse("123 456").unwrap().as_str(), "123456");
        assert_eq!(VerificationCode::parse("12345"), Err(Problem::CodeFormat));
        assert_eq!(VerificationCode::parse("12345a"), Err(Problem::CodeFormat));
        assert_eq!(VerificationCode::parse(""), Err(Problem::Required));
        assert_eq!(VerificationCode::from_number(42).as_str(), "000042");
    }

    #[test]
    fn the_right_code_within_ten_minutes_is_accepted() {
        let p = CodePolicy::default();
        let now = t0() + Duration::minutes(9) + Duration::seconds(59);
        assert_eq!(p.check(&fresh(), true, now), CodeCheck::Accepted);
    }

    #[test]
    fn a_code_expires_after_ten_minutes_even_when_right() {
        let p = CodePolicy::default();
        let now = t0() + Duration::minutes(10);
        assert_eq!(p.check(&fresh(), true, now), CodeCheck::Unusable(Problem::CodeExpired));
    }

    #[test]
    fn a_used_code_cannot_be_used_again() {
        let p = CodePolicy::default();
        let state = CodeState { used: true, ..fresh() };
        assert_eq!(p.check(&state, true, t0()), CodeCheck::Unusable(Problem::CodeUsed));
    }

    #[test]
    fn wrong_codes_count_down_and_the_fifth_locks_the_code() {
        let p = CodePolicy::default();
        let mut state = fresh();
        for remaining in (1..=4).rev() {
            match p.check(&state, false, t0()) {
                CodeCheck::Refused { wrong_attempts, problem } => {
                    assert_eq!(problem, Problem::CodeWrong { remaining });
                    state.wrong_attempts = wrong_attempts;
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        assert_eq!(p.check(&state, false, t0()), CodeCheck::Refused { wrong_attempts: 5, problem: Problem::CodeTooManyAttempts });
        state.wrong_attempts = 5;
        assert_eq!(p.check(&state, true, t0()), CodeCheck::Unusable(Problem::CodeTooManyAttempts));
    }

    #[test]
    fn a_new_code_waits_sixty_seconds_and_five_an_hour() {
        let p = CodePolicy::default();
        assert_eq!(p.may_send(&[], t0()), Ok(()));
        assert_eq!(p.may_send(&[t0()], t0() + Duration::seconds(59)), Err(Problem::ResendTooSoon { retry_at: "2026-11-20T09:01:00Z".into() }));
        assert_eq!(p.may_send(&[t0()], t0() + Duration::seconds(60)), Ok(()));
        let five: Vec<_> = (0..5).map(|i| t0() + Duration::minutes(2 * i)).collect();
        assert_eq!(p.may_send(&five, t0() + Duration::minutes(20)), Err(Problem::ResendHourlyLimit { retry_at: "2026-11-20T10:00:00Z".into() }));
        assert_eq!(p.may_send(&five, t0() + Duration::minutes(60)), Ok(()));
    }
}
