//! Reminders of expiring certifications, on a schedule inside the server. Each hour one run
//! (claimed in the database, so that one process of several does it) mails each linked person
//! the reminder due for each of their certifications: 90, 30 and 7 days before it expires, each
//! once (recorded before the mail goes, given back if it cannot be sent), in their language.
//! Once a week each company's Partner and Global admins get a digest of what expires in the
//! next 90 days and which competency levels each certification would cost. Nothing is sent for
//! a renewed certification's old date, nor to people whose link ended.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use partnerhub_core::store::ExpiringCertification;
use partnerhub_core::AppState;
use partnerhub_domain::expiry::{days_left, lapse_cost, reminder_due, SOON_DAYS};
use partnerhub_domain::skills::Certified;

/// How often the reminders run.
pub const REMINDERS_EVERY: std::time::Duration = std::time::Duration::from_secs(60 * 60);

/// The most reminders one run mails; the rest follow in the next runs.
pub const REMINDERS_PER_RUN: usize = 1000;

/// The most certifications one digest lists; it says how many more there are.
pub const DIGEST_LINES: usize = 200;

/// What one run mailed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sent {
    pub reminders: usize,
    pub digests: usize,
}

/// Runs the reminders now and then every `every`, for as long as the server runs.
pub async fn reminders(state: AppState, every: std::time::Duration) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let sent = reminders_run(&state, every, Utc::now()).await;
        if sent != Sent::default() {
            tracing::info!(?sent, "expiry reminders sent");
        }
    }
}

/// One run for the period of length `every` that holds `now` (and the digest for its ISO
/// week): what this process mailed, nothing when another process claimed the run.
pub async fn reminders_run(state: &AppState, every: std::time::Duration, now: DateTime<Utc>) -> Sent {
    let mut sent = Sent::default();
    let today = now.date_naive();
    let Some(until) = today.checked_add_days(Days::new(SOON_DAYS as u64)) else {
        return sent;
    };
    let claim = |job: &'static str, slot: i64| async move {
        state.store.claim_run(job, slot, now).await.unwrap_or_else(|e| {
            tracing::error!(error = %e, job, "claim");
            false
        })
    };
    let hour_slot = now.timestamp() / every.as_secs().max(1) as i64;
    let week = now.iso_week();
    let week_slot = i64::from(week.year()) * 100 + i64::from(week.week());
    let (reminders_due, digest_due) = (claim("expiry_reminders", hour_slot).await, claim("expiry_digest", week_slot).await);
    if !reminders_due && !digest_due {
        return sent;
    }
    let expiring = match state.store.expiring_certifications(today, until).await {
        Ok(rows) => rows,
        Err(e) => {
            tracing::error!(error = %e, "expiring certifications");
            return sent;
        }
    };
    if reminders_due {
        sent.reminders = send_reminders(state, &expiring, now).await;
    }
    if digest_due {
        sent.digests = send_digests(state, &expiring, today).await;
    }
    sent
}

fn date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

async fn send_reminders(state: &AppState, expiring: &[ExpiringCertification], now: DateTime<Utc>) -> usize {
    let today = now.date_naive();
    let link = format!("{}/me", state.config.public_url);
    let mut sent = 0;
    for c in expiring {
        if sent == REMINDERS_PER_RUN {
            break;
        }
        let Some(expires_on) = date(&c.expires_on) else { continue };
        let Some(due) = reminder_due(expires_on, today) else { continue };
        if c.reminded.is_some_and(|closest| closest <= due) {
            continue;
        }
        match state.store.claim_reminder(c.user_id, &c.exam, &c.expires_on, due, now).await {
            Ok(true) => {}
            Ok(false) => continue,
            Err(e) => {
                tracing::error!(error = %e, "claim reminder");
                continue;
            }
        }
        let mail = partnerhub_app::my_profile::expiry_reminder_mail(
            &c.email,
            &c.full_name,
            &c.locale,
            &c.exam,
            &c.title,
            expires_on,
            days_left(expires_on, today),
            &link,
        );
        match state.mailer.send(mail).await {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::error!(error = %e, "expiry reminder mail");
                if let Err(e) = state.store.release_reminder(c.user_id, &c.exam, &c.expires_on, c.reminded).await {
                    tracing::error!(error = %e, "release reminder");
                }
            }
        }
    }
    sent
}

async fn send_digests(state: &AppState, expiring: &[ExpiringCertification], today: NaiveDate) -> usize {
    let catalogue = &state.catalogue;
    let link = format!("{}/company/skills", state.config.public_url);
    let mut sent = 0;
    for company in expiring.chunk_by(|a, b| a.company_id == b.company_id) {
        let company_id = company[0].company_id;
        let (view, linked, recipients) = match tokio::try_join!(
            state.store.company_view(company_id),
            state.store.linked_certifications(company_id),
            state.store.digest_recipients(company_id)
        ) {
            Ok((Some(view), linked, recipients)) => (view, linked, recipients),
            Ok((None, ..)) => continue,
            Err(e) => {
                tracing::error!(error = %e, company_id, "expiry digest");
                continue;
            }
        };
        let people = Certified::group(linked);
        let lines: Vec<partnerhub_app::skills::DigestLine> = company
            .iter()
            .take(DIGEST_LINES)
            .filter_map(|c| {
                let expires_on = date(&c.expires_on)?;
                let cost = lapse_cost(catalogue, &people, today, c.user_id, &c.exam);
                Some(partnerhub_app::skills::DigestLine {
                    person: c.full_name.clone(),
                    exam: c.exam.clone(),
                    title: c.title.clone(),
                    expires_on,
                    days_left: days_left(expires_on, today),
                    cost,
                })
            })
            .collect();
        for (name, email, locale) in recipients {
            let mail = partnerhub_app::skills::expiry_digest_mail(&email, &name, &locale, &view.legal_name, &lines, company.len(), &link);
            match state.mailer.send(mail).await {
                Ok(()) => sent += 1,
                Err(e) => tracing::error!(error = %e, company_id, "expiry digest mail"),
            }
        }
    }
    sent
}
