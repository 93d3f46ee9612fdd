//! Sign-in for axum-login. Two kinds of people sign in on the same page with email and
//! password: company users and platform reviewers. The session remembers who (kind and id) and
//! their password hash, so a password change ends every other session, and a deleted user no
//! longer loads (their sessions end at once).

use crate::credentials::verify_password;
use crate::store::{ReviewerRecord, Store, StoreError, UserRecord};
use axum_login::{AuthUser, AuthnBackend, UserId};
use serde::{Deserialize, Serialize};

/// Someone signed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Principal {
    User(UserRecord),
    Reviewer(ReviewerRecord),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PrincipalId {
    User(i64),
    Reviewer(i64),
}

impl std::fmt::Display for PrincipalId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PrincipalId::User(id) => write!(f, "user {id}"),
            PrincipalId::Reviewer(id) => write!(f, "reviewer {id}"),
        }
    }
}

impl Principal {
    pub fn user(&self) -> Option<&UserRecord> {
        match self {
            Principal::User(u) => Some(u),
            Principal::Reviewer(_) => None,
        }
    }

    pub fn reviewer(&self) -> Option<&ReviewerRecord> {
        match self {
            Principal::Reviewer(r) => Some(r),
            Principal::User(_) => None,
        }
    }

    pub fn email(&self) -> &str {
        match self {
            Principal::User(u) => &u.email,
            Principal::Reviewer(r) => &r.email,
        }
    }

    pub fn full_name(&self) -> &str {
        match self {
            Principal::User(u) => &u.full_name,
            Principal::Reviewer(r) => &r.full_name,
        }
    }
}

impl AuthUser for Principal {
    type Id = PrincipalId;

    fn id(&self) -> PrincipalId {
        match self {
            Principal::User(u) => PrincipalId::User(u.id),
            Principal::Reviewer(r) => PrincipalId::Reviewer(r.id),
        }
    }

    fn session_auth_hash(&self) -> &[u8] {
        match self {
            Principal::User(u) => u.password_hash.as_bytes(),
            Principal::Reviewer(r) => r.password_hash.as_bytes(),
        }
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
pub struct AuthError(#[from] pub StoreError);

impl AuthnBackend for Backend {
    type User = Principal;
    type Credentials = Credentials;
    type Error = AuthError;

    /// Checks the password of a user or reviewer. Unknown addresses and invited users without
    /// a password check a dummy hash, so every failure takes about as long.
    async fn authenticate(&self, creds: Credentials) -> Result<Option<Principal>, AuthError> {
        let principal = match self.store.user_by_email(&creds.email).await? {
            Some(user) => Some(Principal::User(user)),
            None => self.store.reviewer_by_email(&creds.email).await?.map(Principal::Reviewer),
        };
        let stored = principal.as_ref().map(|p| String::from_utf8_lossy(p.session_auth_hash()).into_owned()).filter(|hash| !hash.is_empty());
        let ok = verify_password(creds.password, stored).await.map_err(StoreError::from)?;
        Ok(principal.filter(|_| ok))
    }

    async fn get_user(&self, id: &UserId<Self>) -> Result<Option<Principal>, AuthError> {
        Ok(match *id {
            PrincipalId::User(id) => self.store.user_by_id(id).await?.map(Principal::User),
            PrincipalId::Reviewer(id) => self.store.reviewer_by_id(id).await?.map(Principal::Reviewer),
        })
    }
}

pub type AuthSession = axum_login::AuthSession<Backend>;
