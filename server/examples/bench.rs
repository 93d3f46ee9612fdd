//! Measurements for BENCHMARKS.md (run by `make bench`, never by the tests):
//!
//! 1. The link server function (`associate_shared`) under 64 concurrent clients on loopback,
//!    beside a bare axum handler running the same store transaction (`Store::link_profile`), in
//!    the same run: throughput, p50 and p99.
//! 2. The skills-report CSV for 100,000 linked people, streamed by a Partnerhub server process:
//!    time and peak memory, beside `sqlite3 -csv` on the same query.
//!
//! Usage: `bench SERVER_BINARY` (the release `partnerhub`); prints a Markdown report.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use partnerhub_core::credentials::hash_password;
use partnerhub_core::store::db::{query, query_as};
use partnerhub_core::{AppState, Config};
use partnerhub_domain::Password;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const CLIENTS: usize = 64;
const RUN: Duration = Duration::from_secs(10);
const PEOPLE: i64 = 100_000;
const PASSWORD: &str = "correct horse battery";

#[tokio::main]
async fn main() {
    let server_binary = std::env::args().nth(1).expect("usage: bench SERVER_BINARY");
    let dir = tempfile::tempdir().unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let mut env: HashMap<&str, String> = HashMap::new();
    env.insert("PARTNERHUB_DATA_DIR", dir.path().display().to_string());
    env.insert("PARTNERHUB_ADDR", addr.to_string());
    let config = Config::from_lookup(|k| env.get(k).cloned()).unwrap();
    let state = AppState::start(config).await.unwrap();
    let pool = state.store.pool().clone();
    let hash = hash_password(Password::parse(PASSWORD).unwrap()).await.unwrap();

    // One authorized company; 64 users, each with Partner University access to a profile that
    // shares its credentials; a Global admin for the report.
    query(
        "INSERT INTO companies (id, partner_id, legal_name, name_key, country, line1, city, postal_code, source, status, created_at)
         VALUES (1, 1234567, 'Bench B.V.', 'bench', 'NL', 'Dam 1', 'Amsterdam', '1012 JS', 'manual', 'authorized', CURRENT_TIMESTAMP)",
    )
    .execute(&pool)
    .await
    .unwrap();
    query("INSERT INTO partner_ids (value) VALUES (1234567)").execute(&pool).await.unwrap();
    query("INSERT INTO primary_contacts (company_id, name, email, locale, token_hash, sent_at, verified_at) VALUES (1, 'A', 'a@bench.nl', 'en', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
        .execute(&pool)
        .await
        .unwrap();
    let shared: Vec<(String, String)> =
        query_as("SELECT u.email, p.mcid FROM university_accounts u JOIN cert_profiles p ON p.email = u.email AND p.password_hash = u.password_hash LIMIT $1")
            .bind(CLIENTS as i64)
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(shared.len(), CLIENTS, "the demo data has enough shared accounts");
    for (i, (email, mcid)) in shared.iter().enumerate() {
        let id = i as i64 + 1;
        query("INSERT INTO users (id, company_id, email, full_name, password_hash, locale, created_at) VALUES ($1, 1, $2, $3, $4, 'en', CURRENT_TIMESTAMP)")
            .bind(id)
            .bind(format!("user{id}@bench.nl"))
            .bind(format!("Bench User {id}"))
            .bind(&hash)
            .execute(&pool)
            .await
            .unwrap();
        query("INSERT INTO university_links (user_id, email, shared_mcid, linked_at) VALUES ($1, $2, $3, CURRENT_TIMESTAMP)")
            .bind(id)
            .bind(email)
            .bind(mcid)
            .execute(&pool)
            .await
            .unwrap();
    }
    query("INSERT INTO users (id, company_id, email, full_name, password_hash, locale, created_at) VALUES (100, 1, 'admin@bench.nl', 'Bench Admin', $1, 'en', CURRENT_TIMESTAMP)")
        .bind(&hash)
        .execute(&pool)
        .await
        .unwrap();
    query("INSERT INTO user_roles (user_id, role) VALUES (100, 'global_admin')").execute(&pool).await.unwrap();

    // Partnerhub, and the bare handler on a port of its own.
    let app = partnerhub::router(state.clone()).await.unwrap().into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let bare_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bare_addr = bare_listener.local_addr().unwrap();
    let bare = axum::Router::new().route("/link/{user_id}", post(bare_link)).with_state(state.clone());
    tokio::spawn(async move { axum::serve(bare_listener, bare).await.unwrap() });

    let mut clients = Vec::new();
    for i in 1..=CLIENTS {
        let c = reqwest::Client::builder().cookie_store(true).build().unwrap();
        let r =
            c.post(format!("http://{addr}/api/sign_in")).form(&[("email", format!("user{i}@bench.nl")), ("password", PASSWORD.into())]).send().await.unwrap();
        assert!(r.status().as_u16() < 400, "sign-in {}", r.status());
        clients.push(c);
    }
    println!("## Link under {CLIENTS} concurrent clients ({} s each, loopback)\n", RUN.as_secs());
    println!("| endpoint | requests | per second | p50 | p99 | answers |");
    println!("| --- | ---: | ---: | ---: | ---: | --- |");
    let server_fn = load(&clients, |_| format!("http://{addr}/api/associate_shared"), true).await;
    let plain: Vec<reqwest::Client> = (0..CLIENTS).map(|_| reqwest::Client::new()).collect();
    // The people remove access and a month passes, so that the bare handler's first links
    // succeed too; after that both answer with the cooldown refusal.
    let month_ago = chrono::Utc::now() - chrono::Duration::days(31);
    query("UPDATE links SET ended_at = $1, end_reason = 'unlinked', started_at = $1").bind(month_ago).execute(&pool).await.unwrap();
    let bare_run = load(&plain, |i| format!("http://{bare_addr}/link/{}", i + 1), false).await;
    server_fn.print("`associate_shared` server function");
    bare_run.print("bare axum handler, same transaction");
    println!("\nRatio (bare ÷ server function), requests per second: {:.2}\n", bare_run.per_second() / server_fn.per_second());

    // 100,000 linked people, each with a profile and two certifications.
    let started = Instant::now();
    query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {PEOPLE})
         INSERT INTO cert_profiles (mcid, email, full_name, password_hash) SELECT 'B' || i, 'p' || i || '@bench.nl', 'Person ' || i, 'x' FROM n"
    ))
    .execute(&pool)
    .await
    .unwrap();
    for (exam, title) in [("CL-104", "Cloud Administrator Associate"), ("SC-200", "Security Operations Analyst")] {
        query(&format!(
            "INSERT INTO cert_certifications (mcid, exam, title, passed_on, expires_on) SELECT mcid, '{exam}', '{title}', '2026-01-15', '2027-01-15' FROM cert_profiles WHERE mcid LIKE 'B%'"
        ))
        .execute(&pool)
        .await
        .unwrap();
    }
    query(
        "INSERT INTO users (id, company_id, email, full_name, password_hash, locale, created_at)
         SELECT 1000 + CAST(substr(mcid, 2) AS INTEGER), 1, email, full_name, '', 'en', CURRENT_TIMESTAMP FROM cert_profiles WHERE mcid LIKE 'B%'",
    )
    .execute(&pool)
    .await
    .unwrap();
    query(
        "INSERT INTO links (mcid, user_id, company_id, started_at)
         SELECT mcid, 1000 + CAST(substr(mcid, 2) AS INTEGER), 1, '2026-02-01T09:00:00+00:00' FROM cert_profiles WHERE mcid LIKE 'B%'",
    )
    .execute(&pool)
    .await
    .unwrap();
    let setup = started.elapsed();
    drop(pool);

    // A Partnerhub server process on the same data, so that its peak memory is its own.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = std::process::Command::new(&server_binary)
        .env("PARTNERHUB_DATA_DIR", dir.path())
        .env("PARTNERHUB_ADDR", format!("127.0.0.1:{port}"))
        .env("PARTNERHUB_DEMO", "0")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let admin = reqwest::Client::builder().cookie_store(true).build().unwrap();
    for _ in 0..100 {
        if admin.get(format!("{base}/healthz")).send().await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let signed = admin.post(format!("{base}/api/sign_in")).form(&[("email", "admin@bench.nl"), ("password", PASSWORD)]).send().await.unwrap();
    assert!(signed.status().as_u16() < 400);
    let before = peak_kib(child.id());
    let t = Instant::now();
    let mut response = admin.get(format!("{base}/company/skills.csv")).send().await.unwrap();
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(chunk) = response.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let server_time = t.elapsed();
    let server_peak = peak_kib(child.id());
    let _ = child.kill();
    let _ = child.wait();

    let db = dir.path().join("partnerhub.db");
    let query = "SELECT u.full_name, u.email, l.mcid, l.started_at, 'certification', c.exam, c.title, c.passed_on, c.expires_on
                 FROM links l JOIN users u ON u.id = l.user_id JOIN cert_certifications c ON c.mcid = l.mcid
                 WHERE l.company_id = 1 AND l.ended_at IS NULL ORDER BY u.full_name COLLATE NOCASE, u.id, c.exam";
    let t = Instant::now();
    let out = std::process::Command::new("/usr/bin/time").args(["-f", "%M", "sqlite3", "-csv"]).arg(&db).arg(query).output().unwrap();
    let sqlite_time = t.elapsed();
    let sqlite_peak: u64 = String::from_utf8_lossy(&out.stderr).trim().lines().last().unwrap_or("0").trim().parse().unwrap_or(0);

    println!("## Skills-report CSV, {PEOPLE} linked people ({lines} lines, {} MB)\n", bytes / 1_000_000);
    println!("| producer | time | peak memory |");
    println!("| --- | ---: | ---: |");
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "| Partnerhub `/company/skills.csv` (streamed; process peak was {:.1} MiB before the request) | {:.2} s | {:.1} MiB |",
        mib(before),
        server_time.as_secs_f64(),
        mib(server_peak)
    );
    println!("| `sqlite3 -csv`, same rows | {:.2} s | {:.1} MiB |", sqlite_time.as_secs_f64(), mib(sqlite_peak));
    println!("\n(Loading the 100,000 people took {:.1} s.)", setup.as_secs_f64());
}

/// The same transaction as the server function, without sessions, Leptos or the flash.
async fn bare_link(State(state): State<AppState>, Path(user_id): Path<i64>) -> StatusCode {
    let Ok(Some(user)) = state.store.user_by_id(user_id).await else { return StatusCode::NOT_FOUND };
    let Ok(Some((_, Some(mcid)))) = state.store.university_link(user_id).await else { return StatusCode::NOT_FOUND };
    match state.store.link_profile(&user, &mcid, chrono::Utc::now()).await {
        Ok(_) => StatusCode::OK,
        Err(partnerhub_core::StoreError::Refused(_)) => StatusCode::UNPROCESSABLE_ENTITY,
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// VmHWM (peak resident memory) of a process, in KiB.
fn peak_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.split_whitespace().nth(1).unwrap_or("0").parse().unwrap_or(0)))
        .unwrap_or(0)
}

struct Run {
    latencies: Vec<Duration>,
    elapsed: Duration,
    statuses: HashMap<u16, usize>,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    fn print(&self, name: &str) {
        let mut l = self.latencies.clone();
        l.sort();
        let at = |q: f64| l[((l.len() as f64 * q) as usize).min(l.len() - 1)];
        let mut statuses: Vec<_> = self.statuses.iter().collect();
        statuses.sort();
        let answers = statuses.iter().map(|(s, n)| format!("{n}× {s}")).collect::<Vec<_>>().join(", ");
        println!(
            "| {name} | {} | {:.0} | {:.1} ms | {:.1} ms | {answers} |",
            l.len(),
            self.per_second(),
            at(0.50).as_secs_f64() * 1000.0,
            at(0.99).as_secs_f64() * 1000.0
        );
    }
}

/// Each client sends requests back to back for `RUN`.
async fn load(clients: &[reqwest::Client], url: impl Fn(usize) -> String, accept_json: bool) -> Run {
    let start = Instant::now();
    let tasks: Vec<_> = clients
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (c, url) = (c.clone(), url(i));
            tokio::spawn(async move {
                let mut out = Vec::new();
                while start.elapsed() < RUN {
                    let t = Instant::now();
                    let mut request = c.post(&url);
                    if accept_json {
                        request = request.header("accept", "application/json");
                    }
                    let status = request.send().await.map(|r| r.status().as_u16()).unwrap_or(0);
                    out.push((t.elapsed(), status));
                }
                out
            })
        })
        .collect();
    let mut run = Run { latencies: Vec::new(), elapsed: Duration::ZERO, statuses: HashMap::new() };
    for t in tasks {
        for (latency, status) in t.await.unwrap() {
            run.latencies.push(latency);
            *run.statuses.entry(status).or_default() += 1;
        }
    }
    run.elapsed = start.elapsed();
    run
}
