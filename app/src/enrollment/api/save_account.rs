use crate::error::AppError;
use leptos::prelude::*;

/// Step 3: the enroller's name and password (kept as an argon2id hash).
#[server(endpoint = "save_account")]
pub async fn save_account(full_name: String, password: String, password_repeat: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::{FieldProblem, Password, PersonName, Step};
    with_flash("save_account", vec![("full_name", full_name.clone())], false, async move {
        let name = PersonName::parse(&full_name);
        let password = Password::parse_confirmed(&password, &password_repeat);
        let (name, password) = match (name, password) {
            (Ok(n), Ok(p)) => (n, p),
            (n, p) => {
                let mut problems = Vec::new();
                if let Err(problem) = n {
                    problems.push(FieldProblem::field("full_name", problem));
                }
                if let Err((field, problem)) = p {
                    problems.push(FieldProblem::field(field, problem));
                }
                return Err(AppError::Refused(problems));
            }
        };
        let state = state()?;
        let id = require_enrollment_id().await?;
        let hash = partnerhub_core::credentials::hash_password(password).await?;
        state.store.save_account(&id, &name, &hash).await?;
        leptos_axum::redirect(Step::Company.path());
        Ok(())
    })
    .await
}
