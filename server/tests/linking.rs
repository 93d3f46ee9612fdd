//! Linking certification profiles over HTTP (L-1 … L-7): concurrent requests make exactly one
//! link, moving between companies, refusals with the exact next date (the same for "can I link
//! now?"), removing access, Partner University with shared credentials, and deletion.

mod common;

use common::*;
use partnerhub_core::demo::DEMO_PROVIDER_PASSWORD as DEMO;
use partnerhub_domain::Problem;

/// A demo profile whose address also has a Partner University account with the same password.
const SHARED: &str = "hanna.vos@hollandsewolk.nl";
/// A demo profile of its own.
const PROFILE: &str = "sven.taylor@dijkstra-cloud.nl";

fn json(answer: &Answer) -> serde_json::Value {
    serde_json::from_str(&answer.body).unwrap_or_else(|e| panic!("{e}: {}", answer.body))
}

async fn link(app: &TestApp, client: &reqwest::Client, email: &str, intent: &str) -> Answer {
    app.call_with(client, "associate_profile", &[("email", email), ("password", DEMO), ("intent", intent)], &[]).await
}

/// Moves every link start of the profile `days` into the past.
async fn age_links(app: &TestApp, days: i64) {
    app.age("links", "started_at", chrono::Duration::days(days)).await;
}

async fn two_companies(app: &TestApp) -> (reqwest::Client, reqwest::Client) {
    let a = client();
    app.authorized_company(&a, "anna@contoso.nl", "227904006").await;
    let b = client();
    app.authorized_company(&b, "olga@dijkstra-cloud.nl", "443043868").await;
    (a, b)
}

#[tokio::test]
async fn sixty_four_concurrent_links_for_one_profile_make_exactly_one_link() {
    let app = spawn().await;
    let (a, b) = two_companies(&app).await;
    for (profile, clients) in [(PROFILE, vec![&a]), (SHARED, vec![&a, &b])] {
        let calls = (0..64).map(|i| {
            let (app, client) = (&app, clients[i % clients.len()]);
            async move { link(app, client, profile, "link").await }
        });
        let answers = futures::future::join_all(calls).await;
        assert!(answers.iter().all(|a| a.status < 500), "no server errors");
        let ok = answers.iter().filter(|a| a.ok()).count();
        assert_eq!(ok, 1, "exactly one link for {profile}");
        // At most 10 credential checks per user and profile address are in flight in an hour;
        // the requests past them are throttled before their password is checked, and those
        // checked race for the link.
        let mut cooldowns = 0;
        for refused in answers.iter().filter(|a| !a.ok()) {
            match refused.problem() {
                Problem::LinkCooldown { .. } => cooldowns += 1,
                Problem::CredentialsThrottled { .. } => {}
                other => panic!("unexpected refusal {other:?}"),
            }
        }
        assert!(cooldowns >= 8, "{cooldowns} requests raced for the link and lost");
        let mcid = app.state.store.cert_profile_by_email(profile).await.unwrap().unwrap().0.mcid;
        assert_eq!(app.state.store.active_links(&mcid).await.unwrap(), 1);
        assert_eq!(app.state.store.link_history(&mcid).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn a_profile_moves_from_a_to_b_after_the_cooldown_and_refusals_name_the_exact_next_date() {
    let app = spawn().await;
    let (a, b) = two_companies(&app).await;
    assert!(link(&app, &a, PROFILE, "link").await.ok());
    let me = json(&app.call_with(&a, "my_profile", &[], &[]).await);
    assert_eq!(me["linked"][0], "Contoso Nederland B.V.");
    assert_eq!(me["links_this_year"], 1);
    assert!(!me["certifications"].as_array().unwrap().is_empty(), "the profile's certifications came with it");
    let started = chrono::DateTime::parse_from_rfc3339(me["linked"][1].as_str().unwrap()).unwrap();
    let next = (started + chrono::Duration::days(30)).to_rfc3339();

    let check = link(&app, &b, PROFILE, "check").await;
    let refused = link(&app, &b, PROFILE, "link").await;
    assert_eq!(refused.problem(), Problem::LinkCooldown { next_at: next.clone() });
    assert_eq!(check.body, refused.body, "asking gives the same answer as linking");
    assert_eq!(json(&app.call_with(&b, "my_profile", &[], &[]).await)["linked"], serde_json::Value::Null, "B does not have it");

    age_links(&app, 31).await;
    assert!(link(&app, &b, PROFILE, "check").await.ok(), "after 30 days the answer is yes");
    assert!(link(&app, &b, PROFILE, "link").await.ok());
    let at_b = json(&app.call_with(&b, "my_profile", &[], &[]).await);
    assert_eq!(at_b["linked"][0], "Dijkstra Cloud Diensten B.V.");
    assert_eq!(at_b["links_this_year"], 2);
    let history = at_b["history"].as_array().unwrap();
    assert_eq!((history[1]["company_name"].as_str(), history[1]["end_reason"].as_str()), (Some("Contoso Nederland B.V."), Some("moved")));
    let at_a = json(&app.call_with(&a, "my_profile", &[], &[]).await);
    assert_eq!(at_a["linked"][0], "Dijkstra Cloud Diensten B.V.", "A's user sees where the profile went");
    assert_eq!(at_a["linked_here"], false);
    assert_eq!(json(&app.call_with(&a, "skills_report", &[], &[]).await)["people"], serde_json::json!([]), "A's admins no longer see them");

    // A third link within the year, then the yearly limit.
    age_links(&app, 31).await;
    assert!(link(&app, &a, PROFILE, "link").await.ok());
    age_links(&app, 31).await;
    let yearly = link(&app, &b, PROFILE, "link").await;
    assert!(matches!(yearly.problem(), Problem::LinkYearlyLimit { .. }), "{}", yearly.body);
}

#[tokio::test]
async fn removing_access_ends_the_link_keeps_the_history_and_only_the_person_can_do_it() {
    let app = spawn().await;
    let (a, _b) = two_companies(&app).await;
    let wrong = app.call_with(&a, "associate_profile", &[("email", PROFILE), ("password", "not it"), ("intent", "link")], &[]).await;
    assert_eq!(wrong.problem(), Problem::ProviderCredentialsWrong);
    assert!(link(&app, &a, PROFILE, "link").await.ok());
    let next = json(&app.call_with(&a, "my_profile", &[], &[]).await)["next_available"].as_str().unwrap().to_owned();
    let again = link(&app, &a, PROFILE, "link").await.problem();
    let Problem::LinkCooldown { next_at } = again else { panic!("{again:?}") };
    assert_eq!(
        chrono::DateTime::parse_from_rfc3339(&next_at).unwrap(),
        chrono::DateTime::parse_from_rfc3339(&next).unwrap(),
        "the page and the refusal name the same instant"
    );
    assert!(app.call_with(&a, "remove_access", &[], &[]).await.ok());
    assert_eq!(app.call_with(&a, "remove_access", &[], &[]).await.problem(), Problem::NotLinked);
    let me = json(&app.call_with(&a, "my_profile", &[], &[]).await);
    assert_eq!(me["linked"], serde_json::Value::Null);
    assert_eq!(me["history"][0]["end_reason"], "unlinked");
    assert_eq!(me["links_this_year"], 1, "unlinking leaves the history as it is");
}

#[tokio::test]
async fn partner_university_credentials_that_open_a_profile_associate_it_with_one_click() {
    let app = spawn().await;
    let (a, _b) = two_companies(&app).await;
    let wrong = app.call_with(&a, "university_access", &[("email", SHARED), ("password", "wrong")], &[]).await;
    assert_eq!(wrong.problem(), Problem::ProviderCredentialsWrong);
    assert_eq!(app.call_with(&a, "associate_shared", &[], &[]).await.problem(), Problem::NotLinked);
    assert!(app.call_with(&a, "university_access", &[("email", SHARED), ("password", DEMO)], &[]).await.ok());
    let me = json(&app.call_with(&a, "my_profile", &[], &[]).await);
    assert_eq!(me["university"]["shared_profile_email"], SHARED);
    assert!(!me["university"]["assessments"].as_array().unwrap().is_empty());
    assert!(app.call_with(&a, "associate_shared", &[], &[]).await.ok());
    assert_eq!(json(&app.call_with(&a, "my_profile", &[], &[]).await)["linked_here"], true);
    assert!(app.call_with(&a, "remove_university", &[], &[]).await.ok());
    assert_eq!(json(&app.call_with(&a, "my_profile", &[], &[]).await)["university"], serde_json::Value::Null);
}

#[tokio::test]
async fn deleting_a_user_ends_their_link_and_an_unauthorized_company_cannot_link() {
    let app = spawn().await;
    let (a, _b) = two_companies(&app).await;
    let bob = app.invited(&a, "bob@contoso.nl", "Bob Jansen", &[]).await;
    assert!(link(&app, &bob, PROFILE, "link").await.ok());
    let bob_id = app.user_id("bob@contoso.nl").await.to_string();
    assert!(app.call_with(&a, "delete_user", &[("user_id", &bob_id)], &[]).await.ok());
    let mcid = app.state.store.cert_profile_by_email(PROFILE).await.unwrap().unwrap().0.mcid;
    let history = app.state.store.link_history(&mcid).await.unwrap();
    assert_eq!(history[0].end_reason.as_deref(), Some("user deleted"));
    assert_eq!(app.state.store.active_links(&mcid).await.unwrap(), 0);

    let pending = client();
    app.enrolled_in_review(&pending, "carla@polderlicht.nl", "639572182").await;
    assert_eq!(link(&app, &pending, SHARED, "link").await.problem(), Problem::CompanyNotAuthorized);
}

#[tokio::test]
async fn admins_see_linked_people_download_the_report_as_csv_and_remove_those_who_left() {
    let app = spawn().await;
    let (a, b) = two_companies(&app).await;
    let evil = app.invited(&a, "eve@contoso.nl", "=SUM(A1) Jansen", &[]).await;
    let partner_admin = app.invited(&a, "pia@contoso.nl", "Pia Peeters", &["partner_admin"]).await;
    let account_admin = app.invited(&a, "bob@contoso.nl", "Bob Jansen", &["account_admin"]).await;
    assert!(link(&app, &evil, SHARED, "link").await.ok());
    assert!(link(&app, &partner_admin, PROFILE, "link").await.ok());
    assert!(app.call_with(&evil, "university_access", &[("email", SHARED), ("password", DEMO)], &[]).await.ok());
    // Someone with Partner University access only, and no certification profile linked.
    let xander = app.invited(&a, "xander@contoso.nl", "Xander Peters", &[]).await;
    assert!(app.call_with(&xander, "university_access", &[("email", "xander.peters@tulpenveld.nl"), ("password", DEMO)], &[]).await.ok());

    let report = json(&app.call_with(&partner_admin, "skills_report", &[], &[]).await);
    assert_eq!(report["truncated"], false);
    let report = &report["people"];
    let names: Vec<&str> = report.as_array().unwrap().iter().map(|p| p["full_name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["=SUM(A1) Jansen", "Pia Peeters", "Xander Peters"], "people with only Partner University access are in the report");
    assert_eq!(report[2]["mcid"], "");
    let kinds: Vec<&str> = report[0]["items"].as_array().unwrap().iter().map(|i| i[0].as_str().unwrap()).collect();
    assert!(kinds.contains(&"certification") && kinds.contains(&"assessment"), "{kinds:?}");
    let filtered = json(&app.call_with(&a, "skills_report", &[("name", "pia")], &[]).await);
    assert_eq!(filtered["people"].as_array().unwrap().len(), 1);
    // An exam code keeps that exam's lines only; a day keeps certifications expiring by it.
    let items = |report: &serde_json::Value| -> Vec<(String, String, String)> {
        report["people"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|p| {
                p["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| (p["full_name"].as_str().unwrap().to_owned(), i[0].as_str().unwrap().to_owned(), i[1].as_str().unwrap().to_owned()))
            })
            .collect()
    };
    let exam = report[1]["items"][0][1].as_str().unwrap().to_owned();
    let by_exam = json(&app.call_with(&a, "skills_report", &[("exam", &exam.to_lowercase())], &[]).await);
    assert!(!items(&by_exam).is_empty() && items(&by_exam).iter().all(|(_, kind, code)| kind == "certification" && *code == exam), "{by_exam}");
    assert_eq!(
        by_exam["people"].as_array().unwrap().len(),
        by_exam["people"].as_array().unwrap().iter().filter(|p| !p["items"].as_array().unwrap().is_empty()).count(),
        "nobody without the exam"
    );
    let expiring = json(&app.call_with(&a, "skills_report", &[("expires_by", "9999-12-31")], &[]).await);
    assert!(!items(&expiring).is_empty() && items(&expiring).iter().all(|(_, kind, _)| kind == "certification"), "{expiring}");
    assert_eq!(json(&app.call_with(&a, "skills_report", &[("expires_by", "2000-01-01")], &[]).await)["people"], serde_json::json!([]));
    // A linked person without any certification or assessment is listed once, with none.
    app.sql("DELETE FROM cert_certifications WHERE mcid = (SELECT mcid FROM links WHERE ended_at IS NULL AND user_id = (SELECT id FROM users WHERE email = 'pia@contoso.nl'))").await;
    let without = json(&app.call_with(&a, "skills_report", &[("name", "pia")], &[]).await);
    assert_eq!((without["people"].as_array().unwrap().len(), &without["people"][0]["items"]), (1, &serde_json::json!([])), "{without}");
    assert_eq!(without["people"][0]["linked_on"], chrono::Utc::now().date_naive().to_string());
    assert_eq!(app.call_with(&account_admin, "skills_report", &[], &[]).await.status, 403);
    assert_eq!(json(&app.call_with(&b, "skills_report", &[], &[]).await), serde_json::json!({"people": [], "truncated": false}), "B sees none of A");

    let csv = a.get(format!("{}/company/skills.csv", app.base)).send().await.unwrap();
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    assert!(text.starts_with("Name,Email,MCID,Linked since,Kind,Exam code,Title,Passed on,Expires on,Score (%)\r\n"), "{text}");
    let today = chrono::Utc::now().date_naive().to_string();
    assert!(text.contains(&format!(",{today},Certification,")), "dates as dates, kinds in words: {text}");
    let dutch = a.get(format!("{}/company/skills.csv", app.base)).header("accept-language", "nl").send().await.unwrap().text().await.unwrap();
    assert!(dutch.starts_with("Naam,E-mail,MCID,Gekoppeld sinds,Soort,"), "the header speaks the reader's language");
    assert!(text.contains("\r\n'=SUM(A1) Jansen,eve@contoso.nl,"), "formula-like names are neutralised");
    assert!(text.contains("Pia Peeters,pia@contoso.nl,"));
    assert!(!text.lines().any(|l| l.starts_with('=')));
    assert_eq!(account_admin.get(format!("{}/company/skills.csv", app.base)).send().await.unwrap().status(), 403);

    let competencies = json(&app.call_with(&partner_admin, "competencies", &[], &[]).await);
    assert!(competencies.as_array().unwrap().len() >= 4);
    assert!(competencies.as_array().unwrap().iter().all(|c| c["met"].as_bool() == Some(c["missing"] == 0)));

    let pia = app.user_id("pia@contoso.nl").await.to_string();
    assert!(app.call_with(&a, "remove_from_report", &[("user_id", &pia)], &[]).await.ok());
    assert_eq!(app.call_with(&a, "remove_from_report", &[("user_id", &pia)], &[]).await.problem(), Problem::NotLinked, "removing never links");
    let report = json(&app.call_with(&a, "skills_report", &[], &[]).await);
    assert_eq!(report["people"].as_array().unwrap().len(), 2, "Pia is gone; Eve and Xander stay");
    let me = json(&app.call_with(&partner_admin, "my_profile", &[], &[]).await);
    assert_eq!(me["history"][0]["end_reason"], "removed by admin");
    let audit = json(&app.call_with(&a, "company_audit", &[], &[]).await)["rows"].clone();
    assert_eq!(audit[0]["action"], "removed_from_report");
}

/// A downloaded workbook: the first sheet's name, cells and formulas, and its sheet XML.
fn workbook(bytes: &[u8]) -> (String, calamine::Range<calamine::Data>, usize, String, Vec<(String, String)>) {
    use calamine::Reader;
    use std::io::Read;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("a workbook a reader opens");
    let name = book.sheet_names()[0].clone();
    let cells = book.worksheet_range(&name).unwrap();
    let formulas = book.worksheet_formula(&name).unwrap().used_cells().filter(|(_, _, f)| !f.is_empty()).count();
    let names = book.defined_names().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    zip.by_name("xl/worksheets/sheet1.xml").unwrap().read_to_string(&mut xml).unwrap();
    (name, cells, formulas, xml, names)
}

#[tokio::test]
async fn the_skills_report_downloads_as_a_workbook_with_dates_as_dates_text_never_a_formula_and_filters_on() {
    use calamine::{Data, DataType};
    let app = spawn().await;
    let (a, b) = two_companies(&app).await;
    let evil = app.invited(&a, "eve@contoso.nl", "=HYPERLINK(\"http://x\") Łukasz", &[]).await;
    let partner_admin = app.invited(&a, "pia@contoso.nl", "Pia Peeters", &["partner_admin"]).await;
    let account_admin = app.invited(&a, "bob@contoso.nl", "Bob Jansen", &["account_admin"]).await;
    assert!(link(&app, &evil, SHARED, "link").await.ok());
    assert!(link(&app, &partner_admin, PROFILE, "link").await.ok());
    assert!(app.call_with(&evil, "university_access", &[("email", SHARED), ("password", DEMO)], &[]).await.ok());

    let url = format!("{}/company/skills.xlsx", app.base);
    let response = partner_admin.get(&url).header("accept-encoding", "gzip, br").send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assert!(response.headers()["content-disposition"].to_str().unwrap().contains("skills-report.xlsx"));
    assert!(response.headers().get("content-encoding").is_none(), "a workbook is compressed inside already");
    let (sheet, cells, formulas, xml, names) = workbook(&response.bytes().await.unwrap());
    assert_eq!(sheet, "Skills report");
    let header: Vec<String> = cells.rows().next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header, ["Name", "Email", "MCID", "Linked since", "Kind", "Exam code", "Title", "Passed on", "Expires on", "Score (%)"]);
    let rows: Vec<&[Data]> = cells.rows().skip(1).collect();
    assert!(rows.len() >= 3, "a line per certification and assessment: {rows:?}");
    assert_eq!(formulas, 0, "no cell is a formula");
    let eve: Vec<&&[Data]> = rows.iter().filter(|r| r[1] == Data::String("eve@contoso.nl".into())).collect();
    assert_eq!(eve[0][0], Data::String("=HYPERLINK(\"http://x\") Łukasz".into()), "a formula-like name is kept as text, letter for letter");
    let today = chrono::Utc::now().date_naive();
    for row in &rows {
        assert!(row[3].is_datetime(), "linked since is a date: {:?}", row[3]);
        assert_eq!(row[3].as_date(), Some(today));
        assert!(row[7].is_datetime(), "passed on is a date: {:?}", row[7]);
        match row[4].to_string().as_str() {
            "Certification" => assert!((row[8].is_datetime() || row[8].is_empty()) && row[9].is_empty(), "a certification may expire: {row:?}"),
            "Partner University assessment" => assert!(row[8].is_empty() && matches!(row[9], Data::Float(_)), "an assessment has a score: {row:?}"),
            other => panic!("kind {other}"),
        }
    }
    assert!(rows.iter().any(|r| r[8].is_datetime()), "expiry dates are dates");
    assert!(xml.contains(&format!("<autoFilter ref=\"A1:J{}\"/>", rows.len() + 1)), "filters on over every row");
    assert!(xml.contains("<cols>") && xml.contains("customWidth=\"1\""), "column widths are set");
    assert!(xml.contains("ySplit=\"1\""), "the header row stays in view");
    assert!(names.iter().any(|(n, _)| n == "_xlnm._FilterDatabase"));

    let filtered = partner_admin.get(format!("{url}?name=pia")).send().await.unwrap().bytes().await.unwrap();
    let (_, cells, ..) = workbook(&filtered);
    assert!(cells.rows().skip(1).all(|r| r[1] == Data::String("pia@contoso.nl".into())), "the page's filters apply");
    let dutch = a.get(&url).header("accept-language", "nl").send().await.unwrap().bytes().await.unwrap();
    let (sheet, cells, ..) = workbook(&dutch);
    assert_eq!((sheet.as_str(), cells.get((0, 0)).map(|c| c.to_string())), ("Vaardighedenrapport", Some("Naam".to_owned())));
    let (_, cells, ..) = workbook(&b.get(&url).send().await.unwrap().bytes().await.unwrap());
    assert_eq!(cells.height(), 1, "another company's admin gets only the header");
    assert_eq!(account_admin.get(&url).send().await.unwrap().status(), 403);
    assert_eq!(client().get(&url).send().await.unwrap().status(), 303, "a visitor is sent to sign in");
}

#[tokio::test]
async fn the_import_command_adds_profiles_once_that_then_link_with_their_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let database = new_postgres_database().await.unwrap_or_else(|| format!("sqlite://{}", dir.path().join("partnerhub.db").display()));
    let files = dir.path().join("import");
    std::fs::create_dir_all(&files).unwrap();
    let hash = partnerhub_core::credentials::hash_password(partnerhub_domain::Password::parse("imported password").unwrap()).await.unwrap();
    std::fs::write(files.join("certification_profiles.csv"), format!("mcid;email;full_name;password_hash\n99000001;noor@contoso.nl;Noor Bakker;{hash}\n"))
        .unwrap();
    // Writes the certifications file with this expiry and imports the folder; returns stdout.
    let import = |expires_on: &str| {
        let line = format!("99000001;SC-300;Identity and Access Administrator;2026-05-01;{expires_on}");
        std::fs::write(files.join("certifications.csv"), format!("mcid;exam;title;passed_on;expires_on\n{line}\n")).unwrap();
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_partnerhub"))
            .arg("import-certifications")
            .arg(&files)
            .env("PARTNERHUB_DATA_DIR", dir.path())
            .env("DATABASE_URL", &database)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    assert!(import("2027-05-01").contains("Imported 1 new certification profiles"));
    // The provider's next file repeats the profile and renews the certification: nothing doubles.
    assert!(import("2028-05-01").contains("Imported 0 new certification profiles"));
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_partnerhub")).arg("import-certifications").output().unwrap();
    assert!(!bad.status.success());

    let store = partnerhub_core::Store::connect(&database).await.unwrap();
    let (profile, _) = store.cert_profile_by_email("noor@contoso.nl").await.unwrap().unwrap();
    assert_eq!(profile.full_name, "Noor Bakker");
    let certifications = store.certifications("99000001").await.unwrap();
    assert_eq!(certifications.len(), 1, "importing the same certification twice records it once");
    assert_eq!((certifications[0].exam.as_str(), certifications[0].expires_on.as_deref()), ("SC-300", Some("2028-05-01")));
    use partnerhub_core::provider::CertificationProvider;
    let provider = partnerhub_core::provider::BuiltInProvider { store: store.clone() };
    assert!(provider.profile_by_credentials("noor@contoso.nl", "imported password").await.unwrap().is_some());
    assert!(provider.profile_by_credentials("noor@contoso.nl", "wrong").await.unwrap().is_none());
}

#[tokio::test]
async fn the_programme_s_own_catalogue_counts_distinct_people_in_both_languages_and_a_bad_one_stops_the_start_naming_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("catalogue.csv");
    std::fs::write(&bad, "# ours\nCloud;Silver;CL-104;2\nCloud;Gold;CL-104;many\n").unwrap();
    let started = std::process::Command::new(env!("CARGO_BIN_EXE_partnerhub"))
        .env("PARTNERHUB_CATALOGUE", &bad)
        .env("PARTNERHUB_DATA_DIR", dir.path())
        .env("PARTNERHUB_ADDR", "127.0.0.1:0")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(!started.status.success(), "a bad catalogue stops the start");
    let said = String::from_utf8_lossy(&started.stderr);
    assert!(said.contains(&format!("PARTNERHUB_CATALOGUE {}: line 3: \"many\" is not a number of people from 1 to 10000", bad.display())), "{said}");

    let ours = dir.path().join("ours.csv");
    std::fs::write(&ours, "Workplace;Bronze;MW-102;1;Werkplek;Brons\nCloud Platform;Silver;CL-104|CL-305;2\n").unwrap();
    let app = spawn_with(&[("PARTNERHUB_CATALOGUE", &ours.display().to_string())]).await;
    let (a, _b) = two_companies(&app).await;
    let bob = app.invited(&a, "bob@contoso.nl", "Bob Jansen", &[]).await;
    let finn = app.invited(&a, "finn@contoso.nl", "Finn de Groot", &[]).await;
    assert!(link(&app, &bob, PROFILE, "link").await.ok());
    assert!(link(&app, &finn, "finn.degroot@tulpenveld.nl", "link").await.ok());
    let carla = app.invited(&a, "carla@contoso.nl", "Carla Smit", &[]).await;
    assert!(link(&app, &carla, "tess.dekker@molenwerf.nl", "link").await.ok());
    let levels = json(&app.call_with(&a, "competencies", &[], &[]).await);
    let levels = levels.as_array().unwrap();
    assert_eq!(levels.len(), 2, "only the programme's own levels");
    assert_eq!((levels[0]["level"]["competency_nl"].as_str(), levels[0]["met"].as_bool()), (Some("Werkplek"), Some(true)));
    assert_eq!(levels[0]["counted"], serde_json::json!(["Bob Jansen"]));
    assert_eq!(
        (levels[1]["level"]["competency_nl"].as_str(), levels[1]["missing"].as_u64()),
        (Some("Cloud Platform"), Some(1)),
        "no Dutch name: the English one"
    );
    assert_eq!(levels[1]["counted"], serde_json::json!(["Finn de Groot"]), "Finn counts once; his expired certifications do not");
    assert_eq!(levels[1]["renewable"], serde_json::json!(["Carla Smit"]), "Carla's CL-305 expired: renewing it would close the gap");
}
