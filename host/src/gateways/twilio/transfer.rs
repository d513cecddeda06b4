//! `POST /twilio/voice/transfer`: where Twilio reports how a plain
//! transfer went (`<Dial action>`, `DialCallStatus`); see
//! [`crate::transfer_outcome`].

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;

use super::{authenticate, outbound, twiml, xml};
use crate::gateways::{AppError, AppState};
use crate::transfer_outcome::{self, Outcome};

pub async fn dial_result(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = authenticate(&state, &uri, &headers, &body)?;
    let call_id = form.require("CallSid")?.to_string();
    let status = form.require("DialCallStatus")?.to_string();
    let caller = form.require(if outbound(&form.params) { "To" } else { "From" })?.to_string();
    let conversation_id = format!("call:{call_id}");
    let (store, practice) = (state.store.clone(), form.practice.id.clone());
    let (recorded, language) = tokio::task::spawn_blocking(move || {
        let outcome = Outcome {
            practice: &practice,
            conversation_id: &conversation_id,
            caller: &caller,
            status: &status,
            call_id: &call_id,
        };
        // Unknown on a read error: the caller still hears the apology.
        let language = transfer_outcome::language_of(&store, &practice, &conversation_id).unwrap_or_default();
        (transfer_outcome::record(&store, &outcome).map(|made| (made, outcome.connected())), language)
    })
    .await
    .map_err(AppError::internal)?;
    let connected = match recorded {
        Ok((recorded, connected)) => {
            tracing::info!(practice = %form.practice.id, connected, ?recorded, "transfer outcome");
            connected
        }
        // The caller still hears the apology: never silence.
        Err(e) => {
            tracing::error!(error = %e, "could not queue the callback for a transfer that did not connect");
            false
        }
    };
    let actions = transfer_outcome::actions(connected, language);
    Ok(xml(twiml::voice_in(&actions, "", language, &form.practice.voices)))
}
