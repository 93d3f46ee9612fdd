//! Company users and roles (P-1, P-2, E-10, L-7): the user list, invitations and their
//! acceptance, role changes, deletion, and the company's audit list (L-10).

mod accept_invitation;
mod audit;
mod change_roles;
mod delete_user;
mod invite_user;
mod list_users;
#[cfg(feature = "ssr")]
mod mail;
mod page;
mod resend_invitation;

pub use accept_invitation::*;
pub use audit::*;
pub use change_roles::*;
pub use delete_user::*;
pub use invite_user::*;
pub use list_users::*;
pub use page::UsersPage;
pub use resend_invitation::*;

use partnerhub_domain::Role;

/// The role checkboxes of a form, by the names they post (`global_admin=on`, …).
pub fn ticked_roles(global_admin: &Option<String>, account_admin: &Option<String>, partner_admin: &Option<String>) -> Vec<Role> {
    [(Role::GlobalAdmin, global_admin), (Role::AccountAdmin, account_admin), (Role::PartnerAdmin, partner_admin)]
        .into_iter()
        .filter(|(_, v)| v.as_deref().is_some_and(|v| !v.is_empty()))
        .map(|(r, _)| r)
        .collect()
}
