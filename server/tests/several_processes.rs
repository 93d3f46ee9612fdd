//! Several Partnerhub processes on one database, as behind a load balancer without sticky
//! sessions: the in-test server and two more processes of the built binary. On PostgreSQL
//! (`PARTNERHUB_TEST_POSTGRES`) this is the deployment the README describes; on SQLite the
//! processes share one file on one machine, and the same promises hold.

mod common;

use common::*;
use partnerhub_core::demo::DEMO_PROVIDER_PASSWORD as DEMO;
use partnerhub_core::AppState;
use partnerhub_domain::Problem;

/// A demo profile whose address also has a Partner University account with the same password.
const SHARED: &str = "hanna.vos@hollandsewolk.nl";

#[tokio::test]
async fn three_processes_starting_together_on_an_empty_database_all_come_up_with_one_schema() {
    let dir = tempfile::tempdir().unwrap();
    let database = new_postgres_database().await.unwrap_or_else(|| format!("sqlite://{}", dir.path().join("partnerhub.db").display()));
    let processes: Vec<Process> = (0..3).map(|_| start_process(&database, dir.path())).collect();
    for process in &processes {
        process.answering().await;
        let page = reqwest::get(format!("{}/enroll", process.base)).await.unwrap();
        assert_eq!(page.status(), 200, "{} serves pages", process.base);
    }
    let store = partnerhub_core::Store::connect(&database).await.unwrap();
    let directory: i64 = partnerhub_core::store::db::query_scalar("SELECT COUNT(*) FROM company_directory").fetch_one(store.pool()).await.unwrap();
    assert_eq!(directory, partnerhub_core::demo::directory().len() as i64, "the demo directory was loaded once");
}

#[tokio::test]
async fn a_process_opening_a_sqlite_file_waits_while_another_sets_it_up_and_sixteen_together_all_open_it() {
    // Connections switching a new file to WAL together may be told "database is locked" at
    // once, without waiting, and SQLite's migrations take no lock: each process takes its turn
    // (a lock on `<file>-setup.lock`) to open and migrate the file.
    if std::env::var_os("PARTNERHUB_TEST_POSTGRES").is_some() {
        return; // PostgreSQL's migrations take a lock of their own.
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("partnerhub.db");
    let database = format!("sqlite://{}", file.display());
    let turn = std::fs::File::create(dir.path().join("partnerhub.db-setup.lock")).unwrap();
    turn.lock().unwrap();
    let opening = tokio::spawn({
        let database = database.clone();
        async move { partnerhub_core::Store::connect(&database).await.map(|_| ()).map_err(|e| e.to_string()) }
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(!opening.is_finished(), "the opener waits for its turn");
    assert!(!file.exists(), "and has not touched the file");
    turn.unlock().unwrap();
    assert_eq!(opening.await.unwrap(), Ok(()), "then opens it");

    let fresh = dir.path().join("second.db");
    let database = format!("sqlite://{}", fresh.display());
    let opened = futures::future::join_all((0..16).map(|_| partnerhub_core::Store::connect(&database))).await;
    let failed: Vec<String> = opened.iter().filter_map(|store| store.as_ref().err().map(|e| e.to_string())).collect();
    assert!(failed.is_empty(), "every store opens: {failed:?}");
}

#[tokio::test]
async fn sixty_four_concurrent_links_spread_over_three_processes_make_exactly_one_link() {
    let app = spawn().await;
    let a = client();
    app.authorized_company(&a, "anna@contoso.nl", "227904006").await;
    let b = client();
    app.authorized_company(&b, "olga@dijkstra-cloud.nl", "443043868").await;
    let (second, third) = (app.another_process().await, app.another_process().await);
    let bases = [app.base.clone(), second.base.clone(), third.base.clone()];

    let calls = (0..64).map(|i| {
        let (app, client, base) = (&app, [&a, &b][i % 2], &bases[i % 3]);
        async move { app.call_at(base, client, "associate_profile", &[("email", SHARED), ("password", DEMO), ("intent", "link")], &[]).await }
    });
    let answers = futures::future::join_all(calls).await;
    assert!(answers.iter().all(|a| a.status < 500), "no server errors: {:?}", answers.iter().find(|a| a.status >= 500).map(|a| &a.body));
    assert_eq!(answers.iter().filter(|a| a.ok()).count(), 1, "exactly one link");
    for refused in answers.iter().filter(|a| !a.ok()) {
        assert!(matches!(refused.problem(), Problem::LinkCooldown { .. } | Problem::CredentialsThrottled { .. }), "{:?}", refused.problem());
    }
    let mcid = app.state.store.cert_profile_by_email(SHARED).await.unwrap().unwrap().0.mcid;
    assert_eq!(app.state.store.active_links(&mcid).await.unwrap(), 1);
    assert_eq!(app.state.store.link_history(&mcid).await.unwrap().len(), 1);
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn a_session_made_on_one_process_is_accepted_by_the_others_and_signing_out_ends_it_on_all() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", "227904006").await;
    let (second, third) = (app.another_process().await, app.another_process().await);
    let signed_in = app.signed_in("anna@contoso.nl").await;
    for base in [&second.base, &third.base] {
        let answer = app.call_at(base, &signed_in, "my_profile", &[], &[]).await;
        assert!(answer.ok(), "{base} accepts the session: {}", answer.body);
    }
    assert!(app.call_at(&second.base, &signed_in, "sign_out", &[], &[]).await.ok());
    for base in [&app.base, &third.base] {
        let answer = app.call_at(base, &signed_in, "my_profile", &[], &[]).await;
        assert_eq!(answer.error(), partnerhub_app::error::AppError::SignInRequired, "{base} knows the session ended");
    }
}

#[tokio::test]
async fn scheduled_housekeeping_runs_once_across_three_processes_and_not_again_after_a_restart() {
    let app = spawn().await;
    // Three processes: each has its own connections to the database, as separate machines do.
    let mut processes = vec![app.state.clone()];
    for _ in 0..2 {
        processes.push(AppState::start((*app.state.config).clone()).await.unwrap());
    }
    let every = partnerhub::HOUSEKEEPING_EVERY;
    let now = chrono::Utc::now();
    let ran = futures::future::join_all(processes.iter().map(|state| partnerhub::housekeeping_run(state, every, now))).await;
    assert_eq!(ran.iter().filter(|r| **r).count(), 1, "one process purges: {ran:?}");

    let restarted = AppState::start((*app.state.config).clone()).await.unwrap();
    assert!(!partnerhub::housekeeping_run(&restarted, every, now).await, "a restart in the same period does not purge again");
    let next_period = now + chrono::Duration::from_std(every).unwrap();
    let ran = futures::future::join_all(processes.iter().map(|state| partnerhub::housekeeping_run(state, every, next_period))).await;
    assert_eq!(ran.iter().filter(|r| **r).count(), 1, "the next period runs once again: {ran:?}");
}

#[tokio::test]
async fn an_appeal_document_uploaded_through_one_process_downloads_from_another_machine() {
    let app = spawn().await;
    let anna = client();
    let company = app.enrolled_in_review(&anna, "anna@contoso.nl", "227904006").await.to_string();
    let rita = app.reviewer("rita@partnerprogramme.example").await;
    let challenged =
        app.call_with(&rita, "decide_company", &[("company_id", &company), ("decision", "challenge"), ("reason", "Send proof of address")], &[]).await;
    assert!(challenged.ok(), "{}", challenged.body);
    let pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    assert!(app.call_multipart(&anna, "appeal", "Here it is", Some(("extract.pdf", pdf.clone()))).await.ok());

    let elsewhere = app.process_elsewhere().await;
    let queue: serde_json::Value = serde_json::from_str(&app.call_at(&elsewhere.base, &rita, "review_queue", &[], &[]).await.body).unwrap();
    let appeal = &queue["entries"][0]["appeals"][0]["id"];
    let download = rita.get(format!("{}/review/documents/{appeal}", elsewhere.base)).send().await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.bytes().await.unwrap().to_vec(), pdf, "the other machine serves the same document");
}
