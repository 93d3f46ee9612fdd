//! What can be wrong with an input or a request, as data. The UI owns the wording (locale
//! files); this crate only says which problem it is and with what values.

use serde::{Deserialize, Serialize};

/// One reason an input or a step is refused. Variants carry the values a message needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    /// Nothing was entered.
    Required,
    /// Longer than the field allows.
    TooLong { max: usize },
    /// Shorter than the field needs.
    TooShort { min: usize },
    /// Not an email address at all.
    EmailSyntax,
    /// The domain has no dot (`name@localhost`).
    EmailDomainNoDot,
    /// A role mailbox such as `info@`; `word` is the denied word found.
    EmailRoleMailbox { word: String },
    /// A free-mail domain such as gmail.com.
    EmailPersonalDomain { domain: String },
    /// The address already belongs to an account: sign in instead (E-5).
    EmailHasAccount,
    /// A verification code is 6 digits.
    CodeFormat,
    /// Wrong code; `remaining` attempts are left for this code.
    CodeWrong { remaining: u32 },
    /// The code is older than its validity.
    CodeExpired,
    /// The code was used already.
    CodeUsed,
    /// Too many wrong attempts: a new code is needed.
    CodeTooManyAttempts,
    /// A new code can be sent from `retry_at` (RFC 3339, UTC).
    ResendTooSoon { retry_at: String },
    /// The hourly limit of codes for this address is reached until `retry_at`.
    ResendHourlyLimit { retry_at: String },
    /// A name needs at least one letter.
    NameNeedsLetter,
    /// DUNS numbers have 9 digits.
    DunsFormat,
    /// No company with that DUNS number is in the directory.
    DunsNotFound,
    /// The legal name is only a legal form (`BV`, `LLC`, …).
    LegalNameOnlyLegalForm,
    /// One character three times in a row and nothing else (`999`).
    LegalNameRepeated,
    /// Not a country of ISO 3166-1.
    CountryUnknown,
    /// The postal code does not fit the country's format; `example` shows one that does.
    PostalCodeFormat { example: String },
    /// A P.O. box is not a legal address.
    PoBoxNotAllowed,
    /// The company is enrolled already (same DUNS number, or same name in the same country).
    CompanyDuplicate,
    /// The enroller must confirm their authority to sign.
    AuthorityRequired,
    /// The partner agreement must be accepted.
    AgreementRequired,
    /// The agreement version shown is no longer the current one.
    AgreementOutdated,
    /// The company has accepted the current agreement version already.
    AgreementAlreadyAccepted,
    /// An agreement version that is neither current nor one the company accepted.
    AgreementVersionUnknown,
    /// An address's query could not be read (a field given twice, a value of the wrong kind).
    QueryUnreadable,
    /// The passwords typed twice differ.
    PasswordMismatch,
    /// Email or password is wrong (never says which).
    SignInFailed,
    /// The enrollment session is gone or finished; start again.
    EnrollmentMissing,
    /// A step was opened before the steps it depends on.
    EnrollmentStepOutOfOrder,
    /// The verification link is unknown, used or expired.
    LinkInvalid,
    /// The emailed link was used already.
    LinkUsed,
    /// The emailed link is past its validity.
    LinkExpired,
    /// Too many failed sign-ins; try again from `retry_at` (RFC 3339, UTC).
    SignInThrottled { retry_at: String },
    /// Not a role Partnerhub knows.
    RoleUnknown,
    /// The signed-in user's roles do not allow this.
    NotAllowed,
    /// E-10: the company is not Authorized yet.
    CompanyNotAuthorized,
    /// The company would be left without a Global admin.
    LastGlobalAdmin,
    /// Users cannot delete themselves.
    CannotDeleteSelf,
    /// No such user (or invitation) in the caller's company.
    UserNotFound,
    /// The invitation was accepted already.
    InvitationAccepted,
    /// A reviewer's decision is one of authorize, reject, challenge.
    DecisionUnknown,
    /// The company is not (or no longer) in review.
    NotInReview,
    /// The company has no rejection or challenge to answer.
    NothingToAnswer,
    /// The company has answered `max` times already.
    AppealsUsedUp { max: u32 },
    /// The document is larger than `max_mb` MB.
    FileTooLarge { max_mb: u32 },
    /// The document is not a PDF, PNG or JPEG (by its content).
    FileType,
    /// L-5: 30 days must pass between associations; the next from `next_at` (RFC 3339).
    LinkCooldown { next_at: String },
    /// L-5: 3 associations a year; the next from `next_at` (RFC 3339).
    LinkYearlyLimit { next_at: String },
    /// The certification profile is linked to this company by this user already.
    AlreadyLinked,
    /// There is no link (or Partner University access) to end.
    NotLinked,
    /// The certification or Partner University credentials are wrong (never says which part).
    ProviderCredentialsWrong,
    /// That Partner University account is another user's.
    UniversityTaken,
    /// The Partner University credentials open no certification profile.
    NoSharedProfile,
    /// The text holds characters that cannot be shown or stored safely: control characters
    /// (NUL, line breaks in a one-line field, …) or bidirectional overrides.
    InvalidCharacters,
    /// Partnerhub is busy checking other passwords; try again in a few seconds.
    Busy,
    /// A date is not a calendar date written `YYYY-MM-DD`.
    DateFormat,
    /// The end of a date range is before its start.
    DateRangeReversed,
    /// A value that is not one of the choices offered.
    ChoiceUnknown,
    /// Too many wrong certification or Partner University passwords; try again from
    /// `retry_at` (RFC 3339, UTC).
    CredentialsThrottled { retry_at: String },
    /// Too many mails of this kind were sent lately; more can be sent from `retry_at`.
    MailLimit { retry_at: String },
    /// The primary contact confirmed already: there is no link to send again.
    ContactConfirmed,
}

/// A problem tied to one input, by the input's `name`; `field: None` is about the whole form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldProblem {
    pub field: Option<String>,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn field(name: &str, problem: Problem) -> Self {
        Self { field: Some(name.to_owned()), problem }
    }

    pub fn form(problem: Problem) -> Self {
        Self { field: None, problem }
    }
}

/// Checks a one-line free text field: trims it, refuses empty and over-long values and
/// characters that do not belong in a line of text ([`line_character_allowed`]).
pub fn required_text(value: &str, max: usize) -> Result<String, Problem> {
    let trimmed = optional_text(value, max)?;
    if trimmed.is_empty() {
        return Err(Problem::Required);
    }
    Ok(trimmed)
}

/// The same as [`required_text`] for a field that may stay empty.
pub fn optional_text(value: &str, max: usize) -> Result<String, Problem> {
    let trimmed = value.trim();
    if trimmed.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    if !trimmed.chars().all(line_character_allowed) {
        return Err(Problem::InvalidCharacters);
    }
    Ok(trimmed.to_owned())
}

/// Checks a multi-line text (a note, a reason): like [`required_text`], but line breaks and
/// tabs are kept; Windows line breaks become `\n`.
pub fn required_note(value: &str, max: usize) -> Result<String, Problem> {
    let text = value.trim().replace("\r\n", "\n");
    if text.is_empty() {
        return Err(Problem::Required);
    }
    if text.chars().count() > max {
        return Err(Problem::TooLong { max });
    }
    if !text.chars().all(|c| matches!(c, '\n' | '\t') || line_character_allowed(c)) {
        return Err(Problem::InvalidCharacters);
    }
    Ok(text)
}

/// May `c` appear in a line of text? Not a control character (NUL, CR, LF, DEL, C1) and not a
/// bidirectional embedding, override or isolate, which can make a name read differently from
/// what is stored. Marks that only set direction (LRM, RLM) are allowed.
pub fn line_character_allowed(c: char) -> bool {
    !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_and_bidirectional_overrides_are_refused_in_a_line() {
        for bad in ["Contoso\0", "line\nbreak", "carriage\rreturn", "evil\u{202E}cod.exe", "x\u{2066}y", "del\u{7f}"] {
            assert_eq!(required_text(bad, 100), Err(Problem::InvalidCharacters), "{bad:?}");
        }
        assert_eq!(required_text("  Łódź Sp. z o.o. ", 100), Ok("Łódź Sp. z o.o.".into()));
        assert_eq!(required_text("   ", 100), Err(Problem::Required));
        assert_eq!(optional_text("", 100), Ok(String::new()));
    }

    #[test]
    fn notes_keep_their_line_breaks_but_refuse_other_controls() {
        assert_eq!(required_note("First line\r\nSecond\tline\n", 100), Ok("First line\nSecond\tline".into()));
        assert_eq!(required_note("a\0b", 100), Err(Problem::InvalidCharacters));
        assert_eq!(required_note("a\u{202E}b", 100), Err(Problem::InvalidCharacters));
    }
}
