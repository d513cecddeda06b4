//! Parsers for the answers a form asks for: dates of birth, yes/no, times of
//! day (phone numbers live in [`crate::phone`]).
//!
//! Each parser takes what the patient typed or what speech recognition
//! heard, so it must read both "3/14/1971" and "march fourteenth nineteen
//! seventy one". They share the spoken-number reader below.

pub mod date;
mod spanish;
pub mod time;
pub mod yes_no;

pub use date::{Date, DateOfBirth, date_of_birth};
pub use time::{TimeOfDay, time_of_day};
pub use yes_no::yes_no;

/// A number read from one or two tokens: its value, how many tokens it
/// used, and whether it was an ordinal ("14th", "fourteenth").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Num {
    pub value: u32,
    pub used: usize,
    pub ordinal: bool,
    /// Written with digits (keeps its width: "03" is two digits).
    pub digits: usize,
}

/// The value of a number word below 100, and whether it is an ordinal.
fn word_value(word: &str) -> Option<(u32, bool)> {
    const CARDINAL: [&str; 20] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
    ];
    const ORDINAL: [&str; 20] = [
        "zeroth",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
    ];
    const TENS: [&str; 8] = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
    const TENS_ORDINAL: [&str; 8] =
        ["twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth"];
    if word == "oh" {
        return Some((0, false));
    }
    if let Some(i) = CARDINAL.iter().position(|w| *w == word) {
        return Some((i as u32, false));
    }
    if let Some(i) = ORDINAL.iter().position(|w| *w == word) {
        return Some((i as u32, true));
    }
    if let Some(i) = TENS.iter().position(|w| *w == word) {
        return Some((20 + 10 * i as u32, false));
    }
    TENS_ORDINAL.iter().position(|w| *w == word).map(|i| (20 + 10 * i as u32, true))
}

/// A day of the month (1–31) said as an ordinal word: "third",
/// "twentieth", or a tens word glued to its unit the way speech
/// recognition sometimes writes it ("twentyfirst", "thirtyfirst").
pub fn ordinal_day(word: &str) -> Option<u8> {
    let value = match word_value(word) {
        Some((value, true)) => value,
        _ => {
            let (tens, unit) = [("twenty", 20), ("thirty", 30)]
                .into_iter()
                .find_map(|(prefix, tens)| word.strip_prefix(prefix).map(|unit| (tens, unit)))?;
            match word_value(unit) {
                Some((unit, true)) if (1..10).contains(&unit) => tens + unit,
                _ => return None,
            }
        }
    };
    u8::try_from(value).ok().filter(|d| (1..=31).contains(d))
}

/// A number below 100 at the start of `tokens`: digits ("14", "14th") or
/// words ("fourteen", "twenty first"). A tens word takes a following unit
/// ("twenty" "one"), nothing else joins, so "fourteen nineteen" is two
/// numbers.
pub(crate) fn small_number<S: AsRef<str>>(tokens: &[S]) -> Option<Num> {
    let first = tokens.first()?.as_ref();
    let digit_len = first.bytes().take_while(u8::is_ascii_digit).count();
    if digit_len > 0 {
        let suffix = &first[digit_len..];
        let ordinal = matches!(suffix, "st" | "nd" | "rd" | "th");
        if !suffix.is_empty() && !ordinal {
            return None;
        }
        let value = first[..digit_len].parse().ok()?;
        return Some(Num { value, used: 1, ordinal, digits: digit_len });
    }
    let (value, ordinal) = word_value(first)?;
    if first == "oh" {
        return None;
    }
    if (20..100).contains(&value)
        && value % 10 == 0
        && !ordinal
        && let Some((unit, unit_ordinal)) = tokens.get(1).and_then(|t| word_value(t.as_ref()))
        && (1..10).contains(&unit)
        && tokens[1].as_ref() != "oh"
    {
        return Some(Num { value: value + unit, used: 2, ordinal: unit_ordinal, digits: 0 });
    }
    Some(Num { value, used: 1, ordinal, digits: 0 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinal_days_of_the_month() {
        assert_eq!(ordinal_day("third"), Some(3));
        assert_eq!(ordinal_day("nineteenth"), Some(19));
        assert_eq!(ordinal_day("twentieth"), Some(20));
        assert_eq!(ordinal_day("twentyfirst"), Some(21));
        assert_eq!(ordinal_day("thirtyfirst"), Some(31));
        assert_eq!(ordinal_day("thirtysecond"), None);
        assert_eq!(ordinal_day("zeroth"), None);
        assert_eq!(ordinal_day("fortieth"), None);
        assert_eq!(ordinal_day("three"), None);
        assert_eq!(ordinal_day("twentyone"), None);
    }

    fn n(text: &str) -> Option<(u32, usize, bool)> {
        let toks: Vec<&str> = text.split(' ').collect();
        small_number(&toks).map(|n| (n.value, n.used, n.ordinal))
    }

    #[test]
    fn reads_small_numbers() {
        assert_eq!(n("14"), Some((14, 1, false)));
        assert_eq!(n("14th"), Some((14, 1, true)));
        assert_eq!(n("fourteen nineteen"), Some((14, 1, false)));
        assert_eq!(n("twenty first"), Some((21, 2, true)));
        assert_eq!(n("thirty one"), Some((31, 2, false)));
        assert_eq!(n("twentieth"), Some((20, 1, true)));
        assert_eq!(n("twenty nineteen"), Some((20, 1, false)));
        assert_eq!(n("10mg"), None);
        assert_eq!(n("oh"), None);
        assert_eq!(n("march"), None);
    }
}
