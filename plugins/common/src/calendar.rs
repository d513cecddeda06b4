//! Names of days and months as the plugins say them to patients, and the
//! weekday of a day counted from the Unix epoch — one table for every
//! sentence that names a date.

/// Weekday names, Monday first (ISO order).
pub const WEEKDAY_NAMES: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/// Month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The weekday (0 = Monday) of `day` days after 1970-01-01, a Thursday.
pub const fn weekday_of_epoch_day(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

/// The name of month `month` (1 = January); December past the end, so a bad
/// value can never panic a sentence.
pub fn month_name(month: u8) -> &'static str {
    MONTH_NAMES[usize::from(month.saturating_sub(1)).min(11)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_epoch_was_a_thursday() {
        assert_eq!(WEEKDAY_NAMES[weekday_of_epoch_day(0)], "Thursday");
        assert_eq!(WEEKDAY_NAMES[weekday_of_epoch_day(-1)], "Wednesday");
        // 2026-11-23 is a Monday: day 20,780.
        assert_eq!(WEEKDAY_NAMES[weekday_of_epoch_day(20_780)], "Monday");
        assert_eq!(month_name(1), "January");
        assert_eq!(month_name(0), "January");
        assert_eq!(month_name(13), "December");
    }
}
