//! `Config`: every setting, read once from the environment at start, with defaults that run a
//! local demo without any setup.

use chrono::NaiveDate;
use partnerhub_domain::business_days::parse_holidays;
use partnerhub_domain::EmailPolicy;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Config {
    /// Address the server listens on (`PARTNERHUB_ADDR`, default `127.0.0.1:3000`).
    pub addr: SocketAddr,
    /// Where the database, the outbox and uploads live (`PARTNERHUB_DATA_DIR`, default `./data`).
    pub data_dir: PathBuf,
    /// `DATABASE_URL`, default a SQLite file in the data directory; `postgres://…` for
    /// PostgreSQL.
    pub database_url: String,
    /// The address users reach Partnerhub at, for links in mail (`PARTNERHUB_PUBLIC_URL`).
    pub public_url: String,
    /// `PARTNERHUB_SMTP_URL` (`smtp://host:port`, `smtps://user:pass@host`); none = outbox.
    pub smtp_url: Option<String>,
    /// The development outbox page (`/dev/outbox`, which shows every code and link mailed):
    /// on only when `PARTNERHUB_DEV_OUTBOX=1` says so, never inferred, and refused at start
    /// together with an SMTP server or an https public URL.
    pub dev_outbox: bool,
    /// The sender of every mail (`PARTNERHUB_MAIL_FROM`).
    pub mail_from: String,
    /// Public holidays skipped by business-day math (`PARTNERHUB_HOLIDAYS`, `YYYY-MM-DD,…`).
    pub holidays: Vec<NaiveDate>,
    /// Default role-mailbox words and free-mail domains, extended by
    /// `PARTNERHUB_DENIED_WORDS` and `PARTNERHUB_PERSONAL_DOMAINS` (comma lists).
    pub email_policy: EmailPolicy,
    /// Load the demo company directory when it is empty (`PARTNERHUB_DEMO`, default on).
    pub demo: bool,
    /// A session ends after this many idle minutes (`PARTNERHUB_SESSION_IDLE_MINUTES`, 30).
    pub session_idle_minutes: i64,
    /// A session ends this many hours after sign-in (`PARTNERHUB_SESSION_MAX_HOURS`, 12).
    pub session_max_hours: i64,
    /// Host pages allowed to frame Partnerhub (`PARTNERHUB_EMBED_ORIGINS`: exact origins and
    /// `https://*.example.com` wildcards, comma list). Empty: only Partnerhub frames itself.
    pub embed_origins: Vec<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`PARTNERHUB_TRUSTED_PROXIES`, IP
    /// addresses, comma list; default none: the connection's peer is the client).
    pub trusted_proxies: Vec<IpAddr>,
    /// The programme's own competency catalogue (`PARTNERHUB_CATALOGUE`, a file in the format
    /// of `catalogue/competencies.csv`); none: the bundled one. Read and checked at start.
    pub catalogue: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {value}")]
    Invalid { name: &'static str, value: String },
    #[error("{name} cannot be on {why}")]
    Conflict { name: &'static str, why: &'static str },
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let addr_text = get("PARTNERHUB_ADDR").or_else(|| get("LEPTOS_SITE_ADDR")).unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text.parse().map_err(|_| ConfigError::Invalid { name: "PARTNERHUB_ADDR", value: addr_text.clone() })?;
        let data_dir = PathBuf::from(get("PARTNERHUB_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = get("DATABASE_URL").unwrap_or_else(|| format!("sqlite://{}", data_dir.join("partnerhub.db").display()));
        let public_url = get("PARTNERHUB_PUBLIC_URL").unwrap_or_else(|| format!("http://{addr}")).trim_end_matches('/').to_owned();
        let holidays_text = get("PARTNERHUB_HOLIDAYS").unwrap_or_default();
        let holidays = parse_holidays(&holidays_text).map_err(|value| ConfigError::Invalid { name: "PARTNERHUB_HOLIDAYS", value })?;
        let list =
            |name| -> Vec<String> { get(name).map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()).unwrap_or_default() };
        let email_policy = EmailPolicy::extended(&list("PARTNERHUB_DENIED_WORDS"), &list("PARTNERHUB_PERSONAL_DOMAINS"));
        let number = |name: &'static str, default: i64| -> Result<i64, ConfigError> {
            match get(name) {
                None => Ok(default),
                Some(v) => v.trim().parse::<i64>().ok().filter(|n| *n > 0).ok_or(ConfigError::Invalid { name, value: v }),
            }
        };
        let proxies = list("PARTNERHUB_TRUSTED_PROXIES");
        let trusted_proxies = proxies
            .iter()
            .map(|p| p.parse::<IpAddr>().map_err(|_| ConfigError::Invalid { name: "PARTNERHUB_TRUSTED_PROXIES", value: p.clone() }))
            .collect::<Result<Vec<_>, _>>()?;
        let smtp_url = get("PARTNERHUB_SMTP_URL");
        let dev_outbox = match get("PARTNERHUB_DEV_OUTBOX").as_deref().map(str::trim) {
            None | Some("0") => false,
            Some("1") => true,
            Some(other) => return Err(ConfigError::Invalid { name: "PARTNERHUB_DEV_OUTBOX", value: other.to_owned() }),
        };
        if dev_outbox && smtp_url.is_some() {
            return Err(ConfigError::Conflict { name: "PARTNERHUB_DEV_OUTBOX", why: "together with PARTNERHUB_SMTP_URL (mail goes to the server)" });
        }
        if dev_outbox && public_url.starts_with("https://") {
            return Err(ConfigError::Conflict { name: "PARTNERHUB_DEV_OUTBOX", why: "with an https PARTNERHUB_PUBLIC_URL (it is for a local demo only)" });
        }
        let embed_origins = list("PARTNERHUB_EMBED_ORIGINS")
            .into_iter()
            .map(|o| parse_embed_origin(&o).ok_or(ConfigError::Invalid { name: "PARTNERHUB_EMBED_ORIGINS", value: o }))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            embed_origins,
            dev_outbox,
            trusted_proxies,
            session_idle_minutes: number("PARTNERHUB_SESSION_IDLE_MINUTES", 30)?,
            session_max_hours: number("PARTNERHUB_SESSION_MAX_HOURS", 12)?,
            addr,
            data_dir,
            database_url,
            public_url,
            smtp_url,
            mail_from: get("PARTNERHUB_MAIL_FROM").unwrap_or_else(|| "Partnerhub <no-reply@partnerhub.localhost>".into()),
            holidays,
            email_policy,
            demo: get("PARTNERHUB_DEMO").map(|v| v != "0" && v != "false").unwrap_or(true),
            catalogue: get("PARTNERHUB_CATALOGUE").map(PathBuf::from),
        })
    }

    /// Cookies get `Secure` when users reach Partnerhub over https, and always when it is
    /// embedded (a cookie in another site's frame must be `Secure`; browsers accept that on
    /// `http://localhost` too).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://") || self.embedded()
    }

    /// Partnerhub may be framed by other sites' pages (`PARTNERHUB_EMBED_ORIGINS` is set).
    pub fn embedded(&self) -> bool {
        !self.embed_origins.is_empty()
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}

/// One allowed host origin: `scheme://host[:port]` with scheme `https` or `http`, a host name
/// or IP address, or `*.` before a host name for its subdomains; nothing after the port. The
/// normal form is lower case without a trailing `/`.
pub fn parse_embed_origin(text: &str) -> Option<String> {
    let text = text.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = text.split_once("://")?;
    if !matches!(scheme, "https" | "http") || rest.is_empty() {
        return None;
    }
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) if !port.is_empty() && port.len() <= 5 && port.chars().all(|c| c.is_ascii_digit()) => (host, Some(port)),
        Some(_) => return None,
        None => (rest, None),
    };
    if port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return None;
    }
    let name = host.strip_prefix("*.").unwrap_or(host);
    let label_ok =
        |l: &str| !l.is_empty() && l.len() <= 63 && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !l.starts_with('-') && !l.ends_with('-');
    let wildcard_ok = host == name || name.contains('.');
    (name.split('.').all(label_ok) && wildcard_ok).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_a_local_demo_with_the_outbox_page_off() {
        let c = config(&[]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/partnerhub.db");
        assert!(!c.dev_outbox && !c.secure_cookies() && c.demo);
        assert_eq!((c.session_idle_minutes, c.session_max_hours), (30, 12));
    }

    #[test]
    fn the_outbox_page_is_on_only_when_asked_and_never_with_smtp_or_https() {
        assert!(config(&[("PARTNERHUB_DEV_OUTBOX", "1")]).unwrap().dev_outbox);
        assert!(!config(&[("PARTNERHUB_DEV_OUTBOX", "0")]).unwrap().dev_outbox);
        let with_smtp = config(&[("PARTNERHUB_DEV_OUTBOX", "1"), ("PARTNERHUB_SMTP_URL", "smtp://127.0.0.1:1025")]).unwrap_err();
        assert!(with_smtp.to_string().starts_with("PARTNERHUB_DEV_OUTBOX cannot be on together with PARTNERHUB_SMTP_URL"));
        let with_https = config(&[("PARTNERHUB_DEV_OUTBOX", "1"), ("PARTNERHUB_PUBLIC_URL", "https://partners.example")]).unwrap_err();
        assert!(with_https.to_string().starts_with("PARTNERHUB_DEV_OUTBOX cannot be on with an https"));
        assert_eq!(config(&[("PARTNERHUB_DEV_OUTBOX", "yes")]).unwrap_err().to_string(), "PARTNERHUB_DEV_OUTBOX is not valid: yes");
    }

    #[test]
    fn embed_origins_are_exact_origins_or_subdomain_wildcards() {
        let c = config(&[("PARTNERHUB_EMBED_ORIGINS", "https://intranet.contoso.nl, https://*.sharepoint.example/, http://localhost:3199")]).unwrap();
        assert_eq!(c.embed_origins, ["https://intranet.contoso.nl", "https://*.sharepoint.example", "http://localhost:3199"]);
        assert!(c.embedded() && c.secure_cookies());
        assert!(!config(&[]).unwrap().embedded());
        for bad in [
            "intranet.contoso.nl",
            "https://",
            "https://*",
            "https://*.com",
            "ftp://x.nl",
            "https://x.nl/path",
            "https://x.nl:99999",
            "https://a*.x.nl",
            "'self'",
            "*",
        ] {
            let err = config(&[("PARTNERHUB_EMBED_ORIGINS", bad)]).unwrap_err();
            assert_eq!(err.to_string(), format!("PARTNERHUB_EMBED_ORIGINS is not valid: {bad}"), "{bad}");
        }
    }

    #[test]
    fn bad_settings_are_named() {
        let err = config(&[("PARTNERHUB_HOLIDAYS", "2026-12-25,christmas")]).unwrap_err();
        assert_eq!(err.to_string(), "PARTNERHUB_HOLIDAYS is not valid: christmas");
        let err = config(&[("PARTNERHUB_SESSION_MAX_HOURS", "0")]).unwrap_err();
        assert_eq!(err.to_string(), "PARTNERHUB_SESSION_MAX_HOURS is not valid: 0");
        let err = config(&[("PARTNERHUB_TRUSTED_PROXIES", "10.0.0.2, proxy.intranet")]).unwrap_err();
        assert_eq!(err.to_string(), "PARTNERHUB_TRUSTED_PROXIES is not valid: proxy.intranet");
        let ok = config(&[("PARTNERHUB_TRUSTED_PROXIES", "10.0.0.2, ::1")]).unwrap();
        assert_eq!(ok.trusted_proxies, vec!["10.0.0.2".parse::<IpAddr>().unwrap(), "::1".parse().unwrap()]);
    }
}
