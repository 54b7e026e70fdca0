//! Fault drills, on loopback only and bounded in time: the server killed with -9 during writes
//! and during a dispatch, PostgreSQL restarted under load (a private instance the drill starts
//! itself, never the shared one), the SQLite file made read-only, and a backup taken while the
//! service writes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::helpers::{mail_settings, Backend, TestApp, TestDatabase};
use crate::on_both_backends;
use crate::smtp::SmtpSink;
use crate::world::{World, UPDATE};

/// Writes one progress report after another on a task until the server stops answering;
/// returns the last progress the server acknowledged, and keeps it in `acknowledged` as it goes.
async fn report_until_stopped(
    url: String,
    token: String,
    task: String,
    count: i64,
    acknowledged_so_far: Arc<AtomicI64>,
) -> i64 {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client");
    let mut acknowledged = 0;
    for progress in 1..=count {
        let answer = client
            .post(&url)
            .bearer_auth(&token)
            .json(&json!({ "query": UPDATE, "variables": { "input": { "taskId": task, "progress": progress, "note": format!("lần {progress}") } } }))
            .send()
            .await;
        let Ok(answer) = answer else { break };
        let Ok(body) = answer.json::<Value>().await else {
            break;
        };
        if body.get("errors").is_some() {
            break;
        }
        acknowledged = progress;
        acknowledged_so_far.store(progress, Ordering::SeqCst);
    }
    acknowledged
}

/// Waits until every writer has had `at_least` writes acknowledged.
async fn until_acknowledged(writers: &[Arc<AtomicI64>], at_least: i64) {
    let started = Instant::now();
    while writers.iter().any(|w| w.load(Ordering::SeqCst) < at_least) {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the writers write"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn journal_length(app: &TestApp, world: &World, task: &str) -> i64 {
    app.ok(
        &world.viewer,
        "query($id: ID!) { node(id: $id) { ... on Task { updates { totalCount } } } }",
        json!({ "id": task }),
    )
    .await["node"]["updates"]["totalCount"]
        .as_i64()
        .unwrap_or_default()
}

/// kill -9 in the middle of four writers: every acknowledged write is there after the restart,
/// and no change is half-written (each version has its journal row).
async fn a_kill_9_during_a_burst_of_writes_loses_no_acknowledged_write(backend: Backend) {
    let mut app = TestApp::spawn(backend).await;
    let world = World::build(&app).await;
    let mut writers = Vec::new();
    let mut progress = Vec::new();
    for lead in ["SCT", "LMHTX", "SKHCN", "SNNPTNT"] {
        let task = world
            .simple_task(&app, &format!("Ghi liên tục {lead}"), lead, Some(30))
            .await;
        let id = task["id"].as_str().unwrap_or_default().to_string();
        let acknowledged = Arc::new(AtomicI64::new(0));
        progress.push(Arc::clone(&acknowledged));
        writers.push((
            id.clone(),
            tokio::spawn(report_until_stopped(
                app.url("/graphql"),
                world.liaison(lead),
                id,
                1000,
                acknowledged,
            )),
        ));
    }
    until_acknowledged(&progress, 10).await;
    app.kill_and_restart();
    for (task, writer) in writers {
        let acknowledged = writer.await.expect("the writer ends");
        assert!(acknowledged > 0, "some writes were acknowledged");
        let stored = world.task(&app, &task).await;
        let progress = stored["progress"].as_i64().unwrap_or_default();
        assert!(
            progress == acknowledged || progress == acknowledged + 1,
            "acknowledged {acknowledged}, stored {progress}"
        );
        assert_eq!(
            journal_length(&app, &world, &task).await,
            stored["version"].as_i64().unwrap_or_default(),
            "every version has its journal row"
        );
    }
}

/// The mail server took the data and hung; the server is killed while it waits. After the
/// restart (the lease over) the digest goes out, with the Message-ID it had the first time, so
/// a receiving server can drop a duplicate: delivery is at least once, never lost.
async fn a_kill_9_while_a_digest_is_being_sent_loses_no_digest(backend: Backend) {
    let hanging = SmtpSink::start().await;
    hanging.hang_next();
    let quick = [
        ("DONDOC_REMINDER_CHECK_SECONDS", "1"),
        ("DONDOC_SMTP_TIMEOUT_SECONDS", "5"),
        ("DONDOC_REMINDER_LEASE_SECONDS", "6"),
    ];
    let mut app = TestApp::spawn_with_mail(backend, &hanging.url(), &quick).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Báo cáo quá hạn", "SCT", Some(-2))
        .await;
    world.chase(&app, &task["id"]).await;
    let started = Instant::now();
    while hanging.hung().is_empty() {
        assert!(started.elapsed() < Duration::from_secs(10), "a send began");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let first_try = hanging.hung()[0].message_id();
    assert!(!first_try.is_empty());

    let good = SmtpSink::start().await;
    let good_url = good.url();
    app.kill_and_restart_with(&mail_settings(&good_url, &quick));
    let delivered = good
        .wait_until("the digest after the restart", |m| {
            m.message_id() == first_try
        })
        .await;
    assert!(delivered.text().contains("Báo cáo quá hạn"));
    // The reminders (not the notice of the new task, which waits ten minutes) all go out.
    let started = Instant::now();
    loop {
        let listed = app
            .ok(
                &world.chair,
                "{ reminders { edges { node { kind state recipient } } } }",
                json!({}),
            )
            .await;
        let states: Vec<String> = listed["reminders"]["edges"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .filter(|edge| edge["node"]["kind"] != "ASSIGNED")
            .map(|edge| {
                edge["node"]["state"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        if states.iter().all(|s| s == "SENT") {
            assert_eq!(states.len(), 2, "the liaison and the department's address");
            break;
        }
        assert!(
            !states.iter().any(|s| s == "FAILED") && started.elapsed() < Duration::from_secs(15),
            "every reminder is sent: {listed}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A PostgreSQL server of the drill's own, in a temporary folder on a free port.
struct PrivatePostgres {
    folder: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
}

impl PrivatePostgres {
    fn start() -> PrivatePostgres {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's programs in /usr/lib/postgresql")
            .filter_map(Result::ok)
            .map(|entry| entry.path().join("bin"))
            .filter(|bin| bin.join("initdb").exists())
            .max()
            .expect("initdb and pg_ctl");
        let folder = tempfile::tempdir().expect("a folder");
        if running_as_root() {
            let status = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(folder.path())
                .status()
                .expect("chown");
            assert!(status.success(), "the folder is given to postgres");
        }
        let mut server = PrivatePostgres {
            folder,
            bin,
            port: free_port(),
        };
        server.run(
            "initdb",
            &[
                "--auth=trust",
                "--username=postgres",
                "--no-sync",
                "-D",
                &server.data(),
            ],
        );
        // The port was free when chosen, but another test may take it before PostgreSQL
        // binds it: then try another.
        for attempt in 1..=3 {
            match server.try_pg_ctl(&["start"]) {
                Ok(()) => return server,
                Err(why) if attempt < 3 => {
                    eprintln!(
                        "the private PostgreSQL did not start on port {}: {why}",
                        server.port
                    );
                    server.port = free_port();
                }
                Err(why) => panic!("the private PostgreSQL did not start: {why}"),
            }
        }
        server
    }

    fn data(&self) -> String {
        self.folder.path().join("data").display().to_string()
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Runs one of PostgreSQL's programs as the postgres user (they refuse to run as root).
    fn command(&self, program: &str, args: &[&str]) -> std::io::Result<std::process::Output> {
        let path = self.bin.join(program);
        if running_as_root() {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&path)
                .args(args)
                .output()
        } else {
            Command::new(&path).args(args).output()
        }
    }

    fn run(&self, program: &str, args: &[&str]) {
        let output = self
            .command(program, args)
            .expect("the PostgreSQL program runs");
        assert!(
            output.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// `pg_ctl start` or `pg_ctl restart`, waiting until the server takes connections.
    fn pg_ctl(&self, action: &[&str]) {
        if let Err(why) = self.try_pg_ctl(action) {
            panic!("pg_ctl {action:?}: {why}");
        }
    }

    /// As [`Self::pg_ctl`]; when it fails, what it and the server's log said.
    fn try_pg_ctl(&self, action: &[&str]) -> Result<(), String> {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -c unix_socket_directories={} -c fsync=off",
            self.port,
            self.folder.path().display()
        );
        let log = self.folder.path().join("server.log").display().to_string();
        let data = self.data();
        let mut args = vec![
            "-D",
            data.as_str(),
            "-l",
            log.as_str(),
            "-o",
            options.as_str(),
            "-w",
        ];
        args.extend_from_slice(action);
        let output = self
            .command("pg_ctl", &args)
            .expect("the PostgreSQL program runs");
        if output.status.success() {
            return Ok(());
        }
        let server_log = std::fs::read_to_string(&log).unwrap_or_default();
        let tail: Vec<&str> = server_log.lines().rev().take(10).collect();
        Err(format!(
            "{}; the server's log ends with: {}",
            String::from_utf8_lossy(&output.stderr).trim(),
            tail.into_iter().rev().collect::<Vec<_>>().join(" | ")
        ))
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let data = self.data();
        let _ = self.command("pg_ctl", &["-D", &data, "-m", "immediate", "stop"]);
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// PostgreSQL restarted under load: the API answers again within ten seconds without
/// restarting dondoc, no acknowledged write is lost, and the reminder loop goes on.
async fn postgresql_restarted_under_load() {
    let postgres = PrivatePostgres::start();
    let sink = SmtpSink::start().await;
    let sink_url = sink.url();
    // The morning, so that the daily reminders are held back and the chair's reminder after the
    // restart is the first of the day.
    let morning = crate::helpers::this_morning();
    let app = TestApp::spawn_on(
        TestDatabase::external(postgres.url()),
        &mail_settings(
            &sink_url,
            &[
                ("DONDOC_REMINDER_CHECK_SECONDS", "1"),
                ("DONDOC_CLOCK_STARTS_AT", &morning),
            ],
        ),
    )
    .await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Ghi trong lúc khởi động lại", "SCT", Some(-3))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let acknowledged = Arc::new(AtomicI64::new(0));
    let writer = tokio::spawn(report_until_stopped(
        app.url("/graphql"),
        world.liaison("SCT"),
        id.clone(),
        100_000,
        Arc::clone(&acknowledged),
    ));
    until_acknowledged(&[acknowledged], 10).await;
    postgres.pg_ctl(&["-m", "fast", "restart"]);
    let restarted = Instant::now();
    loop {
        let answer = app.gql(&world.viewer, "{ me { name } }", json!({})).await;
        if answer.get("errors").is_none() {
            break;
        }
        assert!(
            restarted.elapsed() < Duration::from_secs(10),
            "the API answers again within 10 s: {answer}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let acknowledged = writer.await.expect("the writer ends");
    let stored = world.task(&app, &id).await;
    let progress = stored["progress"].as_i64().unwrap_or_default();
    assert!(
        progress == acknowledged || progress == acknowledged + 1,
        "acknowledged {acknowledged}, stored {progress}"
    );
    world.chase(&app, &json!(id)).await;
    sink.wait_for("liaison.sct@test.example").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_restarted_under_load_on_a_private_server() {
    postgresql_restarted_under_load().await;
}

/// `dondoc backup` while four writers write; after `dondoc restore` every write acknowledged
/// before the backup began is there.
async fn a_backup_under_write_load_keeps_every_acknowledged_write() {
    let mut app = TestApp::spawn(Backend::Sqlite).await;
    let world = World::build(&app).await;
    let acknowledged: Arc<Mutex<HashMap<String, i64>>> = Arc::default();
    let mut writers = Vec::new();
    for lead in ["SCT", "LMHTX", "SKHCN", "SNNPTNT"] {
        let task = world
            .simple_task(&app, &format!("Sao lưu {lead}"), lead, Some(30))
            .await;
        let id = task["id"].as_str().unwrap_or_default().to_string();
        let (url, token, seen) = (
            app.url("/graphql"),
            world.liaison(lead),
            Arc::clone(&acknowledged),
        );
        writers.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            for progress in 1..=60 {
                let answer: Value = client
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&json!({ "query": UPDATE, "variables": { "input": { "taskId": id, "progress": progress } } }))
                    .send()
                    .await
                    .expect("answer")
                    .json()
                    .await
                    .expect("json");
                assert!(answer.get("errors").is_none(), "{answer}");
                seen.lock().expect("acks").insert(id.clone(), progress);
            }
        }));
    }
    while acknowledged.lock().expect("acks").values().sum::<i64>() < 40 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let before_backup = acknowledged.lock().expect("acks").clone();
    let folder = tempfile::tempdir().expect("a folder");
    let backup = folder.path().join("dondoc-backup.db");
    let output = cli_blocking(&app.database.url, &["backup", &path_text(&backup)]).await;
    assert!(output.status.success(), "{output:?}");
    for writer in writers {
        writer.await.expect("the writer finishes");
    }
    app.kill_and_restart_with(&[]);
    let restored = cli_blocking(&app.database.url, &["restore", &path_text(&backup)]).await;
    assert!(restored.status.success(), "{restored:?}");
    assert!(String::from_utf8_lossy(&restored.stdout).contains("kept as"));
    app.kill_and_restart();
    for (task, progress) in before_backup {
        let stored = world.task(&app, &task).await;
        assert!(
            stored["progress"].as_i64().unwrap_or_default() >= progress,
            "{task}: acknowledged {progress} before the backup, restored {stored}"
        );
    }
    let again = cli_blocking(&app.database.url, &["backup", &path_text(&backup)]).await;
    assert!(!again.status.success(), "a backup never overwrites a file");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_under_write_load_keeps_every_acknowledged_write_on_sqlite() {
    a_backup_under_write_load_keeps_every_acknowledged_write().await;
}

/// On PostgreSQL, `dondoc backup` makes nothing and says how to use pg_dump.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_on_postgresql_points_to_pg_dump() {
    let database = TestDatabase::create(Backend::Postgres);
    let output = cli_blocking(&database.url, &["backup", "/tmp/never-written.dump"]).await;
    assert!(!output.status.success());
    let advice = String::from_utf8_lossy(&output.stdout);
    assert!(advice.contains("pg_dump --format=custom"), "{advice}");
    assert!(!Path::new("/tmp/never-written.dump").exists());
}

fn path_text(path: &Path) -> String {
    path.display().to_string()
}

async fn cli_blocking(url: &str, args: &[&str]) -> std::process::Output {
    let (url, args): (String, Vec<String>) = (
        url.to_string(),
        args.iter().map(|a| a.to_string()).collect(),
    );
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        crate::helpers::cli(&url, &args)
    })
    .await
    .expect("the command ran")
}

on_both_backends!(
    a_kill_9_during_a_burst_of_writes_loses_no_acknowledged_write,
    a_kill_9_while_a_digest_is_being_sent_loses_no_digest,
);

/// Makes a file unwritable even for root (`chattr +i`), or by its mode for anyone else.
fn set_writable(path: &Path, writable: bool) {
    if !path.exists() {
        return;
    }
    let status = if running_as_root() {
        Command::new("chattr")
            .arg(if writable { "-i" } else { "+i" })
            .arg(path)
            .status()
    } else {
        Command::new("chmod")
            .arg(if writable { "u+w" } else { "a-w" })
            .arg(path)
            .status()
    };
    assert!(status.expect("chattr or chmod runs").success(), "{path:?}");
}

/// The SQLite file (and its write-ahead log) made read-only under the running server: writes
/// are refused with an error that carries a reference, reads go on, nothing is corrupted, and
/// once the file is writable again the service works without a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_only_sqlite_file_refuses_writes_clearly_and_recovers() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let world = World::build(&app).await;
    let task = world
        .simple_task(&app, "Khi ổ đĩa chỉ đọc", "SCT", Some(5))
        .await;
    let id = task["id"].as_str().unwrap_or_default().to_string();
    let liaison = world.liaison("SCT");
    app.ok(
        &liaison,
        UPDATE,
        json!({ "input": { "taskId": id, "progress": 30 } }),
    )
    .await;
    let database = dondoc::store::backup::sqlite_file(&app.database.url).expect("a file");
    let files: Vec<PathBuf> = ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| PathBuf::from(format!("{}{suffix}", database.display())))
        .collect();
    for file in &files {
        set_writable(file, false);
    }
    let refused = app
        .gql(
            &liaison,
            UPDATE,
            json!({ "input": { "taskId": id, "progress": 60 } }),
        )
        .await;
    for file in &files {
        set_writable(file, true);
    }
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "INTERNAL",
        "{refused:#}"
    );
    assert!(refused["errors"][0]["extensions"]["incident"].is_string());
    assert_eq!(
        world.task(&app, &id).await["progress"],
        30,
        "nothing half-written"
    );
    app.ok(
        &liaison,
        UPDATE,
        json!({ "input": { "taskId": id, "progress": 70 } }),
    )
    .await;
    assert_eq!(
        world.task(&app, &id).await["progress"],
        70,
        "writes work again"
    );
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
    let db = Database::connect(app.database.url.clone())
        .await
        .expect("a second connection");
    let integrity = db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .expect("the check runs")
        .and_then(|row| row.try_get_by_index::<String>(0).ok());
    assert_eq!(integrity.as_deref(), Some("ok"), "nothing is corrupted");
    db.close().await.expect("closed");
}
