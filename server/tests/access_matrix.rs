//! The access matrix: every server function, called by each kind of caller, is allowed or
//! denied as P-1, E-10 and L-1 say. Denied means 401 (sign in) or 403 (not yours); allowed
//! means the function ran (its answer may still refuse the input). The table must name every
//! registered server function, so a new one fails this test until it gets a row.

mod common;

use common::*;
use std::collections::BTreeSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    User,
    PartnerAdmin,
    AccountAdmin,
    GlobalAdmin,
    OtherCompanyGlobalAdmin,
    Reviewer,
}

use Who::*;

const EVERYONE: &[Who] = &[Anonymous, User, PartnerAdmin, AccountAdmin, GlobalAdmin, OtherCompanyGlobalAdmin, Reviewer];
const COMPANY_USERS: &[Who] = &[User, PartnerAdmin, AccountAdmin, GlobalAdmin, OtherCompanyGlobalAdmin];
/// Global and Account admins, each in their own company.
const USER_ADMINS: &[Who] = &[AccountAdmin, GlobalAdmin, OtherCompanyGlobalAdmin];
/// Global admins acting on company A's people: only A's.
const GLOBAL_ADMIN_OF_A: &[Who] = &[GlobalAdmin];
const ACCOUNT_OR_GLOBAL_ADMIN_OF_A: &[Who] = &[AccountAdmin, GlobalAdmin];
const GLOBAL_ADMINS: &[Who] = &[GlobalAdmin, OtherCompanyGlobalAdmin];
const REVIEWERS: &[Who] = &[Reviewer];
const SKILLS_ADMINS: &[Who] = &[PartnerAdmin, GlobalAdmin, OtherCompanyGlobalAdmin];
const SKILLS_ADMINS_OF_A: &[Who] = &[PartnerAdmin, GlobalAdmin];

/// One row: a server function, the form it is called with, and who may call it.
struct Row {
    endpoint: &'static str,
    form: Vec<(&'static str, String)>,
    allowed: &'static [Who],
}

fn row(endpoint: &'static str, form: &[(&'static str, &str)], allowed: &'static [Who]) -> Row {
    Row { endpoint, form: form.iter().map(|(k, v)| (*k, v.to_string())).collect(), allowed }
}

#[tokio::test]
async fn every_server_function_allows_exactly_the_callers_its_rule_names() {
    let app = spawn_with(&[("PARTNERHUB_DEV_OUTBOX", "1")]).await;
    // Company A (authorized) with one user of each role; company B's Global admin; a reviewer.
    let global = client();
    let company_a = app.authorized_company(&global, "anna@contoso.nl", "227904006").await;
    let account_admin = app.invited(&global, "bob@contoso.nl", "Bob Jansen", &["account_admin"]).await;
    let partner_admin = app.invited(&global, "carla@contoso.nl", "Carla Smit", &["partner_admin"]).await;
    let user = app.invited(&global, "dirk@contoso.nl", "Dirk Bakker", &[]).await;
    let other = client();
    app.authorized_company(&other, "olga@dijkstra-cloud.nl", "443043868").await;
    let reviewer = app.reviewer("rita@partnerprogramme.example").await;
    // A pending invitation in company A, and A's only Global admin, as targets.
    assert!(app.call_with(&global, "invite_user", &[("email", "eva@contoso.nl"), ("full_name", "Eva Visser")], &[]).await.ok());
    let invitee = app.user_id("eva@contoso.nl").await.to_string();
    let anna = app.user_id("anna@contoso.nl").await.to_string();
    let company = company_a.to_string();
    let callers = [
        (Anonymous, client()),
        (User, user),
        (PartnerAdmin, partner_admin),
        (AccountAdmin, account_admin),
        (GlobalAdmin, global),
        (OtherCompanyGlobalAdmin, other),
        (Reviewer, reviewer),
    ];
    let password = [("password", PASSWORD), ("password_repeat", PASSWORD)];

    let rows = vec![
        // Enrollment and the pages around it: anyone.
        row("start_enrollment", &[("email", "x")], EVERYONE),
        row("verify_code", &[("code", "123456")], EVERYONE),
        row("resend_code", &[], EVERYONE),
        row("enrollment", &[], EVERYONE),
        row("save_account", &[("full_name", "X Y"), password[0], password[1]], EVERYONE),
        row("lookup_duns", &[("duns", "1")], EVERYONE),
        row("save_company", &[("mode", "manual")], EVERYONE),
        row("save_contact", &[("who", "me")], EVERYONE),
        row("complete_enrollment", &[("version", "2026-11")], EVERYONE),
        row("verify_contact", &[("token", "not-a-token")], EVERYONE),
        row("take_flash", &[("forms", "sign_in")], EVERYONE),
        // The development outbox, turned on for this test (`PARTNERHUB_DEV_OUTBOX=1`).
        row("dev_outbox", &[], EVERYONE),
        row("current_user", &[], EVERYONE),
        row("sign_in", &[("email", "anna@contoso.nl"), ("password", "not the password")], EVERYONE),
        row("request_password_reset", &[("email", "nobody@contoso.nl")], EVERYONE),
        row("reset_password", &[("token", "not-a-token"), password[0], password[1]], EVERYONE),
        row("invitation", &[("token", "not-a-token")], EVERYONE),
        row("accept_invitation", &[("token", "not-a-token"), password[0], password[1]], EVERYONE),
        // The company's own pages.
        row("company_status", &[], COMPANY_USERS),
        row("company_users", &[], USER_ADMINS),
        row("invite_user", &[("email", "not an address"), ("full_name", "X Y")], USER_ADMINS),
        row("resend_invitation", &[("user_id", &invitee)], ACCOUNT_OR_GLOBAL_ADMIN_OF_A),
        row("change_roles", &[("user_id", &anna)], GLOBAL_ADMIN_OF_A),
        row("delete_user", &[("user_id", &anna)], GLOBAL_ADMIN_OF_A),
        row("company_audit", &[], GLOBAL_ADMINS),
        row("appeal", &[], USER_ADMINS),
        // The partner profile: everyone of a company reads it; Account and Global admins edit
        // their own; a Global admin accepts a new agreement version.
        row("company_locations", &[], COMPANY_USERS),
        row(
            "add_location",
            &[
                ("address[country]", ""),
                ("address[line1]", ""),
                ("address[line2]", ""),
                ("address[city]", ""),
                ("address[region]", ""),
                ("address[postal_code]", ""),
                ("contact_name", ""),
                ("contact_email", ""),
            ],
            USER_ADMINS,
        ),
        row("legal_details", &[], USER_ADMINS),
        row("resend_contact_link", &[], USER_ADMINS),
        row(
            "correct_details",
            &[
                ("legal_name", ""),
                ("address[country]", ""),
                ("address[line1]", ""),
                ("address[line2]", ""),
                ("address[city]", ""),
                ("address[region]", ""),
                ("address[postal_code]", ""),
            ],
            USER_ADMINS,
        ),
        row("company_agreement", &[], COMPANY_USERS),
        row("accept_agreement", &[("version", "2026-11")], GLOBAL_ADMINS),
        // My profile: each company user for themselves (L-1); no one else, no reviewer.
        row("my_profile", &[], COMPANY_USERS),
        row("associate_profile", &[("email", ""), ("password", "")], COMPANY_USERS),
        row("remove_access", &[], COMPANY_USERS),
        row("university_access", &[("email", ""), ("password", "")], COMPANY_USERS),
        row("remove_university", &[], COMPANY_USERS),
        row("associate_shared", &[], COMPANY_USERS),
        // Skills report and competencies: Global and Partner admins, their own company.
        row("skills_report", &[], SKILLS_ADMINS),
        row("remove_from_report", &[("user_id", &anna)], SKILLS_ADMINS_OF_A),
        row("competencies", &[], SKILLS_ADMINS),
        // Platform reviewers.
        row("review_queue", &[], REVIEWERS),
        row("decide_company", &[("company_id", &company), ("decision", "reject"), ("reason", "")], REVIEWERS),
        // Last: it ends the session.
        row("sign_out", &[], EVERYONE),
    ];

    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.trim_start_matches("/api/").to_owned()).collect();
    let covered: BTreeSet<String> = rows.iter().map(|r| r.endpoint.to_owned()).collect();
    assert_eq!(registered, covered, "every server function has exactly one row");

    let mut wrong = Vec::new();
    for r in &rows {
        for (who, c) in &callers {
            let answer = if r.endpoint == "appeal" {
                app.call_multipart(c, r.endpoint, "", None).await
            } else {
                let form: Vec<(&str, &str)> = r.form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                app.call_with(c, r.endpoint, &form, &[]).await
            };
            assert!(answer.status < 500, "{} by {who:?}: {} {}", r.endpoint, answer.status, answer.body);
            let allowed = !matches!(answer.status, 401 | 403);
            if allowed != r.allowed.contains(who) {
                wrong.push(format!("{} by {who:?}: {} {}", r.endpoint, answer.status, answer.body));
            }
        }
    }
    assert!(wrong.is_empty(), "{} of {} cells are wrong:\n{}", wrong.len(), rows.len() * callers.len(), wrong.join("\n"));
    // Listing is allowed to B's admin, but shows only B's people.
    let theirs = app.call_with(&callers[5].1, "company_users", &[], &[]).await.body;
    assert!(!theirs.contains("contoso.nl"), "another company's admin sees none of A's users");
    app.assert_no_internals_leaked();
}
