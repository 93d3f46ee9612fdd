//! `partnerhub copy-database`: an installation on SQLite moves to PostgreSQL with every row, and
//! its people sign in there. Runs when the tests have a PostgreSQL server
//! (`PARTNERHUB_TEST_POSTGRES`, as `make test` starts one); on SQLite alone it says so and
//! passes.

mod common;

use common::*;

fn copy_database(source: &TestApp, target: &str) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .args(["copy-database", target])
        .env("PARTNERHUB_DATA_DIR", source.dir.path())
        .env("DATABASE_URL", format!("sqlite://{}", source.dir.path().join("partnerhub.db").display()))
        .output()
        .unwrap()
}

#[tokio::test]
async fn the_demo_installation_copies_into_postgresql_with_every_row_and_its_people_sign_in_there() {
    let Some(target) = new_postgres_database().await else {
        eprintln!("no PostgreSQL server for the tests (PARTNERHUB_TEST_POSTGRES): copy-database not tried");
        return;
    };
    // A SQLite installation with the demo data, a company in review and a linked person.
    let source = spawn_with(&[("DATABASE_URL", "")]).await;
    let anna = client();
    source.authorized_company(&anna, "anna@contoso.nl", "227904006").await;
    let linked = source
        .call_with(&anna, "associate_profile", &[("email", "sven.taylor@dijkstra-cloud.nl"), ("password", partnerhub_core::demo::DEMO_PROVIDER_PASSWORD)], &[])
        .await;
    assert!(linked.ok(), "{}", linked.body);
    let before = source.state.store.row_counts().await.unwrap();
    assert!(before.iter().all(|c| c.rows >= 0) && before.iter().filter(|c| c.rows > 0).count() >= 10, "{before:?}");

    let copied = copy_database(&source, &target);
    assert!(copied.status.success(), "{}", String::from_utf8_lossy(&copied.stderr));
    assert!(String::from_utf8_lossy(&copied.stdout).contains("every count checked"));

    let moved = spawn_with(&[("DATABASE_URL", &target)]).await;
    assert_eq!(moved.state.store.row_counts().await.unwrap(), before, "every row of every table arrived");
    let signed_in = moved.signed_in("anna@contoso.nl").await;
    let me = moved.call_with(&signed_in, "my_profile", &[], &[]).await;
    assert!(me.ok() && me.body.contains("Contoso"), "{}", me.body);
    // New rows get new ids after the copied ones.
    let invited = moved.call_with(&signed_in, "invite_user", &[("email", "bram@contoso.nl"), ("full_name", "Bram de Vries")], &[]).await;
    assert!(invited.ok(), "{}", invited.body);

    let again = copy_database(&source, &target);
    assert!(!again.status.success(), "a second copy into the same database is refused");
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"), "{}", String::from_utf8_lossy(&again.stderr));
}
