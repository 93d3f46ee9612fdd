//! Password hashing is bounded: however many sign-ins arrive at once, only a few argon2
//! computations (about 19 MiB each) run at a time, so the server's memory stays flat. This
//! file is its own test binary, so the process's peak resident memory is this test's alone.

mod common;

use common::*;

/// The process's peak resident memory so far (`VmHWM`), in KiB.
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).expect("VmHWM in /proc/self/status");
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_simultaneous_sign_ins_keep_peak_memory_under_a_fixed_bound() {
    let app = spawn().await;
    // Warm up: one sign-in, so the first hash's allocations are in the baseline.
    let _ = app.call("sign_in", &[("email", "warm@contoso.nl"), ("password", "not the password")]).await;
    let before = peak_kib();
    let calls = (0..200).map(|i| {
        let app = &app;
        async move {
            let c = client();
            let email = format!("nobody{i}@contoso.nl");
            app.call_with(&c, "sign_in", &[("email", &email), ("password", "not the password")], &[]).await
        }
    });
    let answers = futures::future::join_all(calls).await;
    let grown_mib = (peak_kib().saturating_sub(before)) / 1024;
    for a in &answers {
        // Refused as a wrong password, or "busy, try again" when the queue was too long.
        assert!(a.status == 422 || a.status == 503, "{} {}", a.status, a.body);
    }
    let refused = answers.iter().filter(|a| a.status == 422).count();
    assert!(refused > 0, "some sign-ins were checked");
    // 200 argon2 computations at once would need about 3.8 GiB; two hashing threads with
    // their own working memory need about 40 MiB.
    assert!(grown_mib < 64, "peak memory grew by {grown_mib} MiB under 200 simultaneous sign-ins");
    println!("peak resident memory grew by {grown_mib} MiB; {refused} of 200 checked, the rest answered busy");
}
