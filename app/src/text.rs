//! Words for things the domain only names: problems, statuses, dates. Every string comes from
//! the locale files; this module picks the key and fills in the values.

use crate::i18n::*;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use partnerhub_domain::Problem;

/// The plural form a count takes (CLDR's cardinal categories). The locale files hold a
/// sentence per form (`{ "one": …, "other": … }`); this picks one by the locale's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    One,
    Other,
}

/// The plural form of `n` in `locale`: in English and Dutch "one" is exactly 1 (a language
/// with more forms adds its rule here and its forms to its file).
pub fn plural(locale: Locale, n: u64) -> Plural {
    match locale {
        Locale::en | Locale::nl if n == 1 => Plural::One,
        Locale::en | Locale::nl => Plural::Other,
    }
}

/// The sentence for a count, in the form the count takes in `locale`:
/// `plural_text!(locale, review.count, n, date = d)` is `review.count.one` or
/// `review.count.other` of the locale file, with `count` and the other values filled in.
#[macro_export]
macro_rules! plural_text {
    ($locale:expr, $($key:ident).+, $count:expr $(, $name:ident = $value:expr)*) => {{
        let (locale, count) = ($locale, $count);
        match $crate::text::plural(locale, u64::from(count)) {
            $crate::text::Plural::One => $crate::i18n::td_string!(locale, $($key).+.one, count = count $(, $name = $value)*).to_string(),
            $crate::text::Plural::Other => $crate::i18n::td_string!(locale, $($key).+.other, count = count $(, $name = $value)*).to_string(),
        }
    }};
}

/// The message for a problem, in `locale`, as of now.
pub fn problem_text(locale: Locale, problem: &Problem) -> String {
    problem_text_at(locale, problem, Utc::now())
}

/// The message for a problem as of `now`: a wait is said as how long it still is.
pub fn problem_text_at(locale: Locale, problem: &Problem, now: DateTime<Utc>) -> String {
    use Problem::*;
    let wait = |at: &str| wait_text(locale, at, now);
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
        CodeWrong { remaining } => crate::plural_text!(locale, errors.code_wrong, *remaining),
        CodeExpired => td_string!(locale, errors.code_expired).to_string(),
        CodeUsed => td_string!(locale, errors.code_used).to_string(),
        CodeTooManyAttempts => td_string!(locale, errors.code_too_many).to_string(),
        ResendTooSoon { retry_at } => td_string!(locale, errors.resend_too_soon, wait = wait(retry_at)).to_string(),
        ResendHourlyLimit { retry_at } => td_string!(locale, errors.resend_hourly, wait = wait(retry_at)).to_string(),
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
        AgreementAlreadyAccepted => td_string!(locale, errors.agreement_already_accepted).to_string(),
        AgreementVersionUnknown => td_string!(locale, errors.agreement_version_unknown).to_string(),
        QueryUnreadable => td_string!(locale, errors.query_unreadable).to_string(),
        PasswordMismatch => td_string!(locale, errors.password_mismatch).to_string(),
        SignInFailed => td_string!(locale, errors.sign_in_failed).to_string(),
        EnrollmentMissing => td_string!(locale, errors.enrollment_missing).to_string(),
        EnrollmentStepOutOfOrder => td_string!(locale, errors.step_out_of_order).to_string(),
        LinkInvalid => td_string!(locale, errors.link_invalid).to_string(),
        LinkUsed => td_string!(locale, errors.link_used).to_string(),
        LinkExpired => td_string!(locale, errors.link_expired).to_string(),
        SignInThrottled { retry_at } => td_string!(locale, errors.sign_in_throttled, wait = wait(retry_at)).to_string(),
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
        DateFormat => td_string!(locale, errors.date_format).to_string(),
        DateRangeReversed => td_string!(locale, errors.date_range_reversed).to_string(),
        ChoiceUnknown => td_string!(locale, errors.choice_unknown).to_string(),
        CredentialsThrottled { retry_at } => td_string!(locale, errors.credentials_throttled, wait = wait(retry_at)).to_string(),
        ContactConfirmed => td_string!(locale, errors.contact_confirmed).to_string(),
        MailLimit { retry_at } => td_string!(locale, errors.mail_limit, wait = wait(retry_at)).to_string(),
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

/// The audit log CSV's header row, in `locale` (the columns of the audit page's table).
pub fn audit_csv_header(locale: Locale) -> Vec<String> {
    [
        td_string!(locale, audit.when),
        td_string!(locale, audit.who),
        td_string!(locale, audit.what),
        td_string!(locale, audit.subject),
        td_string!(locale, audit.reason),
    ]
    .into_iter()
    .map(|s| s.to_string())
    .collect()
}

/// "in 30 days" / "today" / "over 30 dagen" / "vandaag": an expiry `days_left` days away.
pub fn in_days_text(locale: Locale, days_left: i64) -> String {
    match u32::try_from(days_left) {
        Ok(0) | Err(_) => td_string!(locale, expiry.today).to_string(),
        Ok(days) => crate::plural_text!(locale, expiry.in_days, days),
    }
}

/// "Expires in 30 days" / "Verloopt over 30 dagen", beside a certification's date.
pub fn expires_in_text(locale: Locale, days_left: i64) -> String {
    td_string!(locale, expiry.badge, when = in_days_text(locale, days_left)).to_string()
}

/// The skills workbook's sheet name, in `locale` (at most 31 characters, none of `[]:*?/\\`).
pub fn skills_sheet_name(locale: Locale) -> String {
    td_string!(locale, csv.sheet).to_string()
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

/// Whether the problem's message says how long a wait still is (and so changes each second).
pub fn counts_down(problem: &Problem) -> bool {
    use Problem::*;
    matches!(problem, ResendTooSoon { .. } | ResendHourlyLimit { .. } | SignInThrottled { .. } | CredentialsThrottled { .. } | MailLimit { .. })
}

/// How long from `now` until the RFC 3339 instant `at`, in words: "now", "in 45 seconds",
/// "in 3 minutes" (rounded up, below 90 minutes), "in 2 hours" (rounded up).
pub fn wait_text(locale: Locale, at: &str, now: DateTime<Utc>) -> String {
    let Ok(at) = DateTime::parse_from_rfc3339(at) else { return at.to_owned() };
    let seconds = (at.with_timezone(&Utc) - now).num_seconds();
    let Ok(seconds @ 1..) = u64::try_from(seconds) else { return td_string!(locale, wait.now).to_string() };
    let (count, unit) = match seconds {
        0..90 => (seconds, 0),
        90..5_400 => (seconds.div_ceil(60), 1),
        _ => (seconds.div_ceil(3_600), 2),
    };
    match unit {
        0 => crate::plural_text!(locale, wait.seconds, count),
        1 => crate::plural_text!(locale, wait.minutes, count),
        _ => crate::plural_text!(locale, wait.hours, count),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_wait_is_said_as_how_long_it_still_is_with_the_plural_of_each_language() {
        let now = at("2026-11-29T03:35:06Z");
        let cases = [
            ("2026-11-29T03:35:51Z", "in 45 seconds", "over 45 seconden"),
            ("2026-11-29T03:35:07Z", "in 1 second", "over 1 seconde"),
            ("2026-11-29T03:36:36Z", "in 2 minutes", "over 2 minuten"),
            ("2026-11-29T03:36:35Z", "in 89 seconds", "over 89 seconden"),
            ("2026-11-29T04:35:06Z", "in 60 minutes", "over 60 minuten"),
            ("2026-11-29T06:00:00Z", "in 3 hours", "over 3 uur"),
            ("2026-11-29T03:35:06Z", "now", "nu"),
            ("2026-11-29T03:00:00Z", "now", "nu"),
        ];
        for (until, en, nl) in cases {
            assert_eq!(wait_text(Locale::en, until, now), en, "{until}");
            assert_eq!(wait_text(Locale::nl, until, now), nl, "{until}");
        }
        let problem = Problem::ResendTooSoon { retry_at: "2026-11-29T03:35:51Z".into() };
        assert_eq!(problem_text_at(Locale::en, &problem, now), "You can ask for another code in 45 seconds.");
        assert_eq!(problem_text_at(Locale::nl, &problem, now), "U kunt over 45 seconden een nieuwe code vragen.");
    }

    #[test]
    fn counts_take_the_singular_only_for_exactly_one() {
        assert_eq!(problem_text(Locale::en, &Problem::CodeWrong { remaining: 1 }), "That code is not right. You have 1 attempt left.");
        assert_eq!(problem_text(Locale::en, &Problem::CodeWrong { remaining: 4 }), "That code is not right. You have 4 attempts left.");
        assert_eq!(problem_text(Locale::nl, &Problem::CodeWrong { remaining: 1 }), "Die code klopt niet. U hebt nog 1 poging.");
        assert_eq!(problem_text(Locale::nl, &Problem::CodeWrong { remaining: 0 }), "Die code klopt niet. U hebt nog 0 pogingen.");
    }

    #[test]
    fn english_spells_each_word_one_way() {
        let en = include_str!("../locales/en.json").to_lowercase();
        for pair in [["authoris", "authoriz"], ["organis", "organiz"], ["enrolment", "enrollment"], ["licence", "license"]] {
            let used: Vec<_> = pair.iter().filter(|spelling| en.contains(*spelling)).collect();
            assert!(used.len() < 2, "both {used:?} in en.json");
        }
    }

    #[test]
    fn any_text_in_place_of_an_instant_is_shown_as_it_is() {
        for junk in ["", "tomorrow", "2026-13-45T99:00:00Z", "☃ 💥", "\u{0}"] {
            assert_eq!(wait_text(Locale::en, junk, Utc::now()), junk);
        }
    }
}
