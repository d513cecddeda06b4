//! Slot ids: what an opening is, in one opaque string a plugin hands back
//! when it books.
//!
//! Format `s1.<provider>.<location>.<type>.<start>` where `<start>` is the
//! start in whole minutes since the Unix epoch. Config ids never contain a
//! `.` (they are `[a-z0-9-]`), so the parts split unambiguously. A slot id
//! is only a claim: booking re-checks it against the current config,
//! availability, the clock and occupancy, so a forged or stale id can do no
//! more than a real one.

use crate::error::{Result, ScheduleError};
use crate::model::Timestamp;
use crate::time::MINUTE_MS;

const VERSION: &str = "s1";
const MAX_LEN: usize = 256;

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SlotId {
    pub provider: String,
    pub location: String,
    pub appointment_type: String,
    /// Whole minutes since the epoch; always non-negative.
    pub start_minute: i64,
}

impl SlotId {
    pub fn new(provider: &str, location: &str, appointment_type: &str, start: Timestamp) -> Self {
        SlotId {
            provider: provider.to_owned(),
            location: location.to_owned(),
            appointment_type: appointment_type.to_owned(),
            start_minute: start.div_euclid(MINUTE_MS),
        }
    }

    pub fn start(&self) -> Timestamp {
        self.start_minute * MINUTE_MS
    }

    pub fn encode(&self) -> String {
        format!("{VERSION}.{}.{}.{}.{}", self.provider, self.location, self.appointment_type, self.start_minute)
    }

    pub fn parse(text: &str) -> Result<Self> {
        if text.len() > MAX_LEN {
            return Err(ScheduleError::MalformedSlotId);
        }
        let mut parts = text.split('.');
        let (Some(VERSION), Some(provider), Some(location), Some(kind), Some(start), None) =
            (parts.next(), parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ScheduleError::MalformedSlotId);
        };
        let ids_ok = [provider, location, kind].iter().all(|id| crate::config::is_id(id));
        let start_minute: i64 = match start.parse() {
            Ok(m) if ids_ok && m >= 0 && start.bytes().all(|b| b.is_ascii_digit()) => m,
            _ => return Err(ScheduleError::MalformedSlotId),
        };
        // Minutes this large overflow milliseconds; no schedule reaches them.
        if start_minute > i64::MAX / MINUTE_MS / 2 {
            return Err(ScheduleError::MalformedSlotId);
        }
        Ok(SlotId {
            provider: provider.to_owned(),
            location: location.to_owned(),
            appointment_type: kind.to_owned(),
            start_minute,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let id = SlotId::new("dr-patel", "main", "lumbar-esi", 1_780_000_020_000);
        assert_eq!(id.encode(), "s1.dr-patel.main.lumbar-esi.29666667");
        assert_eq!(SlotId::parse(&id.encode()).unwrap(), id);
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "s1",
            "s2.a.b.c.1",
            "s1.a.b.c",
            "s1.a.b.c.1.2",
            "s1.A.b.c.1",
            "s1.a.b.c.-1",
            "s1.a.b.c.+1",
            "s1.a.b.c.x",
            "s1.a\0.b.c.1",
            "s1..b.c.1",
            "s1.a.b.c.99999999999999999999",
        ] {
            assert!(matches!(SlotId::parse(bad), Err(ScheduleError::MalformedSlotId)), "{bad:?}");
        }
    }
}
