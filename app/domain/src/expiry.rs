//! Certifications that expire: which ones count as expiring soon, when a person is reminded
//! (90, 30 and 7 days before, each reminder once), and which competency levels a company would
//! lose if one lapsed.

use crate::skills::{evaluate, Certified, CompetencyLevel};
use chrono::NaiveDate;

/// Days before the expiry date on which a person is reminded, longest first.
pub const REMINDER_DAYS: [i64; 3] = [90, 30, 7];

/// A certification expiring within this many days is shown as expiring soon and is in the
/// admins' weekly digest.
pub const SOON_DAYS: i64 = 90;

/// Days from `today` until `expires_on` (0 on the day itself, negative once past).
pub fn days_left(expires_on: NaiveDate, today: NaiveDate) -> i64 {
    (expires_on - today).num_days()
}

/// Whether a certification expiring on `expires_on` expires within [`SOON_DAYS`] (today
/// included), and has not expired yet.
pub fn expiring_soon(expires_on: NaiveDate, today: NaiveDate) -> bool {
    (0..=SOON_DAYS).contains(&days_left(expires_on, today))
}

/// The reminder due on `today` for a certification expiring on `expires_on`: the closest of
/// [`REMINDER_DAYS`] that has been reached. A certification first seen 20 days before it
/// expires gets the 30-day reminder only; none once it has expired.
pub fn reminder_due(expires_on: NaiveDate, today: NaiveDate) -> Option<i64> {
    let left = days_left(expires_on, today);
    if left < 0 {
        return None;
    }
    REMINDER_DAYS.iter().rev().copied().find(|days| left <= *days)
}

/// The competency levels met on `today` that would no longer be met without `exam` of the
/// person `person` (everyone else unchanged): what letting that certification lapse would cost.
pub fn lapse_cost(catalogue: &[CompetencyLevel], people: &[Certified], today: NaiveDate, person: i64, exam: &str) -> Vec<CompetencyLevel> {
    let without: Vec<Certified> = people
        .iter()
        .map(|p| {
            let mut p = p.clone();
            if p.id == person {
                p.exams.retain(|(e, _)| e != exam);
            }
            p
        })
        .collect();
    evaluate(catalogue, people, today)
        .into_iter()
        .zip(evaluate(catalogue, &without, today))
        .filter(|(now, after)| now.met && !after.met)
        .map(|(now, _)| now.level)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::skills::parse_catalogue;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_closest_reminder_reached_is_due_and_none_after_the_expiry() {
        let expires = d("2027-03-01");
        assert_eq!(reminder_due(expires, d("2026-11-30")), None, "91 days before");
        assert_eq!(reminder_due(expires, d("2026-12-01")), Some(90));
        assert_eq!(reminder_due(expires, d("2027-01-30")), Some(30));
        assert_eq!(reminder_due(expires, d("2027-02-10")), Some(30), "19 days before: still the 30-day one");
        assert_eq!(reminder_due(expires, d("2027-02-22")), Some(7));
        assert_eq!(reminder_due(expires, d("2027-03-01")), Some(7), "on the day itself");
        assert_eq!(reminder_due(expires, d("2027-03-02")), None, "expired");
        assert!(expiring_soon(expires, d("2026-12-01")) && !expiring_soon(expires, d("2026-11-30")) && !expiring_soon(expires, d("2027-03-02")));
    }

    #[test]
    fn a_lapse_costs_the_levels_that_person_keeps_met() {
        let catalogue = parse_catalogue("Cloud;Silver;CL-104|CL-305;2\nCloud;Gold;CL-104;1\nData;Silver;DT-203;1\n").unwrap();
        let people = vec![
            Certified { id: 1, name: "Anna".into(), exams: vec![("CL-104".into(), Some(d("2027-01-01"))), ("DT-203".into(), None)] },
            Certified { id: 2, name: "Bram".into(), exams: vec![("CL-305".into(), None)] },
            Certified { id: 3, name: "Carla".into(), exams: vec![("DT-203".into(), None)] },
        ];
        let today = d("2026-11-29");
        let cost: Vec<String> = lapse_cost(&catalogue, &people, today, 1, "CL-104").iter().map(|l| l.name_in("en")).collect();
        assert_eq!(cost, vec!["Cloud Silver", "Cloud Gold"]);
        assert!(lapse_cost(&catalogue, &people, today, 1, "DT-203").is_empty(), "Carla keeps Data Silver met");
    }
}
