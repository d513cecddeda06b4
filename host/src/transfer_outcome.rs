//! How a plain transfer went (Twilio's `<Dial action>` for a transfer the
//! plugin asked for, not the on-call's warm transfer, which
//! [`crate::dial_outcome`] handles). Connected: the call ends when the
//! people on it hang up. Not connected (no answer, busy, failed): the
//! patient hears that staff will call back, and that is made true.
//!
//! A plugin that transfers usually queued a callback on the same turn: the
//! outcome is noted on the call's open items (so staff know whether the
//! patient already reached someone), and only a call with no open item
//! gets a new callback item. Either way it is audited, once per call
//! however often the carrier repeats its report.

use crate::actions::{Action, Channel};
use crate::language::Language;
use crate::store::{
    AuditEvent, Note, Priority, QueueField, QueueItem, QueueKind, QueueStatus, Store, StoreError, WorkChange,
};

pub const NOT_CONNECTED: &str = "Sorry, we could not connect your call. A staff member will call you back.";
const NOT_CONNECTED_ES: &str =
    "Lo sentimos, no pudimos comunicar su llamada. Un miembro del personal le devolverá la llamada.";

/// What the carrier reported about the transfer.
pub struct Outcome<'a> {
    pub practice: &'a str,
    pub conversation_id: &'a str,
    pub caller: &'a str,
    /// The carrier's status word (`completed`, `no-answer`, `busy`, …).
    pub status: &'a str,
    /// The carrier's id for the call: one item per call.
    pub call_id: &'a str,
}

impl Outcome<'_> {
    pub fn connected(&self) -> bool {
        matches!(self.status, "completed" | "answered")
    }
}

/// What recording the outcome did.
#[derive(Debug, PartialEq)]
pub enum Recorded {
    /// Noted on these open items of the call.
    Noted(Vec<String>),
    /// No open item, not connected: this callback item was queued.
    Queued(String),
    /// Connected with no open item, or a repeated report.
    Nothing,
}

/// Record the outcome; blocking (call it on the blocking pool).
pub fn record(store: &Store, outcome: &Outcome<'_>) -> Result<Recorded, StoreError> {
    let now = crate::clock::now_ms();
    let status: String = outcome.status.chars().take(32).collect();
    let (action, note) = if outcome.connected() {
        ("transfer.connected", "The call was transferred to staff and connected.".to_string())
    } else {
        (
            "transfer.not-connected",
            format!("The transfer to staff did not connect ({status}); the patient was told staff will call back."),
        )
    };
    let open: Vec<QueueItem> = store
        .worked_items(outcome.practice)?
        .into_iter()
        .filter(|w| w.item.conversation_id == outcome.conversation_id && w.work.status() != QueueStatus::Completed)
        .map(|w| w.item)
        .collect();
    // The item a previous report of this call queued already says it.
    if open.iter().any(|item| item.fields.iter().any(|f| f.name == "reason" && f.value == REASON)) {
        return Ok(Recorded::Nothing);
    }
    let open: Vec<String> = open.into_iter().map(|item| item.id).collect();
    let mut noted = Vec::new();
    for id in &open {
        // The closure may run again on a conflict: it says what its last run did.
        let added = std::cell::Cell::new(false);
        store.change_work(outcome.practice, id, now, |_, work| {
            let mut work = work.clone();
            // A repeated report notes once.
            added.set(!work.notes.iter().any(|n| n.by == ACTOR && n.text == note));
            if !added.get() {
                return Ok(WorkChange { work, outbox: vec![], audit: vec![] });
            }
            work.notes.push(Note { by: ACTOR.into(), at: now, text: note.clone() });
            Ok(WorkChange { work, outbox: vec![], audit: vec![event(action, id, &status)] })
        })?;
        if added.get() {
            noted.push(id.clone());
        }
    }
    let recorded = if !open.is_empty() {
        if noted.is_empty() { Recorded::Nothing } else { Recorded::Noted(noted) }
    } else if outcome.connected() {
        Recorded::Nothing
    } else {
        let id = store.new_queue_item_id()?;
        let item = QueueItem {
            id: id.clone(),
            kind: QueueKind::Callback,
            priority: Priority::Routine,
            status: QueueStatus::Requested,
            summary: "The call was transferred to staff and nobody answered; call the patient back.".into(),
            fields: vec![
                QueueField { name: "reason".into(), value: REASON.into() },
                QueueField { name: "carrier-status".into(), value: status.clone() },
            ],
            caller: outcome.caller.to_string(),
            channel: Channel::Voice,
            conversation_id: outcome.conversation_id.to_string(),
            source: "host".into(),
            created_at: now,
        };
        let once = format!("transfer:{}", outcome.call_id);
        if store.queue_host_item_once(outcome.practice, &once, &item, &event(action, &id, &status))? {
            Recorded::Queued(id)
        } else {
            Recorded::Nothing
        }
    };
    store.make_durable()?;
    Ok(recorded)
}

const ACTOR: &str = "gateway";
const REASON: &str = "transfer-not-connected";

fn event(action: &str, item: &str, status: &str) -> AuditEvent {
    AuditEvent {
        actor: ACTOR.into(),
        action: action.into(),
        subject: Some(item.into()),
        detail: serde_json::json!({ "status": status }),
    }
}

/// The language the call was held in (English when it has no record).
pub fn language_of(store: &Store, practice: &str, conversation_id: &str) -> Result<Language, StoreError> {
    Ok(store
        .conversation(practice, conversation_id)?
        .and_then(|c| c.language)
        .and_then(|tag| Language::from_tag(&tag))
        .unwrap_or_default())
}

/// What the caller hears next, in the conversation's language.
pub fn actions(connected: bool, language: Language) -> Vec<Action> {
    if connected {
        return vec![Action::HangUp];
    }
    let text = match language {
        Language::Spanish => NOT_CONNECTED_ES,
        Language::English => NOT_CONNECTED,
    };
    vec![Action::Say { text: text.into() }, Action::HangUp]
}
