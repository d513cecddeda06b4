//! Lookups: one appointment, a patient's, a time range's (staff day view).
//! Plain reads, no transaction: each record is written whole by one
//! transaction, so a read sees a consistent record; an index entry whose
//! record is missing (impossible unless the store is damaged) is skipped.

use super::{SledSchedule, check_practice, check_ref, decode, keys};
use crate::error::{Result, ScheduleError};
use crate::model::{Appointment, Timestamp};
use crate::time::{DAY_MINUTES, local_instant, parse_date};

/// Longest range a staff listing may ask for, to bound one response.
const MAX_RANGE_MS: i64 = 366 * 24 * 3_600_000;

impl SledSchedule {
    pub(super) fn read_appointment(&self, practice: &str, id: &str) -> Result<Option<Appointment>> {
        check_practice(practice)?;
        check_ref("appointment_id", id)?;
        match self.trees.appointments.get(keys::appointment(practice, id))? {
            Some(bytes) => Ok(Some(decode(&bytes, "appointment")?)),
            None => Ok(None),
        }
    }

    fn load_all(&self, practice: &str, ids: impl Iterator<Item = Result<String>>) -> Result<Vec<Appointment>> {
        let mut out = Vec::new();
        for id in ids {
            if let Some(bytes) = self.trees.appointments.get(keys::appointment(practice, &id?))? {
                out.push(decode::<Appointment>(&bytes, "appointment")?);
            }
        }
        out.sort_by(|a, b| (a.start, &a.id).cmp(&(b.start, &b.id)));
        Ok(out)
    }

    pub(super) fn patient_appointments(&self, practice: &str, patient: &str) -> Result<Vec<Appointment>> {
        check_practice(practice)?;
        check_ref("patient_id", patient)?;
        let prefix = keys::by_patient_prefix(practice, patient);
        let ids = self.trees.by_patient.scan_prefix(&prefix).map(|entry| {
            let (key, _) = entry?;
            Ok(String::from_utf8_lossy(&key[prefix.len()..]).into_owned())
        });
        self.load_all(practice, ids)
    }

    pub(super) fn range_appointments(
        &self,
        practice: &str,
        from: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<Appointment>> {
        check_practice(practice)?;
        if until < from || until - from > MAX_RANGE_MS {
            return Err(ScheduleError::InvalidRequest("the range must run forwards and span at most 366 days".into()));
        }
        let start = keys::by_start_bound(practice, from);
        let end = keys::by_start_bound(practice, until);
        let id_at = start.len();
        let ids = self.trees.by_start.range(start..end).map(|entry| {
            let (key, _) = entry?;
            Ok(String::from_utf8_lossy(&key[id_at..]).into_owned())
        });
        self.load_all(practice, ids)
    }

    pub(super) fn day_appointments(&self, practice: &str, date: &str) -> Result<Vec<Appointment>> {
        check_practice(practice)?;
        let day = parse_date(date)
            .ok_or_else(|| ScheduleError::InvalidRequest(format!("{date:?} is not a date YYYY-MM-DD")))?;
        let compiled = self.compiled(practice)?;
        let from = local_instant(&compiled.tz, day, 0);
        let until = local_instant(&compiled.tz, day, DAY_MINUTES);
        self.range_appointments(practice, from, until)
    }
}
