//! `scheduling`: openings, bookings, the waitlist and prior-authorization
//! status for the plugin.
//!
//! Bookings go straight to the embedded backend (`switchboard-scheduling`)
//! in its own transaction, not with the turn: that is what makes "no double
//! booking" hold across concurrent turns. They are made durable by the
//! turn's flush before the patient hears the confirmation. Durable timers
//! are written with the turn (see `store::timers`).

use switchboard_scheduling::{self as sched, ErrorKind, ScheduleBackend, ScheduleError};

use super::HostState;
use crate::runtime::bindings::{Capability, HostError, switchboard::plugin::scheduling as s};
use crate::store::TimerRecord;

type R<T> = wasmtime::Result<Result<T, HostError>>;

impl HostState {
    /// The grant check and the store, or the reason there is none.
    fn schedule(&self) -> Result<&sched::SledSchedule, HostError> {
        self.require(Capability::Scheduling)?;
        match &self.store {
            Some(store) => Ok(store.schedule()),
            None => Err(HostError::Unavailable("no schedule outside a practice".into())),
        }
    }
}

/// A backend error the plugin can act on; a storage fault is a host bug
/// and traps.
fn plugin_error<T>(error: ScheduleError) -> R<T> {
    let message = error.to_string();
    Ok(Err(match error.kind() {
        ErrorKind::Invalid => HostError::Invalid(message),
        ErrorKind::NotFound => HostError::NotFound(message),
        ErrorKind::Conflict => HostError::Conflict(message),
        ErrorKind::Unavailable => HostError::Unavailable(message),
        ErrorKind::Internal => return Err(wasmtime::Error::msg(format!("schedule storage failed: {message}"))),
    }))
}

macro_rules! try_schedule {
    ($state:expr) => {
        match $state.schedule() {
            Ok(schedule) => schedule,
            Err(e) => return Ok(Err(e)),
        }
    };
}

fn appointment(a: sched::Appointment) -> s::Appointment {
    s::Appointment {
        id: a.id,
        patient_id: a.patient_id,
        appointment_type: a.appointment_type,
        provider_id: a.provider_id,
        location_id: a.location_id,
        start: a.start,
        duration_minutes: a.duration_minutes,
        status: match a.status {
            sched::AppointmentStatus::Proposed => s::AppointmentStatus::Proposed,
            sched::AppointmentStatus::Booked => s::AppointmentStatus::Booked,
            sched::AppointmentStatus::Arrived => s::AppointmentStatus::Arrived,
            sched::AppointmentStatus::Fulfilled => s::AppointmentStatus::Fulfilled,
            sched::AppointmentStatus::Cancelled => s::AppointmentStatus::Cancelled,
            sched::AppointmentStatus::Noshow => s::AppointmentStatus::Noshow,
            sched::AppointmentStatus::Waitlist => s::AppointmentStatus::Waitlist,
        },
        needs_review: a.needs_review,
        patient_instruction: a.patient_instruction,
    }
}

impl HostState {
    /// An offer for the plugin, each recipient with the first number the
    /// directory has for them (where the offer can be texted).
    fn waitlist_offer(&self, offer: sched::Offer) -> wasmtime::Result<s::WaitlistOffer> {
        let mut recipients = Vec::with_capacity(offer.recipients.len());
        for r in offer.recipients {
            let phone = match &self.store {
                Some(store) => store
                    .patient(&self.ctx.practice_id, &r.patient_id)
                    .map_err(|e| wasmtime::Error::msg(format!("patient directory failed: {e}")))?
                    .and_then(|p| p.phones.into_iter().next()),
                None => None,
            };
            recipients.push(s::OfferRecipient {
                waitlist_entry_id: r.waitlist_entry_id,
                patient_id: r.patient_id,
                phone,
            });
        }
        Ok(s::WaitlistOffer {
            id: offer.id,
            slot_id: offer.slot_id,
            appointment_type: offer.appointment_type,
            provider_id: offer.provider_id,
            location_id: offer.location_id,
            start: offer.start,
            duration_minutes: offer.duration_minutes,
            recipients,
            open: offer.status == sched::OfferStatus::Open,
        })
    }
}

impl s::Host for HostState {
    fn find_openings(&mut self, query: s::OpeningQuery) -> R<Vec<s::Opening>> {
        let schedule = try_schedule!(self);
        let query = sched::OpeningQuery {
            appointment_type: query.appointment_type,
            provider_id: query.provider_id,
            location_id: query.location_id,
            not_before: query.not_before,
            not_after: query.not_after,
            weekdays: query.weekdays,
            earliest_minute: query.earliest_minute,
            latest_minute: query.latest_minute,
            max_results: query.max_results,
        };
        match schedule.find_openings(&self.ctx.practice_id, &query, self.ctx.now_ms) {
            Ok(openings) => Ok(Ok(openings
                .into_iter()
                .map(|o| s::Opening {
                    slot_id: o.slot_id,
                    appointment_type: o.appointment_type,
                    provider_id: o.provider_id,
                    provider_name: o.provider_name,
                    location_id: o.location_id,
                    start: o.start,
                    duration_minutes: o.duration_minutes,
                })
                .collect())),
            Err(e) => plugin_error(e),
        }
    }

    fn book(&mut self, request: s::BookingRequest) -> R<s::Appointment> {
        let schedule = try_schedule!(self);
        if request.patient_instruction.as_ref().is_some_and(|t| t.chars().count() > 8_000) {
            return Ok(Err(HostError::LimitExceeded("patient-instruction is at most 8000 characters".into())));
        }
        let request = sched::BookingRequest {
            slot_id: request.slot_id,
            patient_id: request.patient_id,
            needs_review: request.needs_review,
            patient_instruction: request.patient_instruction,
        };
        match schedule.book(&self.ctx.practice_id, &request, self.ctx.now_ms) {
            Ok(a) => Ok(Ok(appointment(a))),
            Err(e) => plugin_error(e),
        }
    }

    fn cancel(&mut self, appointment_id: String, reason: String) -> R<()> {
        let schedule = try_schedule!(self);
        let reason: String = reason.chars().take(500).collect();
        match schedule.cancel(&self.ctx.practice_id, &appointment_id, &reason, self.ctx.now_ms) {
            Ok(_) => Ok(Ok(())),
            Err(e) => plugin_error(e),
        }
    }

    fn reschedule(&mut self, appointment_id: String, new_slot_id: String) -> R<s::Appointment> {
        let schedule = try_schedule!(self);
        match schedule.reschedule(&self.ctx.practice_id, &appointment_id, &new_slot_id, self.ctx.now_ms) {
            Ok(a) => Ok(Ok(appointment(a))),
            Err(e) => plugin_error(e),
        }
    }

    fn appointments_for(&mut self, patient_id: String) -> R<Vec<s::Appointment>> {
        let schedule = try_schedule!(self);
        match schedule.appointments_for(&self.ctx.practice_id, &patient_id) {
            Ok(list) => Ok(Ok(list.into_iter().map(appointment).collect())),
            Err(e) => plugin_error(e),
        }
    }

    fn get_appointment(&mut self, appointment_id: String) -> R<s::Appointment> {
        let schedule = try_schedule!(self);
        match schedule.appointment(&self.ctx.practice_id, &appointment_id) {
            Ok(Some(found)) => Ok(Ok(appointment(found))),
            Ok(None) => Ok(Err(HostError::NotFound(format!("no appointment {appointment_id}")))),
            Err(e) => plugin_error(e),
        }
    }

    fn get_location(&mut self, location_id: String) -> R<s::Location> {
        let schedule = try_schedule!(self);
        match schedule.config(&self.ctx.practice_id) {
            Ok(config) => match config.and_then(|c| c.locations.into_iter().find(|l| l.id == location_id)) {
                Some(l) => Ok(Ok(s::Location { id: l.id, name: l.name, address: l.address })),
                None => Ok(Err(HostError::NotFound(format!("no location {location_id}")))),
            },
            Err(e) => plugin_error(e),
        }
    }

    fn join_waitlist(&mut self, patient_id: String, appointment_type: String) -> R<String> {
        let schedule = try_schedule!(self);
        match schedule.join_waitlist(&self.ctx.practice_id, &patient_id, &appointment_type, self.ctx.now_ms) {
            Ok(entry) => Ok(Ok(entry.id)),
            Err(e) => plugin_error(e),
        }
    }

    fn offer_opening(&mut self, slot_id: String, max_recipients: u32) -> R<Option<s::WaitlistOffer>> {
        let schedule = try_schedule!(self);
        match schedule.offer(&self.ctx.practice_id, &slot_id, max_recipients, self.ctx.now_ms) {
            Ok(Some(offer)) => Ok(Ok(Some(self.waitlist_offer(offer)?))),
            Ok(None) => Ok(Ok(None)),
            Err(e) => plugin_error(e),
        }
    }

    fn open_offers_for(&mut self, patient_id: String) -> R<Vec<s::WaitlistOffer>> {
        let schedule = try_schedule!(self);
        match schedule.open_offers_for(&self.ctx.practice_id, &patient_id) {
            Ok(offers) => {
                Ok(Ok(offers.into_iter().map(|o| self.waitlist_offer(o)).collect::<wasmtime::Result<_>>()?))
            }
            Err(e) => plugin_error(e),
        }
    }

    fn accept_offer(
        &mut self,
        offer_id: String,
        waitlist_entry_id: String,
        needs_review: bool,
        patient_instruction: Option<String>,
    ) -> R<s::Appointment> {
        let schedule = try_schedule!(self);
        if patient_instruction.as_ref().is_some_and(|t| t.chars().count() > 8_000) {
            return Ok(Err(HostError::LimitExceeded("patient-instruction is at most 8000 characters".into())));
        }
        let request = sched::AcceptOffer { offer_id, waitlist_entry_id, needs_review, patient_instruction };
        match schedule.accept(&self.ctx.practice_id, &request, self.ctx.now_ms) {
            Ok(a) => Ok(Ok(appointment(a))),
            Err(e) => plugin_error(e),
        }
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

    fn schedule_task(&mut self, request: s::TaskRequest) -> R<String> {
        if let Err(e) = self.require(Capability::Scheduling) {
            return Ok(Err(e));
        }
        if request.kind.is_empty() || request.kind.len() > 64 || request.key.as_ref().is_some_and(|k| k.len() > 128) {
            return Ok(Err(HostError::Invalid("a task kind is 1-64 bytes and a key at most 128".into())));
        }
        if request.payload.len() > 4096 {
            return Ok(Err(HostError::LimitExceeded("a task payload is at most 4096 bytes".into())));
        }
        if self.out.timers.len() >= self.limits.max_queue_items {
            let limit = self.limits.max_queue_items;
            return Err(self.violation(format!("more than {limit} timers in one turn")));
        }
        let Some(store) = &self.store else {
            return Ok(Err(HostError::Unavailable("no timers outside a practice".into())));
        };
        let id = store.new_timer_id()?;
        self.out.timers.push(TimerRecord {
            id: id.clone(),
            practice: self.ctx.practice_id.clone(),
            kind: request.kind,
            payload: request.payload,
            due: request.due,
            key: request.key,
            source: self.ctx.conversation_id.clone(),
            created_at: self.ctx.now_ms,
        });
        Ok(Ok(id))
    }

    fn cancel_task(&mut self, task_id: String) -> R<()> {
        if let Err(e) = self.require(Capability::Scheduling) {
            return Ok(Err(e));
        }
        if self.out.removed_timers.len() >= 64 {
            return Err(self.violation("more than 64 timer cancellations in one turn".into()));
        }
        // By id or by key, as the store does at commit.
        self.out.timers.retain(|t| t.id != task_id && t.key.as_deref() != Some(task_id.as_str()));
        self.out.removed_timers.push(task_id);
        Ok(Ok(()))
    }
}
