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
    /// `DATABASE_URL`, default a SQLite file in the data directory.
    pub database_url: String,
    /// The address users reach Partnerhub at, for links in mail (`PARTNERHUB_PUBLIC_URL`).
    pub public_url: String,
    /// `PARTNERHUB_SMTP_URL` (`smtp://host:port`, `smtps://user:pass@host`); none = outbox.
    pub smtp_url: Option<String>,
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
    /// Reverse proxies whose `X-Forwarded-For` is believed (`PARTNERHUB_TRUSTED_PROXIES`, IP
    /// addresses, comma list; default none: the connection's peer is the client).
    pub trusted_proxies: Vec<IpAddr>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not valid: {value}")]
    Invalid { name: &'static str, value: String },
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok().filter(|v| !v.trim().is_empty()))
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let addr_text = get("PARTNERHUB_ADDR")
            .or_else(|| get("LEPTOS_SITE_ADDR"))
            .unwrap_or_else(|| "127.0.0.1:3000".into());
        let addr: SocketAddr = addr_text
            .parse()
            .map_err(|_| ConfigError::Invalid { name: "PARTNERHUB_ADDR", value: addr_text.clone() })?;
        let data_dir = PathBuf::from(get("PARTNERHUB_DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = get("DATABASE_URL").unwrap_or_else(|| {
            format!("sqlite://{}", data_dir.join("partnerhub.db").display())
        });
        let public_url = get("PARTNERHUB_PUBLIC_URL")
            .unwrap_or_else(|| format!("http://{addr}"))
            .trim_end_matches('/')
            .to_owned();
        let holidays_text = get("PARTNERHUB_HOLIDAYS").unwrap_or_default();
        let holidays = parse_holidays(&holidays_text)
            .map_err(|value| ConfigError::Invalid { name: "PARTNERHUB_HOLIDAYS", value })?;
        let list = |name| -> Vec<String> {
            get(name)
                .map(|v| v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default()
        };
        let email_policy = EmailPolicy::extended(
            &list("PARTNERHUB_DENIED_WORDS"),
            &list("PARTNERHUB_PERSONAL_DOMAINS"),
        );
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
        Ok(Self {
            trusted_proxies,
            session_idle_minutes: number("PARTNERHUB_SESSION_IDLE_MINUTES", 30)?,
            session_max_hours: number("PARTNERHUB_SESSION_MAX_HOURS", 12)?,
            addr,
            data_dir,
            database_url,
            public_url,
            smtp_url: get("PARTNERHUB_SMTP_URL"),
            mail_from: get("PARTNERHUB_MAIL_FROM")
                .unwrap_or_else(|| "Partnerhub <no-reply@partnerhub.localhost>".into()),
            holidays,
            email_policy,
            demo: get("PARTNERHUB_DEMO").map(|v| v != "0" && v != "false").unwrap_or(true),
        })
    }

    /// Cookies get `Secure` when users reach Partnerhub over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The development outbox page exists only without SMTP and on a loopback address.
    pub fn dev_outbox_enabled(&self) -> bool {
        self.smtp_url.is_none() && self.addr.ip().is_loopback()
    }

    pub fn outbox_dir(&self) -> PathBuf {
        self.data_dir.join("outbox")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> =
            pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_run_a_local_demo_with_an_outbox() {
        let c = config(&[]).unwrap();
        assert_eq!(c.addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.database_url, "sqlite://data/partnerhub.db");
        assert!(c.dev_outbox_enabled() && !c.secure_cookies() && c.demo);
        assert_eq!((c.session_idle_minutes, c.session_max_hours), (30, 12));
    }

    #[test]
    fn the_outbox_page_is_off_with_smtp_or_on_a_public_address() {
        assert!(!config(&[("PARTNERHUB_SMTP_URL", "smtp://127.0.0.1:1025")]).unwrap().dev_outbox_enabled());
        assert!(!config(&[("PARTNERHUB_ADDR", "0.0.0.0:80")]).unwrap().dev_outbox_enabled());
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
