//! Pages rendered on the server stay whole when many people load them at once: every response
//! arrives complete (the document and its closing tag, the stream ended) in time, and no request
//! is dropped.

mod common;

use common::*;
use futures::StreamExt;
use std::time::Duration;

const PAGES: [&str; 6] = ["/", "/enroll", "/signin", "/forgot-password", "/company", "/me"];

/// Loads `url` to the end; an error says which page failed and how.
async fn whole_page(client: &reqwest::Client, url: String) -> Result<(), String> {
    let mut response = client.get(&url).send().await.map_err(|e| format!("{url}: no answer ({e})"))?;
    let mut body = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(20), response.chunk()).await {
            Err(_) => return Err(format!("{url}: stalled after {} bytes: …{}", body.len(), tail(&body))),
            Ok(Ok(None)) => break,
            Ok(Err(e)) => return Err(format!("{url}: cut off after {} bytes ({e})", body.len())),
            Ok(Ok(Some(chunk))) => body.extend_from_slice(&chunk),
        }
    }
    if String::from_utf8_lossy(&body).contains("</html>") {
        Ok(())
    } else {
        Err(format!("{url}: incomplete page: …{}", tail(&body)))
    }
}

fn tail(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    text.chars().rev().take(300).collect::<Vec<_>>().into_iter().rev().collect()
}

/// Loads the pages `count` times in turn, `at_once` at a time, each in a new browser session;
/// fails with every load that did not arrive whole.
async fn load_pages(app: &TestApp, count: usize, at_once: usize) {
    let loads = (0..count).map(|i| {
        let client = client();
        let url = format!("{}{}", app.base, PAGES[i % PAGES.len()]);
        async move { whole_page(&client, url).await }
    });
    let failures: Vec<String> = futures::stream::iter(loads).buffer_unordered(at_once).filter_map(|r| async move { r.err() }).collect().await;
    assert!(failures.is_empty(), "{} of {count} page loads failed:\n{}", failures.len(), failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twelve_hundred_page_loads_48_at_a_time_all_arrive_whole() {
    let app = spawn().await;
    load_pages(&app, 1200, 48).await;
}

/// Tests start many Partnerhubs in one process; starting one lists the page routes, which once
/// broke pages another one was serving at that moment.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_being_served_stay_whole_while_another_partnerhub_starts_in_the_same_process() {
    let app = spawn().await;
    let others = tokio::spawn(async {
        for _ in 0..15 {
            spawn().await;
        }
    });
    load_pages(&app, 300, 8).await;
    others.await.unwrap();
}
