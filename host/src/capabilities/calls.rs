//! `calls`: what the caller hears next. Recorded as actions; rendered as
//! TwiML `<Say>`, `<Gather>`, `<Dial>`, `<Hangup>` after the turn commits.

use super::HostState;
use crate::actions::{Action, Channel, InputMode};
use crate::runtime::bindings::{Capability, HostError, switchboard::plugin::calls};

type CallResult = wasmtime::Result<Result<(), HostError>>;

const MAX_HINT_CHARS: usize = 100;
const MAX_TIMEOUT_SECONDS: u32 = 60;

impl calls::Host for HostState {
    fn say(&mut self, text: String) -> CallResult {
        if let Err(e) = self.voice_turn() {
            return Ok(Err(e));
        }
        self.check_text("spoken sentence", &text)?;
        self.push_action(Action::Say { text })?;
        Ok(Ok(()))
    }

    fn ask(&mut self, prompt: String, options: calls::AskOptions) -> CallResult {
        if let Err(e) = self.voice_turn() {
            return Ok(Err(e));
        }
        self.check_text("spoken prompt", &prompt)?;
        // Hints only steer the recogniser: clamp them instead of failing.
        let hints = options
            .hints
            .into_iter()
            .filter(|h| !h.trim().is_empty())
            .map(|h| h.chars().take(MAX_HINT_CHARS).collect())
            .take(self.limits.max_hints)
            .collect();
        let input = match options.input {
            calls::InputMode::Speech => InputMode::Speech,
            calls::InputMode::Dtmf => InputMode::Dtmf,
            calls::InputMode::SpeechAndDtmf => InputMode::SpeechAndDtmf,
        };
        self.push_action(Action::Ask {
            prompt,
            input,
            hints,
            timeout_seconds: options.timeout_seconds.clamp(1, MAX_TIMEOUT_SECONDS),
            num_digits: options.num_digits.map(|n| n.clamp(1, 20)),
        })?;
        Ok(Ok(()))
    }

    fn transfer(&mut self, number: String, announce: Option<String>) -> CallResult {
        if let Err(e) = self.voice_turn() {
            return Ok(Err(e));
        }
        if !is_e164(&number) {
            return Ok(Err(HostError::Invalid(format!("{number:?} is not an E.164 number"))));
        }
        if let Some(text) = &announce {
            self.check_text("transfer announcement", text)?;
        }
        self.push_action(Action::Transfer { number, announce, on_call_item: None })?;
        Ok(Ok(()))
    }

    fn hang_up(&mut self) -> CallResult {
        if let Err(e) = self.voice_turn() {
            return Ok(Err(e));
        }
        self.push_action(Action::HangUp)?;
        Ok(Ok(()))
    }

    /// Outreach by phone: an outbox message like a text's, on any turn or
    /// timer (it is not an action of the current call).
    fn place_call(
        &mut self,
        to: String,
        prompt: String,
        state: Vec<u8>,
    ) -> wasmtime::Result<Result<String, HostError>> {
        if let Err(e) = self.require(Capability::Calls) {
            return Ok(Err(e));
        }
        if !self.ctx.outbound_configured {
            return Ok(Err(HostError::Unavailable("this practice has no outbound gateway configured".into())));
        }
        if !is_e164(&to) {
            return Ok(Err(HostError::Invalid(format!("{to:?} is not an E.164 number"))));
        }
        if prompt.trim().is_empty() {
            return Ok(Err(HostError::Invalid("a call needs a prompt".into())));
        }
        self.check_text("call prompt", &prompt)?;
        if state.len() > self.limits.max_state_bytes {
            let limit = self.limits.max_state_bytes;
            return Ok(Err(HostError::LimitExceeded(format!("a call's state is at most {limit} bytes"))));
        }
        Ok(Ok(self.queue_outbound(Channel::Voice, to, prompt, state)?))
    }
}

impl HostState {
    fn voice_turn(&self) -> Result<(), HostError> {
        self.require(Capability::Calls)?;
        self.require_channel(Channel::Voice)
    }
}

/// `+` then 8 to 15 digits, not starting with 0 (ITU-T E.164).
pub fn is_e164(number: &str) -> bool {
    let Some(digits) = number.strip_prefix('+') else { return false };
    (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}
