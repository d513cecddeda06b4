//! `escalation`: structured items on the practice's staff queues. Items are
//! committed with the turn, so an item exists before the patient hears the
//! reply that mentions it.

use super::{HostState, field_pairs};
use crate::actions::{Action, Channel};
use crate::runtime::bindings::{Capability, Field, HostError, switchboard::plugin::escalation as e};
use crate::store::{AuditEvent, Priority, QueueField, QueueItem, QueueKind, QueueStatus};

type R<T> = wasmtime::Result<Result<T, HostError>>;

const MAX_SUMMARY_CHARS: usize = 300;
const MAX_FIELDS: usize = 40;
const MAX_PAGE_SUMMARY_CHARS: usize = 120;

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

    fn page_on_call(&mut self, summary: String, item_id: String) -> R<()> {
        if let Err(err) = self.require(Capability::Paging).and_then(|_| self.pageable(&item_id)) {
            return Ok(Err(err));
        }
        if !self.ctx.outbound_configured {
            return Ok(Err(HostError::Unavailable("this practice has no outbound gateway for pages".into())));
        }
        if let Err(err) = check_page_summary(&summary) {
            return Ok(Err(err));
        }
        if self.out.paging.iter().any(|(id, _)| *id == item_id) {
            return Ok(Ok(()));
        }
        let watch = crate::store::Paging { summary, pages: Vec::new(), next_due: None };
        let source = self.ctx.conversation_id.clone();
        let (practice_name, now) = (self.ctx.practice_name.clone(), self.ctx.now_ms);
        let Some(on_call) = self.ctx.on_call.clone() else { return Err(unreachable_on_call()) };
        let page_to = crate::scheduler::paging::PageTo {
            practice_id: &self.ctx.practice_id,
            practice_name: &practice_name,
            on_call: &on_call,
        };
        let outbox_id = self.new_outbox_id()?;
        let Some((message, watch)) = page_to.page(&item_id, &watch, &source, now, outbox_id) else {
            return Err(unreachable_on_call());
        };
        let page = watch.pages.last().cloned().expect("one page");
        self.out.audit.push(crate::scheduler::paging::page_event(&item_id, &page, 1));
        self.out.outbox.push(message);
        self.out.paging.push((item_id, watch));
        Ok(Ok(()))
    }

    fn transfer_to_on_call(&mut self, item_id: String, announce: String) -> R<()> {
        let checks = self
            .require(Capability::Paging)
            .and_then(|_| self.require(Capability::Calls))
            .and_then(|_| self.require_channel(Channel::Voice))
            .and_then(|_| self.pageable(&item_id));
        if let Err(err) = checks {
            return Ok(Err(err));
        }
        self.check_text("transfer announcement", &announce)?;
        let Some(on_call) = self.ctx.on_call.clone() else { return Err(unreachable_on_call()) };
        self.push_action(Action::Transfer {
            number: on_call.primary,
            announce: Some(announce),
            on_call_item: Some(item_id.clone()),
        })?;
        self.out.audit.push(AuditEvent {
            actor: self.ctx.actor.clone(),
            action: "on-call.transfer".into(),
            subject: Some(item_id),
            detail: serde_json::json!({ "conversation": self.ctx.conversation_id }),
        });
        Ok(Ok(()))
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
    /// An on-call rota exists and `item_id` is an urgent (or higher) item
    /// this turn enqueued: the on-call is only ever paged about something
    /// already on the queue.
    fn pageable(&self, item_id: &str) -> Result<(), HostError> {
        if self.ctx.on_call.is_none() {
            return Err(HostError::Unavailable("this practice has no on-call rota".into()));
        }
        match self.out.queue_items.iter().find(|i| i.id == item_id) {
            Some(item) if item.priority >= Priority::Urgent => Ok(()),
            Some(_) => Err(HostError::Invalid("only urgent items page the on-call".into())),
            None => Err(HostError::Invalid(format!("{item_id:?} is not an item enqueued in this turn"))),
        }
    }

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

/// Minimum necessary: a page may not carry numbers (phone numbers, dates
/// of birth, record numbers) and stays short; the details are in the queue.
fn check_page_summary(summary: &str) -> Result<(), HostError> {
    let summary = summary.trim();
    if summary.is_empty() || summary.chars().count() > MAX_PAGE_SUMMARY_CHARS {
        return Err(HostError::Invalid(format!("a page summary is 1 to {MAX_PAGE_SUMMARY_CHARS} characters")));
    }
    if summary.chars().any(|c| c.is_ascii_digit()) {
        return Err(HostError::Invalid("a page summary may not contain digits (minimum necessary)".into()));
    }
    Ok(())
}

/// `pageable` checked the rota exists.
fn unreachable_on_call() -> wasmtime::Error {
    wasmtime::Error::msg("on-call rota vanished during a turn")
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
