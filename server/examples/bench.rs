//! Measurements for BENCHMARKS.md (run by `make bench`, never by the tests):
//!
//! 1. The link server function (`associate_shared`) under 64 concurrent clients on loopback,
//!    beside a bare axum handler running the same store transaction (`Store::link_profile`), in
//!    the same run, taking turns after a warm-up: throughput, p50 and p99.
//! 2. The skills-report CSV for 100,000 linked people, streamed by a Partnerhub server process:
//!    time and peak memory, beside `sqlite3 -csv` on the same query; then the same report as
//!    an XLSX workbook, and the company's audit log of 100,000 entries as CSV and JSON Lines,
//!    from the same process.
//!
//! 3. With a PostgreSQL server (`bench SERVER_BINARY postgres://user@host:port`), the link
//!    server function under 64 clients spread over 1, 2 and 3 Partnerhub processes on one
//!    PostgreSQL database beside one process on SQLite, and the skills CSV from PostgreSQL
//!    beside `psql \copy` of the same query.
//!
//! Usage: `bench SERVER_BINARY [POSTGRES_SERVER]` (the release `partnerhub`); prints a Markdown
//! report.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::post;
use partnerhub_core::credentials::hash_password;
use partnerhub_core::store::db::{query, query_as, query_scalar, Db};
use partnerhub_core::{AppState, Config};
use partnerhub_domain::Password;
use std::collections::HashMap;
use std::time::{Duration, Instant};

const CLIENTS: usize = 64;
const RUN: Duration = Duration::from_secs(10);
/// The link server function and the bare handler take turns: this many rounds of RUN / ROUNDS.
const ROUNDS: u32 = 5;
const WARM_UP: Duration = Duration::from_secs(2);
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
    seed(&pool).await;

    // Partnerhub, and the bare handler on a port of its own.
    let app = partnerhub::router(state.clone()).await.unwrap().into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let bare_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let bare_addr = bare_listener.local_addr().unwrap();
    let bare = axum::Router::new().route("/link/{user_id}", post(bare_link)).route("/answer", post(|| async { StatusCode::OK })).with_state(state.clone());
    tokio::spawn(async move { axum::serve(bare_listener, bare).await.unwrap() });

    let mut clients = Vec::new();
    for i in 1..=CLIENTS {
        clients.push(Caller::signed_in(&format!("http://{addr}"), i).await);
    }
    let plain: Vec<Caller> = (0..CLIENTS).map(|_| Caller { client: reqwest::Client::new(), cookie: None }).collect();
    let server_url = |_| format!("http://{addr}/api/associate_shared");
    let bare_url = |i| format!("http://{bare_addr}/link/{}", i + 1);
    // Both warm up first (the first request of each person links; every later one, of either,
    // is refused by the 30-day rule inside the write transaction), then they take turns in
    // rounds, so that neither gains from going second or from the machine's drift.
    let warm_up = load(&clients, server_url, true, WARM_UP).await;
    load(&plain, bare_url, false, WARM_UP).await;
    let (mut server_fn, mut bare_run) = (Run::default(), Run::default());
    for _ in 0..ROUNDS {
        server_fn.add(load(&clients, server_url, true, RUN / ROUNDS).await);
        bare_run.add(load(&plain, bare_url, false, RUN / ROUNDS).await);
    }
    println!("## Link under {CLIENTS} concurrent clients ({} s each in {ROUNDS} turns, loopback)\n", RUN.as_secs());
    println!(
        "After {} s of warm-up each ({} requests to the server function, {} of them linking).\n",
        WARM_UP.as_secs(),
        warm_up.latencies.len(),
        warm_up.statuses.get(&200).unwrap_or(&0)
    );
    println!("| endpoint | requests | per second | p50 | p99 | answers |");
    println!("| --- | ---: | ---: | ---: | ---: | --- |");
    server_fn.print("`associate_shared` server function");
    bare_run.print("bare axum handler, same transaction");
    println!("\nRatio (bare ÷ server function), requests per second: {:.2}\n", bare_run.per_second() / server_fn.per_second());
    println!(
        "CPU time of this process (the server and the load generator) per request: server function {:.3} ms, bare handler {:.3} ms.\n",
        server_fn.cpu_per_request(),
        bare_run.cpu_per_request()
    );

    // What any server function pays before its own work: the same load on endpoints that do
    // nothing else, from a bare handler to a server function that checks who is signed in.
    let fixed = [
        ("bare axum handler answering at once", load(&plain, |_| format!("http://{bare_addr}/answer"), false, RUN / 2).await),
        ("`current_user` server function, nobody signed in", load(&plain, |_| format!("http://{addr}/api/current_user"), true, RUN / 2).await),
        ("`current_user` server function, signed in", load(&clients, |_| format!("http://{addr}/api/current_user"), true, RUN / 2).await),
    ];
    println!("## What every request pays before its own work ({CLIENTS} clients, {} s each, loopback)\n", (RUN / 2).as_secs());
    println!("| endpoint | requests | per second | p50 | p99 | answers | CPU per request |");
    println!("| --- | ---: | ---: | ---: | ---: | --- | ---: |");
    for (name, run) in &fixed {
        run.print_with_cpu(name);
    }
    let floor = fixed[0].1.cpu_per_request();
    println!(
        "\nAbove the bare handler: the middleware and the server-function layer {:.3} ms of CPU per request, \
         signed in {:.3} ms more (three reads: the session, the user, the company). The bare link costs {:.3} ms above it.\n",
        fixed[1].1.cpu_per_request() - floor,
        fixed[2].1.cpu_per_request() - fixed[1].1.cpu_per_request(),
        bare_run.cpu_per_request() - floor
    );

    // The same server function on separate Partnerhub processes, on SQLite and on PostgreSQL.
    let sqlite_url = format!("sqlite://{}", dir.path().join("partnerhub.db").display());
    println!("## Link under {CLIENTS} clients spread over Partnerhub processes ({} s each, loopback, 2 cores)\n", RUN.as_secs());
    println!("| database and processes | requests | per second | p50 | p99 | answers |");
    println!("| --- | ---: | ---: | ---: | ---: | --- |");
    link_over_processes(&server_binary, &sqlite_url, dir.path(), &pool, 1).await.print("SQLite, 1 process");
    let postgres = match std::env::args().nth(2) {
        Some(server) => {
            let pg_dir = tempfile::tempdir().unwrap();
            let url = new_database(&server).await;
            let mut env: HashMap<&str, String> = HashMap::new();
            env.insert("PARTNERHUB_DATA_DIR", pg_dir.path().display().to_string());
            env.insert("DATABASE_URL", url.clone());
            let pg_state = AppState::start(Config::from_lookup(|k| env.get(k).cloned()).unwrap()).await.unwrap();
            let pg_pool = pg_state.store.pool().clone();
            seed(&pg_pool).await;
            for n in 1..=3 {
                link_over_processes(&server_binary, &url, pg_dir.path(), &pg_pool, n)
                    .await
                    .print(&format!("PostgreSQL, {n} process{}", if n > 1 { "es" } else { "" }));
            }
            Some((url, pg_pool, pg_dir))
        }
        None => None,
    };
    println!();

    let setup = seed_people(&pool).await;
    drop(pool);
    // A Partnerhub server process on the same data, so that its peak memory is its own.
    let server = Server::start(&server_binary, &sqlite_url, dir.path()).await;
    let report = download(&server, "/company/skills.csv").await;
    let workbook = download(&server, "/company/skills.xlsx").await;
    let audit = [download(&server, "/company/audit.csv").await, download(&server, "/company/audit.jsonl").await];
    drop(server);
    let query = "SELECT u.full_name, u.email, l.mcid, l.started_at, 'certification', c.exam, c.title, c.passed_on, c.expires_on
                 FROM links l JOIN users u ON u.id = l.user_id JOIN cert_certifications c ON c.mcid = l.mcid
                 WHERE l.company_id = 1 AND l.ended_at IS NULL ORDER BY u.full_name COLLATE NOCASE, u.id, c.exam";
    let sqlite3 = timed(&["sqlite3", "-csv", &dir.path().join("partnerhub.db").display().to_string(), query]);
    report.print("SQLite", "`sqlite3 -csv`, same rows", sqlite3, setup, &workbook);
    print_audit("SQLite", &audit);

    if let Some((url, pg_pool, pg_dir)) = postgres {
        let setup = seed_people(&pg_pool).await;
        let server = Server::start(&server_binary, &url, pg_dir.path()).await;
        let report = download(&server, "/company/skills.csv").await;
        let workbook = download(&server, "/company/skills.xlsx").await;
        let audit = [download(&server, "/company/audit.csv").await, download(&server, "/company/audit.jsonl").await];
        drop(server);
        let copy = "\\copy (SELECT u.full_name, u.email, l.mcid, l.started_at, 'certification', c.exam, c.title, c.passed_on, c.expires_on
             FROM links l JOIN users u ON u.id = l.user_id JOIN cert_certifications c ON c.mcid = l.mcid
             WHERE l.company_id = 1 AND l.ended_at IS NULL ORDER BY lower(u.full_name), u.id, c.exam) to stdout with csv";
        let psql = timed(&["psql", "-q", &url, "-c", copy]);
        report.print("PostgreSQL", "`psql \\copy … to stdout with csv`, same rows", psql, setup, &workbook);
        print_audit("PostgreSQL", &audit);
    }
}

/// One download of the skills report from a Partnerhub process.
struct Download {
    before_kib: u64,
    time: Duration,
    peak_kib: u64,
    bytes: usize,
    lines: usize,
}

/// Signs in as the bench company's admin and downloads `path` (the skills report or the audit
/// log as a file), measuring the process.
async fn download(server: &Server, path: &str) -> Download {
    let admin = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let signed = admin.post(format!("{}/api/sign_in", server.base)).form(&[("email", "admin@bench.nl"), ("password", PASSWORD)]).send().await.unwrap();
    assert!(signed.status().as_u16() < 400);
    let before_kib = peak_kib(server.child.id());
    let t = Instant::now();
    let mut response = admin.get(format!("{}{path}", server.base)).send().await.unwrap();
    assert!(response.status().is_success(), "{path} answers {}", response.status());
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(chunk) = response.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    Download { before_kib, time: t.elapsed(), peak_kib: peak_kib(server.child.id()), bytes, lines }
}

impl Download {
    fn print(&self, engine: &str, tool: &str, (tool_time, tool_kib): (Duration, u64), setup: Duration, workbook: &Download) {
        let mib = |kib: u64| kib as f64 / 1024.0;
        println!("\n## Skills-report CSV on {engine}, {PEOPLE} linked people ({} lines, {} MB)\n", self.lines, self.bytes / 1_000_000);
        println!("| producer | time | peak memory |");
        println!("| --- | ---: | ---: |");
        println!(
            "| Partnerhub `/company/skills.csv` (streamed; process peak was {:.1} MiB before the request) | {:.2} s | {:.1} MiB |",
            mib(self.before_kib),
            self.time.as_secs_f64(),
            mib(self.peak_kib)
        );
        println!("| {tool} | {:.2} s | {:.1} MiB |", tool_time.as_secs_f64(), mib(tool_kib));
        println!(
            "| Partnerhub `/company/skills.xlsx` (constant memory, rows in a temporary file; {:.1} MB; process peak {:.1} MiB before) | {:.2} s | {:.1} MiB |",
            workbook.bytes as f64 / 1_000_000.0,
            mib(workbook.before_kib),
            workbook.time.as_secs_f64(),
            mib(workbook.peak_kib)
        );
        println!("\n(Loading the 100,000 people took {:.1} s.)", setup.as_secs_f64());
    }
}

/// The audit log downloads (CSV, JSON Lines) of the company's 100,000 link entries.
fn print_audit(engine: &str, [csv, jsonl]: &[Download; 2]) {
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!("\n## Audit log downloads on {engine}, {PEOPLE} entries\n");
    println!("| download | lines | size | time | process peak before → after |");
    println!("| --- | ---: | ---: | ---: | ---: |");
    for (name, d) in [("`/company/audit.csv`", csv), ("`/company/audit.jsonl`", jsonl)] {
        println!(
            "| {name} | {} | {:.1} MB | {:.2} s | {:.1} → {:.1} MiB |",
            d.lines,
            d.bytes as f64 / 1_000_000.0,
            d.time.as_secs_f64(),
            mib(d.before_kib),
            mib(d.peak_kib)
        );
    }
}

/// Runs a command under `/usr/bin/time`: how long it took and its peak memory in KiB.
fn timed(command: &[&str]) -> (Duration, u64) {
    let t = Instant::now();
    let out = std::process::Command::new("/usr/bin/time").args(["-f", "%M"]).args(command).output().unwrap();
    let kib = String::from_utf8_lossy(&out.stderr).trim().lines().last().unwrap_or("0").trim().parse().unwrap_or(0);
    (t.elapsed(), kib)
}

/// A new, empty database on the PostgreSQL server at `server`; its URL.
async fn new_database(server: &str) -> String {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(&format!("{server}/postgres")).await.expect("the PostgreSQL server answers");
    let name = format!("partnerhub_bench_{}", std::process::id());
    sqlx::query(&format!("DROP DATABASE IF EXISTS {name}")).execute(&mut admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.unwrap();
    format!("{server}/{name}")
}

/// A Partnerhub server process on `database`; stopped when dropped.
struct Server {
    base: String,
    child: std::process::Child,
}

impl Server {
    async fn start(binary: &str, database: &str, data_dir: &std::path::Path) -> Self {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = std::process::Command::new(binary)
            .env("DATABASE_URL", database)
            .env("PARTNERHUB_DATA_DIR", data_dir)
            .env("PARTNERHUB_ADDR", format!("127.0.0.1:{port}"))
            .env("PARTNERHUB_DEMO", "0")
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let server = Server { base: format!("http://127.0.0.1:{port}"), child };
        for _ in 0..100 {
            if reqwest::get(format!("{}/healthz", server.base)).await.is_ok() {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("a Partnerhub process did not start");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The link server function under 64 clients spread evenly over `processes` Partnerhub
/// processes on `database`, every profile unlinked first.
async fn link_over_processes(binary: &str, database: &str, data_dir: &std::path::Path, pool: &Db, processes: usize) -> Run {
    query("DELETE FROM links").execute(pool).await.unwrap();
    let mut servers = Vec::new();
    for _ in 0..processes {
        servers.push(Server::start(binary, database, data_dir).await);
    }
    let mut clients = Vec::new();
    for i in 1..=CLIENTS {
        clients.push(Caller::signed_in(&servers[i % processes].base, i).await);
    }
    let bases: Vec<String> = servers.iter().map(|s| s.base.clone()).collect();
    let run = load(&clients, |i| format!("{}/api/associate_shared", bases[(i + 1) % processes]), true, RUN).await;
    let linked: i64 = query_scalar("SELECT COUNT(*) FROM links").fetch_one(pool).await.unwrap();
    assert!(linked >= CLIENTS as i64, "every client linked once ({linked} links)");
    run
}

/// One authorized company; 64 users, each with Partner University access to a profile that
/// shares its credentials (from the demo data); a Global admin for the report.
async fn seed(pool: &Db) {
    let hash = hash_password(Password::parse(PASSWORD).unwrap()).await.unwrap();

    query(
        "INSERT INTO companies (id, partner_id, legal_name, name_key, country, line1, city, postal_code, source, status, created_at)
         VALUES (1, 1234567, 'Bench B.V.', 'bench', 'NL', 'Dam 1', 'Amsterdam', '1012 JS', 'manual', 'authorized', CURRENT_TIMESTAMP)",
    )
    .execute(pool)
    .await
    .unwrap();
    query("INSERT INTO partner_ids (value) VALUES (1234567)").execute(pool).await.unwrap();
    query("INSERT INTO primary_contacts (company_id, name, email, locale, token_hash, sent_at, verified_at) VALUES (1, 'A', 'a@bench.nl', 'en', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
        .execute(pool)
        .await
        .unwrap();
    let shared: Vec<(String, String)> =
        query_as("SELECT u.email, p.mcid FROM university_accounts u JOIN cert_profiles p ON p.email = u.email AND p.password_hash = u.password_hash LIMIT $1")
            .bind(CLIENTS as i64)
            .fetch_all(pool)
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
            .execute(pool)
            .await
            .unwrap();
        query("INSERT INTO university_links (user_id, email, shared_mcid, linked_at) VALUES ($1, $2, $3, CURRENT_TIMESTAMP)")
            .bind(id)
            .bind(email)
            .bind(mcid)
            .execute(pool)
            .await
            .unwrap();
    }
    query("INSERT INTO users (id, company_id, email, full_name, password_hash, locale, created_at) VALUES (100, 1, 'admin@bench.nl', 'Bench Admin', $1, 'en', CURRENT_TIMESTAMP)")
        .bind(&hash)
        .execute(pool)
        .await
        .unwrap();
    query("INSERT INTO user_roles (user_id, role) VALUES (100, 'global_admin')").execute(pool).await.unwrap();
}

/// 100,000 linked people, each with a profile and two certifications, and an audit entry for
/// each link; how long loading took.
async fn seed_people(pool: &Db) -> Duration {
    let started = Instant::now();
    query(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {PEOPLE})
         INSERT INTO cert_profiles (mcid, email, full_name, password_hash) SELECT 'B' || i, 'p' || i || '@bench.nl', 'Person ' || i, 'x' FROM n"
    ))
    .execute(pool)
    .await
    .unwrap();
    for (exam, title) in [("CL-104", "Cloud Administrator Associate"), ("SC-200", "Security Operations Analyst")] {
        query(&format!(
            "INSERT INTO cert_certifications (mcid, exam, title, passed_on, expires_on) SELECT mcid, '{exam}', '{title}', '2026-01-15', '2027-01-15' FROM cert_profiles WHERE mcid LIKE 'B%'"
        ))
        .execute(pool)
        .await
        .unwrap();
    }
    query(
        "INSERT INTO users (id, company_id, email, full_name, password_hash, locale, created_at)
         SELECT 1000 + CAST(substr(mcid, 2) AS INTEGER), 1, email, full_name, '', 'en', CURRENT_TIMESTAMP FROM cert_profiles WHERE mcid LIKE 'B%'",
    )
    .execute(pool)
    .await
    .unwrap();
    query(
        "INSERT INTO links (mcid, user_id, company_id, started_at)
         SELECT mcid, 1000 + CAST(substr(mcid, 2) AS INTEGER), 1, CURRENT_TIMESTAMP FROM cert_profiles WHERE mcid LIKE 'B%'",
    )
    .execute(pool)
    .await
    .unwrap();
    query(
        "INSERT INTO audit_log (company_id, actor_kind, actor_name, action, subject, at)
         SELECT 1, 'user', full_name || ' <' || email || '>', 'profile_linked', 'MCID ' || mcid, started_at
         FROM links JOIN users ON users.id = links.user_id WHERE links.company_id = 1",
    )
    .execute(pool)
    .await
    .unwrap();
    // Fresh statistics, as the database's own maintenance would have them soon after a bulk
    // load (PostgreSQL plans the report for 64 rows otherwise).
    query("ANALYZE").execute(pool).await.unwrap();
    started.elapsed()
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

#[derive(Default)]
struct Run {
    latencies: Vec<Duration>,
    elapsed: Duration,
    statuses: HashMap<u16, usize>,
    /// This process's CPU time (server and load generator) while the run lasted.
    cpu: Duration,
}

impl Run {
    /// Another round of the same endpoint.
    fn add(&mut self, round: Run) {
        self.latencies.extend(round.latencies);
        self.elapsed += round.elapsed;
        self.cpu += round.cpu;
        for (status, n) in round.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
    }

    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64()
    }

    /// CPU time per request, in milliseconds.
    fn cpu_per_request(&self) -> f64 {
        self.cpu.as_secs_f64() * 1000.0 / self.latencies.len().max(1) as f64
    }

    /// The latency below which a share `q` of the requests answered.
    fn quantile(&self, q: f64) -> Duration {
        let mut l = self.latencies.clone();
        l.sort();
        l[((l.len() as f64 * q) as usize).min(l.len() - 1)]
    }

    /// How many requests got which status, as "N× STATUS".
    fn answers(&self) -> String {
        let mut statuses: Vec<_> = self.statuses.iter().collect();
        statuses.sort();
        statuses.iter().map(|(s, n)| format!("{n}× {s}")).collect::<Vec<_>>().join(", ")
    }

    /// The run as a row of a Markdown table: requests, per second, p50, p99, answers.
    fn row(&self, name: &str) -> String {
        format!(
            "| {name} | {} | {:.0} | {:.1} ms | {:.1} ms | {} |",
            self.latencies.len(),
            self.per_second(),
            self.quantile(0.5).as_secs_f64() * 1000.0,
            self.quantile(0.99).as_secs_f64() * 1000.0,
            self.answers()
        )
    }

    fn print(&self, name: &str) {
        println!("{}", self.row(name));
    }

    /// The row with the CPU time per request at its end.
    fn print_with_cpu(&self, name: &str) {
        println!("{} {:.3} ms |", self.row(name), self.cpu_per_request());
    }
}

/// A load-generating client: its session cookie, if signed in, goes out as a plain header, as a
/// browser on another machine would send it, so that the generator's own cookie bookkeeping
/// (which shares the server's two cores) does not count against the server function.
struct Caller {
    client: reqwest::Client,
    cookie: Option<reqwest::header::HeaderValue>,
}

impl Caller {
    /// Bench user `i`, signed in on the Partnerhub at `base`.
    async fn signed_in(base: &str, i: usize) -> Caller {
        use reqwest::cookie::CookieStore;
        let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
        let c = reqwest::Client::builder().cookie_provider(jar.clone()).build().unwrap();
        let r = c.post(format!("{base}/api/sign_in")).form(&[("email", format!("user{i}@bench.nl")), ("password", PASSWORD.into())]).send().await.unwrap();
        assert!(r.status().as_u16() < 400, "sign-in {}", r.status());
        let cookie = jar.cookies(&base.parse().unwrap());
        assert!(cookie.is_some(), "a session cookie after signing in");
        Caller { client: reqwest::Client::new(), cookie }
    }
}

/// Each client sends requests back to back for `run_for`.
async fn load(callers: &[Caller], url: impl Fn(usize) -> String, accept_json: bool, run_for: Duration) -> Run {
    let (start, cpu_before) = (Instant::now(), cpu_time());
    let tasks: Vec<_> = callers
        .iter()
        .enumerate()
        .map(|(i, caller)| {
            let (c, cookie, url) = (caller.client.clone(), caller.cookie.clone(), url(i));
            tokio::spawn(async move {
                let mut out = Vec::new();
                while start.elapsed() < run_for {
                    let t = Instant::now();
                    let mut request = c.post(&url);
                    if accept_json {
                        request = request.header("accept", "application/json");
                    }
                    if let Some(cookie) = &cookie {
                        request = request.header(reqwest::header::COOKIE, cookie.clone());
                    }
                    let status = request.send().await.map(|r| r.status().as_u16()).unwrap_or(0);
                    out.push((t.elapsed(), status));
                }
                out
            })
        })
        .collect();
    let mut run = Run::default();
    for t in tasks {
        for (latency, status) in t.await.unwrap() {
            run.latencies.push(latency);
            *run.statuses.entry(status).or_default() += 1;
        }
    }
    run.elapsed = start.elapsed();
    run.cpu = cpu_time().saturating_sub(cpu_before);
    run
}

/// This process's CPU time so far, user and system (from `/proc/self/stat`, in clock ticks of
/// 10 ms).
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks: u64 = [11, 12].iter().filter_map(|&i| fields.get(i)?.parse::<u64>().ok()).sum();
    Duration::from_millis(ticks * 10)
}
