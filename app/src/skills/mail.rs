//! The weekly digest to a company's Partner and Global admins: the certifications of its
//! linked people that expire in the next 90 days, and which competency levels each would cost.

use crate::i18n::*;
use crate::text::{date_text, in_days_text, locale_from_tag};
use chrono::NaiveDate;
use partnerhub_core::Mail;

/// One expiring certification in the digest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DigestLine {
    pub person: String,
    pub exam: String,
    pub title: String,
    pub expires_on: NaiveDate,
    pub days_left: i64,
    /// The competency levels the company would no longer meet.
    pub cost: Vec<partnerhub_domain::skills::CompetencyLevel>,
}

/// The digest to `to` about `company`: `lines` (the first of `total`), `link` the skills report.
pub fn expiry_digest_mail(to: &str, name: &str, locale: &str, company: &str, lines: &[DigestLine], total: usize, link: &str) -> Mail {
    let tag = locale;
    let locale = locale_from_tag(locale);
    let text: Vec<String> = lines
        .iter()
        .map(|l| {
            let cost = if l.cost.is_empty() {
                td_string!(locale, mail.digest_no_cost).to_string()
            } else {
                td_string!(
                    locale,
                    mail.digest_cost,
                    company = company.to_owned(),
                    levels = l.cost.iter().map(|c| c.name_in(tag)).collect::<Vec<_>>().join(", ")
                )
                .to_string()
            };
            td_string!(
                locale,
                mail.digest_line,
                person = l.person.clone(),
                exam = l.exam.clone(),
                title = l.title.clone(),
                date = date_text(locale, l.expires_on),
                when = in_days_text(locale, l.days_left),
                cost = cost
            )
            .to_string()
        })
        .collect();
    let more = total.saturating_sub(lines.len());
    let more = if more == 0 { String::new() } else { crate::plural_text!(locale, mail.digest_more, u32::try_from(more).unwrap_or(u32::MAX)) };
    let count = u32::try_from(total).unwrap_or(u32::MAX);
    Mail {
        to: to.to_owned(),
        subject: crate::plural_text!(locale, mail.digest_subject, count, company = company.to_owned()),
        body: td_string!(
            locale,
            mail.digest_body,
            name = name.to_owned(),
            company = company.to_owned(),
            lines = text.join("\n"),
            more = more,
            link = link.to_owned()
        )
        .to_string(),
    }
}
