//! `AppState`: what every request handler and server function shares.

use crate::config::Config;
use crate::mail::{MailError, Mailer};
use crate::store::Store;
use partnerhub_domain::skills::{parse_catalogue, CompetencyLevel};
use partnerhub_domain::CodePolicy;
use std::sync::Arc;

/// The competency catalogue shipped with Partnerhub, used when `PARTNERHUB_CATALOGUE` is not set.
pub const BUNDLED_CATALOGUE: &str = include_str!("../catalogue/competencies.csv");

/// The largest catalogue file read.
const CATALOGUE_MAX_BYTES: u64 = 1024 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: Store,
    pub mailer: Mailer,
    pub code_policy: CodePolicy,
    /// The competency levels counted (L-9): the programme's catalogue or the bundled one.
    pub catalogue: Arc<Vec<CompetencyLevel>>,
}

impl AppState {
    /// Opens (creating and migrating) the database, loads demo data if asked, and sets up mail.
    pub async fn start(config: Config) -> Result<Self, StartError> {
        let catalogue = load_catalogue(config.catalogue.as_deref())?;
        std::fs::create_dir_all(&config.data_dir).map_err(|e| StartError(format!("cannot create {}: {e}", config.data_dir.display())))?;
        let store = Store::connect(&config.database_url).await.map_err(|e| StartError(format!("database {}: {e}", config.database_url)))?;
        let head_offices = store.ensure_head_offices(chrono::Utc::now()).await.map_err(|e| StartError(format!("head offices: {e}")))?;
        if head_offices > 0 {
            tracing::info!(companies = head_offices, "head-office locations created");
        }
        publish_agreements(&store).await?;
        if config.demo {
            let loaded = crate::demo::load_directory(&store).await.map_err(|e| StartError(format!("demo data: {e}")))?;
            if loaded > 0 {
                tracing::info!(companies = loaded, "demo company directory loaded");
            }
            let profiles = crate::demo::load_provider(&store).await.map_err(|e| StartError(format!("demo certifications: {e}")))?;
            if profiles > 0 {
                tracing::info!(profiles, "demo certification profiles loaded");
            }
        }
        let mailer = match &config.smtp_url {
            Some(url) => Mailer::smtp(url, &config.mail_from).map_err(|e: MailError| StartError(e.to_string()))?,
            None => Mailer::outbox(config.outbox_dir()),
        };
        Ok(Self { config: Arc::new(config), store, mailer, code_policy: CodePolicy::default(), catalogue: Arc::new(catalogue) })
    }
}

/// Keeps each agreement version this release publishes; a version whose text differs from the
/// one published before stops the start (a changed text needs a new version).
async fn publish_agreements(store: &Store) -> Result<(), StartError> {
    for published in partnerhub_domain::agreement::PUBLISHED {
        for (language, body) in published.texts() {
            let kept = store.publish_agreement(published.version, language, body, chrono::Utc::now()).await;
            match kept.map_err(|e| StartError(format!("agreement texts: {e}")))? {
                None => {}
                Some(on) => {
                    return Err(StartError(format!(
                        "the partner agreement {} ({language}) differs from the text published on {}; publish a changed text as a new version",
                        published.version,
                        on.date_naive()
                    )))
                }
            }
        }
    }
    Ok(())
}

/// Reads and checks the catalogue at `path` (the bundled one when none): a problem stops the
/// start, naming the file and the line.
pub fn load_catalogue(path: Option<&std::path::Path>) -> Result<Vec<CompetencyLevel>, StartError> {
    let Some(path) = path else {
        return parse_catalogue(BUNDLED_CATALOGUE).map_err(|e| StartError(format!("the bundled catalogue: {e}")));
    };
    let failed = |what: String| StartError(format!("PARTNERHUB_CATALOGUE {}: {what}", path.display()));
    let size = std::fs::metadata(path).map_err(|e| failed(e.to_string()))?.len();
    if size > CATALOGUE_MAX_BYTES {
        return Err(failed(format!("larger than {CATALOGUE_MAX_BYTES} bytes")));
    }
    let bytes = std::fs::read(path).map_err(|e| failed(e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| failed("not UTF-8 text".into()))?;
    parse_catalogue(&text).map_err(failed)
}

impl AppState {
    /// The certification provider (the built-in one, on Partnerhub's own tables).
    pub fn provider(&self) -> crate::provider::BuiltInProvider {
        crate::provider::BuiltInProvider { store: self.store.clone() }
    }
}

/// Why Partnerhub could not start, for the operator.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct StartError(pub String);
