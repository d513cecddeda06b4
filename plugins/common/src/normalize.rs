//! Turning what a patient typed or said into comparable tokens.
//!
//! Texts arrive in any case with punctuation, emoji and text-speak ("pls
//! refil my rx"); speech-recognition results arrive lowercase, often without
//! punctuation, and with unfamiliar words split in two ("oxy codone",
//! "per cocet"). Everything downstream (intents, medication lookup, the
//! guard) works on the tokens produced here, so they share one notion of
//! "the same word".
//!
//! Invariants of a normalized token: lowercase, only alphanumeric characters,
//! non-empty; apostrophes are dropped rather than split on ("can't" →
//! "cant"), so contractions stay one token; a number glued to a unit is split
//! ("10mg" → "10", "mg").

/// Lowercase, drop apostrophes, turn every other non-alphanumeric character
/// into a space and collapse runs of whitespace.
pub fn normalize(text: &str) -> String {
    if text.is_ascii() {
        return normalize_ascii(text.as_bytes());
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02bc}' | '`') {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(' ');
            }
            pending_space = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            pending_space = true;
        }
    }
    out
}

/// [`normalize`] for ASCII text (nearly every message and every reply),
/// byte by byte.
fn normalize_ascii(text: &[u8]) -> String {
    let mut out = Vec::with_capacity(text.len());
    let mut pending_space = false;
    for &b in text {
        if b.is_ascii_alphanumeric() {
            if pending_space && !out.is_empty() {
                out.push(b' ');
            }
            pending_space = false;
            out.push(b.to_ascii_lowercase());
        } else if !matches!(b, b'\'' | b'`') {
            pending_space = true;
        }
    }
    // Only ASCII alphanumerics and spaces were written.
    String::from_utf8(out).unwrap_or_default()
}

/// The plain form of a text-speak token, if it is one. Looked up per
/// token, before anything else interprets the token. (A `match`, not a
/// table: it runs for every token of every message and reply.)
pub fn expand_text_speak(token: &str) -> Option<&'static str> {
    Some(match token {
        "pls" | "plz" | "plse" => "please",
        "rx" => "prescription",
        "rxs" => "prescriptions",
        "refil" => "refill",
        "refils" => "refills",
        "u" => "you",
        "ur" | "yr" => "your",
        "r" => "are",
        "thx" | "thnx" | "thanx" | "tnx" => "thanks",
        "ty" => "thank you",
        "2day" => "today",
        "tmrw" | "tmr" | "2morrow" => "tomorrow",
        "pharm" => "pharmacy",
        "med" => "medication",
        "meds" => "medications",
        "ppl" => "people",
        "sum1" | "some1" => "someone",
        "any1" => "anyone",
        "yea" | "yeah" | "yep" | "yup" | "y" => "yes",
        "n" | "nope" => "no",
        "k" | "kk" | "okay" => "ok",
        "nvm" => "never mind",
        "idk" => "i dont know",
        "b4" => "before",
        "txt" => "text",
        "msg" => "message",
        "dr" => "doctor",
        "wanna" => "want to",
        "gonna" => "going to",
        "rep" => "representative",
        "appt" | "apt" => "appointment",
        "appts" | "apts" => "appointments",
        "resched" => "reschedule",
        "cxl" | "canx" | "cncl" => "cancel",
        "pt" => "patient",
        "pts" => "patients",
        "sched" => "schedule",
        "wk" => "week",
        "thru" => "through",
        "hrs" => "hours",
        "hr" => "hour",
        "abt" => "about",
        "gotta" => "got to",
        "script" | "scrip" => "prescription",
        "scripts" | "scrips" => "prescriptions",
        "prolly" | "prob" => "probably",
        "tho" => "though",
        "wat" | "wut" => "what",
        "cuz" => "because",
        "bc" => "because",
        _ => return None,
    })
}

/// Whether a token is a number: all digits, or a number word.
pub fn is_number(token: &str) -> bool {
    match token.as_bytes() {
        [] => return false,
        [b'0'..=b'9', ..] => return token.bytes().all(|b| b.is_ascii_digit()),
        // Every number word starts with one of these and is at most 9 long.
        [b'z' | b'o' | b't' | b'f' | b's' | b'e' | b'n' | b'h', ..] if token.len() <= 9 => {}
        _ => return false,
    }
    matches!(
        token,
        "zero"
            | "one"
            | "two"
            | "three"
            | "four"
            | "five"
            | "six"
            | "seven"
            | "eight"
            | "nine"
            | "ten"
            | "eleven"
            | "twelve"
            | "thirteen"
            | "fourteen"
            | "fifteen"
            | "sixteen"
            | "seventeen"
            | "eighteen"
            | "nineteen"
            | "twenty"
            | "thirty"
            | "forty"
            | "fifty"
            | "sixty"
            | "seventy"
            | "eighty"
            | "ninety"
            | "hundred"
            | "thousand"
    )
}

/// The digit a spoken single-digit word stands for ("oh" included, as people
/// say it in phone numbers). Homophones ("to", "for") are not digits: they
/// occur next to numbers in ordinary sentences.
pub fn digit_word(token: &str) -> Option<char> {
    Some(match token {
        "zero" | "oh" => '0',
        "one" => '1',
        "two" => '2',
        "three" => '3',
        "four" => '4',
        "five" => '5',
        "six" => '6',
        "seven" => '7',
        "eight" => '8',
        "nine" => '9',
        _ => return None,
    })
}

/// Split a normalized string into tokens, expanding text-speak and splitting
/// numbers glued to units ("10mg"), but not ordinals ("5th").
pub fn tokens(normalized: &str) -> Vec<String> {
    let mut expanded = String::with_capacity(normalized.len() + 8);
    expand(normalized, &mut expanded);
    expanded.split(' ').filter(|t| !t.is_empty()).map(str::to_owned).collect()
}

/// Write the tokens of `normalized` to `out`, separated by single spaces:
/// [`tokens`] without an allocation per token, for callers that can work on
/// slices of one buffer (the guard, over every reply).
pub fn expand(normalized: &str, out: &mut String) {
    for raw in normalized.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if let Some(long) = expand_text_speak(raw) {
            out.push_str(long);
            continue;
        }
        let digits = raw.bytes().take_while(u8::is_ascii_digit).count();
        let suffix = &raw[digits..];
        // Ordinals ("5th street") are not a number with a unit.
        let ordinal = matches!(suffix, "st" | "nd" | "rd" | "th");
        if digits > 0 && !suffix.is_empty() && !ordinal && suffix.chars().all(char::is_alphabetic) {
            out.push_str(&raw[..digits]);
            out.push(' ');
            out.push_str(suffix);
        } else {
            out.push_str(raw);
        }
    }
}

/// Join adjacent tokens whose concatenation is a known word, as speech
/// recognition splits words it does not know ("oxy codone" → "oxycodone").
///
/// Tries three tokens before two, so "tram a dol" joins whole. Number tokens
/// are never joined (a strength is not part of a name), and a known word is
/// not joined to a letter or two after it ("the oxycodone i just filled"
/// stays apart, though "oxycodonei" is one slip from a name).
pub fn join_split_words(mut tokens: Vec<String>, is_word: impl Fn(&str) -> bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tokens.len());
    // One buffer for every candidate: this runs for each pair and triple of
    // tokens in every message.
    let mut candidate = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut joined = 1;
        for width in [3, 2] {
            let Some(window) = tokens.get(i..i + width) else { continue };
            if window.iter().any(|t| is_number(t)) {
                continue;
            }
            candidate.clear();
            window.iter().for_each(|t| candidate.push_str(t));
            // A word followed by a letter or two ("oxycodone i") is that
            // word, not a slip of a longer one ("oxy codone" still joins).
            let slip = candidate.len() - window[0].len() <= 2 && is_word(&window[0]);
            if !slip && is_word(&candidate) {
                joined = width;
                break;
            }
        }
        // Tokens behind `i` are never looked at again: move, not copy.
        out.push(if joined == 1 { core::mem::take(&mut tokens[i]) } else { candidate.clone() });
        i += joined;
    }
    out
}

/// One patient message, normalized once and shared by every matcher.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Utterance {
    tokens: Vec<String>,
}

impl Utterance {
    /// Normalize `raw`, then join split words using `is_word` (the plugin's
    /// vocabulary: medication names, "refill", ...).
    pub fn new(raw: &str, is_word: impl Fn(&str) -> bool) -> Self {
        Utterance { tokens: join_split_words(tokens(&normalize(raw)), is_word) }
    }

    /// The tokens, in order.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// The tokens joined by single spaces.
    pub fn text(&self) -> String {
        self.tokens.join(" ")
    }

    /// True when nothing comparable was said (empty, or only punctuation).
    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_strips_punctuation_and_collapses_space() {
        assert_eq!(normalize("  Hello,   WORLD!!  "), "hello world");
        assert_eq!(normalize("I can't—won't; OK?"), "i cant wont ok");
        assert_eq!(normalize("It\u{2019}s Tylenol #3."), "its tylenol 3");
        assert_eq!(normalize("🙂🙂"), "");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn keeps_non_ascii_letters() {
        assert_eq!(normalize("Señora MÜLLER"), "señora müller");
    }

    #[test]
    fn expands_text_speak() {
        let t = tokens(&normalize("pls refil my rx thx"));
        assert_eq!(t, ["please", "refill", "my", "prescription", "thanks"]);
        assert_eq!(tokens("idk"), ["i", "dont", "know"]);
    }

    #[test]
    fn splits_numbers_glued_to_units() {
        assert_eq!(tokens("10mg 5325 t3 2x"), ["10", "mg", "5325", "t3", "2", "x"]);
        assert_eq!(tokens("5th 1st 22nd"), ["5th", "1st", "22nd"]);
    }

    #[test]
    fn numbers() {
        assert!(is_number("10"));
        assert!(is_number("two"));
        assert!(!is_number("t3"));
        assert!(!is_number(""));
        assert_eq!(digit_word("oh"), Some('0'));
        assert_eq!(digit_word("nine"), Some('9'));
        assert_eq!(digit_word("ten"), None);
    }

    fn vocab(w: &str) -> bool {
        ["oxycodone", "percocet", "hydrocodone", "tramadol", "refill"].contains(&w)
    }

    #[test]
    fn joins_words_split_by_speech_recognition() {
        let u = Utterance::new("i need my oxy codone and per cocet", vocab);
        assert_eq!(u.text(), "i need my oxycodone and percocet");
        let u = Utterance::new("hydro codone re fill tram a dol", vocab);
        assert_eq!(u.text(), "hydrocodone refill tramadol");
    }

    #[test]
    fn does_not_join_unrelated_words_or_numbers() {
        // The plugin's vocabulary forgives one slip in a long name, so
        // "oxycodonei" is a word to it.
        let slipped = |w: &str| vocab(w) || w == "oxycodonei";
        let u = Utterance::new("the oxycodone i just filled", slipped);
        assert_eq!(u.text(), "the oxycodone i just filled");
        let u = Utterance::new("my oxy is 10 mg", vocab);
        assert_eq!(u.text(), "my oxy is 10 mg");
        assert!(Utterance::new("?!", vocab).is_empty());
    }
}
