//! The skills report and competencies (L-7 … L-9), for Global admins and Partner admins: who is
//! linked with which certifications and assessments, the CSV download (streamed by the server,
//! `/company/skills.csv`), removing a departed person, which competencies are met, and the
//! admins' weekly digest of certifications that expire.

mod competencies;
#[cfg(feature = "ssr")]
mod mail;
mod remove;
mod report;

pub use competencies::*;
#[cfg(feature = "ssr")]
pub use mail::*;
pub use remove::*;
pub use report::*;
