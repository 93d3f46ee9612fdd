//! The skills report and competencies (L-7 … L-9), for Global admins and Partner admins: who is
//! linked with which certifications and assessments, the CSV download (streamed by the server,
//! `/company/skills.csv`), removing a departed person, and which competencies are met.

mod competencies;
mod remove;
mod report;

pub use competencies::*;
pub use remove::*;
pub use report::*;

/// The competency catalogue shipped with Partnerhub (`competency;level;exams;people`).
pub const CATALOGUE: &str = include_str!("../../../server/core/catalogue/competencies.csv");
