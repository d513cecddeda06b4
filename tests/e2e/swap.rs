//! Hot swap under load: a practice swaps between two versions of a plugin,
//! back and forth, while hundreds of conversations are mid-flight. No turn
//! may fail, every conversation must finish on the version it started on,
//! every new conversation must start on the version active at that moment,
//! and the old version must be unloaded once nothing uses it.
//!
//! It prints the swap latency (request to active, as the client sees it,
//! and the server's own switch time); BENCHMARKS.md has the release-build
//! figures from `cargo test --release -p switchboard --test e2e swap_ -- --nocapture`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::json;
use switchboard_artifacts::{VERSIONED_PLUGIN_V1 as V1, VERSIONED_PLUGIN_V2 as V2};

use crate::harness::*;

/// Conversations opened before the first swap (all stay open until the end).
const OPEN_BEFORE: usize = 200;
/// Conversations started while the swaps go on.
const STARTED_DURING: usize = 200;
/// Turns per conversation (the last one ends it).
const TURNS: u32 = 6;
const WORKERS: usize = 16;
const MIN_SWAPS: usize = 30;

struct Conversation {
    id: String,
    from: String,
    /// The version its first reply came from.
    version: Option<String>,
    turns: u32,
}

/// `Hello from v1.0.0, turn 3` → ("1.0.0", 3)
fn parse(reply: &str) -> Option<(String, u32)> {
    let rest = reply.strip_prefix("Hello from v")?;
    let (version, turn) = rest.split_once(", turn ")?;
    Some((version.to_string(), turn.parse().ok()?))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[test]
fn swap_back_and_forth_under_load_fails_no_turn() {
    let server = Server::start();
    assert_eq!(server.publish_package(&package(V1, &versioned_tests(), None, None)).status, 201);
    assert_eq!(server.publish_package(&package(V2, &versioned_tests(), None, None)).status, 201);
    let (gateway, _) =
        server.create_practice("load", "+15550108888", "load-twilio-token", "versioned-plugin@1.0.0", "");
    // Version 2 is installed once (config checked, its tests run); from then
    // on both revisions are precompiled and each swap is a rollback.
    let installed = server.post_json(
        "/v1/practices/load/plugin",
        ADMIN_TOKEN,
        &json!({"plugin": "versioned-plugin", "version": "2.0.0"}),
    );
    assert_eq!(installed.status, 200, "{}", installed.body);
    let back = server.post_json("/v1/practices/load/plugin/rollback", ADMIN_TOKEN, &json!({}));
    assert_eq!(back.status, 200, "{}", back.body);

    let failures: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let fail = |m: String| failures.lock().unwrap().push(m);
    let turns = AtomicUsize::new(0);
    let turn = |c: &mut Conversation, text: &str| {
        let reply = server.post_json(
            "/v1/turns",
            &gateway,
            &json!({"practice": "load", "channel": "sms", "from": c.from, "text": text, "conversation_id": c.id}),
        );
        turns.fetch_add(1, Ordering::Relaxed);
        if reply.status != 200 {
            return fail(format!("{}: HTTP {} {}", c.id, reply.status, reply.body));
        }
        let answer = reply.json();
        let body = answer["actions"][0]["body"].as_str().unwrap_or_default();
        if answer["fallback"] != false {
            return fail(format!("{}: fallback: {body}", c.id));
        }
        c.turns += 1;
        match (parse(body), &c.version) {
            (Some((v, 1)), None) => c.version = Some(v),
            (Some((v, n)), Some(started)) if &v == started && n == c.turns => {}
            _ => fail(format!("{} turn {}: started on {:?}, got {body:?}", c.id, c.turns, c.version)),
        }
    };
    let new =
        |n: usize| Conversation { id: format!("load-{n}"), from: format!("+1555030{n:04}"), version: None, turns: 0 };
    // Every unfinished conversation in `set` takes its next turn, spread
    // over WORKERS threads.
    let step = |set: &mut [Conversation]| {
        let mut open: Vec<&mut Conversation> = set.iter_mut().filter(|c| c.turns < TURNS).collect();
        let chunk = open.len().div_ceil(WORKERS).max(1);
        std::thread::scope(|s| {
            for part in open.chunks_mut(chunk) {
                s.spawn(|| {
                    for c in part.iter_mut() {
                        let text = if c.turns + 1 == TURNS { "done" } else { "next" };
                        turn(c, text);
                    }
                });
            }
        });
    };

    let mut before: Vec<Conversation> = (0..OPEN_BEFORE).map(new).collect();
    step(&mut before);
    assert!(before.iter().all(|c| c.version.as_deref() == Some("1.0.0")), "{:?}", failures.lock().unwrap());

    let stop = AtomicBool::new(false);
    let swaps = AtomicUsize::new(0);
    let mut during: Vec<Conversation> = (OPEN_BEFORE..OPEN_BEFORE + STARTED_DURING).map(new).collect();
    let (mut rtts_ms, mut actives_us, mut switches_us) = std::thread::scope(|s| {
        let swapper = s.spawn(|| {
            let (mut rtts, mut actives, mut switches) = (Vec::new(), Vec::new(), Vec::new());
            while !stop.load(Ordering::Relaxed) {
                let started = Instant::now();
                let reply = server.post_json("/v1/practices/load/plugin/rollback", ADMIN_TOKEN, &json!({}));
                let rtt = started.elapsed();
                if reply.status != 200 {
                    fail(format!("swap: HTTP {} {}", reply.status, reply.body));
                    break;
                }
                let report = reply.json();
                rtts.push(rtt.as_secs_f64() * 1e3);
                actives.push(report["active_us"].as_f64().unwrap());
                switches.push(report["switch_us"].as_f64().unwrap());
                // Active means: the very next new conversation starts on it.
                let active = report["active"]["plugin"].as_str().unwrap().trim_start_matches("versioned-plugin@");
                let mut probe = new(9000 + rtts.len());
                turn(&mut probe, "done");
                if probe.version.as_deref() != Some(active) {
                    fail(format!("a new conversation after the swap to {active} started on {:?}", probe.version));
                }
                swaps.fetch_add(1, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
            (rtts, actives, switches)
        });
        // Turns 2..=TURNS of the first 200 (all open until their last turn),
        // while the second 200 start and go on. Each round waits for its
        // share of swaps, so at least MIN_SWAPS happen with 200 or more
        // conversations mid-flight, however fast the turns are.
        for round in 2..=TURNS {
            let due = (round as usize - 1) * MIN_SWAPS / (TURNS as usize - 1);
            while swaps.load(Ordering::Relaxed) < due && failures.lock().unwrap().is_empty() {
                std::thread::sleep(Duration::from_millis(2));
            }
            step(&mut before);
            step(&mut during);
        }
        while during.iter().any(|c| c.turns < TURNS) && failures.lock().unwrap().is_empty() {
            step(&mut during);
        }
        stop.store(true, Ordering::Relaxed);
        swapper.join().unwrap()
    });

    let failures = failures.into_inner().unwrap();
    assert!(failures.is_empty(), "{} failed turns, first: {:?}", failures.len(), &failures[..failures.len().min(5)]);
    let versions: Vec<&str> = during.iter().filter_map(|c| c.version.as_deref()).collect();
    assert!(versions.contains(&"1.0.0") && versions.contains(&"2.0.0"), "conversations started on both versions");
    assert!(rtts_ms.len() >= MIN_SWAPS, "{} swaps", rtts_ms.len());

    // Everything finished: only the active version is still loaded.
    let status = server.get("/v1/practices/load/plugin", ADMIN_TOKEN).json();
    let loaded: Vec<&str> =
        status["loaded"].as_array().unwrap().iter().map(|s| s["plugin"].as_str().unwrap()).collect();
    assert_eq!(loaded, [status["active"].as_str().unwrap()], "{status}");

    rtts_ms.sort_by(f64::total_cmp);
    actives_us.sort_by(f64::total_cmp);
    switches_us.sort_by(f64::total_cmp);
    println!(
        "SWAP swaps={} turns={} failed=0 open_during_swaps>={} client_round_trip_ms: median={:.2} p99={:.2} max={:.2}; \
         server request_to_active_us: median={:.0} p99={:.0}; request_to_durable_us: median={:.0} p99={:.0}",
        rtts_ms.len(),
        turns.load(Ordering::Relaxed),
        OPEN_BEFORE,
        percentile(&rtts_ms, 0.5),
        percentile(&rtts_ms, 0.99),
        rtts_ms.last().unwrap(),
        percentile(&actives_us, 0.5),
        percentile(&actives_us, 0.99),
        percentile(&switches_us, 0.5),
        percentile(&switches_us, 0.99),
    );
}
