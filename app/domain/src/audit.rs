//! The audit log's questions (L-10): which entries a reader asks for (a date range, an action,
//! a person) and which page of them, parsed from the filter form or a download's address.

use crate::{FieldProblem, Problem};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Every action the audit log records, as stored.
pub const ACTIONS: &[&str] = &[
    "company_enrolled",
    "agreement_accepted",
    "company_authorized",
    "company_rejected",
    "company_challenged",
    "company_appealed",
    "user_invited",
    "invitation_resent",
    "invitation_corrected",
    "invitation_accepted",
    "roles_changed",
    "user_deleted",
    "password_reset",
    "sign_in_failures",
    "details_corrected",
    "location_added",
    "contact_changed",
    "profile_linked",
    "removed_from_report",
    "profile_unlinked",
    "link_moved",
    "university_linked",
    "university_removed",
    "reviewer_password_set",
];

/// Entries on one page of the audit log.
pub const PAGE_SIZE: usize = 50;

/// The longest text searched for in names and subjects.
pub const PERSON_MAX: usize = 200;

/// The filter form as sent: each field optional text (`from`, `to` as `YYYY-MM-DD`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilterInput {
    pub from: Option<String>,
    pub to: Option<String>,
    pub action: Option<String>,
    pub person: Option<String>,
}

/// Which entries: from a day, up to and including a day (UTC), one action, a person (contained
/// in who acted or whom it was about, ignoring case). Empty fields do not narrow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub action: Option<String>,
    pub person: Option<String>,
}

fn filled(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

fn day(field: &str, value: &Option<String>, problems: &mut Vec<FieldProblem>) -> Option<NaiveDate> {
    let text = filled(value)?;
    match NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(day) if text.len() == 10 => Some(day),
        _ => {
            problems.push(FieldProblem::field(field, Problem::DateFormat));
            None
        }
    }
}

impl AuditFilter {
    /// Every problem of the form at once, each tied to its field.
    pub fn parse(input: &AuditFilterInput) -> Result<Self, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let from = day("from", &input.from, &mut problems);
        let to = day("to", &input.to, &mut problems);
        if let (Some(from), Some(to)) = (from, to) {
            if to < from {
                problems.push(FieldProblem::field("to", Problem::DateRangeReversed));
            }
        }
        let action = filled(&input.action).map(str::to_owned);
        if let Some(action) = &action {
            if !ACTIONS.contains(&action.as_str()) {
                problems.push(FieldProblem::field("action", Problem::ChoiceUnknown));
            }
        }
        let person = filled(&input.person).map(str::to_owned);
        if person.as_ref().is_some_and(|p| p.chars().count() > PERSON_MAX) {
            problems.push(FieldProblem::field("person", Problem::TooLong { max: PERSON_MAX }));
        }
        if problems.is_empty() {
            Ok(Self { from, to, action, person })
        } else {
            Err(problems)
        }
    }

    /// The first instant included and the first instant no longer included.
    pub fn bounds(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        let start = |d: NaiveDate| d.and_hms_opt(0, 0, 0).map(|t| t.and_utc());
        (self.from.and_then(start), self.to.and_then(|d| d.succ_opt()).and_then(start))
    }

    /// The filter as an address's query (`from=…&to=…`), for downloads and the next page.
    pub fn query(&self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.from {
            parts.push(format!("from={d}"));
        }
        if let Some(d) = self.to {
            parts.push(format!("to={d}"));
        }
        if let Some(a) = &self.action {
            parts.push(format!("action={}", crate::access::query_value(a)));
        }
        if let Some(p) = &self.person {
            parts.push(format!("person={}", crate::access::query_value(p)));
        }
        parts.join("&")
    }
}

/// The page after the entry `before` (entries are numbered in the order they were written);
/// anything but a positive number is the first page.
pub fn parse_cursor(input: Option<&str>) -> Option<i64> {
    input.and_then(|s| s.trim().parse::<i64>().ok()).filter(|n| *n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(from: &str, to: &str, action: &str, person: &str) -> AuditFilterInput {
        let some = |s: &str| Some(s.to_owned());
        AuditFilterInput { from: some(from), to: some(to), action: some(action), person: some(person) }
    }

    #[test]
    fn empty_fields_do_not_narrow_and_the_last_day_is_included() {
        assert_eq!(AuditFilter::parse(&AuditFilterInput::default()), Ok(AuditFilter::default()));
        let f = AuditFilter::parse(&input("2026-11-01", " 2026-11-29 ", "user_invited", "  anna ")).unwrap();
        assert_eq!(f.person.as_deref(), Some("anna"));
        let (from, until) = f.bounds();
        assert_eq!(from.unwrap().to_rfc3339(), "2026-11-01T00:00:00+00:00");
        assert_eq!(until.unwrap().to_rfc3339(), "2026-11-30T00:00:00+00:00");
        assert_eq!(f.query(), "from=2026-11-01&to=2026-11-29&action=user_invited&person=anna");
    }

    #[test]
    fn every_problem_is_named_at_its_field() {
        let problems = AuditFilter::parse(&input("29-11-2026", "2026-02-30", "drop_table", &"x".repeat(201))).unwrap_err();
        assert_eq!(
            problems,
            vec![
                FieldProblem::field("from", Problem::DateFormat),
                FieldProblem::field("to", Problem::DateFormat),
                FieldProblem::field("action", Problem::ChoiceUnknown),
                FieldProblem::field("person", Problem::TooLong { max: PERSON_MAX }),
            ]
        );
        let reversed = AuditFilter::parse(&input("2026-11-29", "2026-11-01", "", "")).unwrap_err();
        assert_eq!(reversed, vec![FieldProblem::field("to", Problem::DateRangeReversed)]);
    }

    #[test]
    fn a_cursor_is_a_positive_entry_number() {
        assert_eq!(parse_cursor(Some("120")), Some(120));
        assert_eq!(parse_cursor(Some("-1")), None);
        assert_eq!(parse_cursor(Some("1e3")), None);
        assert_eq!(parse_cursor(None), None);
    }
}
