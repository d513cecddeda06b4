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
        let index = TokenIndex::new(tokens, self.fuzzy);
        let mut found = Vec::new();
        let mut hits = Vec::new();
        for (label, phrases) in self.rules {
            if !found.contains(label) && phrases.iter().any(|p| self.occurrences(p, tokens, &index, true, &mut hits)) {
                found.push(*label);
            }
        }
        found
    }

    /// Whether any phrase of `label` occurs.
    pub fn matches<S: AsRef<str>>(&self, tokens: &[S], label: L) -> bool {
        let index = TokenIndex::new(tokens, self.fuzzy);
        let mut hits = Vec::new();
        self.rules
            .iter()
            .filter(|(l, _)| *l == label)
            .any(|(_, phrases)| phrases.iter().any(|p| self.occurrences(p, tokens, &index, true, &mut hits)))
    }

    /// Every occurrence of every phrase (in table order, then by position).
    pub fn find_spans<S: AsRef<str>>(&self, tokens: &[S]) -> Vec<Match<L>> {
        let index = TokenIndex::new(tokens, self.fuzzy);
        let mut out = Vec::new();
        let mut hits = Vec::new();
        for (label, phrases) in self.rules {
            for phrase in *phrases {
                hits.clear();
                self.occurrences(phrase, tokens, &index, false, &mut hits);
                out.extend(hits.iter().map(|&(start, end)| Match { label: *label, start, end }));
            }
        }
        out
    }

    /// Push where `phrase` occurs (as `(start, end)` token ranges) onto
    /// `hits`, stopping at the first when `first_only`; true if any.
    ///
    /// This is the hot loop of every turn — hundreds of phrases against
    /// every message and every reply — so a phrase is only tried at the
    /// positions the index says its first word could match, and a phrase
    /// with none costs a couple of comparisons.
    fn occurrences<S: AsRef<str>>(
        &self,
        phrase: &str,
        tokens: &[S],
        index: &TokenIndex,
        first_only: bool,
        hits: &mut Vec<(usize, usize)>,
    ) -> bool {
        let (whole, body) = split_whole(phrase);
        let all: Vec<u16>;
        let starts: &[u16] = match body.as_bytes() {
            [b'*', b' ', ..] | [b'*'] => {
                all = (0..tokens.len().min(usize::from(u16::MAX)) as u16).collect();
                &all
            }
            [b'#', b' ', ..] | [b'#'] => &index.numbers,
            bytes => index.bucket(bytes, self.fuzzy),
        };
        if starts.is_empty() {
            return false;
        }
        let (first, rest) = next_word(body);
        let need_end = whole.then_some(tokens.len());
        let mut any = false;
        for &start in starts {
            let start = usize::from(start);
            if whole && start != 0 {
                continue;
            }
            let end = if first == "*" {
                self.match_at(body, tokens, start, need_end)
            } else if self.word_eq(first, tokens[start].as_ref()) {
                self.match_at(rest, tokens, start + 1, need_end)
            } else {
                None
            };
            if let Some(end) = end {
                hits.push((start, end));
                any = true;
                if first_only {
                    break;
                }
            }
        }
        any
    }

    /// Match the phrase words in `rest` from token `pos`; returns where the
    /// match ends (which must be `need_end` when given).
    fn match_at<S: AsRef<str>>(&self, rest: &str, tokens: &[S], pos: usize, need_end: Option<usize>) -> Option<usize> {
        if rest.is_empty() {
            return need_end.is_none_or(|e| e == pos).then_some(pos);
        }
        let (word, rest) = next_word(rest);
        if word == "*" {
            return (0..=MAX_GAP)
                .filter(|skip| pos + skip <= tokens.len())
                .find_map(|skip| self.match_at(rest, tokens, pos + skip, need_end));
        }
        let token = tokens.get(pos)?.as_ref();
        if self.word_eq(word, token) { self.match_at(rest, tokens, pos + 1, need_end) } else { None }
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

/// The first word of a phrase and the rest after its space. A byte loop:
/// phrase words are a few bytes long, too short for `memchr` to pay off.
fn next_word(phrase: &str) -> (&str, &str) {
    match phrase.bytes().position(|b| b == b' ') {
        Some(i) => (&phrase[..i], &phrase[i + 1..]),
        None => (phrase, ""),
    }
}

/// Token positions grouped so that a phrase's first word finds the few
/// tokens it could match: by first byte for fuzzy words (a typo keeps the
/// first letter, see [`fuzzy::distance`]), by the first two bytes for exact
/// ones. Built once per match call, by a counting sort.
struct TokenIndex {
    fuzzy_order: Vec<u16>,
    fuzzy_starts: [u16; 257],
    exact_order: Vec<u16>,
    exact_starts: [u16; 257],
    numbers: Vec<u16>,
}

impl TokenIndex {
    fn new<S: AsRef<str>>(tokens: &[S], fuzzy: bool) -> Self {
        let tokens = &tokens[..tokens.len().min(usize::from(u16::MAX))];
        let numbers = (0..tokens.len()).filter(|&i| is_number(tokens[i].as_ref())).map(|i| i as u16).collect();
        let (exact_order, exact_starts) = Self::group(tokens, Self::exact_key);
        let (fuzzy_order, fuzzy_starts) = if fuzzy {
            Self::group(tokens, |t| usize::from(t.as_bytes().first().copied().unwrap_or(0)))
        } else {
            (Vec::new(), [0; 257])
        };
        TokenIndex { fuzzy_order, fuzzy_starts, exact_order, exact_starts, numbers }
    }

    /// Keyed on the first two bytes (none when the word has one letter).
    fn exact_key(word: &str) -> usize {
        Self::key_of(word.as_bytes())
    }

    fn key_of(bytes: &[u8]) -> usize {
        let a = usize::from(bytes.first().copied().unwrap_or(0));
        let b = match bytes.get(1) {
            None | Some(b' ' | b'!') => 0,
            Some(&b) => usize::from(b),
        };
        (a * 31 + b) % 256
    }

    /// Token positions sorted (stably) by `key`, and where each key starts.
    fn group<S: AsRef<str>>(tokens: &[S], key: impl Fn(&str) -> usize) -> (Vec<u16>, [u16; 257]) {
        let mut starts = [0u16; 257];
        let keys: Vec<usize> = tokens.iter().map(|t| key(t.as_ref())).collect();
        for &k in &keys {
            starts[k + 1] += 1;
        }
        for k in 0..256 {
            starts[k + 1] += starts[k];
        }
        let mut next = starts;
        let mut order = vec![0u16; tokens.len()];
        for (i, &k) in keys.iter().enumerate() {
            order[usize::from(next[k])] = i as u16;
            next[k] += 1;
        }
        (order, starts)
    }

    /// Positions the phrase starting with `bytes` could start at: the
    /// tokens sharing the first byte of its first word (fuzzy matching) or
    /// its first two bytes (exact matching, words marked `!`, and words too
    /// short for any tolerance).
    fn bucket(&self, bytes: &[u8], fuzzy: bool) -> &[u16] {
        if bytes.is_empty() {
            return &[];
        }
        let first_len = bytes.iter().position(|&b| b == b' ').unwrap_or(bytes.len());
        let exact = !fuzzy || bytes[first_len - 1] == b'!' || fuzzy::tolerance(first_len) == 0;
        let (order, starts, key) = if exact {
            (&self.exact_order, &self.exact_starts, Self::key_of(bytes))
        } else {
            (&self.fuzzy_order, &self.fuzzy_starts, usize::from(bytes[0]))
        };
        &order[usize::from(starts[key])..usize::from(starts[key + 1])]
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
