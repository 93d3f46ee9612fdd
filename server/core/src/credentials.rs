//! Secrets: argon2id password hashes, random verification codes and link tokens, and the
//! one-way hashes under which codes and tokens are stored.
//!
//! Every argon2 computation needs about 19 MiB of working memory. They run on a few threads of
//! their own ([`hashing_slots`], one per core), never on the async runtime nor on its blocking
//! pool, and each thread computes in one buffer of its own that it keeps for the next hash.
//! So however many sign-ins arrive at once, hashing holds `slots × 19 MiB` and no more (left
//! to the allocator, every fresh 19 MiB buffer stayed resident: 200 sign-ins grew the server
//! by 300–450 MiB even two at a time). Callers queue for a thread for at most [`HASHING_WAIT`].

use argon2::password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use partnerhub_domain::{PartnerId, Password, VerificationCode};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::cell::RefCell;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;
use tokio::sync::{oneshot, Semaphore};

/// How long a password check waits for a free hashing thread before the request is answered
/// "busy, try again".
pub const HASHING_WAIT: Duration = Duration::from_secs(10);

/// The largest working memory a stored hash may ask for (imported hashes carry their own
/// parameters): 64 MiB.
const MAX_BLOCKS: usize = 64 * 1024;

/// How many argon2 computations run at once: one per core, at least two.
pub fn hashing_slots() -> usize {
    std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(2)
}

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads and a permit per thread: a caller holds a permit while its job runs, so
/// jobs never wait in the channel behind others.
struct HashingPool {
    permits: Semaphore,
    jobs: Mutex<Sender<Job>>,
}

fn hashing_pool() -> &'static HashingPool {
    static POOL: OnceLock<HashingPool> = OnceLock::new();
    POOL.get_or_init(|| {
        let (jobs, queue) = channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..hashing_slots() {
            let queue: Arc<Mutex<Receiver<Job>>> = queue.clone();
            let worker = move || loop {
                let job = match queue.lock() {
                    Ok(q) => q.recv(),
                    Err(_) => return,
                };
                match job {
                    Ok(job) => job(),
                    Err(_) => return,
                }
            };
            if let Err(e) = std::thread::Builder::new().name(format!("partnerhub-hashing-{n}")).spawn(worker) {
                tracing::error!(error = %e, "a password hashing thread could not start");
            }
        }
        HashingPool { permits: Semaphore::new(hashing_slots()), jobs: Mutex::new(jobs) }
    })
}

/// No hashing thread became free within [`HASHING_WAIT`]: the server is saturated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("password hashing is saturated")]
pub struct Busy;

/// Runs `work` (argon2) on a hashing thread once one is free.
async fn with_hashing_slot<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, Busy> {
    let pool = hashing_pool();
    let permit = tokio::time::timeout(HASHING_WAIT, pool.permits.acquire()).await.map_err(|_| Busy)?.map_err(|_| Busy)?;
    let (done, result) = oneshot::channel();
    let job: Job = Box::new(move || {
        let _ = done.send(work());
    });
    pool.jobs.lock().map_err(|_| Busy)?.send(job).map_err(|_| Busy)?;
    let result = result.await.map_err(|_| {
        tracing::error!("a password hashing job was lost");
        Busy
    });
    drop(permit);
    result
}

thread_local! {
    /// This hashing thread's argon2 working memory, kept between computations.
    static WORKING_MEMORY: RefCell<Vec<Block>> = const { RefCell::new(Vec::new()) };
}

/// argon2 of `password` with `salt` into `out`, in this thread's working memory.
fn argon2_into(argon: &Argon2, password: &[u8], salt: &[u8], out: &mut [u8]) -> Result<(), argon2::Error> {
    let needed = argon.params().block_count();
    if needed > MAX_BLOCKS {
        return Err(argon2::Error::MemoryTooMuch);
    }
    WORKING_MEMORY.with(|memory| {
        let mut memory = memory.borrow_mut();
        if memory.len() < needed {
            memory.resize(needed, Block::default());
        }
        argon.hash_password_into_with_memory(password, salt, out, &mut memory[..needed])
    })
}

/// A new argon2id hash in the standard string form (`$argon2id$v=19$m=19456,t=2,p=1$…`).
fn new_hash(password: &[u8]) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_buffer = [0u8; 64];
    let salt_bytes = salt.as_salt().decode_b64(&mut salt_buffer)?;
    let argon = Argon2::default();
    let output =
        Output::init_with(Params::DEFAULT_OUTPUT_LEN, |out| argon2_into(&argon, password, salt_bytes, out).map_err(|_| argon2::password_hash::Error::Crypto))?;
    let hash = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(argon.params())?,
        salt: Some(salt.as_salt()),
        hash: Some(output),
    };
    Ok(hash.to_string())
}

/// Does `password` match the stored hash `stored` (with the parameters it names)?
fn matches(password: &[u8], stored: &str) -> Result<bool, argon2::password_hash::Error> {
    use argon2::password_hash::Error;
    let parsed = PasswordHash::new(stored)?;
    let algorithm = Algorithm::try_from(parsed.algorithm)?;
    let version = parsed.version.map(Version::try_from).transpose().map_err(|_| Error::Version)?.unwrap_or_default();
    let params = Params::try_from(&parsed)?;
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return Err(Error::PhcStringField) };
    let mut salt_buffer = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_buffer)?;
    let argon = Argon2::new(algorithm, version, params);
    let computed = Output::init_with(expected.len(), |out| argon2_into(&argon, password, salt_bytes, out).map_err(|_| Error::Crypto))?;
    // `Output` compares in constant time.
    Ok(computed == expected)
}

/// Hashes a password with argon2id.
pub async fn hash_password(password: Password) -> Result<String, Busy> {
    with_hashing_slot(move || new_hash(password.expose().as_bytes())).await?.map_err(|e| {
        tracing::error!(error = %e, "password hashing failed");
        Busy
    })
}

/// Verifies a password. With no stored hash (unknown user), a dummy hash is checked so that
/// both answers take about as long.
pub async fn verify_password(password: String, stored: Option<String>) -> Result<bool, Busy> {
    with_hashing_slot(move || {
        let known = stored.is_some();
        let hash = stored.unwrap_or_else(|| dummy_hash().to_owned());
        let ok = matches(password.as_bytes(), &hash).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "a stored password hash could not be checked");
            false
        });
        known && ok
    })
    .await
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| new_hash(b"partnerhub timing equaliser").unwrap_or_default())
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
        let hash = hash_password(Password::parse("correct horse battery").unwrap()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert_eq!(verify_password("correct horse battery".into(), Some(hash.clone())).await, Ok(true));
        assert_eq!(verify_password("wrong horse battery".into(), Some(hash)).await, Ok(false));
        assert_eq!(verify_password("correct horse battery".into(), None).await, Ok(false));
    }

    #[test]
    fn hashes_agree_with_the_standard_argon2_api_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let salt = SaltString::generate(&mut OsRng);
        let standard = Argon2::default().hash_password(b"demo certification", &salt).unwrap().to_string();
        assert_eq!(matches(b"demo certification", &standard), Ok(true));
        assert_eq!(matches(b"demo certificatioN", &standard), Ok(false));
        let ours = new_hash(b"correct horse battery").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse battery", &parsed).is_ok());
        assert!(matches(b"x", "not a hash").is_err());
    }

    #[test]
    fn codes_are_six_digits_and_hashes_depend_on_their_context() {
        assert_eq!(new_code().as_str().len(), 6);
        assert_ne!(secret_hash("a", "123456"), secret_hash("b", "123456"));
        assert_eq!(new_token().len(), 32);
    }
}
