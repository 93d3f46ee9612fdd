//! L-5 against a reference model written as plain date arithmetic: for 10,000 generated link
//! histories and "now" instants (edges to the second at 30 days and at one year, leap days,
//! the 12-month window), the domain function and the model must agree on whether a link may
//! start and on the next available instant.

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc};
use partnerhub_domain::linking::{links_this_year, may_link, wait};
use proptest::prelude::*;

/// The same calendar date and time one year later; 29 February becomes 28 February.
fn one_year_later(t: DateTime<Utc>) -> DateTime<Utc> {
    let d = t.date_naive();
    let date =
        NaiveDate::from_ymd_opt(d.year() + 1, d.month(), d.day()).unwrap_or_else(|| NaiveDate::from_ymd_opt(d.year() + 1, d.month(), d.day() - 1).unwrap());
    date.and_time(t.time()).and_utc()
}

/// The rule in words: wait 30 days after the latest start; and if 3 or more starts are
/// younger than a year, wait until the third youngest is a year old. The later wait wins.
/// Every recorded start counts, even one a moment after "now".
fn model(starts: &[DateTime<Utc>], now: DateTime<Utc>) -> (Option<DateTime<Utc>>, usize) {
    let mut past: Vec<DateTime<Utc>> = starts.to_vec();
    past.sort();
    past.reverse();
    let mut waits = Vec::new();
    if let Some(latest) = past.first() {
        let thirty_days_later = *latest + Duration::seconds(30 * 24 * 60 * 60);
        if now < thirty_days_later {
            waits.push(thirty_days_later);
        }
    }
    let young: Vec<DateTime<Utc>> = past.iter().copied().filter(|s| now < one_year_later(*s)).collect();
    if young.len() >= 3 {
        waits.push(one_year_later(young[2]));
    }
    (waits.into_iter().max(), young.len())
}

/// Gaps between starts: often exactly at an edge, sometimes anywhere.
fn gap() -> impl Strategy<Value = i64> {
    const DAY: i64 = 86_400;
    prop_oneof![Just(30 * DAY), Just(30 * DAY - 1), Just(30 * DAY + 1), Just(365 * DAY), Just(366 * DAY), (0..400 * DAY), (0..60 * DAY),]
}

/// "Now", relative to a start: at an edge or anywhere.
fn offset() -> impl Strategy<Value = i64> {
    const DAY: i64 = 86_400;
    prop_oneof![Just(30 * DAY), Just(30 * DAY - 1), Just(365 * DAY), Just(365 * DAY - 1), Just(366 * DAY), Just(366 * DAY - 1), Just(0), (-10 * DAY..500 * DAY),]
}

fn history() -> impl Strategy<Value = (Vec<DateTime<Utc>>, DateTime<Utc>)> {
    // First starts from 2023 to 2029, around three leap days (2024, 2028).
    let first = (0i64..7 * 365 * 86_400).prop_map(|s| Utc.with_ymd_and_hms(2023, 1, 1, 0, 0, 0).unwrap() + Duration::seconds(s));
    let leap = prop_oneof![Just("2024-02-29T08:30:00Z"), Just("2028-02-29T23:59:59Z"), Just("2028-02-28T12:00:00Z")]
        .prop_map(|s| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc));
    (prop_oneof![3 => first, 1 => leap], prop::collection::vec(gap(), 0..7), any::<prop::sample::Index>(), offset()).prop_map(
        |(first, gaps, anchor, offset)| {
            let mut starts = vec![first];
            for g in gaps {
                let next = *starts.last().unwrap() + Duration::seconds(g);
                starts.push(next);
            }
            let now = *anchor.get(&starts) + Duration::seconds(offset);
            (starts, now)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn the_domain_rule_agrees_with_the_reference_model((starts, now) in history()) {
        let (expected_wait, expected_count) = model(&starts, now);
        prop_assert_eq!(wait(&starts, now).map(|w| w.until()), expected_wait);
        prop_assert_eq!(may_link(&starts, now).is_ok(), expected_wait.is_none());
        prop_assert_eq!(links_this_year(&starts, now), expected_count);
    }
}

#[test]
fn the_model_itself_handles_the_leap_day() {
    let leap = Utc.with_ymd_and_hms(2028, 2, 29, 10, 0, 0).unwrap();
    assert_eq!(one_year_later(leap), Utc.with_ymd_and_hms(2029, 2, 28, 10, 0, 0).unwrap());
}
