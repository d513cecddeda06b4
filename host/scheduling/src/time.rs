//! Local wall-clock time in the practice's zone ⇄ UTC instants.
//!
//! Templates say "Monday 08:00–12:00" in the practice's IANA zone; this
//! module turns a local date and minute into an instant with jiff's
//! `compatible` rule, the one RFC 5545 (iCalendar) uses and people expect:
//! a wall time skipped by a spring-forward gap moves later by the gap, and a
//! wall time repeated by a fall-back fold means its first occurrence. Slots
//! are then laid out in real (absolute) minutes, so a block that spans a
//! transition is exactly as long as the clock on the wall says it lasts.

use jiff::Timestamp as Instant;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::model::Timestamp;

pub(crate) const MINUTE_MS: i64 = 60_000;
pub(crate) const DAY_MINUTES: u32 = 24 * 60;
/// Every schedule time, duration and slot start is a multiple of this many
/// minutes (checked when a config is loaded and a slot is booked). It is
/// also the size of an occupancy unit: a 30-minute booking holds 6 keys,
/// not 30, which more than halves the cost of a booking transaction.
pub(crate) const GRID_MINUTES: u32 = 5;
pub(crate) const GRID_MS: i64 = GRID_MINUTES as i64 * MINUTE_MS;

/// The occupancy units `[start, start + duration)` covers. Rounded outwards,
/// so even a time off the grid (none should exist) can only cause a false
/// conflict, never a missed one.
pub(crate) fn grid_units(start: i64, duration_minutes: u32) -> std::ops::Range<i64> {
    let end = start + i64::from(duration_minutes) * MINUTE_MS;
    start.div_euclid(GRID_MS)..(end + GRID_MS - 1).div_euclid(GRID_MS)
}

/// Parses `HH:MM` (24-hour, two digits each) into minutes after midnight.
/// `24:00` is accepted so a block can run to the end of the day.
pub(crate) fn parse_hhmm(text: &str) -> Option<u32> {
    let bytes = text.as_bytes();
    if bytes.len() != 5 || bytes[2] != b':' || !text.is_ascii() {
        return None;
    }
    let hours: u32 = text[..2].parse().ok()?;
    let minutes: u32 = text[3..].parse().ok()?;
    if minutes >= 60 || hours > 24 || (hours == 24 && minutes != 0) {
        return None;
    }
    Some(hours * 60 + minutes)
}

/// Formats minutes after midnight as `HH:MM`.
pub(crate) fn format_hhmm(minute: u32) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

pub(crate) fn parse_date(text: &str) -> Option<Date> {
    // jiff also accepts other ISO 8601 spellings; the config format is the
    // plain `YYYY-MM-DD` so files stay uniform.
    if text.len() != 10 {
        return None;
    }
    text.parse().ok()
}

/// The instant at `minute` (0..=1440) after local midnight of `date`.
pub(crate) fn local_instant(tz: &TimeZone, date: Date, minute: u32) -> Timestamp {
    let (date, minute) = if minute >= DAY_MINUTES {
        // 24:00 is the next day's midnight; `tomorrow` only fails at the end
        // of jiff's range (year 9999), far outside any schedule window.
        (date.tomorrow().unwrap_or(date), minute - DAY_MINUTES)
    } else {
        (date, minute)
    };
    let dt = date.at((minute / 60) as i8, (minute % 60) as i8, 0, 0);
    match tz.to_ambiguous_timestamp(dt).compatible() {
        Ok(ts) => ts.as_millisecond(),
        // Only reachable at the edges of jiff's supported range.
        Err(_) => i64::MAX / 2,
    }
}

/// The practice-local date and minute after midnight of an instant.
pub(crate) fn local_date_minute(tz: &TimeZone, at: Timestamp) -> (Date, u32) {
    let instant = Instant::from_millisecond(at).unwrap_or(Instant::UNIX_EPOCH);
    let dt = tz.to_datetime(instant);
    (dt.date(), dt.hour() as u32 * 60 + dt.minute() as u32)
}

/// Local weekday, 0 = Monday (the WIT convention).
pub(crate) fn weekday_index(date: Date) -> usize {
    date.weekday().to_monday_zero_offset() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hhmm_round_trips_and_rejects_junk() {
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("24:00"), Some(1440));
        assert_eq!(format_hhmm(510), "08:30");
        for bad in ["8:30", "08:60", "24:01", "25:00", "08-30", "０8:30", ""] {
            assert_eq!(parse_hhmm(bad), None, "{bad}");
        }
    }

    #[test]
    fn spring_forward_gap_moves_later_and_fall_back_fold_takes_the_first() {
        let tz = TimeZone::get("America/Chicago").unwrap();
        // 2026-03-08 02:30 does not exist in Chicago; compatible → 03:30 CDT = 08:30Z.
        let gap = local_instant(&tz, jiff::civil::date(2026, 3, 8), 150);
        assert_eq!(gap, "2026-03-08T08:30:00Z".parse::<Instant>().unwrap().as_millisecond());
        // 2026-11-01 01:30 happens twice; compatible → the first (CDT) = 06:30Z.
        let fold = local_instant(&tz, jiff::civil::date(2026, 11, 1), 90);
        assert_eq!(fold, "2026-11-01T06:30:00Z".parse::<Instant>().unwrap().as_millisecond());
    }

    #[test]
    fn grid_units_cover_the_whole_interval() {
        let m = MINUTE_MS;
        assert_eq!(grid_units(0, 30), 0..6);
        assert_eq!(grid_units(10 * m, 20), 2..6);
        // Off-grid times round outwards.
        assert_eq!(grid_units(3 * m, 5), 0..2);
        assert_eq!(grid_units(5 * m, 1), 1..2);
    }

    #[test]
    fn end_of_day_is_next_midnight() {
        let tz = TimeZone::get("America/New_York").unwrap();
        let d = jiff::civil::date(2026, 6, 1);
        assert_eq!(local_instant(&tz, d, 1440), local_instant(&tz, d.tomorrow().unwrap(), 0));
    }
}
