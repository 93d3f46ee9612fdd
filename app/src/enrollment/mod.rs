//! Company enrollment (seed 004, rules E-1 … E-10): a wizard of six steps. Each step is a page
//! with one form and one server function; the enrollment in progress lives on the server
//! (keyed by the session), so back, reload and JavaScript-off all work.

pub mod api;
#[cfg(feature = "ssr")]
pub(crate) mod mail;
pub mod pages;

use partnerhub_domain::company::AddressInput;
use partnerhub_domain::{CompanyDetails, ContactDetails, Progress};
use serde::{Deserialize, Serialize};

/// The enrollment in progress, as the wizard pages show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnrollmentView {
    pub email: String,
    pub progress: Progress,
    pub full_name: Option<String>,
    pub company: Option<CompanyDetails>,
    pub contact: Option<ContactDetails>,
}

/// A company found in the directory by its DUNS number, to fill the form with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DirectoryMatch {
    pub duns: String,
    pub legal_name: String,
    pub address: AddressInput,
}
