//! A practice's office hours: weekly opening times, holidays, in the
//! practice's time zone. Host-side, because the host needs them without the
//! plugin (when the next business day is, for callbacks and for what the
//! plugin tells patients) and every plugin of the practice should agree on
//! them; plugins read the result through `practice.office-hours`.

use std::collections::BTreeMap;

use jiff::civil::{Date, Time, Weekday};
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

/// `weekly` maps a day (`mon` … `sun`) to one `HH:MM-HH:MM` span, local
/// time; days not listed are closed. `holidays` are closed dates
/// (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeHours {
    pub weekly: BTreeMap<Day, String>,
    #[serde(default)]
    pub holidays: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Day {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Day {
    fn of(weekday: Weekday) -> Day {
        match weekday {
            Weekday::Monday => Day::Mon,
            Weekday::Tuesday => Day::Tue,
            Weekday::Wednesday => Day::Wed,
            Weekday::Thursday => Day::Thu,
            Weekday::Friday => Day::Fri,
            Weekday::Saturday => Day::Sat,
            Weekday::Sunday => Day::Sun,
        }
    }
}

/// Whether the office is open at an instant, and when it next opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HoursStatus {
    pub open_now: bool,
    /// The next opening (ms since the epoch) when closed; `None` when open
    /// or when no opening falls in the next few weeks.
    pub next_open: Option<i64>,
}

/// How far ahead to look for the next opening (long holiday closures fit).
const LOOKAHEAD_DAYS: i32 = 31;
const MAX_HOLIDAYS: usize = 400;

fn span(text: &str) -> Option<(Time, Time)> {
    let (open, close) = text.split_once('-')?;
    let time = |t: &str| {
        let minutes = crate::scheduler::parse_hhmm(t.trim())?;
        Time::new((minutes / 60) as i8, (minutes % 60) as i8, 0, 0).ok()
    };
    let (open, close) = (time(open)?, time(close)?);
    (open < close).then_some((open, close))
}

impl OfficeHours {
    /// Every problem, named by field, or nothing.
    pub fn validate(&self) -> Result<(), String> {
        for (day, text) in &self.weekly {
            if span(text).is_none() {
                return Err(format!(
                    "`hours.weekly.{}` must be `HH:MM-HH:MM` with the opening before the closing, not {text:?}",
                    serde_json::to_value(day).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
                ));
            }
        }
        if self.holidays.len() > MAX_HOLIDAYS {
            return Err(format!("`hours.holidays` may list at most {MAX_HOLIDAYS} dates"));
        }
        if let Some(bad) = self.holidays.iter().find(|d| d.parse::<Date>().is_err()) {
            return Err(format!("`hours.holidays`: {bad:?} is not a date (YYYY-MM-DD)"));
        }
        Ok(())
    }

    /// Open or closed at `now_ms` in `zone`, and the next opening.
    pub fn status(&self, zone: &str, now_ms: i64) -> HoursStatus {
        let (Ok(tz), Ok(now)) = (TimeZone::get(zone), jiff::Timestamp::from_millisecond(now_ms)) else {
            // Zones are validated when a practice is saved; never claim to
            // be open on a bad one.
            return HoursStatus { open_now: false, next_open: None };
        };
        let today = now.to_zoned(tz.clone()).date();
        let holidays: Vec<Date> = self.holidays.iter().filter_map(|h| h.parse().ok()).collect();
        for offset in 0..LOOKAHEAD_DAYS {
            let Ok(day) = today.checked_add(jiff::Span::new().days(offset)) else { break };
            if holidays.contains(&day) {
                continue;
            }
            let Some((open, close)) = self.weekly.get(&Day::of(day.weekday())).and_then(|s| span(s)) else {
                continue;
            };
            let at = |t: Time| day.to_datetime(t).to_zoned(tz.clone()).map(|z| z.timestamp().as_millisecond());
            let (Ok(open_ms), Ok(close_ms)) = (at(open), at(close)) else { continue };
            if (open_ms..close_ms).contains(&now_ms) {
                return HoursStatus { open_now: true, next_open: None };
            }
            if open_ms > now_ms {
                return HoursStatus { open_now: false, next_open: Some(open_ms) };
            }
        }
        HoursStatus { open_now: false, next_open: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> i64 {
        text.parse::<jiff::Timestamp>().unwrap().as_millisecond()
    }

    fn weekdays() -> OfficeHours {
        let weekly = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri]
            .into_iter()
            .map(|d| (d, "08:00-17:00".to_string()))
            .collect();
        OfficeHours { weekly, holidays: vec!["2026-11-26".into()] }
    }

    #[test]
    fn open_closed_and_the_next_opening_in_the_practice_zone() {
        let hours = weekdays();
        let zone = "America/Chicago"; // UTC-6 in November
        // Monday 2026-11-23 10:00 local.
        assert_eq!(hours.status(zone, ms("2026-11-23T16:00:00Z")), HoursStatus { open_now: true, next_open: None });
        // Friday 18:00 local → Monday 08:00 local.
        let friday_evening = hours.status(zone, ms("2026-11-28T00:00:00Z"));
        assert_eq!(friday_evening, HoursStatus { open_now: false, next_open: Some(ms("2026-11-30T14:00:00Z")) });
        // Wednesday night before Thanksgiving (a holiday) → Friday 08:00.
        let before_holiday = hours.status(zone, ms("2026-11-26T03:00:00Z"));
        assert_eq!(before_holiday.next_open, Some(ms("2026-11-27T14:00:00Z")));
        // Early morning → the same day's opening.
        assert_eq!(hours.status(zone, ms("2026-11-24T12:00:00Z")).next_open, Some(ms("2026-11-24T14:00:00Z")));
    }

    #[test]
    fn bad_spans_and_dates_are_named() {
        let mut hours = weekdays();
        hours.weekly.insert(Day::Sat, "17:00-08:00".into());
        assert!(hours.validate().unwrap_err().contains("hours.weekly.sat"));
        let mut hours = weekdays();
        hours.holidays.push("12/25/2026".into());
        assert!(hours.validate().unwrap_err().contains("12/25/2026"));
        assert!(weekdays().validate().is_ok());
    }

    #[test]
    fn no_hours_at_all_is_never_open() {
        let hours = OfficeHours { weekly: BTreeMap::new(), holidays: vec![] };
        assert_eq!(hours.status("UTC", 0), HoursStatus { open_now: false, next_open: None });
    }
}
