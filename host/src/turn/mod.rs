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
mod run;

use std::sync::Arc;
use std::time::Instant;

use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::actions::{Action, Channel};
use crate::runtime::PluginSlots;
use crate::store::{Practice, Store, StoreError};
use locks::ConversationLocks;

/// A conversation with no turn for this long is over: a text thread starts
/// anew, and the plugin version it was on no longer has to stay loaded.
pub const CONVERSATION_IDLE_MS: i64 = 24 * 60 * 60 * 1000;

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
    /// The conversation's language: a call's speech is read and heard in it.
    pub language: crate::language::Language,
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
                    language: record.language,
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
                span.in_scope(|| run::run_and_commit(&store, &slots, &practice, conversation_id, inbound))
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

/// Phone numbers in logs show only their last two digits.
pub fn mask_number(number: &str) -> String {
    let digits: Vec<char> = number.chars().filter(|c| c.is_ascii_digit()).collect();
    let tail: String = digits.iter().skip(digits.len().saturating_sub(2)).collect();
    format!("***{tail}")
}
