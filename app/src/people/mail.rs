//! The invitation mail, in the invitee's language.

use crate::i18n::*;
use crate::text::locale_from_tag;
use partnerhub_core::store::LinkRecipient;
use partnerhub_core::Mail;

pub fn invitation_mail(to: &LinkRecipient, inviter: &str, link: &str) -> Mail {
    let locale = locale_from_tag(&to.locale);
    Mail {
        to: to.email.clone(),
        subject: td_string!(locale, mail.invite_subject, company = to.company_name.clone()).to_string(),
        body: td_string!(
            locale,
            mail.invite_body,
            name = to.full_name.clone(),
            inviter = inviter.to_owned(),
            company = to.company_name.clone(),
            link = link.to_owned()
        )
        .to_string(),
    }
}
