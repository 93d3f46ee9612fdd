//! The enrollment wizard (seed 004): its steps, the order they must be taken in, and the
//! details each step collects. The browser uses the order to show progress and link back;
//! the server refuses a step whose earlier steps are not done.

use crate::company::{Address, Duns, LegalName};
use crate::email::WorkEmail;
use crate::identity::PersonName;
use crate::problem::{FieldProblem, Problem};
use serde::{Deserialize, Serialize};

pub use crate::agreement::CURRENT_AGREEMENT_VERSION;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Step {
    Email,
    Code,
    Account,
    Company,
    Contact,
    Agreement,
    Done,
}

impl Step {
    /// The steps the user takes, in order.
    pub const ALL: [Step; 6] = [Step::Email, Step::Code, Step::Account, Step::Company, Step::Contact, Step::Agreement];

    /// The path of the step's page.
    pub fn path(self) -> &'static str {
        match self {
            Step::Email => "/enroll",
            Step::Code => "/enroll/verify",
            Step::Account => "/enroll/account",
            Step::Company => "/enroll/company",
            Step::Contact => "/enroll/contact",
            Step::Agreement => "/enroll/agreement",
            Step::Done => "/company",
        }
    }
}

/// What an enrollment has so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub started: bool,
    pub email_verified: bool,
    pub account: bool,
    pub company: bool,
    pub contact: bool,
    pub completed: bool,
}

impl Progress {
    /// The first step not yet done.
    pub fn next_step(&self) -> Step {
        if self.completed {
            Step::Done
        } else if !self.started {
            Step::Email
        } else if !self.email_verified {
            Step::Code
        } else if !self.account {
            Step::Account
        } else if !self.company {
            Step::Company
        } else if !self.contact {
            Step::Contact
        } else {
            Step::Agreement
        }
    }

    /// A step can be opened (or submitted) once every step before it is done; done steps can
    /// be revisited and changed, except the email once it is verified.
    pub fn allows(&self, step: Step) -> bool {
        if self.completed {
            return false;
        }
        match step {
            Step::Email => !self.email_verified,
            Step::Code => self.started && !self.email_verified,
            _ => step <= self.next_step() && step != Step::Done,
        }
    }
}

/// How the legal details were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CompanySource {
    Duns,
    Manual,
}

impl CompanySource {
    pub fn as_str(self) -> &'static str {
        match self {
            CompanySource::Duns => "duns",
            CompanySource::Manual => "manual",
        }
    }
}

/// The company's legal details as the enroller confirmed them (E-6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyDetails {
    pub source: CompanySource,
    pub duns: Option<Duns>,
    pub legal_name: LegalName,
    pub address: Address,
}

/// E-7: the enroller confirmed their authority to sign and accepted the agreement version that
/// is current now. Problems are tied to the `authority` and `accept` checkboxes.
pub fn check_acceptance(authority: bool, accept: bool, version: &str) -> Result<(), Vec<FieldProblem>> {
    let mut problems = Vec::new();
    if !authority {
        problems.push(FieldProblem::field("authority", Problem::AuthorityRequired));
    }
    if !accept {
        problems.push(FieldProblem::field("accept", Problem::AgreementRequired));
    } else if version != CURRENT_AGREEMENT_VERSION {
        problems.push(FieldProblem::field("accept", Problem::AgreementOutdated));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The primary contact (E-8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactDetails {
    pub is_self: bool,
    pub name: PersonName,
    pub email: WorkEmail,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_open_in_order_and_the_verified_email_is_fixed() {
        let fresh = Progress::default();
        assert_eq!(fresh.next_step(), Step::Email);
        assert!(fresh.allows(Step::Email) && !fresh.allows(Step::Code));
        let verified = Progress { started: true, email_verified: true, ..fresh };
        assert_eq!(verified.next_step(), Step::Account);
        assert!(!verified.allows(Step::Email) && !verified.allows(Step::Code));
        assert!(verified.allows(Step::Account) && !verified.allows(Step::Company));
        let almost = Progress { account: true, company: true, contact: true, ..verified };
        assert!(almost.allows(Step::Company) && almost.allows(Step::Agreement));
        let done = Progress { completed: true, ..almost };
        assert_eq!(done.next_step(), Step::Done);
        assert!(!done.allows(Step::Agreement));
    }

    #[test]
    fn enrolling_needs_authority_and_the_current_agreement() {
        assert_eq!(check_acceptance(true, true, CURRENT_AGREEMENT_VERSION), Ok(()));
        let fields = |r: Result<(), Vec<FieldProblem>>| r.unwrap_err().into_iter().map(|p| p.problem).collect::<Vec<_>>();
        assert_eq!(fields(check_acceptance(false, false, CURRENT_AGREEMENT_VERSION)), [Problem::AuthorityRequired, Problem::AgreementRequired]);
        assert_eq!(fields(check_acceptance(true, true, "2020-01")), [Problem::AgreementOutdated]);
    }
}
