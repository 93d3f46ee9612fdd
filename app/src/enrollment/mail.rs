//! The mails enrollment sends, in the recipient's language.

use crate::i18n::*;
use partnerhub_core::Mail;
use partnerhub_domain::VerificationCode;

pub fn code_mail(locale: Locale, to: &str, code: &VerificationCode) -> Mail {
    Mail {
        to: to.to_owned(),
        subject: td_string!(locale, mail.code_subject, code = code.as_str().to_owned()).to_string(),
        body: td_string!(locale, mail.code_body, code = code.as_str().to_owned()).to_string(),
    }
}

pub fn contact_mail(locale: Locale, to: &str, name: &str, enroller: &str, company: &str, link: &str) -> Mail {
    Mail {
        to: to.to_owned(),
        subject: td_string!(locale, mail.contact_subject, company = company.to_owned()).to_string(),
        body: td_string!(
            locale,
            mail.contact_body,
            name = name.to_owned(),
            enroller = enroller.to_owned(),
            company = company.to_owned(),
            link = link.to_owned()
        )
        .to_string(),
    }
}
