//! A phrase table indexed at compile time by each phrase's first letter and
//! the length of its first word, for tables large enough that trying every
//! phrase per message costs too much (a plugin's recogniser: well over a
//! thousand phrases, every turn).
//!
//! A phrase can only match at a token sharing its first byte (typo
//! tolerance keeps the first letter, see `crate::fuzzy::distance`) whose
//! length is within the first word's typo tolerance (at most two), so a
//! message only visits the buckets of its tokens' first bytes and lengths —
//! a small fraction of the table; scanning entries was most of the cost of
//! matching when buckets were by first byte alone. Phrases that start with
//! `*` or `#` are tried for every message.

use super::{Match, Matcher, TokenIndex};
use crate::fuzzy::tolerance;

/// First-word lengths are bucketed up to this; longer words share the last
/// bucket.
const LENGTHS: usize = 16;
/// The most a typo can change a word's length (see `fuzzy::tolerance`).
const MAX_LENGTH_CHANGE: usize = 2;
/// Buckets: (first byte, first-word length) pairs, then one for phrases
/// that may start anywhere (`*`, `#`).
const BUCKETS: usize = 256 * LENGTHS + 1;
const ANY: usize = 256 * LENGTHS;

/// Every phrase of a rule table, as (rule, phrase) positions grouped by
/// first byte and first-word length. Build it in a `static` with
/// [`PhraseIndex::new`] and [`phrase_count`].
#[derive(Debug)]
pub struct PhraseIndex<const N: usize> {
    entries: [Entry; N],
    /// `entries[starts[k]..starts[k + 1]]` are bucket `k`'s.
    starts: [u16; BUCKETS + 1],
}

/// One phrase, with what its first word needs from a message, so that a
/// phrase no token could start is skipped without reading it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    rule: u16,
    phrase: u16,
    /// The exact-match key of the first word (see `TokenIndex::key_of`).
    key: u16,
    /// The first word's length, `!` included.
    first_len: u8,
    /// The first word matches exactly even in a fuzzy matcher (`!`, or
    /// too short for any typo).
    exact_word: bool,
}

const EMPTY: Entry = Entry { rule: 0, phrase: 0, key: 0, first_len: 0, exact_word: false };

const fn entry(rule: usize, phrase_at: usize, phrase: &str) -> Entry {
    let bytes = phrase.as_bytes();
    let skip = if !bytes.is_empty() && bytes[0] == b'=' { 1 } else { 0 };
    let mut first_len = 0;
    while skip + first_len < bytes.len() && bytes[skip + first_len] != b' ' {
        first_len += 1;
    }
    let (key, exact_word) = if first_len == 0 {
        (0, true)
    } else {
        let (_, body) = bytes.split_at(skip);
        let bang = body[first_len - 1] == b'!';
        (TokenIndex::key_of(body), bang || tolerance(first_len) == 0)
    };
    Entry { rule: rule as u16, phrase: phrase_at as u16, key: key as u16, first_len: first_len as u8, exact_word }
}

/// How many phrases a rule table holds (the `N` of its index).
pub const fn phrase_count<L>(rules: &[(L, &[&str])]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < rules.len() {
        n += rules[i].1.len();
        i += 1;
    }
    n
}

/// The bucket of a length: lengths from `LENGTHS - 1` up share one.
const fn length_slot(len: usize) -> usize {
    if len < LENGTHS { len } else { LENGTHS - 1 }
}

/// The bucket of a phrase: its first byte (after a leading `=`) and the
/// length of its first word without a trailing `!`.
const fn bucket_of(phrase: &str) -> usize {
    let bytes = phrase.as_bytes();
    let first = if !bytes.is_empty() && bytes[0] == b'=' { 1 } else { 0 };
    if bytes.len() <= first {
        return ANY;
    }
    match bytes[first] {
        b'*' | b'#' => ANY,
        b => {
            let mut len = 0;
            while first + len < bytes.len() && bytes[first + len] != b' ' {
                len += 1;
            }
            if bytes[first + len - 1] == b'!' {
                len -= 1;
            }
            b as usize * LENGTHS + length_slot(len)
        }
    }
}

impl<const N: usize> PhraseIndex<N> {
    /// Index `rules` (at compile time). Panics (a compile error in a
    /// `static`) if `N` is not [`phrase_count`] of `rules`.
    pub const fn new<L>(rules: &[(L, &[&str])]) -> Self {
        assert!(phrase_count(rules) == N, "PhraseIndex size must be phrase_count(rules)");
        let mut starts = [0u16; BUCKETS + 1];
        let mut i = 0;
        while i < rules.len() {
            let mut j = 0;
            while j < rules[i].1.len() {
                starts[bucket_of(rules[i].1[j]) + 1] += 1;
                j += 1;
            }
            i += 1;
        }
        let mut b = 0;
        while b < BUCKETS {
            starts[b + 1] += starts[b];
            b += 1;
        }
        let mut next = starts;
        let mut entries = [EMPTY; N];
        let mut i = 0;
        while i < rules.len() {
            let mut j = 0;
            while j < rules[i].1.len() {
                let b = bucket_of(rules[i].1[j]);
                entries[next[b] as usize] = entry(i, j, rules[i].1[j]);
                next[b] += 1;
                j += 1;
            }
            i += 1;
        }
        PhraseIndex { entries, starts }
    }

    fn bucket(&self, b: usize) -> &[Entry] {
        &self.entries[usize::from(self.starts[b])..usize::from(self.starts[b + 1])]
    }
}

impl<L: Copy + PartialEq> Matcher<'_, L> {
    /// [`Matcher::find_where`] over an index of this matcher's own rules:
    /// the same labels, found by trying only the phrases that could match.
    pub fn find_indexed<S: AsRef<str>, const N: usize>(
        &self,
        tokens: &[S],
        index: &PhraseIndex<N>,
        mut accept: impl FnMut(Match<L>) -> bool,
    ) -> Vec<L> {
        let tokens_index = TokenIndex::new(tokens, self.fuzzy);
        let mut done = vec![false; self.rules.len()];
        let mut hits = Vec::new();
        for b in visit(tokens, self.fuzzy) {
            for e in index.bucket(b) {
                let rule = usize::from(e.rule);
                if done[rule] || (b != ANY && !self.viable(e, b / LENGTHS, &tokens_index)) {
                    continue;
                }
                let phrase = e.phrase;
                let (label, phrases) = &self.rules[rule];
                hits.clear();
                self.occurrences(phrases[usize::from(phrase)], tokens, &tokens_index, false, &mut hits);
                if hits.iter().any(|&(start, end)| accept(Match { label: *label, start, end })) {
                    done[rule] = true;
                }
            }
        }
        let mut found = Vec::new();
        for (_, (label, _)) in self.rules.iter().enumerate().filter(|(rule, _)| done[*rule]) {
            if !found.contains(label) {
                found.push(*label);
            }
        }
        found
    }
}

/// The buckets a message can match in, each once, then the `*`/`#` bucket:
/// for every token, its first byte with the first-word lengths a typo could
/// turn into the token's length (only its own length when matching
/// exactly; every length when the token is not ASCII, whose byte length is
/// not its letter count).
fn visit<S: AsRef<str>>(tokens: &[S], fuzzy: bool) -> impl Iterator<Item = usize> {
    let mut wanted = [0u64; (256 * LENGTHS).div_ceil(64)];
    for token in tokens {
        let token = token.as_ref();
        let Some(&first) = token.as_bytes().first() else { continue };
        let base = usize::from(first) * LENGTHS;
        let lengths = if !token.is_ascii() {
            0..LENGTHS
        } else if fuzzy {
            let len = token.len();
            length_slot(len.saturating_sub(MAX_LENGTH_CHANGE))..length_slot(len + MAX_LENGTH_CHANGE) + 1
        } else {
            let slot = length_slot(token.len());
            slot..slot + 1
        };
        for slot in lengths {
            wanted[(base + slot) / 64] |= 1 << ((base + slot) % 64);
        }
    }
    (0..wanted.len())
        .flat_map(move |w| {
            let mut bits = wanted[w];
            core::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let b = bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    w * 64 + b
                })
            })
        })
        .chain([ANY])
}

impl<L> Matcher<'_, L> {
    /// Whether some token could start the entry's phrase: one sharing its
    /// first two bytes (exact first word), or its first byte and a length
    /// within the typo tolerance (fuzzy first word).
    fn viable(&self, e: &Entry, b: usize, tokens: &TokenIndex) -> bool {
        if !self.fuzzy || e.exact_word {
            return !tokens.exact_bucket(usize::from(e.key)).is_empty();
        }
        let tol = tolerance(usize::from(e.first_len));
        tokens.fuzzy_bucket(b).iter().any(|&p| {
            let len = tokens.lens[usize::from(p)];
            len == 255 || usize::from(len).abs_diff(usize::from(e.first_len)) <= tol
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Utterance;

    const RULES: &[(u8, &[&str])] = &[
        (1, &["refill", "ran out", "=0"]),
        (2, &["talk to * person", "# pills", "=yes"]),
        (3, &["staff!", "* help"]),
        (1, &["prescription"]),
    ];
    static INDEX: PhraseIndex<{ phrase_count(RULES) }> = PhraseIndex::new(RULES);
    const M: Matcher<'static, u8> = Matcher::new(RULES);

    #[test]
    fn finds_what_find_where_finds() {
        for text in [
            "I ran out, need a refill",
            "talk to a person about 3 pills",
            "0",
            "yes",
            "yes please",
            "staff help",
            "perscription",
            "",
            "nothing here",
        ] {
            let u = Utterance::new(text, |_| false);
            let all = |_| true;
            assert_eq!(M.find_indexed(u.tokens(), &INDEX, all), M.find_where(u.tokens(), all), "{text}");
        }
    }

    #[test]
    fn counts_and_buckets() {
        assert_eq!(phrase_count(RULES), 9);
        assert_eq!(bucket_of("=0"), usize::from(b'0') * LENGTHS + 1);
        assert_eq!(bucket_of("staff! help"), usize::from(b's') * LENGTHS + 5);
        assert_eq!(bucket_of("a-very-long-first-word here"), usize::from(b'a') * LENGTHS + LENGTHS - 1);
        assert_eq!(bucket_of("* help"), ANY);
        assert_eq!(bucket_of("# pills"), ANY);
        assert_eq!(INDEX.bucket(ANY).len(), 2);
    }
}
