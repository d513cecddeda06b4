//! The turn — the heart of the system (DESIGN.md "The turn"):
//! load the conversation, run a fresh instance of the practice's plugin,
//! check what it produced, commit everything in one transaction, make it
//! durable, and only then hand the actions back for rendering.
//!
//! Invariants:
//! - The patient always gets an answer: a plugin fault or a silent plugin
//!   becomes the safe fallback plus an urgent callback item, and is audited.
//! - Nothing reaches the gateway before it is durable.
//! - A gateway's retry of the same message replays the stored answer.

pub mod fallback;
mod locks;

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::actions::{Action, Channel};
use crate::capabilities::{Grants, TurnContext};
use crate::runtime::bindings::{Turn, WitChannel};
use crate::runtime::{Fault, PluginSlots, RuntimeError};
use crate::store::{
    AuditEvent, Conversation, FaultRecord, Inbound, Practice, QueueItem, Store, StoreError, TurnRecord, TurnWrite,
};
use locks::ConversationLocks;

/// A text thread with no message for this long starts a new conversation.
const SMS_THREAD_IDLE_MS: i64 = 24 * 60 * 60 * 1000;

/// One inbound turn, as a gateway delivers it (already authenticated).
#[derive(Debug, Clone)]
pub struct InboundTurn {
    pub channel: Channel,
    /// The patient's number.
    pub caller: String,
    /// The practice number called or texted.
    pub called: String,
    pub text: Option<String>,
    pub digits: Option<String>,
    pub confidence: Option<f32>,
    /// The gateway's conversation id (a call's `CallSid`); text threads are
    /// keyed by the patient's number when absent.
    pub conversation_id: Option<String>,
    /// The gateway's id for this message, for idempotent retries.
    pub dedupe_key: Option<String>,
}

/// What the gateway renders.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TurnAnswer {
    pub conversation_id: String,
    pub turn: u32,
    pub actions: Vec<Action>,
    /// True when the plugin failed and the host's fallback answered.
    pub fallback: bool,
    /// True when this answer is a replay of an already handled message.
    pub replayed: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum TurnError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("the turn could not be run: {0}")]
    Internal(String),
}

pub struct TurnService {
    store: Store,
    slots: PluginSlots,
    locks: ConversationLocks,
    permits: Semaphore,
}

impl TurnService {
    pub fn new(store: Store, slots: PluginSlots) -> Arc<Self> {
        let permits = Semaphore::new(crate::runtime::MAX_CONCURRENT_INSTANCES as usize / 2);
        Arc::new(TurnService { store, slots, locks: ConversationLocks::new(), permits })
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn slots(&self) -> &PluginSlots {
        &self.slots
    }

    /// Handle one turn end to end; the answer is durable when this returns.
    pub async fn handle(&self, practice: Arc<Practice>, inbound: InboundTurn) -> Result<TurnAnswer, TurnError> {
        let conversation_id = match &inbound.conversation_id {
            Some(id) => id.clone(),
            None => format!("{}:{}", inbound.channel.as_str(), inbound.caller),
        };
        let span = tracing::info_span!(
            "switchboard.turn",
            practice = %practice.id,
            plugin = tracing::field::Empty,
            channel = inbound.channel.as_str(),
            caller = %mask_number(&inbound.caller),
            outcome = tracing::field::Empty,
            duration_us = tracing::field::Empty,
        );
        let started = Instant::now();
        let answer = async {
            let _guard = self.locks.lock(&practice.id, &conversation_id).await;
            if let Some(key) = &inbound.dedupe_key
                && let Some(done) = self.store.committed_turn(&practice.id, key)?
                && let Some(record) = self.store.turn(&practice.id, &done.conversation_id, done.seq)?
            {
                return Ok(TurnAnswer {
                    conversation_id: done.conversation_id,
                    turn: record.seq,
                    fallback: record.fault.is_some(),
                    actions: record.actions,
                    replayed: true,
                });
            }
            let _permit = self.permits.acquire().await.map_err(|e| TurnError::Internal(e.to_string()))?;
            let store = self.store.clone();
            let slots = self.slots.clone();
            let practice = practice.clone();
            // The blocking thread has no current span: carry the turn's span
            // over so the plugin version is recorded on it.
            let span = tracing::Span::current();
            tokio::task::spawn_blocking(move || {
                span.in_scope(|| run_and_commit(&store, &slots, &practice, conversation_id, inbound))
            })
            .await
            .map_err(|e| TurnError::Internal(format!("turn task failed: {e}")))?
        }
        .instrument(span.clone())
        .await;
        span.record("duration_us", started.elapsed().as_micros() as u64);
        match &answer {
            Ok(a) if a.replayed => span.record("outcome", "replayed"),
            Ok(a) if a.fallback => span.record("outcome", "fallback"),
            Ok(_) => span.record("outcome", "ok"),
            Err(_) => span.record("outcome", "error"),
        };
        span.in_scope(|| tracing::info!("turn finished"));
        answer
    }
}

/// The blocking part of a turn: plugin call, commit, flush.
fn run_and_commit(
    store: &Store,
    slots: &PluginSlots,
    practice: &Practice,
    conversation_id: String,
    inbound: InboundTurn,
) -> Result<TurnAnswer, TurnError> {
    let now = crate::clock::now_ms();
    let existing = store.conversation(&practice.id, &conversation_id)?;
    // A conversation finishes on the plugin version it started on; a new
    // one (or one that ended or went idle) starts on the practice's current.
    let (previous, plugin_ref, started_at, seq) = match existing {
        Some(c) if continues(&c, now) => {
            let seq = c.turns + 1;
            (Some(c.state), c.plugin, c.started_at, seq)
        }
        Some(c) => (None, practice.plugin.clone(), now, c.turns + 1),
        None => (None, practice.plugin.clone(), now, 1),
    };
    tracing::Span::current().record("plugin", tracing::field::display(&plugin_ref));
    let inbound_record = Inbound { text: inbound.text.clone(), digits: inbound.digits.clone() };

    let (outcome, out) = match slots.get(&practice.id, &plugin_ref) {
        Ok(plugin) => {
            let ctx = TurnContext {
                practice_id: practice.id.clone(),
                practice_name: practice.name.clone(),
                time_zone: practice.time_zone.clone(),
                main_number: practice.numbers.first().cloned().unwrap_or_default(),
                config: Arc::from(practice.prepared_config.as_slice()),
                channel: Some(inbound.channel),
                caller: inbound.caller.clone(),
                conversation_id: conversation_id.clone(),
                now_ms: now,
                grants: Grants::from_capabilities(&plugin.description.capabilities),
                actor: plugin.actor(),
            };
            let turn = Turn {
                conversation_id: conversation_id.clone(),
                channel: match inbound.channel {
                    Channel::Sms => WitChannel::Sms,
                    Channel::Voice => WitChannel::Voice,
                },
                caller: inbound.caller.clone(),
                called: inbound.called.clone(),
                text: inbound.text.clone(),
                digits: inbound.digits.clone(),
                confidence: inbound.confidence,
                first_turn: previous.is_none(),
                received_at: now,
            };
            let call = plugin.handle_turn(ctx, &turn, previous.as_deref(), store.clone());
            (call.result, call.out)
        }
        Err(e) => (Err(load_fault(e)), Default::default()),
    };
    let outcome =
        outcome.and_then(|o| if reaches_patient(inbound.channel, &out.actions) { Ok(o) } else { Err(Fault::Silent) });

    let actor = format!("plugin:{plugin_ref}");
    let mut audit = out.audit;
    let (actions, mut queue_items, state, finished, fault): (Vec<Action>, Vec<QueueItem>, _, _, _) = match outcome {
        Ok(o) => (out.actions, out.queue_items, o.state, o.finished, None),
        Err(fault) => {
            if let Fault::Panic(message) = &fault {
                tracing::warn!(fault = fault.kind(), panic = %message, "plugin fault; answering with the fallback");
            } else {
                tracing::warn!(fault = fault.kind(), "plugin fault; answering with the fallback");
            }
            // Whatever the failed call produced is discarded: a half-finished
            // turn must not reach the patient or the queues.
            let item = fallback::FallbackItem {
                id: store.new_queue_item_id()?,
                fault: &fault,
                plugin: plugin_ref.to_string(),
                channel: inbound.channel,
                caller: &inbound.caller,
                conversation_id: &conversation_id,
                inbound: &inbound_record,
                at: now,
            }
            .into_item();
            audit.retain(|_| false);
            audit.push(AuditEvent {
                actor: "host".into(),
                action: "plugin.fault".into(),
                subject: Some(conversation_id.clone()),
                detail: serde_json::json!({ "plugin": actor, "fault": fault.kind(), "detail": fault.detail(), "queue-item": item.id }),
            });
            let record = FaultRecord { kind: fault.kind().into(), detail: fault.detail() };
            // Keep the previous state so the next turn can carry on from the
            // last good point; a voice fallback hangs up, ending the call.
            let finished = inbound.channel == Channel::Voice;
            (
                fallback::actions(inbound.channel),
                vec![item],
                previous.clone().unwrap_or_default(),
                finished,
                Some(record),
            )
        }
    };
    for item in &mut queue_items {
        item.created_at = now;
    }
    audit.push(AuditEvent {
        actor: "host".into(),
        action: "turn.handled".into(),
        subject: Some(conversation_id.clone()),
        detail: serde_json::json!({
            "turn": seq,
            "channel": inbound.channel.as_str(),
            "plugin": plugin_ref.to_string(),
            "outcome": if fault.is_some() { "fallback" } else { "ok" },
            "queue-items": queue_items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        }),
    });
    let conversation = Conversation {
        id: conversation_id.clone(),
        channel: inbound.channel,
        caller: inbound.caller.clone(),
        plugin: plugin_ref.clone(),
        state,
        turns: seq,
        finished,
        started_at,
        updated_at: now,
    };
    let fallback = fault.is_some();
    let record = TurnRecord {
        seq,
        received_at: now,
        channel: inbound.channel,
        inbound: inbound_record,
        actions,
        plugin: plugin_ref,
        fault,
    };
    store.commit_turn(&TurnWrite {
        practice: &practice.id,
        conversation: &conversation,
        turn: &record,
        queue_items: &queue_items,
        audit: &audit,
        dedupe_key: inbound.dedupe_key.as_deref(),
        at: now,
    })?;
    store.make_durable()?;
    Ok(TurnAnswer { conversation_id, turn: seq, actions: record.actions, fallback, replayed: false })
}

/// Does the next turn continue this conversation, or start a new one?
fn continues(conversation: &Conversation, now: i64) -> bool {
    let idle = conversation.channel == Channel::Sms && now - conversation.updated_at > SMS_THREAD_IDLE_MS;
    !conversation.finished && !idle
}

/// A plugin that cannot even be loaded is a fault like any other for the
/// patient; the detail goes to the audit log.
fn load_fault(error: RuntimeError) -> Fault {
    Fault::Instantiation(error.to_string())
}

/// Does the turn put something in front of the patient on this channel?
fn reaches_patient(channel: Channel, actions: &[Action]) -> bool {
    actions.iter().any(|a| match (channel, a) {
        (Channel::Sms, Action::Reply { body }) => !body.trim().is_empty(),
        (Channel::Voice, Action::Say { text }) => !text.trim().is_empty(),
        (Channel::Voice, Action::Ask { prompt, .. }) => !prompt.trim().is_empty(),
        (Channel::Voice, Action::Transfer { .. }) => true,
        _ => false,
    })
}

/// Phone numbers in logs show only their last two digits.
pub fn mask_number(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(|c| c.is_ascii_digit()).collect();
    let tail: String = digits.iter().skip(digits.len().saturating_sub(2)).collect();
    format!("***{tail}")
}
