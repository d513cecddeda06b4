//! On-call paging: the page text, the escalation ladder, and the worker
//! that walks it.
//!
//! The ladder for an urgent item: page the primary (with the turn, or when
//! a warm transfer goes unanswered); if no one acknowledges the item within
//! the practice's `ack_minutes`, page the primary again; after as long
//! again, page the backup (the primary a third time when there is none);
//! then stop and audit that the ladder ran out, so the record shows it.
//! Each step is one transaction (the page, the moved due entry, the audit
//! event), so a step happens once and survives a restart.

use std::time::Duration;

use tokio::sync::watch;

use crate::store::{AuditEvent, OnCall, OutboxMessage, OutboxStatus, PageSent, Paging, Store, StoreError, WorkChange};

const POLL: Duration = Duration::from_millis(200);
const BATCH: usize = 32;

/// The page text: the practice, how urgent, the plugin's minimum-necessary
/// line and the queue item to open. No names, numbers or clinical detail;
/// those stay behind the staff queue's access control.
pub fn page_body(practice_name: &str, summary: &str, item_id: &str, page_number: usize) -> String {
    let repeat = if page_number > 1 { format!(" (page {page_number}, not yet acknowledged)") } else { String::new() };
    format!(
        "{practice_name}: URGENT on-call page{repeat}. {summary} Open queue item {item_id} in the staff queue and acknowledge it."
    )
}

/// Who the `n`th page (0-based) goes to, or `None` when the ladder is done.
fn rung(on_call: &OnCall, n: usize) -> Option<(&'static str, String)> {
    match n {
        0 | 1 => Some(("primary", on_call.primary.clone())),
        2 => Some(match &on_call.backup {
            Some(backup) => ("backup", backup.clone()),
            None => ("primary", on_call.primary.clone()),
        }),
        _ => None,
    }
}

/// Where pages for one practice go.
pub struct PageTo<'a> {
    pub practice_id: &'a str,
    pub practice_name: &'a str,
    pub on_call: &'a OnCall,
}

impl PageTo<'_> {
    /// The next page for `item_id` after those in `paging`: the outbox
    /// message (urgent, so quiet hours do not hold it) and the updated
    /// watch. `None` when the ladder is exhausted.
    pub fn page(
        &self,
        item_id: &str,
        paging: &Paging,
        source: &str,
        now: i64,
        outbox_id: String,
    ) -> Option<(OutboxMessage, Paging)> {
        let n = paging.pages.len();
        let (to_role, to) = rung(self.on_call, n)?;
        let message = OutboxMessage {
            id: outbox_id.clone(),
            practice: self.practice_id.to_string(),
            channel: crate::actions::Channel::Sms,
            to,
            body: page_body(self.practice_name, &paging.summary, item_id, n + 1),
            urgent: true,
            status: OutboxStatus::Pending,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            gateway_sid: None,
            carrier_status: None,
            carrier_error: None,
            carrier_updated_at: None,
            call_state: Vec::new(),
            source: source.to_string(),
            created_at: now,
            updated_at: now,
        };
        let mut next = paging.clone();
        next.pages.push(PageSent { to: to_role.into(), at: now, outbox_id });
        // After the last rung the watch stays due once more, to record that
        // the ladder ran out unacknowledged.
        next.next_due = Some(now + i64::from(self.on_call.ack_minutes) * 60_000);
        Some((message, next))
    }
}

/// A page the carrier could not deliver, or the outbox gave up on: the
/// next rung is due now rather than when the acknowledgement window ends,
/// so an undelivered page never costs the patient the whole window. Only
/// the watch's latest page counts (a later page already went out), and an
/// acknowledged item is left alone. Blocking. Returns the item it moved.
pub fn page_undelivered(
    store: &Store,
    practice: &str,
    outbox_id: &str,
    why: &str,
) -> Result<Option<String>, crate::store::StoreError> {
    let latest = |paging: &Paging| paging.pages.last().is_some_and(|page| page.outbox_id == outbox_id);
    let Some(item) = store
        .worked_items(practice)?
        .into_iter()
        .find(|w| !w.work.is_acknowledged() && w.work.paging.as_ref().is_some_and(latest))
        .map(|w| w.item.id)
    else {
        return Ok(None);
    };
    let now = crate::clock::now_ms();
    let moved = std::cell::Cell::new(false);
    store.change_work(practice, &item, now, |_, work| {
        let mut work = work.clone();
        let acknowledged = work.is_acknowledged();
        moved.set(false);
        if let Some(paging) = work.paging.as_mut().filter(|p| !acknowledged && latest(p))
            && paging.next_due.is_some_and(|due| due > now)
        {
            paging.next_due = Some(now);
            moved.set(true);
        }
        let audit = if moved.get() {
            vec![AuditEvent {
                actor: "host".into(),
                action: "on-call.page-undelivered".into(),
                subject: Some(item.clone()),
                detail: serde_json::json!({ "outbox": outbox_id, "why": why }),
            }]
        } else {
            vec![]
        };
        Ok(crate::store::WorkChange { work, outbox: vec![], audit })
    })?;
    store.make_durable()?;
    Ok(moved.get().then_some(item))
}

/// The audit event for a page.
pub fn page_event(item_id: &str, page: &PageSent, number: usize) -> AuditEvent {
    AuditEvent {
        actor: "host".into(),
        action: "on-call.paged".into(),
        subject: Some(item_id.to_string()),
        detail: serde_json::json!({ "to": page.to, "page": number, "outbox": page.outbox_id }),
    }
}

/// Walks due paging watches.
pub struct PageWorker {
    store: Store,
}

impl PageWorker {
    pub fn new(store: Store) -> Self {
        PageWorker { store }
    }

    /// Run until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        loop {
            let store = self.store.clone();
            // A pass writes, so it holds a ticket (a backup waits for it).
            let ticket = self.store.write_ticket().await;
            match tokio::task::spawn_blocking(move || {
                let _ticket = ticket;
                fire_due(&store, crate::clock::now_ms())
            })
            .await
            {
                Ok(Err(e)) => tracing::error!(error = %e, "paging pass failed"),
                Err(e) => tracing::error!(error = %e, "paging task failed"),
                Ok(Ok(_)) => {}
            }
            tokio::select! {
                _ = tokio::time::sleep(POLL) => {}
                _ = shutdown.changed() => return,
            }
        }
    }
}

/// Take every due watch one step up the ladder; returns how many.
pub fn fire_due(store: &Store, now: i64) -> Result<usize, StoreError> {
    let due = store.due_pages(now, BATCH)?;
    for (practice_id, item_id) in &due {
        step(store, practice_id, item_id, now)?;
        store.make_durable()?;
    }
    Ok(due.len())
}

fn step(store: &Store, practice_id: &str, item_id: &str, now: i64) -> Result<(), StoreError> {
    let practice = store.practice(practice_id)?;
    // Ids come from outside the transaction: sled's id generator must not
    // run inside one (it can wait on the transaction's own locks).
    let outbox_id = store.new_outbox_id()?;
    store.change_work(practice_id, item_id, now, |item, work| {
        let mut work = work.clone();
        let Some(paging) = work.paging.clone() else {
            return Ok(WorkChange { work, outbox: vec![], audit: vec![] });
        };
        // Someone took it (or the watch was already moved): stop quietly.
        if work.is_acknowledged() || paging.next_due.is_none_or(|due| due > now) {
            work.paging = Some(Paging { next_due: None, ..paging });
            return Ok(WorkChange { work, outbox: vec![], audit: vec![] });
        }
        let next = match practice.as_ref().and_then(|p| Some((p, p.on_call.as_ref()?))) {
            Some((practice, on_call)) => {
                let to = PageTo { practice_id: &practice.id, practice_name: &practice.name, on_call };
                to.page(item_id, &paging, &item.conversation_id, now, outbox_id.clone())
            }
            None => None,
        };
        Ok(match next {
            Some((message, next)) => {
                let page = next.pages.last().expect("just added");
                let event = page_event(item_id, page, next.pages.len());
                work.paging = Some(next);
                WorkChange { work, outbox: vec![message], audit: vec![event] }
            }
            _ => {
                let event = AuditEvent {
                    actor: "host".into(),
                    action: "on-call.unacknowledged".into(),
                    subject: Some(item_id.to_string()),
                    detail: serde_json::json!({ "pages": paging.pages.len() }),
                };
                work.paging = Some(Paging { next_due: None, ..paging });
                WorkChange { work, outbox: vec![], audit: vec![event] }
            }
        })
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_names_the_item_and_nothing_else_about_the_patient() {
        let body = page_body("Demo Pain", "Urgent red flag reported by text.", "q0000000000000042", 1);
        assert_eq!(
            body,
            "Demo Pain: URGENT on-call page. Urgent red flag reported by text. Open queue item q0000000000000042 in the staff queue and acknowledge it."
        );
        assert!(page_body("P", "s", "q1", 2).contains("page 2, not yet acknowledged"));
    }

    #[test]
    fn the_ladder_is_primary_primary_backup_then_done() {
        let with_backup =
            OnCall { primary: "+15550000001".into(), backup: Some("+15550000002".into()), ack_minutes: 5 };
        let roles: Vec<_> = (0..4).map(|n| rung(&with_backup, n).map(|r| r.0)).collect();
        assert_eq!(roles, [Some("primary"), Some("primary"), Some("backup"), None]);
        let alone = OnCall { backup: None, ..with_backup };
        assert_eq!(rung(&alone, 2), Some(("primary", "+15550000001".to_string())));
    }
}
