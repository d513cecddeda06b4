//! Finding a callback number in what a patient typed, said or keyed.
//!
//! Texts write numbers every way ("(555) 201-3344", "555.201.3344",
//! "+1 555 201 3344"); speech recognition gives digits or digit words ("five
//! five five ..."); keypad input is bare digits. Numbers are returned in
//! E.164. North American numbers are checked for a plausible area code and
//! exchange (first digit 2–9) so that a strength ("5/325") or a date is not
//! taken for a phone number; other countries need a leading `+`.

use crate::normalize::digit_word;

/// The first phone number in `text`, in E.164 form.
pub fn find_phone(text: &str) -> Option<String> {
    let spoken = spoken_digits_to_digits(text);
    let plus_anywhere = spoken.contains('+');
    let mut run = String::new();
    let mut runs = Vec::new();
    for c in spoken.chars() {
        match c {
            '0'..='9' => run.push(c),
            ' ' | '-' | '.' | '(' | ')' | '+' | '\t' => {}
            _ => runs.push(core::mem::take(&mut run)),
        }
    }
    runs.push(run);
    runs.iter().find_map(|digits| as_e164(digits, plus_anywhere))
}

/// Replace spoken digit words ("five", "oh") by digits, so that speech and
/// typing go through the same scan. Other words are kept as they are.
fn spoken_digits_to_digits(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let bare: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        match digit_word(&bare.to_lowercase()) {
            Some(d) => out.push(d),
            None => out.push_str(word),
        }
    }
    out
}

fn as_e164(digits: &str, plus: bool) -> Option<String> {
    let nanp = |ten: &str| {
        let b = ten.as_bytes();
        (b[0] >= b'2' && b[3] >= b'2').then(|| format!("+1{ten}"))
    };
    match digits.len() {
        10 => nanp(digits),
        11 if digits.starts_with('1') => nanp(&digits[1..]),
        8..=15 if plus && !digits.starts_with('0') => Some(format!("+{digits}")),
        _ => None,
    }
}

/// Whether `s` is an E.164 number: `+`, then 8–15 digits not starting with 0.
pub fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else { return false };
    (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()) && !digits.starts_with('0')
}

/// The last four digits of a number, for confirming it without reading it
/// all out ("the number ending in 3344").
pub fn last_four(number: &str) -> &str {
    let start = number.len().saturating_sub(4);
    number.get(start..).unwrap_or(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typed_numbers_in_many_formats() {
        for text in [
            "(555) 201-3344",
            "555.201.3344",
            "5552013344",
            "+1 555 201 3344",
            "1-555-201-3344",
            "call me at 555 201 3344 after 5",
        ] {
            assert_eq!(find_phone(text).as_deref(), Some("+15552013344"), "{text}");
        }
    }

    #[test]
    fn finds_spoken_numbers() {
        let said = "my number is five five five two oh one three three four four";
        assert_eq!(find_phone(said).as_deref(), Some("+15552013344"));
        assert_eq!(find_phone("555 201 3344.").as_deref(), Some("+15552013344"));
    }

    #[test]
    fn ignores_strengths_dates_and_short_numbers() {
        for text in ["oxycodone 5/325", "10 mg", "911", "on 12/03/2024", "1234567890", "code 0123456789"] {
            assert_eq!(find_phone(text), None, "{text}");
        }
        assert_eq!(find_phone("percocet 5/325, 555-201-3344").as_deref(), Some("+15552013344"));
    }

    #[test]
    fn international_needs_a_plus() {
        assert_eq!(find_phone("+44 20 7946 0958").as_deref(), Some("+442079460958"));
        assert_eq!(find_phone("44 20 7946 0958"), None);
    }

    #[test]
    fn e164_and_last_four() {
        assert!(is_e164("+15552013344"));
        assert!(!is_e164("15552013344"));
        assert!(!is_e164("+1555"));
        assert!(!is_e164("+0555201334"));
        assert!(!is_e164("+1555201334x"));
        assert_eq!(last_four("+15552013344"), "3344");
        assert_eq!(last_four("12"), "12");
    }
}
