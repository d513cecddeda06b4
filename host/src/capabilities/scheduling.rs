//! `scheduling`: prior-authorization status is read from the records staff
//! keep; the embedded appointment backend is not built yet, so the other
//! calls answer `unavailable` (never a fake success) after the grant check.

use super::HostState;
use crate::runtime::bindings::{Capability, HostError, switchboard::plugin::scheduling as s};

type R<T> = wasmtime::Result<Result<T, HostError>>;

impl HostState {
    fn scheduling_unavailable<T>(&self, what: &str) -> R<T> {
        if let Err(e) = self.require(Capability::Scheduling) {
            return Ok(Err(e));
        }
        Ok(Err(HostError::Unavailable(format!("scheduling ({what}) is not available on this host yet"))))
    }
}

impl s::Host for HostState {
    fn find_openings(&mut self, _query: s::OpeningQuery) -> R<Vec<s::Opening>> {
        self.scheduling_unavailable("find-openings")
    }
    fn book(&mut self, _request: s::BookingRequest) -> R<s::Appointment> {
        self.scheduling_unavailable("book")
    }
    fn cancel(&mut self, _appointment_id: String, _reason: String) -> R<()> {
        self.scheduling_unavailable("cancel")
    }
    fn reschedule(&mut self, _appointment_id: String, _new_slot_id: String) -> R<s::Appointment> {
        self.scheduling_unavailable("reschedule")
    }
    fn appointments_for(&mut self, _patient_id: String) -> R<Vec<s::Appointment>> {
        self.scheduling_unavailable("appointments-for")
    }
    fn join_waitlist(&mut self, _patient_id: String, _appointment_type: String) -> R<String> {
        self.scheduling_unavailable("join-waitlist")
    }
    fn prior_auth_status(&mut self, patient_id: String, procedure: String) -> R<Option<s::PriorAuth>> {
        if let Err(e) = self.require(Capability::Scheduling) {
            return Ok(Err(e));
        }
        let Some(store) = &self.store else {
            return Ok(Err(HostError::Unavailable("no records outside a practice".into())));
        };
        let Some(record) = store.prior_auth(&self.ctx.practice_id, &patient_id, &procedure)? else {
            return Ok(Ok(None));
        };
        let status = match record.status.as_str() {
            "not-required" => s::AuthorizationStatus::NotRequired,
            "submitted" => s::AuthorizationStatus::Submitted,
            "pending-payer" => s::AuthorizationStatus::PendingPayer,
            "approved" => s::AuthorizationStatus::Approved,
            "denied" => s::AuthorizationStatus::Denied,
            "expired" => s::AuthorizationStatus::Expired,
            _ => s::AuthorizationStatus::NotStarted,
        };
        Ok(Ok(Some(s::PriorAuth {
            patient_id: record.patient_id,
            procedure: record.procedure,
            status,
            note: record.note,
            updated_at: record.updated_at,
        })))
    }
    fn schedule_task(&mut self, _request: s::TaskRequest) -> R<String> {
        self.scheduling_unavailable("schedule-task")
    }
    fn cancel_task(&mut self, _task_id: String) -> R<()> {
        self.scheduling_unavailable("cancel-task")
    }
}
