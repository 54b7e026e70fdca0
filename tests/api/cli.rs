//! The command line: users, the demo, and `serve --demo` as the README describes it.

use serde_json::{json, Value};

use crate::helpers::{cli, Backend, TestDatabase};

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

#[test]
fn user_add_prints_the_token_alone_on_the_last_line_and_revoke_needs_a_real_account() {
    let database = TestDatabase::create(Backend::Sqlite);
    let output = cli(
        &database.url,
        &[
            "user",
            "add",
            "--name",
            "Trần Văn Toản",
            "--email",
            "toan@test.example",
            "--role",
            "viewer",
        ],
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = stdout(&output);
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("dd_") && !last.contains(' '),
        "last line: {last:?}"
    );
    let liaison = cli(
        &database.url,
        &[
            "user",
            "add",
            "--name",
            "X",
            "--email",
            "x@test.example",
            "--role",
            "LIAISON",
            "--department",
            "NOPE",
        ],
    );
    assert!(!liaison.status.success());
    assert!(String::from_utf8_lossy(&liaison.stderr).contains("NOPE"));
    let unknown = cli(
        &database.url,
        &["user", "revoke", "--email", "nobody@test.example"],
    );
    assert!(!unknown.status.success());
}

#[test]
fn the_demo_loads_once() {
    let database = TestDatabase::create(Backend::Sqlite);
    let first = cli(&database.url, &["demo"]);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let text = stdout(&first);
    assert_eq!(
        text.matches(" dd_").count(),
        15,
        "admin, chair, secretary and twelve liaisons:\n{text}"
    );
    assert!(text.contains("chose"), "the demo says what it made up");
    let second = cli(&database.url, &["demo"]);
    assert!(!second.status.success());
    assert!(String::from_utf8_lossy(&second.stderr).contains("already has data"));
}

async fn serve_demo_gives_the_chair_the_report_of_the_districts_and_the_fund(backend: Backend) {
    let database = TestDatabase::create(backend);
    let mut server = crate::helpers::dondoc()
        .args(["serve", "--demo"])
        .env("DONDOC_DATABASE_URL", &database.url)
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        .env("DONDOC_LOG", "error")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("serve --demo starts");
    let reader = std::io::BufReader::new(server.stdout.take().expect("stdout"));
    let mut chair_token = String::new();
    let mut address = String::new();
    let mut links = Vec::new();
    for line in std::io::BufRead::lines(reader).map_while(Result::ok) {
        if let Some(link) = line.split_whitespace().find(|w| w.contains("/login/")) {
            links.push(link.to_string());
        }
        if line.trim_start().starts_with("CHAIR") && !line.contains("/login/") {
            chair_token = line
                .split_whitespace()
                .last()
                .unwrap_or_default()
                .to_string();
        }
        if let Some(rest) = line.split("listening on http://").nth(1) {
            address = rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            break;
        }
    }
    assert_eq!(
        links.len(),
        3,
        "sign-in links for the chair and two liaisons"
    );
    for link in &links {
        assert!(
            link.starts_with(&format!("http://{address}/login/dd_")),
            "the printed links lead to the port the server listens on: {link} ({address})"
        );
    }
    let query = "query($today: Date) { committees { name chair { name } meetings { edges { node { title heldOn
        tasks(filter: { topLevelOnly: true }) { edges { node { title deadline subtasks { lead { name } } } } } } } } }
        progressReport { total byTimeliness { timeliness count }
          byDepartment { department { code } total byTimeliness { timeliness count } } }
        waiting: tasks(filter: { status: [SUBMITTED] }) { edges { node { title } } }
        dueToday: tasks(filter: { deadlineFrom: $today, deadlineTo: $today }) { edges { node { title } } } }";
    let answer: Value = reqwest::Client::new()
        .post(format!("http://{address}/graphql"))
        .bearer_auth(&chair_token)
        .json(&json!({ "query": query, "variables": { "today": crate::helpers::today().to_string() } }))
        .send()
        .await
        .expect("the demo server answers")
        .json()
        .await
        .expect("JSON");
    let _ = server.kill();
    let _ = server.wait();
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let committee = &answer["data"]["committees"][0];
    assert_eq!(committee["chair"]["name"], "Nguyễn Quang Hưng");
    let meeting = &committee["meetings"]["edges"][0]["node"];
    assert_eq!(meeting["heldOn"], "2022-08-26");
    let directives = meeting["tasks"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(directives.len(), 5);
    assert_eq!(
        directives[1]["node"]["subtasks"].as_array().map(Vec::len),
        Some(8),
        "one task per district"
    );
    assert!(directives.iter().any(|d| d["node"]["title"]
        .as_str()
        .is_some_and(|t| t.contains("Quỹ hỗ trợ"))
        && d["node"]["deadline"] == "2022-12-31"));
    let report = &answer["data"]["progressReport"];
    let codes: Vec<&str> = report["byDepartment"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|d| d["department"]["code"].as_str())
                .collect()
        })
        .unwrap_or_default();
    for district in [
        "UBND-TPTB",
        "UBND-DH",
        "UBND-HH",
        "UBND-KX",
        "UBND-QP",
        "UBND-TT",
        "UBND-TH",
        "UBND-VT",
        "LMHTX",
    ] {
        assert!(
            codes.contains(&district),
            "{district} is in the report: {codes:?}"
        );
    }
    assert_eq!(
        report["total"], 21,
        "of 2022: eight districts, the fund, the models, the solutions and the ongoing advice; \
         of the meeting three weeks ago: nine directives"
    );

    // The meeting three weeks ago gives the chair's dashboard something in every standing.
    let recent = &committee["meetings"]["edges"][1]["node"];
    assert_eq!(
        recent["heldOn"],
        (crate::helpers::today() - chrono::Days::new(21)).to_string()
    );
    let standings: Vec<&str> = report["byTimeliness"]
        .as_array()
        .map(|l| {
            l.iter()
                .filter(|c| c["count"].as_i64().unwrap_or_default() > 0)
                .filter_map(|c| c["timeliness"].as_str())
                .collect()
        })
        .unwrap_or_default();
    for standing in [
        "ON_TRACK",
        "DUE_SOON",
        "OVERDUE",
        "DONE_ON_TIME",
        "DONE_LATE",
        "NO_DEADLINE",
    ] {
        assert!(standings.contains(&standing), "{standing} in {standings:?}");
    }
    let titles = |list: &Value| -> Vec<String> {
        list["edges"]
            .as_array()
            .map(|e| {
                e.iter()
                    .filter_map(|t| t["node"]["title"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        titles(&answer["data"]["waiting"]),
        ["Hướng dẫn các hợp tác xã nông nghiệp chuyển đổi số"],
        "a task waits for the chair's review"
    );
    assert_eq!(
        titles(&answer["data"]["dueToday"]),
        ["Báo cáo kết quả giải ngân Quỹ hỗ trợ phát triển hợp tác xã"],
        "a task is due today"
    );
}

/// Settings files are read from `--config` and from `DONDOC_CONFIG`: a person added with
/// `dondoc --config FILE user add` lands in the database the file names, and a server started
/// with `DONDOC_CONFIG=FILE` judges deadlines by the file's due-soon window.
async fn settings_files_are_read_from_config_and_dondoc_config(backend: Backend) {
    let database = TestDatabase::create(backend);
    let folder = tempfile::tempdir().expect("a folder");
    let file = folder.path().join("site.toml");
    std::fs::write(
        &file,
        format!("database_url = \"{}\"\ndue_soon_days = 10\n", database.url),
    )
    .expect("the settings file");
    let file = file.display().to_string();
    let added = crate::helpers::dondoc()
        .args([
            "--config",
            &file,
            "user",
            "add",
            "--name",
            "Người xem",
            "--email",
        ])
        .args(["xem@test.example", "--role", "VIEWER"])
        .env_remove("DONDOC_DATABASE_URL")
        .env("DONDOC_LOG", "error")
        .output()
        .expect("user add runs");
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let token = stdout(&added)
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_string();

    let app =
        crate::helpers::TestApp::spawn_on(database, &[("DONDOC_CONFIG", file.as_str())]).await;
    let me = app.ok(&token, "{ me { email } }", json!({})).await;
    assert_eq!(me["me"]["email"], "xem@test.example");
    let world = crate::world::World::build(&app).await;
    let in_a_week = world
        .simple_task(&app, "Hạn sau một tuần", "SCT", Some(7))
        .await;
    assert_eq!(
        in_a_week["timeliness"], "DUE_SOON",
        "seven days out is due soon in a window of ten days (three by default)"
    );
}

/// `dondoc migrate` makes a new database's schema and says so; run again it changes nothing.
async fn migrate_brings_a_database_up_to_date(backend: Backend) {
    let database = TestDatabase::create(backend);
    for run in ["first", "second"] {
        let output = cli(&database.url, &["migrate"]);
        assert!(
            output.status.success(),
            "{run}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            stdout(&output).contains("The database schema is up to date."),
            "{run}"
        );
    }
    let app = crate::helpers::TestApp::spawn_on(database, &[]).await;
    let world = crate::world::World::build(&app).await;
    let task = world
        .simple_task(&app, "Sau khi cập nhật", "SCT", Some(3))
        .await;
    assert_eq!(task["status"], "NOT_STARTED");
}

/// A server without a mail server says in its log that reminders are off.
async fn without_a_mail_server_the_log_says_reminders_are_off(backend: Backend) {
    let app = crate::helpers::TestApp::spawn_with(backend, &[("DONDOC_LOG", "warn")]).await;
    assert!(
        app.log().contains("e-mail reminders are off"),
        "{}",
        app.log()
    );
}

/// `dondoc generate` fills an empty database with work in realistic proportions, through the
/// program's own rules, and refuses a database that already holds data unless told.
async fn generate_fills_an_empty_database_and_refuses_one_with_data(backend: Backend) {
    let database = TestDatabase::create(backend);
    let scale = ["generate", "--tasks", "300", "--departments", "30"];
    let made = cli(&database.url, &scale);
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    assert!(stdout(&made).contains("and 300 tasks"), "{}", stdout(&made));
    let again = cli(&database.url, &scale);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has data"));

    let app = crate::helpers::TestApp::spawn_on(database, &[]).await;
    let report = app
        .ok(&app.admin_token, "{ progressReport { total byTimeliness { timeliness count } } tasks(filter: { search: \"ho tro\" }) { totalCount } }", json!({}))
        .await;
    let count = |standing: &str| {
        report["progressReport"]["byTimeliness"]
            .as_array()
            .and_then(|all| all.iter().find(|c| c["timeliness"] == standing))
            .and_then(|c| c["count"].as_i64())
            .unwrap_or(0)
    };
    assert!(
        report["progressReport"]["total"].as_i64() >= Some(300),
        "{report}"
    );
    for standing in ["OVERDUE", "DONE_ON_TIME", "DONE_LATE", "CANCELLED"] {
        assert!(count(standing) > 0, "some {standing}: {report}");
    }
    assert!(
        count("DONE_ON_TIME") + count("DONE_LATE") > count("OVERDUE"),
        "most past work is finished: {report}"
    );
    assert!(
        report["tasks"]["totalCount"].as_i64() > Some(0),
        "search finds made-up titles"
    );
}

crate::on_both_backends!(
    generate_fills_an_empty_database_and_refuses_one_with_data,
    migrate_brings_a_database_up_to_date,
    without_a_mail_server_the_log_says_reminders_are_off,
    serve_demo_gives_the_chair_the_report_of_the_districts_and_the_fund,
    settings_files_are_read_from_config_and_dondoc_config,
);

/// `dondoc extract` on the seed finds its eight directives as the worked example in
/// EXTRACTION.md has them (the annotated copy in `tests/extract/seed.json`), each pointing at its
/// words by character offsets, from a file or from standard input.
#[test]
fn extract_finds_the_seeds_eight_directives() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extract");
    let seed = folder.join("thai-binh-2022-08-26.txt");
    let annotated: Value = serde_json::from_str(
        &std::fs::read_to_string(folder.join("seed.json")).expect("the worked example"),
    )
    .expect("JSON");
    let output = crate::helpers::dondoc()
        .args(["extract", "--held-on", "2022-08-26"])
        .arg(&seed)
        .output()
        .expect("dondoc runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let drafted: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let drafts = drafted["directives"].as_array().expect("directives");
    let wanted = annotated["directives"].as_array().expect("annotated");
    assert_eq!(drafts.len(), wanted.len(), "{drafted:#}");
    let text: Vec<char> = std::fs::read_to_string(&seed)
        .expect("seed")
        .chars()
        .collect();
    let fold = |names: &Value| -> Vec<String> {
        names
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|n| dondoc::domain::drafting::normalise(n.as_str().unwrap_or_default()))
                    .collect()
            })
            .unwrap_or_default()
    };
    for (draft, annotation) in drafts.iter().zip(wanted) {
        let start = draft["start"].as_u64().unwrap_or(0) as usize;
        let end = draft["end"].as_u64().unwrap_or(0) as usize;
        let words: String = text[start..end].iter().collect();
        assert_eq!(
            words,
            draft["text"].as_str().unwrap_or_default(),
            "offsets point at the words"
        );
        let quote = annotation["quote"].as_str().unwrap_or_default();
        assert!(
            words.contains(quote.trim_end_matches('.'))
                || quote.contains(words.trim_end_matches('.')),
            "{words} / {quote}"
        );
        assert_eq!(fold(&draft["lead"]), fold(&annotation["lead"]), "{quote}");
        assert_eq!(
            fold(&draft["coOwners"]),
            fold(&annotation["co_owners"]),
            "{quote}"
        );
        assert_eq!(draft["deadline"], Value::Null);
        assert_eq!(
            draft["deadlinePhrase"], annotation["deadline_phrase"],
            "{quote}"
        );
    }
    // The same from standard input, with the meeting's day taken from the text.
    let mut child = crate::helpers::dondoc()
        .args(["extract", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("dondoc runs");
    std::io::Write::write_all(
        child.stdin.as_mut().expect("stdin"),
        std::fs::read(&seed).expect("seed").as_slice(),
    )
    .expect("written");
    drop(child.stdin.take());
    let piped = child.wait_with_output().expect("finished");
    let piped: Value = serde_json::from_slice(&piped.stdout).expect("JSON");
    assert_eq!(piped, drafted);
}
