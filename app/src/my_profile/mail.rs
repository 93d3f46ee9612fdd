//! The reminder that one of a person's certifications expires, in their language.

use crate::i18n::*;
use crate::text::{date_text, in_days_text, locale_from_tag};
use chrono::NaiveDate;
use partnerhub_core::Mail;

/// The reminder to `to` (`name`, language tag `locale`) that `exam` (`title`) expires on
/// `expires_on`, `days_left` days from now; `link` opens My profile.
pub fn expiry_reminder_mail(to: &str, name: &str, locale: &str, exam: &str, title: &str, expires_on: NaiveDate, days_left: i64, link: &str) -> Mail {
    let locale = locale_from_tag(locale);
    let when = in_days_text(locale, days_left);
    Mail {
        to: to.to_owned(),
        subject: td_string!(locale, mail.expiry_subject, exam = exam.to_owned(), when = when.clone()).to_string(),
        body: td_string!(
            locale,
            mail.expiry_body,
            name = name.to_owned(),
            exam = exam.to_owned(),
            title = title.to_owned(),
            date = date_text(locale, expires_on),
            when = when,
            link = link.to_owned()
        )
        .to_string(),
    }
}
