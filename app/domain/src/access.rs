//! Sign-in rules: how many failed sign-ins an account and a client address may have (ASVS:
//! at most 100 an hour per account, without letting an attacker lock the owner out: a browser
//! that signed in to the account before keeps trying), session lifetimes, and how long the
//! emailed links for invitations (P-2) and password resets stay valid, which address a request
//! came from behind reverse proxies, and where a sign-in may send the person afterwards.

use crate::problem::Problem;
use chrono::{DateTime, Duration, Utc};
use std::net::IpAddr;

/// Failed sign-ins for one account within an hour, from browsers it never used.
pub const ACCOUNT_FAILURES_PER_HOUR: u32 = 100;
/// Failed sign-ins from one client address within an hour (any accounts).
pub const CLIENT_FAILURES_PER_HOUR: u32 = 300;
/// Failed sign-ins from a browser the account signed in with before (its device cookie).
pub const DEVICE_FAILURES_PER_HOUR: u32 = 20;
/// P-2: an invitation link is valid 7 days.
pub const INVITATION_VALID_DAYS: i64 = 7;
/// A password reset link is valid one hour.
pub const RESET_VALID_MINUTES: i64 = 60;
/// Reset links mailed to one account within an hour; further requests are answered the same
/// but mail nothing, so "forgot password" cannot flood someone's inbox.
pub const RESET_MAILS_PER_HOUR: u32 = 3;

/// Wrong certification-profile or Partner University passwords within an hour, per user and
/// per profile address: enough for typing mistakes, too few to guess someone else's.
pub const PROVIDER_FAILURES_PER_HOUR: u32 = 10;
/// Mails a user's actions (invitations, location contacts) send to one address within an hour.
pub const MAILS_PER_RECIPIENT_PER_HOUR: u32 = 5;
/// Mails the users of one company send within an hour, to all addresses together.
pub const MAILS_PER_COMPANY_PER_HOUR: u32 = 60;

/// Failures counted over the last hour for the three keys a sign-in attempt has.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RecentFailures {
    /// For this email address, from browsers without the account's device cookie.
    pub account: u32,
    /// From this client address.
    pub client: u32,
    /// From this browser's device cookie for this account, when it has one.
    pub device: Option<u32>,
    /// The oldest failure still counted for the key that is full, for the retry time.
    pub oldest: Option<DateTime<Utc>>,
}

/// May this sign-in attempt check a password? Refused attempts say when to try again. A
/// browser holding the account's device cookie is judged by its own count, so an attacker
/// filling the account's hour does not lock its owner out.
pub fn sign_in_allowed(failures: RecentFailures, now: DateTime<Utc>) -> Result<(), Problem> {
    let full = failures.client >= CLIENT_FAILURES_PER_HOUR
        || match failures.device {
            Some(device) => device >= DEVICE_FAILURES_PER_HOUR,
            None => failures.account >= ACCOUNT_FAILURES_PER_HOUR,
        };
    if full {
        return Err(Problem::SignInThrottled { retry_at: hour_reopens(failures.oldest, now) });
    }
    Ok(())
}

/// When an hourly limit that is full opens again (RFC 3339): an hour after the oldest entry it
/// counts, and never before `now`.
fn hour_reopens(oldest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    oldest.map(|t| t + Duration::hours(1)).unwrap_or(now + Duration::hours(1)).max(now).to_rfc3339()
}

/// May another certification credential check run for a user with `by_user` failures this
/// hour, for a profile address with `for_address`? `oldest` is the oldest failure counted.
pub fn provider_check_allowed(by_user: u32, for_address: u32, oldest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<(), Problem> {
    if by_user >= PROVIDER_FAILURES_PER_HOUR || for_address >= PROVIDER_FAILURES_PER_HOUR {
        return Err(Problem::CredentialsThrottled { retry_at: hour_reopens(oldest, now) });
    }
    Ok(())
}

/// May a user's action mail an address that got `to_recipient` such mails this hour, from a
/// company whose users sent `from_company`? `oldest` is the oldest mail counted.
pub fn mail_allowed(to_recipient: u32, from_company: u32, oldest: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<(), Problem> {
    if to_recipient >= MAILS_PER_RECIPIENT_PER_HOUR || from_company >= MAILS_PER_COMPANY_PER_HOUR {
        return Err(Problem::MailLimit { retry_at: hour_reopens(oldest, now) });
    }
    Ok(())
}

/// Is an emailed link (sent at `sent_at`, valid `valid`) still good at `now`?
pub fn link_valid(sent_at: DateTime<Utc>, used: bool, valid: Duration, now: DateTime<Utc>) -> Result<(), Problem> {
    if used {
        return Err(Problem::LinkUsed);
    }
    if now >= sent_at + valid {
        return Err(Problem::LinkExpired);
    }
    Ok(())
}

/// May another reset link be mailed to an account that was sent `sent_last_hour` of them?
pub fn reset_mail_allowed(sent_last_hour: u32) -> bool {
    sent_last_hour < RESET_MAILS_PER_HOUR
}

/// Has a session outlived its absolute limit?
pub fn session_too_old(signed_in_at: DateTime<Utc>, max_age: Duration, now: DateTime<Utc>) -> bool {
    now >= signed_in_at + max_age
}

/// Should a session seen now have its idle limit pushed back? A session ends `idle` after it was
/// last renewed; renewing it on every request would write to the database on every request, so
/// it is renewed once half of that time has passed: someone active is never signed out, and
/// someone who stops is signed out between `idle / 2` and `idle` after their last request.
pub fn session_needs_renewal(renewed_at: DateTime<Utc>, idle: Duration, now: DateTime<Utc>) -> bool {
    now >= renewed_at + idle / 2 || now < renewed_at
}

/// The address a request came from, for the sign-in throttle. Behind reverse proxies the
/// connection's peer is the proxy: when the peer is one of `trusted`, the `X-Forwarded-For`
/// list (`forwarded_for`, each header's value in order) is read from the right, skipping
/// trusted proxies, and the first other address is the client's. Entries a client wrote
/// itself sit further left and are never reached past an address the proxies vouch for.
pub fn client_address(peer: IpAddr, forwarded_for: &[&str], trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops = forwarded_for.iter().flat_map(|v| v.split(',')).map(str::trim).collect::<Vec<_>>();
    let mut client = peer;
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>() {
            Ok(address) if trusted.contains(&address) => client = address,
            Ok(address) => return address,
            Err(_) => return client,
        }
    }
    client
}

/// The longest path a sign-in returns to.
pub const RETURN_PATH_MAX: usize = 512;

/// A path inside Partnerhub such as `/company/skills?exam=AZ-104`: never another site
/// (`//host`, `https:…`, `/\\host`), nothing that could break a header line.
pub fn local_path(candidate: &str) -> Option<&str> {
    let inside = candidate.starts_with('/')
        && !candidate.starts_with("//")
        && !candidate.contains('\\')
        && candidate.len() <= RETURN_PATH_MAX
        && !candidate.chars().any(|c| c.is_control() || c.is_whitespace());
    inside.then_some(candidate)
}

/// Where a sign-in may send the person afterwards: a local path, but not the sign-in page
/// itself nor a server function.
pub fn return_path(candidate: &str) -> Option<&str> {
    let path = local_path(candidate)?;
    let page = path.split(['?', '#']).next().unwrap_or_default();
    (page != "/signin" && !page.starts_with("/api/")).then_some(path)
}

/// Where a sign-in ends: the page the person came for when it is theirs to see (reviewers
/// only review, company users never do), otherwise their start page.
pub fn after_sign_in(next: Option<&str>, reviewer: bool) -> &str {
    let start = if reviewer { "/review" } else { "/company" };
    let fits = |path: &&str| {
        let review = *path == "/review" || path.starts_with("/review/") || path.starts_with("/review?");
        review == reviewer
    };
    next.and_then(return_path).filter(fits).unwrap_or(start)
}

/// `value` percent-encoded for a URL's query (every byte but letters, digits and `-._~`), so
/// a filter with `&`, `#`, `%`, `+` or any other character arrives as typed.
pub fn query_value(value: &str) -> String {
    let mut encoded = String::with_capacity(value.len() + 8);
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => encoded.push(byte as char),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

/// The sign-in page that sends the person back to `path` afterwards (or the plain sign-in page
/// when `path` is not a place to return to).
pub fn sign_in_path(path: &str) -> String {
    match return_path(path) {
        Some(path) if path != "/" => {
            let mut encoded = String::with_capacity(path.len() + 16);
            for byte in path.bytes() {
                match byte {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => encoded.push(byte as char),
                    _ => encoded.push_str(&format!("%{byte:02X}")),
                }
            }
            format!("/signin?next={encoded}")
        }
        _ => "/signin".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_hundredth_failure_closes_the_account_to_new_browsers_but_not_to_its_owner() {
        let now = t("2026-11-21T12:00:00Z");
        let full = RecentFailures { account: 100, client: 0, device: None, oldest: Some(t("2026-11-21T11:20:00Z")) };
        assert_eq!(sign_in_allowed(full, now), Err(Problem::SignInThrottled { retry_at: "2026-11-21T12:20:00+00:00".into() }));
        assert_eq!(sign_in_allowed(RecentFailures { account: 99, ..full }, now), Ok(()));
        assert_eq!(sign_in_allowed(RecentFailures { device: Some(0), ..full }, now), Ok(()));
        assert!(sign_in_allowed(RecentFailures { device: Some(20), ..full }, now).is_err());
        assert!(sign_in_allowed(RecentFailures { account: 0, client: 300, device: Some(0), oldest: None }, now).is_err());
    }

    #[test]
    fn the_tenth_wrong_certification_password_closes_the_hour_for_the_user_and_for_the_address() {
        let now = t("2026-11-21T12:00:00Z");
        let oldest = Some(t("2026-11-21T11:30:00Z"));
        assert_eq!(provider_check_allowed(9, 9, oldest, now), Ok(()));
        let closed = Err(Problem::CredentialsThrottled { retry_at: "2026-11-21T12:30:00+00:00".into() });
        assert_eq!(provider_check_allowed(10, 0, oldest, now), closed);
        assert_eq!(provider_check_allowed(0, 10, oldest, now), closed);
    }

    #[test]
    fn mail_stops_at_the_recipients_or_the_companys_hourly_limit() {
        let now = t("2026-11-21T12:00:00Z");
        assert_eq!(mail_allowed(4, 59, None, now), Ok(()));
        assert!(matches!(mail_allowed(5, 0, None, now), Err(Problem::MailLimit { .. })));
        assert!(matches!(mail_allowed(0, 60, None, now), Err(Problem::MailLimit { .. })));
    }

    #[test]
    fn query_values_arrive_as_typed() {
        assert_eq!(query_value("AZ-104 & co #1 50%+"), "AZ-104%20%26%20co%20%231%2050%25%2B");
        assert_eq!(query_value("Łódź"), "%C5%81%C3%B3d%C5%BA");
    }

    #[test]
    fn links_expire_at_their_limit_and_are_used_once() {
        let sent = t("2026-11-01T09:00:00Z");
        let week = Duration::days(INVITATION_VALID_DAYS);
        assert_eq!(link_valid(sent, false, week, t("2026-11-08T08:59:59Z")), Ok(()));
        assert_eq!(link_valid(sent, false, week, t("2026-11-08T09:00:00Z")), Err(Problem::LinkExpired));
        assert_eq!(link_valid(sent, true, week, t("2026-11-01T09:00:01Z")), Err(Problem::LinkUsed));
    }

    #[test]
    fn an_account_is_mailed_three_reset_links_an_hour_at_most() {
        assert!(reset_mail_allowed(0));
        assert!(reset_mail_allowed(2));
        assert!(!reset_mail_allowed(3));
    }

    #[test]
    fn a_session_ends_at_its_absolute_limit() {
        let start = t("2026-11-21T08:00:00Z");
        assert!(!session_too_old(start, Duration::hours(12), t("2026-11-21T19:59:59Z")));
        assert!(session_too_old(start, Duration::hours(12), t("2026-11-21T20:00:00Z")));
    }

    #[test]
    fn the_client_is_the_first_address_the_trusted_proxies_did_not_add() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let proxies = [ip("10.0.0.2"), ip("10.0.0.3")];
        // No proxies configured, or a peer that is not one: the header is ignored.
        assert_eq!(client_address(ip("198.51.100.4"), &["203.0.113.7"], &[]), ip("198.51.100.4"));
        assert_eq!(client_address(ip("198.51.100.4"), &["203.0.113.7"], &proxies), ip("198.51.100.4"));
        // Through one or two trusted proxies.
        assert_eq!(client_address(ip("10.0.0.2"), &["203.0.113.7"], &proxies), ip("203.0.113.7"));
        assert_eq!(client_address(ip("10.0.0.2"), &["203.0.113.7, 10.0.0.3"], &proxies), ip("203.0.113.7"));
        assert_eq!(client_address(ip("10.0.0.2"), &["203.0.113.7", "10.0.0.3"], &proxies), ip("203.0.113.7"));
        // A client that writes its own header cannot pick an address past the proxy's.
        assert_eq!(client_address(ip("10.0.0.2"), &["1.2.3.4, 203.0.113.7"], &proxies), ip("203.0.113.7"));
        assert_eq!(client_address(ip("10.0.0.2"), &["1.2.3.4, nonsense"], &proxies), ip("10.0.0.2"));
        // No header: the proxy itself.
        assert_eq!(client_address(ip("10.0.0.2"), &[], &proxies), ip("10.0.0.2"));
        assert_eq!(client_address(ip("::1"), &["2001:db8::7"], &[ip("::1")]), ip("2001:db8::7"));
    }

    #[test]
    fn a_sign_in_returns_only_to_pages_of_partnerhub() {
        for inside in ["/company/skills", "/company/skills?exam=AZ-104&name=Jan%20de%20Vries", "/me#history", "/"] {
            assert_eq!(return_path(inside), Some(inside), "{inside}");
        }
        for outside in [
            "",
            "company",
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example",
            "/signin",
            "/signin?next=/me",
            "/api/sign_out",
            "/me\nSet-Cookie: x",
            "/a b",
            &format!("/{}", "x".repeat(RETURN_PATH_MAX)),
        ] {
            assert_eq!(return_path(outside), None, "{outside:?}");
        }
    }

    #[test]
    fn after_signing_in_people_land_where_they_were_going_if_it_is_theirs() {
        assert_eq!(after_sign_in(Some("/company/skills?exam=AZ-104"), false), "/company/skills?exam=AZ-104");
        assert_eq!(after_sign_in(Some("/review"), false), "/company");
        assert_eq!(after_sign_in(Some("/reviewers-guide"), false), "/reviewers-guide");
        assert_eq!(after_sign_in(Some("/me"), true), "/review");
        assert_eq!(after_sign_in(Some("/review/documents/4"), true), "/review/documents/4");
        assert_eq!(after_sign_in(Some("//evil.example"), false), "/company");
        assert_eq!(after_sign_in(None, true), "/review");
        assert_eq!(local_path("/signin?next=/me"), Some("/signin?next=/me"));
    }

    #[test]
    fn the_sign_in_page_carries_the_way_back_encoded() {
        assert_eq!(sign_in_path("/company/skills?exam=AZ-104&name=Jan"), "/signin?next=/company/skills%3Fexam%3DAZ-104%26name%3DJan");
        assert_eq!(sign_in_path("/me/ë"), "/signin?next=/me/%C3%AB");
        assert_eq!(sign_in_path("/"), "/signin");
        assert_eq!(sign_in_path("//evil.example"), "/signin");
    }
}
