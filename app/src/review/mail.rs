//! The decision mail to a company's Global admins, in each one's language.

use crate::i18n::*;
use crate::text::locale_from_tag;
use partnerhub_core::Mail;
use partnerhub_domain::Decision;

pub fn decision_mail(to: &str, name: &str, locale: &str, company: &str, decision: Decision, reason: Option<&str>, link: &str) -> Mail {
    let locale = locale_from_tag(locale);
    let outcome = match decision {
        Decision::Authorize => td_string!(locale, mail.decision_authorized),
        Decision::Reject => td_string!(locale, mail.decision_rejected),
        Decision::Challenge => td_string!(locale, mail.decision_challenged),
    };
    Mail {
        to: to.to_owned(),
        subject: td_string!(locale, mail.decision_subject, company = company.to_owned()).to_string(),
        body: td_string!(
            locale,
            mail.decision_body,
            name = name.to_owned(),
            company = company.to_owned(),
            outcome = outcome.to_string(),
            reason = reason.unwrap_or("—").to_owned(),
            link = link.to_owned()
        )
        .to_string(),
    }
}
