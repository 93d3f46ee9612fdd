//! A spawned Partnerhub on a temporary database, and the calls tests make against it. The
//! database is a SQLite file in a temporary directory, or, when `PARTNERHUB_TEST_POSTGRES`
//! names a PostgreSQL server (`postgres://user@host:port`, as `make test` starts one), a new
//! database of its own on that server.
#![allow(dead_code)]

use partnerhub_app::error::AppError;
use partnerhub_core::store::db::{query, Engine};
use partnerhub_core::store::Actor;
use partnerhub_core::{AppState, Config};
use partnerhub_domain::{Decision, FieldProblem, Problem};
use reqwest::header;
use std::collections::HashMap;
use std::path::PathBuf;

/// The password every test account uses.
pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub dir: tempfile::TempDir,
    pub state: AppState,
    pub bodies: std::sync::Mutex<Vec<String>>,
}

pub struct Answer {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Answer {
    pub fn error(&self) -> AppError {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not an AppError ({e}): {}", self.body))
    }

    pub fn problems(&self) -> Vec<FieldProblem> {
        match self.error() {
            AppError::Refused(p) => p,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    pub fn problem(&self) -> Problem {
        self.problems().remove(0).problem
    }

    /// The first problem of a refusal, if the answer is one.
    pub fn problem_or_none(&self) -> Option<Problem> {
        match serde_json::from_str::<AppError>(&self.body) {
            Ok(AppError::Refused(mut p)) if !p.is_empty() => Some(p.remove(0).problem),
            _ => None,
        }
    }

    pub fn ok(&self) -> bool {
        self.status < 400
    }
}

/// The legal-details form (`correct_details`; `save_company` adds its `mode`): a legal name
/// and an Amsterdam address.
pub fn legal_details<'a>(name: &'a str, line1: &'a str, postal_code: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("legal_name", name),
        ("address[country]", "NL"),
        ("address[line1]", line1),
        ("address[line2]", ""),
        ("address[city]", "Amsterdam"),
        ("address[region]", ""),
        ("address[postal_code]", postal_code),
    ]
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).timeout(std::time::Duration::from_secs(60)).build().unwrap()
}

pub async fn spawn() -> TestApp {
    spawn_with(&[]).await
}

/// A new, empty PostgreSQL database on the tests' server, if they run on PostgreSQL.
pub async fn new_postgres_database() -> Option<String> {
    let server = std::env::var("PARTNERHUB_TEST_POSTGRES").ok().filter(|s| !s.is_empty())?;
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await.expect("the tests' PostgreSQL server answers");
    let name = format!("partnerhub_test_{}", partnerhub_core::credentials::new_token().to_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), ""));
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    Some(format!("{server}/{name}"))
}

/// Whether the tests run on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var("PARTNERHUB_TEST_POSTGRES").is_ok_and(|s| !s.is_empty())
}

/// The sessions' table: PostgreSQL's session store keeps it in a schema of its own.
pub fn sessions_table() -> &'static str {
    if on_postgres() {
        "tower_sessions.session"
    } else {
        "tower_sessions"
    }
}

/// A spawned Partnerhub with these settings on top of the tests' defaults (`DATABASE_URL`
/// empty: the SQLite file, on PostgreSQL too).
pub async fn spawn_with(settings: &[(&'static str, &str)]) -> TestApp {
    // What the server logs shows with a failing test's output.
    let _ = tracing_subscriber::fmt().with_test_writer().with_env_filter("warn").try_init();
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut env: HashMap<&str, String> = HashMap::new();
    env.insert("PARTNERHUB_DATA_DIR", dir.path().display().to_string());
    env.insert("PARTNERHUB_ADDR", addr.to_string());
    env.insert("PARTNERHUB_HOLIDAYS", "2026-12-25".into());
    // A test may name its database; an empty name is the data directory's SQLite file.
    if !settings.iter().any(|(k, _)| *k == "DATABASE_URL") {
        if let Some(url) = new_postgres_database().await {
            env.insert("DATABASE_URL", url);
        }
    }
    env.extend(settings.iter().filter(|(k, v)| !(*k == "DATABASE_URL" && v.is_empty())).map(|(k, v)| (*k, v.to_string())));
    let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
    let state = AppState::start(config).await.unwrap();
    let app = partnerhub::router(state.clone()).await.unwrap();
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    TestApp { base: format!("http://{addr}"), client: client(), dir, state, bodies: Default::default() }
}

impl TestApp {
    /// Moves every `column` of `table` back in time by `by`, as if it had happened that much
    /// earlier.
    pub async fn age(&self, table: &str, column: &str, by: chrono::Duration) {
        let sql = match self.state.store.engine() {
            Engine::Sqlite => format!("UPDATE {table} SET {column} = strftime('%Y-%m-%dT%H:%M:%f+00:00', {column}, '-{} seconds')", by.num_seconds()),
            Engine::Postgres => format!("UPDATE {table} SET {column} = {column} - make_interval(secs => {})", by.num_seconds()),
        };
        query(&sql).execute(self.state.store.pool()).await.unwrap();
    }

    /// Moves every session back in time by `by`, as if its last request had come that much
    /// earlier: its idle limit, and the sign-in and renewal times it holds.
    pub async fn age_sessions(&self, by: chrono::Duration) {
        use tower_sessions::session_store::SessionStore;
        let ids = partnerhub_core::store::db::query_scalar::<String>(&format!("SELECT id FROM {}", sessions_table()))
            .fetch_all(self.state.store.pool())
            .await
            .unwrap();
        let sessions = self.state.store.sessions().await.unwrap();
        for id in ids {
            let Some(mut record) = sessions.load(&id.parse().unwrap()).await.unwrap() else { continue };
            record.expiry_date -= time::Duration::seconds(by.num_seconds());
            for value in record.data.values_mut() {
                if let Ok(at) = serde_json::from_value::<chrono::DateTime<chrono::Utc>>(value.clone()) {
                    *value = serde_json::to_value(at - by).unwrap();
                }
            }
            sessions.save(&record).await.unwrap();
        }
    }

    /// Runs a statement of a test's own on the app's database.
    pub async fn sql(&self, sql: &str) {
        query(sql).execute(self.state.store.pool()).await.unwrap();
    }

    /// A number a test's own query reads from the app's database (a count).
    pub async fn number(&self, sql: &str) -> i64 {
        partnerhub_core::store::db::query_scalar::<i64>(sql).fetch_one(self.state.store.pool()).await.unwrap()
    }

    pub async fn call(&self, name: &str, form: &[(&str, &str)]) -> Answer {
        self.call_with(&self.client, name, form, &[]).await
    }

    pub async fn call_with(&self, client: &reqwest::Client, name: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> Answer {
        self.call_at(&self.base, client, name, form, headers).await
    }

    /// Calls a server function on the Partnerhub at `base` (another process on the same
    /// database, say), keeping the answer with this app's for the leak checks.
    pub async fn call_at(&self, base: &str, client: &reqwest::Client, name: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> Answer {
        let mut request = client.post(format!("{base}/api/{name}")).form(form);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let location = response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        self.bodies.lock().unwrap().push(body.clone());
        Answer { status, location, body }
    }

    /// Posts a multipart form (the appeal) as a script would, with an optional file.
    pub async fn call_multipart(&self, client: &reqwest::Client, name: &str, note: &str, file: Option<(&str, Vec<u8>)>) -> Answer {
        let mut form = reqwest::multipart::Form::new().text("note", note.to_owned());
        if let Some((file_name, bytes)) = file {
            form = form.part("document", reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned()));
        }
        let response = client.post(format!("{}/api/{name}", self.base)).multipart(form).send().await.unwrap();
        let status = response.status().as_u16();
        let location = response.headers().get(header::LOCATION).map(|v| v.to_str().unwrap().to_owned());
        let body = response.text().await.unwrap();
        self.bodies.lock().unwrap().push(body.clone());
        Answer { status, location, body }
    }

    pub async fn page(&self, path: &str) -> String {
        let body = self.client.get(format!("{}{path}", self.base)).send().await.unwrap().text().await.unwrap();
        self.bodies.lock().unwrap().push(body.clone());
        body
    }

    pub fn outbox(&self) -> Vec<serde_json::Value> {
        let dir: PathBuf = self.dir.path().join("outbox");
        let mut files: Vec<_> = std::fs::read_dir(dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
        files.sort();
        files.iter().map(|f| serde_json::from_slice(&std::fs::read(f).unwrap()).unwrap()).collect()
    }

    /// The code in the newest mail to `email`.
    pub fn latest_code(&self, email: &str) -> String {
        let mail = self.outbox().into_iter().rev().find(|m| m["to"] == email).expect("a mail was sent");
        let subject = mail["subject"].as_str().unwrap();
        subject.chars().filter(|c| c.is_ascii_digit()).collect::<String>()[..6].to_owned()
    }

    pub async fn start(&self, email: &str) -> Answer {
        self.call("start_enrollment", &[("email", email)]).await
    }

    /// Takes an enrollment from the email up to the agreement.
    pub async fn enroll_until_agreement(&self, email: &str, duns: &str) {
        self.enroll_until_agreement_with(&self.client, email, duns).await
    }

    /// The same, in the browser session of `client`.
    pub async fn enroll_until_agreement_with(&self, client: &reqwest::Client, email: &str, duns: &str) {
        assert!(self.call_with(client, "start_enrollment", &[("email", email)], &[]).await.ok());
        assert!(self.call_with(client, "verify_code", &[("code", &self.latest_code(email))], &[]).await.ok());
        let account =
            self.call_with(client, "save_account", &[("full_name", "Anna de Vries"), ("password", PASSWORD), ("password_repeat", PASSWORD)], &[]).await;
        assert!(account.ok(), "{}", account.body);
        let found = self.call_with(client, "lookup_duns", &[("duns", duns)], &[]).await;
        assert!(found.ok(), "{}", found.body);
        let m: serde_json::Value = serde_json::from_str(&found.body).unwrap();
        let a = &m["address"];
        let company = self
            .call_with(
                client,
                "save_company",
                &[
                    ("mode", "duns"),
                    ("duns", duns),
                    ("legal_name", m["legal_name"].as_str().unwrap()),
                    ("address[country]", a["country"].as_str().unwrap()),
                    ("address[line1]", a["line1"].as_str().unwrap()),
                    ("address[line2]", a["line2"].as_str().unwrap()),
                    ("address[city]", a["city"].as_str().unwrap()),
                    ("address[region]", a["region"].as_str().unwrap()),
                    ("address[postal_code]", a["postal_code"].as_str().unwrap()),
                ],
                &[],
            )
            .await;
        assert!(company.ok(), "{}", company.body);
        let contact = self.call_with(client, "save_contact", &[("who", "me")], &[]).await;
        assert!(contact.ok(), "{}", contact.body);
    }

    pub async fn complete(&self) -> Answer {
        self.call("complete_enrollment", &[("authority", "yes"), ("accept", "yes"), ("version", "2026-11")]).await
    }

    /// The token of the link in the newest mail to `email` that has one.
    pub fn latest_link_token(&self, email: &str) -> String {
        let mail = self
            .outbox()
            .into_iter()
            .rev()
            .find(|m| m["to"] == email && m["body"].as_str().unwrap().contains("token="))
            .unwrap_or_else(|| panic!("no mail with a link to {email}"));
        let body = mail["body"].as_str().unwrap();
        body.split("token=").nth(1).unwrap().split_whitespace().next().unwrap().to_owned()
    }

    /// Enrolls a company in `client`'s session (which ends signed in as its first Global
    /// admin) and has its contact verify: the company is in review. Returns its id.
    pub async fn enrolled_in_review(&self, client: &reqwest::Client, email: &str, duns: &str) -> i64 {
        self.enroll_until_agreement_with(client, email, duns).await;
        let done = self.call_with(client, "complete_enrollment", &[("authority", "yes"), ("accept", "yes"), ("version", "2026-11")], &[]).await;
        assert!(done.ok(), "{}", done.body);
        let token = self.latest_link_token(email);
        assert!(self.call_with(&self::client(), "verify_contact", &[("token", &token)], &[]).await.ok());
        self.state.store.user_by_email(email).await.unwrap().unwrap().company_id
    }

    /// The same, then authorized by a reviewer (straight in the store).
    pub async fn authorized_company(&self, client: &reqwest::Client, email: &str, duns: &str) -> i64 {
        let id = self.enrolled_in_review(client, email, duns).await;
        let reviewer = Actor::reviewer(0, "Setup Reviewer", "setup@partnerhub.test");
        self.state.store.decide(&reviewer, id, Decision::Authorize, None, chrono::Utc::now()).await.unwrap();
        id
    }

    /// A new browser session signed in as `email`.
    pub async fn signed_in(&self, email: &str) -> reqwest::Client {
        let c = client();
        let answer = self.call_with(&c, "sign_in", &[("email", email), ("password", PASSWORD)], &[]).await;
        assert!(answer.ok(), "sign-in of {email}: {}", answer.body);
        c
    }

    /// A platform reviewer (as the command line adds one), signed in.
    pub async fn reviewer(&self, email: &str) -> reqwest::Client {
        let password = partnerhub_domain::Password::parse(PASSWORD).unwrap();
        let hash = partnerhub_core::credentials::hash_password(password).await.unwrap();
        self.state.store.create_reviewer(email, "Rita Reviewer", &hash, chrono::Utc::now()).await.unwrap();
        self.signed_in(email).await
    }

    /// An admin (`admin`'s session) invites `email` with `roles`; the invitee accepts in a new
    /// browser session, which is returned signed in.
    pub async fn invited(&self, admin: &reqwest::Client, email: &str, name: &str, roles: &[&str]) -> reqwest::Client {
        let mut form = vec![("email", email), ("full_name", name)];
        form.extend(roles.iter().map(|r| (*r, "on")));
        let answer = self.call_with(admin, "invite_user", &form, &[]).await;
        assert!(answer.ok(), "invite {email}: {}", answer.body);
        let token = self.latest_link_token(email);
        let c = client();
        let accepted = self.call_with(&c, "accept_invitation", &[("token", &token), ("password", PASSWORD), ("password_repeat", PASSWORD)], &[]).await;
        assert!(accepted.ok(), "accept {email}: {}", accepted.body);
        c
    }

    /// A user's id by address.
    pub async fn user_id(&self, email: &str) -> i64 {
        self.state.store.user_by_email(email).await.unwrap().unwrap().id
    }

    pub fn assert_no_internals_leaked(&self) {
        for body in self.bodies.lock().unwrap().iter() {
            let lower = body.to_lowercase();
            for word in ["sqlite", "sqlx", "select ", "insert into", "constraint", "panicked", "stack backtrace", "database:"] {
                assert!(!lower.contains(word), "a response shows internals ({word}): {body}");
            }
        }
    }
}

/// Another Partnerhub server process (the built binary) on the app's database; stopped when
/// dropped.
pub struct Process {
    pub base: String,
    child: std::process::Child,
    /// A data directory of its own, as on another machine.
    own_dir: Option<tempfile::TempDir>,
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl TestApp {
    /// Starts another Partnerhub process on this app's database and data directory, and waits
    /// until it answers.
    pub async fn another_process(&self) -> Process {
        let process = start_process(&self.state.config.database_url, self.dir.path());
        process.answering().await;
        process
    }

    /// The same, with a data directory of its own, as on another machine.
    pub async fn process_elsewhere(&self) -> Process {
        let dir = tempfile::tempdir().unwrap();
        let mut process = start_process(&self.state.config.database_url, dir.path());
        process.own_dir = Some(dir);
        process.answering().await;
        process
    }
}

/// Starts a Partnerhub process (the built binary) on `database`, without waiting for it.
pub fn start_process(database: &str, data_dir: &std::path::Path) -> Process {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .env("DATABASE_URL", database)
        .env("PARTNERHUB_DATA_DIR", data_dir)
        .env("PARTNERHUB_ADDR", format!("127.0.0.1:{port}"))
        .env("PARTNERHUB_HOLIDAYS", "2026-12-25")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    Process { base: format!("http://127.0.0.1:{port}"), child, own_dir: None }
}

impl Process {
    /// Waits until the process answers (at most 10 seconds).
    pub async fn answering(&self) {
        for _ in 0..200 {
            if reqwest::get(format!("{}/healthz", self.base)).await.is_ok_and(|r| r.status().is_success()) {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("the Partnerhub process at {} did not start", self.base);
    }
}

/// The text of a PDF as a reader extracts it (`pdftotext`, installed by `.ci/setup --test`).
pub fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext is installed");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "pdftotext reads the document");
    String::from_utf8(out.stdout).unwrap()
}
