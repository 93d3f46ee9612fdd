//! Problems and typed values that survive a redirect. With JavaScript a form shows a server
//! function's answer in place; without it the browser posts, is redirected back, and the page
//! reads the flash that the server function left in the session: the same problems and
//! everything the user typed (never a code or a password).

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Flash {
    /// The server function whose form this is about.
    pub form: String,
    /// `Ok` for a success worth telling (a code was resent), else the failure.
    pub outcome: Result<(), AppError>,
    /// The values typed, by input name.
    pub values: Vec<(String, String)>,
}

impl Flash {
    pub fn value(&self, name: &str) -> Option<String> {
        self.values.iter().find(|(n, _)| n == name).map(|(_, v)| v.clone())
    }
}

#[cfg(feature = "ssr")]
const FLASH_KEY: &str = "flash";

/// The most characters of one typed value the flash keeps: more than any field accepts (the
/// longest, a reason or note, takes 2,000), so the person sees what they typed with the
/// "too long" message, while an oversized post cannot fill the session store.
pub const FLASH_VALUE_MAX: usize = 2_100;

/// Runs a server function's body; for a plain form post, leaves the outcome and the typed
/// values for the page the browser is redirected back to.
#[cfg(feature = "ssr")]
pub async fn with_flash<T>(
    form: &str,
    values: Vec<(&str, String)>,
    keep_success: bool,
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    let result = body.await;
    if let Err(error) = &result {
        crate::server::set_error_status(error).await;
    }
    if (result.is_err() || keep_success) && crate::server::is_plain_form_post().await {
        let flash = Flash {
            form: form.to_owned(),
            outcome: result.as_ref().map(|_| ()).map_err(Clone::clone),
            values: values.into_iter().map(|(k, v)| (k.to_owned(), v.chars().take(FLASH_VALUE_MAX).collect())).collect(),
        };
        if let Ok(session) = crate::server::session().await {
            if let Err(e) = session.insert(FLASH_KEY, flash).await {
                tracing::warn!(error = %e, "flash not kept");
            }
        }
    }
    result
}

/// Takes the flash left for one of `forms` (comma-separated), if any.
#[server(endpoint = "take_flash")]
pub async fn take_flash(forms: String) -> Result<Option<Flash>, AppError> {
    let session = crate::server::session().await?;
    let flash: Option<Flash> = session.get(FLASH_KEY).await.unwrap_or(None);
    match flash {
        Some(flash) if forms.split(',').any(|f| f == flash.form) => {
            let _ = session.remove::<Flash>(FLASH_KEY).await;
            Ok(Some(flash))
        }
        _ => Ok(None),
    }
}
