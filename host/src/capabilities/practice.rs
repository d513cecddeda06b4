//! `practice`: who the practice is, the plugin's prepared config, and the
//! clock. Plugins read time only here, so tests can control it.

use super::HostState;
use crate::runtime::bindings::switchboard::plugin::practice;

impl practice::Host for HostState {
    fn info(&mut self) -> wasmtime::Result<practice::PracticeInfo> {
        Ok(practice::PracticeInfo {
            id: self.ctx.practice_id.clone(),
            name: self.ctx.practice_name.clone(),
            time_zone: self.ctx.time_zone.clone(),
            main_number: self.ctx.main_number.clone(),
        })
    }

    fn config(&mut self) -> wasmtime::Result<Vec<u8>> {
        Ok(self.ctx.config.to_vec())
    }

    fn now(&mut self) -> wasmtime::Result<i64> {
        Ok(self.ctx.now_ms)
    }

    fn utc_offset_minutes(&mut self, at: i64) -> wasmtime::Result<i32> {
        Ok(utc_offset_minutes(&self.ctx.time_zone, at))
    }

    fn language(&mut self) -> wasmtime::Result<String> {
        Ok(self.ctx.language.tag().to_string())
    }

    fn office_hours(&mut self) -> wasmtime::Result<practice::HoursStatus> {
        let status = match &self.ctx.hours {
            Some(hours) => hours.status(&self.ctx.time_zone, self.ctx.now_ms),
            None => crate::hours::HoursStatus { open_now: false, next_open: None },
        };
        Ok(practice::HoursStatus { open_now: status.open_now, next_open: status.next_open })
    }
}

/// The zone's offset at `at_ms`; an unknown zone or instant counts as UTC
/// (zones are validated when a practice is saved).
pub fn utc_offset_minutes(zone: &str, at_ms: i64) -> i32 {
    let Ok(tz) = jiff::tz::TimeZone::get(zone) else { return 0 };
    let Ok(instant) = jiff::Timestamp::from_millisecond(at_ms) else { return 0 };
    tz.to_offset(instant).seconds() / 60
}
