//! E-1, E-2, E-3: the work email. Syntax is the WHATWG "valid email address" (what
//! `<input type=email>` accepts) with a dot in the domain; role mailboxes and free-mail domains
//! are refused. The stored form is trimmed and lower-cased.

use crate::problem::Problem;
use serde::{Deserialize, Serialize};
use std::fmt;

/// RFC 5321 limit on a whole address.
pub const MAX_EMAIL_LEN: usize = 254;

/// Words a role mailbox starts with (E-2). Operators may extend the list.
pub const DEFAULT_DENIED_WORDS: &[&str] = &["info", "admin", "email", "marketing"];

/// Free-mail domains (E-3). Operators may extend the list.
pub const DEFAULT_PERSONAL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "gmx.com",
    "gmx.net",
    "gmx.de",
    "web.de",
    "proton.me",
    "protonmail.com",
    "mail.com",
    "zoho.com",
    "yandex.com",
    "hotmail.nl",
    "live.nl",
    "ziggo.nl",
    "kpnmail.nl",
    "telenet.be",
    "skynet.be",
    "hotmail.co.uk",
    "yahoo.co.uk",
    "btinternet.com",
];

/// The configurable part of the email rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailPolicy {
    pub denied_words: Vec<String>,
    pub personal_domains: Vec<String>,
}

impl Default for EmailPolicy {
    fn default() -> Self {
        Self {
            denied_words: DEFAULT_DENIED_WORDS.iter().map(|w| w.to_string()).collect(),
            personal_domains: DEFAULT_PERSONAL_DOMAINS.iter().map(|d| d.to_string()).collect(),
        }
    }
}

impl EmailPolicy {
    /// The default lists extended by an operator's extra words and domains (lower-cased).
    pub fn extended(extra_words: &[String], extra_domains: &[String]) -> Self {
        let mut policy = Self::default();
        for word in extra_words {
            let word = word.trim().to_ascii_lowercase();
            if !word.is_empty() && !policy.denied_words.contains(&word) {
                policy.denied_words.push(word);
            }
        }
        for domain in extra_domains {
            let domain = domain.trim().to_ascii_lowercase();
            if !domain.is_empty() && !policy.personal_domains.contains(&domain) {
                policy.personal_domains.push(domain);
            }
        }
        policy
    }

    /// Parses a work email under this policy.
    pub fn parse(&self, input: &str) -> Result<WorkEmail, Problem> {
        let address = parse_address(input)?;
        let (local, domain) = address.split_once('@').expect("checked by parse_address");
        if let Some(word) = self.denied_word(local) {
            return Err(Problem::EmailRoleMailbox { word: word.to_owned() });
        }
        if self.is_personal(domain) {
            return Err(Problem::EmailPersonalDomain { domain: domain.to_owned() });
        }
        Ok(WorkEmail(address))
    }

    /// The denied word that a token of the local part starts with, if any (E-2).
    fn denied_word(&self, local: &str) -> Option<&str> {
        local
            .split(|c: char| matches!(c, '.' | '_' | '-' | '+') || c.is_ascii_digit())
            .filter(|token| !token.is_empty())
            .find_map(|token| self.denied_words.iter().find(|word| token.starts_with(word.as_str())).map(String::as_str))
    }

    fn is_personal(&self, domain: &str) -> bool {
        self.personal_domains
            .iter()
            .any(|personal| domain == personal || (domain.ends_with(personal.as_str()) && domain[..domain.len() - personal.len()].ends_with('.')))
    }
}

/// A syntactically valid, lower-cased email address (E-1) with no work-email rules applied:
/// for sign-in, where any stored address may be typed.
pub fn parse_address(input: &str) -> Result<String, Problem> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(Problem::Required);
    }
    if trimmed.len() > MAX_EMAIL_LEN {
        return Err(Problem::TooLong { max: MAX_EMAIL_LEN });
    }
    let (local, domain) = trimmed.split_once('@').ok_or(Problem::EmailSyntax)?;
    if local.is_empty() || !local.chars().all(is_local_char) {
        return Err(Problem::EmailSyntax);
    }
    if !domain.split('.').all(is_domain_label) {
        return Err(Problem::EmailSyntax);
    }
    if !domain.contains('.') {
        return Err(Problem::EmailDomainNoDot);
    }
    Ok(trimmed.to_ascii_lowercase())
}

fn is_local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c)
}

/// A WHATWG domain label: 1–63 letters, digits and hyphens, not starting or ending with '-'.
fn is_domain_label(label: &str) -> bool {
    !label.is_empty() && label.len() <= 63 && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !label.starts_with('-') && !label.ends_with('-')
}

/// A company email address that passed E-1, E-2 and E-3.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct WorkEmail(String);

impl WorkEmail {
    /// Parses under the default policy (what the browser checks as the user types).
    pub fn parse(input: &str) -> Result<Self, Problem> {
        EmailPolicy::default().parse(input)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn domain(&self) -> &str {
        self.0.split_once('@').map(|(_, d)| d).unwrap_or_default()
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl fmt::Display for WorkEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for WorkEmail {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(word: &str) -> Result<WorkEmail, Problem> {
        Err(Problem::EmailRoleMailbox { word: word.into() })
    }

    #[test]
    fn every_rejected_example_of_e2_names_the_word_that_caused_it() {
        assert_eq!(WorkEmail::parse("info@contoso.com"), role("info"));
        assert_eq!(WorkEmail::parse("Info.Desk@contoso.com"), role("info"));
        assert_eq!(WorkEmail::parse("administrator@contoso.com"), role("admin"));
        assert_eq!(WorkEmail::parse("sales-admin@contoso.com"), role("admin"));
        assert_eq!(WorkEmail::parse("email@contoso.com"), role("email"));
        assert_eq!(WorkEmail::parse("marketing2@contoso.com"), role("marketing"));
        assert_eq!(WorkEmail::parse("information@contoso.com"), role("info"));
        assert_eq!(WorkEmail::parse("j.admin@contoso.com"), role("admin"));
    }

    #[test]
    fn every_accepted_example_of_e2_is_accepted() {
        for ok in ["martin", "sinfonia", "badminton", "admiral"] {
            let email = format!("{ok}@contoso.com");
            assert_eq!(WorkEmail::parse(&email).unwrap().as_str(), email, "{ok}");
        }
    }

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        let email = WorkEmail::parse("  Martin.Jansen@Contoso.COM ").unwrap();
        assert_eq!(email.as_str(), "martin.jansen@contoso.com");
        assert_eq!(email.domain(), "contoso.com");
    }

    #[test]
    fn free_mail_domains_are_refused_but_onmicrosoft_work_accounts_are_not() {
        assert_eq!(WorkEmail::parse("martin@gmail.com"), Err(Problem::EmailPersonalDomain { domain: "gmail.com".into() }));
        assert!(WorkEmail::parse("you@contoso.onmicrosoft.com").is_ok());
    }

    #[test]
    fn syntax_follows_the_html_email_input() {
        assert_eq!(WorkEmail::parse(""), Err(Problem::Required));
        assert_eq!(WorkEmail::parse("   "), Err(Problem::Required));
        assert_eq!(WorkEmail::parse("martin"), Err(Problem::EmailSyntax));
        assert_eq!(WorkEmail::parse("martin@"), Err(Problem::EmailSyntax));
        assert_eq!(WorkEmail::parse("@contoso.com"), Err(Problem::EmailSyntax));
        assert_eq!(WorkEmail::parse("mar tin@contoso.com"), Err(Problem::EmailSyntax));
        assert_eq!(WorkEmail::parse("martin@-contoso.com"), Err(Problem::EmailSyntax));
        assert_eq!(WorkEmail::parse("martin@contoso..com"), Err(Problem::EmailSyntax));
        assert_eq!(WorkEmail::parse("martin@localhost"), Err(Problem::EmailDomainNoDot));
        assert!(WorkEmail::parse("o'brien+partners@sub.contoso.co.uk").is_ok());
    }

    #[test]
    fn operators_can_extend_the_denied_words_and_domains() {
        let policy = EmailPolicy::extended(&["Sales".into()], &["example-mail.org".into()]);
        assert_eq!(policy.parse("sales.team@contoso.com"), Err(Problem::EmailRoleMailbox { word: "sales".into() }));
        assert!(matches!(policy.parse("martin@example-mail.org"), Err(Problem::EmailPersonalDomain { .. })));
    }
}
