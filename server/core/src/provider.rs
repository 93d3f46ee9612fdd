//! The certification provider: where certification profiles (with their certifications) and
//! Partner University accounts (with their assessments) live, and where their credentials are
//! checked. Partnerhub ships a built-in provider on its own tables, filled from the demo seed
//! files or `partnerhub import-certifications`; a real provider implements the same trait.

use crate::credentials::verify_password;
pub use crate::store::{Assessment, CertProfile, Certification};
use crate::store::{Store, StoreResult};

/// What Partnerhub asks of a certification provider.
pub trait CertificationProvider {
    /// The profile these credentials open, if they are right (never says which part is wrong).
    fn profile_by_credentials(&self, email: &str, password: &str) -> impl std::future::Future<Output = StoreResult<Option<CertProfile>>> + Send;
    /// The Partner University account these credentials open, if they are right.
    fn university_by_credentials(&self, email: &str, password: &str) -> impl std::future::Future<Output = StoreResult<Option<CertProfile>>> + Send;
    fn certifications(&self, mcid: &str) -> impl std::future::Future<Output = StoreResult<Vec<Certification>>> + Send;
    fn assessments(&self, email: &str) -> impl std::future::Future<Output = StoreResult<Vec<Assessment>>> + Send;
}

/// The built-in provider, on Partnerhub's own tables.
#[derive(Clone)]
pub struct BuiltInProvider {
    pub store: Store,
}

impl CertificationProvider for BuiltInProvider {
    async fn profile_by_credentials(&self, email: &str, password: &str) -> StoreResult<Option<CertProfile>> {
        let found = self.store.cert_profile_by_email(email).await?;
        let ok = verify_password(password.to_owned(), found.as_ref().map(|f| f.1.clone())).await?;
        Ok(found.filter(|_| ok).map(|f| f.0))
    }

    async fn university_by_credentials(&self, email: &str, password: &str) -> StoreResult<Option<CertProfile>> {
        let found = self.store.university_account_by_email(email).await?;
        let ok = verify_password(password.to_owned(), found.as_ref().map(|f| f.1.clone())).await?;
        Ok(found.filter(|_| ok).map(|f| f.0))
    }

    async fn certifications(&self, mcid: &str) -> StoreResult<Vec<Certification>> {
        self.store.certifications(mcid).await
    }

    async fn assessments(&self, email: &str) -> StoreResult<Vec<Assessment>> {
        self.store.assessments(email).await
    }
}
