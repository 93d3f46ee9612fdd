//! P-1 roles and what each may do, E-10 (a company is locked until it is Authorized) and the
//! rule that a company always keeps a Global admin. The pages hide what a role cannot do by
//! asking these functions; the server functions refuse by asking the same ones.

use crate::problem::Problem;
use crate::verification::Status;
use serde::{Deserialize, Serialize};

/// A company user's roles beyond *User*, which every company user has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    GlobalAdmin,
    AccountAdmin,
    PartnerAdmin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::GlobalAdmin, Role::AccountAdmin, Role::PartnerAdmin];

    /// The stored name (`global_admin`, …), also the value of the role checkboxes.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::GlobalAdmin => "global_admin",
            Role::AccountAdmin => "account_admin",
            Role::PartnerAdmin => "partner_admin",
        }
    }

    pub fn parse(value: &str) -> Result<Role, Problem> {
        Role::ALL.into_iter().find(|r| r.as_str() == value.trim()).ok_or(Problem::RoleUnknown)
    }
}

/// Parses the roles ticked in a form: unknown names are refused, repeats collapse, and the
/// result is sorted (Global admin first).
pub fn parse_roles<S: AsRef<str>>(values: &[S]) -> Result<Vec<Role>, Problem> {
    let mut roles = values.iter().map(|v| v.as_ref()).filter(|v| !v.trim().is_empty()).map(Role::parse).collect::<Result<Vec<_>, _>>()?;
    roles.sort();
    roles.dedup();
    Ok(roles)
}

/// What a company user may do (P-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    /// Add users, resend or correct invitations.
    AddUsers,
    /// Change anyone's roles.
    AssignRoles,
    /// Delete users.
    DeleteUsers,
    /// Read the company's audit list.
    ViewAudit,
    /// See who the company's users are.
    ViewUsers,
    /// Correct the company's legal details and locations, answer a review.
    EditProfile,
    /// Skills report and competencies.
    ViewSkills,
    /// Accept a new version of the partner agreement for the company.
    AcceptAgreement,
}

/// Whether a user with `roles` may do `what`.
pub fn can(roles: &[Role], what: Capability) -> bool {
    let has = |r: Role| roles.contains(&r);
    let global = has(Role::GlobalAdmin);
    match what {
        Capability::AssignRoles | Capability::DeleteUsers | Capability::ViewAudit | Capability::AcceptAgreement => global,
        Capability::AddUsers | Capability::ViewUsers | Capability::EditProfile => global || has(Role::AccountAdmin),
        Capability::ViewSkills => global || has(Role::PartnerAdmin),
    }
}

/// E-10: until the company is Authorized it can be viewed and corrected, but users cannot be
/// added (nor certifications linked, nor competencies seen).
pub fn unlocked(status: Status) -> Result<(), Problem> {
    if status == Status::Authorized {
        Ok(())
    } else {
        Err(Problem::CompanyNotAuthorized)
    }
}

/// The caller's `roles` allow `what` in a company in `status`; the one check every company
/// server function makes.
pub fn authorize(roles: &[Role], what: Capability) -> Result<(), Problem> {
    if can(roles, what) {
        Ok(())
    } else {
        Err(Problem::NotAllowed)
    }
}

/// A company always keeps at least one Global admin (P-1): refuses a role change or deletion
/// that would leave `global_admins_after` at zero.
pub fn keeps_a_global_admin(global_admins_after: usize) -> Result<(), Problem> {
    if global_admins_after == 0 {
        Err(Problem::LastGlobalAdmin)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Capability::*;
    use Role::*;

    #[test]
    fn each_role_may_do_what_p1_gives_it_and_nothing_more() {
        let all = [AddUsers, AssignRoles, DeleteUsers, ViewAudit, ViewUsers, EditProfile, ViewSkills, AcceptAgreement];
        let allowed = |roles: &[Role]| all.iter().copied().filter(|c| can(roles, *c)).collect::<Vec<_>>();
        assert_eq!(allowed(&[GlobalAdmin]), all.to_vec());
        assert_eq!(allowed(&[AccountAdmin]), vec![AddUsers, ViewUsers, EditProfile]);
        assert_eq!(allowed(&[PartnerAdmin]), vec![ViewSkills]);
        assert_eq!(allowed(&[]), Vec::<Capability>::new());
        assert_eq!(allowed(&[AccountAdmin, PartnerAdmin]), vec![AddUsers, ViewUsers, EditProfile, ViewSkills]);
    }

    #[test]
    fn roles_from_a_form_are_checked_sorted_and_deduplicated() {
        assert_eq!(parse_roles(&["partner_admin", "global_admin", "partner_admin", ""]), Ok(vec![GlobalAdmin, PartnerAdmin]));
        assert_eq!(parse_roles::<&str>(&[]), Ok(vec![]));
        assert_eq!(parse_roles(&["owner"]), Err(Problem::RoleUnknown));
    }

    #[test]
    fn the_last_global_admin_cannot_go_and_a_company_is_locked_until_authorized() {
        assert_eq!(keeps_a_global_admin(0), Err(Problem::LastGlobalAdmin));
        assert_eq!(keeps_a_global_admin(1), Ok(()));
        assert_eq!(unlocked(Status::Authorized), Ok(()));
        for s in [Status::AwaitingContact, Status::Pending, Status::Rejected, Status::Challenged] {
            assert_eq!(unlocked(s), Err(Problem::CompanyNotAuthorized));
        }
    }
}
