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

mod index;

pub use index::{PhraseIndex, phrase_count};

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

    /// Every label with an occurrence that `accept` takes, each once, in
    /// table order. Occurrences of a label are offered in table order, then
    /// by position, until one is accepted (so a caller can skip negated
    /// mentions without collecting every span).
    pub fn find_where<S: AsRef<str>>(&self, tokens: &[S], mut accept: impl FnMut(Match<L>) -> bool) -> Vec<L> {
        let index = TokenIndex::new(tokens, self.fuzzy);
        let mut found = Vec::new();
        let mut hits = Vec::new();
        for (label, phrases) in self.rules {
            if found.contains(label) {
                continue;
            }
            'phrases: for phrase in *phrases {
                hits.clear();
                self.occurrences(phrase, tokens, &index, false, &mut hits);
                for &(start, end) in &hits {
                    if accept(Match { label: *label, start, end }) {
                        found.push(*label);
                        break 'phrases;
                    }
                }
            }
        }
        found
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
        // Most phrases start with a letter no token starts with: one bit
        // test rejects them before anything else is computed.
        if let Some(&b) = body.as_bytes().first()
            && b != b'*'
            && b != b'#'
            && !index.has_first_byte(b)
        {
            return false;
        }
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
                None => word == token || (self.fuzzy && within_length(word, token) && fuzzy::similar(token, word)),
            },
            _ => false,
        }
    }
}

/// Whether `token` is close enough in length to `word` for a typo match:
/// a cheap test that rejects most pairs before the edit distance (this
/// runs for every phrase word against every token sharing its first
/// letter). Non-ASCII tokens skip it: their byte length is not their
/// length.
fn within_length(word: &str, token: &str) -> bool {
    word.len().abs_diff(token.len()) <= fuzzy::tolerance(word.len()) || !token.is_ascii()
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
    /// Which bytes start some token, one bit each.
    first_bytes: [u64; 4],
    fuzzy_order: Vec<u16>,
    fuzzy_starts: [u16; 257],
    exact_order: Vec<u16>,
    exact_starts: [u16; 257],
    numbers: Vec<u16>,
    /// Each token's length in bytes (255: not ASCII, length unknown).
    lens: Vec<u8>,
}

impl TokenIndex {
    fn new<S: AsRef<str>>(tokens: &[S], fuzzy: bool) -> Self {
        let tokens = &tokens[..tokens.len().min(usize::from(u16::MAX))];
        let numbers = (0..tokens.len()).filter(|&i| is_number(tokens[i].as_ref())).map(|i| i as u16).collect();
        let mut first_bytes = [0u64; 4];
        for t in tokens {
            if let Some(&b) = t.as_ref().as_bytes().first() {
                first_bytes[usize::from(b >> 6)] |= 1 << (b & 63);
            }
        }
        let (exact_order, exact_starts) = Self::group(tokens, Self::exact_key);
        let (fuzzy_order, fuzzy_starts) = if fuzzy {
            Self::group(tokens, |t| usize::from(t.as_bytes().first().copied().unwrap_or(0)))
        } else {
            (Vec::new(), [0; 257])
        };
        let lens = tokens
            .iter()
            .map(|t| {
                let t = t.as_ref();
                if t.is_ascii() { t.len().min(254) as u8 } else { 255 }
            })
            .collect();
        TokenIndex { first_bytes, fuzzy_order, fuzzy_starts, exact_order, exact_starts, numbers, lens }
    }

    /// Tokens whose first two bytes hash to `key` (see [`Self::key_of`]).
    fn exact_bucket(&self, key: usize) -> &[u16] {
        &self.exact_order[usize::from(self.exact_starts[key])..usize::from(self.exact_starts[key + 1])]
    }

    /// Tokens starting with byte `b` (fuzzy matchers only).
    fn fuzzy_bucket(&self, b: usize) -> &[u16] {
        &self.fuzzy_order[usize::from(self.fuzzy_starts[b])..usize::from(self.fuzzy_starts[b + 1])]
    }

    fn has_first_byte(&self, b: u8) -> bool {
        self.first_bytes[usize::from(b >> 6)] & (1 << (b & 63)) != 0
    }

    /// Keyed on the first two bytes (none when the word has one letter).
    fn exact_key(word: &str) -> usize {
        Self::key_of(word.as_bytes())
    }

    const fn key_of(bytes: &[u8]) -> usize {
        let a = if bytes.is_empty() { 0 } else { bytes[0] as usize };
        let b = if bytes.len() < 2 || bytes[1] == b' ' || bytes[1] == b'!' { 0 } else { bytes[1] as usize };
        (a * 31 + b) % 256
    }

    /// Token positions sorted (stably) by `key`, and where each key starts.
    fn group<S: AsRef<str>>(tokens: &[S], key: impl Fn(&str) -> usize) -> (Vec<u16>, [u16; 257]) {
        // Keys are cheap: computed twice rather than stored (this runs for
        // every matcher call of every turn).
        let mut starts = [0u16; 257];
        for t in tokens {
            starts[key(t.as_ref()) + 1] += 1;
        }
        for k in 0..256 {
            starts[k + 1] += starts[k];
        }
        let mut next = starts;
        let mut order = vec![0u16; tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            let k = key(t.as_ref());
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
    fn find_where_skips_rejected_occurrences() {
        let u = Utterance::new("no refill, I said refill", |_| false);
        let after_no = |m: Match<I>| m.start == 0 || u.tokens()[m.start - 1] != "no";
        assert_eq!(M.find_where(u.tokens(), after_no), [I::Refill]);
        let u = Utterance::new("no refill", |_| false);
        assert!(M.find_where(u.tokens(), |m| m.start == 0 || u.tokens()[m.start - 1] != "no").is_empty());
    }

    #[test]
    fn empty_input() {
        assert!(find("").is_empty());
        let none: &[&str] = &[];
        assert!(M.find_spans(none).is_empty());
    }
}
