//! Partnerhub's business rules, once.
//!
//! Every rule here is a pure function: no I/O, no clock reads (the caller passes `now`), no
//! framework. The same code runs in the browser (instant feedback in forms), in the server
//! functions (the authority) and inside the store's write transactions (rules that read stored
//! state). Parsing functions turn untrusted text into typed values (`WorkEmail`, `Duns`,
//! `LegalName`, …) or a [`Problem`] that the UI translates; nothing here produces user-facing
//! text except the company-directory and country data.

pub mod access;
pub mod agreement;
pub mod audit;
pub mod business_days;
pub mod code;
pub mod company;
pub mod country;
pub mod email;
pub mod enrollment;
pub mod expiry;
pub mod identity;
pub mod linking;
pub mod partner_id;
pub mod problem;
pub mod profile;
pub mod roles;
pub mod skills;
pub mod verification;

pub use business_days::{add_business_days, review_window, ReviewWindow};
pub use code::{CodeCheck, CodePolicy, CodeState, VerificationCode};
pub use company::{Address, Duns, LegalName};
pub use email::{EmailPolicy, WorkEmail};
pub use enrollment::{CompanyDetails, CompanySource, ContactDetails, Progress, Step};
pub use identity::{Password, PersonName};
pub use partner_id::PartnerId;
pub use problem::{FieldProblem, Problem};
pub use roles::{Capability, Role};
pub use verification::{Decision, DocumentKind, Status};
