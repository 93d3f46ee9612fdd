//! `partnerhub`: runs the server (`partnerhub` or `partnerhub serve`), or loads the demo
//! company directory (`partnerhub load-demo`). Settings come from the environment (see
//! README); the database is created and migrated on start.

use partnerhub_core::{AppState, Config};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_sessions=warn".into()),
        )
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
        "--help" | "-h" | "help" => {
            println!("usage: partnerhub [serve | load-demo]");
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
    let state = match AppState::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("partnerhub: {e}");
            return ExitCode::FAILURE;
        }
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

async fn serve(config: Config) -> ExitCode {
    let addr = config.addr;
    let state = match AppState::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("partnerhub: {e}");
            return ExitCode::FAILURE;
        }
    };
    let outbox = state.config.dev_outbox_enabled();
    let public_url = state.config.public_url.clone();
    let app = match partnerhub::router(state).await {
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
    println!("Partnerhub is running at {public_url}");
    if outbox {
        println!("No mail server is configured: mail is kept at {public_url}/dev/outbox");
    }
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(shutdown).await {
        eprintln!("partnerhub: {e}");
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
