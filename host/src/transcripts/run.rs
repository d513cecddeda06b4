//! Playing transcripts through the real turn pipeline.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Context;

use super::format::{ItemSpec, Transcript, TurnSpec};
use crate::actions::{Action, Channel};
use crate::practices::{self, PracticeSpec};
use crate::runtime::limits::TurnLimits;
use crate::runtime::{PluginSlots, Runtime};
use crate::store::{Practice, PriorAuthRecord, QueueItem, Store};
use crate::turn::{InboundTurn, TurnAnswer, TurnService};

const PRACTICE: &str = "transcripts";
const PRACTICE_NUMBER: &str = "+15550009999";

#[derive(Debug, Default, Clone)]
pub struct SuiteOptions {
    /// The plugin component; the bundled pain-management plugin by default.
    pub plugin: Option<PathBuf>,
    /// The practice config; a package's example config, else the demo config.
    pub config: Option<PathBuf>,
    /// The patient directory (CSV); the demo directory by default.
    pub patients: Option<PathBuf>,
    /// The schedule (JSON); the demo schedule by default, so booking
    /// transcripts find openings in the weeks after today.
    pub schedule: Option<PathBuf>,
}

/// One transcript's result.
#[derive(Debug)]
pub struct Outcome {
    pub name: String,
    pub file: PathBuf,
    pub turns: usize,
    pub failures: Vec<String>,
}

/// A throwaway host (store, runtime, one practice) to play transcripts on.
pub struct Suite {
    _dir: tempfile::TempDir,
    store: Store,
    turns: Arc<TurnService>,
    practice: Arc<Practice>,
    played: usize,
}

/// A plugin to test: the component, and what its package ships.
pub struct PluginUnderTest {
    pub component: Vec<u8>,
    /// The package's own tests (path → transcript), empty for a bare component.
    pub tests: Vec<(String, String)>,
    pub example_config: Option<String>,
    pub test_patients: Option<String>,
}

impl PluginUnderTest {
    /// Read a `.wasm` component or a plugin package file.
    pub fn read(path: &Path) -> anyhow::Result<PluginUnderTest> {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read the plugin {}", path.display()))?;
        if crate::registry::package::is_bare_component(&bytes) {
            return Ok(PluginUnderTest { component: bytes, tests: vec![], example_config: None, test_patients: None });
        }
        let package = crate::registry::package::Package::read(&bytes)
            .with_context(|| format!("{} is neither a component nor a plugin package", path.display()))?;
        Ok(PluginUnderTest {
            component: package.component,
            tests: package.tests.into_iter().collect(),
            example_config: package.example_config,
            test_patients: package.test_patients,
        })
    }
}

impl Suite {
    pub fn new(options: &SuiteOptions) -> anyhow::Result<Suite> {
        let runtime = Runtime::new(TurnLimits::default())?;
        let plugin = match &options.plugin {
            Some(path) => PluginUnderTest::read(path)?,
            None => PluginUnderTest {
                component: switchboard_artifacts::PAIN_MANAGEMENT.to_vec(),
                tests: vec![],
                example_config: Some(switchboard_artifacts::PAIN_MANAGEMENT_DEMO_CONFIG.to_string()),
                test_patients: None,
            },
        };
        let config = match &options.config {
            Some(path) => {
                std::fs::read_to_string(path).with_context(|| format!("cannot read the config {}", path.display()))?
            }
            None => plugin.example_config.clone().unwrap_or_default(),
        };
        let csv = match &options.patients {
            Some(path) => std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
            None => plugin.test_patients.clone().unwrap_or_else(|| crate::demo::DEMO_PATIENTS.to_string()),
        };
        let schedule = match &options.schedule {
            Some(path) => std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
            None => crate::demo::DEMO_SCHEDULE.to_string(),
        };
        Suite::with_runtime(&runtime, &plugin.component, &config, "America/New_York", &csv, &schedule)
    }

    /// A suite on an existing runtime (so compiled code is shared): how an
    /// install runs a package's tests against a practice's config.
    pub fn with_runtime(
        runtime: &Runtime,
        component: &[u8],
        config: &str,
        time_zone: &str,
        patients_csv: &str,
        schedule_json: &str,
    ) -> anyhow::Result<Suite> {
        let dir = tempfile::Builder::new().prefix("switchboard-test-").tempdir()?;
        let store = Store::open(dir.path())?;
        let record = practices::register_plugin(&store, runtime, component).context("the plugin was rejected")?;
        let spec = PracticeSpec {
            id: Some(PRACTICE.into()),
            name: Some("Transcript Test Practice".into()),
            time_zone: Some(time_zone.into()),
            numbers: Some(vec![PRACTICE_NUMBER.into()]),
            twilio_auth_token: Some("transcript-test-token".into()),
            plugin: Some(record.plugin.to_string()),
            config: Some(config.to_string()),
            outbound_gateway: None,
            hours: Some(crate::demo::office_hours()),
            on_call: Some(crate::demo::on_call()),
            safety: None,
            voices: None,
        };
        let (practice, _tokens) = match practices::create_practice(&store, runtime, spec, None) {
            Err(practices::AdminError::Config(problems)) => {
                let lines: Vec<String> = problems.iter().map(|p| format!("  {}: {}", p.path, p.message)).collect();
                anyhow::bail!("the plugin rejected the config:\n{}", lines.join("\n"));
            }
            other => other?,
        };
        // A plugin's tests may need no patient directory at all.
        if !patients_csv.trim().is_empty() {
            let patients = crate::patients_csv::parse(patients_csv)
                .map_err(|e| anyhow::anyhow!("patient directory: {}", e.join("; ")))?;
            store.put_patients(PRACTICE, &patients, true)?;
        }
        // The schedule booking transcripts find openings in.
        if !schedule_json.trim().is_empty() {
            use switchboard_scheduling::ScheduleBackend;
            store.schedule().load_config_json(PRACTICE, schedule_json).map_err(|e| anyhow::anyhow!("schedule: {e}"))?;
        }
        let turns = TurnService::new(store.clone(), PluginSlots::new(runtime.clone(), store.clone()));
        Ok(Suite { _dir: dir, store, turns, practice: Arc::new(practice), played: 0 })
    }

    /// One turn outside any transcript (the chat simulator): the answer, and
    /// the queue items and outbound texts it added.
    pub async fn turn(
        &self,
        channel: Channel,
        caller: &str,
        conversation: &str,
        text: Option<String>,
        digits: Option<String>,
    ) -> anyhow::Result<(TurnAnswer, Vec<QueueItem>, Vec<crate::store::OutboxMessage>)> {
        let queued = self.store.queue_items(PRACTICE)?.len();
        let sent = self.store.outbox(PRACTICE)?.len();
        let inbound = InboundTurn {
            channel,
            caller: caller.to_string(),
            called: PRACTICE_NUMBER.into(),
            text,
            digits,
            confidence: None,
            conversation_id: Some(conversation.to_string()),
            dedupe_key: None,
        };
        let answer = self.turns.handle(self.practice.clone(), inbound).await?;
        let items = self.store.queue_items(PRACTICE)?.into_iter().skip(queued).collect();
        let texts = self.store.outbox(PRACTICE)?.into_iter().skip(sent).collect();
        Ok((answer, items, texts))
    }

    /// The plugin this suite runs (`name@version`).
    pub fn plugin(&self) -> String {
        self.practice.plugin.to_string()
    }

    /// Play a transcript given as text (a package's shipped test).
    pub async fn run_text(&mut self, name: &str, text: &str) -> Outcome {
        let mut outcome = Outcome { name: name.to_string(), file: PathBuf::from(name), turns: 0, failures: vec![] };
        match Transcript::parse(text) {
            Ok(transcript) => {
                outcome.name = transcript.name.clone();
                outcome.turns = transcript.turns.len();
                outcome.failures = self.run(&transcript).await;
            }
            Err(e) => outcome.failures.push(format!("not a valid transcript: {e}")),
        }
        outcome
    }

    /// Play one transcript file.
    pub async fn run_file(&mut self, path: &Path) -> Outcome {
        let mut outcome =
            Outcome { name: path.display().to_string(), file: path.to_path_buf(), turns: 0, failures: vec![] };
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                outcome.failures.push(format!("cannot read the file: {e}"));
                return outcome;
            }
        };
        match Transcript::parse(&text) {
            Ok(transcript) => {
                outcome.name = transcript.name.clone();
                outcome.turns = transcript.turns.len();
                outcome.failures = self.run(&transcript).await;
            }
            Err(e) => outcome.failures.push(format!("not a valid transcript: {e}")),
        }
        outcome
    }

    /// Play a parsed transcript; returns its failures (empty when it passed).
    pub async fn run(&mut self, transcript: &Transcript) -> Vec<String> {
        self.played += 1;
        // Checked when the transcript was parsed.
        let at = transcript.at.as_deref().and_then(|at| at.parse::<jiff::Timestamp>().ok());
        let _pinned = at.map(|at| crate::clock::pin(at.as_millisecond()));
        let conversation = format!("transcript-{}", self.played);
        let mut failures = Vec::new();
        // Each transcript sees only the authorization records it sets up,
        // whichever transcripts ran before it.
        if let Err(e) = self.store.clear_prior_auths(PRACTICE) {
            failures.push(format!("prior-auth setup: {e}"));
            return failures;
        }
        for setup in &transcript.prior_auth {
            let record = PriorAuthRecord {
                patient_id: setup.patient.clone(),
                procedure: setup.procedure.clone(),
                status: setup.status.clone(),
                note: setup.note.clone(),
                updated_at: crate::clock::now_ms(),
                updated_by: "transcript".into(),
            };
            if let Err(e) = self.store.put_prior_auth(PRACTICE, &record) {
                failures.push(format!("prior-auth setup: {e}"));
                return failures;
            }
        }
        for (index, turn) in transcript.turns.iter().enumerate() {
            let before = match self.store.queue_items(PRACTICE) {
                Ok(items) => items.len(),
                Err(e) => return vec![format!("store: {e}")],
            };
            let inbound = InboundTurn {
                channel: transcript.channel,
                caller: transcript.caller.clone(),
                called: PRACTICE_NUMBER.into(),
                text: turn.patient.clone().filter(|t| !t.trim().is_empty()),
                digits: turn.digits.clone(),
                confidence: None,
                conversation_id: Some(conversation.clone()),
                dedupe_key: None,
            };
            let answer = match self.turns.handle(self.practice.clone(), inbound).await {
                Ok(answer) => answer,
                Err(e) => {
                    failures.push(format!("turn {}: the host failed: {e}", index + 1));
                    break;
                }
            };
            let added = match self.store.queue_items(PRACTICE) {
                Ok(items) => items.into_iter().skip(before).collect::<Vec<_>>(),
                Err(e) => return vec![format!("store: {e}")],
            };
            let problems = check_turn(transcript, turn, &answer, &added);
            if !problems.is_empty() {
                failures.push(describe_failure(index + 1, turn, &answer, &added, &problems));
            }
        }
        failures
    }
}

/// Everything wrong with one turn's answer.
fn check_turn(transcript: &Transcript, turn: &TurnSpec, answer: &TurnAnswer, added: &[QueueItem]) -> Vec<String> {
    let mut problems = Vec::new();
    let reply = reply_text(&answer.actions);
    let lower = reply.to_lowercase();
    if answer.fallback && !turn.fallback {
        problems.push("the plugin failed and the host answered with its fallback".to_string());
    }
    if turn.fallback && !answer.fallback {
        problems.push("expected the host's fallback, but the plugin answered".to_string());
    }
    for wanted in &turn.expect {
        if !lower.contains(&wanted.to_lowercase()) {
            problems.push(format!("expected the reply to contain {wanted:?}"));
        }
    }
    for unwanted in turn.reject.iter().chain(&transcript.never) {
        if lower.contains(&unwanted.to_lowercase()) {
            problems.push(format!("the reply must not contain {unwanted:?}"));
        }
    }
    for action in &answer.actions {
        let text = match action {
            Action::Reply { body } => body,
            Action::Say { text } => text,
            Action::Ask { prompt, .. } => prompt,
            _ => continue,
        };
        if let Some(rule) = switchboard_common::guard::check(text).blocked {
            problems.push(format!("a reply breaks the clinical guard ({rule:?}): {text:?}"));
        }
    }
    if transcript.channel == Channel::Voice {
        let transferred = answer.actions.iter().find_map(|a| match a {
            Action::Transfer { number, .. } => Some(number.as_str()),
            _ => None,
        });
        if let Some(number) = &turn.transfer
            && transferred != Some(number.as_str())
        {
            problems.push(format!("expected a transfer to {number}, got {transferred:?}"));
        }
        let ended = answer.actions.iter().any(|a| matches!(a, Action::HangUp));
        if let Some(hangup) = turn.hangup
            && hangup != ended
        {
            problems.push(if hangup { "expected the call to end".into() } else { "the call ended".into() });
        }
    }
    let mut unmatched: Vec<&QueueItem> = added.iter().collect();
    for spec in &turn.queue {
        match unmatched.iter().position(|item| item_matches(item, spec)) {
            Some(at) => {
                unmatched.remove(at);
            }
            None => problems.push(format!("expected a queue item {}", describe_spec(spec))),
        }
    }
    if turn.only_these_items && !unmatched.is_empty() {
        problems.push(format!("{} unexpected queue item(s)", unmatched.len()));
    }
    problems
}

fn item_matches(item: &QueueItem, spec: &ItemSpec) -> bool {
    let kind = serde_json::to_value(item.kind).ok();
    let priority = serde_json::to_value(item.priority).ok();
    kind.as_ref().and_then(|k| k.as_str()) == Some(spec.kind.as_str())
        && spec.priority.as_ref().is_none_or(|p| priority.as_ref().and_then(|v| v.as_str()) == Some(p.as_str()))
        && spec.fields.iter().all(|(name, value)| item.fields.iter().any(|f| &f.name == name && &f.value == value))
}

fn describe_spec(spec: &ItemSpec) -> String {
    let mut text = format!("kind={}", spec.kind);
    if let Some(p) = &spec.priority {
        text.push_str(&format!(" priority={p}"));
    }
    for (name, value) in &spec.fields {
        text.push_str(&format!(" {name}={value:?}"));
    }
    text
}

/// Everything the patient read or heard, one line per action.
fn reply_text(actions: &[Action]) -> String {
    let lines: Vec<String> = actions
        .iter()
        .map(|a| match a {
            Action::Reply { body } => body.clone(),
            Action::Say { text } => text.clone(),
            Action::Ask { prompt, .. } => format!("{prompt}  [listens]"),
            Action::Transfer { number, announce, .. } => {
                format!("{}[transfer to {number}]", announce.clone().map(|a| a + " ").unwrap_or_default())
            }
            Action::HangUp => "[hangs up]".into(),
        })
        .collect();
    lines.join("\n")
}

fn describe_failure(
    n: usize,
    turn: &TurnSpec,
    answer: &TurnAnswer,
    added: &[QueueItem],
    problems: &[String],
) -> String {
    let said = match (&turn.patient, &turn.digits) {
        (Some(text), _) => format!("patient: {text:?}"),
        (None, Some(digits)) => format!("patient keyed: {digits:?}"),
        (None, None) => "patient: (call start or silence)".into(),
    };
    let mut out = format!("turn {n} — {said}\n");
    for problem in problems {
        out.push_str(&format!("    - {problem}\n"));
    }
    out.push_str("    reply was:\n");
    for line in reply_text(&answer.actions).lines() {
        out.push_str(&format!("      | {line}\n"));
    }
    if !added.is_empty() {
        out.push_str("    queue items added:\n");
        for item in added {
            let fields: Vec<String> = item.fields.iter().map(|f| format!("{}={:?}", f.name, f.value)).collect();
            out.push_str(&format!(
                "      + {} {} {}\n",
                serde_json::to_value(item.kind).unwrap_or_default().as_str().unwrap_or("?"),
                serde_json::to_value(item.priority).unwrap_or_default().as_str().unwrap_or("?"),
                fields.join(" ")
            ));
        }
    }
    out
}
