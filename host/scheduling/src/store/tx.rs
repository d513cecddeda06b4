//! The writes every booking path shares (book, cancel, reschedule, waitlist
//! accept), as steps inside one sled transaction. A step that finds the
//! time taken aborts the whole transaction, so a half-made booking is never
//! visible: what the caller sees is all of it or none of it.

use sled::transaction::{ConflictableTransactionError, TransactionalTree};

use super::{decode, encode, keys};
use crate::error::ScheduleError;
use crate::model::Appointment;
use crate::time::grid_units;

pub(crate) type TxResult<T> = Result<T, ConflictableTransactionError<ScheduleError>>;

pub(crate) fn abort<T>(error: ScheduleError) -> TxResult<T> {
    Err(ConflictableTransactionError::Abort(error))
}

/// Decodes a record read inside a transaction; a corrupt one aborts it.
pub(crate) fn tx_decode<T: serde::de::DeserializeOwned>(bytes: &[u8], what: &str) -> TxResult<T> {
    decode(bytes, what).map_err(ConflictableTransactionError::Abort)
}

/// Views of the appointment trees inside one transaction.
pub(crate) struct BookingTx<'a> {
    pub practice: &'a str,
    pub appointments: &'a TransactionalTree,
    pub by_patient: &'a TransactionalTree,
    pub by_start: &'a TransactionalTree,
    pub busy: &'a TransactionalTree,
    pub occupancy: &'a TransactionalTree,
}

impl BookingTx<'_> {
    pub fn load(&self, id: &str) -> TxResult<Appointment> {
        match self.appointments.get(keys::appointment(self.practice, id))? {
            Some(bytes) => tx_decode(&bytes, "appointment"),
            None => abort(ScheduleError::NotFound { what: "appointment", id: id.to_owned() }),
        }
    }

    /// Claims every occupancy unit of the appointment's time for it, or
    /// aborts with `Taken` if another appointment holds any of them. Units
    /// it already holds itself count as free, which a reschedule to an
    /// overlapping time needs.
    pub fn hold(&self, appointment: &Appointment) -> TxResult<()> {
        let id = appointment.id.as_bytes();
        for unit in grid_units(appointment.start, appointment.duration_minutes) {
            let key = keys::provider_time(self.practice, &appointment.provider_id, unit);
            if let Some(holder) = self.occupancy.insert(key, id)?
                && holder != id
            {
                return abort(ScheduleError::Taken);
            }
        }
        let mut value = keys::instant(appointment.end()).to_vec();
        value.extend_from_slice(id);
        self.busy.insert(keys::provider_time(self.practice, &appointment.provider_id, appointment.start), value)?;
        Ok(())
    }

    /// Frees the units the appointment holds (and only those it holds).
    pub fn release(&self, appointment: &Appointment) -> TxResult<()> {
        let id = appointment.id.as_bytes();
        for unit in grid_units(appointment.start, appointment.duration_minutes) {
            let key = keys::provider_time(self.practice, &appointment.provider_id, unit);
            if self.occupancy.get(&key)?.is_some_and(|holder| holder == id) {
                self.occupancy.remove(key)?;
            }
        }
        let busy_key = keys::provider_time(self.practice, &appointment.provider_id, appointment.start);
        if self.busy.get(&busy_key)?.is_some_and(|v| v.get(8..) == Some(id)) {
            self.busy.remove(busy_key)?;
        }
        Ok(())
    }

    /// Writes the record and its patient and start-time index entries.
    pub fn write(&self, appointment: &Appointment) -> TxResult<()> {
        let (practice, id) = (self.practice, appointment.id.as_str());
        self.appointments.insert(keys::appointment(practice, id), encode(appointment))?;
        self.by_patient.insert(keys::by_patient(practice, &appointment.patient_id, id), &b""[..])?;
        self.by_start.insert(keys::by_start(practice, appointment.start, id), &b""[..])?;
        Ok(())
    }

    /// Drops the start-time index entry (the time is about to change).
    pub fn unindex_start(&self, appointment: &Appointment) -> TxResult<()> {
        self.by_start.remove(keys::by_start(self.practice, appointment.start, &appointment.id))?;
        Ok(())
    }
}
