//! `partnerhub`: runs the server (`partnerhub` or `partnerhub serve`), loads the demo company
//! directory (`partnerhub load-demo`), imports certification-provider data
//! (`partnerhub import-certifications DIR`), or adds a platform reviewer (`partnerhub add-reviewer
//! EMAIL "FULL NAME"`) or gives one a new password (`partnerhub reviewer-password EMAIL`); the
//! password comes from `PARTNERHUB_REVIEWER_PASSWORD` or the first line of standard input.
//! `partnerhub copy-database POSTGRES_URL` copies the SQLite installation `DATABASE_URL` names
//! into an empty PostgreSQL database.
//! Settings come from the environment (see README); the database is created and migrated on
//! start.

use partnerhub_core::{AppState, Config};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()))
        .init();
    let command = std::env::args().nth(1).unwrap_or_else(|| "serve".into());
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("partnerhub: {e}");
            return ExitCode::FAILURE;
        }
    };
    match command.as_str() {
        "serve" => serve(config).await,
        "load-demo" => load_demo(config).await,
        "add-reviewer" => add_reviewer(config, std::env::args().skip(2).collect()).await,
        "reviewer-password" => reviewer_password(config, std::env::args().nth(2)).await,
        "import-certifications" => import_certifications(config, std::env::args().nth(2)).await,
        "copy-database" => copy_database(config, std::env::args().nth(2)).await,
        "--help" | "-h" | "help" => {
            println!(
                "usage: partnerhub [serve | load-demo | add-reviewer EMAIL \"FULL NAME\" | reviewer-password EMAIL | import-certifications DIR | copy-database POSTGRES_URL]"
            );
            ExitCode::SUCCESS
        }
        other => {
            eprintln!("partnerhub: unknown command {other:?}; try `partnerhub --help`");
            ExitCode::FAILURE
        }
    }
}

async fn load_demo(mut config: Config) -> ExitCode {
    config.demo = false;
    let state = match open(config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    match state.store.directory_insert(&partnerhub_core::demo::directory()).await {
        Ok(n) => {
            println!("Loaded {n} new companies into the company directory.");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("partnerhub: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn add_reviewer(config: Config, args: Vec<String>) -> ExitCode {
    use partnerhub_domain::PersonName;
    let [email, name] = args.as_slice() else {
        return fail("usage: partnerhub add-reviewer EMAIL \"FULL NAME\"".into());
    };
    let Ok(email) = partnerhub_domain::email::parse_address(email) else {
        return fail(format!("{email:?} is not an email address"));
    };
    let Ok(name) = PersonName::parse(name) else { return fail(format!("{name:?} is not a name")) };
    let password = match reviewer_password_input(&email) {
        Ok(p) => p,
        Err(message) => return fail(message),
    };
    let mut config = config;
    config.demo = false;
    let state = match AppState::start(config).await {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    let Ok(hash) = partnerhub_core::credentials::hash_password(password).await else {
        return fail("the password could not be hashed; try again".into());
    };
    match state.store.create_reviewer(&email, name.as_str(), &hash, chrono::Utc::now()).await {
        Ok(_) => {
            println!("Reviewer {email} added. They sign in at {}/signin.", state.config.public_url);
            ExitCode::SUCCESS
        }
        Err(partnerhub_core::StoreError::Refused(_)) => fail(format!("{email} already signs in to Partnerhub")),
        Err(e) => fail(e.to_string()),
    }
}

/// A reviewer's new password from `PARTNERHUB_REVIEWER_PASSWORD`, else the first line typed.
fn reviewer_password_input(email: &str) -> Result<partnerhub_domain::Password, String> {
    let password = match std::env::var("PARTNERHUB_REVIEWER_PASSWORD") {
        Ok(p) => p,
        Err(_) => {
            eprintln!("Password for {email} (at least 12 characters), then Enter:");
            let mut line = String::new();
            std::io::stdin().read_line(&mut line).map_err(|_| "no password given".to_owned())?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    partnerhub_domain::Password::parse(&password).map_err(|_| "the password is too short or too long (12 to 128 characters)".to_owned())
}

/// Gives an existing reviewer a new password; their sessions end.
async fn reviewer_password(mut config: Config, email: Option<String>) -> ExitCode {
    let Some(email) = email else { return fail("usage: partnerhub reviewer-password EMAIL".into()) };
    let Ok(email) = partnerhub_domain::email::parse_address(&email) else {
        return fail(format!("{email:?} is not an email address"));
    };
    let password = match reviewer_password_input(&email) {
        Ok(p) => p,
        Err(message) => return fail(message),
    };
    config.demo = false;
    let state = match open(config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let Ok(hash) = partnerhub_core::credentials::hash_password(password).await else {
        eprintln!("partnerhub: the password could not be hashed; try again");
        return ExitCode::FAILURE;
    };
    match state.store.set_reviewer_password(&email, &hash, chrono::Utc::now()).await {
        Ok(Some(_)) => {
            println!("Reviewer {email} has a new password; their sessions have ended.");
            ExitCode::SUCCESS
        }
        Ok(None) => fail(format!("no reviewer signs in as {email}")),
        Err(e) => fail(e.to_string()),
    }
}

/// Imports certification-provider data from `DIR`: `certification_profiles.csv`,
/// `certifications.csv`, `university_accounts.csv` and `assessments.csv` (semicolon-separated,
/// with a header line, the formats of `server/core/demo/`; argon2 hashes, never passwords).
/// A missing file counts as empty; profiles and accounts already known are kept.
async fn import_certifications(mut config: Config, dir: Option<String>) -> ExitCode {
    let Some(dir) = dir else {
        eprintln!("partnerhub: usage: partnerhub import-certifications DIR");
        return ExitCode::FAILURE;
    };
    let read = |name: &str| std::fs::read_to_string(std::path::Path::new(&dir).join(name)).unwrap_or_else(|_| "header\n".into());
    let seed = match partnerhub_core::demo::parse_provider(
        &read("certification_profiles.csv"),
        &read("certifications.csv"),
        &read("university_accounts.csv"),
        &read("assessments.csv"),
    ) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("partnerhub: {dir}: {e}");
            return ExitCode::FAILURE;
        }
    };
    config.demo = false;
    let state = match open(config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    match state.store.load_provider(&seed).await {
        Ok(n) => {
            println!(
                "Imported {n} new certification profiles ({} certifications, {} Partner University accounts, {} assessments read).",
                seed.certifications.len(),
                seed.university.len(),
                seed.assessments.len()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("partnerhub: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Copies the SQLite installation (`DATABASE_URL`, or the data directory's file) into the empty
/// PostgreSQL database at `target`, migrating it first; appeal documents an older version
/// kept on disk move into the database too. Sessions are not copied: people sign in again.
async fn copy_database(config: Config, target: Option<String>) -> ExitCode {
    use partnerhub_core::store::db::Engine;
    let Some(target) = target.filter(|t| Engine::of_url(t) == Engine::Postgres) else {
        return fail("usage: partnerhub copy-database postgres://USER@HOST:PORT/DATABASE".into());
    };
    if Engine::of_url(&config.database_url) != Engine::Sqlite {
        return fail(format!("DATABASE_URL must name the SQLite database to copy from, not {}", config.database_url));
    }
    let source = match partnerhub_core::Store::connect(&config.database_url).await {
        Ok(s) => s,
        Err(e) => return fail(format!("{}: {e}", config.database_url)),
    };
    let into = match partnerhub_core::Store::connect(&target).await {
        Ok(s) => s,
        Err(e) => return fail(format!("the PostgreSQL database: {e}")),
    };
    let copied = match source.copy_into(&into).await {
        Ok(c) => c,
        Err(e) => return fail(e.to_string()),
    };
    let mut documents = 0;
    match into.appeals_with_document_on_disk().await {
        Ok(on_disk) => {
            for (id, file) in on_disk {
                let kept = match partnerhub_core::documents::read_legacy(&config.data_dir, &file).await {
                    Ok(bytes) => into.keep_appeal_document(id, bytes).await.is_ok(),
                    Err(_) => false,
                };
                if kept {
                    documents += 1;
                } else {
                    eprintln!("partnerhub: the document of appeal {id} ({file}) could not be read; it stays unavailable");
                }
            }
        }
        Err(e) => return fail(e.to_string()),
    }
    for c in &copied {
        println!("{:<24} {:>9} rows", c.table, c.rows);
    }
    let rows: i64 = copied.iter().map(|c| c.rows).sum();
    println!("Copied {rows} rows in {} tables, every count checked, and {documents} appeal documents from disk. Set DATABASE_URL to the PostgreSQL database and start Partnerhub.", copied.len());
    ExitCode::SUCCESS
}

/// Tells the operator why a command failed.
fn fail(message: String) -> ExitCode {
    eprintln!("partnerhub: {message}");
    ExitCode::FAILURE
}

/// Opens the database (creating and migrating it) for a command; failures are told to the
/// operator.
async fn open(config: Config) -> Result<AppState, ExitCode> {
    AppState::start(config).await.map_err(|e| {
        eprintln!("partnerhub: {e}");
        ExitCode::FAILURE
    })
}

async fn serve(config: Config) -> ExitCode {
    let addr = config.addr;
    let state = match open(config).await {
        Ok(s) => s,
        Err(code) => return code,
    };
    let outbox = state.config.dev_outbox;
    let state_has_no_smtp = state.config.smtp_url.is_none();
    let public_url = state.config.public_url.clone();
    let app = match partnerhub::router(state.clone()).await {
        Ok(app) => app,
        Err(e) => {
            eprintln!("partnerhub: sessions: {e}");
            return ExitCode::FAILURE;
        }
    };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("partnerhub: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    tokio::spawn(partnerhub::reminders::reminders(state.clone(), partnerhub::reminders::REMINDERS_EVERY));
    tokio::spawn(partnerhub::housekeeping(state, partnerhub::HOUSEKEEPING_EVERY));
    println!("Partnerhub is running at {public_url}");
    if outbox {
        println!("The development outbox is on (PARTNERHUB_DEV_OUTBOX): mail is shown at {public_url}/dev/outbox");
    } else if state_has_no_smtp {
        println!("No mail server is configured (PARTNERHUB_SMTP_URL): mail is only written to the data directory's outbox/");
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        eprintln!("partnerhub: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
