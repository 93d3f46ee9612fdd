//! The company's status page (E-9, E-10, E-11), the primary contact's verification (E-8) and
//! the company's answer to a rejection or challenge (E-9).

mod appeal;
mod status;
mod verify_contact;

pub use appeal::*;
pub use status::*;
pub use verify_contact::*;
