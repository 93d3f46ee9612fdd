use crate::error::AppError;
use leptos::prelude::*;
use partnerhub_domain::{Capability, Role, Status};
use serde::{Deserialize, Serialize};

/// Who is signed in, as the pages need it: name, and what they may see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedInUser {
    pub name: String,
    pub email: String,
    /// `None` for a platform reviewer.
    pub company: Option<CompanyRoles>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompanyRoles {
    pub roles: Vec<Role>,
    pub status: Status,
}

impl SignedInUser {
    /// Whether the menu shows what needs `what` (the server checks again).
    pub fn can(&self, what: Capability) -> bool {
        self.company.as_ref().is_some_and(|c| partnerhub_domain::roles::can(&c.roles, what))
    }

    pub fn is_reviewer(&self) -> bool {
        self.company.is_none()
    }
}

/// Who is signed in, if anyone.
#[server(endpoint = "current_user")]
pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
    use crate::server::{principal, state};
    use partnerhub_core::auth::Principal;
    let principal = match principal().await {
        Ok(p) => p,
        Err(AppError::SignInRequired) => return Ok(None),
        Err(e) => return Err(e),
    };
    let company = match &principal {
        Principal::Reviewer(_) => None,
        Principal::User(u) => {
            let view = state()?.store.company_view(u.company_id).await?.ok_or(AppError::Internal)?;
            Some(CompanyRoles { roles: u.roles.clone(), status: view.status })
        }
    };
    Ok(Some(SignedInUser { name: principal.full_name().to_owned(), email: principal.email().to_owned(), company }))
}
