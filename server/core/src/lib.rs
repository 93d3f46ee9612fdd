//! Partnerhub's server side without the web framework: configuration read once from the
//! environment, the shared state, the store (every SQL statement lives in `store`), mail, and
//! credentials (password hashing, codes, tokens). The web layer calls in; nothing here renders.

pub mod auth;
pub mod config;
pub mod credentials;
pub mod demo;
pub mod documents;
pub mod mail;
pub mod pdf;
pub mod provider;
pub mod state;
pub mod store;

pub use config::Config;
pub use mail::{Mail, Mailer};
pub use state::AppState;
pub use store::{Store, StoreError};
