//! The company's status page (E-9, E-10, E-11) and the primary contact's verification (E-8).

mod status;
mod verify_contact;

pub use status::*;
pub use verify_contact::*;
