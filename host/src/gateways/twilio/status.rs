//! `POST /twilio/status?practice=…&outbox=…`: the carrier's delivery report
//! for a text or a call the outbox sent. The query names the message; the
//! signature, which covers the whole URL, proves the carrier sent it with
//! that practice's auth token. An unknown practice or message answers the
//! same 403 as a bad signature, so ids cannot be probed.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};

use super::{parse_form, signed_by};
use crate::gateways::{AppError, AppState};
use crate::store::carrier_status_is_failure;

/// Longest status or error code accepted (Twilio's are a word or 5 digits).
const MAX_FIELD: usize = 32;

pub async fn status(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, AppError> {
    let params = parse_form(&headers, &body)?;
    let query: Vec<(String, String)> =
        form_urlencoded::parse(uri.query().unwrap_or("").as_bytes()).into_owned().collect();
    let named = |n: &str| query.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str()).unwrap_or("");
    let (practice_id, outbox_id) = (named("practice"), named("outbox"));
    let refused = || AppError::forbidden("invalid X-Twilio-Signature for this status callback");
    let practice = state.store.practice(practice_id)?.ok_or_else(refused)?;
    if !signed_by(&state, &uri, &headers, &params, &practice.twilio_auth_token) {
        tracing::warn!(practice = %practice.id, "rejected a status callback with a bad X-Twilio-Signature");
        return Err(refused());
    }
    let field = |n: &str| params.iter().find(|(k, _)| k == n).map(|(_, v)| v.trim()).filter(|v| !v.is_empty());
    // Texts report `MessageStatus` (older accounts `SmsStatus`), calls `CallStatus`.
    let reported = field("MessageStatus")
        .or_else(|| field("SmsStatus"))
        .or_else(|| field("CallStatus"))
        .ok_or_else(|| AppError::bad_request("missing form parameter `MessageStatus` or `CallStatus`"))?;
    let error = field("ErrorCode");
    let well_formed = |v: &str| v.len() <= MAX_FIELD && v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !well_formed(reported) || !error.is_none_or(well_formed) {
        return Err(AppError::bad_request("`MessageStatus`, `CallStatus` and `ErrorCode` must be short codes"));
    }
    let reported = reported.to_ascii_lowercase();
    let now = crate::clock::now_ms();
    let stored = state.store.record_carrier_status(&practice.id, outbox_id, &reported, error, now)?;
    let message = stored.ok_or_else(|| AppError::not_found(format!("outbox message {outbox_id:?}")))?;
    state.store.make_durable()?;
    if carrier_status_is_failure(&reported) {
        tracing::warn!(
            practice = %practice.id, message = %message.id, urgent = message.urgent,
            status = %reported, error = error.unwrap_or(""), "the carrier could not deliver an outbound message"
        );
        if message.urgent {
            // An on-call page that did not arrive: the next rung now.
            let (store, why) = (state.store.clone(), format!("the carrier reported {reported}"));
            let (practice_id, message_id) = (practice.id.clone(), message.id.clone());
            let moved = tokio::task::spawn_blocking(move || {
                crate::scheduler::paging::page_undelivered(&store, &practice_id, &message_id, &why)
            })
            .await
            .map_err(AppError::internal)??;
            if let Some(item) = moved {
                tracing::warn!(practice = %practice.id, item, "an on-call page was undelivered; paging the next rung now");
            }
        }
    } else {
        tracing::info!(practice = %practice.id, message = %message.id, status = %reported, "carrier status");
    }
    Ok(StatusCode::NO_CONTENT)
}
