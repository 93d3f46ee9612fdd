//! L-8 and L-9: the skills report's CSV cells (formula-like text neutralised) and the
//! competency catalogue with its evaluation (met or not, who counts, what is missing), from
//! active links and certifications that have not expired.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One CSV cell: quoted when needed, and text a spreadsheet would run as a formula (starting
/// with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with `'`.
pub fn csv_cell(value: &str) -> String {
    let mut cell = String::with_capacity(value.len() + 3);
    push_csv_cell(&mut cell, value);
    cell
}

/// Appends one CSV cell (as `csv_cell` words it) to `out`, without allocating.
pub fn push_csv_cell(out: &mut String, value: &str) {
    let formula = matches!(value.as_bytes().first(), Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r'));
    let quoted = value.contains([',', '"', '\n', '\r', ';']);
    if quoted {
        out.push('"');
    }
    if formula {
        out.push('\'');
    }
    if quoted {
        for (i, part) in value.split('"').enumerate() {
            if i > 0 {
                out.push_str("\"\"");
            }
            out.push_str(part);
        }
        out.push('"');
    } else {
        out.push_str(value);
    }
}

/// A CSV line of cells, ending in CRLF.
pub fn csv_line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = String::new();
    push_csv_line(&mut line, cells);
    line
}

/// Appends a CSV line of cells, ending in CRLF, to `out`.
pub fn push_csv_line<S: AsRef<str>>(out: &mut String, cells: &[S]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_csv_cell(out, cell.as_ref());
    }
    out.push_str("\r\n");
}

/// One level of a competency: `needed` distinct people, each with any of `exams`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencyLevel {
    pub competency: String,
    pub level: String,
    pub exams: Vec<String>,
    pub needed: usize,
}

/// Parses the catalogue: `competency;level;EXAM|EXAM…;people needed` per line, `#` comments.
pub fn parse_catalogue(text: &str) -> Result<Vec<CompetencyLevel>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, line)| {
            let f: Vec<&str> = line.split(';').map(str::trim).collect();
            let [competency, level, exams, needed] = f.as_slice() else {
                return Err(format!("line {}: expected 4 fields", i + 1));
            };
            let needed = needed.parse().map_err(|_| format!("line {}: {needed:?} is not a number", i + 1))?;
            let exams: Vec<String> = exams.split('|').map(|e| e.trim().to_owned()).filter(|e| !e.is_empty()).collect();
            if exams.is_empty() {
                return Err(format!("line {}: no exams", i + 1));
            }
            Ok(CompetencyLevel { competency: competency.to_string(), level: level.to_string(), exams, needed })
        })
        .collect()
}

/// A person with an active link and their certifications: (exam, expires on). People are
/// told apart by `id`, never by name: two people may share one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certified {
    pub id: i64,
    pub name: String,
    pub exams: Vec<(String, Option<NaiveDate>)>,
}

impl Certified {
    /// People from rows of (person id, name, exam, expires on as `YYYY-MM-DD`), in the order
    /// they first appear; an expiry that is not a date counts as none.
    pub fn group(rows: impl IntoIterator<Item = (i64, String, String, Option<String>)>) -> Vec<Certified> {
        let mut people: Vec<Certified> = Vec::new();
        for (id, name, exam, expires) in rows {
            let expires = expires.and_then(|e| NaiveDate::parse_from_str(&e, "%Y-%m-%d").ok());
            match people.iter_mut().find(|p| p.id == id) {
                Some(p) => p.exams.push((exam, expires)),
                None => people.push(Certified { id, name, exams: vec![(exam, expires)] }),
            }
        }
        people
    }
}

/// How a competency level stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencyStatus {
    pub level: CompetencyLevel,
    /// The names of the people who count (each person once; two people may share a name).
    pub counted: Vec<String>,
    pub met: bool,
    /// How many more people with one of the exams are needed.
    pub missing: usize,
}

/// Evaluates every level on `today`: a person counts once, with any listed exam not expired.
pub fn evaluate(catalogue: &[CompetencyLevel], people: &[Certified], today: NaiveDate) -> Vec<CompetencyStatus> {
    catalogue
        .iter()
        .map(|level| {
            let mut persons: Vec<(&str, i64)> = people
                .iter()
                .filter(|p| p.exams.iter().any(|(exam, expires)| level.exams.contains(exam) && expires.is_none_or(|e| e >= today)))
                .map(|p| (p.name.as_str(), p.id))
                .collect();
            persons.sort();
            persons.dedup_by_key(|(_, id)| *id);
            let counted: Vec<String> = persons.into_iter().map(|(name, _)| name.to_owned()).collect();
            let missing = level.needed.saturating_sub(counted.len());
            CompetencyStatus { level: level.clone(), met: missing == 0, missing, counted }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_neutralised_and_quoted_when_needed() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+31 20 123"), "'+31 20 123");
        assert_eq!(csv_cell("-5"), "'-5");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("de Vries, Anna"), "\"de Vries, Anna\"");
        assert_eq!(csv_cell("CL-104"), "CL-104");
        assert_eq!(csv_line(&["a", "b"]), "a,b\r\n");
    }

    #[test]
    fn a_level_is_met_by_enough_distinct_people_with_unexpired_exams() {
        let catalogue = parse_catalogue("# comment\nCloud;Silver;CL-104|CL-305;2\nCloud;Gold;CL-104|CL-305;3\n").unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let people = vec![
            Certified { id: 1, name: "Anna".into(), exams: vec![("CL-104".into(), Some(d("2027-01-01"))), ("CL-305".into(), None)] },
            Certified { id: 2, name: "Bram".into(), exams: vec![("CL-305".into(), Some(d("2026-11-20")))] },
            Certified { id: 3, name: "Carla".into(), exams: vec![("CL-104".into(), None)] },
        ];
        let result = evaluate(&catalogue, &people, d("2026-11-21"));
        assert_eq!(result[0].counted, vec!["Anna".to_string(), "Carla".to_string()], "Bram's exam expired; Anna counts once");
        assert!(result[0].met);
        assert_eq!((result[1].met, result[1].missing), (false, 1));
        assert!(parse_catalogue("Cloud;Silver;;2").is_err());
    }

    #[test]
    fn two_different_people_with_the_same_name_count_twice() {
        let catalogue = parse_catalogue("Cloud;Silver;CL-104;2\n").unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let twins = vec![
            Certified { id: 7, name: "Jan de Vries".into(), exams: vec![("CL-104".into(), None)] },
            Certified { id: 9, name: "Jan de Vries".into(), exams: vec![("CL-104".into(), None)] },
        ];
        let result = evaluate(&catalogue, &twins, today);
        assert_eq!(result[0].counted, vec!["Jan de Vries".to_string(), "Jan de Vries".to_string()]);
        assert!(result[0].met);
    }
}
