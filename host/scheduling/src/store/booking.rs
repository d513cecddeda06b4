//! Book, cancel, reschedule and staff status changes. Each is one sled
//! transaction over the appointment trees ([`BookingTx`]); the slot is
//! checked against the config and clock before it, and occupancy inside it.

use std::sync::Arc;

use sled::Transactional;

use super::tx::{BookingTx, TxResult, abort};
use super::{MAX_INSTRUCTION_LEN, MAX_REASON_LEN, SledSchedule, check_practice, check_ref, check_text};
use crate::config::compiled::Compiled;
use crate::error::{Result, ScheduleError, SlotProblem};
use crate::model::{Appointment, AppointmentStatus, BookingRequest, Timestamp};
use crate::openings::check_slot;
use crate::slot::SlotId;

impl SledSchedule {
    /// Runs `f` in one transaction over the appointment trees.
    pub(super) fn booking_tx<T>(&self, practice: &str, f: impl Fn(&BookingTx) -> TxResult<T>) -> Result<T> {
        let t = &self.trees;
        Ok((&t.appointments, &t.by_patient, &t.by_start, &t.busy, &t.occupancy).transaction(
            |(appointments, by_patient, by_start, busy, occupancy)| {
                f(&BookingTx { practice, appointments, by_patient, by_start, busy, occupancy })
            },
        )?)
    }

    /// Parses a slot id and checks it against the config and the clock
    /// (not occupancy: that is the transaction's job).
    pub(super) fn resolve_slot(
        &self,
        practice: &str,
        slot_id: &str,
        now: Timestamp,
    ) -> Result<(Arc<Compiled>, SlotId, u32)> {
        let slot = SlotId::parse(slot_id)?;
        let compiled = self.compiled(practice)?;
        let duration = check_slot(&compiled, &slot, now)
            .map_err(|problem| ScheduleError::SlotUnavailable { slot_id: slot_id.to_owned(), problem })?;
        Ok((compiled, slot, duration))
    }

    #[tracing::instrument(name = "schedule.book", skip_all, fields(practice = practice))]
    pub(super) fn book_slot(&self, practice: &str, request: &BookingRequest, now: Timestamp) -> Result<Appointment> {
        check_practice(practice)?;
        check_ref("patient_id", &request.patient_id)?;
        if let Some(text) = &request.patient_instruction {
            check_text("patient_instruction", text, MAX_INSTRUCTION_LEN)?;
        }
        let (_, slot, duration) = self.resolve_slot(practice, &request.slot_id, now)?;
        let appointment = Appointment {
            id: self.next_id("ap")?,
            patient_id: request.patient_id.clone(),
            appointment_type: slot.appointment_type.clone(),
            provider_id: slot.provider.clone(),
            location_id: slot.location.clone(),
            start: slot.start(),
            duration_minutes: duration,
            status: AppointmentStatus::Booked,
            needs_review: request.needs_review,
            patient_instruction: request.patient_instruction.clone(),
            slot_id: slot.encode(),
            cancellation_reason: None,
            waitlist_entry_id: None,
            created_at: now,
            updated_at: now,
        };
        let result = self.booking_tx(practice, |tx| {
            tx.hold(&appointment)?;
            tx.write(&appointment)
        });
        if matches!(result, Err(ScheduleError::Taken)) {
            tracing::debug!("slot already taken");
        }
        result.map(|()| appointment)
    }

    #[tracing::instrument(name = "schedule.cancel", skip_all, fields(practice = practice))]
    pub(super) fn cancel_appointment(
        &self,
        practice: &str,
        id: &str,
        reason: &str,
        now: Timestamp,
    ) -> Result<Appointment> {
        check_practice(practice)?;
        check_ref("appointment_id", id)?;
        check_text("reason", reason, MAX_REASON_LEN)?;
        self.booking_tx(practice, |tx| {
            let mut appointment = tx.load(id)?;
            if !matches!(appointment.status, AppointmentStatus::Booked | AppointmentStatus::Proposed) {
                return abort(ScheduleError::InvalidState {
                    id: id.to_owned(),
                    status: appointment.status,
                    action: "cancel",
                });
            }
            tx.release(&appointment)?;
            appointment.status = AppointmentStatus::Cancelled;
            appointment.cancellation_reason = Some(reason.to_owned()).filter(|r| !r.is_empty());
            appointment.updated_at = now;
            tx.write(&appointment)?;
            Ok(appointment)
        })
    }

    #[tracing::instrument(name = "schedule.reschedule", skip_all, fields(practice = practice))]
    pub(super) fn move_appointment(
        &self,
        practice: &str,
        id: &str,
        new_slot_id: &str,
        now: Timestamp,
    ) -> Result<Appointment> {
        check_practice(practice)?;
        check_ref("appointment_id", id)?;
        let (_, slot, duration) = self.resolve_slot(practice, new_slot_id, now)?;
        self.booking_tx(practice, |tx| {
            let old = tx.load(id)?;
            if !matches!(old.status, AppointmentStatus::Booked | AppointmentStatus::Proposed) {
                return abort(ScheduleError::InvalidState {
                    id: id.to_owned(),
                    status: old.status,
                    action: "reschedule",
                });
            }
            if old.start < now {
                return abort(ScheduleError::AlreadyStarted { id: id.to_owned() });
            }
            if old.appointment_type != slot.appointment_type {
                return abort(ScheduleError::SlotUnavailable {
                    slot_id: new_slot_id.to_owned(),
                    problem: SlotProblem::WrongType,
                });
            }
            if old.slot_id == slot.encode() {
                return Ok(old);
            }
            let moved = Appointment {
                provider_id: slot.provider.clone(),
                location_id: slot.location.clone(),
                start: slot.start(),
                duration_minutes: duration,
                slot_id: slot.encode(),
                updated_at: now,
                ..old.clone()
            };
            // Release first so minutes the old and new times share stay
            // held by this appointment; if the new time is taken, `hold`
            // aborts and the release is rolled back with everything else.
            tx.release(&old)?;
            tx.unindex_start(&old)?;
            tx.hold(&moved)?;
            tx.write(&moved)?;
            Ok(moved)
        })
    }

    #[tracing::instrument(name = "schedule.set_status", skip_all, fields(practice = practice))]
    pub(super) fn change_status(
        &self,
        practice: &str,
        id: &str,
        status: AppointmentStatus,
        now: Timestamp,
    ) -> Result<Appointment> {
        use AppointmentStatus::*;
        check_practice(practice)?;
        check_ref("appointment_id", id)?;
        self.booking_tx(practice, |tx| {
            let mut appointment = tx.load(id)?;
            let allowed = matches!(
                (appointment.status, status),
                (Proposed, Booked) | (Booked, Arrived | Noshow | Fulfilled) | (Arrived, Fulfilled)
            );
            if !allowed {
                return abort(ScheduleError::InvalidState {
                    id: id.to_owned(),
                    status: appointment.status,
                    action: status.transition_verb(),
                });
            }
            // Every target status still holds the provider's time, so
            // occupancy is left as it is.
            appointment.status = status;
            appointment.updated_at = now;
            tx.write(&appointment)?;
            Ok(appointment)
        })
    }
}
