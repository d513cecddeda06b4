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
const LOCATORS: &[&str] = &["on", "at", "in", "by", "near", "off", "across", "pharmacy"];

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

/// The answer without the filler around it, for a direct question we
/// could not otherwise answer (an unlisted pharmacy or medication). Filler
/// is trimmed only at the ends, so "Smith Drug on Elm" keeps its "on".
pub(crate) fn loose(tokens: &[String]) -> Option<String> {
    let content = |t: &String| !FILLER.contains(&t.as_str());
    let start = tokens.iter().position(content)?;
    let end = tokens.iter().rposition(content)? + 1;
    Some(tokens[start..end.min(start + MAX_NAME_TOKENS)].join(" "))
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
    fn loose_answers_drop_filler() {
        assert_eq!(loose(&toks("um it's the Smith Drug one")).as_deref(), Some("smith drug"));
        assert_eq!(loose(&toks("I need my zipsor")).as_deref(), Some("zipsor"));
        assert_eq!(loose(&toks("um, yes please")), None);
        assert_eq!(loose(&toks("Smith Drug on Elm")).as_deref(), Some("smith drug on elm"));
    }
}
