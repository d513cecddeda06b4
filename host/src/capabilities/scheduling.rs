//! `scheduling`: the contract is complete, the embedded scheduling backend
//! is not built yet, so every call answers `unavailable` (never a fake
//! success) after the grant check.

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
    fn prior_auth_status(&mut self, _patient_id: String, _procedure: String) -> R<Option<s::PriorAuth>> {
        self.scheduling_unavailable("prior-auth-status")
    }
    fn schedule_task(&mut self, _request: s::TaskRequest) -> R<String> {
        self.scheduling_unavailable("schedule-task")
    }
    fn cancel_task(&mut self, _task_id: String) -> R<()> {
        self.scheduling_unavailable("cancel-task")
    }
}
