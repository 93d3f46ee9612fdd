//! The partner profile (E-9 … E-12): status and timeline, legal details and their correction,
//! locations, the partner agreement; the primary contact's verification (E-8) and the answer to
//! a rejection or challenge (E-9). All pages share the left menu of `frame`.

mod agreement;
mod appeal;
mod details;
mod frame;
mod locations;
#[cfg(feature = "ssr")]
mod mail;
mod resend_contact;
mod status;
mod verify_contact;

pub use agreement::*;
pub use appeal::*;
pub use details::*;
pub use frame::CompanyFrame;
pub use locations::*;
pub use resend_contact::*;
pub use status::*;
pub use verify_contact::*;
