//! Outgoing mail: SMTP when `PARTNERHUB_SMTP_URL` is set, otherwise an outbox folder in the data
//! directory (one JSON file per mail) that the development outbox page lists.

use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One mail, already written in the recipient's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// A mail as kept in the outbox.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutboxMail {
    pub sent_at: DateTime<Utc>,
    #[serde(flatten)]
    pub mail: Mail,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("mail could not be built: {0}")]
    Build(String),
    #[error("mail could not be sent: {0}")]
    Send(String),
}

#[derive(Clone)]
pub enum Mailer {
    Smtp { transport: AsyncSmtpTransport<Tokio1Executor>, from: String },
    Outbox { dir: PathBuf },
}

impl Mailer {
    pub fn smtp(url: &str, from: &str) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| MailError::Build(e.to_string()))?.build();
        Ok(Self::Smtp { transport, from: from.to_owned() })
    }

    pub fn outbox(dir: PathBuf) -> Self {
        Self::Outbox { dir }
    }

    pub async fn send(&self, mail: Mail) -> Result<(), MailError> {
        match self {
            Mailer::Smtp { transport, from } => {
                let message = Message::builder()
                    .from(from.parse().map_err(|e: lettre::address::AddressError| MailError::Build(e.to_string()))?)
                    .to(mail.to.parse().map_err(|e: lettre::address::AddressError| MailError::Build(e.to_string()))?)
                    .subject(mail.subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(mail.body)
                    .map_err(|e| MailError::Build(e.to_string()))?;
                transport.send(message).await.map_err(|e| MailError::Send(e.to_string()))?;
                Ok(())
            }
            Mailer::Outbox { dir } => {
                let sent_at = Utc::now();
                let name = format!("{}-{}.json", sent_at.format("%Y%m%dT%H%M%S%.6f"), crate::credentials::new_token());
                let entry = OutboxMail { sent_at, mail };
                tokio::fs::create_dir_all(dir).await.map_err(|e| MailError::Send(e.to_string()))?;
                let json = serde_json::to_vec_pretty(&entry).map_err(|e| MailError::Build(e.to_string()))?;
                tokio::fs::write(dir.join(name), json).await.map_err(|e| MailError::Send(e.to_string()))?;
                tracing::info!(to = %entry.mail.to, subject = %entry.mail.subject, "mail written to the outbox");
                Ok(())
            }
        }
    }

    /// The newest outbox mails first (empty when mail goes out by SMTP).
    pub async fn outbox_mails(&self, limit: usize) -> Vec<OutboxMail> {
        let Mailer::Outbox { dir } = self else { return Vec::new() };
        let Ok(mut entries) = tokio::fs::read_dir(dir).await else { return Vec::new() };
        let mut names = Vec::new();
        while let Ok(Some(entry)) = entries.next_entry().await {
            names.push(entry.path());
        }
        names.sort();
        names.reverse();
        let mut mails = Vec::new();
        for path in names.into_iter().take(limit) {
            if let Ok(bytes) = tokio::fs::read(&path).await {
                if let Ok(mail) = serde_json::from_slice::<OutboxMail>(&bytes) {
                    mails.push(mail);
                }
            }
        }
        mails
    }
}
