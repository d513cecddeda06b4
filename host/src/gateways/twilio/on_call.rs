//! `POST /twilio/voice/on-call?item=ID`: where Twilio reports how a warm
//! transfer to the on-call went (`<Dial action>`). Answered: the on-call
//! has the patient, which acknowledges the item. Not answered (busy, no
//! answer, failed): the host pages the on-call by text about the item —
//! written, with its acknowledgement watch and audit event, before the
//! caller hears that the page went out — and ends the call.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;

use super::{authenticate, twiml, xml};
use crate::gateways::{AppError, AppState};
use crate::scheduler::paging::{PageTo, page_event};
use crate::store::{AuditEvent, Paging, Stamp, WorkChange};

/// The host's own minimum-necessary line for a page after a missed transfer.
const MISSED_TRANSFER_SUMMARY: &str = "A patient's urgent call could not be connected to you.";

pub const NOT_ANSWERED: &str = "The on-call clinician could not come to the phone. We have sent them an urgent page, \
and they will call you back at this number as soon as they can. If your symptoms get worse, or this is an emergency, \
hang up and call 9 1 1.";

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
    let practice = form.practice.clone();
    let store = state.store.clone();
    let now = crate::clock::now_ms();
    let item_id = item.clone();
    let changed = tokio::task::spawn_blocking(move || {
        let result = store.change_work(&practice.id, &item_id, now, |queued, work| {
            let mut work = work.clone();
            if answered {
                if work.acknowledged.is_none() {
                    work.acknowledged = Some(Stamp { by: "on-call (answered the transfer)".into(), at: now });
                }
                let event = AuditEvent {
                    actor: "gateway".into(),
                    action: "on-call.transfer-answered".into(),
                    subject: Some(item_id.clone()),
                    detail: serde_json::Value::Null,
                };
                return Ok(WorkChange { work, outbox: vec![], audit: vec![event] });
            }
            let missed = AuditEvent {
                actor: "gateway".into(),
                action: "on-call.transfer-unanswered".into(),
                subject: Some(item_id.clone()),
                detail: serde_json::json!({ "status": "not answered" }),
            };
            // A retried callback, or an item already being paged: page once.
            let (Some(on_call), None) = (&practice.on_call, &work.paging) else {
                return Ok(WorkChange { work, outbox: vec![], audit: vec![missed] });
            };
            let to = PageTo { practice_id: &practice.id, practice_name: &practice.name, on_call };
            let watch = Paging { summary: MISSED_TRANSFER_SUMMARY.into(), pages: vec![], next_due: None };
            let Some((message, watch)) =
                to.page(&item_id, &watch, &queued.conversation_id, now, store.new_outbox_id()?)
            else {
                return Ok(WorkChange { work, outbox: vec![], audit: vec![missed] });
            };
            let paged = page_event(&item_id, watch.pages.last().expect("one page"), 1);
            work.paging = Some(watch);
            Ok(WorkChange { work, outbox: vec![message], audit: vec![missed, paged] })
        });
        result.and_then(|worked| store.make_durable().map(|()| worked))
    })
    .await
    .map_err(AppError::internal)?;
    match changed {
        Ok(_) => {}
        Err(crate::store::StoreError::NotFound(_)) => return Err(AppError::not_found(format!("queue item {item:?}"))),
        Err(e) => {
            // The item was written with the turn; even if this page could
            // not be, the caller must not be left in silence.
            tracing::error!(error = %e, "could not record the on-call fallback");
        }
    }
    let actions = if answered {
        vec![crate::actions::Action::HangUp]
    } else {
        vec![crate::actions::Action::Say { text: NOT_ANSWERED.into() }, crate::actions::Action::HangUp]
    };
    Ok(xml(twiml::voice(&actions, "")))
}
