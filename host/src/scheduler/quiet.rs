//! Quiet hours: non-urgent outreach waits until the practice's morning.

/// `HH:MM` → minutes after midnight.
pub fn parse_hhmm(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60 && text.len() == 5).then_some(h * 60 + m)
}

const DEFAULT_START: u32 = 21 * 60;
const DEFAULT_END: u32 = 8 * 60;

/// The earliest instant at or after `now_ms` outside the quiet window
/// (`start`..`end` local, possibly across midnight) in `zone`.
pub fn next_allowed(now_ms: i64, zone: &str, start: Option<&str>, end: Option<&str>) -> i64 {
    let start = start.and_then(parse_hhmm).unwrap_or(DEFAULT_START);
    let end = end.and_then(parse_hhmm).unwrap_or(DEFAULT_END);
    let (Ok(tz), Ok(now)) = (jiff::tz::TimeZone::get(zone), jiff::Timestamp::from_millisecond(now_ms)) else {
        return now_ms;
    };
    let local = now.to_zoned(tz.clone());
    let minute = local.hour() as u32 * 60 + local.minute() as u32;
    let quiet = if start <= end { minute >= start && minute < end } else { minute >= start || minute < end };
    if !quiet || start == end {
        return now_ms;
    }
    // The next local `end`: today if still ahead, else tomorrow.
    let mut day = local.date();
    if minute >= end {
        day = day.tomorrow().unwrap_or(day);
    }
    let at = day.at((end / 60) as i8, (end % 60) as i8, 0, 0);
    at.to_zoned(tz).map(|z| z.timestamp().as_millisecond()).unwrap_or(now_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> i64 {
        text.parse::<jiff::Timestamp>().unwrap().as_millisecond()
    }

    #[test]
    fn outreach_waits_for_the_practice_morning() {
        let zone = "America/New_York";
        // 23:30 local (EST, UTC-5) → 08:00 next morning local.
        assert_eq!(next_allowed(ms("2026-01-15T04:30:00Z"), zone, None, None), ms("2026-01-15T13:00:00Z"));
        // 06:00 local → 08:00 the same morning.
        assert_eq!(next_allowed(ms("2026-01-15T11:00:00Z"), zone, None, None), ms("2026-01-15T13:00:00Z"));
        // Noon local: now.
        assert_eq!(next_allowed(ms("2026-01-15T17:00:00Z"), zone, None, None), ms("2026-01-15T17:00:00Z"));
        // A custom window that does not cross midnight.
        assert_eq!(
            next_allowed(ms("2026-01-15T17:00:00Z"), zone, Some("12:00"), Some("13:30")),
            ms("2026-01-15T18:30:00Z")
        );
    }

    #[test]
    fn hhmm_is_strict() {
        assert_eq!(parse_hhmm("08:30"), Some(510));
        assert_eq!(parse_hhmm("8:30"), None);
        assert_eq!(parse_hhmm("24:00"), None);
        assert_eq!(parse_hhmm("ab:cd"), None);
    }
}
