//! Loading and scoring the labelled corpus (shared by `tests/corpus.rs` and
//! `examples/corpus_report.rs` through `#[path]`).
//!
//! Accuracy is an exact match of the label set `classify` returns with the
//! labelled set. The guardrail check plays every message through the real
//! conversation logic, as the first message and in the middle of a refill,
//! on both channels, and checks every sentence that would reach the patient:
//! no approval, denial, promise or dose language; 911 for every emergency
//! (988 for a suicidal crisis), in Spanish when the message is Spanish
//! (judged here by a word list of its own, not the plugin's), naloxone for
//! an overdose. False alarms — an emergency recorded for a message with no
//! emergency label — are counted apart.

#![allow(dead_code)]

use std::collections::BTreeMap;

use pain_management::{Action, PreparedConfig, RecordingHost, Turn};
use switchboard_sdk::Channel;

pub struct Example {
    pub line: usize,
    pub voice: bool,
    pub labels: Vec<String>,
    pub text: String,
}

/// A corpus file by name (in `corpus/`), or any path to a set kept outside
/// the repository until it has been scored.
pub fn load(name: &str) -> Vec<Example> {
    let path = if std::path::Path::new(name).is_file() {
        name.to_string()
    } else {
        format!("{}/corpus/{name}", env!("CARGO_MANIFEST_DIR"))
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .enumerate()
        .skip(1)
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| {
            let mut parts = l.splitn(3, '\t');
            let channel = parts.next().unwrap();
            let mut labels: Vec<String> = parts.next().unwrap().split(',').map(|s| s.trim().to_string()).collect();
            labels.sort();
            Example { line: i + 1, voice: channel == "voice", labels, text: parts.next().unwrap().to_string() }
        })
        .collect()
}

pub struct Score {
    pub total: usize,
    pub correct: usize,
    /// (expected label set, predicted label set) → count, mistakes only.
    pub confusion: BTreeMap<(String, String), usize>,
    /// Per expected label: (correct, total).
    pub per_label: BTreeMap<String, (usize, usize)>,
    pub misses: Vec<String>,
}

impl Score {
    pub fn accuracy(&self) -> f64 {
        self.correct as f64 / self.total.max(1) as f64
    }
}

pub fn score(examples: &[Example]) -> Score {
    let mut score =
        Score { total: 0, correct: 0, confusion: BTreeMap::new(), per_label: BTreeMap::new(), misses: vec![] };
    for ex in examples {
        let mut predicted: Vec<String> =
            pain_management::classify(&ex.text, ex.voice).iter().map(|s| s.to_string()).collect();
        predicted.sort();
        let expected = ex.labels.join(",");
        let got = predicted.join(",");
        score.total += 1;
        let entry = score.per_label.entry(expected.clone()).or_default();
        entry.1 += 1;
        if predicted == ex.labels {
            score.correct += 1;
            entry.0 += 1;
        } else {
            *score.confusion.entry((expected.clone(), got.clone())).or_default() += 1;
            let cues = pain_management::recognise::explain(&ex.text).join(" ");
            score
                .misses
                .push(format!("line {}: {:?} expected [{expected}] got [{got}] (cues: {cues})", ex.line, ex.text));
        }
    }
    score
}

/// Words and patterns no sentence to a patient may contain, whatever the
/// plugin's own guard thinks: an independent second check.
const FORBIDDEN: &[&str] = &[
    "approved",
    "approve your",
    "we will refill",
    "we'll refill",
    "will be refilled",
    "has been refilled",
    "sent it to your pharmacy",
    "sent to your pharmacy",
    "called it in",
    "denied",
    "guarantee",
    "take two",
    "take 2",
    "double",
    "increase your",
    "decrease your",
    "cut back",
    "taper",
    "wean",
    "every 4 hours",
    "every four hours",
    "twice a day",
    "mg ",
    "milligram",
];

fn turn(text: Option<&str>, voice: bool, first: bool) -> Turn {
    Turn {
        conversation_id: "corpus".into(),
        channel: if voice { Channel::Voice } else { Channel::Sms },
        caller: "+15550199001".into(),
        called: "+15550100000".into(),
        text: text.map(str::to_string),
        digits: None,
        confidence: None,
        first_turn: first,
        received_at: 1_795_000_000_000,
    }
}

/// Play `messages` in order from a new conversation; returns every sentence
/// the patient would get, per turn.
pub fn play(config: &PreparedConfig, messages: &[&str], voice: bool) -> Vec<Vec<String>> {
    play_recorded(config, messages, voice).into_iter().map(|(sentences, _)| sentences).collect()
}

/// [`play`], with whether each turn recorded an emergency.
pub fn play_recorded(config: &PreparedConfig, messages: &[&str], voice: bool) -> Vec<(Vec<String>, bool)> {
    let mut state: Option<Vec<u8>> = None;
    let mut replies = Vec::new();
    for (i, message) in messages.iter().enumerate() {
        let mut host = RecordingHost::default();
        let outcome =
            pain_management::run_turn_native(config, &turn(Some(message), voice, i == 0), state.as_deref(), &mut host)
                .unwrap_or_else(|e| panic!("turn failed for {message:?}: {e}"));
        // Everything the patient reads or hears, including a transfer's
        // announcement.
        let sentences = host
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::Say(text) => Some(text.clone()),
                Action::Ask { prompt, .. } => Some(prompt.clone()),
                Action::Transfer { announce, .. } => Some(announce.clone()),
                _ => None,
            })
            .collect();
        let emergency = host.actions.iter().any(|a| matches!(a, Action::Emergency { .. }));
        replies.push((sentences, emergency));
        state = if outcome.finished { None } else { Some(outcome.state) };
    }
    replies
}

/// Whether a message reads as Spanish, by a word list of the corpus's own
/// (independent of the plugin's detection, which it checks): more common
/// Spanish words than English ones.
pub fn is_spanish(text: &str) -> bool {
    let (es, en) = word_counts(text);
    es >= 2 && es > en
}

/// Whether a message reads as English: English words and no Spanish ones.
pub fn is_english(text: &str) -> bool {
    let (es, en) = word_counts(text);
    en >= 1 && es == 0
}

/// Common Spanish and English words in `text`.
fn word_counts(text: &str) -> (usize, usize) {
    const SPANISH: &[&str] = &[
        "el", "la", "los", "las", "del", "de", "que", "y", "en", "un", "una", "por", "para", "con", "mi", "mis", "su",
        "se", "le", "lo", "es", "esta", "estoy", "tengo", "tiene", "puedo", "puede", "muy", "pero", "ya", "hace",
        "desde", "ahora", "esposo", "esposa", "hijo", "hija", "mama", "papa", "dolor", "no", "me", "quiero",
        "necesito", "ayuda", "vida", "sangre", "pecho",
    ];
    const ENGLISH: &[&str] = &[
        "the", "and", "is", "my", "i", "to", "of", "it", "he", "she", "you", "have", "with", "this", "that", "was",
        "im", "in", "on", "for", "please", "can", "not", "but", "me", "no", "his", "her", "a",
    ];
    let folded: String = text
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' => 'a',
            'é' => 'e',
            'í' => 'i',
            'ó' => 'o',
            'ú' | 'ü' => 'u',
            'ñ' => 'n',
            c => c,
        })
        .collect();
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let es = words.iter().filter(|w| SPANISH.contains(w)).count();
    let en = words.iter().filter(|w| ENGLISH.contains(w)).count();
    (es, en)
}

/// False alarms: messages with no emergency label that recorded an
/// emergency (as the first message, on the message's channel). Returns the
/// lines and how many messages had no emergency label.
pub fn false_alarms(config: &PreparedConfig, examples: &[Example]) -> (Vec<String>, usize) {
    let mut alarms = Vec::new();
    let mut calm = 0;
    for ex in examples.iter().filter(|ex| !ex.labels.iter().any(|l| l.starts_with("emergency-"))) {
        calm += 1;
        let played = play_recorded(config, &[&ex.text], ex.voice);
        if played.iter().any(|(_, emergency)| *emergency) {
            let said = played.last().map(|(s, _)| s.join(" ")).unwrap_or_default();
            alarms.push(format!("line {}: [{}] {:?} → {said:?}", ex.line, ex.labels.join(","), ex.text));
        }
    }
    (alarms, calm)
}

/// Every guardrail violation across the corpus: a sentence with approval,
/// denial, promise or dose language, or an emergency whose first reply does
/// not send the patient to 911 (988 for a suicidal crisis).
pub fn guardrail_violations(config: &PreparedConfig, examples: &[Example]) -> Vec<String> {
    let mut violations = Vec::new();
    for ex in examples {
        for setup in [&[][..], &["I need a refill of my oxycodone"][..]] {
            let mut messages: Vec<&str> = setup.to_vec();
            messages.push(&ex.text);
            let replies = play(config, &messages, ex.voice);
            let last = replies.last().expect("one reply per turn");
            for sentence in last {
                let lower = sentence.to_lowercase();
                if let Some(word) = FORBIDDEN.iter().find(|w| lower.contains(*w)) {
                    violations.push(format!("line {}: {:?} → {sentence:?} contains {word:?}", ex.line, ex.text));
                }
                if switchboard_common::guard::classify(sentence).is_some() {
                    violations.push(format!("line {}: {:?} → {sentence:?} fails the guard", ex.line, ex.text));
                }
            }
            let said = last.join(" ");
            let lower = said.to_lowercase();
            let emergency = ex.labels.iter().any(|l| l.starts_with("emergency-"));
            let suicidal = ex.labels.iter().any(|l| l == "emergency-suicide");
            let other_emergency = ex.labels.iter().any(|l| l.starts_with("emergency-") && l != "emergency-suicide");
            if emergency && !said.contains("911") && !said.contains("988") {
                violations.push(format!("line {}: emergency {:?} → no 911/988 in {said:?}", ex.line, ex.text));
            }
            if suicidal && !said.contains("988") {
                violations.push(format!("line {}: suicidal crisis {:?} → no 988 in {said:?}", ex.line, ex.text));
            }
            if ex.labels.iter().any(|l| l == "emergency-overdose") && !lower.contains("naloxon") {
                violations.push(format!("line {}: overdose {:?} → no naloxone in {said:?}", ex.line, ex.text));
            }
            if emergency && is_spanish(&ex.text) {
                // "Llame al 911 ahora"; for a crisis, 988 with its Spanish line.
                if other_emergency && !lower.contains("llame al 911") {
                    violations.push(format!(
                        "line {}: Spanish emergency {:?} → no Spanish 911 in {said:?}",
                        ex.line, ex.text
                    ));
                }
                if suicidal && !(lower.contains("llame al 988") && lower.contains("oprima 2")) {
                    violations
                        .push(format!("line {}: Spanish crisis {:?} → no Spanish 988 in {said:?}", ex.line, ex.text));
                }
            } else if emergency
                && is_english(&ex.text)
                && !lower.contains("call 911")
                && !lower.contains("call or text 988")
            {
                violations
                    .push(format!("line {}: emergency {:?} → no English instruction in {said:?}", ex.line, ex.text));
            }
            if last.is_empty() {
                violations.push(format!("line {}: {:?} → silence", ex.line, ex.text));
            }
        }
    }
    violations
}

pub fn demo_config() -> PreparedConfig {
    let toml = include_str!("../demo-config.toml");
    let bytes = pain_management::prepare_config(toml).expect("the demo config is valid");
    PreparedConfig::decode(&bytes).expect("decodes")
}
