//! The test harness: every test starts the real `dondoc` binary on port 0 against a fresh
//! database of its own (a SQLite file in a temporary folder, or a PostgreSQL database created for
//! it and dropped afterwards) and talks to it over HTTP.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use serde_json::{json, Value};

/// Tests judge deadlines relative to the day they run; making every day a working day keeps a
/// weekend or a holiday from moving those deadlines. Tests of the calendar set their own.
pub const EVERY_DAY_WORKS: [(&str, &str); 2] = [
    ("DONDOC_WORKING_DAYS", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    ("DONDOC_HOLIDAYS_FILE", "/dev/null"),
];

/// The instant every `dondoc` a test starts begins its clock at (`clock_starts_at`), so that
/// tests and servers agree on the day whatever the wall clock says: `DONDOC_TEST_NOW` (an
/// RFC 3339 instant, such as `2026-11-27T23:59:30+07:00`), or else noon, in Asia/Ho_Chi_Minh,
/// of the day the run began, so that no test straddles a midnight.
pub fn clock_start() -> DateTime<Utc> {
    static START: std::sync::OnceLock<DateTime<Utc>> = std::sync::OnceLock::new();
    let asked = std::env::var("DONDOC_TEST_NOW").unwrap_or_default();
    *START.get_or_init(
        || match Some(asked.trim()).filter(|text| !text.is_empty()) {
            Some(text) => DateTime::parse_from_rfc3339(text)
                .unwrap_or_else(|_| panic!("DONDOC_TEST_NOW={text:?} is not an RFC 3339 instant"))
                .with_timezone(&Utc),
            None => {
                let zone = chrono_tz::Asia::Ho_Chi_Minh;
                let noon = Utc::now()
                    .with_timezone(&zone)
                    .date_naive()
                    .and_hms_opt(12, 0, 0);
                zone.from_local_datetime(&noon.expect("noon exists"))
                    .single()
                    .expect("Ho Chi Minh City has no daylight saving")
                    .with_timezone(&Utc)
            }
        },
    )
}

/// 09:00 in Asia/Ho_Chi_Minh on [`today`], for `DONDOC_CLOCK_STARTS_AT`: for the few tests whose
/// point needs hours of the same day still to come (a send time that has not come yet).
pub fn this_morning() -> String {
    today_at(9, 0, 0).to_rfc3339()
}

/// An hour of [`today`] in Asia/Ho_Chi_Minh.
pub fn today_at(hour: u32, minute: u32, second: u32) -> DateTime<Utc> {
    let local = today()
        .and_hms_opt(hour, minute, second)
        .expect("a time of day");
    chrono_tz::Asia::Ho_Chi_Minh
        .from_local_datetime(&local)
        .single()
        .expect("Ho Chi Minh City has no daylight saving")
        .with_timezone(&Utc)
}

/// The `dondoc` binary, with its clock starting at [`clock_start`].
pub fn dondoc() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dondoc"));
    command.env("DONDOC_CLOCK_STARTS_AT", clock_start().to_rfc3339());
    command
}

/// Notices leave at once, and the server looks for mail to send every second.
pub const NOTICES_AT_ONCE: [(&str, &str); 2] = [
    ("DONDOC_NOTICE_DELAY_MINUTES", "0"),
    ("DONDOC_REMINDER_CHECK_SECONDS", "1"),
];

/// Where PostgreSQL is reached when DONDOC_TEST_POSTGRES_URL does not say.
const DEFAULT_POSTGRES: &str = "postgres://postgres@127.0.0.1:5432";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs one async test body on both backends, as `name::sqlite` and `name::postgres`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::helpers::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::helpers::Backend::Postgres).await
                }
            }
        )*
    };
}

fn postgres_server() -> String {
    std::env::var("DONDOC_TEST_POSTGRES_URL").unwrap_or_else(|_| DEFAULT_POSTGRES.to_string())
}

static DATABASE_COUNTER: AtomicU32 = AtomicU32::new(0);

/// A database made for one test, removed when the test ends, with a folder of its own (the
/// SQLite file, the attached documents).
pub struct TestDatabase {
    pub url: String,
    postgres_name: Option<String>,
    folder: Option<tempfile::TempDir>,
}

fn run_on_postgres(statement: String) -> Result<(), String> {
    on_postgres(move |admin| async move {
        use sea_orm::ConnectionTrait;
        admin
            .execute_unprepared(&statement)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    })
}

/// Runs `work` on an administrator's connection to the test server. Drop runs outside any
/// runtime, so the connection gets a small runtime of its own, on a thread of its own.
fn on_postgres<T, F, W>(work: W) -> Result<T, String>
where
    T: Send + 'static,
    F: std::future::Future<Output = Result<T, String>>,
    W: FnOnce(sea_orm::DatabaseConnection) -> F + Send + 'static,
{
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(async move {
            let admin = sea_orm::Database::connect(format!("{}/postgres", postgres_server()))
                .await
                .map_err(|e| e.to_string())?;
            let done = work(admin.clone()).await;
            admin.close().await.map_err(|e| e.to_string())?;
            done
        })
    })
    .join()
    .map_err(|_| "the PostgreSQL admin thread panicked".to_string())?
}

/// Drops the test databases that processes which are no longer running left behind (a run that
/// was killed cannot drop its own), once per test process.
fn sweep_leftover_databases() {
    static SWEEP: std::sync::Once = std::sync::Once::new();
    SWEEP.call_once(|| {
        let names = on_postgres(|admin| async move {
            use sea_orm::{ConnectionTrait, DbBackend, Statement};
            let rows = admin
                .query_all_raw(Statement::from_string(
                    DbBackend::Postgres,
                    "SELECT datname FROM pg_database WHERE datname LIKE 'dondoc\\_test\\_%'",
                ))
                .await
                .map_err(|e| e.to_string())?;
            Ok(rows
                .iter()
                .filter_map(|row| row.try_get_by_index::<String>(0).ok())
                .collect::<Vec<_>>())
        })
        .unwrap_or_default();
        for name in names {
            let owner_alive = name
                .split('_')
                .nth(2)
                .is_some_and(|pid| Path::new(&format!("/proc/{pid}")).exists());
            if !owner_alive {
                if let Err(error) =
                    run_on_postgres(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                {
                    eprintln!("could not drop the leftover test database {name}: {error}");
                }
            }
        }
    });
}

impl TestDatabase {
    /// A database someone else made and removes (a drill's private server).
    pub fn external(url: String) -> TestDatabase {
        TestDatabase {
            url,
            postgres_name: None,
            folder: None,
        }
    }

    pub fn create(backend: Backend) -> TestDatabase {
        match backend {
            Backend::Sqlite => {
                let folder = tempfile::tempdir().expect("a temporary folder for the SQLite file");
                let path: PathBuf = folder.path().join("dondoc.db");
                TestDatabase {
                    url: format!("sqlite://{}?mode=rwc", path.display()),
                    postgres_name: None,
                    folder: Some(folder),
                }
            }
            Backend::Postgres => {
                sweep_leftover_databases();
                let name = format!(
                    "dondoc_test_{}_{}_{}",
                    std::process::id(),
                    DATABASE_COUNTER.fetch_add(1, Ordering::Relaxed),
                    Utc::now().timestamp_subsec_nanos()
                );
                if let Err(error) = run_on_postgres(format!("CREATE DATABASE \"{name}\"")) {
                    panic!(
                        "PostgreSQL is needed for these tests and could not be used at {}: {error}\n\
                         Start PostgreSQL there, or point DONDOC_TEST_POSTGRES_URL at a server where \
                         this user may create databases, e.g. postgres://postgres@127.0.0.1:5432",
                        postgres_server()
                    );
                }
                TestDatabase {
                    url: format!("{}/{name}", postgres_server()),
                    postgres_name: Some(name),
                    folder: Some(tempfile::tempdir().expect("a temporary folder")),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(name) = &self.postgres_name {
            if let Err(error) =
                run_on_postgres(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
            {
                eprintln!("could not drop the test database {name}: {error}");
            }
        }
    }
}

/// Runs the `dondoc` command against a database and returns its standard output.
pub fn cli(database_url: &str, args: &[&str]) -> std::process::Output {
    dondoc()
        .args(args)
        .envs(EVERY_DAY_WORKS)
        .env("DONDOC_DATABASE_URL", database_url)
        .env("DONDOC_LOG", "error")
        .output()
        .expect("the dondoc binary runs")
}

/// A running `dondoc serve`.
pub struct TestApp {
    pub address: String,
    pub database: TestDatabase,
    pub admin_token: String,
    client: reqwest::Client,
    server: Child,
    extra_env: Vec<(String, String)>,
    /// What the server's clock read when it started ([`clock_start`] unless the test set
    /// `DONDOC_CLOCK_STARTS_AT`), and when that was.
    clock_base: DateTime<Utc>,
    clock_started: std::time::Instant,
    /// The server's log (its standard error), shown when a test fails.
    log: ServerLog,
}

/// A file the server writes its log to, in a folder of its own.
struct ServerLog {
    path: PathBuf,
    _folder: tempfile::TempDir,
}

impl ServerLog {
    fn new() -> ServerLog {
        let folder = tempfile::tempdir().expect("a folder for the server's log");
        ServerLog {
            path: folder.path().join("server.log"),
            _folder: folder,
        }
    }

    fn writer(&self) -> Stdio {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map(Stdio::from)
            .expect("the log file opens")
    }
}

impl TestApp {
    /// A fresh database with one administrator, and the server on it.
    pub async fn spawn(backend: Backend) -> TestApp {
        TestApp::spawn_with(backend, &[]).await
    }

    pub async fn spawn_with(backend: Backend, env: &[(&str, &str)]) -> TestApp {
        TestApp::spawn_on(TestDatabase::create(backend), env).await
    }

    /// The server with its mail going to `smtp_url`, and the daily reminders held back until
    /// 23:59 so that only what the test does sends mail; `env` adds settings.
    pub async fn spawn_with_mail(
        backend: Backend,
        smtp_url: &str,
        env: &[(&str, &str)],
    ) -> TestApp {
        TestApp::spawn_on(TestDatabase::create(backend), &mail_settings(smtp_url, env)).await
    }

    /// One administrator and the server, on a database made elsewhere.
    pub async fn spawn_on(database: TestDatabase, env: &[(&str, &str)]) -> TestApp {
        let output = cli(
            &database.url,
            &[
                "user",
                "add",
                "--name",
                "Quản trị",
                "--email",
                "admin@test.example",
                "--role",
                "ADMIN",
            ],
        );
        assert!(
            output.status.success(),
            "user add failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let admin_token = String::from_utf8_lossy(&output.stdout)
            .lines()
            .last()
            .expect("a token line")
            .trim()
            .to_string();
        // The clock's start is kept apart, so that a restarted server's clock goes on.
        let mut extra_env: Vec<(String, String)> = env
            .iter()
            .filter(|(name, _)| *name != "DONDOC_CLOCK_STARTS_AT")
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        // Attached documents go to the test's own folder, never into the source tree.
        if let Some(folder) = &database.folder {
            if !env.iter().any(|(name, _)| *name == "DONDOC_DOCUMENTS_DIR") {
                extra_env.push((
                    "DONDOC_DOCUMENTS_DIR".into(),
                    folder.path().join("documents").display().to_string(),
                ));
            }
        }
        let log = ServerLog::new();
        let clock_base = env
            .iter()
            .find(|(name, _)| *name == "DONDOC_CLOCK_STARTS_AT")
            .map(|(_, start)| {
                DateTime::parse_from_rfc3339(start)
                    .expect("an RFC 3339 instant")
                    .with_timezone(&Utc)
            })
            .unwrap_or_else(clock_start);
        let clock_started = std::time::Instant::now();
        let (server, address) = start_server(&database.url, &extra_env, clock_base, log.writer());
        TestApp {
            address,
            database,
            admin_token,
            client: reqwest::Client::new(),
            server,
            extra_env,
            clock_base,
            clock_started,
            log,
        }
    }

    /// Another `dondoc serve` process on the same database, with `env` as its settings, as a
    /// second server behind a load balancer would be.
    pub fn another_server(&self, env: &[(&str, &str)]) -> TestApp {
        let extra_env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .chain(
                self.extra_env
                    .iter()
                    .filter(|(name, _)| name == "DONDOC_DOCUMENTS_DIR")
                    .cloned(),
            )
            .collect();
        let log = ServerLog::new();
        let (server, address) =
            start_server(&self.database.url, &extra_env, self.now(), log.writer());
        TestApp {
            address,
            database: TestDatabase::external(self.database.url.clone()),
            admin_token: self.admin_token.clone(),
            client: reqwest::Client::new(),
            server,
            extra_env,
            clock_base: self.now(),
            clock_started: std::time::Instant::now(),
            log,
        }
    }

    /// Where the server keeps attached documents.
    pub fn documents_dir(&self) -> PathBuf {
        self.extra_env
            .iter()
            .find(|(name, _)| name == "DONDOC_DOCUMENTS_DIR")
            .map(|(_, dir)| PathBuf::from(dir))
            .expect("every test server has a documents folder")
    }

    /// What the server's clock reads now.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock_base
            + chrono::Duration::from_std(self.clock_started.elapsed()).expect("a short test")
    }

    /// What the server has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log.path).unwrap_or_default()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// Kills the server at once, as a power cut would, and starts it again on the same database
    /// with these settings instead.
    pub fn kill_and_restart_with(&mut self, env: &[(&str, &str)]) {
        self.extra_env = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        self.kill_and_restart();
    }

    /// Kills the server at once, as a power cut would, and starts it again on the same database.
    pub fn kill_and_restart(&mut self) {
        self.server.kill().expect("kill -9 the server");
        self.server.wait().expect("the killed server is reaped");
        // The restarted server's clock goes on from where the killed one's was.
        let (server, address) = start_server(
            &self.database.url,
            &self.extra_env,
            self.now(),
            self.log.writer(),
        );
        self.server = server;
        self.address = address;
    }

    /// Kills the server and starts it again with its clock reading `at`, as if the day had come.
    pub fn kill_and_restart_at(&mut self, at: DateTime<Utc>) {
        self.extra_env
            .retain(|(name, _)| name != "DONDOC_CLOCK_STARTS_AT");
        self.clock_base = at;
        self.clock_started = std::time::Instant::now();
        self.kill_and_restart();
    }

    /// Kills the server and starts it again with its clock `later` on, as if that much time had
    /// passed.
    pub fn kill_and_restart_later(&mut self, later: chrono::Duration) {
        self.clock_base += later;
        self.kill_and_restart();
    }

    /// Sends SIGTERM and waits for the server to stop by itself.
    pub fn terminate(&mut self) -> std::process::ExitStatus {
        let pid = self.server.id().to_string();
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .expect("kill -TERM");
        self.server.wait().expect("the server stops")
    }

    /// Posts a GraphQL request and returns the whole JSON answer.
    pub async fn gql(&self, token: &str, query: &str, variables: Value) -> Value {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if !token.is_empty() {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("the server answers");
        response.json().await.expect("a JSON answer")
    }

    /// Sends a query over GET, as GraphQL over HTTP allows, asking for the specification's media
    /// type; returns the status, the headers and the JSON answer.
    pub async fn gql_get(
        &self,
        token: &str,
        query: &str,
        variables: Value,
    ) -> (u16, reqwest::header::HeaderMap, Value) {
        let response = self
            .client
            .get(self.url("/graphql"))
            .query(&[("query", query), ("variables", &variables.to_string())])
            .header("accept", "application/graphql-response+json")
            .bearer_auth(token)
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.json().await.expect("a JSON answer");
        (status, headers, body)
    }

    /// Like [`TestApp::gql`], but the request must succeed; returns `data`.
    pub async fn ok(&self, token: &str, query: &str, variables: Value) -> Value {
        let answer = self.gql(token, query, variables).await;
        assert!(
            answer.get("errors").is_none(),
            "unexpected errors: {answer:#}"
        );
        answer["data"].clone()
    }

    /// The `extensions.code` of the first error; the request must have failed.
    pub async fn error_code(&self, token: &str, query: &str, variables: Value) -> String {
        let answer = self.gql(token, query, variables).await;
        answer["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("expected an error with a code, got {answer:#}"))
            .to_string()
    }

    pub async fn post_raw(&self, body: Vec<u8>, token: &str) -> reqwest::Response {
        self.client
            .post(self.url("/graphql"))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("the server answers")
    }

    /// SQL statements the server has executed so far.
    pub async fn statements(&self) -> u64 {
        let text = self
            .client
            .get(self.url("/metrics"))
            .send()
            .await
            .expect("metrics answer")
            .text()
            .await
            .expect("metrics text");
        text.lines()
            .find_map(|line| line.strip_prefix("dondoc_sql_statements_total "))
            .and_then(|n| n.trim().parse().ok())
            .expect("the statement counter")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let _ = self.server.kill();
        let _ = self.server.wait();
        if std::thread::panicking() {
            eprintln!("---- the server's log ----\n{}", self.log());
        }
    }
}

fn start_server(
    database_url: &str,
    env: &[(String, String)],
    clock_at: DateTime<Utc>,
    log: Stdio,
) -> (Child, String) {
    let mut server = dondoc()
        .arg("serve")
        .env("DONDOC_CLOCK_STARTS_AT", clock_at.to_rfc3339())
        .env("DONDOC_DATABASE_URL", database_url)
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        .env("DONDOC_LOG", "error")
        .envs(EVERY_DAY_WORKS)
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("the dondoc binary starts");
    let stdout = server.stdout.take().expect("the server's stdout");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("listening on http://").nth(1) {
                let address = rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
                let _ = sender.send(address);
            }
        }
    });
    let address = receiver
        .recv_timeout(Duration::from_secs(60))
        .expect("the server says where it listens");
    (server, address)
}

/// Today in Asia/Ho_Chi_Minh for the servers a test starts (the day of [`clock_start`]), and days
/// around it.
pub fn today() -> NaiveDate {
    clock_start()
        .with_timezone(&chrono_tz::Asia::Ho_Chi_Minh)
        .date_naive()
}

pub fn days_from_today(days: i64) -> String {
    let today = today();
    let day = if days >= 0 {
        today.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        today.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    day.expect("a representable day").to_string()
}

/// Runs `dondoc remind` against the app's database, sending through `smtp_url`, with links to the
/// app's own address, at the time the app's clock reads.
pub async fn remind_now_through(app: &TestApp, smtp_url: String) {
    remind_through_at(app, smtp_url, app.now()).await;
}

/// Runs `dondoc remind` as [`remind_now_through`] does, with its clock at `clock_at`.
pub async fn remind_through_at(app: &TestApp, smtp_url: String, clock_at: DateTime<Utc>) {
    let (url, public) = (app.database.url.clone(), app.url(""));
    // The server's own settings (its calendar above all), so that both judge the same days.
    let settings = app.extra_env.clone();
    let output = tokio::task::spawn_blocking(move || {
        dondoc()
            .arg("remind")
            .envs(EVERY_DAY_WORKS)
            .envs(settings)
            .env("DONDOC_CLOCK_STARTS_AT", clock_at.to_rfc3339())
            .env("DONDOC_DATABASE_URL", url)
            .env("DONDOC_SMTP_URL", smtp_url)
            .env("DONDOC_PUBLIC_URL", public)
            .env("DONDOC_LOG", "error")
            .output()
            .expect("remind runs")
    })
    .await
    .expect("finished");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A single-use sign-in link for the person with `email`, made through the library the way
/// `serve --demo` makes its links.
pub async fn sign_in_link_for(app: &TestApp, email: &str, next: &str) -> String {
    sign_in_link_lasting(app, email, next, chrono::Duration::minutes(30)).await
}

/// Like [`sign_in_link_for`], for a link that works for `lifetime` (negative: already expired).
pub async fn sign_in_link_lasting(
    app: &TestApp,
    email: &str,
    next: &str,
    lifetime: chrono::Duration,
) -> String {
    use dondoc::domain::validate::Email;
    let store = dondoc::store::Store::connect(&dondoc::store::StoreOptions {
        database_url: app.database.url.clone(),
        max_connections: 1,
        sqlite_busy_timeout: Duration::from_secs(30),
        due_soon: dondoc::domain::timeliness::DueSoonWindow(3),
        calendar: dondoc::domain::calendar::WorkCalendar::weekdays_only(),
        notice_delay: chrono::Duration::minutes(10),
    })
    .await
    .expect("store");
    let user = store
        .active_user_by_email(&Email::parse(email).expect("email"))
        .await
        .expect("lookup")
        .expect("a user");
    let token = store
        .create_login_link(user.id, next, app.now(), lifetime)
        .await
        .expect("link");
    app.url(&format!("/login/{token}"))
}

/// The first sign-in link in a mail's text.
pub fn sign_in_link_in(text: &str) -> String {
    text.split_whitespace()
        .find(|word| word.contains("/login/dd_"))
        .unwrap_or_else(|| panic!("no sign-in link in:\n{text}"))
        .to_string()
}

/// A client that keeps cookies, as a browser does.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .expect("a client")
}

/// The value of a hidden form field on a page.
pub fn form_field(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    html.split(&marker)
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no {name} field on the page:\n{html}"))
        .to_string()
}

/// Opens a sign-in link as a person does: the link shows one button, and pressing it signs in.
/// A link that no longer works answers the GET itself (410), which is returned as it is.
pub async fn open_sign_in_link(client: &reqwest::Client, link: &str) -> reqwest::Response {
    let page = client.get(link).send().await.expect("the link opens");
    if page.status() != 200 {
        return page;
    }
    let html = page.text().await.expect("the button page");
    client
        .post(link)
        .form(&[("csrf", form_field(&html, "csrf"))])
        .send()
        .await
        .expect("the button signs in")
}

/// Asks for a sign-in link on the sign-in page, as a person does: the form carries the token
/// the page set in this browser.
pub async fn ask_for_sign_in_link(
    client: &reqwest::Client,
    app: &TestApp,
    email: &str,
    next: &str,
) -> reqwest::Response {
    let csrf = sign_in_form_token(client, app).await;
    client
        .post(app.url("/sign-in"))
        .form(&[("email", email), ("next", next), ("csrf", &csrf)])
        .send()
        .await
        .expect("an answer")
}

/// The token the sign-in page gives this browser for its form.
pub async fn sign_in_form_token(client: &reqwest::Client, app: &TestApp) -> String {
    let form = client
        .get(app.url("/sign-in"))
        .send()
        .await
        .expect("the sign-in page")
        .text()
        .await
        .expect("html");
    form_field(&form, "csrf")
}

/// The number in a page's address: pages take the number inside the API's global ID.
pub fn id_number(id: &str) -> i64 {
    let decoded = base64_decode(id);
    decoded
        .rsplit(':')
        .next()
        .and_then(|n| n.parse().ok())
        .expect("a task number")
}

fn base64_decode(id: &str) -> String {
    use base64::Engine;
    String::from_utf8(
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(id)
            .expect("base64"),
    )
    .expect("utf-8")
}

/// Mail to `smtp_url`, daily reminders held back until 23:59 (a test that needs them held back
/// whatever the injected clock says also sets the clock to [`this_morning`]), and `env` besides.
pub fn mail_settings<'a>(smtp_url: &'a str, env: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut settings = vec![
        ("DONDOC_SMTP_URL", smtp_url),
        ("DONDOC_REMINDER_SEND_AT", "23:59"),
    ];
    settings.extend_from_slice(env);
    settings
}
