//! `escalation`: structured items on the practice's staff queues. Items are
//! committed with the turn, so an item exists before the patient hears the
//! reply that mentions it.

use super::{HostState, field_pairs};
use crate::actions::Channel;
use crate::runtime::bindings::{Capability, Field, HostError, switchboard::plugin::escalation as e};
use crate::store::{AuditEvent, Priority, QueueField, QueueItem, QueueKind, QueueStatus};

type R<T> = wasmtime::Result<Result<T, HostError>>;

const MAX_SUMMARY_CHARS: usize = 300;
const MAX_FIELDS: usize = 40;

impl e::Host for HostState {
    fn enqueue(&mut self, item: e::QueueItem) -> R<String> {
        if let Err(err) = self.require(Capability::Escalation) {
            return Ok(Err(err));
        }
        let kind = match item.kind {
            e::QueueKind::Refill => QueueKind::Refill,
            e::QueueKind::PriorAuth => QueueKind::PriorAuth,
            e::QueueKind::Callback => QueueKind::Callback,
            e::QueueKind::ClinicalUrgent => QueueKind::ClinicalUrgent,
            e::QueueKind::Scheduling => QueueKind::Scheduling,
        };
        let priority = match item.priority {
            e::Priority::Routine => Priority::Routine,
            e::Priority::Urgent => Priority::Urgent,
            e::Priority::Asap => Priority::Asap,
            e::Priority::Stat => Priority::Stat,
        };
        let id = self.add_queue_item(kind, priority, item.summary, field_pairs(item.fields))?;
        Ok(Ok(id))
    }

    fn page_on_call(&mut self, _summary: String, _item_id: String) -> R<()> {
        if let Err(err) = self.require(Capability::Paging) {
            return Ok(Err(err));
        }
        Ok(Err(HostError::Unavailable("on-call paging is not available on this host yet".into())))
    }

    fn report_emergency(&mut self, kind: e::EmergencyKind, fields: Vec<Field>) -> R<String> {
        if let Err(err) = self.require(Capability::Escalation) {
            return Ok(Err(err));
        }
        let label = emergency_label(kind);
        let summary = format!("Emergency reported: {label}; caller was directed to emergency services");
        let mut pairs = field_pairs(fields);
        pairs.push(("emergency".into(), label.into()));
        let id = self.add_queue_item(QueueKind::ClinicalUrgent, Priority::Stat, summary, pairs)?;
        self.out.audit.push(AuditEvent {
            actor: self.ctx.actor.clone(),
            action: "emergency.reported".into(),
            subject: Some(id.clone()),
            detail: serde_json::json!({ "kind": label, "conversation": self.ctx.conversation_id }),
        });
        Ok(Ok(id))
    }
}

impl HostState {
    /// Validate, bound and record a queue item; returns its id. Exceeding a
    /// bound traps (see module docs of `capabilities`).
    pub(crate) fn add_queue_item(
        &mut self,
        kind: QueueKind,
        priority: Priority,
        summary: String,
        fields: Vec<(String, String)>,
    ) -> wasmtime::Result<String> {
        if self.out.queue_items.len() >= self.limits.max_queue_items {
            let limit = self.limits.max_queue_items;
            return Err(self.violation(format!("more than {limit} queue items in one turn")));
        }
        let size = summary.len() + fields.iter().map(|(n, v)| n.len() + v.len()).sum::<usize>();
        if size > self.limits.max_queue_item_bytes
            || fields.len() > MAX_FIELDS
            || summary.chars().count() > MAX_SUMMARY_CHARS
        {
            return Err(self.violation(format!(
                "queue item of {size} bytes and {} fields (limits {} bytes, {MAX_FIELDS} fields, {MAX_SUMMARY_CHARS}-character summary)",
                fields.len(),
                self.limits.max_queue_item_bytes
            )));
        }
        let id = self.new_id()?;
        self.out.queue_items.push(QueueItem {
            id: id.clone(),
            kind,
            priority,
            status: QueueStatus::Requested,
            summary,
            fields: fields.into_iter().map(|(name, value)| QueueField { name, value }).collect(),
            caller: self.ctx.caller.clone(),
            channel: self.ctx.channel.unwrap_or(Channel::Sms),
            conversation_id: self.ctx.conversation_id.clone(),
            source: "plugin".into(),
            created_at: self.ctx.now_ms,
        });
        Ok(id)
    }
}

fn emergency_label(kind: e::EmergencyKind) -> &'static str {
    match kind {
        e::EmergencyKind::Overdose => "overdose",
        e::EmergencyKind::SuicidalCrisis => "suicidal-crisis",
        e::EmergencyKind::CaudaEquina => "cauda-equina",
        e::EmergencyKind::SevereAllergicReaction => "severe-allergic-reaction",
        e::EmergencyKind::PostProcedureInfection => "post-procedure-infection",
        e::EmergencyKind::UncontrolledBleeding => "uncontrolled-bleeding",
        e::EmergencyKind::PumpAlarm => "pump-alarm",
        e::EmergencyKind::Other => "other",
    }
}
