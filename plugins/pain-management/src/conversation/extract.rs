//! Pulling the refill's answers out of a message: the pharmacy, and the
//! "loose" answers taken when the patient replies to a direct question with
//! something we do not recognise ("the little one by the mall").
//!
//! Extraction is over normalized tokens and returns normalized text: staff
//! read it on the queue, and it never needs to be re-parsed.

use switchboard_common::intent::Matcher;

/// What the pharmacy field says when the patient means the one on file.
pub(crate) const SAME_PHARMACY: &str = "same as on file";

#[rustfmt::skip]
const CHAIN_RULES: &[((), &[&str])] = &[((), &[
    "cvs", "walgreens", "walgreen", "walmart", "wal mart", "rite aid", "riteaid", "kroger",
    "costco", "publix", "target", "sams club", "heb", "h e b", "meijer", "safeway",
    "albertsons", "giant eagle", "hy vee", "hyvee", "winn dixie", "duane reade",
    "express scripts", "optum", "caremark", "amazon pharmacy", "medicine shoppe",
    "wegmans", "food lion", "harris teeter", "shoprite", "kmart", "mail order",
])];
const CHAINS: Matcher<'static, ()> = Matcher::new(CHAIN_RULES);

#[rustfmt::skip]
const SAME_RULES: &[((), &[&str])] = &[((), &[
    "same pharmacy", "usual pharmacy", "regular pharmacy", "normal pharmacy",
    "pharmacy on file", "same as last time", "same as before", "same one",
    "the one on file", "one you have", "same as always",
])];
const SAME: Matcher<'static, ()> = Matcher::new(SAME_RULES);

/// Words that carry a pharmacy name on to its location ("CVS on Main").
const LOCATORS: &[&str] =
    &["on", "at", "in", "by", "near", "off", "across", "pharmacy", "en", "cerca", "por", "farmacia"];

/// Words that end a captured name.
const STOPS: &[&str] = &[
    "and",
    "my",
    "please",
    "thanks",
    "thank",
    "number",
    "phone",
    "call",
    "its",
    "is",
    "for",
    "refill",
    "medication",
    "yes",
    "no",
    "but",
    "so",
    "because",
    "i",
    "me",
    "you",
    "can",
    "with",
    "then",
    "also",
    "this",
    "that",
    "same",
    "call",
    "text",
    // "the kroger on poplar level instead, walgreens is always out"
    "instead",
    "rather",
    "since",
    "mejor",
];

/// Words dropped from a loose answer.
const FILLER: &[&str] = &[
    "i",
    "im",
    "use",
    "my",
    "the",
    "a",
    "an",
    "its",
    "it",
    "is",
    "pharmacy",
    "at",
    "to",
    "go",
    "um",
    "uh",
    "please",
    "thanks",
    "thank",
    "you",
    "ok",
    "yes",
    "so",
    "well",
    "send",
    "called",
    "need",
    "refill",
    "refills",
    "of",
    "on",
    "for",
    "prescription",
    "prescriptions",
    "want",
    "medication",
    "medications",
    "some",
    "more",
    "get",
    "can",
    "id",
    "like",
    "out",
    "ran",
    "run",
    "running",
    "hi",
    "hello",
    "and",
    "that",
    "one",
    "just",
    "would",
];

const MAX_NAME_TOKENS: usize = 6;

/// A pharmacy named in the message: a known chain with its location, "X
/// pharmacy", "pharmacy is X", or the one on file.
pub(crate) fn pharmacy(tokens: &[String]) -> Option<String> {
    if SAME.matches(tokens, ()) {
        return Some(SAME_PHARMACY.to_owned());
    }
    if let Some(chain) = CHAINS.find_spans(tokens).into_iter().min_by_key(|m| m.start) {
        return Some(extend(tokens, chain.start, chain.end));
    }
    let at = tokens.iter().position(|t| t == "pharmacy")?;
    if tokens.get(at + 1).is_some_and(|t| t == "is") {
        let start = at + 2;
        let end = phrase_end(tokens, start);
        return (end > start).then(|| tokens[start..end].join(" "));
    }
    let before =
        tokens[..at].iter().rev().take_while(|t| !FILLER.contains(&t.as_str()) && !STOPS.contains(&t.as_str()));
    let start = at - before.take(3).count();
    (start < at).then(|| extend(tokens, start, at + 1))
}

/// The name at `start..end` plus its location words, if a locator follows.
fn extend(tokens: &[String], start: usize, mut end: usize) -> String {
    while tokens.get(end).is_some_and(|t| LOCATORS.contains(&t.as_str())) {
        end = phrase_end(tokens, end + 1).max(end + 1);
        if end - start >= MAX_NAME_TOKENS + 2 {
            break;
        }
    }
    tokens[start..end.min(tokens.len())].join(" ")
}

/// Where a name starting at `start` ends: at a stop word, at what looks
/// like a phone number (two number tokens in a row), or after a few words.
fn phrase_end(tokens: &[String], start: usize) -> usize {
    let mut end = start;
    while end < tokens.len() && end - start < MAX_NAME_TOKENS {
        let t = tokens[end].as_str();
        let numberish = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let phone_like = numberish(t) && tokens.get(end + 1).is_some_and(|n| numberish(n));
        if STOPS.contains(&t) || phone_like || (LOCATORS.contains(&t) && end > start) {
            break;
        }
        end += 1;
    }
    end
}

/// Words that say an answer to "which pharmacy?" is about something else:
/// a dose ("the six hundred milligram ones", "el de 50 mg") or the police
/// report of a lost prescription. Such an answer is a failed try, asked
/// again, never filed as the pharmacy.
const NOT_PHARMACY: &[&str] = &[
    "mg",
    "milligram",
    "milligrams",
    "miligramo",
    "miligramos",
    "mcg",
    "microgram",
    "micrograms",
    "pill",
    "pills",
    "tablet",
    "tablets",
    "tabs",
    "pastilla",
    "pastillas",
    "dose",
    "dosis",
    "police",
    "report",
    "policia",
    "reporte",
];

/// Whether a free-form answer to "which pharmacy?" cannot be one.
pub(crate) fn not_a_pharmacy(tokens: &[String]) -> bool {
    tokens.iter().any(|t| {
        NOT_PHARMACY.contains(&t.as_str())
            // "50mg", "600mg"
            || t.strip_suffix("mg").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    })
}

/// The answer without the filler around it, for a direct question we
/// could not otherwise answer (an unlisted pharmacy or medication). Filler
/// is trimmed only at the ends, so "Smith Drug on Elm" keeps its "on".
pub(crate) fn loose(tokens: &[String]) -> Option<String> {
    let content = |t: &String| !FILLER.contains(&t.as_str());
    let start = tokens.iter().position(content)?;
    let end = tokens.iter().rposition(content)? + 1;
    Some(tokens[start..end.min(start + MAX_NAME_TOKENS)].join(" "))
}

/// Words that introduce a name ("my name is", "this is").
const NAME_CUES: &[&[&str]] = &[
    &["my", "name", "is"],
    &["my", "names"],
    &["name", "is"],
    &["this", "is"],
    &["patients", "name", "is"],
    &["patient", "is"],
    &["the", "patient", "is"],
    &["name"],
    // A caregiver naming the patient: "calling for my dad Robert O'Neill".
    &["for", "my", "dad"],
    &["for", "my", "father"],
    &["for", "my", "mom"],
    &["for", "my", "mother"],
    &["for", "my", "husband"],
    &["for", "my", "wife"],
    &["for", "my", "son"],
    &["for", "my", "daughter"],
    &["para", "mi", "mama"],
    &["para", "mi", "papa"],
    &["para", "mi", "esposo"],
    &["para", "mi", "esposa"],
    // "This is Frank Baker, my wife Dorothy Baker has an appointment": the
    // name after the relation is the patient's (see `name`).
    &["my", "wife"],
    &["my", "husband"],
    &["my", "mom"],
    &["my", "mother"],
    &["my", "dad"],
    &["my", "father"],
    &["my", "son"],
    &["my", "daughter"],
    &["mi", "esposa"],
    &["mi", "esposo"],
    &["mi", "mama"],
    &["mi", "papa"],
    &["me", "llamo"],
    &["mi", "nombre", "es"],
    &["nombre", "es"],
    &["soy"],
];

/// The relations a cue ends with ("my wife", "para mi papa").
const RELATIONS: &[&str] =
    &["wife", "husband", "mom", "mother", "dad", "father", "son", "daughter", "esposa", "esposo", "mama", "papa"];

/// Words that are never part of a name, so a name stops before them.
#[rustfmt::skip]
const NOT_NAME: &[&str] = &[
    "a", "about", "also", "am", "an", "and", "are", "at", "be", "birth", "born", "but", "by",
    "calling", "can", "could", "date", "day", "dob", "for", "from", "get", "have", "hello", "hey",
    "hi", "i", "id", "im", "in", "is", "it", "its", "just", "like", "me", "my", "need", "needs",
    "no", "not", "of", "oh", "ok", "okay", "on", "or", "please", "pls", "refill", "so", "sure",
    "thank", "thanks", "that", "the", "this", "to", "um", "uh", "was", "we", "with", "would",
    "yeah", "yes", "you", "your", "birthday", "medication", "prescription", "pharmacy",
    "calling", "want", "wanted", "here", "speaking", "again", "mine", "well", "actually",
    "sorry", "correction", "wait", "meant", "mean", "never", "mind", "nevermind", "forget",
    "nothing", "what", "why", "how", "who", "where", "when", "dont", "know", "help", "stop",
    "hold", "talk", "person", "someone", "somebody", "nobody", "good", "fine", "pain", "doctor",
    "nurse", "office", "staff", "human", "agent", "operator", "representative", "hello", "hey",
    "he", "she", "him", "they", "who", "has", "had", "will", "wants",
    "first", "second", "third", "last", "next", "one", "two", "three", "other",
    // Who the caller is to the patient, not a name: "I'm his daughter Karen".
    "his", "her", "their", "daughter", "son", "wife", "husband", "mom", "mother", "dad", "father",
    "sister", "brother", "caregiver", "friend", "neighbor", "grandson", "granddaughter",
    // Replies that are no one's name: "perfect sounds great", "ok see you".
    "perfect", "great", "sounds", "cool", "awesome", "alright", "right", "see", "bye", "got",
    // Spanish.
    "su", "mi", "y", "es", "soy", "hola", "llamo", "nombre", "hija", "hijo", "esposa", "esposo",
    "mama", "mamá", "papa", "papá", "gracias", "quiero", "necesito", "para", "por", "favor", "si", "sí",
    "esta", "está", "bien", "bueno", "vale", "claro", "muchas",
];

/// Leading words dropped from an answer to "what is your name?".
const NAME_FILLER: &[&str] = &[
    "yes", "yeah", "hi", "hello", "um", "uh", "its", "it", "is", "im", "sure", "ok", "okay", "well", "this", "the",
    "name", "my", "names", "actually", "sorry", "no",
];

/// The most words taken as one name ("Maria Elena Gonzalez Ruiz").
const MAX_NAME_WORDS: usize = 4;

/// A full name in `text`: after a cue ("my name is Maria Gonzalez", "this
/// is Robert Jenkins"), or — when `asked` — the answer itself. Taken from
/// the raw text so that "O'Neill" reaches the directory as written. At
/// least two words (first and last name).
pub(crate) fn name(text: &str, asked: bool) -> Option<String> {
    // Most messages name no one: skip the word-by-word work without a cue.
    if !asked && !NAME_CUES.iter().any(|cue| contains_word(text, cue[0])) {
        return None;
    }
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '\'' | '\u{2019}' | '-')))
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| !w.is_empty())
        .collect();
    let keys: Vec<String> = words.iter().map(|w| w.to_lowercase().replace(['\'', '\u{2019}'], "")).collect();
    let starts = (0..keys.len())
        .filter_map(|i| NAME_CUES.iter().find(|cue| keys[i..].starts_with_words(cue)).map(|cue| i + cue.len()));
    // A relative's own name comes first in "this is Frank, my wife Dorothy
    // Baker …": a name after "my wife", "mi esposo"… is the patient's.
    let relation = |at: usize| RELATIONS.contains(&keys[at.saturating_sub(1)].as_str()) && at >= 2;
    let mut ends: Vec<usize> = starts.collect();
    // A stable sort: the patient's name first, the order kept otherwise.
    ends.sort_by_key(|end| !relation(*end));
    let mut candidates = ends;
    if asked {
        candidates.push(keys.iter().take_while(|k| NAME_FILLER.contains(&k.as_str())).count());
    }
    let cued = candidates.len() - usize::from(asked);
    candidates.into_iter().enumerate().find_map(|(n, start)| {
        // A month after two name words starts the date of birth ("maria
        // gonzalez march fourteenth …"); before that it may be a name (June).
        let len = keys[start..]
            .iter()
            .enumerate()
            .take_while(|(i, k)| is_name_word(k) && !(*i >= 2 && MONTHS.contains(&k.as_str())))
            .take(MAX_NAME_WORDS)
            .count();
        // Without a cue the answer must be just the name (perhaps with the
        // date of birth after it): "the doctor said it's fine" is no name.
        let rest = &keys[start + len..];
        let whole = n < cued || rest.first().is_none_or(|k| starts_a_date(k));
        (len >= 2 && whole).then(|| words[start..start + len].join(" "))
    })
}

/// Whether `word` (lowercase) occurs in `text` as a whole word, any case.
fn contains_word(text: &str, word: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '\'').any(|w| w.eq_ignore_ascii_case(word))
}

trait StartsWithWords {
    fn starts_with_words(&self, cue: &[&str]) -> bool;
}

impl StartsWithWords for [String] {
    fn starts_with_words(&self, cue: &[&str]) -> bool {
        self.len() >= cue.len() && cue.iter().zip(self).all(|(c, k)| c == k)
    }
}

/// A word that can follow a name in an answer: the date of birth coming.
fn starts_a_date(key: &str) -> bool {
    key.bytes().next().is_some_and(|b| b.is_ascii_digit())
        || matches!(key, "dob" | "born" | "date" | "birthday" | "and" | "my" | "birth")
        || MONTHS.contains(&key)
}

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

fn is_name_word(key: &str) -> bool {
    key.chars().all(char::is_alphabetic)
        && key.chars().count() <= 30
        && !NOT_NAME.contains(&key)
        && crate::medications::find(&[key.to_owned()], &[]).is_none()
}

/// Who the caller is to the patient, said instead of the patient's name
/// ("I'm his daughter Karen", "soy su hija"): the patient's name is asked
/// for next, without counting a failed try.
pub(crate) fn caregiver_intro(tokens: &[String]) -> bool {
    const WHOSE: &[&str] = &["his", "her", "their", "su", "my", "mi"];
    const RELATION: &[&str] = &[
        "daughter",
        "son",
        "wife",
        "husband",
        "mom",
        "mother",
        "dad",
        "father",
        "sister",
        "brother",
        "caregiver",
        "grandson",
        "granddaughter",
        "niece",
        "nephew",
        "hija",
        "hijo",
        "esposa",
        "esposo",
        "mama",
        "papa",
        "hermana",
        "hermano",
        "nieta",
        "nieto",
        "cuidadora",
        "cuidador",
    ];
    tokens.windows(2).any(|w| WHOSE.contains(&w[0].as_str()) && RELATION.contains(&w[1].as_str()))
}

/// Whether the message says a date of birth is coming ("DOB", "born",
/// "date of birth", "birthday").
pub(crate) fn has_birth_cue(tokens: &[String]) -> bool {
    tokens.iter().enumerate().any(|(i, t)| {
        matches!(t.as_str(), "dob" | "born" | "birthday" | "birthdate" | "bday")
            || (t == "birth" && i > 0 && matches!(tokens[i - 1].as_str(), "of" | "date"))
            || (t == "d" && tokens.get(i + 1).is_some_and(|n| n == "o") && tokens.get(i + 2).is_some_and(|n| n == "b"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_common::normalize::Utterance;

    fn toks(text: &str) -> Vec<String> {
        Utterance::new(text, |_| false).tokens().to_vec()
    }

    #[test]
    fn finds_chains_with_their_location() {
        for (text, expected) in [
            ("CVS on Main Street", "cvs on main street"),
            ("my pharmacy is walgreens", "walgreens"),
            ("Wallgreens on 5th and Broadway please", "wallgreens on 5th"),
            ("the rite aid pharmacy by the mall", "rite aid pharmacy by the mall"),
            ("oxycodone, CVS at 1200 Bardstown Rd, 502 555 0199", "cvs at 1200 bardstown rd"),
            ("send it to Kroger", "kroger"),
        ] {
            assert_eq!(pharmacy(&toks(text)).as_deref(), Some(expected), "{text}");
        }
    }

    #[test]
    fn finds_independent_pharmacies() {
        assert_eq!(pharmacy(&toks("Main Street Pharmacy")).as_deref(), Some("main street pharmacy"));
        assert_eq!(pharmacy(&toks("the pharmacy is Smith Drugs")).as_deref(), Some("smith drugs"));
        assert_eq!(pharmacy(&toks("my pharmacy")), None);
        assert_eq!(pharmacy(&toks("same pharmacy as last time")).as_deref(), Some(SAME_PHARMACY));
        assert_eq!(pharmacy(&toks("I need a refill")), None);
    }

    #[test]
    fn names_after_a_cue_or_as_the_answer() {
        assert_eq!(name("Hi this is Maria Lopez DOB 3/14/1968 I need a refill", false).as_deref(), Some("Maria Lopez"));
        assert_eq!(name("yeah this is robert jenkins i need my oxy", false).as_deref(), Some("robert jenkins"));
        assert_eq!(
            name("my name is Robert O'Neill and my birthday is 1/30/49", false).as_deref(),
            Some("Robert O'Neill")
        );
        assert_eq!(name("Maria Gonzalez", true).as_deref(), Some("Maria Gonzalez"));
        assert_eq!(name("it's maria gonzalez", true).as_deref(), Some("maria gonzalez"));
        assert_eq!(name("Gonzalez, Maria 03/14/1971", true).as_deref(), Some("Gonzalez Maria"));
        assert_eq!(name("Maria Gonzalez", false), None, "no cue, not asked");
        assert_eq!(name("Maria", true), None, "first and last name");
        assert_eq!(name("I need my oxycodone refilled", true), None);
        assert_eq!(name("this is urgent please call", false), None);
        assert_eq!(name("oxycodone percocet", true), None);
    }

    #[test]
    fn birth_cues() {
        assert!(has_birth_cue(&toks("DOB 3/14/71")));
        assert!(has_birth_cue(&toks("my date of birth is")));
        assert!(has_birth_cue(&toks("born march 14")));
        assert!(!has_birth_cue(&toks("refill by march 14")));
    }

    #[test]
    fn loose_answers_drop_filler() {
        assert_eq!(loose(&toks("um it's the Smith Drug one")).as_deref(), Some("smith drug"));
        assert_eq!(loose(&toks("I need my zipsor")).as_deref(), Some("zipsor"));
        assert_eq!(loose(&toks("um, yes please")), None);
        assert_eq!(loose(&toks("Smith Drug on Elm")).as_deref(), Some("smith drug on elm"));
    }
}
