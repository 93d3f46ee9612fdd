//! The password-reset mail, in the recipient's language.

use crate::i18n::*;
use crate::text::locale_from_tag;
use partnerhub_core::store::LinkRecipient;
use partnerhub_core::Mail;

pub fn reset_mail(to: &LinkRecipient, link: &str) -> Mail {
    let locale = locale_from_tag(&to.locale);
    Mail {
        to: to.email.clone(),
        subject: td_string!(locale, mail.reset_subject).to_string(),
        body: td_string!(locale, mail.reset_body, name = to.full_name.clone(), link = link.to_owned()).to_string(),
    }
}
