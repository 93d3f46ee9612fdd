//! The two password inputs for setting a password (invitation, reset), with the same instant
//! checks as enrollment.

use crate::components::{Field, FormState, TextInput};
use crate::i18n::*;
use leptos::prelude::*;
use partnerhub_domain::{Password, Problem};

#[component]
pub fn NewPasswordFields(state: FormState) -> impl IntoView {
    let i18n = use_i18n();
    let password = Field::new("password", String::new(), Some(|s| Password::parse(s).map(|_| ())));
    let repeat = Field::new("password_repeat", String::new(), None);
    let mismatch = Signal::derive(move || {
        Password::parse_confirmed(&password.value.get(), &repeat.value.get())
            .err()
            .filter(|(field, _)| *field == "password_repeat")
            .map(|(_, p): (&str, Problem)| p)
    });
    view! {
        <TextInput state field=password kind="password" autocomplete="new-password"
            label=move || t_string!(i18n, enroll.password).to_string()
            hint=move || t_string!(i18n, enroll.password_hint).to_string()/>
        <TextInput state field=repeat kind="password" autocomplete="new-password" also=mismatch
            label=move || t_string!(i18n, enroll.password_repeat).to_string()/>
    }
}

/// Parses the two password inputs into the problems a form shows.
pub fn parse_new_password(password: &str, repeat: &str) -> Result<Password, crate::error::AppError> {
    Password::parse_confirmed(password, repeat).map_err(|(field, p)| crate::error::AppError::field(field, p))
}
