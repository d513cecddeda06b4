//! The JSON turn API for gateways that do not speak TwiML: post one turn,
//! get the actions back. Authenticated with the practice's gateway token.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::HeaderMap;
use serde::Deserialize;

use super::{AppError, AppState, auth};
use crate::actions::Channel;
use crate::capabilities::calls_is_e164;
use crate::turn::{InboundTurn, TurnAnswer};

const MAX_TEXT_CHARS: usize = 1600;
const MAX_ID_CHARS: usize = 128;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TurnRequest {
    pub practice: String,
    pub channel: Channel,
    /// The patient's number (E.164).
    pub from: String,
    pub text: Option<String>,
    pub digits: Option<String>,
    /// Keeps a call's turns together; text threads default to the number.
    pub conversation_id: Option<String>,
    /// The gateway's id for this message: a retry with the same id replays
    /// the stored answer instead of running the turn again.
    pub turn_id: Option<String>,
}

/// `POST /v1/turns`
pub async fn turn(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<TurnRequest>, JsonRejection>,
) -> Result<Json<TurnAnswer>, AppError> {
    let Json(request) = body.map_err(|e| AppError::new(e.status(), e.body_text()))?;
    let (practice, _) = auth::practice_for(&state, &headers, &request.practice, auth::Need::Gateway)?;
    if !calls_is_e164(&request.from) {
        return Err(AppError::bad_request("`from` must be an E.164 phone number"));
    }
    let text = request.text.filter(|t| !t.trim().is_empty());
    if text.as_ref().is_some_and(|t| t.chars().count() > MAX_TEXT_CHARS) {
        return Err(AppError::bad_request(format!("`text` is longer than {MAX_TEXT_CHARS} characters")));
    }
    let digits = request.digits.filter(|d| !d.is_empty());
    if digits.as_ref().is_some_and(|d| d.len() > 32 || !d.bytes().all(|b| b.is_ascii_digit() || b == b'*' || b == b'#'))
    {
        return Err(AppError::bad_request("`digits` must be at most 32 keypad characters"));
    }
    if request.channel == Channel::Sms && text.is_none() {
        return Err(AppError::bad_request("a text turn needs `text`"));
    }
    for (name, value) in [("conversation_id", &request.conversation_id), ("turn_id", &request.turn_id)] {
        if let Some(value) = value {
            gateway_id(name, value)?;
        }
    }
    let inbound = InboundTurn {
        channel: request.channel,
        caller: request.from,
        called: practice.numbers.first().cloned().unwrap_or_default(),
        text,
        digits,
        confidence: None,
        // Gateway-chosen ids cannot contain ':', so they never collide with
        // the host's own `sms:` and `call:` conversation ids.
        conversation_id: request.conversation_id,
        dedupe_key: request.turn_id.map(|id| format!("api:{id}")),
    };
    // STOP/START is recorded with the turn (`turn::run`).
    Ok(Json(state.turns.handle(Arc::new(practice), inbound).await?))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TransferOutcome {
    pub practice: String,
    /// The `on_call_item` of the transfer action.
    pub item: String,
    /// Whether the on-call answered.
    pub answered: bool,
}

/// `POST /v1/turns/on-call`: a JSON gateway reports how a warm transfer to
/// the on-call went; the answer is what the caller hears next.
pub async fn on_call_outcome(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<TransferOutcome>, JsonRejection>,
) -> Result<Json<serde_json::Value>, AppError> {
    let Json(request) = body.map_err(|e| AppError::new(e.status(), e.body_text()))?;
    let (practice, _) = auth::practice_for(&state, &headers, &request.practice, auth::Need::Gateway)?;
    let (store, item, answered) = (state.store.clone(), request.item.clone(), request.answered);
    tokio::task::spawn_blocking(move || crate::dial_outcome::record(&store, &practice, &item, answered, "gateway"))
        .await
        .map_err(AppError::internal)??;
    Ok(Json(serde_json::json!({ "actions": crate::dial_outcome::actions(answered) })))
}

/// A gateway-chosen id: letters, digits, `-_.`, so never the host's own
/// `sms:`/`call:` ids.
fn gateway_id(name: &str, value: &str) -> Result<(), AppError> {
    if value.is_empty()
        || value.chars().count() > MAX_ID_CHARS
        || !value.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
    {
        return Err(AppError::bad_request(format!(
            "`{name}` must be 1 to {MAX_ID_CHARS} letters, digits, dashes, dots or underscores"
        )));
    }
    Ok(())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlainTransferOutcome {
    pub practice: String,
    /// The call's `conversation_id`, as its turns carried it.
    pub conversation_id: String,
    /// The patient's number (E.164).
    pub from: String,
    /// Whether the transfer connected.
    pub connected: bool,
}

/// `POST /v1/turns/transfer`: a JSON gateway reports how a plain transfer
/// went; the answer is what the caller hears next.
pub async fn transfer_outcome(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PlainTransferOutcome>, JsonRejection>,
) -> Result<Json<serde_json::Value>, AppError> {
    use crate::transfer_outcome::{self as outcome, Outcome};
    let Json(request) = body.map_err(|e| AppError::new(e.status(), e.body_text()))?;
    let (practice, _) = auth::practice_for(&state, &headers, &request.practice, auth::Need::Gateway)?;
    gateway_id("conversation_id", &request.conversation_id)?;
    if !calls_is_e164(&request.from) {
        return Err(AppError::bad_request("`from` must be an E.164 phone number"));
    }
    let store = state.store.clone();
    let (connected, language) = tokio::task::spawn_blocking(move || {
        let status = if request.connected { "completed" } else { "no-answer" };
        let report = Outcome {
            practice: &practice.id,
            conversation_id: &request.conversation_id,
            caller: &request.from,
            status,
            call_id: &request.conversation_id,
        };
        outcome::record(&store, &report)?;
        let language = outcome::language_of(&store, &practice.id, &request.conversation_id)?;
        Ok::<_, crate::store::StoreError>((report.connected(), language))
    })
    .await
    .map_err(AppError::internal)??;
    Ok(Json(serde_json::json!({ "actions": outcome::actions(connected, language) })))
}
