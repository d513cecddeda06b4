//! `POST /twilio/voice/on-call?item=ID`: where Twilio reports how a warm
//! transfer to the on-call went (`<Dial action>`, `DialCallStatus`); see
//! [`crate::dial_outcome`].

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;

use super::{authenticate, twiml, xml};
use crate::gateways::{AppError, AppState};
use crate::store::StoreError;

pub async fn dial_result(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = authenticate(&state, &uri, &headers, &body)?;
    let item = uri
        .query()
        .and_then(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "item"))
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty() && v.len() <= 64)
        .ok_or_else(|| AppError::bad_request("missing `item` in the query"))?;
    let answered = matches!(form.get("DialCallStatus"), Some("completed" | "answered"));
    let (store, practice, item_id) = (state.store.clone(), form.practice.clone(), item.clone());
    let recorded = tokio::task::spawn_blocking(move || {
        crate::dial_outcome::record(&store, &practice, &item_id, answered, "gateway")
    })
    .await
    .map_err(AppError::internal)?;
    match recorded {
        Ok(()) => {}
        Err(StoreError::NotFound(_)) => return Err(AppError::not_found(format!("queue item {item:?}"))),
        // The item was written with the turn; even if this page could not
        // be, the caller must not be left in silence.
        Err(e) => tracing::error!(error = %e, "could not record the on-call transfer outcome"),
    }
    let actions = crate::dial_outcome::actions(answered);
    Ok(xml(twiml::voice_in(&actions, "", crate::language::Language::English, &form.practice.voices)))
}
