//! `AppError`: the one error type of every server function. It carries only what is safe to
//! show (problems the domain found, or a kind of failure); the page words it in the user's
//! language. Internal details are logged on the server and never sent.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use partnerhub_domain::{FieldProblem, Problem};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// Rules refused the input; each problem names its field when it has one.
    Refused(Vec<FieldProblem>),
    /// The page or action needs a signed-in user.
    SignInRequired,
    /// The signed-in user may not do this.
    Forbidden,
    /// The server failed; the details are in the server log.
    Internal,
    /// The server could not be reached or the request could not be read.
    Network,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for AppError {}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Network,
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::Deserialization(_) => {
                // A request that cannot be read is the caller's fault, not the server's.
                #[cfg(feature = "ssr")]
                if let Some(response) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
                    response.set_status(http::StatusCode::BAD_REQUEST);
                }
                AppError::Network
            }
            _ => AppError::Internal,
        }
    }
}

impl AppError {
    pub fn field(name: &str, problem: Problem) -> Self {
        AppError::Refused(vec![FieldProblem::field(name, problem)])
    }

    pub fn form(problem: Problem) -> Self {
        AppError::Refused(vec![FieldProblem::form(problem)])
    }
}

#[cfg(feature = "ssr")]
impl From<partnerhub_core::credentials::Busy> for AppError {
    fn from(_: partnerhub_core::credentials::Busy) -> Self {
        AppError::form(Problem::Busy)
    }
}

#[cfg(feature = "ssr")]
impl From<partnerhub_core::StoreError> for AppError {
    fn from(e: partnerhub_core::StoreError) -> Self {
        match e {
            partnerhub_core::StoreError::Refused(problems) => AppError::Refused(problems),
            partnerhub_core::StoreError::NotYours => AppError::Forbidden,
            other => {
                tracing::error!(error = %other, "store failed");
                AppError::Internal
            }
        }
    }
}
