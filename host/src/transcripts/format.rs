//! The transcript file format: a whole conversation as a TOML file that
//! reads like the conversation itself — what the patient says, what must and
//! must not come back, and what lands on which queue.
//!
//! ```toml
//! name = "controlled refill over SMS"
//! channel = "sms"                  # or "voice"
//! caller = "+15550199001"          # optional
//! never = ["approved", "mg"]       # must not appear in any reply
//! at = "2026-11-27T19:00:00-05:00" # optional: when it happens (office hours)
//!
//! [[prior-auth]]                   # records staff keep, set before the talk
//! patient = "demo-p001"
//! procedure = "lumbar-esi"
//! status = "submitted"
//!
//! [[turn]]
//! patient = "I need a refill of my percocet"   # text, or speech on a call
//! expect = ["which pharmacy"]                  # case-insensitive
//! reject = ["approved"]
//!
//! [[turn]]
//! patient = "CVS on Main Street"
//! [[turn.queue]]                               # items this turn adds
//! kind = "refill"
//! fields = { medication = "oxycodone with acetaminophen", schedule = "II" }
//! ```
//!
//! On a call, a turn without `patient` or `digits` is the call's start (the
//! first turn) or a silence (later turns). `transfer = "+1…"` and
//! `hangup = true` check how the call goes on.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::actions::Channel;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Transcript {
    pub name: String,
    pub channel: Channel,
    #[serde(default = "default_caller")]
    pub caller: String,
    /// Substrings no reply in the conversation may contain.
    #[serde(default)]
    pub never: Vec<String>,
    /// When the conversation happens (RFC 3339, e.g.
    /// `2026-11-27T19:00:00-05:00`), for office-hours behaviour; now when
    /// not given. The practice keeps the demo office hours (weekdays 8-5,
    /// New York).
    pub at: Option<String>,
    #[serde(default)]
    pub prior_auth: Vec<PriorAuthSetup>,
    #[serde(rename = "turn")]
    pub turns: Vec<TurnSpec>,
}

fn default_caller() -> String {
    "+15550199001".into()
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorAuthSetup {
    pub patient: String,
    pub procedure: String,
    pub status: String,
    pub note: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnSpec {
    /// What the patient texts or says.
    pub patient: Option<String>,
    /// Keypad digits on a call.
    pub digits: Option<String>,
    #[serde(default)]
    pub expect: Vec<String>,
    #[serde(default)]
    pub reject: Vec<String>,
    /// Items this turn must put on the queue (in any order; others may follow
    /// unless `only-these-items` is set).
    #[serde(default)]
    pub queue: Vec<ItemSpec>,
    /// When true, the turn must add exactly the items listed in `queue`.
    #[serde(default, rename = "only-these-items")]
    pub only_these_items: bool,
    /// Voice: the call must be transferred to this number.
    pub transfer: Option<String>,
    /// Voice: the call must end (true) or go on (false).
    pub hangup: Option<bool>,
    /// The host's fault fallback is expected (hostile-plugin transcripts).
    #[serde(default)]
    pub fallback: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemSpec {
    pub kind: String,
    pub priority: Option<String>,
    /// Exact values of these fields; other fields are not checked.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

impl Transcript {
    pub fn parse(text: &str) -> Result<Transcript, String> {
        let transcript: Transcript = toml::from_str(text).map_err(|e| e.to_string())?;
        if transcript.turns.is_empty() {
            return Err("a transcript needs at least one [[turn]]".into());
        }
        if let Some(at) = &transcript.at {
            at.parse::<jiff::Timestamp>().map_err(|e| format!("`at` {at:?} is not an RFC 3339 time: {e}"))?;
        }
        Ok(transcript)
    }
}
