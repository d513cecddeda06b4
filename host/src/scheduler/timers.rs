//! The timer worker: fires due timers into the practice's current plugin
//! (`on-task`) and commits what it produced — texts for the outbox, queue
//! items, audit events, new timers — in the same transaction that deletes the
//! timer. A timer therefore fires once; a fault is audited and becomes a
//! callback item, and the timer is not retried.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::capabilities::TurnContext;
use crate::runtime::bindings::Task;
use crate::runtime::{Fault, PluginSlots};
use crate::store::{
    AuditEvent, Priority, QueueField, QueueItem, QueueKind, QueueStatus, Store, TimerRecord, TurnWrite,
};

const POLL: Duration = Duration::from_millis(200);
const BATCH: usize = 32;

pub struct TimerWorker {
    store: Store,
    slots: PluginSlots,
}

impl TimerWorker {
    pub fn new(store: Store, slots: PluginSlots) -> Self {
        TimerWorker { store, slots }
    }

    /// Run until `shutdown` turns true.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let worker = Arc::new(self);
        loop {
            let w = worker.clone();
            // A pass writes, so it holds a ticket (a backup waits for it).
            let ticket = worker.store.write_ticket().await;
            match tokio::task::spawn_blocking(move || {
                let _ticket = ticket;
                w.fire_due(crate::clock::now_ms())
            })
            .await
            {
                Ok(Err(e)) => tracing::error!(error = %e, "timer pass failed"),
                Err(e) => tracing::error!(error = %e, "timer task failed"),
                Ok(Ok(_)) => {}
            }
            tokio::select! {
                _ = tokio::time::sleep(POLL) => {}
                _ = shutdown.changed() => return,
            }
        }
    }

    /// Fire every timer due at `now`; returns how many fired.
    pub fn fire_due(&self, now: i64) -> Result<usize, crate::store::StoreError> {
        let due = self.store.due_timers(now, BATCH)?;
        for timer in &due {
            self.fire(timer, now)?;
        }
        Ok(due.len())
    }

    fn fire(&self, timer: &TimerRecord, now: i64) -> Result<(), crate::store::StoreError> {
        let removed = [timer.id.clone()];
        let Some(practice) = self.store.practice(&timer.practice)? else {
            return self.store.commit_turn(&empty_write(&timer.practice, &removed, &[], now));
        };
        let result = match self.slots.get(&practice.id, &practice.plugin) {
            Ok(plugin) => {
                let ctx = TurnContext::for_practice(&practice, &plugin, None, "", &timer.source, now);
                let task = Task {
                    id: timer.id.clone(),
                    kind: timer.kind.clone(),
                    payload: timer.payload.clone(),
                    due: timer.due,
                };
                let call = plugin.on_task(ctx, &task, self.store.clone());
                call.result.map(|()| call.out)
            }
            Err(e) => Err(Fault::Instantiation(e.to_string())),
        };
        let fired = AuditEvent {
            actor: "host".into(),
            action: "timer.fired".into(),
            subject: Some(timer.id.clone()),
            detail: serde_json::json!({ "kind": timer.kind, "due": timer.due, "outcome": if result.is_ok() { "ok" } else { "fault" } }),
        };
        match result {
            Ok(mut out) => {
                out.audit.push(fired);
                let mut removed_timers = out.removed_timers.clone();
                removed_timers.extend(removed);
                self.store.commit_turn(&TurnWrite {
                    practice: &practice.id,
                    conversation: None,
                    turn: None,
                    queue_items: &out.queue_items,
                    work: &paging_work(out.paging),
                    audit: &out.audit,
                    outbox: &out.outbox,
                    timers: &out.timers,
                    removed_timers: &removed_timers,
                    dedupe_key: None,
                    opt_out: None,
                    at: now,
                })?;
            }
            Err(fault) => {
                tracing::warn!(fault = fault.kind(), "timer fault; queued a callback");
                let item = QueueItem {
                    id: self.store.new_queue_item_id()?,
                    kind: QueueKind::Callback,
                    priority: Priority::Routine,
                    status: QueueStatus::Requested,
                    summary: "An automated follow-up could not run; check on this patient.".into(),
                    fields: vec![
                        QueueField { name: "reason".into(), value: "timer-fault".into() },
                        QueueField { name: "task".into(), value: timer.kind.clone() },
                        QueueField { name: "fault".into(), value: fault.kind().into() },
                    ],
                    caller: String::new(),
                    channel: crate::actions::Channel::Sms,
                    conversation_id: timer.source.clone(),
                    source: "host".into(),
                    created_at: now,
                };
                let audit = [fired];
                let mut write = empty_write(&practice.id, &removed, &audit, now);
                let items = [item];
                write.queue_items = &items;
                self.store.commit_turn(&write)?;
            }
        }
        self.store.make_durable()
    }
}

/// Paging watches a timer's `on-task` started (no transcript excerpt: no
/// conversation turn ran).
fn paging_work(paging: Vec<(String, crate::store::Paging)>) -> Vec<(String, crate::store::WorkRecord)> {
    paging
        .into_iter()
        .map(|(id, watch)| (id, crate::store::WorkRecord { paging: Some(watch), ..Default::default() }))
        .collect()
}

fn empty_write<'a>(practice: &'a str, removed: &'a [String], audit: &'a [AuditEvent], now: i64) -> TurnWrite<'a> {
    TurnWrite {
        practice,
        conversation: None,
        turn: None,
        queue_items: &[],
        work: &[],
        audit,
        outbox: &[],
        timers: &[],
        removed_timers: removed,
        dedupe_key: None,
        opt_out: None,
        at: now,
    }
}
