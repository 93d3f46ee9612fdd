//! The users page: who is in the company, pending invitations (resend, correct the address),
//! roles, deletion, and the form that adds a user. What a role cannot do is not shown; the
//! server functions refuse it anyway.

use super::*;
use crate::company::CompanyFrame;
use crate::components::SignInFirst;
use crate::components::{ErrorSummary, Field, FormState, TextInput};
use crate::error::AppError;
use crate::flash::take_flash;
use crate::i18n::*;
use crate::text::{date_text, failure_text, role_text};
use leptos::prelude::*;
use partnerhub_domain::roles::can;
use partnerhub_domain::{Capability, PersonName, Role, Status};

const FORMS: &str = "invite_user,resend_invitation,change_roles,delete_user";

#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    let invite = ServerAction::<InviteUser>::new();
    let resend = ServerAction::<ResendInvitation>::new();
    let roles = ServerAction::<ChangeRoles>::new();
    let delete = ServerAction::<DeleteUser>::new();
    let data = Resource::new(move || (invite.version().get(), resend.version().get(), roles.version().get(), delete.version().get()), |_| company_users());
    let flash = Resource::new(|| (), |_| take_flash(FORMS.into()));
    let invite_state = FormState::new();
    let row_state = FormState::new();
    invite_state.follow(invite);
    for_each_row_action(row_state, resend, roles, delete);
    let email = Field::new("email", String::new(), Some(crate::email_policy::check_work_email));
    let name = Field::new("full_name", String::new(), Some(|s| PersonName::parse(s).map(|_| ())));
    Effect::new(move |_| {
        if invite.value().get().is_some_and(|r| r.is_ok()) {
            email.value.set(String::new());
            email.touched.set(false);
            name.value.set(String::new());
            name.touched.set(false);
        }
    });
    view! {
        <CompanyFrame>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    let mut invite_roles = Vec::new();
                    if let Ok(Some(f)) = flash.await {
                        if f.form == "invite_user" {
                            invite_state.restore(&f, &[email, name]);
                            let ticked = |role: Role| f.value(role.as_str()).is_some_and(|v| !v.is_empty());
                            invite_roles = Role::ALL.into_iter().filter(|r| ticked(*r)).collect();
                        } else {
                            row_state.restore(&f, &[]);
                        }
                    }
                    let view = match data.await {
                        Ok(v) => v,
                        Err(AppError::SignInRequired) => return view! { <SignInFirst/> }.into_any(),
                        Err(e) => return view! { <p class="error-summary" role="alert">{move || failure_text(i18n.get_locale(), &e)}</p> }.into_any(),
                    };
                    let unlocked = view.status == Status::Authorized;
                    let assign = can(&view.my_roles, Capability::AssignRoles);
                    let remove = can(&view.my_roles, Capability::DeleteUsers);
                    let me = view.me;
                    view! {
                        <header class="page-header">
                            <p class="eyebrow">{view.company_name.clone()}</p>
                            <h1>{t!(i18n, users.title)}</h1>
                        </header>
                        {(!unlocked).then(|| view! { <p class="notice">{t!(i18n, users.locked)}</p> })}
                        <section class="card" aria-labelledby="users-heading">
                            <h2 id="users-heading">{t!(i18n, users.list_title, count = view.users.len())}</h2>
                            <Show when=move || row_state.succeeded.get()>
                                <p class="notice notice-ok" role="status">{t!(i18n, users.saved)}</p>
                            </Show>
                            <ErrorSummary state=row_state/>
                            <ul class="user-list">
                                {view.users.into_iter().map(|u| view! {
                                    <UserItem user=u me assign remove resend roles delete/>
                                }).collect_view()}
                            </ul>
                        </section>
                        {unlocked.then(|| view! {
                            <section class="card" aria-labelledby="invite-heading">
                                <h2 id="invite-heading">{t!(i18n, users.invite_title)}</h2>
                                <p class="muted">{t!(i18n, users.invite_lead)}</p>
                                <Show when=move || invite_state.succeeded.get()>
                                    <p class="notice notice-ok" role="status">{t!(i18n, users.invited)}</p>
                                </Show>
                                <ErrorSummary state=invite_state/>
                                <ActionForm action=invite attr:novalidate=true attr:class="form">
                                    <TextInput state=invite_state field=name autocomplete="off"
                                        label=move || t_string!(i18n, users.full_name).to_string()/>
                                    <TextInput state=invite_state field=email kind="email" autocomplete="off"
                                        label=move || t_string!(i18n, users.email).to_string()/>
                                    {if assign {
                                        view! { <RoleBoxes id_prefix="invite".to_string() checked=invite_roles.clone()/> }.into_any()
                                    } else {
                                        view! { <p class="hint">{t!(i18n, users.roles_by_global)}</p> }.into_any()
                                    }}
                                    <div class="actions">
                                        <button type="submit" class="button primary" disabled=move || invite.pending().get()>
                                            {t!(i18n, users.send_invitation)}
                                        </button>
                                    </div>
                                </ActionForm>
                            </section>
                        })}
                    }.into_any()
                })}
            </Suspense>
        </CompanyFrame>
    }
}

fn for_each_row_action(state: FormState, resend: ServerAction<ResendInvitation>, roles: ServerAction<ChangeRoles>, delete: ServerAction<DeleteUser>) {
    state.follow(resend);
    state.follow(roles);
    state.follow(delete);
}

/// The three role checkboxes; every user also has the *User* role.
#[component]
fn RoleBoxes(id_prefix: String, checked: Vec<Role>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <fieldset class="field choice roles">
            <legend>{t!(i18n, users.roles)}</legend>
            {Role::ALL.into_iter().map(|role| {
                let id = format!("{id_prefix}-{}", role.as_str());
                view! {
                    <div class="checkbox">
                        <input type="checkbox" id=id.clone() name=role.as_str() value="on" checked=checked.contains(&role)/>
                        <label for=id>{move || role_text(i18n.get_locale(), Some(role))}</label>
                    </div>
                }
            }).collect_view()}
            <p class="hint">{t!(i18n, users.roles_hint)}</p>
        </fieldset>
    }
}

#[component]
fn UserItem(
    user: UserRow,
    me: i64,
    assign: bool,
    remove: bool,
    resend: ServerAction<ResendInvitation>,
    roles: ServerAction<ChangeRoles>,
    delete: ServerAction<DeleteUser>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = user.id;
    let invited = user.invited_at;
    let badges = if user.roles.is_empty() { vec![None] } else { user.roles.iter().copied().map(Some).collect() };
    let name = user.full_name.clone();
    view! {
        <li class="user-item">
            <div class="user-main">
                <strong>{user.full_name.clone()}</strong>
                {(id == me).then(|| view! { <span class="muted">" " {t!(i18n, users.you)}</span> })}
                <br/><span class="muted">{user.email.clone()}</span>
                <p class="badges">
                    {badges.into_iter().map(|r| view! { <span class="badge">{move || role_text(i18n.get_locale(), r)}</span> }).collect_view()}
                    {invited.map(|at| view! {
                        <span class="badge badge-wait">{move || t_string!(i18n, users.invited_on, date = date_text(i18n.get_locale(), at.date_naive())).to_string()}</span>
                    })}
                </p>
            </div>
            <div class="user-actions">
                {invited.is_some().then(|| view! {
                    <ActionForm action=resend attr:class="inline-form">
                        <input type="hidden" name="user_id" value=id/>
                        <button type="submit" class="button secondary">{t!(i18n, users.resend)}</button>
                    </ActionForm>
                    <details>
                        <summary>{t!(i18n, users.correct_address)}</summary>
                        <ActionForm action=resend attr:novalidate=true attr:class="form compact">
                            <input type="hidden" name="user_id" value=id/>
                            <div class="field">
                                <label for=format!("correct-{id}")>{t!(i18n, users.new_address)}</label>
                                <input id=format!("correct-{id}") type="email" name="email" autocomplete="off" value=user.email.clone()/>
                            </div>
                            <button type="submit" class="button secondary">{t!(i18n, users.send_to_address)}</button>
                        </ActionForm>
                    </details>
                })}
                {assign.then(|| view! {
                    <details>
                        <summary>{t!(i18n, users.change_roles)}</summary>
                        <ActionForm action=roles attr:class="form compact">
                            <input type="hidden" name="user_id" value=id/>
                            <RoleBoxes id_prefix=format!("roles-{id}") checked=user.roles.clone()/>
                            <button type="submit" class="button secondary">{move || t_string!(i18n, users.save_roles_for, name = name.clone()).to_string()}</button>
                        </ActionForm>
                    </details>
                })}
                {(remove && id != me).then(|| {
                    let name = user.full_name.clone();
                    view! {
                        <details>
                            <summary>{t!(i18n, users.delete)}</summary>
                            <ActionForm action=delete attr:class="form compact">
                                <input type="hidden" name="user_id" value=id/>
                                <p class="hint">{t!(i18n, users.delete_warning)}</p>
                                <button type="submit" class="button danger">{move || t_string!(i18n, users.delete_named, name = name.clone()).to_string()}</button>
                            </ActionForm>
                        </details>
                    }
                })}
            </div>
        </li>
    }
}
