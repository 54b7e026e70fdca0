//! Benchmark, not a test: dondoc at a province's scale, measured against the running server.
//!
//! For each backend it makes (once) a database of `--tasks` generated tasks with
//! `dondoc generate`, starts `dondoc serve` on it, and loads it over HTTP with its own client:
//! a liaison's page at 16 connections, the chair's report and a search at 4, the report as of a
//! past day (from the tasks' history) at 1 and 4, and a quarter's scorecard at 1. On PostgreSQL the
//! same liaison page, written as one SQL statement, runs through pgbench in the same run: the
//! database's own ceiling. It prints requests/s, p50 and p99, the server's resident memory
//! (the most seen during the run and after it), and the ratio to the ceiling.
//!
//! Run: `cargo bench --bench scale -- --tasks 100000` (see the README, "Performance").
//! Options: `--tasks N` (default 100000), `--seconds S` per measurement (default 20),
//! `--backends postgres,sqlite`. PostgreSQL is reached through `DONDOC_BENCH_POSTGRES`
//! (default `postgres://postgres@127.0.0.1:5432`); the database `dondoc_bench_<N>` is created
//! there when missing. The SQLite file is kept in `target/dondoc-bench-<N>.db`.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{json, Value};

const BINARY: &str = env!("CARGO_BIN_EXE_dondoc");

struct Options {
    tasks: u32,
    seconds: u64,
    backends: Vec<String>,
}

fn options() -> Options {
    let mut options = Options {
        tasks: 100_000,
        seconds: 20,
        backends: vec!["postgres".into(), "sqlite".into()],
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_default();
        match arg.as_str() {
            "--tasks" => options.tasks = value().parse().expect("--tasks N"),
            "--seconds" => options.seconds = value().parse().expect("--seconds S"),
            "--backends" => options.backends = value().split(',').map(str::to_string).collect(),
            // cargo bench passes --bench to every bench binary.
            _ => {}
        }
    }
    options
}

fn resident_mib(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|value| value.split_whitespace().next())
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .unwrap_or(0.0)
        / 1024.0
}

/// Runs `dondoc` with `args` on `url` and returns what it printed; panics with its error output.
fn dondoc(url: &str, args: &[&str]) -> String {
    let output = Command::new(BINARY)
        .args(args)
        .env("DONDOC_DATABASE_URL", url)
        .env("DONDOC_LOG", "warn")
        .stderr(Stdio::inherit())
        .output()
        .expect("dondoc runs");
    assert!(output.status.success(), "dondoc {args:?} failed");
    String::from_utf8_lossy(&output.stdout).to_string()
}

/// The database for `backend`, generated on first use.
async fn database(backend: &str, tasks: u32) -> String {
    let url = match backend {
        "postgres" => {
            let server = std::env::var("DONDOC_BENCH_POSTGRES")
                .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".into());
            let name = format!("dondoc_bench_{tasks}");
            let admin = Database::connect(format!("{server}/postgres"))
                .await
                .expect("PostgreSQL");
            let exists = admin
                .query_one_raw(Statement::from_string(
                    admin.get_database_backend(),
                    format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
                ))
                .await
                .expect("pg_database")
                .is_some();
            if !exists {
                admin
                    .execute_unprepared(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("CREATE DATABASE");
            }
            format!("{server}/{name}")
        }
        _ => {
            let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
            format!("sqlite://{target}/dondoc-bench-{tasks}.db?mode=rwc")
        }
    };
    dondoc(&url, &["migrate"]);
    if count(&url, "SELECT COUNT(*) FROM tasks").await == 0 {
        println!("{backend}: generating {tasks} tasks (once; the database is kept)");
        let started = Instant::now();
        // Generation does not need each commit on disk before the next; the bench data can be
        // made again if the machine fails.
        let generating = if backend == "postgres" {
            format!("{url}?options=-c%20synchronous_commit%3Doff")
        } else {
            url.clone()
        };
        let departments = (tasks / 100).max(10).to_string();
        dondoc(
            &generating,
            &[
                "generate",
                "--tasks",
                &tasks.to_string(),
                "--departments",
                &departments,
            ],
        );
        println!(
            "{backend}: generated in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    url
}

async fn count(url: &str, sql: &str) -> i64 {
    let db = Database::connect(url).await.expect("the bench database");
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .expect(sql)
        .and_then(|row| row.try_get_by_index::<i64>(0).ok())
        .unwrap_or(0)
}

/// The lead department with most tasks: its id and code.
async fn busiest_department(url: &str) -> (i64, String) {
    let db = Database::connect(url).await.expect("the bench database");
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT d.id, d.code FROM departments d JOIN tasks t ON t.lead_id = d.id \
             GROUP BY d.id, d.code ORDER BY COUNT(*) DESC, d.id LIMIT 1",
        ))
        .await
        .expect("departments")
        .expect("a department");
    (
        row.try_get_by_index::<i32>(0).map(i64::from).expect("id"),
        row.try_get_by_index::<String>(1).expect("code"),
    )
}

/// A new person's API token (`user add` prints it alone on its last line).
fn token(url: &str, role: &str, department: Option<&str>) -> String {
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let email = format!("bench.{}.{stamp}@bench.example", role.to_lowercase());
    let mut args = vec![
        "user",
        "add",
        "--name",
        "Người đo",
        "--email",
        &email,
        "--role",
        role,
    ];
    if let Some(code) = department {
        args.extend(["--department", code]);
    }
    let printed = dondoc(url, &args);
    printed.lines().last().expect("a token").trim().to_string()
}

struct Server {
    child: Child,
    address: String,
}

impl Server {
    fn start(url: &str) -> Server {
        let mut child = Command::new(BINARY)
            .arg("serve")
            .env("DONDOC_DATABASE_URL", url)
            .env("DONDOC_LISTEN", "127.0.0.1:0")
            .env("DONDOC_LOG", "warn")
            .env("DONDOC_MAX_CONNECTIONS", "16")
            .stdout(Stdio::piped())
            .spawn()
            .expect("serve");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let address = loop {
            let line = lines
                .next()
                .expect("the server's first lines")
                .expect("text");
            if let Some(rest) = line.split("listening on http://").nth(1) {
                break rest
                    .split_whitespace()
                    .next()
                    .unwrap_or_default()
                    .to_string();
            }
        };
        Server { child, address }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one measurement found.
struct Measured {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    peak_mib: f64,
}

/// Sends `query` from `connections` clients for `seconds` (after a one-second warm-up) and
/// samples the server's memory meanwhile.
async fn load(
    server: &Server,
    token: &str,
    query: &str,
    connections: usize,
    seconds: u64,
) -> Measured {
    let endpoint = format!("http://{}/graphql", server.address);
    let body = json!({ "query": query });
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(connections)
        .build()
        .expect("a client");
    let answer: Value = client
        .post(&endpoint)
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("an answer")
        .json()
        .await
        .expect("json");
    assert!(answer.get("errors").is_none(), "{answer}");
    let measuring = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let peak_kib = Arc::new(AtomicU64::new(0));
    let pid = server.child.id();
    let sampler = {
        let (stop, peak_kib) = (stop.clone(), peak_kib.clone());
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                let kib = (resident_mib(pid) * 1024.0) as u64;
                peak_kib.fetch_max(kib, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        })
    };
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let (client, endpoint, body, token) = (
                client.clone(),
                endpoint.clone(),
                body.clone(),
                token.to_string(),
            );
            let (measuring, stop) = (measuring.clone(), stop.clone());
            tokio::spawn(async move {
                let mut latencies = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let sent = Instant::now();
                    let response = client
                        .post(&endpoint)
                        .bearer_auth(&token)
                        .json(&body)
                        .send()
                        .await
                        .expect("an answer");
                    assert!(response.status().is_success(), "{}", response.status());
                    let _ = response.bytes().await.expect("a body");
                    if measuring.load(Ordering::Relaxed) {
                        latencies.push(sent.elapsed());
                    }
                }
                latencies
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    measuring.store(true, Ordering::Relaxed);
    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    measuring.store(false, Ordering::Relaxed);
    let elapsed = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.expect("a worker"));
    }
    let _ = sampler.await;
    latencies.sort();
    let at = |q: f64| {
        let index = ((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1));
        latencies
            .get(index)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Measured {
        per_second: latencies.len() as f64 / elapsed,
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        peak_mib: peak_kib.load(Ordering::Relaxed) as f64 / 1024.0,
    }
}

/// The liaison's page as one hand-written statement: the department's tasks (led or
/// co-owned), nearest deadline first, with lead, meeting, co-owners and the total.
const LIAISON_PAGE_SQL: &str = "\\set department DEPARTMENT
SELECT t.id, t.title, t.deadline, t.due_on, t.status, t.progress, t.submitted_on, t.completed_on, \
t.version, d.code, d.name, m.title, \
(SELECT string_agg(c.code, ',') FROM task_co_owners o JOIN departments c ON c.id = o.department_id \
WHERE o.task_id = t.id), COUNT(*) OVER () \
FROM tasks t JOIN departments d ON d.id = t.lead_id JOIN meetings m ON m.id = t.meeting_id \
WHERE t.id IN (SELECT id FROM tasks WHERE lead_id = :department \
UNION SELECT task_id FROM task_co_owners WHERE department_id = :department) \
ORDER BY t.deadline NULLS LAST, t.id LIMIT 50;
";

/// pgbench's transactions per second for the one-statement page at 16 connections.
fn pgbench_ceiling(url: &str, department: i64, seconds: u64) -> Option<f64> {
    let script =
        std::env::temp_dir().join(format!("dondoc-liaison-page-{}.sql", std::process::id()));
    std::fs::write(
        &script,
        LIAISON_PAGE_SQL.replace("DEPARTMENT", &department.to_string()),
    )
    .ok()?;
    let output = Command::new("pgbench")
        .args([
            "-n",
            "-c",
            "16",
            "-j",
            "2",
            "-T",
            &seconds.to_string(),
            "-f",
        ])
        .arg(&script)
        .arg(url)
        .output();
    let _ = std::fs::remove_file(&script);
    let output = match output {
        Ok(output) if output.status.success() => output,
        Ok(output) => {
            eprintln!(
                "pgbench failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            return None;
        }
        Err(error) => {
            eprintln!("pgbench is not installed ({error}); the ceiling is not measured");
            return None;
        }
    };
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("tps = "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|tps| tps.parse().ok())
}

fn row(what: &str, connections: usize, measured: &Measured, ceiling: Option<f64>) {
    let ratio = ceiling.map_or(String::new(), |c| {
        format!("{:.0}% of {:.0}/s", measured.per_second / c * 100.0, c)
    });
    println!(
        "| {what} | {connections} | {:.1} | {:.1} | {:.1} | {:.0} | {ratio} |",
        measured.per_second, measured.p50_ms, measured.p99_ms, measured.peak_mib
    );
}

async fn bench(backend: &str, options: &Options) {
    let url = database(backend, options.tasks).await;
    let tasks = count(&url, "SELECT COUNT(*) FROM tasks").await;
    let (department, code) = busiest_department(&url).await;
    let chair = token(&url, "CHAIR", None);
    let liaison = token(&url, "LIAISON", Some(&code));
    let server = Server::start(&url);
    let pid = server.child.id();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let idle = resident_mib(pid);
    println!();
    println!("{backend}, {tasks} tasks; department {code}'s page; server idle at {idle:.0} MiB");
    println!("| request | connections | requests/s | p50 ms | p99 ms | server MiB (peak) | one-statement ceiling |");
    println!("|---|---|---|---|---|---|---|");
    let seconds = options.seconds;
    let page = "{ me { department { tasks(first: 50, orderBy: { field: DEADLINE }) { totalCount \
        edges { node { id title deadline dueOn status timeliness progress version \
        lead { code name } meeting { title } coOwners { code } } } } } } }";
    let measured = load(&server, &liaison, page, 16, seconds).await;
    let ceiling = if backend == "postgres" {
        pgbench_ceiling(&url, department, seconds)
    } else {
        None
    };
    row("liaison's page, first 50", 16, &measured, ceiling);
    let report = "{ progressReport { asOf total byTimeliness { timeliness count } \
        byDepartment { department { code name } total byTimeliness { timeliness count } } } }";
    row(
        "progressReport",
        4,
        &load(&server, &chair, report, 4, seconds).await,
        None,
    );
    // As things stood at the end of a past day, rebuilt from the tasks' history: one request at
    // a time gives its latency, four its throughput.
    let as_of =
        "{ progressReport(asOf: \"2024-09-30\") { asOf total byTimeliness { timeliness count } \
        byDepartment { department { code name } total byTimeliness { timeliness count } } } }";
    for connections in [1, 4] {
        row(
            "progressReport as of 30/09/2024",
            connections,
            &load(&server, &chair, as_of, connections, seconds).await,
            None,
        );
    }
    let scorecard = "{ scorecard(period: { year: 2024, quarter: 3 }) { asOf total { total due } \
        lines { rank department { code name } total doneOnTime doneLate inTime overdue cancelled \
        onTimeRateOfDue overdueUpTo7Days overdue8To30Days overdueOver30Days extensionRate returnRate meanDaysLate } } }";
    row(
        "scorecard Q3 2024 by department",
        1,
        &load(&server, &chair, scorecard, 1, seconds).await,
        None,
    );
    let search = "{ tasks(filter: { search: \"quy ho tro\" }, first: 50) { totalCount \
        edges { node { id title deadline timeliness } } } }";
    row(
        "search \"quy ho tro\", first 50",
        4,
        &load(&server, &chair, search, 4, seconds).await,
        None,
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    println!(
        "server memory 2 s after the run: {:.0} MiB",
        resident_mib(pid)
    );
}

fn main() {
    let options = options();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        for backend in &options.backends {
            bench(backend, &options).await;
        }
    });
}
