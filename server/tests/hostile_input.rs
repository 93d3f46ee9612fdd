//! Partnerhub at its boundary, tried as an attacker would: oversized and malformed requests,
//! bursts against every limit, and the headers every answer carries. Bursts are sent in
//! parallel, not one request after another.

mod common;

use common::*;
use partnerhub_core::store::db::{query, query_scalar, Engine};
use partnerhub_domain::access::{ACCOUNT_FAILURES_PER_HOUR, MAILS_PER_COMPANY_PER_HOUR, MAILS_PER_RECIPIENT_PER_HOUR, PROVIDER_FAILURES_PER_HOUR};
use partnerhub_domain::{FieldProblem, Problem};
use reqwest::header;

/// The database's size on disk: SQLite's file once the write-ahead log is folded into it, or
/// PostgreSQL's database.
async fn database_bytes(app: &TestApp) -> u64 {
    let db = app.state.store.pool();
    match db.engine() {
        Engine::Sqlite => {
            query("PRAGMA wal_checkpoint(TRUNCATE)").execute(db).await.unwrap();
            ["partnerhub.db", "partnerhub.db-wal"].iter().map(|f| std::fs::metadata(app.dir.path().join(f)).map(|m| m.len()).unwrap_or(0)).sum()
        }
        Engine::Postgres => query_scalar::<i64>("SELECT pg_database_size(current_database())").fetch_one(db).await.unwrap() as u64,
    }
}

/// Posts `body` as it is, with `content_type`, as a browser without JavaScript would.
async fn post_raw(app: &TestApp, c: &reqwest::Client, path: &str, content_type: &str, body: Vec<u8>) -> Answer {
    let response = c
        .post(format!("{}{path}", app.base))
        .header(header::CONTENT_TYPE, content_type)
        .header(header::ACCEPT, "text/html")
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: the connection failed: {e}"));
    let status = response.status().as_u16();
    let location = response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned());
    let body = response.text().await.unwrap_or_default();
    app.bodies.lock().unwrap().push(body.clone());
    Answer { status, location, body }
}

/// `pairs` as an urlencoded form body, every byte but letters and digits percent-encoded.
fn form_body(pairs: &[(&str, &str)]) -> Vec<u8> {
    let encode = |s: &str| s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect::<String>();
    pairs.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect::<Vec<_>>().join("&").into_bytes()
}

#[tokio::test]
async fn a_hundred_oversized_posts_are_refused_without_growing_the_database() {
    let app = spawn().await;
    let _ = app.page("/").await;
    let before = database_bytes(&app).await;
    let huge = "a".repeat(1024 * 1024) + "@contoso.nl";
    let calls = (0..100).map(|_| {
        let (app, huge) = (&app, &huge);
        async move { post_raw(app, &client(), "/api/start_enrollment", "application/x-www-form-urlencoded", form_body(&[("email", huge)])).await }
    });
    for answer in futures::future::join_all(calls).await {
        assert_eq!(answer.status, 413, "{}", answer.body);
        assert!(answer.body.contains("larger than Partnerhub accepts"), "{}", answer.body);
    }
    // Just under the body limit: refused as too long, and what the session keeps is capped.
    let long = "b".repeat(60 * 1024) + "@contoso.nl";
    let calls = (0..100).map(|_| {
        let (app, long) = (&app, &long);
        async move { post_raw(app, &client(), "/api/start_enrollment", "application/x-www-form-urlencoded", form_body(&[("email", long)])).await }
    });
    for answer in futures::future::join_all(calls).await {
        assert!(matches!(answer.status, 302 | 303), "a refused plain form post goes back to its page: {} {}", answer.status, answer.body);
    }
    let grown = database_bytes(&app).await.saturating_sub(before);
    // 100 sessions with a capped value each: well under a megabyte (uncapped: about 6 MB).
    assert!(grown < 1024 * 1024, "the database grew by {grown} bytes");
    println!("database growth after 200 oversized posts: {grown} bytes");
}

#[tokio::test]
async fn an_oversized_upload_is_refused_without_growing_the_database() {
    let app = spawn().await;
    let anna = client();
    app.enrolled_in_review(&anna, "anna@contoso.nl", "227904006").await;
    let before = database_bytes(&app).await;
    let answer = app.call_multipart(&anna, "appeal", "Our papers", Some(("big.pdf", vec![b'%'; 7 * 1024 * 1024]))).await;
    assert_eq!(answer.status, 413, "{}", answer.body);
    assert!(database_bytes(&app).await - before < 64 * 1024);
    let documents = std::fs::read_dir(app.dir.path().join("documents")).map(|d| d.count()).unwrap_or(0);
    assert_eq!(documents, 0, "nothing of the upload is kept");
}

#[tokio::test]
async fn uploads_without_a_multipart_boundary_or_with_a_broken_body_are_bad_requests() {
    let app = spawn().await;
    let anna = client();
    app.enrolled_in_review(&anna, "anna@contoso.nl", "227904006").await;
    for c in [client(), anna] {
        let no_boundary = post_raw(&app, &c, "/api/appeal", "multipart/form-data", b"note=hello".to_vec()).await;
        assert_eq!(no_boundary.status, 400, "{}", no_boundary.body);
        let broken = post_raw(
            &app,
            &c,
            "/api/appeal",
            "multipart/form-data; boundary=XYZ",
            b"--XYZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nunterminated".to_vec(),
        )
        .await;
        // Anonymous: sent to sign in first; signed in: the broken body is a bad request.
        assert!(matches!(broken.status, 302 | 303 | 400), "{} {}", broken.status, broken.body);
    }
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn non_ascii_postal_codes_and_control_characters_are_refused_with_a_message_not_a_dropped_connection() {
    let app = spawn().await;
    let anna = client();
    app.enroll_until_agreement_with(&anna, "anna@contoso.nl", "227904006").await;
    let fields = |postal: &'static str, line1: &'static str| {
        let mut form = legal_details("Contoso Nederland B.V.", line1, postal);
        form.push(("mode", "manual"));
        form
    };
    for postal in ["123éa", "12€1", "1234ÉA"] {
        let answer = app.call_with(&anna, "save_company", &fields(postal, "Herengracht 182"), &[]).await;
        assert_eq!(answer.status, 422, "{postal}: {}", answer.body);
        assert!(answer.problems().contains(&FieldProblem::field("address[postal_code]", Problem::PostalCodeFormat { example: "1012 AB".into() })));
    }
    for line1 in ["Herengracht\u{0}182", "Herengracht\r\n182", "Heren\u{202E}gracht 182"] {
        let answer = app.call_with(&anna, "save_company", &fields("1016 BR", line1), &[]).await;
        assert_eq!(answer.status, 422, "{line1:?}: {}", answer.body);
        assert!(answer.problems().contains(&FieldProblem::field("address[line1]", Problem::InvalidCharacters)), "{}", answer.body);
    }
}

#[tokio::test]
async fn a_bad_input_battery_over_every_server_function_never_answers_5xx_or_internal_text() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", "227904006").await;
    let paths: Vec<String> = leptos::server_fn::axum::server_fn_paths().map(|(path, _)| path.to_owned()).filter(|p| p != "/api/sign_out").collect();
    let oversized = form_body(&[("email", &"x".repeat(100 * 1024))]);
    let batteries: Vec<(&str, &str, Vec<u8>)> = vec![
        ("oversized", "application/x-www-form-urlencoded", oversized),
        ("invalid UTF-8", "application/x-www-form-urlencoded", b"email=%FF%FE%FD&full_name=\xff\xfe&password=\xc3\x28".to_vec()),
        ("NUL", "application/x-www-form-urlencoded", b"email=a%00b%40contoso.nl&code=12%003456&full_name=A%00B&token=%00".to_vec()),
        ("non-ASCII", "application/x-www-form-urlencoded", form_body(&[("email", "ö@ß.nl"), ("code", "١٢٣٤٥٦"), ("full_name", "Łódź 😀"), ("duns", "１２３")])),
        ("missing fields", "application/x-www-form-urlencoded", Vec::new()),
        ("duplicated fields", "application/x-www-form-urlencoded", b"email=a%40contoso.nl&email=b%40contoso.nl&user_id=1&user_id=2".to_vec()),
        ("wrong numbers", "application/x-www-form-urlencoded", b"user_id=99999999999999999999999&company_id=-1e999&location=NaN".to_vec()),
        ("JSON", "application/json", b"{\"email\": [1, 2, {\"x\": null}]".to_vec()),
        ("malformed multipart", "multipart/form-data; boundary=B", b"--B\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nx".to_vec()),
    ];
    let mut tried = 0;
    let mut failures = Vec::new();
    for (who, c) in [("anonymous", client()), ("Global admin", anna)] {
        for path in &paths {
            for (name, content_type, body) in &batteries {
                tried += 1;
                let response = c.post(format!("{}{path}", app.base)).header(header::CONTENT_TYPE, *content_type).body(body.clone()).send().await;
                match response {
                    Err(e) => failures.push(format!("{path} {name} ({who}): connection failed: {e}")),
                    Ok(r) => {
                        let status = r.status().as_u16();
                        let text = r.text().await.unwrap_or_default();
                        if status >= 500 {
                            failures.push(format!("{path} {name} ({who}): {status} {text}"));
                        }
                        app.bodies.lock().unwrap().push(text);
                    }
                }
            }
        }
    }
    println!("bad-input battery: {tried} requests, {} answered 5xx or dropped", failures.len());
    assert!(failures.is_empty(), "{} of {tried} failed:\n{}", failures.len(), failures.join("\n"));
    app.assert_no_internals_leaked();
}

#[tokio::test]
async fn fifty_simultaneous_wrong_passwords_at_the_limits_edge_do_not_pass_it() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", "227904006").await;
    // 80 failures this hour from elsewhere: 20 more may be checked, then the account closes.
    let now = chrono::Utc::now();
    for _ in 0..(ACCOUNT_FAILURES_PER_HOUR - 20) {
        app.state.store.begin_sign_in("anna@contoso.nl", "192.0.2.9", None, now).await.unwrap();
    }
    let calls = (0..50).map(|_| {
        let app = &app;
        async move { app.call_with(&client(), "sign_in", &[("email", "anna@contoso.nl"), ("password", "a wrong password")], &[]).await }
    });
    let answers = futures::future::join_all(calls).await;
    let checked = answers.iter().filter(|a| a.status == 422 && a.problem() == Problem::SignInFailed).count();
    let throttled = answers.iter().filter(|a| a.status == 422 && matches!(a.problem(), Problem::SignInThrottled { .. })).count();
    println!("sign-in burst at the edge: 50 tried, {checked} checked, {throttled} throttled");
    assert_eq!((checked, throttled), (20, 30), "exactly the 20 attempts left in the hour were checked");
}

#[tokio::test]
async fn fifty_simultaneous_wrong_certification_passwords_do_not_pass_the_limit() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", "227904006").await;
    let calls = (0..50).map(|_| {
        let (app, anna) = (&app, &anna);
        async move { app.call_with(anna, "associate_profile", &[("email", "someone@example.org"), ("password", "a guess")], &[]).await }
    });
    let answers = futures::future::join_all(calls).await;
    let checked = answers.iter().filter(|a| a.status == 422 && a.problem() == Problem::ProviderCredentialsWrong).count();
    let throttled = answers.iter().filter(|a| a.status == 422 && matches!(a.problem(), Problem::CredentialsThrottled { .. })).count();
    println!("certification-password burst: 50 tried, {checked} checked, {throttled} throttled");
    assert_eq!((checked, throttled), (PROVIDER_FAILURES_PER_HOUR as usize, 50 - PROVIDER_FAILURES_PER_HOUR as usize));
    // The same address is closed for another user of the company too, and for Partner University.
    let bob = app.invited(&anna, "bob@contoso.nl", "Bob Jansen", &[]).await;
    let answer = app.call_with(&bob, "university_access", &[("email", "someone@example.org"), ("password", "another guess")], &[]).await;
    assert!(matches!(answer.problem(), Problem::CredentialsThrottled { .. }), "{}", answer.body);
}

#[tokio::test]
async fn an_admin_cannot_flood_one_recipient_nor_mail_without_limit() {
    let app = spawn().await;
    let anna = client();
    app.authorized_company(&anna, "anna@contoso.nl", "227904006").await;
    let location = |i: usize, contact: String| {
        let (app, anna) = (&app, &anna);
        async move {
            let line1 = format!("Vredenburg {}", i + 1);
            let form = [
                ("address[country]", "NL"),
                ("address[line1]", line1.as_str()),
                ("address[line2]", ""),
                ("address[city]", "Utrecht"),
                ("address[region]", ""),
                ("address[postal_code]", "3511BD"),
                ("contact_name", "Lotte de Boer"),
                ("contact_email", contact.as_str()),
            ];
            app.call_with(anna, "add_location", &form, &[]).await
        }
    };
    let mails_to = |to: &str| app.outbox().iter().filter(|m| m["to"] == to).count();
    let same = futures::future::join_all((0..8).map(|i| location(i, "lotte@contoso.nl".into()))).await;
    let refused = same.iter().filter(|a| matches!(a.problem_or_none(), Some(Problem::MailLimit { .. }))).count();
    assert_eq!(mails_to("lotte@contoso.nl"), MAILS_PER_RECIPIENT_PER_HOUR as usize);
    assert_eq!(refused, 8 - MAILS_PER_RECIPIENT_PER_HOUR as usize);
    let many = futures::future::join_all((0..70).map(|i| location(100 + i, format!("contact{i}@contoso.nl")))).await;
    let sent = many.iter().filter(|a| a.ok()).count();
    assert_eq!(sent + MAILS_PER_RECIPIENT_PER_HOUR as usize, MAILS_PER_COMPANY_PER_HOUR as usize, "the company's hour is full");
    let invite = app.call_with(&anna, "invite_user", &[("email", "eva@contoso.nl"), ("full_name", "Eva Visser")], &[]).await;
    assert!(matches!(invite.problem(), Problem::MailLimit { .. }), "{}", invite.body);
    println!("mail bursts: 78 location mails tried, {} sent", sent + MAILS_PER_RECIPIENT_PER_HOUR as usize);
}

#[tokio::test]
async fn expired_sessions_codes_and_abandoned_enrollments_are_deleted_by_housekeeping() {
    let app = spawn().await;
    for i in 0..5 {
        assert!(app.call_with(&client(), "start_enrollment", &[("email", &format!("p{i}@contoso.nl"))], &[]).await.ok());
    }
    let count = |table: &'static str| {
        let table = if table == "tower_sessions" { sessions_table() } else { table };
        let app = &app;
        async move { app.number(&format!("SELECT COUNT(*) FROM {table}")).await }
    };
    assert!(count("tower_sessions").await >= 5 && count("enrollments").await == 5 && count("verification_codes").await == 5);
    let purged = app.state.store.purge(chrono::Utc::now()).await.unwrap();
    assert_eq!(purged.total(), 0, "nothing is deleted before it expires");
    let later = chrono::Utc::now() + chrono::Duration::days(partnerhub_core::store::ABANDONED_ENROLLMENT_DAYS + 1);
    let purged = app.state.store.purge(later).await.unwrap();
    assert!(purged.sessions >= 5, "{purged:?}");
    assert_eq!((purged.enrollments, count("tower_sessions").await, count("enrollments").await, count("verification_codes").await), (5, 0, 0, 0));
}

#[tokio::test]
async fn the_outbox_is_refused_without_its_setting_even_on_loopback_without_smtp() {
    let app = spawn().await;
    assert!(app.start("anna@contoso.nl").await.ok());
    let answer = app.call("dev_outbox", &[]).await;
    assert_eq!(answer.status, 403, "{}", answer.body);
    let page = app.page("/dev/outbox").await;
    assert!(!page.contains("anna@contoso.nl"), "the outbox page shows no mail");
}

/// The headers every answer carries, whatever kind of answer it is.
fn assert_guarded(what: &str, r: &reqwest::Response, https: bool) {
    let h = r.headers();
    let csp = h.get(header::CONTENT_SECURITY_POLICY).unwrap_or_else(|| panic!("{what}: no Content-Security-Policy")).to_str().unwrap();
    for part in ["frame-ancestors 'self'", "object-src 'none'", "base-uri 'none'", "form-action 'self'", "'wasm-unsafe-eval'"] {
        assert!(csp.contains(part), "{what}: {part} missing from {csp}");
    }
    assert_eq!(h.get(header::X_FRAME_OPTIONS).map(|v| v.to_str().unwrap()), Some("SAMEORIGIN"), "{what}");
    assert_eq!(h.get(header::X_CONTENT_TYPE_OPTIONS).map(|v| v.to_str().unwrap()), Some("nosniff"), "{what}");
    assert_eq!(h.get(header::STRICT_TRANSPORT_SECURITY).is_some(), https, "{what}: HSTS only over https");
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    for https in [false, true] {
        let app = if https { spawn_with(&[("PARTNERHUB_PUBLIC_URL", "https://partners.example")]).await } else { spawn().await };
        let c = client();
        let page = c.get(format!("{}/", app.base)).send().await.unwrap();
        assert_guarded("a page", &page, https);
        let csp = page.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().to_owned();
        let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("nonce=\"{nonce}\"")), "the page's inline scripts carry the policy's nonce");
        assert_guarded("a missing page", &c.get(format!("{}/no/such/page", app.base)).send().await.unwrap(), https);
        let refused = c.post(format!("{}/api/start_enrollment", app.base)).header("sec-fetch-site", "cross-site").form(&[("email", "x")]).send().await.unwrap();
        assert_eq!(refused.status(), 403);
        assert_guarded("a cross-site refusal", &refused, https);
        let dutch =
            c.post(format!("{}/api/start_enrollment", app.base)).header("sec-fetch-site", "cross-site").header("accept-language", "nl").send().await.unwrap();
        assert!(dutch.text().await.unwrap().contains("Partnerhub accepteert alleen formulieren"), "the refusal speaks the reader's language");
        let big = c.post(format!("{}/api/start_enrollment", app.base)).body(vec![b'a'; 200 * 1024]).send().await.unwrap();
        assert_eq!(big.status(), 413);
        assert_guarded("a body too large", &big, https);
        let refusal = c.post(format!("{}/api/start_enrollment", app.base)).form(&[("email", "info@gmail.com")]).send().await.unwrap();
        assert_eq!(refusal.status(), 422);
        assert_guarded("a server function's refusal", &refusal, https);
        assert_guarded("a download without a session", &c.get(format!("{}/company/skills.csv", app.base)).send().await.unwrap(), https);
        assert_guarded("the health check", &c.get(format!("{}/healthz", app.base)).send().await.unwrap(), https);
    }
}

#[tokio::test]
async fn the_page_checks_work_emails_with_the_operators_policy_and_agrees_with_the_server() {
    let app = spawn_with(&[("PARTNERHUB_DENIED_WORDS", "sales, hr"), ("PARTNERHUB_PERSONAL_DOMAINS", "example.org")]).await;
    let page = app.page("/enroll").await;
    let meta = page.split("name=\"partnerhub-email-policy\" content=\"").nth(1).expect("the page carries the policy");
    let json = meta.split('"').next().unwrap().replace("&quot;", "\"").replace("&amp;", "&");
    let policy: partnerhub_domain::EmailPolicy = serde_json::from_str(&json).unwrap();
    assert!(policy.denied_words.contains(&"sales".to_owned()) && policy.personal_domains.contains(&"example.org".to_owned()));
    // Generated addresses: every local part with every domain, as the page and as the server judge them.
    let locals = ["anna", "sales", "sales.team", "x-hr", "hrm", "info", "anna.sales", "ßales", "a+b"];
    let domains = ["contoso.nl", "example.org", "mail.example.org", "gmail.com", "example.org.nl", "localhost"];
    for local in locals {
        for domain in domains {
            let address = format!("{local}@{domain}");
            let on_page = partnerhub_app::email_policy::check_work_email_with(&policy, &address);
            let answer = app.call_with(&client(), "start_enrollment", &[("email", &address)], &[]).await;
            let on_server = if answer.ok() { Ok(()) } else { Err(answer.problem()) };
            assert_eq!(on_page, on_server, "{address}");
        }
    }
}

#[tokio::test]
async fn correcting_the_details_of_a_rejected_company_does_not_bypass_its_three_answers() {
    let app = spawn().await;
    let anna = client();
    let id = app.enrolled_in_review(&anna, "anna@contoso.nl", "227904006").await;
    let reviewer = partnerhub_core::store::Actor::reviewer(0, "Rita Reviewer", "rita@programme.example");
    app.state.store.decide(&reviewer, id, partnerhub_domain::Decision::Reject, Some("Address unknown"), chrono::Utc::now()).await.unwrap();
    for line1 in ["Keizersgracht 1", "Keizersgracht 2", "Keizersgracht 3", "Keizersgracht 4"] {
        let form = legal_details("Contoso Nederland B.V.", line1, "1016 BR");
        let answer = app.call_with(&anna, "correct_details", &form, &[]).await;
        assert!(answer.ok(), "the correction is kept: {}", answer.body);
        let status: serde_json::Value = serde_json::from_str(&app.call_with(&anna, "company_status", &[], &[]).await.body).unwrap();
        assert_eq!(status["status"], "Rejected", "a correction alone does not reopen the review");
    }
}
