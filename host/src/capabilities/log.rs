//! `log`: the plugin's diagnostics (bounded, tagged, at most
//! `max_events` per turn) and its audit events (into the hash chain with
//! the turn).

use super::{HostState, field_pairs};
use crate::runtime::bindings::{Field, switchboard::plugin::log};
use crate::store::AuditEvent;

const MAX_LINE_CHARS: usize = 300;
const MAX_EVENT_NAME: usize = 64;
const MAX_AUDIT_FIELD_CHARS: usize = 500;

impl log::Host for HostState {
    fn write(&mut self, level: log::Level, message: String) -> wasmtime::Result<()> {
        if self.out.log_lines >= self.limits.max_events {
            return Ok(());
        }
        self.out.log_lines += 1;
        let message: String = message.chars().take(MAX_LINE_CHARS).collect();
        let plugin = self.ctx.actor.as_str();
        let practice = self.ctx.practice_id.as_str();
        match level {
            log::Level::Debug => tracing::debug!(target: "switchboard::plugin", plugin, practice, "{message}"),
            log::Level::Info => tracing::info!(target: "switchboard::plugin", plugin, practice, "{message}"),
            log::Level::Warn => tracing::warn!(target: "switchboard::plugin", plugin, practice, "{message}"),
            log::Level::Error => tracing::error!(target: "switchboard::plugin", plugin, practice, "{message}"),
        }
        Ok(())
    }

    fn audit(&mut self, event: String, fields: Vec<Field>) -> wasmtime::Result<()> {
        if self.out.audit.len() >= self.limits.max_events {
            let limit = self.limits.max_events;
            return Err(self.violation(format!("more than {limit} audit events in one turn")));
        }
        let event: String = event.chars().take(MAX_EVENT_NAME).collect();
        let detail: serde_json::Map<String, serde_json::Value> = field_pairs(fields)
            .into_iter()
            .take(20)
            .map(|(name, value)| {
                let value: String = value.chars().take(MAX_AUDIT_FIELD_CHARS).collect();
                (name.chars().take(MAX_EVENT_NAME).collect(), value.into())
            })
            .collect();
        self.out.audit.push(AuditEvent {
            actor: self.ctx.actor.clone(),
            action: format!("plugin.{event}"),
            subject: Some(self.ctx.conversation_id.clone()),
            detail: detail.into(),
        });
        Ok(())
    }
}
