//! Key layout of the `schedule_*` trees.
//!
//! Every key starts with the practice id and a NUL byte. Practice ids are
//! `[a-z0-9-]` (checked on every call), so the first NUL ends the practice
//! and no key of one practice is a prefix of, or equal to, another's: a read
//! or scan by one practice's prefix can never see another practice's data.
//! Ids inside a practice (provider, patient, type) contain no NUL either —
//! config ids are `[a-z0-9-]` and patient ids are checked for control
//! characters — so NUL-joined parts cannot run into each other.
//! Instants are big-endian `u64` (schedule times are never before 1970), so
//! keys sort in time order.
//!
//! | tree                  | key                                   | value                 |
//! |-----------------------|---------------------------------------|-----------------------|
//! | `schedule_config`     | practice NUL `config`                 | ScheduleConfig JSON   |
//! |                       | practice NUL `generation`             | u64 (8), new per load |
//! | `schedule_appointments` | practice NUL appointment-id         | Appointment JSON      |
//! | `schedule_by_patient` | practice NUL patient NUL appointment-id | empty               |
//! | `schedule_by_start`   | practice NUL start(8) appointment-id  | empty                 |
//! | `schedule_busy`       | practice NUL provider NUL start(8)    | end(8) + appointment-id |
//! | `schedule_occupancy`  | practice NUL provider NUL unit(8)     | appointment-id        |
//! | `schedule_waitlist`   | practice NUL `e` seq(8)               | WaitlistEntry JSON    |
//! |                       | practice NUL `p` patient NUL type     | seq(8) of the waiting entry |
//! | `schedule_offers`     | practice NUL offer-id                 | Offer JSON            |

use crate::model::Timestamp;

pub(crate) fn prefix(practice: &str) -> Vec<u8> {
    let mut key = Vec::with_capacity(practice.len() + 48);
    key.extend_from_slice(practice.as_bytes());
    key.push(0);
    key
}

fn join(practice: &str, parts: &[&[u8]]) -> Vec<u8> {
    let mut key = prefix(practice);
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            key.push(0);
        }
        key.extend_from_slice(part);
    }
    key
}

pub(crate) fn instant(at: Timestamp) -> [u8; 8] {
    (at.max(0) as u64).to_be_bytes()
}

pub(crate) fn read_u64(bytes: &[u8]) -> Option<u64> {
    Some(u64::from_be_bytes(bytes.get(..8)?.try_into().ok()?))
}

pub(crate) fn read_instant(bytes: &[u8]) -> Option<Timestamp> {
    read_u64(bytes).map(|v| v as Timestamp)
}

pub(crate) fn config(practice: &str) -> Vec<u8> {
    join(practice, &[b"config"])
}

pub(crate) fn config_generation(practice: &str) -> Vec<u8> {
    join(practice, &[b"generation"])
}

pub(crate) fn appointment(practice: &str, id: &str) -> Vec<u8> {
    join(practice, &[id.as_bytes()])
}

pub(crate) fn by_patient_prefix(practice: &str, patient: &str) -> Vec<u8> {
    let mut key = join(practice, &[patient.as_bytes()]);
    key.push(0);
    key
}

pub(crate) fn by_patient(practice: &str, patient: &str, id: &str) -> Vec<u8> {
    let mut key = by_patient_prefix(practice, patient);
    key.extend_from_slice(id.as_bytes());
    key
}

pub(crate) fn by_start_bound(practice: &str, at: Timestamp) -> Vec<u8> {
    join(practice, &[&instant(at)])
}

pub(crate) fn by_start(practice: &str, start: Timestamp, id: &str) -> Vec<u8> {
    let mut key = by_start_bound(practice, start);
    key.extend_from_slice(id.as_bytes());
    key
}

/// Key of a provider's booking (`at` in ms) or occupancy unit (`at` in 5-minute units).
pub(crate) fn provider_time(practice: &str, provider: &str, at: i64) -> Vec<u8> {
    join(practice, &[provider.as_bytes(), &instant(at)])
}

pub(crate) fn waitlist_entry(practice: &str, seq: u64) -> Vec<u8> {
    let mut key = waitlist_entries(practice);
    key.extend_from_slice(&seq.to_be_bytes());
    key
}

pub(crate) fn waitlist_entries(practice: &str) -> Vec<u8> {
    let mut key = prefix(practice);
    key.push(b'e');
    key
}

pub(crate) fn waitlist_waiting(practice: &str, patient: &str, appointment_type: &str) -> Vec<u8> {
    let mut key = prefix(practice);
    key.push(b'p');
    key.extend_from_slice(patient.as_bytes());
    key.push(0);
    key.extend_from_slice(appointment_type.as_bytes());
    key
}

pub(crate) fn offer(practice: &str, id: &str) -> Vec<u8> {
    join(practice, &[id.as_bytes()])
}
