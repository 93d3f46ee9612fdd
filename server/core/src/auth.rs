//! Sign-in for axum-login: company users authenticate with their work email and password.
//! The session remembers the user's id and their password hash, so a password change ends
//! every other session.

use crate::credentials::verify_password;
use crate::store::{Store, StoreError, UserRecord};
use axum_login::{AuthUser, AuthnBackend, UserId};

impl AuthUser for UserRecord {
    type Id = i64;

    fn id(&self) -> i64 {
        self.id
    }

    fn session_auth_hash(&self) -> &[u8] {
        self.password_hash.as_bytes()
    }
}

#[derive(Clone, Debug)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

#[derive(Clone)]
pub struct Backend {
    store: Store,
}

impl Backend {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct AuthError(#[from] StoreError);

impl AuthnBackend for Backend {
    type User = UserRecord;
    type Credentials = Credentials;
    type Error = AuthError;

    async fn authenticate(&self, creds: Credentials) -> Result<Option<UserRecord>, AuthError> {
        let user = self.store.user_by_email(&creds.email).await?;
        let stored = user.as_ref().map(|u| u.password_hash.clone());
        let ok = verify_password(creds.password, stored).await;
        Ok(user.filter(|_| ok))
    }

    async fn get_user(&self, user_id: &UserId<Self>) -> Result<Option<UserRecord>, AuthError> {
        Ok(self.store.user_by_id(*user_id).await?)
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;
