//! Twilio-compatible webhooks (also SignalWire cXML, which signs the same
//! way): inbound SMS and voice. The practice is found by the `To` number;
//! the request must carry a valid `X-Twilio-Signature` for that practice's
//! auth token before anything is stored.

mod on_call;
pub mod signature;
mod status;
mod transfer;
pub mod twiml;

pub use on_call::dial_result as on_call_dial_result;
pub use status::status;
pub use transfer::dial_result as transfer_dial_result;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use super::{AppError, AppState};
use crate::actions::Channel;
use crate::language::Language;
use crate::store::Practice;
use crate::turn::{InboundTurn, fallback};

/// Longest inbound text accepted (Twilio concatenates up to 1600).
const MAX_INBOUND_CHARS: usize = 1600;

/// A parsed, authenticated Twilio form.
struct Form {
    params: Vec<(String, String)>,
    practice: Arc<Practice>,
}

impl Form {
    fn get(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    fn require(&self, name: &str) -> Result<&str, AppError> {
        self.get(name)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| AppError::bad_request(format!("missing form parameter `{name}`")))
    }
}

/// A webhook's form parameters, in order.
fn parse_form(headers: &HeaderMap, body: &[u8]) -> Result<Vec<(String, String)>, AppError> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return Err(AppError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "expected an application/x-www-form-urlencoded body",
        ));
    }
    if std::str::from_utf8(body).is_err() {
        return Err(AppError::bad_request("the form body is not valid UTF-8"));
    }
    Ok(form_urlencoded::parse(body).into_owned().collect())
}

/// Does the request carry a valid `X-Twilio-Signature` for `auth_token`
/// over the public URL it was sent to?
fn signed_by(state: &AppState, uri: &Uri, headers: &HeaderMap, params: &[(String, String)], auth_token: &str) -> bool {
    let Some(provided) = headers.get("x-twilio-signature").and_then(|v| v.to_str().ok()) else { return false };
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or(uri.path());
    let url = format!("{}{}", state.public_url, path_and_query);
    signature::verify(auth_token, &url, params, provided)
}

/// Parse the form, find the practice, and check the signature.
fn authenticate(state: &AppState, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<Form, AppError> {
    let params = parse_form(headers, body)?;
    // On a call the practice placed (outreach), the practice's number is
    // `From` and the patient's is `To`.
    let ours = if outbound(&params) { "From" } else { "To" };
    let number = params
        .iter()
        .find(|(n, _)| n == ours)
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty())
        .ok_or_else(|| AppError::bad_request(format!("missing form parameter `{ours}`")))?;
    let practice = state
        .store
        .practice_by_number(&number)?
        .ok_or_else(|| AppError::not_found(format!("no practice answers the number in `{ours}`")))?;
    if headers.get("x-twilio-signature").is_none() {
        return Err(AppError::forbidden("missing X-Twilio-Signature"));
    }
    if !signed_by(state, uri, headers, &params, &practice.twilio_auth_token) {
        tracing::warn!(practice = %practice.id, "rejected a webhook with a bad X-Twilio-Signature");
        return Err(AppError::forbidden("invalid X-Twilio-Signature"));
    }
    Ok(Form { params, practice: Arc::new(practice) })
}

/// Twilio's `Direction` for calls the practice placed (`outbound-api`,
/// `outbound-dial`).
fn outbound(params: &[(String, String)]) -> bool {
    params.iter().any(|(n, v)| n == "Direction" && v.starts_with("outbound"))
}

fn bounded_text(form: &Form, name: &str) -> Result<Option<String>, AppError> {
    match form.get(name) {
        Some(text) if text.chars().count() > MAX_INBOUND_CHARS => {
            Err(AppError::bad_request(format!("`{name}` is longer than {MAX_INBOUND_CHARS} characters")))
        }
        Some(text) if !text.trim().is_empty() => Ok(Some(text.to_string())),
        _ => Ok(None),
    }
}

/// Run the turn and render its answer. If the turn could not even be
/// recorded (the store failed), the patient still gets the fallback rather
/// than silence; the error goes to the log.
async fn answer(
    state: &AppState,
    practice: Arc<Practice>,
    inbound: InboundTurn,
    render: impl Fn(&[crate::actions::Action], Language, Option<u32>) -> String,
) -> Response {
    let channel = inbound.channel;
    // Without a record of the conversation, the message itself decides.
    let said = crate::language::decide(inbound.text.as_deref(), None, None, None);
    match state.turns.handle(practice, inbound).await {
        Ok(answer) => xml(render(&answer.actions, answer.language, Some(answer.turn))),
        Err(e) => {
            tracing::error!(error = %e, "turn failed before commit; answering with the fallback");
            xml(render(&fallback::actions(channel, said), said, None))
        }
    }
}

fn xml(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/xml; charset=utf-8")], body).into_response()
}

/// `POST /twilio/sms`: an inbound text → `<Response><Message>…`.
pub async fn sms(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = authenticate(&state, &uri, &headers, &body)?;
    let inbound = InboundTurn {
        channel: Channel::Sms,
        caller: form.require("From")?.to_string(),
        called: form.require("To")?.to_string(),
        text: bounded_text(&form, "Body")?,
        digits: None,
        confidence: None,
        conversation_id: None,
        dedupe_key: Some(format!("sms:{}", form.require("MessageSid")?)),
    };
    // STOP/START is recorded with the turn (`turn::run`).
    Ok(answer(&state, form.practice, inbound, |actions, _, _| twiml::sms(actions)).await)
}

/// `POST /twilio/voice`: a call starts, or a `<Gather>` posts its result.
pub async fn voice(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = authenticate(&state, &uri, &headers, &body)?;
    let call_sid = form.require("CallSid")?.to_string();
    // Status callbacks for a finished call carry nothing to answer.
    if matches!(form.get("CallStatus"), Some("completed" | "canceled" | "failed" | "busy" | "no-answer")) {
        return Ok(xml(twiml::voice(&[], "")));
    }
    let digits = form.get("Digits").map(str::trim).filter(|d| !d.is_empty()).map(str::to_string);
    if let Some(d) = &digits
        && (d.len() > 32 || !d.bytes().all(|b| b.is_ascii_digit() || b == b'*' || b == b'#'))
    {
        return Err(AppError::bad_request("`Digits` must be at most 32 keypad characters"));
    }
    // Each gather posts back to `/twilio/voice?after=N`, N the turn it
    // answers, so a replayed webhook (Twilio's retry, or an attacker's
    // copy of a signed request) replays the stored answer instead of
    // advancing the call again. A turn that failed before its commit
    // recorded no key, so the retry of it runs.
    let after = match uri.query().map(|q| form_urlencoded::parse(q.as_bytes()).find(|(k, _)| k == "after")) {
        Some(Some((_, n))) => {
            Some(n.parse::<u32>().map_err(|_| AppError::bad_request("`after` must be a turn number"))?)
        }
        _ => None,
    };
    let dedupe_key = match after {
        Some(n) => format!("voice:{call_sid}:after:{n}"),
        None => format!("voice:{call_sid}:start"),
    };
    let confidence = form.get("Confidence").and_then(|c| c.parse::<f32>().ok()).filter(|c| (0.0..=1.0).contains(c));
    let (patient, ours) = if outbound(&form.params) { ("To", "From") } else { ("From", "To") };
    let inbound = InboundTurn {
        channel: Channel::Voice,
        caller: form.require(patient)?.to_string(),
        called: form.require(ours)?.to_string(),
        text: bounded_text(&form, "SpeechResult")?,
        digits,
        confidence,
        conversation_id: Some(format!("call:{call_sid}")),
        dedupe_key: Some(dedupe_key),
    };
    let voice_url = |turn: Option<u32>| match turn.or(after) {
        Some(n) => format!("{}/twilio/voice?after={n}", state.public_url),
        None => format!("{}/twilio/voice", state.public_url),
    };
    let voices = form.practice.voices.clone();
    let render = move |actions: &[crate::actions::Action], language, turn| {
        twiml::voice_in(actions, &voice_url(turn), language, &voices)
    };
    Ok(answer(&state, form.practice, inbound, render).await)
}
