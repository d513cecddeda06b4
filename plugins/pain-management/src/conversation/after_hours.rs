//! After hours: the plugin still handles routine work, but a callback a
//! clinician or staff must make cannot happen tonight. The patient is told
//! when to expect it — "by noon on Monday": the practice's next opening
//! (from the host's office hours) plus the configured window — and the
//! item carries the same promise for the staff who open the queue.

use switchboard_common::calendar::{WEEKDAY_NAMES, month_name, weekday_of_epoch_day};
use switchboard_common::parse::Date;

use super::TurnCtx;
use super::booking::when::{DAY_MS, HOUR_MS};
use crate::host::{Host, OfficeHours};

/// When a callback is promised, in the practice's words and as a field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Promise {
    /// "by noon on Monday", "by 10 AM tomorrow".
    pub phrase: String,
}

/// "noon", "10 AM", "1:30 PM".
fn clock(minutes: i64) -> String {
    let (h, m) = (minutes / 60, minutes % 60);
    if (h, m) == (12, 0) {
        return "noon".into();
    }
    let suffix = if h < 12 { "AM" } else { "PM" };
    let h12 = match h % 12 {
        0 => 12,
        h => h,
    };
    if m == 0 { format!("{h12} {suffix}") } else { format!("{h12}:{m:02} {suffix}") }
}

/// The promise for a callback due at `due_local_ms` (local wall time as
/// milliseconds since the epoch), seen from `now_local_ms`.
pub(super) fn promise(now_local_ms: i64, due_local_ms: i64) -> Promise {
    let (today, day) = (now_local_ms.div_euclid(DAY_MS), due_local_ms.div_euclid(DAY_MS));
    let time = clock(due_local_ms.rem_euclid(DAY_MS) / 60_000);
    let weekday = WEEKDAY_NAMES[weekday_of_epoch_day(day)];
    let when = match day - today {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        2..=6 => format!("on {weekday}"),
        _ => {
            let date = Date::from_unix_ms(due_local_ms);
            format!("on {weekday}, {} {}", month_name(date.month), date.day)
        }
    };
    Promise { phrase: format!("by {time} {when}") }
}

/// "Is there a doctor on call?", in the office's hours and out of them.
pub(super) const ON_CALL_OPEN: &str = "Our office is open now. Tell me what is happening and I'll pass it to our clinical team. If it is an emergency, call 911.";
pub(super) const ON_CALL_CLOSED: &str = "Our office is closed now. After hours, urgent problems go to our on-call clinician: tell me what is happening, and if it is urgent I'll get it to them now. If it is an emergency, call 911.";

/// Words of a question about who is on call.
const ON_CALL: &[&[&str]] = &[
    &["on", "call"],
    &["oncall"],
    &["de", "guardia"],
    &["doctor", "tonight"],
    &["nurse", "tonight"],
    &["anyone", "tonight"],
    &["somebody", "tonight"],
    &["answering", "service"],
];

impl<H: Host> TurnCtx<'_, H> {
    /// "Is there a doctor on call I can ask, or should I wait til Monday?":
    /// how urgent problems reach a clinician now, and 911.
    pub(super) fn on_call_question(&mut self) -> bool {
        let tokens = self.tokens();
        let asks = ON_CALL
            .iter()
            .any(|phrase| tokens.windows(phrase.len()).any(|w| w.iter().zip(*phrase).all(|(t, p)| t == p)));
        if !asks || !self.unclaimed() {
            return false;
        }
        let open = self.hours().open_now;
        self.say(if open { ON_CALL_OPEN } else { ON_CALL_CLOSED });
        self.state.misunderstood = 0;
        self.ask(super::replies::WHAT_TODAY, super::Listen::Menu);
        true
    }

    /// The office hours, asked of the host once per turn.
    pub(super) fn hours(&mut self) -> OfficeHours {
        if let Some(hours) = self.hours {
            return hours;
        }
        let hours = self.host.office_hours();
        self.hours = Some(hours);
        hours
    }

    /// When the office is closed and its next opening is known: the
    /// callback promise. `None` in office hours (or with no hours set),
    /// where the practice's usual callback wording stands.
    pub(super) fn after_hours_promise(&mut self) -> Option<Promise> {
        let hours = self.hours();
        if hours.open_now {
            return None;
        }
        let due = hours.next_open? + i64::from(self.config.escalation().callback_within_hours) * HOUR_MS;
        let now = self.turn.received_at;
        let now_local = now + i64::from(self.host.utc_offset_minutes(now)) * 60_000;
        let due_local = due + i64::from(self.host.utc_offset_minutes(due)) * 60_000;
        Some(promise(now_local, due_local))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Local wall times written as if they were UTC (epoch ms).
    fn local(text: &str) -> i64 {
        match text {
            "2026-11-27T19:00" => 1_795_806_000_000,
            "2026-11-30T12:00" => 1_796_040_000_000,
            "2026-11-24T02:00" => 1_795_485_600_000,
            "2026-11-24T10:30" => 1_795_516_200_000,
            "2026-11-24T20:00" => 1_795_550_400_000,
            "2026-11-25T13:00" => 1_795_611_600_000,
            "2026-12-23T20:00" => 1_798_056_000_000,
            "2027-01-04T12:00" => 1_799_064_000_000,
            other => panic!("no fixture for {other}"),
        }
    }

    #[test]
    fn promises_read_like_a_person_would_say_them() {
        // Friday 2026-11-27 19:00 → Monday 12:00.
        assert_eq!(promise(local("2026-11-27T19:00"), local("2026-11-30T12:00")).phrase, "by noon on Monday");
        assert_eq!(promise(local("2026-11-24T02:00"), local("2026-11-24T10:30")).phrase, "by 10:30 AM today");
        assert_eq!(promise(local("2026-11-24T20:00"), local("2026-11-25T13:00")).phrase, "by 1 PM tomorrow");
        assert_eq!(
            promise(local("2026-12-23T20:00"), local("2027-01-04T12:00")).phrase,
            "by noon on Monday, January 4"
        );
    }
}
