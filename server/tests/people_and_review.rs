//! People and verification over HTTP against a spawned Partnerhub: reviewers decide and
//! companies answer with a document; admins invite, change roles and delete; the last Global
//! admin stays; links expire and work once; sessions end on deletion and password change;
//! failed sign-ins are throttled without locking the owner out; reset mails are limited.

mod common;

use common::*;
use partnerhub_app::error::AppError;
use partnerhub_core::store::db::{query, query_scalar};
use partnerhub_domain::verification::DOCUMENT_MAX_BYTES;
use partnerhub_domain::{FieldProblem, Problem};

const DUNS_A: &str = "227904006";
const DUNS_B: &str = "443043868";

fn json(answer: &Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body))
}

fn pdf() -> Vec<u8> {
    b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// Documents kept: in the database (where every process serves them), and none on disk.
async fn documents_kept(app: &TestApp) -> i64 {
    let on_disk = std::fs::read_dir(app.dir.path().join("documents")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(on_disk, 0, "documents are not kept on one machine's disk");
    query_scalar("SELECT COUNT(*) FROM appeals WHERE document IS NOT NULL").fetch_one(app.state.store.pool()).await.unwrap()
}

#[tokio::test]
async fn a_reviewer_sees_the_queue_and_a_rejection_or_challenge_needs_a_reason_that_the_company_reads() {
    let app = spawn().await;
    let anna = client();
    let company = app.enrolled_in_review(&anna, "anna@contoso.nl", DUNS_A).await;
    let rita = app.reviewer("rita@partnerprogramme.example").await;
    let queue = json(&app.call_with(&rita, "review_queue", &[], &[]).await);
    assert_eq!(queue["entries"][0]["waited_days"], 0);

    // A week in the queue is counted in business days, skipping weekends and holidays (E-9).
    let started = chrono::Utc::now() - chrono::Duration::days(7);
    query("UPDATE companies SET review_started_at = $1").bind(started).execute(app.state.store.pool()).await.unwrap();
    let queue = json(&app.call_with(&rita, "review_queue", &[], &[]).await);
    let entry = &queue["entries"][0];
    let today = chrono::Utc::now().date_naive();
    let expected = partnerhub_domain::business_days::business_days_between(started.date_naive(), today, &app.state.config.holidays);
    assert!((4..=5).contains(&expected));
    assert_eq!(entry["waited_days"], expected);
    assert_eq!(entry["legal_name"], "Contoso Nederland B.V.");
    assert_eq!(entry["duns"], "22-790-4006");
    assert!(entry["contact_verified_at"].is_string());
    assert_eq!(entry["enroller"], "Anna de Vries <anna@contoso.nl>");

    let id = company.to_string();
    let no_reason = app.call_with(&rita, "decide_company", &[("company_id", &id), ("decision", "challenge"), ("reason", " ")], &[]).await;
    assert_eq!(no_reason.problems(), vec![FieldProblem::field("reason", Problem::Required)]);
    let reason = "Please send a recent chamber of commerce extract.";
    let challenged = app.call_with(&rita, "decide_company", &[("company_id", &id), ("decision", "challenge"), ("reason", reason)], &[]).await;
    assert!(challenged.ok(), "{}", challenged.body);
    let again = app.call_with(&rita, "decide_company", &[("company_id", &id), ("decision", "authorize"), ("reason", "")], &[]).await;
    assert_eq!(again.problem(), Problem::NotInReview, "a decided company is not decided twice");

    let status = json(&app.call_with(&anna, "company_status", &[], &[]).await);
    assert_eq!(status["status"], "Challenged");
    assert_eq!(status["decision_reason"], reason);
    let last = status["events"].as_array().unwrap().last().unwrap().clone();
    assert_eq!((last["kind"].as_str(), last["detail"].as_str()), (Some("company_challenged"), Some(reason)));
    let mail = app.outbox().into_iter().rev().find(|m| m["to"] == "anna@contoso.nl").unwrap();
    assert!(mail["body"].as_str().unwrap().contains(reason), "the Global admin is mailed the reason");

    let decisions = json(&app.call_with(&rita, "review_queue", &[], &[]).await);
    assert_eq!(decisions["entries"].as_array().unwrap().len(), 0);
    assert_eq!(decisions["decisions"][0]["action"], "company_challenged");
    assert_eq!(app.call_with(&anna, "review_queue", &[], &[]).await.error(), AppError::Forbidden);
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn a_challenged_company_answers_with_a_checked_document_at_most_three_times() {
    let app = spawn().await;
    let anna = client();
    let company = app.enrolled_in_review(&anna, "anna@contoso.nl", DUNS_A).await;
    let rita = app.reviewer("rita@partnerprogramme.example").await;
    let id = company.to_string();
    let challenge = |reason: &'static str| {
        let (app, rita, id) = (&app, &rita, id.clone());
        async move {
            let a = app.call_with(rita, "decide_company", &[("company_id", &id), ("decision", "challenge"), ("reason", reason)], &[]).await;
            assert!(a.ok(), "{}", a.body);
        }
    };
    challenge("Send proof of address").await;

    let too_large = app.call_multipart(&anna, "appeal", "Here it is", Some(("big.pdf", [pdf(), vec![b' '; DOCUMENT_MAX_BYTES]].concat()))).await;
    assert_eq!(too_large.problems(), vec![FieldProblem::field("document", Problem::FileTooLarge { max_mb: 5 })]);
    let renamed = app.call_multipart(&anna, "appeal", "Here it is", Some(("extract.pdf", b"MZ\x90\x00 a program, not a PDF".to_vec()))).await;
    assert_eq!(renamed.problems(), vec![FieldProblem::field("document", Problem::FileType)]);
    let nothing = app.call_multipart(&anna, "appeal", "", None).await;
    assert_eq!(nothing.problems(), vec![FieldProblem::field("note", Problem::Required), FieldProblem::field("document", Problem::Required)]);
    assert_eq!(documents_kept(&app).await, 0, "refused uploads keep nothing");

    for round in 1..=3 {
        let sent = app.call_multipart(&anna, "appeal", &format!("Answer {round}"), Some(("extract.pdf", pdf()))).await;
        assert!(sent.ok(), "{}", sent.body);
        let status = json(&app.call_with(&anna, "company_status", &[], &[]).await);
        assert_eq!(status["status"], "Pending", "back in the queue after answer {round}");
        let queue = json(&app.call_with(&rita, "review_queue", &[], &[]).await);
        let appeals = queue["entries"][0]["appeals"].as_array().unwrap().clone();
        assert_eq!(appeals.len(), round);
        let document = format!("{}/review/documents/{}", app.base, appeals[round - 1]["id"]);
        let download = rita.get(&document).send().await.unwrap();
        assert_eq!(download.headers()["content-type"], "application/pdf");
        assert_eq!(download.bytes().await.unwrap().to_vec(), pdf());
        assert_eq!(anna.get(&document).send().await.unwrap().status(), 403, "only reviewers read documents");
        challenge("Still not enough").await;
    }
    let fourth = app.call_multipart(&anna, "appeal", "Answer 4", Some(("extract.pdf", pdf()))).await;
    assert_eq!(fourth.problems(), vec![FieldProblem::form(Problem::AppealsUsedUp { max: 3 })]);
    assert_eq!(documents_kept(&app).await, 3);
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn users_are_added_only_once_the_company_is_authorized() {
    let app = spawn().await;
    let anna = client();
    app.enrolled_in_review(&anna, "anna@contoso.nl", DUNS_A).await;
    let refused = app.call_with(&anna, "invite_user", &[("email", "bob@contoso.nl"), ("full_name", "Bob Jansen")], &[]).await;
    assert_eq!(refused.problem(), Problem::CompanyNotAuthorized);
    assert!(app.outbox().iter().all(|m| m["to"] != "bob@contoso.nl"));
}

#[tokio::test]
async fn an_invitation_link_works_once_within_seven_days_and_a_resend_replaces_it() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let bad = app.call_with(&anna, "invite_user", &[("email", "info@contoso.nl"), ("full_name", "")], &[]).await;
    assert_eq!(
        bad.problems(),
        vec![FieldProblem::field("email", Problem::EmailRoleMailbox { word: "info".into() }), FieldProblem::field("full_name", Problem::Required)]
    );
    let taken = app.call_with(&anna, "invite_user", &[("email", "anna@contoso.nl"), ("full_name", "Anna Again")], &[]).await;
    assert_eq!(taken.problems(), vec![FieldProblem::field("email", Problem::EmailHasAccount)]);

    // Bob: accepted once, the link is then spent.
    assert!(app.call_with(&anna, "invite_user", &[("email", "bob@contoso.nl"), ("full_name", "Bob Jansen"), ("partner_admin", "on")], &[]).await.ok());
    let token = app.latest_link_token("bob@contoso.nl");
    let info = json(&app.call("invitation", &[("token", &token)]).await);
    assert_eq!((info["full_name"].as_str(), info["company_name"].as_str()), (Some("Bob Jansen"), Some("Contoso Nederland B.V.")));
    let accept = |token: String| {
        let app = &app;
        async move { app.call_with(&client(), "accept_invitation", &[("token", &token), ("password", PASSWORD), ("password_repeat", PASSWORD)], &[]).await }
    };
    assert!(accept(token.clone()).await.ok());
    assert_eq!(accept(token).await.problem(), Problem::LinkUsed);
    let bob = app.signed_in("bob@contoso.nl").await;
    assert_eq!(json(&app.call_with(&bob, "current_user", &[], &[]).await)["company"]["roles"], serde_json::json!(["PartnerAdmin"]));

    // Carla: the first link is 8 days old, expired; the admin corrects the address and resends.
    assert!(app.call_with(&anna, "invite_user", &[("email", "carla@contosso.nl"), ("full_name", "Carla Smit")], &[]).await.ok());
    let old = app.latest_link_token("carla@contosso.nl");
    app.age("invitations", "sent_at", chrono::Duration::days(8)).await;
    assert_eq!(accept(old.clone()).await.problem(), Problem::LinkExpired);
    let carla = app.user_id("carla@contosso.nl").await.to_string();
    let users = json(&app.call_with(&anna, "company_users", &[], &[]).await);
    let pending = users["users"].as_array().unwrap().iter().find(|u| u["full_name"] == "Carla Smit").unwrap().clone();
    assert!(pending["invited_at"].is_string(), "the admin sees the pending invitation");
    assert!(app.call_with(&anna, "resend_invitation", &[("user_id", &carla), ("email", "carla@contoso.nl")], &[]).await.ok());
    assert_eq!(accept(old).await.problem(), Problem::LinkInvalid, "the resend replaces the old link");
    assert!(accept(app.latest_link_token("carla@contoso.nl")).await.ok());
    let audit = json(&app.call_with(&anna, "company_audit", &[], &[]).await)["rows"].clone();
    let actions: Vec<&str> = audit.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in ["user_invited", "invitation_corrected", "invitation_accepted", "company_authorized"] {
        assert!(actions.contains(&action), "{action} is audited: {actions:?}");
    }
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn the_last_global_admin_can_be_neither_demoted_nor_deleted() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let anna_id = app.user_id("anna@contoso.nl").await.to_string();
    let demote = app.call_with(&anna, "change_roles", &[("user_id", &anna_id), ("account_admin", "on")], &[]).await;
    assert_eq!(demote.problem(), Problem::LastGlobalAdmin);
    let _bob = app.invited(&anna, "bob@contoso.nl", "Bob Jansen", &["global_admin"]).await;
    let bob_id = app.user_id("bob@contoso.nl").await.to_string();
    assert_eq!(app.call_with(&anna, "delete_user", &[("user_id", &anna_id)], &[]).await.problem(), Problem::CannotDeleteSelf);
    assert!(app.call_with(&anna, "change_roles", &[("user_id", &anna_id), ("account_admin", "on")], &[]).await.ok(), "Bob is Global admin now");
    let bob = app.signed_in("bob@contoso.nl").await;
    assert_eq!(app.call_with(&bob, "change_roles", &[("user_id", &bob_id)], &[]).await.problem(), Problem::LastGlobalAdmin);
    assert_eq!(app.call_with(&anna, "delete_user", &[("user_id", &bob_id)], &[]).await.error(), AppError::Forbidden, "Account admins delete no one");
}

#[tokio::test]
async fn deleting_a_user_ends_their_sessions_at_once_and_frees_nothing_of_the_history() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let bob = app.invited(&anna, "bob@contoso.nl", "Bob Jansen", &[]).await;
    assert_eq!(app.call_with(&bob, "company_status", &[], &[]).await.status, 200);
    let bob_id = app.user_id("bob@contoso.nl").await.to_string();
    assert!(app.call_with(&anna, "delete_user", &[("user_id", &bob_id)], &[]).await.ok());
    assert_eq!(app.call_with(&bob, "company_status", &[], &[]).await.error(), AppError::SignInRequired);
    let again = app.call("sign_in", &[("email", "bob@contoso.nl"), ("password", PASSWORD)]).await;
    assert_eq!(again.problem(), Problem::SignInFailed);
    let audit = json(&app.call_with(&anna, "company_audit", &[], &[]).await)["rows"].clone();
    assert_eq!(audit[0]["action"], "user_deleted");
    assert_eq!(audit[0]["subject"], "Bob Jansen <bob@contoso.nl>");
}

#[tokio::test]
async fn a_password_reset_link_works_once_and_ends_every_other_session() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let unknown = app.call("request_password_reset", &[("email", "nobody@contoso.nl")]).await;
    let known = app.call("request_password_reset", &[("email", "anna@contoso.nl")]).await;
    assert_eq!((unknown.status, &unknown.body), (known.status, &known.body), "the answer does not tell who has an account");
    assert!(app.outbox().iter().all(|m| m["to"] != "nobody@contoso.nl"));
    let token = app.latest_link_token("anna@contoso.nl");
    let phone = client();
    let new_password = "a whole new password";
    let short = app.call_with(&phone, "reset_password", &[("token", &token), ("password", "short"), ("password_repeat", "short")], &[]).await;
    assert_eq!(short.problems(), vec![FieldProblem::field("password", Problem::TooShort { min: 12 })]);
    let reset = app.call_with(&phone, "reset_password", &[("token", &token), ("password", new_password), ("password_repeat", new_password)], &[]).await;
    assert!(reset.ok(), "{}", reset.body);
    assert_eq!(app.call_with(&phone, "company_status", &[], &[]).await.status, 200, "the reset signs this browser in");
    assert_eq!(app.call_with(&anna, "company_status", &[], &[]).await.error(), AppError::SignInRequired, "other sessions end");
    let reuse = app.call_with(&client(), "reset_password", &[("token", &token), ("password", new_password), ("password_repeat", new_password)], &[]).await;
    assert_eq!(reuse.problem(), Problem::LinkUsed);
    assert!(app.call("sign_in", &[("email", "anna@contoso.nl"), ("password", new_password)]).await.ok());
}

#[tokio::test]
async fn forgot_password_mails_an_account_three_links_an_hour_and_answers_the_same_after() {
    let app = spawn().await;
    app.authorized_company(&client(), "anna@contoso.nl", DUNS_A).await;
    let resets =
        || app.outbox().iter().filter(|m| m["to"] == "anna@contoso.nl" && m["body"].as_str().unwrap_or_default().contains("/reset-password?token=")).count();
    let first = app.call("request_password_reset", &[("email", "anna@contoso.nl")]).await;
    for _ in 0..5 {
        let again = app.call("request_password_reset", &[("email", "anna@contoso.nl")]).await;
        assert_eq!((again.status, &again.body), (first.status, &first.body), "the answer does not tell mails stopped");
    }
    assert_eq!(resets(), 3);
    // An hour after the first link, one more may go out.
    app.age("password_resets", "sent_at", chrono::Duration::minutes(61)).await;
    app.call("request_password_reset", &[("email", "anna@contoso.nl")]).await;
    assert_eq!(resets(), 4);
}

#[tokio::test]
async fn behind_a_trusted_proxy_failed_sign_ins_count_for_the_forwarded_client_and_forged_headers_do_not() {
    async fn failure_from(app: &TestApp, forwarded_for: &str) -> String {
        let answer = app
            .call_with(&client(), "sign_in", &[("email", "anna@contoso.nl"), ("password", "guess guess guess")], &[("x-forwarded-for", forwarded_for)])
            .await;
        assert_eq!(answer.problem(), Problem::SignInFailed);
        query_scalar("SELECT client FROM sign_in_failures ORDER BY id DESC LIMIT 1").fetch_one(app.state.store.pool()).await.unwrap()
    }
    // The tests connect from 127.0.0.1: here that is the intranet's reverse proxy.
    let proxied = spawn_with(&[("PARTNERHUB_TRUSTED_PROXIES", "127.0.0.1")]).await;
    assert_eq!(failure_from(&proxied, "203.0.113.7").await, "203.0.113.7");
    assert_eq!(failure_from(&proxied, "1.2.3.4, 198.51.100.9").await, "198.51.100.9", "what a client wrote itself is not believed");
    // Without trusted proxies, a client's own X-Forwarded-For changes nothing.
    let direct = spawn().await;
    assert_eq!(failure_from(&direct, "203.0.113.7").await, "127.0.0.1");
}

#[tokio::test]
async fn a_hundred_failed_sign_ins_close_the_account_to_new_browsers_but_not_to_its_owner() {
    let app = spawn().await;
    let owner = client();
    app.authorized_company(&owner, "anna@contoso.nl", DUNS_A).await;
    assert!(app.call_with(&owner, "sign_out", &[], &[]).await.ok());
    let attacker = client();
    for _ in 0..100 {
        let wrong = app.call_with(&attacker, "sign_in", &[("email", "anna@contoso.nl"), ("password", "guess guess guess")], &[]).await;
        assert_eq!(wrong.problem(), Problem::SignInFailed);
    }
    let blocked = app.call_with(&attacker, "sign_in", &[("email", "anna@contoso.nl"), ("password", PASSWORD)], &[]).await;
    assert!(matches!(blocked.problem(), Problem::SignInThrottled { .. }), "{}", blocked.body);
    let unknown = app.call_with(&attacker, "sign_in", &[("email", "nobody@contoso.nl"), ("password", PASSWORD)], &[]).await;
    assert_eq!(unknown.problem(), Problem::SignInFailed, "other addresses are not blocked");
    let back = app.call_with(&owner, "sign_in", &[("email", "anna@contoso.nl"), ("password", PASSWORD)], &[]).await;
    assert!(back.ok(), "the owner's browser still signs in: {}", back.body);
    let audit = json(&app.call_with(&owner, "company_audit", &[], &[]).await)["rows"].clone();
    let bursts = audit.as_array().unwrap().iter().filter(|e| e["action"] == "sign_in_failures").count();
    assert_eq!(bursts, 2, "the bursts at 10 and 100 failures are audited");
}

#[tokio::test]
async fn a_visitor_sent_to_sign_in_comes_back_to_the_page_they_asked_for() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    let location = |r: &reqwest::Response| r.headers().get("location").map(|v| v.to_str().unwrap().to_owned());

    // Downloads are behind sign-in: a stranger is sent to sign in, with the page to come back to.
    let stranger = client();
    for (download, back) in [
        ("/company/skills.csv?exam=AZ-104", "/signin?next=/company/skills%3Fexam%3DAZ-104"),
        ("/company/agreement.pdf", "/signin?next=/company/agreement"),
        ("/review/documents/1", "/signin?next=/review"),
    ] {
        let r = stranger.get(format!("{}{download}", app.base)).send().await.unwrap();
        assert_eq!((r.status().as_u16(), location(&r).as_deref()), (303, Some(back)), "{download}");
    }
    // Signed in but not theirs: still refused, not sent to sign in again.
    let reviewer = app.reviewer("rita@partnerhub.test").await;
    let r = reviewer.get(format!("{}/company/agreement.pdf", app.base)).send().await.unwrap();
    assert_eq!(r.status(), 403);

    // The sign-in page says why the visitor is there and carries the way back in its form.
    let page = app.page("/signin?next=/company/skills%3Fexam%3DAZ-104").await;
    assert!(page.contains("Sign in to continue to the page you asked for."));
    assert!(page.contains(r#"name="next" value="/company/skills?exam=AZ-104""#), "{page}");
    let elsewhere = app.page("/signin?next=//evil.example").await;
    assert!(!elsewhere.contains(r#"name="next""#) && !elsewhere.contains("to continue to the page"));

    // Signing in ends on that page; a way back to another site or to the wrong kind of page is ignored.
    for (next, lands) in [("/company/skills?exam=AZ-104", "/company/skills?exam=AZ-104"), ("//evil.example", "/company"), ("/review", "/company")] {
        let answer = app.call_with(&client(), "sign_in", &[("email", "anna@contoso.nl"), ("password", PASSWORD), ("next", next)], &[]).await;
        assert_eq!(answer.location.as_deref(), Some(lands), "next={next}: {}", answer.body);
    }
    let answer = app.call_with(&client(), "sign_in", &[("email", "rita@partnerhub.test"), ("password", PASSWORD), ("next", "/me")], &[]).await;
    assert_eq!(answer.location.as_deref(), Some("/review"));
}

#[tokio::test]
async fn a_reviewer_who_forgot_their_password_gets_a_new_one_from_the_command_line() {
    let app = spawn().await;
    let command = |args: &[&str], password: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_partnerhub"))
            .args(args)
            .env("PARTNERHUB_DATA_DIR", app.dir.path())
            .env("DATABASE_URL", &app.state.config.database_url)
            .env("PARTNERHUB_REVIEWER_PASSWORD", password)
            .env("PARTNERHUB_PUBLIC_URL", "http://partners.contoso.test:8080/")
            .output()
            .unwrap()
    };
    let added = command(&["add-reviewer", "rita@partnerhub.test", "Rita Reviewer"], PASSWORD);
    assert!(added.status.success());
    let said = String::from_utf8_lossy(&added.stdout);
    assert!(said.contains("They sign in at http://partners.contoso.test:8080/signin."), "{said}");
    let rita = app.signed_in("rita@partnerhub.test").await;
    assert!(app.call_with(&rita, "review_queue", &[], &[]).await.ok());

    let new_password = "a fresh reviewer password";
    let changed = command(&["reviewer-password", "rita@partnerhub.test"], new_password);
    assert!(changed.status.success(), "{}", String::from_utf8_lossy(&changed.stderr));
    assert_eq!(app.call_with(&rita, "review_queue", &[], &[]).await.error(), AppError::SignInRequired, "her sessions ended");
    let old = app.call("sign_in", &[("email", "rita@partnerhub.test"), ("password", PASSWORD)]).await;
    assert_eq!(old.problem(), Problem::SignInFailed);
    assert!(app.call("sign_in", &[("email", "rita@partnerhub.test"), ("password", new_password)]).await.ok());

    let nobody = command(&["reviewer-password", "nobody@partnerhub.test"], new_password);
    assert!(!nobody.status.success());
    assert!(String::from_utf8_lossy(&nobody.stderr).contains("no reviewer signs in as nobody@partnerhub.test"));
    let short = command(&["reviewer-password", "rita@partnerhub.test"], "short");
    assert!(!short.status.success() && String::from_utf8_lossy(&short.stderr).contains("too short"));
}

#[tokio::test]
async fn the_review_queue_says_how_many_companies_wait_and_for_how_many_business_days_in_each_language() {
    let app = spawn().await;
    let rita = app.reviewer("rita@partnerhub.test").await;
    let page = |language: &'static str| {
        let rita = rita.clone();
        let base = app.base.clone();
        async move {
            let html = rita.get(format!("{base}/review")).header("accept-language", language).send().await.unwrap().text().await.unwrap();
            html.replace("<!-- -->", "")
        }
    };
    let empty = page("en").await;
    assert!(empty.contains("No company waits for a decision."), "{empty}");
    app.enrolled_in_review(&client(), "anna@contoso.nl", DUNS_A).await;
    let (en, nl) = (page("en").await, page("nl").await);
    assert!(en.contains("1 company waits for a decision."), "{en}");
    assert!(nl.contains("1 bedrijf wacht op een besluit."), "{nl}");
    assert!(en.contains("Waiting 0 business days (since "), "{en}");
    assert!(nl.contains("Wacht 0 werkdagen (sinds "), "{nl}");
    app.enrolled_in_review(&client(), "bert@fabrikam.be", DUNS_B).await;
    assert!(page("en").await.contains("2 companies wait for a decision, the longest waiting first."));
}

#[tokio::test]
async fn the_audit_log_filters_pages_and_downloads_as_csv_and_json_lines_for_its_own_readers_only() {
    let app = spawn().await;
    let (anna, olga) = (client(), client());
    let a = app.authorized_company(&anna, "anna@contoso.nl", DUNS_A).await;
    app.authorized_company(&olga, "olga@dijkstra-cloud.nl", DUNS_B).await;
    let bob = app.invited(&anna, "bob@contoso.nl", "Bob Jansen", &["account_admin"]).await;
    // 120 links recorded in January, one with a subject a spreadsheet would take as a formula.
    for i in 0..120 {
        let subject = if i == 7 { "=cmd|'' /C calc''!A0".to_owned() } else { format!("MCID {i}") };
        let at = format!("2026-01-{:02}T10:00:00+00:00", 1 + i % 28);
        app.sql(&format!(
            "INSERT INTO audit_log (company_id, actor_kind, actor_name, action, subject, at) VALUES ({a}, 'user', 'Piet Łukasiewicz <piet@contoso.nl>', 'profile_linked', '{subject}', '{at}')"
        ))
        .await;
    }
    let page = |form: Vec<(&'static str, String)>| {
        let (app, anna) = (&app, &anna);
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            json(&app.call_with(anna, "company_audit", &form, &[]).await)
        }
    };
    let ids = |page: &serde_json::Value| page["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect::<Vec<_>>();

    // Pages of 50, newest first, each after the last of the one before, until none is left.
    let mut seen = Vec::new();
    let mut before = String::new();
    loop {
        let p = page(vec![("before", before.clone())]).await;
        let got = ids(&p);
        assert!(got.len() <= 50 && got.windows(2).all(|w| w[0] > w[1]), "newest first, 50 at most: {got:?}");
        seen.extend(got);
        match p["older"].as_i64() {
            Some(older) => before = older.to_string(),
            None => break,
        }
    }
    let total: i64 = query_scalar("SELECT COUNT(*) FROM audit_log WHERE company_id = $1").bind(a).fetch_one(app.state.store.pool()).await.unwrap();
    assert_eq!(seen.len() as i64, total, "every entry once, over {} pages", seen.len().div_ceil(50));
    assert!(total > 120);

    // Filters: dates (the last day included), action, person.
    let january = page(vec![("from", "2026-01-01".into()), ("to", "2026-01-28".into()), ("action", "profile_linked".into())]).await;
    assert_eq!(january["query"], "from=2026-01-01&to=2026-01-28&action=profile_linked");
    assert_eq!(ids(&january).len(), 50);
    let last_day = page(vec![("from", "2026-01-28".into()), ("to", "2026-01-28".into())]).await;
    assert_eq!(ids(&last_day).len(), 4, "the 28th, four times");
    let invited = page(vec![("action", "user_invited".into()), ("person", "BOB@contoso".into())]).await;
    assert_eq!(invited["rows"].as_array().unwrap().len(), 1, "the person is found in whom it was about, in any case");
    let refused = app.call_with(&anna, "company_audit", &[("from", "28-01-2026"), ("to", "2025-13-01"), ("action", "delete everything")], &[]).await;
    assert_eq!(
        refused.problems(),
        vec![
            FieldProblem::field("from", Problem::DateFormat),
            FieldProblem::field("to", Problem::DateFormat),
            FieldProblem::field("action", Problem::ChoiceUnknown)
        ]
    );
    assert_eq!(app.call_with(&bob, "company_audit", &[], &[]).await.error(), AppError::Forbidden, "Global admins only");
    let others = json(&app.call_with(&olga, "company_audit", &[("person", "piet")], &[]).await);
    assert_eq!(others["rows"], serde_json::json!([]), "another company sees none of these");

    // Downloads: the filter applies, CSV in the reader's language with formulas neutralised.
    let csv = anna.get(format!("{}/company/audit.csv?action=profile_linked", app.base)).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let csv = csv.text().await.unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "When (UTC),Who,What,About,Reason or details");
    assert_eq!(lines.len(), 121, "a header and 120 entries");
    assert!(lines[1].starts_with("2026-01-") && lines[1].contains(",Piet Łukasiewicz <piet@contoso.nl>,Certification profile linked,"), "{}", lines[1]);
    assert!(csv.contains(",'=cmd|"), "a formula-like cell is neutralised");
    let dutch = anna.get(format!("{}/company/audit.csv?action=profile_linked", app.base)).header("accept-language", "nl").send().await.unwrap();
    assert!(dutch.text().await.unwrap().starts_with("Wanneer (UTC),"));
    let jsonl = anna.get(format!("{}/company/audit.jsonl", app.base)).send().await.unwrap();
    assert!(jsonl.headers()["content-type"].to_str().unwrap().starts_with("application/jsonl"));
    let entries: Vec<serde_json::Value> = jsonl.text().await.unwrap().lines().map(|l| serde_json::from_str(l).expect("each line is JSON")).collect();
    assert_eq!(entries.len() as i64, total);
    assert!(entries.iter().all(|e| e["company_id"] == a));
    assert_eq!(entries.iter().filter(|e| e["action"] == "profile_linked" && e["at"].as_str().unwrap().starts_with("2026-01-")).count(), 120);
    let theirs = olga.get(format!("{}/company/audit.jsonl", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(!theirs.contains("Łukasiewicz") && !theirs.is_empty(), "their own entries only");
    let bad = anna.get(format!("{}/company/audit.csv?to=yesterday", app.base)).send().await.unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().starts_with("Enter a date like"));
    for repeated in
        ["/company/audit.csv?action=profile_linked&action=user_invited", "/company/skills.csv?name=a&name=b", "/company/skills.xlsx?exam=%FF&exam=x"]
    {
        let twice = anna.get(format!("{}{repeated}", app.base)).header("accept-language", "nl").send().await.unwrap();
        assert_eq!(twice.status(), 400, "{repeated}");
        let text = twice.text().await.unwrap();
        assert!(text.starts_with("Dit adres kon niet worden gelezen"), "refused in the reader's language, without the parser's words: {text}");
    }
    assert_eq!(bob.get(format!("{}/company/audit.csv", app.base)).send().await.unwrap().status(), 403);
    assert_eq!(client().get(format!("{}/company/audit.jsonl", app.base)).send().await.unwrap().status(), 303);

    // Reviewers download every entry; company users may not.
    let rita = app.reviewer("rita@partnerprogramme.example").await;
    let all = rita.get(format!("{}/review/audit.jsonl", app.base)).send().await.unwrap().text().await.unwrap();
    let companies: std::collections::HashSet<i64> =
        all.lines().filter_map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["company_id"].as_i64()).collect();
    assert!(companies.len() >= 2, "entries of every company: {companies:?}");
    assert_eq!(anna.get(format!("{}/review/audit.csv", app.base)).send().await.unwrap().status(), 403);
    app.assert_no_internals_leaked();
}
