//! How a warm transfer to the on-call went, whichever gateway reports it
//! (Twilio's `<Dial action>`, or the JSON API). Answered: the on-call has
//! the patient, which acknowledges the item. Not answered: the on-call is
//! paged by text about the item — the page, its acknowledgement watch and
//! the audit events in one transaction, durable before the caller hears
//! that the page went out. A repeated report pages once.

use crate::actions::Action;
use crate::scheduler::paging::{PageTo, page_event};
use crate::store::{AuditEvent, Paging, Practice, Stamp, Store, StoreError, WorkChange};

/// The host's own minimum-necessary line for a page after a missed transfer.
const MISSED_TRANSFER_SUMMARY: &str = "A patient's urgent call could not be connected to you.";

pub const NOT_ANSWERED: &str = "The on-call clinician could not come to the phone. We have sent them an urgent page, \
and they will call you back at this number as soon as they can. If your symptoms get worse, or this is an emergency, \
hang up and call 9 1 1.";

/// Record the outcome; blocking (call it on the blocking pool).
/// `NotFound` when the practice has no such item.
pub fn record(
    store: &Store,
    practice: &Practice,
    item_id: &str,
    answered: bool,
    actor: &str,
) -> Result<(), StoreError> {
    let now = crate::clock::now_ms();
    // Outside the transaction: sled's id generator must not run in one.
    let outbox_id = store.new_outbox_id()?;
    store.change_work(&practice.id, item_id, now, |queued, work| {
        let mut work = work.clone();
        if answered {
            if work.acknowledged.is_none() {
                work.acknowledged = Some(Stamp { by: "on-call (answered the transfer)".into(), at: now });
            }
            if let Some(paging) = &mut work.paging {
                paging.next_due = None;
            }
            let event = event(actor, "on-call.transfer-answered", item_id);
            return Ok(WorkChange { work, outbox: vec![], audit: vec![event] });
        }
        let missed = event(actor, "on-call.transfer-unanswered", item_id);
        // A retried report, or an item already being paged: page once.
        let (Some(on_call), None) = (&practice.on_call, &work.paging) else {
            return Ok(WorkChange { work, outbox: vec![], audit: vec![missed] });
        };
        let to = PageTo { practice_id: &practice.id, practice_name: &practice.name, on_call };
        let watch = Paging { summary: MISSED_TRANSFER_SUMMARY.into(), pages: vec![], next_due: None };
        let Some((message, watch)) = to.page(item_id, &watch, &queued.conversation_id, now, outbox_id.clone()) else {
            return Ok(WorkChange { work, outbox: vec![], audit: vec![missed] });
        };
        let paged = page_event(item_id, watch.pages.last().expect("one page"), 1);
        work.paging = Some(watch);
        Ok(WorkChange { work, outbox: vec![message], audit: vec![missed, paged] })
    })?;
    store.make_durable()
}

/// What the caller hears next.
pub fn actions(answered: bool) -> Vec<Action> {
    if answered { vec![Action::HangUp] } else { vec![Action::Say { text: NOT_ANSWERED.into() }, Action::HangUp] }
}

fn event(actor: &str, action: &str, item_id: &str) -> AuditEvent {
    AuditEvent {
        actor: actor.into(),
        action: action.into(),
        subject: Some(item_id.into()),
        detail: serde_json::Value::Null,
    }
}
