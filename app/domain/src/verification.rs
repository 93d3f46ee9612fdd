//! E-9: a company's verification status, a reviewer's decision and the company's answer
//! (appeal). Which decision is possible from which status, the reason a decision needs, how
//! many appeals a company has, and which documents it may send.

use crate::problem::{required_note, Problem};
use serde::{Deserialize, Serialize};

/// The verification status (E-9), plus the state before the primary contact verifies (E-8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    AwaitingContact,
    Pending,
    Authorized,
    Rejected,
    Challenged,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::AwaitingContact => "awaiting_contact",
            Status::Pending => "pending",
            Status::Authorized => "authorized",
            Status::Rejected => "rejected",
            Status::Challenged => "challenged",
        }
    }

    pub fn parse(value: &str) -> Option<Status> {
        [Status::AwaitingContact, Status::Pending, Status::Authorized, Status::Rejected, Status::Challenged].into_iter().find(|s| s.as_str() == value)
    }
}

/// The longest reason or appeal note.
pub const REASON_MAX: usize = 2000;
/// E-9: a company answers a rejection or challenge at most this many times.
pub const MAX_APPEALS: u32 = 3;
/// The largest document an appeal may carry.
pub const DOCUMENT_MAX_BYTES: usize = 5 * 1024 * 1024;

/// What a reviewer decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    Authorize,
    Reject,
    Challenge,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Authorize => "authorize",
            Decision::Reject => "reject",
            Decision::Challenge => "challenge",
        }
    }

    pub fn parse(value: &str) -> Result<Decision, Problem> {
        match value.trim() {
            "authorize" => Ok(Decision::Authorize),
            "reject" => Ok(Decision::Reject),
            "challenge" => Ok(Decision::Challenge),
            "" => Err(Problem::Required),
            _ => Err(Problem::DecisionUnknown),
        }
    }

    /// The status a company has after this decision.
    pub fn outcome(self) -> Status {
        match self {
            Decision::Authorize => Status::Authorized,
            Decision::Reject => Status::Rejected,
            Decision::Challenge => Status::Challenged,
        }
    }
}

/// The reason given with a decision: required to reject or challenge, optional to authorize.
pub fn decision_reason(decision: Decision, reason: &str) -> Result<Option<String>, Problem> {
    match (decision, reason.trim().is_empty()) {
        (Decision::Authorize, true) => Ok(None),
        _ => required_note(reason, REASON_MAX).map(Some),
    }
}

/// Only a company in review can be decided on (a decision made meanwhile by another reviewer
/// is not overwritten).
pub fn can_decide(status: Status) -> Result<(), Problem> {
    if status == Status::Pending {
        Ok(())
    } else {
        Err(Problem::NotInReview)
    }
}

/// A rejected or challenged company may answer, `MAX_APPEALS` times in all.
pub fn can_appeal(status: Status, appeals_so_far: u32) -> Result<(), Problem> {
    if !matches!(status, Status::Rejected | Status::Challenged) {
        return Err(Problem::NothingToAnswer);
    }
    if appeals_so_far >= MAX_APPEALS {
        return Err(Problem::AppealsUsedUp { max: MAX_APPEALS });
    }
    Ok(())
}

/// The kinds of document an appeal accepts, told by their content, never by their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DocumentKind {
    Pdf,
    Png,
    Jpeg,
}

impl DocumentKind {
    pub fn media_type(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "application/pdf",
            DocumentKind::Png => "image/png",
            DocumentKind::Jpeg => "image/jpeg",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "pdf",
            DocumentKind::Png => "png",
            DocumentKind::Jpeg => "jpg",
        }
    }

    pub fn parse(value: &str) -> Option<DocumentKind> {
        [DocumentKind::Pdf, DocumentKind::Png, DocumentKind::Jpeg].into_iter().find(|k| k.media_type() == value)
    }
}

/// The kind of a document from its first bytes, or why it is refused. `size` is the whole
/// size in bytes (the caller may stop reading past the limit).
pub fn check_document(size: usize, head: &[u8]) -> Result<DocumentKind, Problem> {
    if size == 0 {
        return Err(Problem::Required);
    }
    if size > DOCUMENT_MAX_BYTES {
        return Err(Problem::FileTooLarge { max_mb: (DOCUMENT_MAX_BYTES / (1024 * 1024)) as u32 });
    }
    if head.starts_with(b"%PDF-") {
        Ok(DocumentKind::Pdf)
    } else if head.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Ok(DocumentKind::Png)
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Ok(DocumentKind::Jpeg)
    } else {
        Err(Problem::FileType)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejecting_or_challenging_needs_a_reason_and_authorizing_does_not() {
        assert_eq!(decision_reason(Decision::Authorize, "  "), Ok(None));
        assert_eq!(decision_reason(Decision::Reject, ""), Err(Problem::Required));
        assert_eq!(decision_reason(Decision::Challenge, " Send a chamber of commerce extract "), Ok(Some("Send a chamber of commerce extract".into())));
        assert_eq!(Decision::parse("approve"), Err(Problem::DecisionUnknown));
    }

    #[test]
    fn only_a_company_in_review_is_decided_and_only_a_refused_one_answers_three_times() {
        assert_eq!(can_decide(Status::Pending), Ok(()));
        assert_eq!(can_decide(Status::Authorized), Err(Problem::NotInReview));
        assert_eq!(can_appeal(Status::Rejected, 0), Ok(()));
        assert_eq!(can_appeal(Status::Challenged, 2), Ok(()));
        assert_eq!(can_appeal(Status::Challenged, 3), Err(Problem::AppealsUsedUp { max: 3 }));
        assert_eq!(can_appeal(Status::Pending, 0), Err(Problem::NothingToAnswer));
    }

    #[test]
    fn documents_are_told_by_their_content_and_their_size_is_capped() {
        assert_eq!(check_document(10, b"%PDF-1.7\n"), Ok(DocumentKind::Pdf));
        assert_eq!(check_document(10, &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]), Ok(DocumentKind::Png));
        assert_eq!(check_document(10, &[0xFF, 0xD8, 0xFF, 0xE0]), Ok(DocumentKind::Jpeg));
        assert_eq!(check_document(10, b"MZ\x90\0 not a pdf"), Err(Problem::FileType));
        assert_eq!(check_document(DOCUMENT_MAX_BYTES, b"%PDF-"), Ok(DocumentKind::Pdf));
        assert_eq!(check_document(DOCUMENT_MAX_BYTES + 1, b"%PDF-"), Err(Problem::FileTooLarge { max_mb: 5 }));
        assert_eq!(check_document(0, b""), Err(Problem::Required));
    }
}
