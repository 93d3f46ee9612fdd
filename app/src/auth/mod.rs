//! Signing in and out (company users and reviewers), the sign-in throttle, and setting a
//! password by emailed link (forgot password).

mod current_user;
mod forgot_password;
#[cfg(feature = "ssr")]
mod mail;
mod new_password;
mod reset_password;
mod sign_in;
mod sign_out;

pub use current_user::*;
pub use forgot_password::*;
pub use new_password::*;
pub use reset_password::*;
pub use sign_in::*;
pub use sign_out::*;
