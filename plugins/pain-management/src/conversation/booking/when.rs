//! Saying when an appointment is, in the practice's local time:
//! "Tuesday, December 1 at 9:30 AM". The same words read well in a text
//! and to a speech synthesiser, which says "9:30 AM" and "9 AM" naturally.

use switchboard_common::calendar::{WEEKDAY_NAMES, month_name, weekday_of_epoch_day};
use switchboard_common::parse::Date;

pub(crate) const DAY_MS: i64 = 86_400_000;
pub(crate) const HOUR_MS: i64 = 3_600_000;

/// The local day number (days since 1970-01-01 in local time) of `at`.
pub(crate) fn local_day(at: i64, offset_minutes: i32) -> i64 {
    (at + i64::from(offset_minutes) * 60_000).div_euclid(DAY_MS)
}

/// "Tuesday, December 1 at 9:30 AM".
pub(crate) fn describe(at: i64, offset_minutes: i32) -> String {
    let local = at + i64::from(offset_minutes) * 60_000;
    let date = Date::from_unix_ms(local);
    let weekday = weekday_of_epoch_day(local.div_euclid(DAY_MS));
    let minute = local.rem_euclid(DAY_MS) / 60_000;
    let (hour, minute) = (minute / 60, minute % 60);
    let (h12, half) = match hour {
        0 => (12, "AM"),
        1..=11 => (hour, "AM"),
        12 => (12, "PM"),
        _ => (hour - 12, "PM"),
    };
    let clock = if minute == 0 { format!("{h12} {half}") } else { format!("{h12}:{minute:02} {half}") };
    format!("{}, {} {} at {clock}", WEEKDAY_NAMES[weekday], month_name(date.month), date.day)
}

/// "Friday, November 17": the day alone, for the earliest a procedure can be.
pub(crate) fn describe_day(at: i64, offset_minutes: i32) -> String {
    let local = at + i64::from(offset_minutes) * 60_000;
    let date = Date::from_unix_ms(local);
    let weekday = weekday_of_epoch_day(local.div_euclid(DAY_MS));
    format!("{}, {} {}", WEEKDAY_NAMES[weekday], month_name(date.month), date.day)
}

/// The local date of `at` as `YYYY-MM-DD`, for staff records.
pub(crate) fn local_iso(at: i64, offset_minutes: i32) -> String {
    Date::from_unix_ms(at + i64::from(offset_minutes) * 60_000).iso()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_times_read_naturally() {
        // 2026-12-01T14:00Z is 9 AM in New York (UTC-5).
        let at = 1_796_133_600_000;
        assert_eq!(describe(at, -300), "Tuesday, December 1 at 9 AM");
        assert_eq!(describe(at + 30 * 60_000, -300), "Tuesday, December 1 at 9:30 AM");
        assert_eq!(describe(at + 5 * HOUR_MS, -300), "Tuesday, December 1 at 2 PM");
        assert_eq!(local_day(at, -300), local_day(at - 8 * HOUR_MS, -300));
        assert_eq!(describe_day(at, -300), "Tuesday, December 1");
        // 11 PM on November 30 in New York is December 1 in UTC.
        assert_eq!(local_iso(at - 10 * HOUR_MS, -300), "2026-11-30");
    }
}
