use crate::error::AppError;
use leptos::prelude::*;

/// A reviewer authorizes, rejects (reason required) or challenges (reason required) a company
/// in review; its Global admins are mailed the decision.
#[server(endpoint = "decide_company")]
pub async fn decide_company(company_id: i64, decision: String, reason: String) -> Result<(), AppError> {
    use crate::flash::with_flash;
    use crate::server::*;
    use partnerhub_domain::verification::decision_reason;
    use partnerhub_domain::{Decision, FieldProblem};
    let values = vec![("decision", decision.clone()), ("reason", reason.clone()), ("company_id", company_id.to_string())];
    with_flash("decide_company", values, true, async move {
        let reviewer = reviewer().await?;
        let decision = Decision::parse(&decision).map_err(|p| AppError::field("decision", p))?;
        let reason = decision_reason(decision, &reason).map_err(|p| AppError::Refused(vec![FieldProblem::field("reason", p)]))?;
        let state = state()?;
        let decided = state.store.decide(&reviewer.actor(), company_id, decision, reason.as_deref(), chrono::Utc::now()).await?;
        let url = link(&state, "/company");
        for (email, name, locale) in &decided.admins {
            let mail = super::mail::decision_mail(email, name, locale, &decided.legal_name, decision, reason.as_deref(), &url);
            send_mail(&state, mail).await?;
        }
        Ok(())
    })
    .await
}
