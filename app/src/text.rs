//! Words for things the domain only names: problems, statuses, dates. Every string comes from
//! the locale files; this module picks the key and fills in the values.

use crate::i18n::*;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use partnerhub_domain::Problem;

/// The message for a problem, in `locale`.
pub fn problem_text(locale: Locale, problem: &Problem) -> String {
    use Problem::*;
    match problem {
        Required => td_string!(locale, errors.required).to_string(),
        TooLong { max } => td_string!(locale, errors.too_long, max = *max).to_string(),
        TooShort { min } => td_string!(locale, errors.too_short, min = *min).to_string(),
        EmailSyntax => td_string!(locale, errors.email_syntax).to_string(),
        EmailDomainNoDot => td_string!(locale, errors.email_domain_no_dot).to_string(),
        EmailRoleMailbox { word } => td_string!(locale, errors.email_role_mailbox, word = word.clone()).to_string(),
        EmailPersonalDomain { domain } => td_string!(locale, errors.email_personal_domain, domain = domain.clone()).to_string(),
        EmailHasAccount => td_string!(locale, errors.email_has_account).to_string(),
        CodeFormat => td_string!(locale, errors.code_format).to_string(),
        CodeWrong { remaining } => td_string!(locale, errors.code_wrong, remaining = *remaining).to_string(),
        CodeExpired => td_string!(locale, errors.code_expired).to_string(),
        CodeUsed => td_string!(locale, errors.code_used).to_string(),
        CodeTooManyAttempts => td_string!(locale, errors.code_too_many).to_string(),
        ResendTooSoon { retry_at } => td_string!(locale, errors.resend_too_soon, time = time_text(retry_at)).to_string(),
        ResendHourlyLimit { retry_at } => td_string!(locale, errors.resend_hourly, time = time_text(retry_at)).to_string(),
        NameNeedsLetter => td_string!(locale, errors.name_needs_letter).to_string(),
        DunsFormat => td_string!(locale, errors.duns_format).to_string(),
        DunsNotFound => td_string!(locale, errors.duns_not_found).to_string(),
        LegalNameOnlyLegalForm => td_string!(locale, errors.legal_name_only_form).to_string(),
        LegalNameRepeated => td_string!(locale, errors.legal_name_repeated).to_string(),
        CountryUnknown => td_string!(locale, errors.country_unknown).to_string(),
        PostalCodeFormat { example } if example.is_empty() => td_string!(locale, errors.postal_code_any).to_string(),
        PostalCodeFormat { example } => td_string!(locale, errors.postal_code_format, example = example.clone()).to_string(),
        PoBoxNotAllowed => td_string!(locale, errors.po_box).to_string(),
        CompanyDuplicate => td_string!(locale, errors.company_duplicate).to_string(),
        AuthorityRequired => td_string!(locale, errors.authority_required).to_string(),
        AgreementRequired => td_string!(locale, errors.agreement_required).to_string(),
        AgreementOutdated => td_string!(locale, errors.agreement_outdated).to_string(),
        PasswordMismatch => td_string!(locale, errors.password_mismatch).to_string(),
        SignInFailed => td_string!(locale, errors.sign_in_failed).to_string(),
        EnrollmentMissing => td_string!(locale, errors.enrollment_missing).to_string(),
        EnrollmentStepOutOfOrder => td_string!(locale, errors.step_out_of_order).to_string(),
        LinkInvalid => td_string!(locale, errors.link_invalid).to_string(),
        LinkUsed => td_string!(locale, errors.link_used).to_string(),
        LinkExpired => td_string!(locale, errors.link_expired).to_string(),
        SignInThrottled { retry_at } => td_string!(locale, errors.sign_in_throttled, time = time_text(retry_at)).to_string(),
        RoleUnknown => td_string!(locale, errors.role_unknown).to_string(),
        NotAllowed => td_string!(locale, errors.forbidden).to_string(),
        CompanyNotAuthorized => td_string!(locale, errors.company_not_authorized).to_string(),
        LastGlobalAdmin => td_string!(locale, errors.last_global_admin).to_string(),
        CannotDeleteSelf => td_string!(locale, errors.cannot_delete_self).to_string(),
        UserNotFound => td_string!(locale, errors.user_not_found).to_string(),
        InvitationAccepted => td_string!(locale, errors.invitation_accepted).to_string(),
        DecisionUnknown => td_string!(locale, errors.decision_unknown).to_string(),
        NotInReview => td_string!(locale, errors.not_in_review).to_string(),
        NothingToAnswer => td_string!(locale, errors.nothing_to_answer).to_string(),
        AppealsUsedUp { max } => td_string!(locale, errors.appeals_used_up, max = *max).to_string(),
        FileTooLarge { max_mb } => td_string!(locale, errors.file_too_large, max = *max_mb).to_string(),
        FileType => td_string!(locale, errors.file_type).to_string(),
        LinkCooldown { next_at } => td_string!(locale, errors.link_cooldown, date = instant_date_text(locale, next_at)).to_string(),
        LinkYearlyLimit { next_at } => td_string!(locale, errors.link_yearly_limit, date = instant_date_text(locale, next_at)).to_string(),
        AlreadyLinked => td_string!(locale, errors.already_linked).to_string(),
        NotLinked => td_string!(locale, errors.not_linked).to_string(),
        ProviderCredentialsWrong => td_string!(locale, errors.provider_credentials).to_string(),
        UniversityTaken => td_string!(locale, errors.university_taken).to_string(),
        NoSharedProfile => td_string!(locale, errors.no_shared_profile).to_string(),
        InvalidCharacters => td_string!(locale, errors.invalid_characters).to_string(),
        Busy => td_string!(locale, errors.busy).to_string(),
        CredentialsThrottled { retry_at } => td_string!(locale, errors.credentials_throttled, time = time_text(retry_at)).to_string(),
        ContactConfirmed => td_string!(locale, errors.contact_confirmed).to_string(),
        MailLimit { retry_at } => td_string!(locale, errors.mail_limit, time = time_text(retry_at)).to_string(),
    }
}

/// A role's name; `None` is the plain *User* role every company user has.
pub fn role_text(locale: Locale, role: Option<partnerhub_domain::Role>) -> String {
    use partnerhub_domain::Role::*;
    match role {
        Some(GlobalAdmin) => td_string!(locale, roles.global_admin),
        Some(AccountAdmin) => td_string!(locale, roles.account_admin),
        Some(PartnerAdmin) => td_string!(locale, roles.partner_admin),
        None => td_string!(locale, roles.user),
    }
    .to_string()
}

/// What an audit record's action means, in `locale` (the stored name when unknown).
pub fn audit_action_text(locale: Locale, action: &str) -> String {
    match action {
        "company_enrolled" => td_string!(locale, audit.company_enrolled),
        "agreement_accepted" => td_string!(locale, audit.agreement_accepted),
        "company_authorized" => td_string!(locale, audit.company_authorized),
        "company_rejected" => td_string!(locale, audit.company_rejected),
        "company_challenged" => td_string!(locale, audit.company_challenged),
        "company_appealed" => td_string!(locale, audit.company_appealed),
        "user_invited" => td_string!(locale, audit.user_invited),
        "invitation_resent" => td_string!(locale, audit.invitation_resent),
        "invitation_corrected" => td_string!(locale, audit.invitation_corrected),
        "invitation_accepted" => td_string!(locale, audit.invitation_accepted),
        "roles_changed" => td_string!(locale, audit.roles_changed),
        "user_deleted" => td_string!(locale, audit.user_deleted),
        "password_reset" => td_string!(locale, audit.password_reset),
        "sign_in_failures" => td_string!(locale, audit.sign_in_failures),
        "details_corrected" => td_string!(locale, audit.details_corrected),
        "location_added" => td_string!(locale, audit.location_added),
        "contact_changed" => td_string!(locale, audit.contact_changed),
        "profile_linked" => td_string!(locale, audit.profile_linked),
        "removed_from_report" => td_string!(locale, audit.removed_from_report),
        "profile_unlinked" => td_string!(locale, audit.profile_unlinked),
        "link_moved" => td_string!(locale, audit.link_moved),
        "university_linked" => td_string!(locale, audit.university_linked),
        "university_removed" => td_string!(locale, audit.university_removed),
        other => return other.to_owned(),
    }
    .to_string()
}

/// The message for a failure that is not a refusal.
pub fn failure_text(locale: Locale, error: &crate::error::AppError) -> String {
    use crate::error::AppError::*;
    match error {
        Refused(problems) => problems.first().map(|p| problem_text(locale, &p.problem)).unwrap_or_default(),
        SignInRequired => td_string!(locale, errors.sign_in_required).to_string(),
        Forbidden => td_string!(locale, errors.forbidden).to_string(),
        Internal => td_string!(locale, errors.internal).to_string(),
        Network => td_string!(locale, errors.network).to_string(),
    }
}

/// The skills CSV's header row, in `locale`.
pub fn skills_csv_header(locale: Locale) -> Vec<String> {
    [
        td_string!(locale, csv.name),
        td_string!(locale, csv.email),
        td_string!(locale, csv.mcid),
        td_string!(locale, csv.linked_since),
        td_string!(locale, csv.kind),
        td_string!(locale, csv.code),
        td_string!(locale, csv.title),
        td_string!(locale, csv.passed_on),
        td_string!(locale, csv.expires_on),
        td_string!(locale, csv.score),
    ]
    .into_iter()
    .map(|s| s.to_string())
    .collect()
}

/// What a line of the skills report is (`certification`, `assessment`, or nothing), in `locale`.
pub fn skill_kind_text(locale: Locale, kind: &str) -> String {
    match kind {
        "certification" => td_string!(locale, csv.certification).to_string(),
        "assessment" => td_string!(locale, csv.assessment).to_string(),
        _ => String::new(),
    }
}

/// Why the server's outer guards refused a request before any page or server function ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// The request body is larger than Partnerhub accepts.
    TooLarge,
    /// The request could not be read (an upload without a multipart boundary, …).
    Malformed,
    /// A state-changing request from a page of another site.
    CrossSite,
    /// The server failed while answering.
    Failed,
}

/// The short text of a guard's refusal, in `locale`.
pub fn guard_text(locale: Locale, guard: Guard) -> String {
    match guard {
        Guard::TooLarge => td_string!(locale, errors.request_too_large),
        Guard::Malformed => td_string!(locale, errors.request_malformed),
        Guard::CrossSite => td_string!(locale, errors.cross_site),
        Guard::Failed => td_string!(locale, errors.internal),
    }
    .to_string()
}

/// A stored `YYYY-MM-DD` date in words (`date_text`); anything else as it is.
pub fn iso_date_text(locale: Locale, date: &str) -> String {
    NaiveDate::parse_from_str(date, "%Y-%m-%d").map(|d| date_text(locale, d)).unwrap_or_else(|_| date.to_owned())
}

/// "25 November 2026" / "25 november 2026".
pub fn date_text(locale: Locale, date: NaiveDate) -> String {
    let month = match date.month() {
        1 => td_string!(locale, months.m1),
        2 => td_string!(locale, months.m2),
        3 => td_string!(locale, months.m3),
        4 => td_string!(locale, months.m4),
        5 => td_string!(locale, months.m5),
        6 => td_string!(locale, months.m6),
        7 => td_string!(locale, months.m7),
        8 => td_string!(locale, months.m8),
        9 => td_string!(locale, months.m9),
        10 => td_string!(locale, months.m10),
        11 => td_string!(locale, months.m11),
        _ => td_string!(locale, months.m12),
    };
    format!("{} {} {}", date.day(), month, date.year())
}

/// "25 November 2026 at 14:05 UTC" for an RFC 3339 instant (the input as is when it does not
/// parse): the date in the user's language, the time in UTC.
pub fn instant_date_text(locale: Locale, rfc3339: &str) -> String {
    match DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let t = t.with_timezone(&Utc);
            format!("{} {}", date_text(locale, t.date_naive()), t.format("%H:%M UTC"))
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// "14:05 UTC" for an RFC 3339 instant (the input as is when it does not parse).
pub fn time_text(rfc3339: &str) -> String {
    DateTime::parse_from_rfc3339(rfc3339).map(|t| t.with_timezone(&Utc).format("%H:%M:%S UTC").to_string()).unwrap_or_else(|_| rfc3339.to_owned())
}

/// The locale a stored tag (`en`, `nl`) stands for; English when unknown.
pub fn locale_from_tag(tag: &str) -> Locale {
    match tag {
        "nl" => Locale::nl,
        _ => Locale::en,
    }
}

pub fn locale_tag(locale: Locale) -> &'static str {
    match locale {
        Locale::nl => "nl",
        Locale::en => "en",
    }
}
