//! The outbox worker: delivers due messages, records each attempt, retries
//! with exponential backoff, and defers non-urgent outreach to after the
//! practice's quiet hours. Every status change is durable before the next
//! message is taken.

use std::time::Duration;

use tokio::sync::watch;

use super::gateway::{self, SendError};
use super::quiet::next_allowed;
use crate::actions::{Action, Channel, InputMode};
use crate::store::{Conversation, OutboxMessage, OutboxStatus, Store};

/// Attempts before a message is given up on (and left `failed` for staff).
const MAX_ATTEMPTS: u32 = 8;
const POLL: Duration = Duration::from_millis(200);
const BATCH: usize = 32;

/// 1 s, 2 s, 4 s, … capped at 5 minutes.
pub fn backoff_ms(attempts: u32) -> i64 {
    (1000i64 << attempts.saturating_sub(1).min(20)).min(5 * 60 * 1000)
}

/// Where the carrier comes back to the host.
#[derive(Clone)]
pub struct Callbacks {
    /// Where an answered call's `<Gather>` posts (`{public_url}/twilio/voice`).
    voice_url: String,
    /// Where status reports go (`{public_url}/twilio/status`).
    status_url: String,
}

impl Callbacks {
    pub fn new(public_url: &str) -> Self {
        let base = public_url.trim_end_matches('/');
        Callbacks { voice_url: format!("{base}/twilio/voice"), status_url: format!("{base}/twilio/status") }
    }

    /// The status callback of one message: the query names it, and the
    /// carrier's signature covers the whole URL, so it cannot be pointed at
    /// another message.
    fn status_for(&self, message: &OutboxMessage) -> String {
        let query: String = form_urlencoded::Serializer::new(String::new())
            .append_pair("practice", &message.practice)
            .append_pair("outbox", &message.id)
            .finish();
        format!("{}?{query}", self.status_url)
    }
}

pub struct OutboxWorker {
    store: Store,
    agent: ureq::Agent,
    callbacks: Callbacks,
}

impl OutboxWorker {
    /// `agent` is the host's one outbound HTTP client (`scheduler::http`).
    pub fn new(store: Store, public_url: &str, agent: ureq::Agent) -> Self {
        OutboxWorker { store, agent, callbacks: Callbacks::new(public_url) }
    }

    /// Run until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            let (store, agent, callbacks) = (self.store.clone(), self.agent.clone(), self.callbacks.clone());
            // A pass writes, so it holds a ticket (a backup waits for it).
            let ticket = self.store.write_ticket().await;
            let worked = tokio::task::spawn_blocking(move || {
                let _ticket = ticket;
                deliver_due(&store, &agent, &callbacks, crate::clock::now_ms())
            })
            .await;
            match worked {
                Ok(Err(e)) => tracing::error!(error = %e, "outbox pass failed"),
                Err(e) => tracing::error!(error = %e, "outbox task failed"),
                Ok(Ok(_)) => {}
            }
            tokio::select! {
                _ = tokio::time::sleep(POLL) => {}
                _ = shutdown.changed() => return,
            }
        }
    }
}

/// One pass over the due messages; returns how many were attempted.
pub fn deliver_due(
    store: &Store,
    agent: &ureq::Agent,
    callbacks: &Callbacks,
    now: i64,
) -> Result<usize, crate::store::StoreError> {
    let due = store.due_outbox(now, BATCH)?;
    let count = due.len();
    for message in due {
        let previous_due = message.next_attempt_at;
        let updated = attempt(store, agent, callbacks, message, now)?;
        store.update_outbox(previous_due, &updated)?;
        store.make_durable()?;
        if updated.status == OutboxStatus::Failed && updated.urgent {
            // An on-call page that will never go out: the next rung now.
            let why = updated.last_error.as_deref().unwrap_or("not sent");
            super::paging::page_undelivered(store, &updated.practice, &updated.id, why)?;
        }
    }
    Ok(count)
}

fn attempt(
    store: &Store,
    agent: &ureq::Agent,
    callbacks: &Callbacks,
    mut message: OutboxMessage,
    now: i64,
) -> Result<OutboxMessage, crate::store::StoreError> {
    message.updated_at = now;
    let Some(practice) = store.practice(&message.practice)? else {
        message.status = OutboxStatus::Failed;
        message.last_error = Some("the practice no longer exists".into());
        return Ok(message);
    };
    let Some(outbound) = practice.outbound.clone() else {
        message.status = OutboxStatus::Failed;
        message.last_error = Some("the practice has no outbound gateway".into());
        return Ok(message);
    };
    // STOP unsubscribes a number from texts; calls are not texts.
    if message.channel == Channel::Sms && store.opted_out(&message.practice, &message.to)? {
        message.status = OutboxStatus::Failed;
        message.last_error = Some("the recipient opted out of texts (STOP)".into());
        return Ok(message);
    }
    if !message.urgent {
        let allowed =
            next_allowed(now, &practice.time_zone, outbound.quiet_start.as_deref(), outbound.quiet_end.as_deref());
        if allowed > now {
            message.next_attempt_at = allowed;
            return Ok(message);
        }
    }
    message.attempts += 1;
    let status_callback = callbacks.status_for(&message);
    let request = gateway::Request {
        agent,
        gateway: &outbound,
        auth_token: &practice.twilio_auth_token,
        status_callback: &status_callback,
    };
    let sent = match message.channel {
        Channel::Voice => {
            gateway::call(&request, &message, &call_twiml(&message, &callbacks.voice_url, &practice.voices))
        }
        Channel::Sms => gateway::send(&request, &message),
    };
    match sent {
        Ok(sid) => {
            if message.channel == Channel::Voice {
                // The answer comes back on the voice webhook as this call's
                // conversation, resuming the state the plugin gave.
                let conversation = Conversation {
                    id: format!("call:{sid}"),
                    channel: Channel::Voice,
                    caller: message.to.clone(),
                    plugin: practice.plugin.clone(),
                    state: message.call_state.clone(),
                    turns: 0,
                    finished: false,
                    started_at: now,
                    updated_at: now,
                    // Decided on the first answer, from the patient's
                    // remembered language.
                    language: None,
                };
                store.open_conversation(&practice.id, &conversation)?;
            }
            message.status = OutboxStatus::Sent;
            message.gateway_sid = Some(sid);
            message.last_error = None;
            tracing::info!(practice = %message.practice, message = %message.id, attempts = message.attempts, "outbound message sent");
        }
        Err(SendError::Permanent(e)) => {
            message.status = OutboxStatus::Failed;
            message.last_error = Some(e);
        }
        Err(SendError::Retry(e)) if message.attempts >= MAX_ATTEMPTS => {
            message.status = OutboxStatus::Failed;
            message.last_error = Some(format!("gave up after {} attempts: {e}", message.attempts));
        }
        Err(SendError::Retry(e)) => {
            tracing::warn!(practice = %message.practice, message = %message.id, attempts = message.attempts, "outbound text will be retried");
            message.next_attempt_at = now + backoff_ms(message.attempts);
            message.last_error = Some(e);
        }
    }
    Ok(message)
}

/// What an answered outreach call hears: the prompt in a `<Gather>` for one
/// key or a few words, posted to the voice webhook (rendered like any
/// turn's prompt, so silence is a turn too).
fn call_twiml(message: &OutboxMessage, voice_url: &str, voices: &crate::store::Voices) -> String {
    let ask = Action::Ask {
        prompt: message.body.clone(),
        input: InputMode::SpeechAndDtmf,
        hints: Vec::new(),
        timeout_seconds: 6,
        num_digits: Some(1),
    };
    let language = if crate::safety::language::is_spanish(&message.body) {
        crate::language::Language::Spanish
    } else {
        crate::language::Language::English
    };
    crate::gateways::twilio::twiml::voice_in(&[ask], voice_url, language, voices)
}
