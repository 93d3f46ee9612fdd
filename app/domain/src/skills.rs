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

/// One level of a competency: `needed` distinct people, each with any of `exams`; its names
/// in English and in Dutch (the English ones when the catalogue gives no Dutch).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompetencyLevel {
    pub competency: String,
    pub level: String,
    pub exams: Vec<String>,
    pub needed: usize,
    pub competency_nl: String,
    pub level_nl: String,
}

impl CompetencyLevel {
    /// "Cloud Platform Silver" in the language of `tag` (`en`, `nl`).
    pub fn name_in(&self, tag: &str) -> String {
        match tag {
            "nl" => format!("{} {}", self.competency_nl, self.level_nl),
            _ => format!("{} {}", self.competency, self.level),
        }
    }
}

/// The most people a level may ask for.
pub const NEEDED_MAX: usize = 10_000;
/// The longest exam code, competency or level name.
pub const CATALOGUE_FIELD_MAX: usize = 100;

/// Parses the catalogue, one level per line:
/// `competency;level;EXAM|EXAM…;people needed[;competency in Dutch;level in Dutch]`, with `#`
/// comments and blank lines. A problem names its line (`line 4: …`); a level listed twice is
/// refused with both lines.
pub fn parse_catalogue(text: &str) -> Result<Vec<CompetencyLevel>, String> {
    let mut levels: Vec<(usize, CompetencyLevel)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let number = i + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let problem = |what: String| format!("line {number}: {what}");
        let f: Vec<&str> = line.split(';').map(str::trim).collect();
        let (competency, level, exams, needed, dutch) = match f.as_slice() {
            [c, l, e, n] => (*c, *l, *e, *n, None),
            [c, l, e, n, cn, ln] => (*c, *l, *e, *n, Some((*cn, *ln))),
            _ => return Err(problem(format!("expected 4 fields (competency;level;exams;people needed) or 6 (and the two names in Dutch), found {}", f.len()))),
        };
        for (what, value) in [("competency", competency), ("level", level)]
            .into_iter()
            .chain(dutch.map(|(c, l)| [("Dutch competency", c), ("Dutch level", l)]).into_iter().flatten())
        {
            if value.is_empty() {
                return Err(problem(format!("the {what} name is empty")));
            }
            if value.chars().count() > CATALOGUE_FIELD_MAX || value.chars().any(char::is_control) {
                return Err(problem(format!("the {what} name is longer than {CATALOGUE_FIELD_MAX} characters or holds control characters")));
            }
        }
        let needed: usize = match needed.parse() {
            Ok(n) if (1..=NEEDED_MAX).contains(&n) => n,
            _ => return Err(problem(format!("{needed:?} is not a number of people from 1 to {NEEDED_MAX}"))),
        };
        let exams: Vec<String> = exams.split('|').map(|e| e.trim().to_uppercase()).filter(|e| !e.is_empty()).collect();
        if exams.is_empty() {
            return Err(problem("no exams".into()));
        }
        if let Some(bad) =
            exams.iter().find(|e| e.len() > CATALOGUE_FIELD_MAX || !e.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        {
            return Err(problem(format!("{bad:?} is not an exam code (letters, digits, - _ .)")));
        }
        let (competency_nl, level_nl) = dutch.unwrap_or((competency, level));
        let parsed = CompetencyLevel {
            competency: competency.to_owned(),
            level: level.to_owned(),
            exams,
            needed,
            competency_nl: competency_nl.to_owned(),
            level_nl: level_nl.to_owned(),
        };
        if let Some((first, _)) = levels
            .iter()
            .find(|(_, l)| l.competency.to_lowercase() == parsed.competency.to_lowercase() && l.level.to_lowercase() == parsed.level.to_lowercase())
        {
            return Err(problem(format!("{} {} is listed already on line {first}", parsed.competency, parsed.level)));
        }
        levels.push((number, parsed));
    }
    if levels.is_empty() {
        return Err("no competency levels".into());
    }
    Ok(levels.into_iter().map(|(_, l)| l).collect())
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
    /// Linked people who do not count but hold one of the exams, expired: renewing it would
    /// count them.
    #[serde(default)]
    pub renewable: Vec<String>,
    /// People who count only until a date within 90 days: (name, exam, the last day it counts).
    #[serde(default)]
    pub expiring: Vec<(String, String, NaiveDate)>,
    /// Linked people with current certifications, none of them this level's: one of its exams
    /// would count them. At most [`ONE_EXAM_AWAY_SHOWN`] names, in name order.
    #[serde(default)]
    pub one_exam_away: Vec<String>,
    /// How many people are one exam away in all.
    #[serde(default)]
    pub one_exam_away_total: usize,
}

/// How many people one exam away are named per level (the rest are counted).
pub const ONE_EXAM_AWAY_SHOWN: usize = 10;

/// Evaluates every level on `today`: a person counts once, with any listed exam not expired.
/// For each level also who a renewal would add, who one more exam would add, and who counts
/// only for the next 90 days.
pub fn evaluate(catalogue: &[CompetencyLevel], people: &[Certified], today: NaiveDate) -> Vec<CompetencyStatus> {
    let soon = today.checked_add_days(chrono::Days::new(crate::expiry::SOON_DAYS as u64)).unwrap_or(NaiveDate::MAX);
    catalogue
        .iter()
        .map(|level| {
            let listed = |p: &Certified| p.exams.iter().filter(|(exam, _)| level.exams.contains(exam)).cloned().collect::<Vec<_>>();
            let mut persons: Vec<(&str, i64)> = Vec::new();
            let mut renewable: Vec<(&str, i64)> = Vec::new();
            let mut one_away: Vec<(&str, i64)> = Vec::new();
            let mut expiring: Vec<(String, String, NaiveDate)> = Vec::new();
            for p in people {
                let exams = listed(p);
                let valid: Vec<&(String, Option<NaiveDate>)> = exams.iter().filter(|(_, expires)| expires.is_none_or(|e| e >= today)).collect();
                if valid.is_empty() {
                    if !exams.is_empty() {
                        renewable.push((p.name.as_str(), p.id));
                    } else if p.exams.iter().any(|(_, expires)| expires.is_none_or(|e| e >= today)) {
                        one_away.push((p.name.as_str(), p.id));
                    }
                    continue;
                }
                persons.push((p.name.as_str(), p.id));
                // Counts until the latest of their valid exams; none expiring means for good.
                if valid.iter().all(|(_, e)| e.is_some()) {
                    if let Some((exam, Some(last))) = valid.iter().max_by_key(|(_, e)| *e).map(|v| (*v).clone()) {
                        if last <= soon {
                            expiring.push((p.name.clone(), exam, last));
                        }
                    }
                }
            }
            persons.sort();
            persons.dedup_by_key(|(_, id)| *id);
            renewable.sort();
            renewable.dedup_by_key(|(_, id)| *id);
            renewable.retain(|(_, id)| !persons.iter().any(|(_, counted)| counted == id));
            one_away.sort();
            one_away.dedup_by_key(|(_, id)| *id);
            one_away.retain(|(_, id)| !persons.iter().chain(&renewable).any(|(_, other)| other == id));
            let one_exam_away_total = one_away.len();
            expiring.sort_by(|a, b| a.2.cmp(&b.2).then_with(|| a.0.cmp(&b.0)));
            expiring.dedup();
            let counted: Vec<String> = persons.into_iter().map(|(name, _)| name.to_owned()).collect();
            let missing = level.needed.saturating_sub(counted.len());
            CompetencyStatus {
                level: level.clone(),
                met: missing == 0,
                missing,
                counted,
                renewable: renewable.into_iter().map(|(name, _)| name.to_owned()).collect(),
                expiring,
                one_exam_away: one_away.into_iter().take(ONE_EXAM_AWAY_SHOWN).map(|(name, _)| name.to_owned()).collect(),
                one_exam_away_total,
            }
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
    fn people_certified_in_something_else_are_one_exam_away_and_at_most_ten_are_named() {
        let catalogue = parse_catalogue("Cloud;Silver;CL-104|CL-305;20\n").unwrap();
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let mut people = vec![
            Certified { id: 1, name: "Anna".into(), exams: vec![("CL-104".into(), None)] },
            Certified { id: 2, name: "Bram".into(), exams: vec![("CL-305".into(), Some(d("2026-01-01"))), ("SC-200".into(), None)] },
            Certified { id: 3, name: "Carla".into(), exams: vec![("SC-200".into(), Some(d("2026-01-01")))] },
        ];
        people.extend((0..12).map(|i| Certified { id: 10 + i, name: format!("Żaneta {i:02}"), exams: vec![("DT-203".into(), None)] }));
        people.push(Certified { id: 30, name: "Émile".into(), exams: vec![("MW-102".into(), Some(d("2027-01-01")))] });
        let result = &evaluate(&catalogue, &people, d("2026-11-21"))[0];
        assert_eq!(result.counted, ["Anna"]);
        assert_eq!(result.renewable, ["Bram"], "an expired exam of the level is a renewal, not one exam away");
        assert_eq!(result.one_exam_away_total, 13, "not Carla, whose only certification expired");
        assert_eq!(result.one_exam_away.len(), ONE_EXAM_AWAY_SHOWN);
        assert_eq!(result.one_exam_away[0], "Émile");
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
        assert_eq!(result[1].renewable, vec!["Bram".to_string()], "Bram's expired exam would count him once renewed");
        assert_eq!(result[0].expiring, vec![], "Anna also holds CL-305 without an expiry");
        let soon = evaluate(&catalogue, &people[2..], d("2026-11-21"));
        assert!(soon[0].expiring.is_empty(), "Carla's CL-104 does not expire");
        let people =
            vec![Certified { id: 4, name: "Dirk".into(), exams: vec![("CL-104".into(), Some(d("2027-01-10"))), ("CL-305".into(), Some(d("2027-01-20")))] }];
        let dirk = evaluate(&catalogue, &people, d("2026-11-21"));
        assert_eq!(dirk[0].expiring, vec![("Dirk".to_string(), "CL-305".to_string(), d("2027-01-20"))], "counts until the later of his two");
        assert!(parse_catalogue("Cloud;Silver;;2").is_err());
    }

    #[test]
    fn a_catalogue_problem_names_its_line_and_dutch_names_are_optional() {
        let catalogue = parse_catalogue("# ours\nCloud Platform;Silver;cl-104|CL-305;2;Cloudplatform;Zilver\nSecurity;Gold;SC-200;4\n").unwrap();
        assert_eq!(catalogue[0].exams, vec!["CL-104", "CL-305"]);
        assert_eq!((catalogue[0].name_in("nl"), catalogue[0].name_in("en")), ("Cloudplatform Zilver".into(), "Cloud Platform Silver".into()));
        assert_eq!(catalogue[1].name_in("nl"), "Security Gold", "no Dutch names: the English ones");
        let error = |text: &str| parse_catalogue(text).unwrap_err();
        assert_eq!(error("# c\nCloud;Silver;CL-104;2\n\nCloud;Gold;CL-104;two\n"), "line 4: \"two\" is not a number of people from 1 to 10000");
        assert_eq!(error("Cloud;Silver;CL-104;0"), "line 1: \"0\" is not a number of people from 1 to 10000");
        assert!(error("a;b;c").starts_with("line 1: expected 4 fields"));
        assert_eq!(error("Cloud;Silver;CL-104;2\ncloud;silver;CL-305;3"), "line 2: cloud silver is listed already on line 1");
        assert_eq!(error("Cloud;Silver;CL 104;2"), "line 1: \"CL 104\" is not an exam code (letters, digits, - _ .)");
        assert_eq!(error("Cloud;;CL-104;2"), "line 1: the level name is empty");
        assert_eq!(error("# only a comment\n"), "no competency levels");
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
