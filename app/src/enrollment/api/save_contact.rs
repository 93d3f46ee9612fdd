use crate::error::AppError;
use leptos::prelude::*;

/// Step 5: the primary contact (E-8): the enroller, or someone else with a work email.
#[server(endpoint = "save_contact")]
pub async fn save_contact(
    #[server(default)] who: Option<String>,
    #[server(default)] contact_name: String,
    #[server(default)] contact_email: String,
) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::{ContactDetails, FieldProblem, PersonName, Problem, Step, WorkEmail};
    let values = vec![("who", who.clone().unwrap_or_default()), ("contact_name", contact_name.clone()), ("contact_email", contact_email.clone())];
    with_flash("save_contact", values, false, async move {
        let state = state()?;
        let id = require_enrollment_id().await?;
        let contact = match who.as_deref() {
            Some("me") => {
                let enrollment = state.store.enrollment(&id).await?;
                let e = enrollment.ok_or_else(|| AppError::form(Problem::EnrollmentMissing))?;
                let name = e.full_name.ok_or_else(|| AppError::form(Problem::EnrollmentStepOutOfOrder))?;
                ContactDetails {
                    is_self: true,
                    name: PersonName::parse(&name).map_err(|p| AppError::field("contact_name", p))?,
                    email: state.config.email_policy.parse(&e.email).map_err(|p| AppError::field("contact_email", p))?,
                }
            }
            Some("other") => {
                let name = PersonName::parse(&contact_name);
                let email: Result<WorkEmail, Problem> = state.config.email_policy.parse(&contact_email);
                match (name, email) {
                    (Ok(name), Ok(email)) => ContactDetails { is_self: false, name, email },
                    (name, email) => {
                        let mut problems = Vec::new();
                        if let Err(p) = name {
                            problems.push(FieldProblem::field("contact_name", p));
                        }
                        if let Err(p) = email {
                            problems.push(FieldProblem::field("contact_email", p));
                        }
                        return Err(AppError::Refused(problems));
                    }
                }
            }
            _ => return Err(AppError::field("who", Problem::Required)),
        };
        state.store.save_contact(&id, &contact).await?;
        leptos_axum::redirect(Step::Agreement.path());
        Ok(())
    })
    .await
}
