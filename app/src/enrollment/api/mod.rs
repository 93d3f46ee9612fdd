//! The enrollment's server functions, one per file. Each parses its input with the domain
//! crate, makes one store call (where the rule is checked again inside the transaction), and
//! maps the outcome; a plain form post gets its problems back through the flash.

mod complete;
mod get_enrollment;
mod lookup_duns;
mod resend_code;
mod save_account;
mod save_company;
mod save_contact;
mod start;
mod verify_code;

pub use complete::*;
pub use get_enrollment::*;
pub use lookup_duns::*;
pub use resend_code::*;
pub use save_account::*;
pub use save_company::*;
pub use save_contact::*;
pub use start::*;
pub use verify_code::*;
