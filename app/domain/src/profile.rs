//! E-11 and E-12: the partner profile. What a correction of the legal details does to the
//! verification status (the programme re-checks a changed name or address), and when the
//! partner agreement must be accepted again.

use crate::company::{Address, LegalName};
use crate::enrollment::CURRENT_AGREEMENT_VERSION;
use crate::verification::Status;

/// Which parts of the legal details a correction changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Correction {
    pub name: bool,
    pub address: bool,
}

impl Correction {
    pub fn between(old_name: &str, old_address: &Address, new_name: &LegalName, new_address: &Address) -> Self {
        Correction { name: old_name != new_name.as_str(), address: old_address != new_address }
    }

    pub fn changes_anything(self) -> bool {
        self.name || self.address
    }
}

/// The status after a correction: a changed name or address sends the company back to review,
/// unless its primary contact has not confirmed yet (review has not started), or the company
/// was rejected or challenged: then the correction is kept and the company answers the
/// decision on its status page, which counts towards its answers (E-9), so correcting the
/// details cannot bypass that limit.
pub fn status_after(status: Status, correction: Correction) -> Status {
    match status {
        _ if !correction.changes_anything() => status,
        Status::AwaitingContact | Status::Rejected | Status::Challenged => status,
        _ => Status::Pending,
    }
}

/// The primary contact's link can be sent again (to the same or a corrected address) only
/// while the company waits for the contact to confirm (E-8).
pub fn contact_link_resendable(status: Status) -> Result<(), crate::Problem> {
    match status {
        Status::AwaitingContact => Ok(()),
        _ => Err(crate::Problem::ContactConfirmed),
    }
}

/// A Global admin is asked to accept the agreement again when the version the company
/// accepted is not the current one.
pub fn agreement_outdated(accepted_version: Option<&str>) -> bool {
    accepted_version != Some(CURRENT_AGREEMENT_VERSION)
}

/// A company accepts each agreement version once: accepting the current version again, once
/// the company's latest acceptance is of it, is refused (it would only repeat the record).
pub fn check_new_acceptance(accepted_version: Option<&str>) -> Result<(), crate::Problem> {
    if agreement_outdated(accepted_version) {
        Ok(())
    } else {
        Err(crate::Problem::AgreementAlreadyAccepted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::company::AddressInput;

    fn address(line1: &str) -> Address {
        Address::parse(&AddressInput {
            country: "NL".into(),
            line1: line1.into(),
            city: "Amsterdam".into(),
            postal_code: "1016 BR".into(),
            ..Default::default()
        })
        .unwrap()
    }

    #[test]
    fn a_changed_name_or_address_sends_an_authorized_company_back_to_review() {
        let name = LegalName::parse("Contoso Nederland B.V.").unwrap();
        let same = Correction::between("Contoso Nederland B.V.", &address("Herengracht 182"), &name, &address("Herengracht 182"));
        assert_eq!(status_after(Status::Authorized, same), Status::Authorized);
        let moved = Correction::between("Contoso Nederland B.V.", &address("Herengracht 182"), &name, &address("Keizersgracht 1"));
        assert_eq!(moved, Correction { name: false, address: true });
        assert_eq!(status_after(Status::Authorized, moved), Status::Pending);
        assert_eq!(status_after(Status::Pending, moved), Status::Pending);
        assert_eq!(status_after(Status::Rejected, moved), Status::Rejected, "a rejected company answers instead");
        assert_eq!(status_after(Status::Challenged, moved), Status::Challenged);
        assert_eq!(status_after(Status::AwaitingContact, moved), Status::AwaitingContact);
        let renamed = Correction::between("Contoso B.V.", &address("Herengracht 182"), &name, &address("Herengracht 182"));
        assert_eq!(status_after(Status::Authorized, renamed), Status::Pending);
    }

    #[test]
    fn the_contacts_link_is_sent_again_only_while_the_company_waits_for_the_contact() {
        assert_eq!(contact_link_resendable(Status::AwaitingContact), Ok(()));
        for status in [Status::Pending, Status::Authorized, Status::Rejected, Status::Challenged] {
            assert_eq!(contact_link_resendable(status), Err(crate::Problem::ContactConfirmed));
        }
    }

    #[test]
    fn an_older_or_missing_acceptance_asks_for_the_current_agreement() {
        assert!(!agreement_outdated(Some(CURRENT_AGREEMENT_VERSION)));
        assert!(agreement_outdated(Some("2025-01")));
        assert!(agreement_outdated(None));
    }

    #[test]
    fn the_current_version_is_accepted_once() {
        assert_eq!(check_new_acceptance(None), Ok(()));
        assert_eq!(check_new_acceptance(Some("2025-01")), Ok(()));
        assert_eq!(check_new_acceptance(Some(CURRENT_AGREEMENT_VERSION)), Err(crate::Problem::AgreementAlreadyAccepted));
    }
}
