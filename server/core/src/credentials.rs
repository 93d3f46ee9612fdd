//! Secrets: argon2id password hashes (computed off the async runtime), random verification
//! codes and link tokens, and the one-way hashes under which codes and tokens are stored.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use partnerhub_domain::{Password, PartnerId, VerificationCode};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::sync::OnceLock;

/// Hashes a password with argon2id on a blocking thread.
pub async fn hash_password(password: Password) -> String {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose().as_bytes(), &salt)
            .expect("argon2 accepts any password of valid length")
            .to_string()
    })
    .await
    .expect("hashing task does not panic")
}

/// Verifies a password on a blocking thread. With no stored hash (unknown user), a dummy hash is
/// checked so that both answers take about as long.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let ok = PasswordHash::new(&hash)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false);
        known && ok
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(b"partnerhub timing equaliser", &salt)
            .expect("argon2 hashes a constant")
            .to_string()
    })
}

/// A fresh 6-digit code from the operating system's CSPRNG (E-4).
pub fn new_code() -> VerificationCode {
    VerificationCode::from_number(rand::rngs::OsRng.next_u32() % 1_000_000)
}

/// A random 128-bit token, hex-encoded, for links and ids.
pub fn new_token() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A random partner ID candidate (the store retries on a collision).
pub fn new_partner_id() -> PartnerId {
    PartnerId::from_random(rand::rngs::OsRng.next_u32())
}

/// The stored form of a code or token: SHA-256 over a context and the secret.
pub fn secret_hash(context: &str, secret: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(context.as_bytes());
    hasher.update([0u8]);
    hasher.update(secret.as_bytes());
    hex::encode(hasher.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hashed_password_verifies_and_a_wrong_one_does_not() {
        let hash = hash_password(Password::parse("correct horse battery").unwrap()).await;
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse battery".into(), Some(hash.clone())).await);
        assert!(!verify_password("wrong horse battery".into(), Some(hash)).await);
        assert!(!verify_password("correct horse battery".into(), None).await);
    }

    #[test]
    fn codes_are_six_digits_and_hashes_depend_on_their_context() {
        assert_eq!(new_code().as_str().len(), 6);
        assert_ne!(secret_hash("a", "123456"), secret_hash("b", "123456"));
        assert_eq!(new_token().len(), 32);
    }
}
