//! What a turn asks the gateway to do, in order. Recorded from the plugin's
//! host calls, stored with the turn, and rendered per gateway (TwiML, JSON).

use serde::{Deserialize, Serialize};

/// How the patient reached the practice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Sms,
    Voice,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Sms => "sms",
            Channel::Voice => "voice",
        }
    }
}

/// Which kinds of input a voice `ask` listens for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputMode {
    Speech,
    Dtmf,
    SpeechAndDtmf,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Action {
    /// A text in the current thread.
    Reply { body: String },
    /// A sentence spoken on the call.
    Say { text: String },
    /// A spoken prompt, then listen for the next turn.
    Ask { prompt: String, input: InputMode, hints: Vec<String>, timeout_seconds: u32, num_digits: Option<u32> },
    /// Connect the call to another number. `on_call_item` marks a warm
    /// transfer to the on-call about that queue item: if nobody answers,
    /// the host pages by text and tells the caller.
    Transfer {
        number: String,
        announce: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        on_call_item: Option<String>,
    },
    /// End the call.
    HangUp,
}

impl Action {
    /// True for actions that end what the caller hears in this turn.
    pub fn is_terminal_voice_verb(&self) -> bool {
        matches!(self, Action::Ask { .. } | Action::Transfer { .. } | Action::HangUp)
    }

    /// True when the action puts words or a connection in front of the
    /// patient (a turn without one would leave them in silence).
    pub fn reaches_patient(&self) -> bool {
        !matches!(self, Action::HangUp)
    }
}
