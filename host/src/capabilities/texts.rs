//! `texts`: replies in the current thread, and new texts to a number
//! through the practice's outbox (written with the turn, delivered after it
//! commits, subject to quiet hours).

use super::HostState;
use crate::actions::{Action, Channel};
use crate::runtime::bindings::{Capability, HostError, switchboard::plugin::texts};

impl texts::Host for HostState {
    fn reply(&mut self, body: String) -> wasmtime::Result<Result<(), HostError>> {
        if let Err(e) = self.require(Capability::Texts).and_then(|_| self.require_channel(Channel::Sms)) {
            return Ok(Err(e));
        }
        self.check_text("text reply", &body)?;
        self.push_action(Action::Reply { body })?;
        Ok(Ok(()))
    }

    fn send(&mut self, to: String, body: String) -> wasmtime::Result<Result<String, HostError>> {
        if let Err(e) = self.require(Capability::TextsOutbound) {
            return Ok(Err(e));
        }
        if !self.ctx.outbound_configured {
            return Ok(Err(HostError::Unavailable("this practice has no outbound gateway configured".into())));
        }
        if !super::calls::is_e164(&to) {
            return Ok(Err(HostError::Invalid(format!("{to:?} is not an E.164 number"))));
        }
        if body.trim().is_empty() {
            return Ok(Err(HostError::Invalid("an outbound text needs a body".into())));
        }
        self.check_text("outbound text", &body)?;
        Ok(Ok(self.queue_outbound(Channel::Sms, to, body, Vec::new())?))
    }
}
