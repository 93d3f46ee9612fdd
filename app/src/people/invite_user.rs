use crate::error::AppError;
use leptos::prelude::*;

/// P-2: a Global or Account admin adds a user by work email, name and roles; the user is
/// emailed a link (valid 7 days, single use) to set their password. E-10: not before the
/// company is Authorized.
#[server(endpoint = "invite_user")]
pub async fn invite_user(
    email: String,
    full_name: String,
    global_admin: Option<String>,
    account_admin: Option<String>,
    partner_admin: Option<String>,
) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::{Capability, FieldProblem, PersonName};
    let mut values = vec![("email", email.clone()), ("full_name", full_name.clone())];
    for (name, ticked) in [("global_admin", &global_admin), ("account_admin", &account_admin), ("partner_admin", &partner_admin)] {
        values.push((name, ticked.clone().unwrap_or_default()));
    }
    with_flash("invite_user", values, true, async move {
        let admin = user_who_can(Capability::AddUsers).await?;
        let state = state()?;
        let (email, name) = match (state.config.email_policy.parse(&email), PersonName::parse(&full_name)) {
            (Ok(e), Ok(n)) => (e, n),
            (e, n) => {
                let mut problems: Vec<FieldProblem> = Vec::new();
                problems.extend(e.err().map(|p| FieldProblem::field("email", p)));
                problems.extend(n.err().map(|p| FieldProblem::field("full_name", p)));
                return Err(AppError::Refused(problems));
            }
        };
        let mut roles = super::ticked_roles(&global_admin, &account_admin, &partner_admin);
        if !partnerhub_domain::roles::can(&admin.roles, Capability::AssignRoles) {
            // Account admins add users; only Global admins hand out roles (P-1).
            roles.clear();
        }
        let now = chrono::Utc::now();
        state.store.claim_mail(admin.company_id, email.as_str(), "invitation", now).await?;
        let token = partnerhub_core::credentials::new_token();
        let to = state.store.invite_user(&admin, email.as_str(), name.as_str(), &roles, &token, now).await?;
        let url = link(&state, &format!("/invitation?token={token}"));
        send_mail(&state, super::mail::invitation_mail(&to, &admin.full_name, &url)).await
    })
    .await
}
