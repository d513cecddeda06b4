//! Reading a booking message: what the patient wants done with an
//! appointment, and when and with whom they would like it. Typed and
//! spoken forms both ("tues am", "Tuesday morning", "12/3", "December
//! third"); whatever cannot be read is simply not a preference, so a
//! garbled voice result leads to the first openings rather than a loop.

use serde::{Deserialize, Serialize};
use switchboard_common::calendar::MONTH_NAMES;
use switchboard_common::parse::{Date, TimeOfDay, time_of_day};

/// What the patient wants done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Intent {
    Book,
    Reschedule,
    Cancel,
    Confirm,
    /// "When is my appointment?"
    When,
    /// "Anything sooner?": earlier openings, else the waitlist.
    Earlier,
    /// "3" to a waitlist offer text: take the offered time.
    TakeOffer,
    /// Join the waitlist for a type ("anything sooner?" with nothing
    /// booked, "put me on the waitlist").
    Waitlist,
    /// "4" to a follow-up text: book the type the patient is due for.
    FollowUp,
}

/// The sub-intent of a message the recogniser labelled `appointment`.
/// Order matters: "cancel and rebook" is a cancellation first.
pub(crate) fn intent(tokens: &[String]) -> Intent {
    let has = |w: &[&str]| tokens.iter().any(|t| w.contains(&t.as_str()));
    let pair = |a: &str, b: &[&str]| tokens.windows(2).any(|p| p[0] == a && b.contains(&p[1].as_str()));
    if has(&[
        "cancel",
        "cancelled",
        "canceled",
        "cancelling",
        "canceling",
        "cancellation",
        "cancelar",
        "cancelen",
        "cancela",
        "cancele",
    ]) || pair("cant", &["make", "come"])
        || pair("wont", &["make"])
    {
        Intent::Cancel
    } else if has(&[
        "reschedule",
        "rescheduling",
        "rebook",
        "move",
        "change",
        "push",
        "postpone",
        "switch",
        "cambiar",
        "mover",
        "reprogramar",
        "cambien",
    ]) {
        Intent::Reschedule
    } else if has(&["earlier", "sooner", "waitlist", "waiting"]) || pair("wait", &["list"]) {
        Intent::Earlier
    } else if has(&["confirm", "confirming", "confirmed", "confirmar", "confirmo"]) {
        Intent::Confirm
    } else if pair("when", &["is", "s", "was"])
        || pair("what", &["time", "day", "date"])
        || tokens.windows(3).any(|w| w[0] == "when" && w[1] == "do" && w[2] == "i")
        || pair("still", &["on", "happening", "have"])
        || pair("tengo", &["cita"])
        || pair("cuando", &["es", "tengo"])
        || pair("que", &["hora", "dia"])
        || has(&["remind"])
    {
        Intent::When
    } else {
        Intent::Book
    }
}

/// A bare digit answering one of our outreach texts ("Reply 1 to confirm,
/// 2 to reschedule", "Reply 3 to take it", "Reply 4 to book").
pub(crate) fn outreach_reply(text: &str) -> Option<Intent> {
    let t: String = text.chars().filter(|c| !c.is_whitespace() && !matches!(c, '.' | '!' | '"' | '\'')).collect();
    Some(match t.as_str() {
        "1" => Intent::Confirm,
        "2" => Intent::Reschedule,
        "3" => Intent::TakeOffer,
        "4" => Intent::FollowUp,
        _ => return None,
    })
}

/// When and with whom the patient would like the appointment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Prefs {
    /// Local weekdays, 0 = Monday.
    pub weekdays: Vec<u8>,
    /// Local minutes after midnight the start may fall in.
    pub earliest: Option<u32>,
    pub latest: Option<u32>,
    /// One local day (days since the Unix epoch, local time).
    pub day: Option<i64>,
    /// Not before this local day ("next week").
    pub from_day: Option<i64>,
    /// A word of the provider's name ("patel"), as said.
    pub provider: Option<String>,
}

/// What one message said about preferences.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Heard {
    /// Something usable was said (a day, a time, a provider, "any").
    pub any: bool,
    /// A date that has already passed.
    pub past: bool,
}

const WEEKDAYS: [(&str, u8); 21] = [
    ("monday", 0),
    ("mondays", 0),
    ("mon", 0),
    ("tuesday", 1),
    ("tuesdays", 1),
    ("tues", 1),
    ("tue", 1),
    ("wednesday", 2),
    ("wednesdays", 2),
    ("wed", 2),
    ("weds", 2),
    ("thursday", 3),
    ("thursdays", 3),
    ("thurs", 3),
    ("thu", 3),
    ("friday", 4),
    ("fridays", 4),
    ("fri", 4),
    ("saturday", 5),
    ("sunday", 6),
    ("sat", 5),
];

/// Words that are never a provider's name after "with".
const NOT_NAMES: [&str; 12] =
    ["the", "a", "my", "dr", "doctor", "anyone", "anybody", "any", "whoever", "someone", "you", "me"];

impl Prefs {
    /// Read `tokens` (and the raw `text`, for "12/3") against `today`, a
    /// local day number. Later answers replace earlier ones of the same
    /// kind, so "actually Thursday" moves the search.
    pub fn update(&mut self, tokens: &[String], text: &str, today: i64) -> Heard {
        let mut heard = Heard::default();
        let days: Vec<u8> = tokens
            .iter()
            .filter_map(|t| WEEKDAYS.iter().find(|(w, _)| w == t).map(|(_, d)| *d))
            .chain(tokens.iter().any(|t| t == "weekend").then_some([5u8, 6]).into_iter().flatten())
            .collect();
        if !days.is_empty() {
            self.weekdays = days;
            self.day = None;
            heard.any = true;
        }
        if let Some(span) = time_of_day(text) {
            let (from, to) = match span {
                // "at 2" means around then: an hour either side.
                TimeOfDay::At(m) => (u32::from(m).saturating_sub(60), u32::from(m) + 60),
                TimeOfDay::Between(a, b) => (u32::from(a), u32::from(b)),
            };
            (self.earliest, self.latest) = (Some(from), Some(to));
            heard.any = true;
        }
        if let Some(day) = named_day(tokens, text, today) {
            if day < today {
                heard.past = true;
            } else {
                self.day = Some(day);
                self.weekdays.clear();
                heard.any = true;
            }
        }
        if tokens.windows(2).any(|p| p[0] == "next" && p[1] == "week") {
            // The Monday after this week.
            let weekday = (today + 3).rem_euclid(7);
            self.from_day = Some(today + 7 - weekday);
            heard.any = true;
        }
        if let Some(name) = provider_word(tokens) {
            self.provider = Some(name);
            heard.any = true;
        }
        let anything = ["any", "anytime", "whenever", "soonest", "earliest", "first", "asap", "doesnt", "dont"];
        if tokens.iter().any(|t| anything.contains(&t.as_str())) {
            heard.any = true;
        }
        if tokens.iter().any(|t| matches!(t.as_str(), "anyone" | "anybody" | "whoever")) {
            self.provider = None;
            heard.any = true;
        }
        heard
    }

    pub fn is_empty(&self) -> bool {
        *self == Prefs::default()
    }
}

/// "Dr. Patel", "doctor okafor", "with Rivera": the word naming the
/// provider, matched later against the providers' names.
fn provider_word(tokens: &[String]) -> Option<String> {
    let at = tokens.iter().position(|t| matches!(t.as_str(), "dr" | "doctor" | "with" | "see"))?;
    tokens[at + 1..]
        .iter()
        .find(|t| {
            !NOT_NAMES.contains(&t.as_str())
                && t.len() >= 3
                && t.chars().all(char::is_alphabetic)
                && !WEEKDAYS.iter().any(|(w, _)| w == *t)
                && !matches!(t.as_str(), "morning" | "afternoon" | "evening" | "nurse" | "practitioner")
        })
        .cloned()
}

/// A specific day: "today", "tomorrow", "December 3", "3rd of December",
/// "12/3" or "12/3/2026". A month and day without a year is this year's,
/// unless that passed more than two months ago (then next year's): "May 5"
/// said in November means next May, "November 2" said on the 23rd is a
/// date that has passed.
fn named_day(tokens: &[String], text: &str, today: i64) -> Option<i64> {
    if tokens.iter().any(|t| t == "today") {
        return Some(today);
    }
    if tokens.iter().any(|t| t == "tomorrow") {
        return Some(today + 1);
    }
    let this_year = Date::from_unix_ms(today * 86_400_000).year;
    let (month, day, year) = month_day(tokens).or_else(|| slashed(text))?;
    let on = |year: u16| {
        let date = Date { year, month, day };
        date.is_valid().then(|| days_from_civil(date))
    };
    match year {
        Some(y) => on(y),
        None => {
            let this = on(this_year)?;
            if this < today - 60 { on(this_year + 1) } else { Some(this) }
        }
    }
}

fn month_day(tokens: &[String]) -> Option<(u8, u8, Option<u16>)> {
    for (i, t) in tokens.iter().enumerate() {
        let Some(m) = MONTH_NAMES.iter().position(|name| {
            // The whole name or its first three letters or more ("sept").
            (t.len() == name.len() || t.len() >= 3) && name.get(..t.len()).is_some_and(|p| p.eq_ignore_ascii_case(t))
        }) else {
            continue;
        };
        // "may" alone is usually the verb; only with a day number after it.
        let around = [
            tokens.get(i + 1),
            i.checked_sub(1).and_then(|p| tokens.get(p)),
            i.checked_sub(2).and_then(|p| tokens.get(p)),
        ];
        for candidate in around.into_iter().flatten() {
            if let Some(day) = day_number(candidate) {
                return Some((m as u8 + 1, day, None));
            }
        }
    }
    None
}

fn day_number(token: &str) -> Option<u8> {
    let digits: String = token.chars().take_while(char::is_ascii_digit).collect();
    let suffix = &token[digits.len()..];
    if !digits.is_empty() && matches!(suffix, "" | "st" | "nd" | "rd" | "th") {
        return digits.parse().ok().filter(|d| (1..=31).contains(d));
    }
    switchboard_common::parse::ordinal_day(token)
}

/// "12/3" or "12/3/26" in the raw text.
fn slashed(text: &str) -> Option<(u8, u8, Option<u16>)> {
    for word in text.split_whitespace() {
        let word = word.trim_matches(|c: char| !c.is_ascii_digit());
        let parts: Vec<&str> = word.split(['/', '-']).collect();
        if !(2..=3).contains(&parts.len())
            || parts.iter().any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            continue;
        }
        let (Ok(month), Ok(day)) = (parts[0].parse::<u8>(), parts[1].parse::<u8>()) else { continue };
        let year = match parts.get(2).map(|y| y.parse::<u16>()) {
            Some(Ok(y)) if y < 100 => Some(2000 + y),
            Some(Ok(y)) => Some(y),
            Some(Err(_)) => continue,
            None => None,
        };
        if (1..=12).contains(&month) && (1..=31).contains(&day) {
            return Some((month, day, year));
        }
    }
    None
}

/// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
pub(crate) fn days_from_civil(d: Date) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Which of `count` offered openings the patient picked: "2", "the second
/// one", "option two", keypad 2.
pub(crate) fn choice(tokens: &[String], digits: &str, count: usize) -> Option<usize> {
    let pick = |n: usize| (1..=count).contains(&n).then_some(n - 1);
    if let Ok(n) = digits.parse::<usize>() {
        return pick(n);
    }
    const WORDS: [(&str, usize); 9] =
        [("1", 1), ("2", 2), ("3", 3), ("one", 1), ("two", 2), ("three", 3), ("first", 1), ("second", 2), ("third", 3)];
    // "the last one"
    if tokens.iter().any(|t| t == "last") {
        return count.checked_sub(1);
    }
    let said: Vec<(&str, usize)> =
        tokens.iter().filter_map(|t| WORDS.iter().find(|(w, _)| w == t).map(|(_, n)| (t.as_str(), *n))).collect();
    // "the second one": "one" names the option, not a number.
    let other = said.iter().any(|(t, _)| *t != "one");
    let found: Vec<usize> = said.into_iter().filter(|(t, _)| !(other && *t == "one")).map(|(_, n)| n).collect();
    match found.as_slice() {
        [n] => pick(*n),
        // "number 2", "2nd" said twice: the same number is fine.
        [n, rest @ ..] if rest.iter().all(|m| m == n) => pick(*n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_common::normalize::Utterance;

    fn toks(text: &str) -> Vec<String> {
        Utterance::new(text, |_| false).tokens().to_vec()
    }

    /// 2026-11-23, a Monday.
    fn today() -> i64 {
        days_from_civil(Date { year: 2026, month: 11, day: 23 })
    }

    fn prefs(text: &str) -> (Prefs, Heard) {
        let mut p = Prefs::default();
        let heard = p.update(&toks(text), text, today());
        (p, heard)
    }

    #[test]
    fn intents_from_wording() {
        assert_eq!(intent(&toks("I need to cancel my appointment")), Intent::Cancel);
        assert_eq!(intent(&toks("i cant make it tomorrow")), Intent::Cancel);
        assert_eq!(intent(&toks("can I reschedule my injection")), Intent::Reschedule);
        assert_eq!(intent(&toks("move my appt to friday")), Intent::Reschedule);
        assert_eq!(intent(&toks("anything sooner?")), Intent::Earlier);
        assert_eq!(intent(&toks("calling to confirm my appointment")), Intent::Confirm);
        assert_eq!(intent(&toks("when is my next appointment")), Intent::When);
        assert_eq!(intent(&toks("when do I come in next")), Intent::When);
        assert_eq!(intent(&toks("is my appointment still on for thursday")), Intent::When);
        assert_eq!(intent(&toks("when do you have openings")), Intent::Book);
        assert_eq!(intent(&toks("I'd like to book an epidural")), Intent::Book);
        assert_eq!(outreach_reply(" 1 "), Some(Intent::Confirm));
        assert_eq!(outreach_reply("2."), Some(Intent::Reschedule));
        assert_eq!(outreach_reply("12"), None);
    }

    #[test]
    fn days_times_and_providers() {
        let (p, heard) = prefs("Tuesday morning with Dr. Patel");
        assert!(heard.any);
        assert_eq!(p.weekdays, [1]);
        assert_eq!((p.earliest, p.latest), (Some(480), Some(720)));
        assert_eq!(p.provider.as_deref(), Some("patel"));
        let (p, _) = prefs("thurs after 2pm");
        assert_eq!(p.weekdays, [3]);
        assert_eq!(p.earliest, Some(14 * 60));
        let (p, _) = prefs("December 3rd");
        assert_eq!(p.day, Some(today() + 10));
        let (p, _) = prefs("12/1 please");
        assert_eq!(p.day, Some(today() + 8));
        let (p, _) = prefs("tomorrow");
        assert_eq!(p.day, Some(today() + 1));
        let (p, _) = prefs("next week");
        assert_eq!(p.from_day, Some(today() + 7));
        assert!(prefs("whenever works").1.any);
        // A date that has passed is reported, not searched.
        let (p, heard) = prefs("November 2");
        assert!(heard.past);
        assert_eq!(p.day, None);
        // Said long ago in the year: next year's.
        let (p, _) = prefs("March 3");
        assert_eq!(p.day, Some(days_from_civil(Date { year: 2027, month: 3, day: 3 })));
        // Garbled speech gives nothing.
        assert!(!prefs("uh the um whatever thing").1.past);
        assert_eq!(prefs("blorp frazzle").1, Heard::default());
    }

    #[test]
    fn choices() {
        assert_eq!(choice(&toks("2"), "", 3), Some(1));
        assert_eq!(choice(&toks("the second one"), "", 3), Some(1));
        assert_eq!(choice(&toks("option three"), "", 3), Some(2));
        assert_eq!(choice(&toks(""), "1", 3), Some(0));
        assert_eq!(choice(&toks("the last one"), "", 2), Some(1));
        assert_eq!(choice(&toks("4"), "", 3), None);
        assert_eq!(choice(&toks("1 or 2"), "", 3), None);
    }
}
