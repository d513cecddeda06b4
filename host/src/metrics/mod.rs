//! Metrics: turn latency histograms and plugin fault counts per practice
//! and plugin version (kept in memory since the process started, recorded
//! by one hook at the end of each turn), and the dashboard's figures per
//! practice (computed from the store at scrape time, so they survive
//! restarts). Rendered in the Prometheus text format at `/metrics`.
//!
//! Labels carry practice ids, plugin versions, channels and fault kinds:
//! never a number, a name or anything a patient said.

pub mod figures;

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::{LazyLock, Mutex};
use std::time::Duration;

use crate::store::{Store, StoreError};

/// Upper bounds (seconds) of the turn latency buckets: a plugin call is
/// tens of microseconds, a durable commit about a millisecond, the turn
/// deadline seconds.
const BUCKETS: [f64; 14] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (bound, count) in BUCKETS.iter().zip(self.counts.iter_mut()) {
            if seconds <= *bound {
                *count += 1;
            }
        }
        self.count += 1;
        self.sum += seconds;
    }
}

/// (practice, plugin) → latency; (practice, plugin, fault kind) → count.
#[derive(Default)]
struct TurnMetrics {
    latency: BTreeMap<(String, String), Histogram>,
    faults: BTreeMap<(String, String, String), u64>,
}

static TURNS: LazyLock<Mutex<TurnMetrics>> = LazyLock::new(Default::default);

/// The turn hook: one finished turn of `practice` on `plugin`
/// (`name@version`), how long its work took, and its fault kind if the
/// plugin failed and the fallback answered.
pub fn observe_turn(practice: &str, plugin: &str, fault: Option<&str>, took: Duration) {
    let mut turns = TURNS.lock().expect("metrics lock");
    let key = (practice.to_string(), plugin.to_string());
    turns.latency.entry(key).or_default().observe(took.as_secs_f64());
    if let Some(kind) = fault {
        *turns.faults.entry((practice.to_string(), plugin.to_string(), kind.to_string())).or_default() += 1;
    }
}

/// A label value, escaped as the text format requires.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// Everything, in the Prometheus text exposition format (version 0.0.4).
pub fn render(store: &Store) -> Result<String, StoreError> {
    let mut out = String::new();
    {
        let turns = TURNS.lock().expect("metrics lock");
        out.push_str(
            "# HELP switchboard_turn_duration_seconds Time to run a turn: plugin call, commit and flush.\n\
             # TYPE switchboard_turn_duration_seconds histogram\n",
        );
        for ((practice, plugin), h) in &turns.latency {
            let labels = format!("practice=\"{}\",plugin=\"{}\"", label(practice), label(plugin));
            for (bound, count) in BUCKETS.iter().zip(h.counts.iter()) {
                let _ = writeln!(out, "switchboard_turn_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}");
            }
            let _ = writeln!(out, "switchboard_turn_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", h.count);
            let _ = writeln!(out, "switchboard_turn_duration_seconds_sum{{{labels}}} {}", h.sum);
            let _ = writeln!(out, "switchboard_turn_duration_seconds_count{{{labels}}} {}", h.count);
        }
        out.push_str(
            "# HELP switchboard_plugin_faults_total Turns a plugin failed and the safe fallback answered.\n\
             # TYPE switchboard_plugin_faults_total counter\n",
        );
        for ((practice, plugin, kind), count) in &turns.faults {
            let _ = writeln!(
                out,
                "switchboard_plugin_faults_total{{practice=\"{}\",plugin=\"{}\",kind=\"{}\"}} {count}",
                label(practice),
                label(plugin),
                label(kind)
            );
        }
    }
    let now = crate::clock::now_ms();
    let mut all = Vec::new();
    for practice in store.practices()? {
        all.push((practice.id.clone(), figures::compute(store, &practice, now - figures::DAY_MS, now)?));
    }
    figures::render_prometheus(&mut out, &all);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_cumulative_and_faults_are_counted_by_kind() {
        observe_turn("metrics-test", "pm@1", None, Duration::from_micros(300));
        observe_turn("metrics-test", "pm@1", Some("trap"), Duration::from_millis(30));
        let dir = tempfile::tempdir().unwrap();
        let text = render(&Store::open(dir.path()).unwrap()).unwrap();
        let line = |prefix: &str| {
            text.lines()
                .find(|l| l.starts_with(prefix))
                .unwrap_or_else(|| panic!("{prefix} missing:\n{text}"))
                .to_string()
        };
        let labels = "practice=\"metrics-test\",plugin=\"pm@1\"";
        assert!(line(&format!("switchboard_turn_duration_seconds_bucket{{{labels},le=\"0.0005\"}}")).ends_with(" 1"));
        assert!(line(&format!("switchboard_turn_duration_seconds_bucket{{{labels},le=\"0.05\"}}")).ends_with(" 2"));
        assert!(line(&format!("switchboard_turn_duration_seconds_bucket{{{labels},le=\"+Inf\"}}")).ends_with(" 2"));
        assert!(line(&format!("switchboard_turn_duration_seconds_count{{{labels}}}")).ends_with(" 2"));
        assert!(line(&format!("switchboard_plugin_faults_total{{{labels},kind=\"trap\"}}")).ends_with(" 1"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
