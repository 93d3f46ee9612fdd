//! Reminders of expiring certifications and the admins' weekly digest, with the clock moved:
//! each reminder once across runs and a restart, none for a renewed certification's old date
//! or for a person whose link ended, the digest once a week with what each lapse would cost.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use partnerhub::reminders::{reminders_run, REMINDERS_EVERY};
use partnerhub_core::demo::DEMO_PROVIDER_PASSWORD as DEMO;

/// Sven Taylor's profile: MW-102 expires on 7 June 2027.
const SVEN: &str = "sven.taylor@dijkstra-cloud.nl";
/// Tess Dekker's profile: DT-203 expires on 18 February 2027.
const TESS: &str = "tess.dekker@molenwerf.nl";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn link(app: &TestApp, client: &reqwest::Client, email: &str) {
    let linked = app.call_with(client, "associate_profile", &[("email", email), ("password", DEMO), ("intent", "link")], &[]).await;
    assert!(linked.ok(), "{}", linked.body);
}

/// The subjects of the mails sent to `to` that mention `exam`.
fn subjects(app: &TestApp, to: &str, about: &str) -> Vec<String> {
    app.outbox().iter().filter(|m| m["to"] == to && m["subject"].as_str().unwrap().contains(about)).map(|m| m["subject"].as_str().unwrap().to_owned()).collect()
}

#[tokio::test]
async fn each_reminder_goes_once_at_90_30_and_7_days_across_a_restart_and_never_for_a_renewed_or_unlinked_certification() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", "227904006").await;
    let bob = app.invited(&anna, "bob@contoso.nl", "Bob Jansen", &[]).await;
    let carla = app.invited(&anna, "carla@contoso.nl", "Carla Smit", &[]).await;
    link(&app, &bob, SVEN).await;
    link(&app, &carla, TESS).await;
    // Carla leaves before any reminder is due: her link ends.
    assert!(app.call_with(&carla, "remove_access", &[], &[]).await.ok());

    let run = |now: &'static str| {
        let state = app.state.clone();
        async move { reminders_run(&state, REMINDERS_EVERY, at(now)).await }
    };
    let sven = || subjects(&app, "bob@contoso.nl", "MW-102");
    run("2027-03-08T09:00:00Z").await;
    assert!(sven().is_empty(), "91 days before: nothing yet");
    run("2027-03-09T09:00:00Z").await;
    assert_eq!(sven(), vec!["Your certification MW-102 expires in 90 days"]);
    let reminder = app.outbox().into_iter().rfind(|m| m["to"] == "bob@contoso.nl").unwrap();
    let body = reminder["body"].as_str().unwrap();
    assert!(body.contains("Hello Bob Jansen") && body.contains("7 June 2027") && body.contains("renew") && body.contains("/me"), "{body}");
    run("2027-03-09T10:00:00Z").await;
    run("2027-03-20T09:00:00Z").await;
    assert_eq!(sven().len(), 1, "the 90-day reminder once");

    // A restart: a new process state on the same database remembers what was sent.
    let restarted = partnerhub_core::AppState::start((*app.state.config).clone()).await.unwrap();
    reminders_run(&restarted, REMINDERS_EVERY, at("2027-03-21T09:00:00Z")).await;
    assert_eq!(sven().len(), 1, "nothing again after a restart");
    reminders_run(&restarted, REMINDERS_EVERY, at("2027-05-08T09:00:00Z")).await;
    run("2027-05-08T10:00:00Z").await;
    assert_eq!(
        sven(),
        vec!["Your certification MW-102 expires in 90 days", "Your certification MW-102 expires in 30 days"],
        "the 30-day reminder once, by either process"
    );

    app.sql("UPDATE users SET locale = 'nl' WHERE email = 'bob@contoso.nl'").await;
    run("2027-05-31T09:00:00Z").await;
    run("2027-06-07T09:00:00Z").await;
    run("2027-06-08T09:00:00Z").await;
    assert_eq!(sven().last().unwrap(), "Uw certificering MW-102 verloopt over 7 dagen", "in the person's language");
    assert_eq!(sven().len(), 3, "the 7-day reminder once; nothing once expired");

    // Renewed: the old date gets nothing more, the new one its own reminders in time.
    app.sql("UPDATE cert_certifications SET expires_on = '2028-06-07' WHERE mcid = '10000065' AND exam = 'MW-102'").await;
    run("2027-06-01T09:00:00Z").await;
    assert_eq!(sven().len(), 3, "nothing for the renewed certification's old date");
    run("2028-03-09T09:00:00Z").await;
    assert_eq!(sven().len(), 4, "the renewed certification's 90-day reminder");

    assert!(subjects(&app, "carla@contoso.nl", "DT-203").is_empty(), "no reminder once the link ended");
    run("2027-02-11T09:00:00Z").await;
    assert!(subjects(&app, "carla@contoso.nl", "DT-203").is_empty());
}

#[tokio::test]
async fn admins_get_one_digest_a_week_of_what_expires_in_90_days_and_which_competency_each_would_cost() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", "227904006").await;
    app.invited(&anna, "pia@contoso.nl", "Pia Peeters", &["partner_admin"]).await;
    let bob = app.invited(&anna, "bob@contoso.nl", "Bob Jansen", &[]).await;
    let finn = app.invited(&anna, "finn@contoso.nl", "Finn de Groot", &[]).await;
    link(&app, &bob, SVEN).await;
    link(&app, &finn, "finn.degroot@tulpenveld.nl").await;
    // Finn also holds MW-102 until the end of 2027: with Sven, Modern Workplace Silver (2 people) is met.
    app.sql("INSERT INTO cert_certifications (mcid, exam, title, passed_on, expires_on) VALUES ('10000270', 'MW-102', 'Modern Workplace Administrator', '2025-12-31', '2027-12-31')").await;

    let digests = |to: &str| subjects(&app, to, "in the next 90 days");
    reminders_run(&app.state, REMINDERS_EVERY, at("2027-04-01T09:00:00Z")).await;
    assert_eq!(digests("anna@contoso.nl"), vec!["1 certification at Contoso Nederland B.V. expires in the next 90 days"]);
    assert_eq!(digests("pia@contoso.nl").len(), 1, "Partner admins get it too");
    assert!(digests("bob@contoso.nl").is_empty(), "people without an admin role do not");
    let digest = app.outbox().into_iter().rfind(|m| m["to"] == "anna@contoso.nl").unwrap();
    let body = digest["body"].as_str().unwrap();
    assert!(body.contains("- Bob Jansen: MW-102 Modern Workplace Administrator, expires on 7 June 2027 (in 67 days)."), "{body}");
    assert!(body.contains("If it lapses, Contoso Nederland B.V. no longer meets: Modern Workplace Silver."), "{body}");
    assert!(!body.contains("CL-104"), "Finn's CL-104 expires in 95 days: not yet");

    reminders_run(&app.state, REMINDERS_EVERY, at("2027-04-02T09:00:00Z")).await;
    assert_eq!(digests("anna@contoso.nl").len(), 1, "once a week");
    reminders_run(&app.state, REMINDERS_EVERY, at("2027-04-08T09:00:00Z")).await;
    assert_eq!(
        digests("anna@contoso.nl"),
        vec!["1 certification at Contoso Nederland B.V. expires in the next 90 days", "2 certifications at Contoso Nederland B.V. expire in the next 90 days"],
        "the next week, with Finn's CL-104 now within 90 days"
    );
}
