//! Times of day, as patients give them for a call back or an appointment:
//! "3pm", "3:30", "15:00", "three thirty", "half past two", "noon",
//! "morning", "after 5", "before noon".
//!
//! Minutes are counted from local midnight. A bare hour without am/pm is
//! read as office hours would: 7 to 11 in the morning, 12 at noon, 1 to 6
//! in the afternoon — nobody asks for a call back at 3 at night.

use super::small_number;
use crate::normalize::{normalize, tokens};

/// A time, or a span of the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeOfDay {
    /// Minutes after midnight.
    At(u16),
    /// From, to (minutes after midnight).
    Between(u16, u16),
}

const H: u16 = 60;
/// The day "after 5" and "before 10" are bounded by.
const DAY_START: u16 = 7 * H;
const DAY_END: u16 = 21 * H;

/// The first time or part of the day in `text`.
pub fn time_of_day(text: &str) -> Option<TimeOfDay> {
    let t = tokens(&normalize(text));
    let t: Vec<&str> = t.iter().map(String::as_str).collect();
    for i in 0..t.len() {
        let prev = i.checked_sub(1).map(|p| t[p]);
        // The middle of "3/14/1971" or of a phone number is no time.
        if prev.is_some_and(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            continue;
        }
        let found = part_of_day(t[i]).or_else(|| {
            let bare_ok = t.len() == 1 || matches!(prev, Some("at" | "around" | "after" | "before" | "by" | "about"));
            clock(&t[i..], bare_ok).map(TimeOfDay::At)
        });
        let Some(found) = found else { continue };
        let at = match found {
            TimeOfDay::At(m) => m,
            span => return Some(span),
        };
        return Some(match prev {
            Some("after") => TimeOfDay::Between(at, DAY_END.max(at)),
            Some("before" | "by") => TimeOfDay::Between(DAY_START.min(at), at),
            _ => found,
        });
    }
    None
}

fn part_of_day(word: &str) -> Option<TimeOfDay> {
    Some(match word {
        "noon" | "midday" | "lunchtime" => TimeOfDay::At(12 * H),
        "midnight" => TimeOfDay::At(0),
        "morning" | "mornings" => TimeOfDay::Between(8 * H, 12 * H),
        "afternoon" | "afternoons" => TimeOfDay::Between(12 * H, 17 * H),
        "evening" | "evenings" | "tonight" => TimeOfDay::Between(17 * H, 20 * H),
        _ => return None,
    })
}

/// A clock time at the start of `t`. Without a cue (am/pm, minutes,
/// "o'clock") a bare hour counts only when `bare_ok`.
fn clock(t: &[&str], bare_ok: bool) -> Option<u16> {
    // "half past two", "quarter past two", "quarter to three".
    if let [lead @ ("half" | "quarter"), rel @ ("past" | "after" | "to" | "til" | "till"), rest @ ..] = t {
        let hour = small_number(rest).filter(|n| (1..=12).contains(&n.value) && !n.ordinal)?;
        let base = office_hour(hour.value as u16) * H;
        let offset = if *lead == "half" { 30 } else { 15 };
        return Some(if matches!(*rel, "past" | "after") { base + offset } else { base - offset });
    }
    let hour = small_number(t).filter(|n| n.value <= 24 && !n.ordinal && n.digits <= 2)?;
    let mut i = hour.used;
    let mut minutes = 0u16;
    let mut cue = false;
    if let Some(m) = minutes_at(&t[i..]) {
        // "3/14/1971" reads as "3 14 1971": a third number makes it a date.
        if t.get(i + m.1).is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        minutes = m.0;
        i += m.1;
        cue = true;
    }
    let hour = hour.value as u16;
    match t.get(i..).unwrap_or(&[]) {
        ["am", ..] | ["a", "m", ..] | ["in", "the", "morning", ..] => Some(hour % 12 * H + minutes),
        ["pm", ..] | ["p", "m", ..] | ["in", "the", "afternoon" | "evening", ..] | ["at", "night", ..] => {
            Some((hour % 12 + 12) * H + minutes)
        }
        ["oclock", ..] | ["o", "clock", ..] => Some(office_hour(hour) * H + minutes),
        _ if !(cue || bare_ok) => None,
        _ if hour > 12 => (hour < 24).then_some(hour * H + minutes),
        _ => (hour > 0).then_some(office_hour(hour) * H + minutes),
    }
}

/// Minutes after an hour: "30", "00", "thirty", "forty five", "oh five".
fn minutes_at(t: &[&str]) -> Option<(u16, usize)> {
    let first = *t.first()?;
    if first.len() == 2 && first.bytes().all(|b| b.is_ascii_digit()) {
        let m: u16 = first.parse().ok()?;
        return (m < 60).then_some((m, 1));
    }
    if matches!(first, "oh" | "zero") {
        let n = small_number(&t[1..]).filter(|n| n.value < 10 && n.digits == 0)?;
        return Some((n.value as u16, 1 + n.used));
    }
    let n = small_number(t).filter(|n| n.digits == 0 && !n.ordinal && (10..60).contains(&n.value))?;
    Some((n.value as u16, n.used))
}

/// A 12-hour clock hour read as office hours (see the module docs).
fn office_hour(hour: u16) -> u16 {
    match hour {
        1..=6 => hour + 12,
        _ => hour,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TimeOfDay::*;

    fn at(h: u16, m: u16) -> Option<TimeOfDay> {
        Some(At(h * H + m))
    }

    #[test]
    fn clock_times() {
        assert_eq!(time_of_day("3pm"), at(15, 0));
        assert_eq!(time_of_day("3 PM"), at(15, 0));
        assert_eq!(time_of_day("3:30pm"), at(15, 30));
        assert_eq!(time_of_day("10:15 a.m."), at(10, 15));
        assert_eq!(time_of_day("15:00"), at(15, 0));
        assert_eq!(time_of_day("12 am"), at(0, 0));
        assert_eq!(time_of_day("12pm"), at(12, 0));
        assert_eq!(time_of_day("3"), at(15, 0));
        assert_eq!(time_of_day("at 9"), at(9, 0));
        assert_eq!(time_of_day("4 o'clock"), at(16, 0));
    }

    #[test]
    fn spoken_times() {
        assert_eq!(time_of_day("three thirty"), at(15, 30));
        assert_eq!(time_of_day("three thirty in the afternoon"), at(15, 30));
        assert_eq!(time_of_day("nine forty five am"), at(9, 45));
        assert_eq!(time_of_day("ten oh five"), at(10, 5));
        assert_eq!(time_of_day("half past two"), at(14, 30));
        assert_eq!(time_of_day("quarter to eleven"), at(10, 45));
        assert_eq!(time_of_day("eleven in the morning"), at(11, 0));
    }

    #[test]
    fn parts_of_the_day_and_spans() {
        assert_eq!(time_of_day("morning is best"), Some(Between(8 * H, 12 * H)));
        assert_eq!(time_of_day("any time in the afternoon"), Some(Between(12 * H, 17 * H)));
        assert_eq!(time_of_day("noon"), at(12, 0));
        assert_eq!(time_of_day("after 5"), Some(Between(17 * H, DAY_END)));
        assert_eq!(time_of_day("before 10am"), Some(Between(DAY_START, 10 * H)));
    }

    #[test]
    fn numbers_that_are_not_times() {
        for text in
            ["I need 3 things", "call 502 555 0199", "oxycodone 10 mg", "the 14th", "", "25:00", "DOB 03/14/1971"]
        {
            assert_eq!(time_of_day(text), None, "{text}");
        }
    }
}
