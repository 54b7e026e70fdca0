//! Benchmark, not a test: the release server on the demo meeting under 1,000 GraphQL requests
//! from a load generator on loopback; reports latency, throughput and the server's resident
//! memory idle and afterwards.
//!
//! Run: `cargo bench --bench api_load`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

const REQUESTS: usize = 1_000;
const CONCURRENCY: usize = 8;

fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|value| value.split_whitespace().next().and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let folder = tempfile::tempdir().expect("a folder");
    let url = format!(
        "sqlite://{}?mode=rwc",
        folder.path().join("load.db").display()
    );
    let binary = env!("CARGO_BIN_EXE_dondoc");
    let demo = Command::new(binary)
        .arg("demo")
        .env("DONDOC_DATABASE_URL", &url)
        .env("DONDOC_LOG", "error")
        .output()
        .expect("demo");
    let printed = String::from_utf8_lossy(&demo.stdout).to_string();
    let token = printed
        .lines()
        .find(|l| l.trim_start().starts_with("CHAIR"))
        .and_then(|l| l.split_whitespace().last())
        .expect("the chair's token")
        .to_string();
    let mut server = Command::new(binary)
        .arg("serve")
        .env("DONDOC_DATABASE_URL", &url)
        .env("DONDOC_LISTEN", "127.0.0.1:0")
        .env("DONDOC_LOG", "error")
        .stdout(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut lines = BufReader::new(server.stdout.take().expect("stdout")).lines();
    let address = loop {
        let line = lines.next().expect("a line").expect("text");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
        }
    };
    let pid = server.id();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let client = reqwest::Client::new();
        let endpoint = format!("http://{address}/graphql");
        client.get(format!("http://{address}/healthz")).send().await.expect("healthz");
        tokio::time::sleep(Duration::from_millis(500)).await;
        let idle = resident_kib(pid);
        let queries = [
            "{ me { name role } }",
            "{ progressReport { total byTimeliness { timeliness count } byDepartment { department { code name } total byTimeliness { timeliness count } } } }",
            "{ tasks(first: 100) { totalCount edges { node { title status timeliness progress deadline lead { code name } coOwners { code } meeting { title } subtasks { title status lead { code } } } } } }",
            "{ tasks(filter: { search: \"quy ho tro\" }) { edges { node { title updates(first: 5) { edges { node { note at author { name } } } } } } } }",
        ];
        let started = Instant::now();
        let mut latencies = Vec::with_capacity(REQUESTS);
        for wave in 0..REQUESTS / CONCURRENCY {
            let requests = (0..CONCURRENCY).map(|n| {
                let query = queries[(wave * CONCURRENCY + n) % queries.len()];
                let request = client.post(&endpoint).bearer_auth(&token).json(&json!({ "query": query }));
                async move {
                    let sent = Instant::now();
                    let answer: serde_json::Value = request.send().await.expect("answer").json().await.expect("json");
                    assert!(answer.get("errors").is_none(), "{answer}");
                    sent.elapsed()
                }
            });
            latencies.extend(futures::future::join_all(requests).await);
        }
        let elapsed = started.elapsed().as_secs_f64();
        latencies.sort();
        let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)].as_secs_f64() * 1000.0;
        let after = resident_kib(pid);
        println!("{} requests, {CONCURRENCY} at a time: {elapsed:.2} s, {:.0} requests/s", latencies.len(), latencies.len() as f64 / elapsed);
        println!("latency: p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms", at(0.50), at(0.95), at(0.99));
        println!("resident memory: idle {:.1} MiB, after the requests {:.1} MiB", idle as f64 / 1024.0, after as f64 / 1024.0);
        let size = std::fs::metadata(binary).map(|m| m.len()).unwrap_or(0);
        println!("binary: {:.1} MiB", size as f64 / 1024.0 / 1024.0);
    });
    let _ = server.kill();
    let _ = server.wait();
}
