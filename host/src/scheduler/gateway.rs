//! Sending one text through a Twilio-REST-compatible Messages API, or
//! placing one call through its Calls API.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use std::time::Duration;

use crate::store::{OutboundGateway, OutboxMessage};

/// Why a send did not go through.
#[derive(Debug)]
pub enum SendError {
    /// Worth trying again later (network, timeout, 429, 5xx).
    Retry(String),
    /// The gateway refused the message itself (4xx): retrying cannot help.
    Permanent(String),
}

/// Send `message`; returns the gateway's message sid. The outbox id is the
/// idempotency token, so a repeat after a crash is not delivered twice.
pub fn send(gateway: &OutboundGateway, auth_token: &str, message: &OutboxMessage) -> Result<String, SendError> {
    let form = [("To", message.to.as_str()), ("From", gateway.from_number.as_str()), ("Body", message.body.as_str())];
    post(gateway, auth_token, "Messages.json", &message.id, &form)
}

/// Place the call `message` asks for: `twiml` is what the callee hears
/// when they answer (the prompt in a `<Gather>` that posts back to the
/// voice webhook). Returns the call sid.
pub fn call(
    gateway: &OutboundGateway,
    auth_token: &str,
    message: &OutboxMessage,
    twiml: &str,
) -> Result<String, SendError> {
    let form = [("To", message.to.as_str()), ("From", gateway.from_number.as_str()), ("Twiml", twiml)];
    post(gateway, auth_token, "Calls.json", &message.id, &form)
}

fn post(
    gateway: &OutboundGateway,
    auth_token: &str,
    resource: &str,
    idempotency_token: &str,
    form: &[(&str, &str)],
) -> Result<String, SendError> {
    let url =
        format!("{}/2010-04-01/Accounts/{}/{resource}", gateway.base_url.trim_end_matches('/'), gateway.account_sid);
    let credentials = STANDARD.encode(format!("{}:{auth_token}", gateway.account_sid));
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(15)))
        .build()
        .into();
    let response = agent
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
