//! "My profile" (L-1 … L-6): a person's own certification profile and Partner University
//! access, and their link to the company. Only the person acts here: every server function works
//! on the signed-in user and takes no one else's id.

mod associate;
#[cfg(feature = "ssr")]
mod mail;
mod page;
mod remove_access;
mod university;
mod view;

pub use associate::*;
#[cfg(feature = "ssr")]
pub use mail::*;
pub use page::MyProfilePage;
pub use remove_access::*;
pub use university::*;
pub use view::*;
