//! Sending one text through a Twilio-REST-compatible Messages API, or
//! placing one call through its Calls API.

use crate::store::{OutboundGateway, OutboxMessage};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Why a send did not go through.
#[derive(Debug)]
pub enum SendError {
    /// Worth trying again later (network, timeout, 429, 5xx).
    Retry(String),
    /// The gateway refused the message itself (4xx): retrying cannot help.
    Permanent(String),
}

/// One request to the carrier: who to use and where it reports back.
pub struct Request<'a> {
    pub agent: &'a ureq::Agent,
    pub gateway: &'a OutboundGateway,
    pub auth_token: &'a str,
    /// Where the carrier posts the message's or call's status
    /// (`{public_url}/twilio/status?practice=…&outbox=…`).
    pub status_callback: &'a str,
}

/// Send `message`; returns the gateway's message sid. The outbox id is the
/// idempotency token, so a repeat after a crash is not delivered twice.
pub fn send(request: &Request, message: &OutboxMessage) -> Result<String, SendError> {
    let form = [
        ("To", message.to.as_str()),
        ("From", request.gateway.from_number.as_str()),
        ("Body", message.body.as_str()),
        ("StatusCallback", request.status_callback),
    ];
    post(request, "Messages.json", &message.id, &form)
}

/// Place the call `message` asks for: `twiml` is what the callee hears
/// when they answer (the prompt in a `<Gather>` that posts back to the
/// voice webhook). Returns the call sid.
pub fn call(request: &Request, message: &OutboxMessage, twiml: &str) -> Result<String, SendError> {
    // Every progress event, so an unanswered call is recorded as such.
    let form = [
        ("To", message.to.as_str()),
        ("From", request.gateway.from_number.as_str()),
        ("Twiml", twiml),
        ("StatusCallback", request.status_callback),
        ("StatusCallbackEvent", "initiated"),
        ("StatusCallbackEvent", "ringing"),
        ("StatusCallbackEvent", "answered"),
        ("StatusCallbackEvent", "completed"),
    ];
    post(request, "Calls.json", &message.id, &form)
}

fn post(
    request: &Request,
    resource: &str,
    idempotency_token: &str,
    form: &[(&str, &str)],
) -> Result<String, SendError> {
    let gateway = request.gateway;
    let url =
        format!("{}/2010-04-01/Accounts/{}/{resource}", gateway.base_url.trim_end_matches('/'), gateway.account_sid);
    let credentials = STANDARD.encode(format!("{}:{}", gateway.account_sid, request.auth_token));
    let response = request
        .agent
        .post(&url)
        .header("Authorization", &format!("Basic {credentials}"))
        .header("I-Twilio-Idempotency-Token", idempotency_token)
        .send_form(form.iter().copied());
    let mut response = response.map_err(|e| SendError::Retry(format!("gateway unreachable: {e}")))?;
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    match status {
        200..=299 => {
            let json: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
            Ok(json["sid"].as_str().unwrap_or_default().to_string())
        }
        429 | 500..=599 => Err(SendError::Retry(format!("gateway answered {status}"))),
        _ => Err(SendError::Permanent(format!("gateway refused the message ({status})"))),
    }
}
