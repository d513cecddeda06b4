//! Staff routes: a conversation's transcript, the outbox, and the audit
//! chain check (the queue is in `queue.rs`). Every read is audited.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::Serialize;

use super::{AppError, AppState, auth};
use crate::store::{Conversation, TurnRecord};

#[derive(Serialize)]
pub struct ConversationView {
    #[serde(flatten)]
    summary: ConversationSummary,
    turns: Vec<TurnRecord>,
}

#[derive(Serialize)]
struct ConversationSummary {
    id: String,
    channel: crate::actions::Channel,
    caller: String,
    plugin: String,
    finished: bool,
    started_at: i64,
    updated_at: i64,
    /// `en` or `es`: the language the conversation is held in.
    language: String,
}

impl From<&Conversation> for ConversationSummary {
    fn from(c: &Conversation) -> Self {
        ConversationSummary {
            id: c.id.clone(),
            channel: c.channel,
            caller: c.caller.clone(),
            plugin: c.plugin.to_string(),
            finished: c.finished,
            started_at: c.started_at,
            language: c.language.clone().unwrap_or_else(|| "en".into()),
            updated_at: c.updated_at,
        }
    }
}

/// `GET /v1/practices/{practice}/conversations/{conversation}`: the transcript.
pub async fn conversation(
    State(state): State<AppState>,
    Path((id, conversation)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<ConversationView>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    let record = state
        .store
        .conversation(&practice.id, &conversation)?
        .ok_or_else(|| AppError::not_found(format!("conversation {conversation:?}")))?;
    let turns = state.store.turns(&practice.id, &conversation)?;
    state.audit(&practice.id, caller.actor(), "conversation.read", Some(conversation), serde_json::Value::Null)?;
    Ok(Json(ConversationView { summary: (&record).into(), turns }))
}

/// `GET /v1/practices/{practice}/audit/verify`
pub async fn verify_audit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<serde_json::Value>, AppError> {
    let (practice, _) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    // Not itself audited: it reveals no patient data (a count, or where the
    // chain breaks), and a check that wrote to what it checks would change
    // its own answer.
    Ok(Json(match state.store.verify_audit_chain(&practice.id)? {
        Ok(entries) => serde_json::json!({ "ok": true, "entries": entries }),
        Err(broken) => serde_json::json!({ "ok": false, "first_broken": broken }),
    }))
}

/// `GET /v1/practices/{practice}/outbox`: outbound texts and their delivery
/// status, newest first.
pub async fn outbox(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<crate::store::OutboxMessage>>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    let mut messages = state.store.outbox(&practice.id)?;
    messages.reverse();
    state.audit(&practice.id, caller.actor(), "outbox.read", None, serde_json::Value::Null)?;
    Ok(Json(messages))
}

/// `GET /v1/practices/{practice}/audit`: the practice's audit log, oldest
/// first (practice admins and the host admin). Reading it is audited too.
pub async fn audit_log(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<crate::store::AuditEntry>>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::PracticeAdmin)?;
    let entries = state.store.audit_entries(&practice.id)?;
    state.audit(&practice.id, caller.actor(), "audit.read", None, serde_json::json!({ "entries": entries.len() }))?;
    Ok(Json(entries))
}
