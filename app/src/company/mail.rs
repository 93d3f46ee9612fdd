//! The mail asking a location's contact to confirm their address, in the sender's language.

use crate::i18n::*;
use partnerhub_core::Mail;

pub fn location_contact_mail(locale: Locale, to: &str, name: &str, by: &str, company: &str, link: &str) -> Mail {
    Mail {
        to: to.to_owned(),
        subject: td_string!(locale, mail.location_subject, company = company.to_owned()).to_string(),
        body: td_string!(locale, mail.location_body, name = name.to_owned(), by = by.to_owned(), company = company.to_owned(), link = link.to_owned())
            .to_string(),
    }
}
