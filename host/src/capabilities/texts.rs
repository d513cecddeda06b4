//! `texts`: replies in the current thread. Sending a new text to a number
//! needs the outbox (a later part of the host) and says so.

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

    fn send(&mut self, _to: String, _body: String) -> wasmtime::Result<Result<String, HostError>> {
        if let Err(e) = self.require(Capability::TextsOutbound) {
            return Ok(Err(e));
        }
        Ok(Err(HostError::Unavailable("outbound texts need the outbox, which this host does not run yet".into())))
    }
}
