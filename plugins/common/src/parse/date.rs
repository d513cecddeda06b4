//! Dates of birth, typed or spoken.
//!
//! Accepted: `1971-03-14`, `3/14/1971`, `03-14-71`, `3.14.1971`,
//! `03141971` (keypad), `March 14 1971`, `Mar 14th, '71`, `14 March 1971`,
//! `the 14th of March 1971`, and speech such as "march fourteenth nineteen
//! seventy one" or "three fourteen nineteen seventy one", and Spanish
//! ("14 de marzo de 1971", "catorce de marzo del setenta y uno",
//! `spanish.rs`). Numeric dates are
//! read month first (US), unless the first number cannot be a month and the
//! second can ("14/3/1971").
//!
//! A date that parses is then checked for plausibility: a real calendar
//! day, not in the future, and no more than 120 years ago — a misheard year
//! must be asked again, not sent to the directory.

use super::{Num, small_number};
use crate::normalize::normalize;

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, as the patient directory wants it.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    /// The UTC date of a Unix timestamp in milliseconds.
    pub fn from_unix_ms(ms: i64) -> Date {
        // Howard Hinnant's civil-from-days.
        let days = ms.div_euclid(86_400_000);
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    /// Whether this is a real calendar day.
    pub fn is_valid(self) -> bool {
        (1..=12).contains(&self.month) && self.day >= 1 && self.day <= days_in_month(self.year, self.month)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        _ => 31,
    }
}

/// What a message says about a date of birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOfBirth {
    /// A plausible date of birth.
    Found(Date),
    /// Something shaped like a date that cannot be one (30 February, next
    /// year, 1850): ask again, saying so.
    Implausible,
    /// No date in the message.
    Missing,
}

/// The oldest age accepted as a date of birth.
const MAX_AGE: u16 = 120;

/// Find a date of birth in `text`; `today` bounds it.
pub fn date_of_birth(text: &str, today: Date) -> DateOfBirth {
    let normalized = normalize(text);
    let tokens: Vec<&str> = normalized.split(' ').filter(|t| !t.is_empty()).collect();
    let spanish = super::spanish::rewrite(&tokens);
    let tokens: Vec<&str> = match &spanish {
        Some(rewritten) => rewritten.iter().map(String::as_str).collect(),
        None => tokens,
    };
    let mut implausible = false;
    for start in 0..tokens.len() {
        let Some((y, m, d)) = parse_at(&tokens[start..]) else { continue };
        let year = match y {
            Year::Full(y) => y,
            Year::Short(yy) => {
                // A two-digit year is this century only if that is not in
                // the future.
                let this = u32::from(today.year % 100);
                let century = u32::from(today.year - today.year % 100);
                if yy <= this { century + yy } else { century.saturating_sub(100) + yy }
            }
        };
        let date = match (u16::try_from(year), u8::try_from(m), u8::try_from(d)) {
            (Ok(year), Ok(month), Ok(day)) => Date { year, month, day },
            _ => {
                implausible = true;
                continue;
            }
        };
        if date.is_valid() && date <= today && date.year + MAX_AGE >= today.year {
            return DateOfBirth::Found(date);
        }
        implausible = true;
    }
    if implausible { DateOfBirth::Implausible } else { DateOfBirth::Missing }
}

#[derive(Debug, Clone, Copy)]
enum Year {
    Full(u32),
    Short(u32),
}

/// A date starting at `t[0]`: (year, month, day), unchecked beyond shape.
fn parse_at(t: &[&str]) -> Option<(Year, u32, u32)> {
    // Month name first: "march 14 1971", "march the fourteenth, 1971".
    if let Some(month) = month(t[0]) {
        let mut i = 1 + skip(&t[1..], &["the"]);
        let day = day(&t[i..])?;
        i += day.used;
        i += skip(&t[i..], &["of", "in"]);
        let (year, _) = year(&t[i..])?;
        return Some((year, month, day.value));
    }
    // Day first: "14 march 1971", "the 14th of march 1971".
    let lead = skip(t, &["the"]);
    if let Some(d) = day(&t[lead..]) {
        let mut i = lead + d.used;
        i += skip(&t[i..], &["of"]);
        if let Some(month) = t.get(i).and_then(|w| month(w)) {
            let (year, _) = year(&t[i + 1..])?;
            return Some((year, month, d.value));
        }
    }
    // A run of digits: "03141971", "19710314", "031471".
    if let Some(compact) = compact(t[0]) {
        return Some(compact);
    }
    // Three numbers: Y M D when the first has four digits, else M D Y (or
    // D M Y when only that reading works).
    let a = small_or_year(t)?;
    if let Some(Year::Full(y)) = a.year {
        let m = small_number(&t[a.used..]).filter(|n| !n.ordinal)?;
        let d = day(&t[a.used + m.used..])?;
        return Some((Year::Full(y), m.value, d.value));
    }
    let first = a.small?;
    let second = day(&t[first.used..])?;
    let (year, _) = year(&t[first.used + second.used..])?;
    let (month, day) =
        if first.value > 12 && second.value <= 12 { (second.value, first.value) } else { (first.value, second.value) };
    Some((year, month, day))
}

/// Leading tokens of `t` that are in `words`.
fn skip(t: &[&str], words: &[&str]) -> usize {
    t.iter().take_while(|w| words.contains(w)).count()
}

fn month(word: &str) -> Option<u32> {
    Some(match word {
        "january" | "jan" => 1,
        "february" | "feb" | "febuary" => 2,
        "march" | "mar" => 3,
        "april" | "apr" => 4,
        "may" => 5,
        "june" | "jun" => 6,
        "july" | "jul" => 7,
        "august" | "aug" => 8,
        "september" | "sep" | "sept" => 9,
        "october" | "oct" => 10,
        "november" | "nov" => 11,
        "december" | "dec" => 12,
        _ => return None,
    })
}

/// A day of the month. Written with digits, anything up to 99 counts (so
/// "March 32" is flagged as implausible rather than missed).
fn day(t: &[&str]) -> Option<Num> {
    small_number(t).filter(|n| n.value >= 1 && if n.digits > 0 { n.digits <= 2 } else { n.value <= 31 })
}

/// A leading token that is a year or a small number (either may start a
/// numeric date).
struct Lead {
    year: Option<Year>,
    small: Option<Num>,
    used: usize,
}

fn small_or_year(t: &[&str]) -> Option<Lead> {
    let first = t.first()?;
    if first.len() == 4 && first.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Lead { year: Some(Year::Full(first.parse().ok()?)), small: None, used: 1 });
    }
    let n = small_number(t).filter(|n| n.digits <= 2 && !n.ordinal)?;
    Some(Lead { year: None, small: Some(n), used: n.used })
}

/// A year at the start of `t`, and how many tokens it used: "1971", "71",
/// "nineteen seventy one", "nineteen oh five", "nineteen hundred", "two
/// thousand and five", "seventy one".
fn year(t: &[&str]) -> Option<(Year, usize)> {
    let first = *t.first()?;
    if first.bytes().all(|b| b.is_ascii_digit()) {
        return match first.len() {
            4 => Some((Year::Full(first.parse().ok()?), 1)),
            2 => Some((Year::Short(first.parse().ok()?), 1)),
            _ => None,
        };
    }
    if first == "two" && t.get(1) == Some(&"thousand") {
        let i = 2 + skip(&t[2..], &["and"]);
        return match small_number(&t[i..]).filter(|n| n.digits == 0 && !n.ordinal) {
            Some(n) => Some((Year::Full(2000 + n.value), i + n.used)),
            None => Some((Year::Full(2000), 2)),
        };
    }
    let high = small_number(t).filter(|n| n.digits == 0 && !n.ordinal)?;
    let rest = &t[high.used..];
    if (10..=20).contains(&high.value) && high.used == 1 {
        if rest.first() == Some(&"hundred") {
            return Some((Year::Full(high.value * 100), 2));
        }
        if matches!(rest.first(), Some(&"oh") | Some(&"zero"))
            && let Some(unit) = small_number(&rest[1..]).filter(|n| n.value < 10 && n.digits == 0)
        {
            return Some((Year::Full(high.value * 100 + unit.value), 2 + unit.used));
        }
        if let Some(low) = small_number(rest).filter(|n| n.value >= 10 && n.digits == 0 && !n.ordinal) {
            return Some((Year::Full(high.value * 100 + low.value), 1 + low.used));
        }
    }
    // "seventy one": a spoken two-digit year.
    (high.value >= 20 && high.used == 2 || high.value >= 30 && high.value % 10 == 0)
        .then_some((Year::Short(high.value), high.used))
}

/// One token of digits: MMDDYYYY, YYYYMMDD or MMDDYY.
fn compact(token: &str) -> Option<(Year, u32, u32)> {
    if !token.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: core::ops::Range<usize>| token[r].parse::<u32>().ok();
    match token.len() {
        8 if matches!(&token[..2], "19" | "20") && num(4..6)? <= 12 => {
            Some((Year::Full(num(0..4)?), num(4..6)?, num(6..8)?))
        }
        8 => Some((Year::Full(num(4..8)?), num(0..2)?, num(2..4)?)),
        6 => Some((Year::Short(num(4..6)?), num(0..2)?, num(2..4)?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date { year: 2026, month: 11, day: 23 };
    const MARIA: Date = Date { year: 1971, month: 3, day: 14 };

    fn dob(text: &str) -> DateOfBirth {
        date_of_birth(text, TODAY)
    }

    #[test]
    fn reads_every_written_format() {
        for text in [
            "1971-03-14",
            "1971/3/14",
            "3/14/1971",
            "03/14/1971",
            "03-14-71",
            "3.14.71",
            "03141971",
            "19710314",
            "031471",
            "March 14 1971",
            "march 14, 1971",
            "Mar 14th, '71",
            "14 March 1971",
            "14th of march 1971",
            "the 14th of March, 1971",
            "14/3/1971",
            "my date of birth is 3/14/71 thanks",
            "DOB: March 14th 1971",
        ] {
            assert_eq!(dob(text), DateOfBirth::Found(MARIA), "{text}");
        }
    }

    #[test]
    fn reads_speech() {
        for text in [
            "march fourteenth nineteen seventy one",
            "march fourteen nineteen seventy one",
            "march the fourteenth nineteen seventy one",
            "the fourteenth of march nineteen seventy one",
            "fourteen march nineteen seventy one",
            "three fourteen nineteen seventy one",
            "three fourteen seventy one",
            "march 14th 1971",
            "march fourteenth 1971",
        ] {
            assert_eq!(dob(text), DateOfBirth::Found(MARIA), "{text}");
        }
        let found = |text| match dob(text) {
            DateOfBirth::Found(d) => d.iso(),
            other => format!("{other:?}"),
        };
        assert_eq!(found("january first nineteen oh nine"), "1909-01-01");
        assert_eq!(found("december thirty first two thousand and five"), "2005-12-31");
        assert_eq!(found("june twenty second two thousand"), "2000-06-22");
        assert_eq!(found("may twentieth nineteen hundred"), "Implausible");
        assert_eq!(found("february twenty nineteen eighty"), "1980-02-20");
        assert_eq!(found("august 3rd twenty ten"), "2010-08-03");
    }

    #[test]
    fn reads_spanish() {
        for text in [
            "catorce de marzo del setenta y uno",
            "14 de marzo de 1971",
            "el catorce de marzo de mil novecientos setenta y uno",
            "nací el 14 de marzo del 71",
            "Catorce de Marzo, 1971",
            "14/3/1971",
        ] {
            assert_eq!(dob(text), DateOfBirth::Found(MARIA), "{text}");
        }
        assert_eq!(
            dob("nueve de septiembre del ochenta y tres"),
            DateOfBirth::Found(Date { year: 1983, month: 9, day: 9 })
        );
        assert_eq!(dob("treinta de febrero del setenta"), DateOfBirth::Implausible);
        assert_eq!(dob("necesito mi receta de tramadol"), DateOfBirth::Missing);
        assert_eq!(dob("tomo dos pastillas de cinco miligramos"), DateOfBirth::Missing);
    }

    #[test]
    fn two_digit_years_pick_the_plausible_century() {
        assert_eq!(dob("1/2/05"), DateOfBirth::Found(Date { year: 2005, month: 1, day: 2 }));
        assert_eq!(dob("1/2/26"), DateOfBirth::Found(Date { year: 2026, month: 1, day: 2 }));
        assert_eq!(dob("1/2/27"), DateOfBirth::Found(Date { year: 1927, month: 1, day: 2 }));
    }

    #[test]
    fn implausible_dates_are_flagged() {
        for text in ["02/30/1971", "2/29/1971", "3/14/2031", "1850-01-01", "13/13/1971", "march 32 1971", "12/24/2026"]
        {
            assert_eq!(dob(text), DateOfBirth::Implausible, "{text}");
        }
        assert_eq!(dob("2/29/1972"), DateOfBirth::Found(Date { year: 1972, month: 2, day: 29 }));
    }

    #[test]
    fn no_date_is_missing() {
        for text in ["", "I don't know", "call me at 502 555 0199", "oxycodone 5/325", "may I have a refill", "10 mg"] {
            assert_eq!(dob(text), DateOfBirth::Missing, "{text}");
        }
    }

    #[test]
    fn dates_from_timestamps() {
        assert_eq!(Date::from_unix_ms(0), Date { year: 1970, month: 1, day: 1 });
        assert_eq!(Date::from_unix_ms(1_700_000_000_000), Date { year: 2023, month: 11, day: 14 });
        assert_eq!(Date::from_unix_ms(951_782_400_000), Date { year: 2000, month: 2, day: 29 });
        assert_eq!(MARIA.iso(), "1971-03-14");
    }
}
