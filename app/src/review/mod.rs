//! Verification by platform reviewers (E-9): the queue, oldest first, and the decision on a
//! company; the Global admins are mailed the outcome.

mod decide;
#[cfg(feature = "ssr")]
mod mail;
mod queue;

pub use decide::*;
pub use queue::*;
