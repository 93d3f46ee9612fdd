//! E-9: review "usually takes 3–5 business days". Business days are Monday to Friday, less the
//! configured public holidays. The expected window is shown as two dates.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

pub const REVIEW_MIN_DAYS: u32 = 3;
pub const REVIEW_MAX_DAYS: u32 = 5;

fn is_business_day(date: NaiveDate, holidays: &[NaiveDate]) -> bool {
    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !holidays.contains(&date)
}

/// The date `days` business days after `start` (the start day itself does not count).
pub fn add_business_days(start: NaiveDate, days: u32, holidays: &[NaiveDate]) -> NaiveDate {
    let mut date = start;
    let mut left = days;
    while left > 0 {
        date += Duration::days(1);
        if is_business_day(date, holidays) {
            left -= 1;
        }
    }
    date
}

/// Business days from `start` up to `end` (0 when `end` is not after `start`).
pub fn business_days_between(start: NaiveDate, end: NaiveDate, holidays: &[NaiveDate]) -> u32 {
    let mut count = 0;
    let mut date = start;
    while date < end {
        date += Duration::days(1);
        if is_business_day(date, holidays) {
            count += 1;
        }
    }
    count
}

/// The dates between which a decision is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewWindow {
    pub earliest: NaiveDate,
    pub latest: NaiveDate,
}

/// The review window for a review that started on `started` (UTC date).
pub fn review_window(started: NaiveDate, holidays: &[NaiveDate]) -> ReviewWindow {
    ReviewWindow { earliest: add_business_days(started, REVIEW_MIN_DAYS, holidays), latest: add_business_days(started, REVIEW_MAX_DAYS, holidays) }
}

/// Parses a list of holidays written `YYYY-MM-DD`, separated by commas or white space.
pub fn parse_holidays(input: &str) -> Result<Vec<NaiveDate>, String> {
    input
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| s.to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn a_review_started_on_a_monday_ends_in_the_same_week() {
        // 2026-11-16 is a Monday.
        let w = review_window(d(2026, 11, 16), &[]);
        assert_eq!((w.earliest, w.latest), (d(2026, 11, 19), d(2026, 11, 23)));
    }

    #[test]
    fn a_review_started_on_friday_skips_the_weekend() {
        // 2026-11-20 is a Friday: Mon 23, Tue 24, Wed 25 … Fri 27.
        let w = review_window(d(2026, 11, 20), &[]);
        assert_eq!((w.earliest, w.latest), (d(2026, 11, 25), d(2026, 11, 27)));
    }

    #[test]
    fn a_review_started_on_saturday_counts_from_monday() {
        let w = review_window(d(2026, 11, 21), &[]);
        assert_eq!((w.earliest, w.latest), (d(2026, 11, 25), d(2026, 11, 27)));
    }

    #[test]
    fn configured_holidays_are_skipped() {
        // Christmas 2026: Fri 25 and Sat 26 Dec; Boxing day Mon 28 is configured too.
        let holidays = parse_holidays("2026-12-25, 2026-12-28").unwrap();
        let w = review_window(d(2026, 12, 23), &holidays);
        // Thu 24, (Fri 25 holiday), Tue 29, Wed 30 → earliest; Thu 31, Fri 1 Jan → latest.
        assert_eq!((w.earliest, w.latest), (d(2026, 12, 30), d(2027, 1, 1)));
    }

    #[test]
    fn waiting_time_counts_business_days_only() {
        assert_eq!(business_days_between(d(2026, 11, 20), d(2026, 11, 23), &[]), 1);
        assert_eq!(business_days_between(d(2026, 11, 16), d(2026, 11, 16), &[]), 0);
        assert_eq!(business_days_between(d(2026, 11, 16), d(2026, 11, 23), &[]), 5);
    }

    #[test]
    fn holiday_lists_with_a_bad_date_say_which() {
        assert_eq!(parse_holidays("2026-12-25,2026-13-01"), Err("2026-13-01".into()));
    }
}
