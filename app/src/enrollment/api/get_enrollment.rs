use crate::enrollment::EnrollmentView;
use crate::error::AppError;
use leptos::prelude::*;

/// The enrollment in progress in this browser session, if any.
#[server(endpoint = "enrollment")]
pub async fn get_enrollment() -> Result<Option<EnrollmentView>, AppError> {
    use crate::server::{enrollment_id, state};
    let Some(id) = enrollment_id().await? else { return Ok(None) };
    let enrollment = state()?.store.enrollment(&id).await?;
    Ok(enrollment.filter(|e| !e.progress.completed).map(|e| EnrollmentView {
        email: e.email,
        progress: e.progress,
        full_name: e.full_name,
        company: e.company,
        contact: e.contact,
    }))
}
