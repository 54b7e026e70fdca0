//! The pages in a real browser: headless Chromium from Debian (`chromium`, `chromium-driver`)
//! driven over WebDriver, against the real server on both backends. Screenshots at phone and
//! desktop widths go to `docs/screenshots/`, where the README shows them.

// The harness both suites share (tests/common); this suite uses part of it.
#[path = "../common/helpers.rs"]
#[allow(dead_code)]
mod helpers;
#[path = "../common/smtp.rs"]
#[allow(dead_code)]
mod smtp;
#[path = "../common/world.rs"]
#[allow(dead_code)]
mod world;

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use helpers::{Backend, TestApp};

/// The axe-core release the accessibility checks use.
const AXE_CORE: &str = "axe-core@4.14.1";

/// axe-core's script, installed once with npm into the build's folder for tests (Node.js with
/// npm is needed, as it is for `.ci/api-checks`).
fn axe_source() -> String {
    static SOURCE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SOURCE
        .get_or_init(|| {
            let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(AXE_CORE);
            let script = folder.join("node_modules/axe-core/axe.min.js");
            if !script.exists() {
                let installed = Command::new("npm")
                    .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
                    .arg(&folder)
                    .arg(AXE_CORE)
                    .status()
                    .expect("npm runs: Node.js with npm is needed to fetch axe-core for the accessibility checks");
                assert!(installed.success(), "npm could not install {AXE_CORE}");
            }
            std::fs::read_to_string(&script).expect("axe-core's script")
        })
        .clone()
}
use smtp::SmtpSink;
use world::{World, UPDATE};

/// A headless Chromium with its own empty profile, closed with the test.
struct Browser {
    client: Client,
    driver: Child,
    profile: tempfile::TempDir,
    /// Where screenshots go: the README's folder for the SQLite run, and a folder of the build
    /// for the PostgreSQL run, so the two never write the same files at once.
    screenshots: PathBuf,
}

impl Browser {
    async fn start(backend: Backend) -> Browser {
        // The WebDriver client makes a TLS configuration from rustls's process default, and the
        // dependencies link two providers: one must be chosen first (a second choice is moot).
        let _ = rustls::crypto::ring::default_provider().install_default();
        for program in ["/usr/bin/chromium", "/usr/bin/chromedriver"] {
            assert!(
                std::path::Path::new(program).exists(),
                "{program} is missing: install Debian's chromium and chromium-driver (.ci/run does)"
            );
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let driver = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start listening"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let profile = tempfile::tempdir().expect("a profile folder");
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "prefs": {
                    "download.default_directory": profile.path().join("downloads").display().to_string(),
                    "download.prompt_for_download": false,
                },
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", format!("--user-data-dir={}", profile.path().display()),
                ],
            }),
        );
        let client = ClientBuilder::rustls()
            .expect("a WebDriver client")
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("a Chromium session");
        Browser {
            client,
            driver,
            profile,
            screenshots: match backend {
                Backend::Sqlite => {
                    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots")
                }
                Backend::Postgres => {
                    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("screenshots-postgres")
                }
            },
        }
    }

    /// Checks the page shown against axe-core's WCAG 2 A and AA rules (any violation fails the
    /// test), then takes its screenshots at phone and desktop widths.
    async fn screenshot(&self, name: &str) {
        self.assert_accessible(name).await;
        self.assert_self_contained(name).await;
        let folder = &self.screenshots;
        std::fs::create_dir_all(folder).expect("the screenshot folder");
        for (label, width, height) in [("phone", 390, 844), ("desktop", 1280, 900)] {
            self.client
                .set_window_size(width, height)
                .await
                .expect("resize");
            let png = self.client.screenshot().await.expect("a screenshot");
            std::fs::write(folder.join(format!("{name}-{label}.png")), png).expect("saved");
        }
    }

    /// Everything the page loaded (its style is inline; images, fonts, anything) came from
    /// dondoc itself: the browser's own record of what it fetched names no other site.
    async fn assert_self_contained(&self, page: &str) {
        let loaded = self
            .client
            .execute(
                "return [location.origin, performance.getEntriesByType('resource').map(e => e.name)];",
                vec![],
            )
            .await
            .expect("the page's resources");
        let origin = loaded[0].as_str().unwrap_or_default().to_string();
        let resources: Vec<String> = loaded[1]
            .as_array()
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        assert!(origin.starts_with("http://127.0.0.1:"), "{page}: {origin}");
        let outside: Vec<&String> = resources
            .iter()
            .filter(|r| !r.starts_with(&format!("{origin}/")))
            .collect();
        assert!(
            outside.is_empty(),
            "{page}: loaded from elsewhere: {outside:?}"
        );
    }

    /// Runs axe-core on the page shown. WebDriver's scripts are not the page's, so the pages'
    /// policy of no scripts does not stop them.
    async fn assert_accessible(&self, page: &str) {
        self.client
            .execute(&format!("{}\nreturn true;", axe_source()), vec![])
            .await
            .expect("axe-core loads into the page");
        let violations = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                   .then(result => done(result.violations.map(v =>
                     `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help}, at ${v.nodes[0].target}`)))
                   .catch(error => done([`axe-core failed: ${error}`]));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        assert_eq!(violations, json!([]), "{page}: WCAG 2 AA");
    }

    /// Opens a sign-in link and presses its one button, as a person does.
    async fn sign_in(&self, link: &str) {
        self.client.goto(link).await.expect("the link opens");
        self.submit("form[action^='/login/'] button").await;
    }

    /// Clicks a form's button and waits until the page it posts to has replaced this one.
    async fn submit(&self, button: &str) {
        let element = self
            .client
            .find(Locator::Css(button))
            .await
            .expect("the button");
        element.click().await.expect("click");
        let started = Instant::now();
        while element.is_displayed().await.is_ok() {
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "the page did not change after {button}"
            );
            tokio::task::yield_now().await;
        }
    }

    /// A file the browser downloaded, once it is whole (waits up to 15 seconds): Chromium
    /// reserves the name with an empty file first and writes the bytes beside it, in
    /// `<name>.crdownload`, until they are all there.
    async fn downloaded(&self, name: &str) -> Vec<u8> {
        let path = self.profile.path().join("downloads").join(name);
        let partial = path.with_file_name(format!("{name}.crdownload"));
        let started = Instant::now();
        loop {
            if let Ok(content) = std::fs::read(&path) {
                if !content.is_empty() && !partial.exists() {
                    return content;
                }
            }
            assert!(
                started.elapsed() < Duration::from_secs(15),
                "{name} was not downloaded"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn text(&self) -> String {
        self.client
            .find(Locator::Css("body"))
            .await
            .expect("body")
            .text()
            .await
            .expect("text")
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

async fn a_liaison_answers_a_reminder_from_the_mail(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(
            &app,
            "Kiện toàn Ban Chỉ đạo phát triển KTTT cấp huyện",
            "UBND-VT",
            Some(-2),
        )
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    world.chase(&app, &json!(id)).await;
    let sink = SmtpSink::start().await;
    helpers::remind_now_through(&app, sink.url()).await;
    let mail = sink
        .received()
        .into_iter()
        .find(|m| {
            m.recipients
                .iter()
                .any(|r| r == "liaison.ubnd-vt@test.example")
        })
        .expect("a reminder");
    let browser = Browser::start(backend).await;
    browser
        .client
        .goto(&helpers::sign_in_link_in(&mail.text()))
        .await
        .expect("the link opens");
    assert!(
        browser
            .text()
            .await
            .contains("Bấm nút dưới đây để đăng nhập"),
        "opening the link only shows its button"
    );
    browser.screenshot("sign-in-button").await;
    browser.submit("form[action^='/login/'] button").await;
    assert!(
        browser.text().await.contains("Kiện toàn Ban Chỉ đạo"),
        "the task's page"
    );
    browser.screenshot("task-page").await;
    let progress = browser
        .client
        .find(Locator::Id("progress"))
        .await
        .expect("the progress field");
    progress.clear().await.expect("clear");
    progress.send_keys("75").await.expect("type");
    browser
        .client
        .find(Locator::Id("note"))
        .await
        .expect("note")
        .send_keys("Đã trình UBND huyện ký quyết định")
        .await
        .expect("type");
    browser.submit("form[action$='/report'] button").await;
    let page = browser.text().await;
    assert!(
        page.contains("75%") && page.contains("Đã trình UBND huyện ký quyết định"),
        "{page}"
    );
    assert_eq!(world.task(&app, &id).await["progress"], 75);
    browser
        .client
        .goto(&app.url("/my"))
        .await
        .expect("my tasks");
    assert!(browser.text().await.contains("ngày quá hạn"));
    browser.screenshot("my-tasks").await;

    browser
        .client
        .delete_all_cookies()
        .await
        .expect("signed out");
    browser
        .client
        .goto(&helpers::sign_in_link_in(&mail.text()))
        .await
        .expect("the link again");
    assert!(
        browser
            .text()
            .await
            .contains("đã được dùng hoặc đã hết hạn"),
        "a used link is refused with a clear page"
    );
    browser.screenshot("used-link").await;
    let _ = browser.client.clone().close().await;
}

async fn the_chair_accepts_work_and_approves_an_extension(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let done = world
        .simple_task(
            &app,
            "Tham mưu thành lập Quỹ hỗ trợ phát triển HTX",
            "LMHTX",
            Some(3),
        )
        .await;
    app.ok(&world.liaison("LMHTX"), UPDATE, json!({ "input": { "taskId": done["id"], "status": "SUBMITTED", "note": "Đã trình đề án" } })).await;
    let late = world
        .simple_task(&app, "Nhân rộng mô hình tiêu biểu", "SCT", Some(-1))
        .await;
    app.ok(
        &world.liaison("SCT"),
        "mutation($input: RequestExtensionInput!) { requestExtension(input: $input) { id } }",
        json!({ "input": { "taskId": late["id"], "requestedDeadline": helpers::days_from_today(20), "reason": "Chờ số liệu quý IV" } }),
    )
    .await;
    let browser = Browser::start(backend).await;
    browser
        .sign_in(&helpers::sign_in_link_for(&app, "chair@test.example", "/dashboard").await)
        .await;
    assert!(
        browser.client.find(Locator::Css("svg")).await.is_ok(),
        "charts"
    );
    browser.screenshot("dashboard").await;
    browser
        .client
        .find(Locator::Css("form[action$='/review'] textarea"))
        .await
        .expect("note")
        .send_keys("Đồng ý, đạt yêu cầu")
        .await
        .expect("type");
    browser
        .submit("form[action$='/review'] button[value='1']")
        .await;
    assert_eq!(
        world
            .task(&app, done["id"].as_str().unwrap_or_default())
            .await["status"],
        "DONE"
    );
    browser
        .submit("form[action$='/decide'] button[value='1']")
        .await;
    let moved = world
        .task(&app, late["id"].as_str().unwrap_or_default())
        .await;
    assert_eq!(moved["deadline"], helpers::days_from_today(20));
    let _ = browser.client.clone().close().await;
}

async fn a_liaison_sees_no_button_for_what_they_may_not_do(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Báo cáo sơ kết", "SCT", Some(5))
        .await;
    app.ok(
        &world.liaison("SCT"),
        UPDATE,
        json!({ "input": { "taskId": task["id"], "status": "SUBMITTED", "note": "Xong" } }),
    )
    .await;
    let browser = Browser::start(backend).await;
    browser
        .sign_in(&helpers::sign_in_link_for(&app, "liaison.sct@test.example", "/my").await)
        .await;
    browser
        .client
        .find(Locator::LinkText("Báo cáo sơ kết"))
        .await
        .expect("the task")
        .follow()
        .await
        .expect("open");
    assert!(
        browser
            .client
            .current_url()
            .await
            .expect("url")
            .path()
            .starts_with("/tasks/"),
        "on the task's own page"
    );
    assert!(
        browser
            .client
            .find(Locator::Css("form[action$='/review']"))
            .await
            .is_err(),
        "no review form for a liaison"
    );
    assert!(browser.text().await.contains("Chờ Trưởng ban duyệt"));
    let _ = browser.client.clone().close().await;
}

async fn the_secretary_records_a_meeting_and_fans_a_directive_out(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let browser = Browser::start(backend).await;
    browser
        .sign_in(&helpers::sign_in_link_for(&app, "secretary@test.example", "/meetings").await)
        .await;
    browser
        .client
        .find(Locator::Id("title"))
        .await
        .expect("title")
        .send_keys("Hội nghị triển khai nhiệm vụ phát triển KTTT 6 tháng cuối năm")
        .await
        .expect("type");
    let set_value = "document.getElementById(arguments[0]).value = arguments[1];";
    browser
        .client
        .execute(
            set_value,
            vec![json!("held_on"), json!(helpers::days_from_today(-1))],
        )
        .await
        .expect("date");
    browser
        .client
        .find(Locator::Id("reference"))
        .await
        .expect("reference")
        .send_keys("45/TB-BCĐ")
        .await
        .expect("type");
    browser.submit("form[action='/meetings'] button").await;
    assert!(browser
        .client
        .current_url()
        .await
        .expect("url")
        .path()
        .starts_with("/meetings/"));
    browser
        .client
        .find(Locator::Id("title"))
        .await
        .expect("directive")
        .send_keys("Khẩn trương kiện toàn Ban Chỉ đạo phát triển KTTT cấp huyện")
        .await
        .expect("type");
    browser
        .client
        .find(Locator::Id("lead"))
        .await
        .expect("lead")
        .select_by_label("Liên minh Hợp tác xã tỉnh")
        .await
        .expect("lead chosen");
    browser
        .client
        .execute(
            set_value,
            vec![json!("deadline"), json!(helpers::days_from_today(30))],
        )
        .await
        .expect("date");
    for district in ["UBND-DH", "UBND-HH", "UBND-VT"] {
        browser
            .client
            .find(Locator::Css(&format!(
                "input[name='split'][data-code='{district}']"
            )))
            .await
            .expect("a district")
            .click()
            .await
            .expect("ticked");
    }
    browser.screenshot("meeting").await;
    browser.submit("form[action$='/tasks'] button").await;
    assert!(
        browser.text().await.contains("Khẩn trương kiện toàn"),
        "the directive is listed"
    );
    let data = app
        .ok(&world.viewer, "{ meetings { edges { node { reference tasks(filter: { topLevelOnly: true }) { edges { node { lead { code } deadline subtasks { lead { code } } } } } } } } }", json!({}))
        .await;
    let meetings = data["meetings"]["edges"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let recorded: Vec<_> = meetings
        .iter()
        .filter(|m| m["node"]["reference"] == "45/TB-BCĐ")
        .collect();
    assert_eq!(
        recorded.len(),
        1,
        "the meeting typed in the form: {meetings:?}"
    );
    let meeting = recorded[0];
    let directive = &meeting["node"]["tasks"]["edges"][0]["node"];
    assert_eq!(directive["lead"]["code"], "LMHTX");
    assert_eq!(directive["deadline"], helpers::days_from_today(30));
    assert_eq!(
        directive["subtasks"].as_array().map(Vec::len),
        Some(3),
        "one task per district"
    );
    let _ = browser.client.clone().close().await;
}

/// The query page loads the example operations and lists the schema's types with their fields
/// and descriptions, all from the server itself.
async fn the_query_page_offers_the_examples_and_the_schema(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let browser = Browser::start(backend).await;
    browser
        .client
        .goto(&app.url("/graphql"))
        .await
        .expect("the query page opens");
    let started = Instant::now();
    while browser
        .client
        .find(Locator::Css("#schema details"))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "the schema is listed"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut types = Vec::new();
    for summary in browser
        .client
        .find_all(Locator::Css("#schema summary"))
        .await
        .expect("the types")
    {
        types.push(summary.html(true).await.expect("a type's name"));
    }
    assert_eq!(types.first().map(String::as_str), Some("Query (object)"));
    assert!(types.iter().any(|t| t == "Task (object)"), "{types:?}");
    assert!(
        types.iter().any(|t| t == "TaskOrderField (enum)"),
        "{types:?}"
    );
    browser
        .client
        .find(Locator::Css(
            "#example option[value='09-chair-report.graphql']",
        ))
        .await
        .expect("the chair's report among the examples")
        .click()
        .await
        .expect("chosen");
    let value = |id: &'static str| {
        let client = browser.client.clone();
        async move {
            client
                .find(Locator::Id(id))
                .await
                .expect("the field")
                .prop("value")
                .await
                .expect("its value")
                .unwrap_or_default()
        }
    };
    assert!(
        value("query").await.contains("query ChairReport"),
        "the example is in the query box"
    );
    assert!(value("variables").await.contains("committeeId"));
    browser.screenshot("query-page").await;
    let _ = browser.client.clone().close().await;
}

/// A fresh demo gives the chair a dashboard with something in every standing: the meeting the
/// demo dates three weeks before today is made for it.
async fn the_demo_dashboard_shows_every_standing(backend: Backend) {
    let database = helpers::TestDatabase::create(backend);
    let loaded = helpers::cli(&database.url, &["demo"]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let app = TestApp::spawn_on(database, &[]).await;
    let browser = Browser::start(backend).await;
    browser
        .sign_in(
            &helpers::sign_in_link_for(&app, "chutich.bcd@thaibinh.example", "/dashboard").await,
        )
        .await;
    let chart = browser
        .client
        .find(Locator::Css("svg title"))
        .await
        .expect("the chart of standings")
        .html(true)
        .await
        .expect("its text alternative");
    for standing in [
        "Đúng tiến độ",
        "Sắp đến hạn",
        "Quá hạn",
        "Hoàn thành đúng hạn",
        "Hoàn thành trễ hạn",
        "Thường xuyên",
    ] {
        let count = chart
            .split(&format!("{standing}: "))
            .nth(1)
            .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse::<u32>().ok());
        assert!(count.is_some_and(|n| n > 0), "{standing} in {chart}");
    }
    let text = browser.text().await;
    for (what, title) in [
        (
            "waiting for review",
            "Hướng dẫn các hợp tác xã nông nghiệp chuyển đổi số",
        ),
        (
            "an extension request",
            "Tổ chức hội nghị sơ kết mô hình hợp tác xã kiểu mới",
        ),
        (
            "overdue",
            "Rà soát, hướng dẫn giải thể các hợp tác xã ngừng hoạt động",
        ),
    ] {
        assert!(text.contains(title), "{what}: {title}");
    }
    browser.screenshot("dashboard-demo").await;
    let _ = browser.client.clone().close().await;
}

/// The chair picks the third quarter of 2022 on the dashboard, reads the departments ranked with
/// their charts, opens the printable report and downloads it as a spreadsheet.
async fn the_chair_picks_a_quarter_and_prints_the_scorecard(backend: Backend) {
    let database = helpers::TestDatabase::create(backend);
    let loaded = helpers::cli(&database.url, &["demo"]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let app = TestApp::spawn_on(database, &[]).await;
    let browser = Browser::start(backend).await;
    browser
        .sign_in(
            &helpers::sign_in_link_for(&app, "chutich.bcd@thaibinh.example", "/dashboard").await,
        )
        .await;
    retype(&browser, "period-year", "2022").await;
    browser
        .client
        .find(Locator::Id("period-quarter"))
        .await
        .expect("the quarter")
        .select_by_value("3")
        .await
        .expect("the third chosen");
    browser.submit("#scorecard form button").await;
    let caption = browser
        .client
        .find(Locator::Css("#scorecard table.summary caption"))
        .await
        .expect("the ranked table")
        .text()
        .await
        .expect("its caption");
    assert!(caption.contains("Quý III/2022"), "{caption}");
    let first = browser
        .client
        .find(Locator::Css("#scorecard table.summary tbody tr td"))
        .await
        .expect("a first line")
        .text()
        .await
        .expect("its rank");
    assert_eq!(first, "1", "the best line comes first");
    let chart = browser
        .client
        .find(Locator::Css("#scorecard svg title"))
        .await
        .expect("the on-time chart")
        .html(true)
        .await
        .expect("its text alternative");
    assert!(
        chart.contains('%'),
        "the chart's text gives the shares: {chart}"
    );
    browser.screenshot("scorecard-dashboard").await;

    browser
        .client
        .find(Locator::LinkText("Bản in (A4)"))
        .await
        .expect("the printable report's link")
        .click()
        .await
        .expect("opened");
    let text = browser.text().await;
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "Phụ lục",
        "Quý III/2022",
    ] {
        assert!(
            text.contains(expected),
            "the printable report shows {expected}"
        );
    }
    browser.screenshot("scorecard-print").await;
    browser
        .client
        .find(Locator::Css(".downloads a[href^='/export/scorecard.xlsx']"))
        .await
        .expect("the XLSX link")
        .click()
        .await
        .expect("downloading");
    let file = browser
        .downloaded("ket-qua-2022-07-01-2022-09-30.xlsx")
        .await;
    let mut book: calamine::Xlsx<_> =
        calamine::Reader::new(std::io::Cursor::new(file)).expect("an XLSX");
    let sheet = calamine::Reader::worksheet_range_at(&mut book, 0)
        .expect("a sheet")
        .expect("readable");
    assert_eq!(
        sheet.get_value((8, 0)),
        Some(&calamine::Data::String("STT".into())),
        "the summary's header"
    );
    let _ = browser.client.clone().close().await;
}

/// The chair pastes the seed's text on its meeting's page, reads the drafts beside the text,
/// confirms them and finds the tasks assigned, the districts' directive split across the eight
/// districts and the city.
async fn the_chair_pastes_the_conclusion_and_assigns_the_drafts(backend: Backend) {
    let database = helpers::TestDatabase::create(backend);
    let loaded = helpers::cli(&database.url, &["demo"]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    let app = TestApp::spawn_on(database, &[]).await;
    let browser = Browser::start(backend).await;
    browser
        .sign_in(
            &helpers::sign_in_link_for(&app, "chutich.bcd@thaibinh.example", "/meetings").await,
        )
        .await;
    browser
        .client
        .find(Locator::LinkText(
            "Hội nghị triển khai nhiệm vụ phát triển kinh tế tập thể 6 tháng cuối năm 2022",
        ))
        .await
        .expect("the seed's meeting")
        .click()
        .await
        .expect("opened");
    let meeting_path = browser
        .client
        .current_url()
        .await
        .expect("its address")
        .path()
        .to_string();
    let seed = include_str!("../extract/thai-binh-2022-08-26.txt");
    let notice = browser
        .client
        .find(Locator::Id("notice"))
        .await
        .expect("the paste box");
    // Typing the whole text key by key takes long; the field takes it at once.
    browser
        .client
        .execute(
            "document.getElementById('notice').value = arguments[0];",
            vec![json!(seed)],
        )
        .await
        .expect("pasted");
    let _ = notice;
    browser.submit("form[action$='/draft'] button").await;
    let drafts = browser
        .client
        .find_all(Locator::Css("fieldset.draft"))
        .await
        .expect("the drafts");
    assert_eq!(drafts.len(), 8, "the seed's eight directives");
    let marks = browser
        .client
        .find_all(Locator::Css(".notice mark"))
        .await
        .expect("highlights");
    assert_eq!(marks.len(), 8, "each directive highlighted in the text");
    let unmatched = browser.text().await;
    assert!(
        unmatched.contains("các đồng chí thành viên Ban Chỉ đạo phát triển KTTT tỉnh"),
        "the steering committee's members match no department and are flagged"
    );
    browser.screenshot("drafts-from-notice").await;
    // The first two drafts (the steering committee's members) have no lead to give: leave them.
    for n in ["1", "2"] {
        browser
            .client
            .find(Locator::Css(&format!("input[name='take'][value='{n}']")))
            .await
            .expect("its box")
            .click()
            .await
            .expect("unticked");
    }
    browser.submit("form[action$='/drafts'] button").await;
    assert_eq!(
        browser.client.current_url().await.expect("where").path(),
        meeting_path,
        "back on the meeting"
    );
    let text = browser.text().await;
    assert!(
        text.contains(
            "Các huyện, thành phố khẩn trương kiện toàn Ban Chỉ đạo phát triển KTTT cấp huyện"
        ),
        "{text}"
    );
    // The districts' directive is split: one task for each district and the city.
    let id = browser
        .client
        .find(Locator::XPath(
            "//a[starts-with(normalize-space(.), 'Các huyện, thành phố khẩn trương kiện toàn')]",
        ))
        .await
        .expect("the districts' directive")
        .attr("href")
        .await
        .expect("its link")
        .unwrap_or_default();
    browser.client.goto(&app.url(&id)).await.expect("its page");
    let page = browser.text().await;
    for district in [
        "UBND thành phố Thái Bình",
        "UBND huyện Đông Hưng",
        "UBND huyện Hưng Hà",
        "UBND huyện Kiến Xương",
        "UBND huyện Quỳnh Phụ",
        "UBND huyện Thái Thụy",
        "UBND huyện Tiền Hải",
        "UBND huyện Vũ Thư",
    ] {
        assert!(page.contains(district), "{district} has its part");
    }
    let _ = browser.client.clone().close().await;
}

/// A day `days` from today as the pages write it (dd/mm/yyyy).
fn shown_day(days: i64) -> String {
    chrono::NaiveDate::parse_from_str(&helpers::days_from_today(days), "%Y-%m-%d")
        .expect("a day")
        .format("%d/%m/%Y")
        .to_string()
}

/// Types `text` into the field with this id, replacing what it held.
async fn retype(browser: &Browser, id: &str, text: &str) {
    let field = browser
        .client
        .find(Locator::Id(id))
        .await
        .expect("the field");
    field.clear().await.expect("cleared");
    field.send_keys(text).await.expect("typed");
}

/// The secretary corrects a directive's wording and deadline on its page, then gives it to
/// another lead with a new co-owner; the journal on the page shows each change, before and
/// after, and the new lead's liaison finds the task on their list.
async fn the_secretary_edits_a_directive_and_moves_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Xây dựng đề án hỗ trợ HTX", "SCT", Some(10))
        .await;
    let path = format!(
        "/tasks/{}",
        helpers::id_number(task["id"].as_str().unwrap_or_default())
    );
    let browser = Browser::start(backend).await;
    browser
        .sign_in(&helpers::sign_in_link_for(&app, "secretary@test.example", &path).await)
        .await;
    retype(
        &browser,
        "edit-title",
        "Xây dựng đề án hỗ trợ HTX nông nghiệp",
    )
    .await;
    retype(&browser, "edit-description", "Theo Kết luận 45/TB-BCĐ").await;
    browser
        .client
        .execute(
            "document.getElementById('edit-deadline').value = arguments[0];",
            vec![json!(helpers::days_from_today(25))],
        )
        .await
        .expect("date");
    browser.submit("form[action$='/edit'] button").await;
    assert!(
        browser.text().await.contains("Please give the reason"),
        "a deadline moves for a reason, and the page says so"
    );
    browser
        .client
        .execute(
            "document.getElementById('edit-deadline').value = arguments[0];",
            vec![json!(helpers::days_from_today(25))],
        )
        .await
        .expect("date");
    retype(&browser, "edit-reason", "Chờ ý kiến của Sở Tài chính").await;
    browser.screenshot("task-edit").await;
    browser.submit("form[action$='/edit'] button").await;
    let text = browser.text().await;
    assert!(
        text.contains("Xây dựng đề án hỗ trợ HTX nông nghiệp"),
        "{text}"
    );
    assert!(
        text.contains("Chờ ý kiến của Sở Tài chính"),
        "the reason in the journal"
    );
    assert!(
        text.contains(&format!("{} → {}", shown_day(10), shown_day(25))),
        "the deadline before and after: {text}"
    );

    browser
        .client
        .find(Locator::Id("owners-lead"))
        .await
        .expect("lead")
        .select_by_label("Sở Khoa học và Công nghệ")
        .await
        .expect("lead chosen");
    browser
        .client
        .find(Locator::Css("input[name='co_owner'][data-code='SCT']"))
        .await
        .expect("SCT")
        .click()
        .await
        .expect("ticked");
    retype(&browser, "owners-reason", "Theo chức năng, nhiệm vụ").await;
    browser.submit("form[action$='/owners'] button").await;
    let text = browser.text().await;
    assert!(
        text.contains("Sở Công Thương → Sở Khoa học và Công nghệ"),
        "the journal names the former and the new lead: {text}"
    );
    assert!(text.contains("Chủ trì: Sở Khoa học và Công nghệ"), "{text}");
    browser.screenshot("task-moved").await;
    let _ = browser.client.clone().close().await;

    let liaison = Browser::start(backend).await;
    liaison
        .sign_in(&helpers::sign_in_link_for(&app, "liaison.skhcn@test.example", "/my").await)
        .await;
    assert!(
        liaison
            .text()
            .await
            .contains("Xây dựng đề án hỗ trợ HTX nông nghiệp"),
        "the new lead finds it"
    );
    let _ = liaison.client.clone().close().await;
}

/// The administrator moves an abolished district's open tasks to its successor, after a
/// preview; the successor's liaison finds them, with their history.
async fn the_administrator_transfers_a_districts_open_tasks(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let successor = app
        .ok(
            &world.admin,
            "mutation($input: CreateDepartmentInput!) { createDepartment(input: $input) { id } }",
            json!({ "input": { "code": "UBND-XVT", "name": "UBND xã Vũ Thư" } }),
        )
        .await;
    app.ok(
        &world.admin,
        "mutation($input: CreateUserInput!) { createUser(input: $input) { token } }",
        json!({ "input": { "name": "Đầu mối xã Vũ Thư", "email": "liaison.xvt@test.example", "role": "LIAISON", "departmentId": successor["createDepartment"]["id"] } }),
    )
    .await;
    let task = world
        .simple_task(&app, "Củng cố HTX kiểu mới", "UBND-VT", Some(10))
        .await;
    app.ok(
        &world.liaison("UBND-VT"),
        UPDATE,
        json!({ "input": { "taskId": task["id"], "progress": 60, "note": "Đã rà soát 12 HTX" } }),
    )
    .await;
    let vt = helpers::id_number(&world.department("UBND-VT"));
    let browser = Browser::start(backend).await;
    browser
        .sign_in(&helpers::sign_in_link_for(&app, "admin@test.example", "/admin/departments").await)
        .await;
    browser.screenshot("admin-departments").await;
    browser
        .client
        .goto(&app.url(&format!("/admin/departments/{vt}")))
        .await
        .expect("the department");
    browser
        .client
        .find(Locator::Id("successor"))
        .await
        .expect("successor")
        .select_by_label("UBND xã Vũ Thư")
        .await
        .expect("chosen");
    browser.submit("form[action$='/transfer'] button").await;
    let preview = browser.text().await;
    assert!(preview.contains("Củng cố HTX kiểu mới"), "{preview}");
    assert!(
        preview.contains("liaison.ubnd-vt@test.example"),
        "{preview}"
    );
    retype(&browser, "reform", "Sắp xếp đơn vị hành chính từ 01/7/2025").await;
    browser.screenshot("admin-transfer").await;
    browser.submit("form[action$='/transfer'] button").await;
    assert!(
        browser
            .text()
            .await
            .contains("1 nhiệm vụ đã chuyển sang UBND xã Vũ Thư"),
        "the outcome is said"
    );
    let _ = browser.client.clone().close().await;

    let liaison = Browser::start(backend).await;
    liaison
        .sign_in(&helpers::sign_in_link_for(&app, "liaison.xvt@test.example", "/my").await)
        .await;
    liaison
        .client
        .find(Locator::LinkText("Củng cố HTX kiểu mới"))
        .await
        .expect("the successor's liaison finds the task")
        .click()
        .await
        .expect("opened");
    let text = liaison.text().await;
    assert!(
        text.contains("Đã rà soát 12 HTX"),
        "its history came with it: {text}"
    );
    assert!(
        text.contains("Chuyển từ UBND huyện Vũ Thư sang UBND xã Vũ Thư"),
        "the journal names the reform: {text}"
    );
    assert!(text.contains("60%"), "{text}");
    let _ = liaison.client.clone().close().await;
}

/// A liaison sends the report's document (number, date and the PDF) from the task's page; the
/// chair finds it in the journal and downloads it.
async fn a_liaison_attaches_a_report_document_and_the_chair_downloads_it(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Báo cáo kết quả rà soát HTX", "SCT", Some(10))
        .await;
    let path = format!(
        "/tasks/{}",
        helpers::id_number(task["id"].as_str().unwrap_or_default())
    );
    let folder = tempfile::tempdir().expect("a folder");
    let pdf = folder.path().join("Báo cáo số 45-BC-SCT.pdf");
    let content =
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    std::fs::write(&pdf, content).expect("the file");

    let liaison = Browser::start(backend).await;
    liaison
        .sign_in(&helpers::sign_in_link_for(&app, "liaison.sct@test.example", &path).await)
        .await;
    retype(&liaison, "document-number", "45/BC-SCT").await;
    liaison
        .client
        .execute(
            "document.getElementById('document-date').value = arguments[0];",
            vec![json!(helpers::days_from_today(-1))],
        )
        .await
        .expect("date");
    liaison
        .client
        .find(Locator::Id("document-files"))
        .await
        .expect("the file field")
        .send_keys(&pdf.display().to_string())
        .await
        .expect("the file chosen");
    retype(&liaison, "document-note", "Gửi báo cáo kết quả rà soát").await;
    liaison.screenshot("task-document").await;
    liaison.submit("form[action$='/documents'] button").await;
    assert!(
        liaison.text().await.contains("Báo cáo số 45-BC-SCT.pdf"),
        "the liaison sees the document in the journal"
    );
    let _ = liaison.client.clone().close().await;

    let chair = Browser::start(backend).await;
    chair
        .sign_in(&helpers::sign_in_link_for(&app, "chair@test.example", &path).await)
        .await;
    let text = chair.text().await;
    assert!(text.contains("Văn bản 45/BC-SCT ngày"), "{text}");
    let link = chair
        .client
        .find(Locator::LinkText("Báo cáo số 45-BC-SCT.pdf"))
        .await
        .expect("the chair finds the document");
    link.click().await.expect("downloading");
    assert_eq!(
        chair.downloaded("Báo cáo số 45-BC-SCT.pdf").await,
        content.to_vec(),
        "the chair's browser saved the same bytes, under the document's name"
    );
    let _ = chair.client.clone().close().await;
}

/// The administrator invites a secretary for two committees from the people page (no mail
/// server here, so the page gives the link), and sets the second committee's short name; the
/// secretary signs in with the link and switches the dashboard from one committee to the other.
async fn the_administrator_invites_a_secretary_who_switches_between_committees(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    world
        .simple_task(&app, "Việc của Ban Kinh tế tập thể", "SCT", Some(-3))
        .await;
    let other = app
        .ok(
            &world.admin,
            "mutation($input: CreateCommitteeInput!) { createCommittee(input: $input) { id } }",
            json!({ "input": { "name": "Ban Chỉ đạo Chuyển đổi số" } }),
        )
        .await["createCommittee"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let meeting = app
        .ok(
            &world.admin,
            "mutation($input: CreateMeetingInput!) { createMeeting(input: $input) { id } }",
            json!({ "input": { "committeeId": other, "title": "Họp về chuyển đổi số", "heldOn": helpers::days_from_today(-20) } }),
        )
        .await["createMeeting"]["id"]
        .clone();
    app.ok(
        &world.admin,
        "mutation($input: AssignTaskInput!) { assignTask(input: $input) { id } }",
        json!({ "input": { "meetingId": meeting, "title": "Số hoá hồ sơ hợp tác xã", "leadId": world.department("SKHCN"), "deadline": helpers::days_from_today(-2) } }),
    )
    .await;

    let admin = Browser::start(backend).await;
    admin
        .sign_in(&helpers::sign_in_link_for(&app, "admin@test.example", "/admin/people").await)
        .await;
    retype(&admin, "name", "Lê Thị Hoa").await;
    retype(&admin, "email", "hoa@test.example").await;
    admin
        .client
        .find(Locator::Id("role"))
        .await
        .expect("role")
        .select_by_value("SECRETARY")
        .await
        .expect("chosen");
    for committee in admin
        .client
        .find_all(Locator::Css("input[name='committee']"))
        .await
        .expect("the committees")
    {
        committee.click().await.expect("ticked");
    }
    admin.screenshot("admin-people").await;
    admin.submit("form[action='/admin/people'] button").await;
    let link = admin
        .client
        .find(Locator::Css("code"))
        .await
        .expect("the link, as there is no mail server")
        .text()
        .await
        .expect("text");
    admin
        .client
        .goto(&app.url(&format!("/admin/committees/{}", helpers::id_number(&other))))
        .await
        .expect("the committee");
    retype(&admin, "short_name", "BCĐ CĐS").await;
    admin
        .submit(
            "form[action$='/committees/{}'] button"
                .replace("{}", &helpers::id_number(&other).to_string())
                .as_str(),
        )
        .await;
    let text = admin.text().await;
    assert!(
        text.contains("Tên viết tắt: — → BCĐ CĐS"),
        "the change is journaled: {text}"
    );
    assert!(
        text.contains("Thành viên: — → Lê Thị Hoa"),
        "the new secretary is a member, named in the journal: {text}"
    );
    admin.screenshot("admin-committee").await;
    let _ = admin.client.clone().close().await;

    let secretary = Browser::start(backend).await;
    secretary.sign_in(&link).await;
    secretary
        .client
        .goto(&app.url("/dashboard"))
        .await
        .expect("the dashboard");
    let all = secretary.text().await;
    assert!(
        all.contains("Việc của Ban Kinh tế tập thể") && all.contains("Số hoá hồ sơ hợp tác xã"),
        "both committees at first: {all}"
    );
    secretary
        .client
        .find(Locator::Id("committee-switch"))
        .await
        .expect("the committee switcher")
        .select_by_label("BCĐ CĐS")
        .await
        .expect("chosen");
    secretary.screenshot("dashboard-switcher").await;
    secretary.submit("form.switcher button").await;
    let one = secretary.text().await;
    assert!(one.contains("Số hoá hồ sơ hợp tác xã"), "{one}");
    assert!(
        !one.contains("Việc của Ban Kinh tế tập thể"),
        "only the chosen committee: {one}"
    );
    let _ = secretary.client.clone().close().await;
}

on_both_backends!(
    the_administrator_invites_a_secretary_who_switches_between_committees,
    a_liaison_attaches_a_report_document_and_the_chair_downloads_it,
    the_secretary_edits_a_directive_and_moves_it,
    the_administrator_transfers_a_districts_open_tasks,
    the_demo_dashboard_shows_every_standing,
    the_chair_picks_a_quarter_and_prints_the_scorecard,
    the_chair_pastes_the_conclusion_and_assigns_the_drafts,
    the_query_page_offers_the_examples_and_the_schema,
    the_secretary_records_a_meeting_and_fans_a_directive_out,
    a_liaison_answers_a_reminder_from_the_mail,
    the_chair_accepts_work_and_approves_an_extension,
    a_liaison_sees_no_button_for_what_they_may_not_do,
);
