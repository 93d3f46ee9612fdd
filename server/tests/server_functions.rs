//! Server functions called over HTTP against a spawned Partnerhub on a temporary database:
//! the same rules refuse the same inputs as the domain crate; codes expire, count attempts and
//! cannot be reused; duplicates, cross-site posts and plain (JavaScript-off) form posts.

mod common;

use common::*;
use partnerhub_app::error::AppError;
use partnerhub_domain::{FieldProblem, Problem, WorkEmail};

const DUNS_CONTOSO_NL: &str = "227904006";

#[tokio::test]
async fn the_server_refuses_exactly_the_work_emails_the_domain_crate_refuses() {
    let app = spawn().await;
    let inputs = [
        "info@contoso.com",
        "Info.Desk@contoso.com",
        "administrator@contoso.com",
        "sales-admin@contoso.com",
        "email@contoso.com",
        "marketing2@contoso.com",
        "information@contoso.com",
        "j.admin@contoso.com",
        "martin@gmail.com",
        "martin",
        "martin@localhost",
        "",
        "martin@contoso.com",
        "sinfonia@contoso.com",
        "badminton@contoso.com",
        "admiral@contoso.com",
        "you@contoso.onmicrosoft.com",
    ];
    for (i, input) in inputs.iter().enumerate() {
        // A fresh browser each time, so the resend limits of one address do not interfere.
        let answer = app.call_with(&client(), "start_enrollment", &[("email", input)], &[]).await;
        match WorkEmail::parse(input) {
            Ok(_) => assert!(answer.ok() && answer.location.as_deref() == Some("/enroll/verify"), "{i}: {input}: {}", answer.body),
            Err(problem) => {
                assert_eq!(answer.status, 422, "a refusal is not a server error");
                assert_eq!(answer.problems(), vec![FieldProblem::field("email", problem)], "{input}");
            }
        }
    }
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn wrong_codes_count_down_and_the_fifth_wrong_code_locks_the_code() {
    let app = spawn().await;
    assert!(app.start("anna@contoso.nl").await.ok());
    let right = app.latest_code("anna@contoso.nl");
    let wrong = if right == "000000" { "111111" } else { "000000" };
    for remaining in (1..=4).rev() {
        assert_eq!(app.call("verify_code", &[("code", wrong)]).await.problem(), Problem::CodeWrong { remaining });
    }
    assert_eq!(app.call("verify_code", &[("code", wrong)]).await.problem(), Problem::CodeTooManyAttempts);
    assert_eq!(app.call("verify_code", &[("code", &right)]).await.problem(), Problem::CodeTooManyAttempts);
    assert_eq!(app.call("verify_code", &[("code", "12a")]).await.problem(), Problem::CodeFormat);
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn a_code_older_than_ten_minutes_is_refused_even_when_right() {
    let app = spawn().await;
    assert!(app.start("anna@contoso.nl").await.ok());
    let code = app.latest_code("anna@contoso.nl");
    app.age("verification_codes", "sent_at", chrono::Duration::minutes(11)).await;
    assert_eq!(app.call("verify_code", &[("code", &code)]).await.problem(), Problem::CodeExpired);
}

#[tokio::test]
async fn a_new_code_waits_a_minute_replaces_the_old_one_and_a_used_code_is_spent() {
    let app = spawn().await;
    assert!(app.start("anna@contoso.nl").await.ok());
    let first = app.latest_code("anna@contoso.nl");
    assert!(matches!(app.call("resend_code", &[]).await.problem(), Problem::ResendTooSoon { .. }));
    app.age("verification_codes", "sent_at", chrono::Duration::minutes(2)).await;
    assert!(app.call("resend_code", &[]).await.ok());
    let second = app.latest_code("anna@contoso.nl");
    if first != second {
        assert!(matches!(app.call("verify_code", &[("code", &first)]).await.problem(), Problem::CodeWrong { .. }));
    }
    assert!(app.call("verify_code", &[("code", &second)]).await.ok());
    let again = app.call("verify_code", &[("code", &second)]).await;
    assert_eq!(again.problem(), Problem::EnrollmentStepOutOfOrder);
}

#[tokio::test]
async fn an_enrolled_company_is_refused_as_a_duplicate_and_its_address_is_told_to_sign_in() {
    let app = spawn().await;
    app.enroll_until_agreement("anna@contoso.nl", DUNS_CONTOSO_NL).await;
    let done = app.complete().await;
    assert_eq!(done.location.as_deref(), Some("/company"), "{}", done.body);

    let second = TestApp { client: client(), bodies: Default::default(), ..app };
    assert_eq!(second.start("anna@contoso.nl").await.problem(), Problem::EmailHasAccount);
    assert!(second.start("bram@contoso.nl").await.ok());
    assert!(second.call("verify_code", &[("code", &second.latest_code("bram@contoso.nl"))]).await.ok());
    second.call("save_account", &[("full_name", "Bram"), ("password", "another good password"), ("password_repeat", "another good password")]).await;
    // Same name and country, typed by hand with another spelling of the legal form.
    let manual = second
        .call(
            "save_company",
            &[
                ("mode", "manual"),
                ("legal_name", "CONTOSO NEDERLAND BV"),
                ("address[country]", "NL"),
                ("address[line1]", "Damrak 1"),
                ("address[line2]", ""),
                ("address[city]", "Amsterdam"),
                ("address[region]", ""),
                ("address[postal_code]", "1012LG"),
            ],
        )
        .await;
    assert_eq!(manual.problem(), Problem::CompanyDuplicate);
    second.assert_no_internals_leaked();
}

#[tokio::test]
async fn company_details_are_checked_field_by_field_with_the_domain_rules() {
    let app = spawn().await;
    app.enroll_until_agreement("anna@contoso.nl", DUNS_CONTOSO_NL).await;
    let answer = app
        .call(
            "save_company",
            &[
                ("mode", "manual"),
                ("legal_name", "B.V."),
                ("address[country]", "NL"),
                ("address[line1]", "Postbus 12"),
                ("address[line2]", ""),
                ("address[city]", ""),
                ("address[region]", ""),
                ("address[postal_code]", "12345"),
            ],
        )
        .await;
    let fields: Vec<_> = answer.problems().into_iter().map(|p| (p.field.unwrap(), p.problem)).collect();
    assert_eq!(
        fields,
        vec![
            ("legal_name".into(), Problem::LegalNameOnlyLegalForm),
            ("address[line1]".into(), Problem::PoBoxNotAllowed),
            ("address[city]".into(), Problem::Required),
            ("address[postal_code]".into(), Problem::PostalCodeFormat { example: "1012 AB".into() }),
        ]
    );
    assert_eq!(app.call("lookup_duns", &[("duns", "12-345-678")]).await.problem(), Problem::DunsFormat);
    assert_eq!(app.call("lookup_duns", &[("duns", "000000001")]).await.problem(), Problem::DunsNotFound);
}

#[tokio::test]
async fn looking_up_a_company_that_is_enrolled_already_is_refused_before_its_details_are_offered() {
    let app = spawn().await;
    app.enrolled_in_review(&common::client(), "anna@contoso.nl", DUNS_CONTOSO_NL).await;
    let second = common::client();
    let answer = app.call_with(&second, "lookup_duns", &[("duns", DUNS_CONTOSO_NL)], &[]).await;
    let fields: Vec<_> = answer.problems().into_iter().map(|p| (p.field.unwrap_or_default(), p.problem)).collect();
    assert_eq!(fields, vec![("duns".to_owned(), Problem::CompanyDuplicate)]);
}

#[tokio::test]
async fn the_enroller_lands_signed_in_and_the_contact_starts_the_review() {
    let app = spawn().await;
    app.enroll_until_agreement("anna@contoso.nl", DUNS_CONTOSO_NL).await;
    let missing = app.call("complete_enrollment", &[("version", "2026-11")]).await;
    assert_eq!(
        missing.problems(),
        vec![FieldProblem::field("authority", Problem::AuthorityRequired), FieldProblem::field("accept", Problem::AgreementRequired)]
    );
    assert!(app.complete().await.ok());
    let status: serde_json::Value = serde_json::from_str(&app.call("company_status", &[]).await.body).unwrap();
    assert_eq!(status["status"], "AwaitingContact");
    let partner_id = status["partner_id"].as_u64().unwrap();
    assert!((1_000_000..=9_999_999).contains(&partner_id));

    let mail = app.outbox().into_iter().rev().find(|m| m["subject"].as_str().unwrap().contains("Contoso")).unwrap();
    let body = mail["body"].as_str().unwrap();
    let token = body.split("token=").nth(1).unwrap().split_whitespace().next().unwrap();
    let contact = client();
    assert!(app.call_with(&contact, "verify_contact", &[("token", token)], &[]).await.ok());
    assert_eq!(app.call_with(&contact, "verify_contact", &[("token", token)], &[]).await.problem(), Problem::LinkInvalid);

    let status: serde_json::Value = serde_json::from_str(&app.call("company_status", &[]).await.body).unwrap();
    assert_eq!(status["status"], "Pending");
    assert!(status["review"]["earliest"].is_string());

    assert!(app.call("sign_out", &[]).await.ok());
    let anonymous = app.call("company_status", &[]).await;
    assert_eq!((anonymous.status, anonymous.error()), (401, AppError::SignInRequired));
    let wrong = app.call("sign_in", &[("email", "anna@contoso.nl"), ("password", "wrong password!")]).await;
    assert_eq!(wrong.problem(), Problem::SignInFailed);
    let unknown = app.call("sign_in", &[("email", "nobody@contoso.nl"), ("password", "wrong password!")]).await;
    assert_eq!(unknown.body, wrong.body, "unknown address and wrong password answer alike");
    assert!(app.call("sign_in", &[("email", "Anna@Contoso.nl"), ("password", "correct horse battery")]).await.ok());
    assert_eq!(app.call("company_status", &[]).await.status, 200);
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn a_cross_site_post_is_refused_and_changes_nothing() {
    let app = spawn().await;
    let answer = app.call_with(&client(), "start_enrollment", &[("email", "anna@contoso.nl")], &[("origin", "https://evil.example")]).await;
    assert_eq!(answer.status, 403);
    let answer = app.call_with(&client(), "start_enrollment", &[("email", "anna@contoso.nl")], &[("sec-fetch-site", "cross-site")]).await;
    assert_eq!(answer.status, 403);
    assert!(app.outbox().is_empty(), "no code was sent");
    let same = app.call_with(&client(), "start_enrollment", &[("email", "anna@contoso.nl")], &[("origin", &app.base.clone())]).await;
    assert!(same.ok());
}

#[tokio::test]
async fn a_plain_form_post_without_javascript_shows_the_problem_and_keeps_the_input() {
    let app = spawn().await;
    let referer = format!("{}/enroll", app.base);
    let answer = app
        .call_with(
            &app.client,
            "start_enrollment",
            &[("email", "marketing@contoso.nl")],
            &[("accept", "text/html,application/xhtml+xml"), ("referer", &referer)],
        )
        .await;
    assert_eq!(answer.status, 302);
    assert!(answer.location.as_deref().unwrap_or_default().starts_with(&referer), "back to the form");
    let page = app.page("/enroll").await;
    assert!(page.contains("Addresses containing “marketing” are shared mailboxes"), "{page}");
    assert!(page.contains(r#"value="marketing@contoso.nl""#), "the typed address is kept");
    assert!(page.contains(r#"aria-invalid="true""#));
    // The message is shown once: a reload forgets it.
    assert!(!app.page("/enroll").await.contains("shared mailboxes. Use"));
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn pages_speak_the_language_of_the_cookie_or_the_browser() {
    let app = spawn().await;
    let dutch = app.client.get(format!("{}/enroll", app.base)).header("accept-language", "nl-NL,nl;q=0.9,en;q=0.5").send().await.unwrap().text().await.unwrap();
    assert!(dutch.contains("Begin met uw zakelijke e-mailadres"));
    let switched = app.client.post(format!("{}/locale", app.base)).form(&[("locale", "en"), ("back", "/enroll")]).send().await.unwrap();
    assert_eq!(switched.status(), 303);
    let english = app.client.get(format!("{}/enroll", app.base)).header("accept-language", "nl-NL").send().await.unwrap().text().await.unwrap();
    assert!(english.contains("Start with your work email"));
}

#[tokio::test]
async fn someone_at_work_stays_signed_in_past_the_idle_limit_and_is_signed_out_once_idle() {
    let app = spawn().await;
    app.enroll_until_agreement("anna@contoso.nl", DUNS_CONTOSO_NL).await;
    assert!(app.complete().await.ok());
    // A request every 20 minutes, for an hour: more than the 30-minute idle limit in all.
    for _ in 0..3 {
        app.age_sessions(chrono::Duration::minutes(20)).await;
        assert_eq!(app.call("company_status", &[]).await.status, 200, "signed out while at work");
    }
    app.age_sessions(chrono::Duration::minutes(31)).await;
    let idle = app.call("company_status", &[]).await;
    assert_eq!((idle.status, idle.error()), (401, AppError::SignInRequired));
}
