//! The partner profile over HTTP: locations and their partner IDs (unique under concurrent
//! additions), contacts confirming by link, corrections of the legal details going back to
//! review, only admins editing, a newer agreement version, and the agreement as a PDF.

mod common;

use common::*;
use partnerhub_app::error::AppError;
use partnerhub_domain::{FieldProblem, Problem};
use std::collections::HashSet;

const DUNS_A: &str = "227904006";

fn json(answer: &Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body))
}

fn location_form(line1: &str, contact: &str) -> Vec<(&'static str, String)> {
    vec![
        ("address[country]", "NL".into()),
        ("address[line1]", line1.into()),
        ("address[line2]", String::new()),
        ("address[city]", "Utrecht".into()),
        ("address[region]", String::new()),
        ("address[postal_code]", "3511BD".into()),
        ("contact_name", "Lotte de Boer".into()),
        ("contact_email", contact.into()),
    ]
}

async fn add_location(app: &TestApp, client: &reqwest::Client, line1: &str, contact: &str) -> Answer {
    let form = location_form(line1, contact);
    let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    app.call_with(client, "add_location", &form, &[]).await
}

#[tokio::test]
async fn partner_ids_stay_unique_under_32_concurrent_location_additions() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let calls = (0..32).map(|i| {
        let (app, anna) = (&app, &anna);
        async move { add_location(app, anna, &format!("Vredenburg {}", i + 1), &format!("contact{i}@contoso.nl")).await }
    });
    let answers = futures::future::join_all(calls).await;
    for a in &answers {
        assert!(a.ok(), "{} {}", a.status, a.body);
    }
    let view = json(&app.call_with(&anna, "company_locations", &[], &[]).await);
    let locations = view["locations"].as_array().unwrap();
    assert_eq!(locations.len(), 33, "the head office and 32 more");
    assert_eq!(locations[0]["head_office"], true);
    let status = json(&app.call_with(&anna, "company_status", &[], &[]).await);
    let mut ids: HashSet<u64> = locations.iter().map(|l| l["partner_id"].as_u64().unwrap()).collect();
    assert!(ids.iter().all(|id| (1_000_000..=9_999_999).contains(id)));
    ids.insert(status["partner_id"].as_u64().unwrap());
    assert_eq!(ids.len(), 34, "every location and the company have their own partner ID");
    assert!(status["status"] == "Authorized", "adding locations does not reopen the review");
}

#[tokio::test]
async fn a_location_contact_confirms_with_the_emailed_link_and_its_address_follows_the_rules() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let refused = add_location(&app, &anna, "Postbus 12", "info@contoso.nl").await;
    assert_eq!(
        refused.problems(),
        vec![
            FieldProblem::field("address[line1]", Problem::PoBoxNotAllowed),
            FieldProblem::field("contact_email", Problem::EmailRoleMailbox { word: "info".into() })
        ]
    );
    assert!(add_location(&app, &anna, "Vredenburg 40", "lotte@contoso.nl").await.ok());
    let token = app.latest_link_token("lotte@contoso.nl");
    let location = |view: serde_json::Value| view["locations"][1].clone();
    let before = location(json(&app.call_with(&anna, "company_locations", &[], &[]).await));
    assert!(before["contact_verified_at"].is_null());
    assert_eq!(before["address_lines"][0], "Vredenburg 40");
    assert_eq!(before["address_lines"][1], "3511 BD Utrecht");
    assert!(app.call_with(&client(), "verify_contact", &[("token", &token)], &[]).await.ok());
    assert_eq!(app.call_with(&client(), "verify_contact", &[("token", &token)], &[]).await.problem(), Problem::LinkInvalid);
    let after = location(json(&app.call_with(&anna, "company_locations", &[], &[]).await));
    assert!(after["contact_verified_at"].is_string());
    let status = json(&app.call_with(&anna, "company_status", &[], &[]).await);
    assert_eq!(status["status"], "Authorized", "a location's contact does not touch the review");
}

#[tokio::test]
async fn a_corrected_name_or_address_sends_the_company_back_to_review_and_the_timeline_says_so() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let other = client();
    app.enrolled_in_review(&other, "olga@dijkstra-cloud.nl", "443043868").await;
    let details = |name: &'static str, line1: &'static str| legal_details(name, line1, "1016 BR");
    assert!(app.call_with(&anna, "correct_details", &details("Contoso Nederland B.V.", "Herengracht 182"), &[]).await.ok());
    assert_eq!(json(&app.call_with(&anna, "company_status", &[], &[]).await)["status"], "Authorized", "no change, no review");

    let taken = app.call_with(&anna, "correct_details", &details("Dijkstra Cloud Diensten B.V.", "Herengracht 182"), &[]).await;
    assert_eq!(taken.problems(), vec![FieldProblem::field("legal_name", Problem::CompanyDuplicate)]);
    let bad = app.call_with(&anna, "correct_details", &details("BV", "Herengracht 182"), &[]).await;
    assert_eq!(bad.problems(), vec![FieldProblem::field("legal_name", Problem::LegalNameOnlyLegalForm)]);

    assert!(app.call_with(&anna, "correct_details", &details("Contoso Nederland B.V.", "Keizersgracht 1"), &[]).await.ok());
    let status = json(&app.call_with(&anna, "company_status", &[], &[]).await);
    assert_eq!(status["status"], "Pending");
    assert!(status["review"]["earliest"].is_string(), "a new review window is shown");
    let last = status["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["kind"], "details_corrected");
    assert!(last["detail"].as_str().unwrap().contains("Herengracht 182") && last["detail"].as_str().unwrap().contains("Keizersgracht 1"));
    assert_eq!(status["locations"][0]["address_lines"][0], "Keizersgracht 1", "the head office moves with the company");
    let rita = app.reviewer("rita@partnerprogramme.example").await;
    let queue = json(&app.call_with(&rita, "review_queue", &[], &[]).await);
    assert!(queue["entries"].as_array().unwrap().iter().any(|e| e["legal_name"] == "Contoso Nederland B.V."), "back in the queue");
}

#[tokio::test]
async fn only_account_and_global_admins_correct_the_profile_or_add_locations() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let partner_admin = app.invited(&anna, "carla@contoso.nl", "Carla Smit", &["partner_admin"]).await;
    let account_admin = app.invited(&anna, "bob@contoso.nl", "Bob Jansen", &["account_admin"]).await;
    assert_eq!(add_location(&app, &partner_admin, "Vredenburg 1", "x@contoso.nl").await.error(), AppError::Forbidden);
    assert_eq!(app.call_with(&partner_admin, "correct_details", &[("legal_name", "X")], &[]).await.status, 400);
    let refused = app
        .call_with(
            &partner_admin,
            "correct_details",
            &[
                ("legal_name", "Other B.V."),
                ("address[country]", "NL"),
                ("address[line1]", "A 1"),
                ("address[line2]", ""),
                ("address[city]", "B"),
                ("address[region]", ""),
                ("address[postal_code]", "1016 BR"),
            ],
            &[],
        )
        .await;
    assert_eq!(refused.error(), AppError::Forbidden);
    assert!(add_location(&app, &account_admin, "Vredenburg 2", "y@contoso.nl").await.ok());
    assert_eq!(json(&app.call_with(&partner_admin, "company_locations", &[], &[]).await)["can_add"], false);
}

#[tokio::test]
async fn a_newer_agreement_version_asks_a_global_admin_to_accept_again_and_the_same_version_twice_is_refused() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let bob = app.invited(&anna, "bob@contoso.nl", "Bob Jansen", &["account_admin"]).await;
    let view = json(&app.call_with(&anna, "company_agreement", &[], &[]).await);
    assert_eq!((view["outdated"].as_bool(), view["accepted"]["version"].as_str()), (Some(false), Some("2026-11")));
    app.sql("UPDATE agreement_acceptances SET version = '2025-01'").await;
    assert_eq!(json(&app.call_with(&bob, "company_agreement", &[], &[]).await)["outdated"], true);
    let by_bob = app.call_with(&bob, "accept_agreement", &[("authority", "yes"), ("accept", "yes"), ("version", "2026-11")], &[]).await;
    assert_eq!(by_bob.error(), AppError::Forbidden, "only a Global admin accepts for the company");
    let unticked = app.call_with(&anna, "accept_agreement", &[("version", "2026-11")], &[]).await;
    assert_eq!(unticked.problems().len(), 2);
    let stale = app.call_with(&anna, "accept_agreement", &[("authority", "yes"), ("accept", "yes"), ("version", "2025-01")], &[]).await;
    assert_eq!(stale.problems(), vec![FieldProblem::field("accept", Problem::AgreementOutdated)]);
    assert!(app.call_with(&anna, "accept_agreement", &[("authority", "yes"), ("accept", "yes"), ("version", "2026-11")], &[]).await.ok());
    let view = json(&app.call_with(&bob, "company_agreement", &[], &[]).await);
    assert_eq!((view["outdated"].as_bool(), view["accepted"]["user_email"].as_str()), (Some(false), Some("anna@contoso.nl")));
    let versions = view["versions"].as_array().map(Vec::len);
    let records = "SELECT COUNT(*) FROM agreement_acceptances";
    let entries = "SELECT COUNT(*) FROM audit_log WHERE action = 'agreement_accepted'";
    let (before, logged) = (app.number(records).await, app.number(entries).await);

    // Accepting the same version again, even many times at once, adds no record.
    let again = futures_util::future::join_all(
        (0..8).map(|_| app.call_with(&anna, "accept_agreement", &[("authority", "yes"), ("accept", "yes"), ("version", "2026-11")], &[])),
    )
    .await;
    assert!(again.iter().all(|a| a.problem() == Problem::AgreementAlreadyAccepted), "{:?}", again.iter().map(|a| &a.body).collect::<Vec<_>>());
    assert_eq!((app.number(records).await, app.number(entries).await), (before, logged));
    assert_eq!(json(&app.call_with(&bob, "company_agreement", &[], &[]).await)["versions"].as_array().map(Vec::len), versions);
}

#[tokio::test]
async fn the_agreement_downloads_as_a_pdf_with_the_acceptance_record_and_every_letter_of_the_name_for_company_users_only() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let renamed = app.call_with(&anna, "correct_details", &legal_details("Łódź Żółć Sp. z o.o.", "Herengracht 182", "1016 BR"), &[]).await;
    assert!(renamed.ok(), "{}", renamed.body);
    let url = format!("{}/company/agreement.pdf", app.base);
    let response = anna.get(&url).send().await.unwrap();
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(text.contains("Łódź Żółć Sp. z o.o."), "the Polish name keeps its letters: {text}");
    let today = chrono::Utc::now().format("%-d %B %Y").to_string();
    assert!(text.contains("Accepted by: Anna de Vries (anna@contoso.nl)"));
    assert!(text.contains(&format!("Accepted on: {today} at")), "acceptance record on {today}");
    assert!(text.contains("Confidentiality."), "the same text as the page");
    let dutch = anna.get(&url).header("accept-language", "nl").send().await.unwrap().bytes().await.unwrap();
    let dutch = pdf_text(&dutch);
    assert!(dutch.contains("Łódź Żółć Sp. z o.o.") && dutch.contains("Geaccepteerd door"), "in Dutch: {dutch}");
    assert_eq!(client().get(&url).send().await.unwrap().status(), 303, "a visitor without a session is sent to sign in");
    let rita = app.reviewer("rita@partnerprogramme.example").await;
    assert_eq!(rita.get(&url).send().await.unwrap().status(), 403);
}

#[tokio::test]
async fn a_company_reads_and_downloads_every_agreement_version_it_accepted_beside_the_current_one() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    // An older version, published by an earlier release that no longer ships its text.
    let now = chrono::Utc::now();
    for (language, body) in
        [("en", "Partner Agreement 2025\n\nThe old clause about carrier pigeons."), ("nl", "Partnerovereenkomst 2025\n\nDe oude bepaling over postduiven.")]
    {
        assert_eq!(app.state.store.publish_agreement("2025-05", language, body, now).await.unwrap(), None);
    }
    app.sql("UPDATE agreement_acceptances SET version = '2025-05'").await;

    let view = json(&app.call_with(&anna, "company_agreement", &[], &[]).await);
    assert_eq!(view["outdated"], true);
    let versions: Vec<(String, bool, Option<String>)> = view["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_str().unwrap().into(), v["current"].as_bool().unwrap(), v["accepted"]["user_email"].as_str().map(Into::into)))
        .collect();
    assert_eq!(versions, [("2026-11".into(), true, None), ("2025-05".into(), false, Some("anna@contoso.nl".into()))]);
    let older = json(&app.call_with(&anna, "company_agreement", &[("version", "2025-05")], &[]).await);
    assert!(older["older"]["en"].as_str().unwrap().contains("carrier pigeons") && older["older"]["nl"].as_str().unwrap().contains("postduiven"));
    for never in ["2024-01", "２０２５-０５", "2025-05'--", "🕊"] {
        let view = json(&app.call_with(&anna, "company_agreement", &[("version", never)], &[]).await);
        assert_eq!((view["unknown"].as_bool(), view["older"].is_null()), (Some(true), true), "{never}");
    }

    let pdf = |query: &'static str, language: &'static str| {
        let request = anna.get(format!("{}/company/agreement.pdf{query}", app.base)).header("accept-language", language);
        async move { request.send().await.unwrap() }
    };
    let old = pdf("?version=2025-05", "en").await;
    assert_eq!(old.status(), 200);
    assert!(old.headers()["content-disposition"].to_str().unwrap().contains("partner-agreement-2025-05.pdf"));
    let text = pdf_text(&old.bytes().await.unwrap());
    assert!(text.contains("carrier pigeons") && text.contains("Accepted version: 2025-05") && text.contains("Accepted by: Anna de Vries"), "{text}");
    let text = pdf_text(&pdf("?version=", "en").await.bytes().await.unwrap());
    assert!(text.contains("Confidentiality.") && text.contains("Version 2026-11") && text.contains("Not accepted yet."), "{text}");
    let dutch = pdf_text(&pdf("?version=2025-05", "nl").await.bytes().await.unwrap());
    assert!(dutch.contains("postduiven"), "{dutch}");
    let never = pdf("?version=2024-01", "nl").await;
    assert_eq!(never.status(), 404);
    assert!(never.text().await.unwrap().starts_with("Uw bedrijf heeft die versie"));
    assert_eq!(pdf("?version=2025-05&version=2026-11", "en").await.status(), 400);

    // Another company never accepted 2025-05: it reads only the current version.
    let olga = client();
    app.authorized_company(&olga, "olga@dijkstra-cloud.nl", "443043868").await;
    assert_eq!(olga.get(format!("{}/company/agreement.pdf?version=2025-05", app.base)).send().await.unwrap().status(), 404);
    assert_eq!(json(&app.call_with(&olga, "company_agreement", &[("version", "2025-05")], &[]).await)["unknown"], true);

    // Accepting the current version keeps the older one listed.
    assert!(app.call_with(&anna, "accept_agreement", &[("authority", "yes"), ("accept", "yes"), ("version", "2026-11")], &[]).await.ok());
    let view = json(&app.call_with(&anna, "company_agreement", &[], &[]).await);
    assert_eq!(view["outdated"], false);
    assert!(view["versions"].as_array().unwrap().iter().all(|v| v["accepted"]["user_name"] == "Anna de Vries"));
}

#[tokio::test]
async fn a_published_agreement_text_never_changes_and_a_start_with_a_changed_one_is_refused() {
    let app = spawn().await;
    let now = chrono::Utc::now();
    assert_eq!(app.state.store.publish_agreement("2025-05", "en", "First words.", now).await.unwrap(), None);
    let later = now + chrono::Duration::days(40);
    assert_eq!(app.state.store.publish_agreement("2025-05", "en", "Other words.", later).await.unwrap().map(|d| d.date_naive()), Some(now.date_naive()));
    assert_eq!(app.state.store.agreement_body("2025-05", "en").await.unwrap().as_deref(), Some("First words."));
    app.sql("UPDATE agreement_texts SET body = body || ' Edited.' WHERE version = '2026-11' AND language = 'nl'").await;
    let refused = partnerhub_core::AppState::start((*app.state.config).clone()).await.err().expect("the start is refused");
    assert!(refused.to_string().contains("partner agreement 2026-11 (nl) differs from the text published on"), "{refused}");
}

#[tokio::test]
async fn a_company_waiting_for_its_contact_sends_the_link_again_or_to_a_corrected_contact() {
    let app = spawn().await;
    let anna = client();
    app.enroll_until_agreement_with(&anna, "anna@contoso.nl", DUNS_A).await;
    let done = app.call_with(&anna, "complete_enrollment", &[("authority", "yes"), ("accept", "yes"), ("version", "2026-11")], &[]).await;
    assert!(done.ok(), "{}", done.body);
    let first = app.latest_link_token("anna@contoso.nl");
    // Again, to the same contact: a new link, and the first one stops working.
    assert!(app.call_with(&anna, "resend_contact_link", &[], &[]).await.ok());
    let second = app.latest_link_token("anna@contoso.nl");
    assert_ne!(first, second);
    assert_eq!(app.call_with(&client(), "verify_contact", &[("token", &first)], &[]).await.problem(), Problem::LinkInvalid);
    // To a corrected contact, checked like any work email.
    let bad = app.call_with(&anna, "resend_contact_link", &[("contact_name", "Bram Jansen"), ("contact_email", "info@contoso.nl")], &[]).await;
    assert_eq!(bad.problems(), vec![FieldProblem::field("contact_email", Problem::EmailRoleMailbox { word: "info".into() })]);
    let moved = app.call_with(&anna, "resend_contact_link", &[("contact_name", "Bram Jansen"), ("contact_email", "bram@contoso.nl")], &[]).await;
    assert!(moved.ok(), "{}", moved.body);
    let status = json(&app.call_with(&anna, "company_status", &[], &[]).await);
    assert_eq!((status["contact_name"].as_str(), status["contact_email"].as_str()), (Some("Bram Jansen"), Some("bram@contoso.nl")));
    let token = app.latest_link_token("bram@contoso.nl");
    assert!(app.call_with(&client(), "verify_contact", &[("token", &token)], &[]).await.ok());
    let status = json(&app.call_with(&anna, "company_status", &[], &[]).await);
    assert_eq!(status["status"], "Pending", "the corrected contact confirmed: the review starts");
    assert_eq!(app.call_with(&anna, "resend_contact_link", &[], &[]).await.problem(), Problem::ContactConfirmed);
}
