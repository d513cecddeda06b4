//! A deterministic phrase matcher: which of a plugin's intents a message
//! expresses.
//!
//! Rules are static tables of `(label, phrases)`; a message may match several
//! labels ("refill my oxycodone and have someone call me"), and [`Matcher::find`]
//! returns them in table order, so the plugin decides precedence by ordering
//! its table and the same message always gives the same answer.
//!
//! Phrase syntax (words separated by single spaces, already normalized):
//! - `word` matches a token equal to it, or within the typo tolerance of
//!   [`crate::fuzzy::distance`] (same first letter) unless the matcher is
//!   [`Matcher::exact`];
//! - `word!` matches only exactly (for short words with dangerous
//!   neighbours: "staff"/"stuff", "taper"/"paper");
//! - `#` matches a number (digits or a number word);
//! - `*` matches zero to two arbitrary tokens ("talk to * person");
//! - a leading `=` means the phrase must be the whole message ("=0").

use crate::fuzzy;
use crate::normalize::is_number;

/// One phrase occurrence: which label, and which tokens it covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match<L> {
    pub label: L,
    /// First token covered.
    pub start: usize,
    /// One past the last token covered.
    pub end: usize,
}

/// A table of labelled phrases. Cheap to build (`const`), holds no state.
#[derive(Debug, Clone, Copy)]
pub struct Matcher<'r, L> {
    rules: &'r [(L, &'r [&'r str])],
    fuzzy: bool,
}

/// How many tokens a `*` may skip.
const MAX_GAP: usize = 2;

impl<'r, L: Copy + PartialEq> Matcher<'r, L> {
    /// A typo-tolerant matcher, for what patients write and say.
    pub const fn new(rules: &'r [(L, &'r [&'r str])]) -> Self {
        Matcher { rules, fuzzy: true }
    }

    /// An exact matcher, for text we produce ourselves (the guard).
    pub const fn exact(rules: &'r [(L, &'r [&'r str])]) -> Self {
        Matcher { rules, fuzzy: false }
    }

    /// Every label found, each once, in table order.
    pub fn find<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<L> {
        let index = TokenIndex::new(tokens);
        let mut found = Vec::new();
        for (label, phrases) in self.rules {
            if !found.contains(label)
                && phrases.iter().any(|p| self.occurrences(p, tokens, &index).next().is_some())
            {
                found.push(*label);
            }
        }
        found
    }

    /// Whether any phrase of `label` occurs.
    pub fn matches<S: AsRef<str>>(&self, tokens: &[S], label: L) -> bool {
        let index = TokenIndex::new(tokens);
        self.rules.iter().filter(|(l, _)| *l == label).any(|(_, phrases)| {
            phrases.iter().any(|p| self.occurrences(p, tokens, &index).next().is_some())
        })
    }

    /// Every occurrence of every phrase (in table order, then by position).
    pub fn find_spans<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Match<L>> {
        let index = TokenIndex::new(tokens);
        let mut out = Vec::new();
        for (label, phrases) in self.rules {
            for phrase in *phrases {
                out.extend(
                    self.occurrences(phrase, tokens, &index)
                        .map(|(start, end)| Match { label: *label, start, end }),
                );
            }
        }
        out
    }

    /// Where `phrase` occurs, as `(start, end)` token ranges.
    ///
    /// This is the hot loop of every turn (hundreds of phrases, each message
    /// token), so a phrase whose first word no token can match is skipped
    /// on the index alone, and the rest of a phrase is only walked from
    /// positions where its first word matched.
    fn occurrences<'t, S: AsRef<str>>(
        &'t self,
        phrase: &'t str,
        tokens: &'t [S],
        index: &TokenIndex,
    ) -> impl Iterator<Item = (usize, usize)> + 't {
        let (whole, body) = split_whole(phrase);
        let (first, rest) = body.split_once(' ').unwrap_or((body, ""));
        let possible = index.may_hold(first);
        let starts = match (possible, whole) {
            (false, _) => 0..0,
            (true, true) => 0..1,
            (true, false) => 0..tokens.len(),
        };
        let need_end = whole.then_some(tokens.len());
        starts.filter_map(move |start| {
            let words = rest.split(' ');
            let end = if first == "*" {
                self.match_at(body.split(' '), tokens, start, need_end)?
            } else if self.word_eq(first, tokens.get(start)?.as_ref()) {
                if rest.is_empty() {
                    let end = start + 1;
                    need_end.is_none_or(|e| e == end).then_some(end)?
                } else {
                    self.match_at(words, tokens, start + 1, need_end)?
                }
            } else {
                return None;
            };
            Some((start, end))
        })
    }

    /// Match the remaining phrase words from token `pos`; returns where the
    /// match ends (which must be `need_end` when given).
    fn match_at<S: AsRef<str>>(
        &self,
        mut words: core::str::Split<'_, char>,
        tokens: &[S],
        pos: usize,
        need_end: Option<usize>,
    ) -> Option<usize> {
        match words.next() {
            None => need_end.is_none_or(|e| e == pos).then_some(pos),
            Some("*") => (0..=MAX_GAP)
                .filter(|skip| pos + skip <= tokens.len())
                .find_map(|skip| self.match_at(words.clone(), tokens, pos + skip, need_end)),
            Some(word) => {
                let token = tokens.get(pos)?.as_ref();
                if self.word_eq(word, token) {
                    self.match_at(words, tokens, pos + 1, need_end)
                } else {
                    None
                }
            }
        }
    }

    fn word_eq(&self, word: &str, token: &str) -> bool {
        // Every match (exact or fuzzy) shares the first byte; checking it
        // first rejects nearly every pair in one comparison.
        match (word.as_bytes().first(), token.as_bytes().first()) {
            (Some(b'#'), _) if word == "#" => is_number(token),
            (Some(w), Some(t)) if w == t => match word.strip_suffix('!') {
                Some(exact) => exact == token,
                None => word == token || (self.fuzzy && fuzzy::similar(token, word)),
            },
            _ => false,
        }
    }
}

/// A summary of a message's tokens that rules most phrases out at once:
/// which first bytes occur (fuzzy matches must share the first letter, see
/// [`fuzzy::distance`]) and whether any token is a number.
struct TokenIndex {
    first_bytes: [u64; 4],
    has_number: bool,
}

impl TokenIndex {
    fn new<S: AsRef<str>>(tokens: &[S]) -> Self {
        let mut index = TokenIndex { first_bytes: [0; 4], has_number: false };
        for token in tokens {
            let token = token.as_ref();
            if let Some(&b) = token.as_bytes().first() {
                index.first_bytes[usize::from(b / 64)] |= 1 << (b % 64);
            }
            index.has_number |= is_number(token);
        }
        index
    }

    /// Whether some token could match the phrase word `word`. False
    /// positives are fine; false negatives are not.
    fn may_hold(&self, word: &str) -> bool {
        match word.as_bytes().first() {
            None => false,
            Some(b'*') => true,
            Some(b'#') => self.has_number,
            Some(&b) => self.first_bytes[usize::from(b / 64)] & (1 << (b % 64)) != 0,
        }
    }
}

fn split_whole(phrase: &str) -> (bool, &str) {
    match phrase.strip_prefix('=') {
        Some(body) => (true, body),
        None => (false, phrase),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Utterance;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum I {
        Refill,
        Person,
        Yes,
        Dose,
    }

    const RULES: &[(I, &[&str])] = &[
        (I::Refill, &["refill", "prescription", "ran out"]),
        (I::Person, &["talk to * person", "representative", "staff!", "=0", "operator"]),
        (I::Yes, &["=yes", "=ok", "thats right"]),
        (I::Dose, &["how many * take", "take #"]),
    ];
    const M: Matcher<'static, I> = Matcher::new(RULES);

    fn find(text: &str) -> Vec<I> {
        M.find(Utterance::new(text, |_| false).tokens())
    }

    #[test]
    fn finds_single_intents() {
        assert_eq!(find("I need a refill please"), [I::Refill]);
        assert_eq!(find("can I talk to a real person"), [I::Person]);
        assert_eq!(find("0"), [I::Person]);
        assert_eq!(find("yes"), [I::Yes]);
    }

    #[test]
    fn finds_several_in_table_order() {
        assert_eq!(find("representative! also I ran out, need a refill"), [I::Refill, I::Person]);
    }

    #[test]
    fn tolerates_typos_and_text_speak() {
        assert_eq!(find("pls refil my rx"), [I::Refill]);
        assert_eq!(find("can i tlak to a persn"), Vec::<I>::new(), "talk is 4 letters: exact");
        assert_eq!(find("reprasentative"), [I::Person]);
        assert_eq!(find("perscription"), [I::Refill]);
        assert_eq!(find("opperator"), [I::Person]);
    }

    #[test]
    fn exact_words_and_whole_messages() {
        assert_eq!(find("some stuff"), Vec::<I>::new());
        assert_eq!(find("staff please"), [I::Person]);
        assert_eq!(find("press 0 now"), Vec::<I>::new());
        assert_eq!(find("yes I need a refill"), [I::Refill]);
    }

    #[test]
    fn numbers_and_gaps() {
        assert_eq!(find("can I take two"), [I::Dose]);
        assert_eq!(find("how many can I take"), [I::Dose]);
        assert_eq!(find("how many days until it is ready"), Vec::<I>::new());
        assert_eq!(find("talk to person"), [I::Person]);
        assert_eq!(find("talk to the very nice kind person"), Vec::<I>::new());
    }

    #[test]
    fn spans_and_exact_matching() {
        let exact = Matcher::exact(RULES);
        let u = Utterance::new("refil then refill", |_| false);
        // Text-speak expands "refil" during normalization; exact matching
        // still sees both.
        let spans = exact.find_spans(u.tokens());
        assert_eq!(spans.len(), 2);
        assert_eq!((spans[1].start, spans[1].end), (2, 3));
        let u = Utterance::new("refiill", |_| false);
        assert!(exact.find_spans(u.tokens()).is_empty());
        assert!(M.matches(u.tokens(), I::Refill));
    }

    #[test]
    fn empty_input() {
        assert!(find("").is_empty());
        let none: &[&str] = &[];
        assert!(M.find_spans(none).is_empty());
    }
}
