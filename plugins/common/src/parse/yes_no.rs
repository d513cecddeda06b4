//! Yes or no: typed ("yep", "Y", "nah"), spoken ("uh huh", "that's
//! correct", "no it's not"), in Spanish ("sí", "claro", "no sé" as a
//! hedge), or keyed (1 for yes, 2 for no).
//!
//! The first answer in the message wins, because people answer and then
//! explain ("no, it's Walgreens", "yes but call after 5"). Hedges ("not
//! sure", "maybe", "I don't know") are no answer at all: a form must ask
//! again rather than guess.

use crate::normalize::{normalize, tokens};

const YES: &[&str] = &[
    "yes",
    "ok",
    "sure",
    "correct",
    "right",
    "yah",
    "ya",
    "yeh",
    "yess",
    "yesss",
    "absolutely",
    "definitely",
    "affirmative",
    "certainly",
    "uhhuh",
    "mhm",
    "mhmm",
    "yessir",
    "alright",
    "fine",
    // Spanish.
    "si",
    "sí",
    "claro",
    "correcto",
    "exacto",
    "dale",
];
const NO: &[&str] = &["no", "nah", "negative", "incorrect", "wrong", "nop", "noo", "nooo"];
const YES_PHRASES: &[&[&str]] = &[
    &["uh", "huh"],
    &["that", "is", "it"],
    &["thats", "it"],
    &["go", "ahead"],
    &["sounds", "good"],
    &["of", "course"],
    &["that", "works"],
    &["thats", "me"],
    &["that", "is", "me"],
    &["asi", "es"],
    &["así", "es"],
    &["por", "supuesto"],
];
const NO_PHRASES: &[&[&str]] = &[
    &["not", "really"],
    &["dont", "think", "so"],
    &["thats", "not"],
    &["that", "is", "not"],
    &["its", "not"],
    &["it", "is", "not"],
    &["not", "right"],
    &["not", "correct"],
    &["not", "that"],
    &["uh", "uh"],
];
const HEDGES: &[&[&str]] = &[
    &["not", "sure"],
    &["maybe"],
    &["i", "dont", "know"],
    &["dont", "know"],
    &["unsure"],
    &["perhaps"],
    &["possibly"],
    &["no", "idea"],
    &["no", "se"],
    &["no", "sé"],
    &["tal", "vez"],
    &["quizas"],
    &["quizás"],
];

/// The answer in `text` (or in keypad `digits`), if there is exactly one
/// leading answer.
pub fn yes_no(text: &str, digits: Option<&str>) -> Option<bool> {
    match digits.map(str::trim) {
        Some("1") => return Some(true),
        Some("2") => return Some(false),
        _ => {}
    }
    let toks = tokens(&normalize(text));
    match toks.as_slice() {
        [only] if only == "1" => return Some(true),
        [only] if only == "2" => return Some(false),
        _ => {}
    }
    for i in 0..toks.len() {
        let rest = &toks[i..];
        let starts = |phrase: &[&str]| rest.len() >= phrase.len() && phrase.iter().zip(rest).all(|(p, t)| p == t);
        if HEDGES.iter().any(|p| starts(p)) {
            return None;
        }
        if NO_PHRASES.iter().any(|p| starts(p)) {
            return Some(false);
        }
        if YES_PHRASES.iter().any(|p| starts(p)) {
            return Some(true);
        }
        let word = rest[0].as_str();
        if NO.contains(&word) {
            return Some(false);
        }
        if YES.contains(&word) {
            return Some(true);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_and_spoken_answers() {
        for text in ["yes", "Y", "yep", "Yeah!", "ok", "sure", "that's right", "uh huh", "correct", "yes please", "k"] {
            assert_eq!(yes_no(text, None), Some(true), "{text}");
        }
        for text in ["no", "N", "nope", "nah", "no it's not", "that's not right", "not really", "wrong number"] {
            assert_eq!(yes_no(text, None), Some(false), "{text}");
        }
    }

    #[test]
    fn the_first_answer_wins() {
        assert_eq!(yes_no("no, it's Walgreens", None), Some(false));
        assert_eq!(yes_no("yes but not after 5", None), Some(true));
        assert_eq!(yes_no("it's not", None), Some(false));
    }

    #[test]
    fn keypad() {
        assert_eq!(yes_no("", Some("1")), Some(true));
        assert_eq!(yes_no("", Some("2")), Some(false));
        assert_eq!(yes_no("2", None), Some(false));
        assert_eq!(yes_no("", Some("5")), None);
    }

    #[test]
    fn hedges_and_noise_are_no_answer() {
        for text in ["not sure", "maybe", "I don't know", "idk", "purple", "", "hmm"] {
            assert_eq!(yes_no(text, None), None, "{text}");
        }
    }

    #[test]
    fn spanish_answers() {
        for yes in ["sí", "Si", "sí, claro", "así es", "correcto"] {
            assert_eq!(yes_no(yes, None), Some(true), "{yes}");
        }
        assert_eq!(yes_no("no, gracias", None), Some(false));
        assert_eq!(yes_no("no sé", None), None);
        assert_eq!(yes_no("tal vez", None), None);
    }
}
