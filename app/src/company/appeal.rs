use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::{MultipartData, MultipartFormData};

/// A rejected or challenged company answers (E-9): a note and one document (PDF, PNG or JPEG
/// by content, at most 5 MB), at most 3 times; the company goes back into review. A refused
/// upload keeps nothing. Posted as a plain multipart form, with or without JavaScript.
#[server(endpoint = "appeal", input = MultipartFormData)]
pub async fn appeal(data: MultipartData) -> Result<(), AppError> {
    let (note, result) = receive(data).await;
    crate::flash::with_flash("appeal", vec![("note", note)], false, async move { result }).await
}

#[cfg(feature = "ssr")]
async fn receive(data: MultipartData) -> (String, Result<(), AppError>) {
    use crate::server::*;
    use partnerhub_core::documents;
    use partnerhub_core::store::StoredDocument;
    use partnerhub_domain::problem::required_note;
    use partnerhub_domain::verification::{check_document, DOCUMENT_MAX_BYTES, REASON_MAX};
    use partnerhub_domain::{Capability, FieldProblem};

    let user = match user_who_can(Capability::EditProfile).await {
        Ok(u) => u,
        Err(e) => return (String::new(), Err(e)),
    };
    let Some(mut multipart) = data.into_inner() else { return (String::new(), Err(unreadable("appeal upload", "no multipart body"))) };
    let (mut note, mut name, mut bytes, mut size) = (String::new(), String::new(), Vec::new(), 0usize);
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return (note, Err(unreadable("appeal upload", e))),
        };
        match field.name() {
            Some("note") => match field.text().await {
                Ok(text) => note = text,
                Err(e) => return (note, Err(unreadable("appeal note", e))),
            },
            Some("document") => {
                name = field.file_name().unwrap_or("document").chars().filter(|c| !c.is_control()).take(120).collect();
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            size += chunk.len();
                            if bytes.len() <= DOCUMENT_MAX_BYTES {
                                bytes.extend_from_slice(&chunk);
                            }
                        }
                        Ok(None) => break,
                        Err(e) => return (note, Err(unreadable("appeal document", e))),
                    }
                }
            }
            _ => {}
        }
    }
    let checked_note = required_note(&note, REASON_MAX);
    let kind = check_document(size, &bytes);
    let (note_text, kind) = match (checked_note, kind) {
        (Ok(n), Ok(k)) => (n, k),
        (n, k) => {
            let mut problems = Vec::new();
            problems.extend(n.err().map(|p| FieldProblem::field("note", p)));
            problems.extend(k.err().map(|p| FieldProblem::field("document", p)));
            return (note, Err(AppError::Refused(problems)));
        }
    };
    let state = match state() {
        Ok(s) => s,
        Err(e) => return (note, Err(e)),
    };
    let document = StoredDocument { file: documents::new_name(kind), kind, name, bytes: Some(bytes) };
    let result = state.store.appeal(&user, &note_text, &document, chrono::Utc::now()).await;
    if result.is_ok() {
        leptos_axum::redirect("/company");
    }
    (note, result.map_err(AppError::from))
}

/// The answer form on the status page. A plain multipart form (the file travels in the same
/// post), so it behaves the same with and without JavaScript; problems come back by flash.
#[component]
pub fn AppealForm(left: u32, flash: Option<crate::flash::Flash>) -> impl IntoView {
    use crate::components::{ErrorSummary, FormState};
    use crate::i18n::*;
    use crate::text::problem_text;
    let i18n = use_i18n();
    let body = move || {
        let state = FormState::new();
        if let Some(f) = &flash {
            state.restore(f, &[]);
        }
        let note = flash.as_ref().and_then(|f| f.value("note")).unwrap_or_default();
        let problem = move |field: &'static str| move || state.server_problem(field).map(|p| problem_text(i18n.get_locale(), &p));
        let invalid = move |field: &'static str| move || state.server_problem(field).is_some().then_some("true");
        if left == 0 {
            return view! { <p class="notice">{t!(i18n, appeal.used_up)}</p> }.into_any();
        }
        view! {
                        <p class="muted">{move || crate::plural_text!(i18n.get_locale(), appeal.lead, left)}</p>
                        <ErrorSummary state/>
                        <form method="post" action="/api/appeal" enctype="multipart/form-data" class="form" novalidate>
                            <div class="field" class:field-invalid=move || state.server_problem("note").is_some()>
                                <label for="field-note">{t!(i18n, appeal.note)}</label>
                                <textarea id="field-note" name="note" rows="4" aria-invalid=invalid("note")
                                    aria-describedby=move || state.server_problem("note").map(|_| "field-note-error")>{note}</textarea>
                                <p class="field-error" id="field-note-error">{problem("note")}</p>
                            </div>
                            <div class="field" class:field-invalid=move || state.server_problem("document").is_some()>
                                <label for="field-document">{t!(i18n, appeal.document)}</label>
                                <p class="hint" id="field-document-hint">{t!(i18n, appeal.document_hint)}</p>
                                <input id="field-document" type="file" name="document" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                                    aria-invalid=invalid("document")
                                    aria-describedby=move || if state.server_problem("document").is_some() { "field-document-hint field-document-error" } else { "field-document-hint" }/>
                                <p class="field-error" id="field-document-error">{problem("document")}</p>
                            </div>
                            <div class="actions">
                                <button type="submit" class="button primary">{t!(i18n, appeal.submit)}</button>
                            </div>
                        </form>
                    }.into_any()
    };
    view! {
        <section class="card" aria-labelledby="appeal-heading">
            <h2 id="appeal-heading">{t!(i18n, appeal.title)}</h2>
            {body()}
        </section>
    }
}
