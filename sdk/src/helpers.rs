//! Ergonomic wrappers over the generated bindings: the few things every
//! plugin does, each in one call, answering on the right channel.

use crate::bindings::switchboard::plugin::escalation::{Priority, QueueItem, QueueKind};
use crate::bindings::switchboard::plugin::{calls, escalation, log, practice, texts};
use crate::{Capability, Channel, Field, HostError, PluginInfo, Turn, TurnOutcome};

/// Start describing a plugin (for `describe`).
pub fn plugin_info(name: &str, version: &str) -> PluginInfoBuilder {
    PluginInfoBuilder {
        info: PluginInfo {
            name: name.into(),
            version: version.into(),
            specialty: String::new(),
            capabilities: Vec::new(),
            config_schema: String::new(),
        },
    }
}

/// Builds a [`PluginInfo`]; see [`plugin_info`].
#[must_use]
pub struct PluginInfoBuilder {
    info: PluginInfo,
}

impl PluginInfoBuilder {
    pub fn specialty(mut self, specialty: &str) -> Self {
        self.info.specialty = specialty.into();
        self
    }

    /// The host capabilities the plugin needs; a practice must grant all of
    /// them to install it.
    pub fn capabilities(mut self, capabilities: &[Capability]) -> Self {
        self.info.capabilities.extend_from_slice(capabilities);
        self
    }

    /// A human-readable description of the config, shown to practices.
    pub fn config_schema(mut self, schema: &str) -> Self {
        self.info.config_schema = schema.into();
        self
    }

    pub fn build(self) -> PluginInfo {
        self.info
    }
}

/// The bytes the plugin's `validate-config` returned for this practice.
pub fn config() -> Vec<u8> {
    practice::config()
}

/// Now, in milliseconds since the Unix epoch (the host's clock, which tests
/// can move; plugins read time no other way).
pub fn now() -> i64 {
    practice::now()
}

/// The conversation's language as the host decided it: `en` or `es`
/// (since contract 0.3.0). Answer in it.
pub fn language() -> String {
    practice::language()
}

/// A turn's result: the state to get back next turn, and whether the
/// conversation is over.
pub fn outcome(state: Vec<u8>, finished: bool) -> TurnOutcome {
    TurnOutcome { state, finished }
}

/// Record an event in the practice's audit log.
pub fn audit(event: &str, fields: &[(&str, &str)]) {
    let fields: Vec<Field> = fields.iter().map(|(n, v)| Field { name: (*n).into(), value: (*v).into() }).collect();
    log::audit(event, &fields);
}

/// Answers on the channel the turn arrived on: a text reply in a text
/// thread, speech on a call.
#[derive(Debug, Clone, Copy)]
pub struct Reply {
    channel: Channel,
}

impl Reply {
    pub fn to(turn: &Turn) -> Reply {
        Reply { channel: turn.channel }
    }

    pub fn is_voice(&self) -> bool {
        matches!(self.channel, Channel::Voice)
    }

    /// Say or text one thing; on a call, the line stays open only if
    /// something listens afterwards.
    pub fn send(&self, text: &str) -> Result<(), HostError> {
        if self.is_voice() { calls::say(text) } else { texts::reply(text) }
    }

    /// Say or text `text`, and on a call listen for the answer (speech or
    /// keypad).
    pub fn say_and_listen(&self, text: &str) -> Result<(), HostError> {
        self.ask(text, &[])
    }

    /// Like [`Reply::say_and_listen`], with recognition hints for speech.
    pub fn ask(&self, prompt: &str, hints: &[&str]) -> Result<(), HostError> {
        if !self.is_voice() {
            return texts::reply(prompt);
        }
        let options = calls::AskOptions {
            input: calls::InputMode::SpeechAndDtmf,
            hints: hints.iter().map(|h| (*h).to_string()).collect(),
            timeout_seconds: 5,
            num_digits: None,
        };
        calls::ask(prompt, &options)
    }

    /// Say or text `text` and end the conversation's call (texts just end).
    pub fn say_and_end(&self, text: &str) -> Result<(), HostError> {
        self.send(text)?;
        if self.is_voice() { calls::hang_up() } else { Ok(()) }
    }
}

/// Builds a staff queue item and puts it on the queue.
#[must_use]
pub struct QueueItemBuilder {
    item: QueueItem,
}

impl QueueItemBuilder {
    pub fn new(kind: QueueKind, summary: &str) -> Self {
        QueueItemBuilder {
            item: QueueItem { kind, priority: Priority::Routine, summary: summary.into(), fields: vec![] },
        }
    }

    /// A routine call-back request.
    pub fn callback(summary: &str) -> Self {
        Self::new(QueueKind::Callback, summary)
    }

    /// Something clinical staff must see now (priority `urgent`).
    pub fn clinical_urgent(summary: &str) -> Self {
        Self::new(QueueKind::ClinicalUrgent, summary).priority(Priority::Urgent)
    }

    pub fn priority(mut self, priority: Priority) -> Self {
        self.item.priority = priority;
        self
    }

    /// A structured captured value (kept as data, not prose, for staff).
    pub fn field(mut self, name: &str, value: &str) -> Self {
        self.item.fields.push(Field { name: name.into(), value: value.into() });
        self
    }

    /// Put it on the queue; returns the item id.
    pub fn enqueue(self) -> Result<String, HostError> {
        escalation::enqueue(&self.item)
    }
}
