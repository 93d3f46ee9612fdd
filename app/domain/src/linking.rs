//! L-4 and L-5: when a certification profile may start a new association (link) with a
//! company. "3 associations allowed each year" and "a 30 day cool off period between each
//! association, which starts at the beginning of the association":
//!
//! - at least 30 days (to the second) since the start of the most recent association, however
//!   it ended;
//! - fewer than 3 associations that still count for the year: an association counts until the
//!   same calendar date and time one year after it started (29 February counts until
//!   28 February).
//!
//! The next available instant is the later of (last start + 30 days) and (third most recent
//! start + 1 year). Ending a link (unlink, removal, move) never changes the history.

use crate::problem::Problem;
use chrono::{DateTime, Duration, Months, Utc};

pub const COOLDOWN_DAYS: i64 = 30;
pub const PER_YEAR: usize = 3;

/// When an association started at `start` stops counting for the year.
pub fn counts_until(start: DateTime<Utc>) -> DateTime<Utc> {
    start.checked_add_months(Months::new(12)).expect("dates stay far from chrono's limits")
}

/// How many of `starts` count for the year at `now` ("link n of 3 in the last 12 months").
pub fn links_this_year(starts: &[DateTime<Utc>], now: DateTime<Utc>) -> usize {
    starts.iter().filter(|s| now < counts_until(**s)).count()
}

/// Why a link cannot start now, and from when it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wait {
    Cooldown(DateTime<Utc>),
    YearlyLimit(DateTime<Utc>),
}

impl Wait {
    pub fn until(self) -> DateTime<Utc> {
        match self {
            Wait::Cooldown(t) | Wait::YearlyLimit(t) => t,
        }
    }
}

/// `None` when a link may start at `now`; otherwise what it waits for and until when. The
/// yearly limit is named when it decides the later date. A start later than `now` (a request
/// that read the clock before another one committed) counts like any other.
pub fn wait(starts: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Wait> {
    let mut past: Vec<DateTime<Utc>> = starts.to_vec();
    past.sort_unstable_by(|a, b| b.cmp(a));
    let cooldown = past.first().map(|last| *last + Duration::days(COOLDOWN_DAYS));
    let yearly = (links_this_year(&past, now) >= PER_YEAR).then(|| counts_until(past[PER_YEAR - 1]));
    match (cooldown.filter(|t| *t > now), yearly) {
        (_, Some(y)) if cooldown.is_none_or(|c| y >= c) => Some(Wait::YearlyLimit(y)),
        (Some(c), _) => Some(Wait::Cooldown(c)),
        (None, Some(y)) => Some(Wait::YearlyLimit(y)),
        (None, None) => None,
    }
}

/// The rule as a check: the refusal carries the next available instant (RFC 3339, UTC).
pub fn may_link(starts: &[DateTime<Utc>], now: DateTime<Utc>) -> Result<(), Problem> {
    match wait(starts, now) {
        None => Ok(()),
        Some(Wait::Cooldown(t)) => Err(Problem::LinkCooldown { next_at: t.to_rfc3339() }),
        Some(Wait::YearlyLimit(t)) => Err(Problem::LinkYearlyLimit { next_at: t.to_rfc3339() }),
    }
}

/// The next instant a link may start: `now` when it may start now.
pub fn next_available(starts: &[DateTime<Utc>], now: DateTime<Utc>) -> DateTime<Utc> {
    wait(starts, now).map(Wait::until).unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_cooldown_ends_thirty_days_to_the_second_after_the_last_start() {
        let starts = [t("2026-01-10T09:00:00Z")];
        assert_eq!(wait(&starts, t("2026-02-09T08:59:59Z")), Some(Wait::Cooldown(t("2026-02-09T09:00:00Z"))));
        assert_eq!(wait(&starts, t("2026-02-09T09:00:00Z")), None);
        assert_eq!(may_link(&[], t("2026-02-09T09:00:00Z")), Ok(()));
    }

    #[test]
    fn a_fourth_link_waits_until_the_third_most_recent_start_is_a_year_old() {
        let starts = [t("2026-01-01T00:00:00Z"), t("2026-03-01T00:00:00Z"), t("2026-06-01T12:00:00Z")];
        let now = t("2026-09-01T00:00:00Z");
        assert_eq!(links_this_year(&starts, now), 3);
        assert_eq!(may_link(&starts, now), Err(Problem::LinkYearlyLimit { next_at: "2027-01-01T00:00:00+00:00".into() }));
        assert_eq!(wait(&starts, t("2027-01-01T00:00:00Z")), None);
        assert_eq!(links_this_year(&starts, t("2027-01-01T00:00:00Z")), 2);
    }

    #[test]
    fn a_start_on_the_leap_day_counts_until_the_twenty_eighth_of_february() {
        assert_eq!(counts_until(t("2028-02-29T10:00:00Z")), t("2029-02-28T10:00:00Z"));
    }

    #[test]
    fn a_start_recorded_a_moment_after_now_still_closes_the_cooldown() {
        let starts = [t("2026-03-01T10:00:00.500Z")];
        assert_eq!(wait(&starts, t("2026-03-01T10:00:00Z")), Some(Wait::Cooldown(t("2026-03-31T10:00:00.500Z"))));
    }

    #[test]
    fn when_both_limits_apply_the_later_date_is_given() {
        let starts = [t("2025-12-20T00:00:00Z"), t("2026-01-20T00:00:00Z"), t("2026-12-01T00:00:00Z")];
        // Cooldown ends 2026-12-31, the year limit on 2026-12-20: the cooldown decides.
        assert_eq!(wait(&starts, t("2026-12-10T00:00:00Z")), Some(Wait::Cooldown(t("2026-12-31T00:00:00Z"))));
    }
}
