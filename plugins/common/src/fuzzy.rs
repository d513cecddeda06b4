//! Typo tolerance: a bounded edit distance and the rule for how many edits a
//! word may carry and still count as the same word.
//!
//! The rule ([`tolerance`]) is deliberately tight — none for words under five
//! letters, one for five to seven, two from eight, and the first letter must
//! match ([`distance`]) — because a false match on a short word ("stuff" for
//! "staff") is worse than asking again. Adjacent
//! transpositions count as one edit ("oxycodnoe"), which is how people
//! actually mistype.

/// How many edits a vocabulary word of `len` characters tolerates.
pub const fn tolerance(len: usize) -> usize {
    if len >= 8 {
        2
    } else if len >= 5 {
        1
    } else {
        0
    }
}

/// The edit distance between `a` and `b` (insertions, deletions,
/// substitutions and adjacent transpositions), or `None` if it exceeds `max`.
///
/// Rejecting a candidate must be cheap — every turn compares each word
/// against a vocabulary — so lengths are compared before anything else,
/// ASCII (every vocabulary word) is compared as bytes without copying, and
/// the table stops as soon as a whole row exceeds `max`.
pub fn distance_within(a: &str, b: &str, max: usize) -> Option<usize> {
    if a == b {
        return Some(0);
    }
    if max == 0 {
        return None;
    }
    if a.len().abs_diff(b.len()) > max * 4 {
        // Even if every extra byte were part of a multi-byte character, the
        // character counts differ by more than `max`.
        return None;
    }
    if a.is_ascii() && b.is_ascii() {
        let (a, b) = (a.as_bytes(), b.as_bytes());
        if a.len().abs_diff(b.len()) > max {
            return None;
        }
        if max == 1 {
            return within_one(a, b);
        }
        if !letters_within(a, b, max) {
            return None;
        }
        return bounded(a, b, max);
    }
    // Stack buffers cover every realistic word; longer input is never a
    // vocabulary word we care about.
    let mut ab = ['\0'; CAP];
    let mut bb = ['\0'; CAP];
    let n = fill(&mut ab, a)?;
    let m = fill(&mut bb, b)?;
    bounded(&ab[..n], &bb[..m], max)
}

const CAP: usize = 32;

/// Distance 0 or 1 in linear time: after the common prefix, the rest must
/// line up after one substitution, insertion, deletion or swap of
/// neighbours. Most vocabulary words have a tolerance of one, so this is
/// the usual path.
fn within_one(a: &[u8], b: &[u8]) -> Option<usize> {
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if p == a.len() && p == b.len() {
        return Some(0);
    }
    let one = match a.len() as isize - b.len() as isize {
        0 => {
            a[p + 1..] == b[p + 1..]
                || (p + 1 < a.len() && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..])
        }
        1 => a[p + 1..] == b[p..],
        -1 => a[p..] == b[p + 1..],
        _ => false,
    };
    one.then_some(1)
}

/// The set of ASCII letters and digits in a word, one bit each.
fn letter_set(word: &[u8]) -> u64 {
    word.iter().fold(0, |set, &b| match b {
        b'a'..=b'z' => set | 1 << (b - b'a'),
        b'A'..=b'Z' => set | 1 << (b - b'A'),
        b'0'..=b'9' => set | 1 << (26 + b - b'0'),
        _ => set | 1 << 63,
    })
}

/// A necessary condition for `distance ≤ max`: each edit adds or removes at
/// most one distinct letter, so neither word may have more than `max`
/// letters the other lacks. Linear, so it rejects most pairs before the
/// quadratic table.
fn letters_within(a: &[u8], b: &[u8], max: usize) -> bool {
    let (sa, sb) = (letter_set(a), letter_set(b));
    ((sa & !sb).count_ones() as usize) <= max && ((sb & !sa).count_ones() as usize) <= max
}

fn fill(buf: &mut [char; CAP], s: &str) -> Option<usize> {
    let mut n = 0;
    for c in s.chars() {
        *buf.get_mut(n)? = c;
        n += 1;
    }
    Some(n)
}

/// Optimal-string-alignment distance over any comparable units, bounded.
fn bounded<T: PartialEq>(a: &[T], b: &[T], max: usize) -> Option<usize> {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > max || n > CAP || m > CAP {
        return None;
    }
    // Three rolling rows of the table.
    let mut prev2 = [0usize; CAP + 1];
    let mut prev = [0usize; CAP + 1];
    let mut cur = [0usize; CAP + 1];
    for (j, cell) in prev.iter_mut().enumerate().take(m + 1) {
        *cell = j;
    }
    for i in 1..=n {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
            row_min = row_min.min(v);
        }
        if row_min > max {
            return None;
        }
        prev2[..=m].copy_from_slice(&prev[..=m]);
        prev[..=m].copy_from_slice(&cur[..=m]);
    }
    let d = prev[m];
    (d <= max).then_some(d)
}

/// Whether `word` (what the patient wrote) is `vocab` (a word we know) within
/// the tolerance for `vocab`'s length, sharing its first letter.
pub fn similar(word: &str, vocab: &str) -> bool {
    distance(word, vocab).is_some()
}

/// The distance between `word` and `vocab` if it is within `vocab`'s
/// tolerance and both start with the same letter; used to prefer the
/// closest of several candidates.
///
/// The first letter must match because typing and speech recognition
/// rarely get it wrong, and because it lets callers index their vocabulary
/// by first letter — most candidates are then never compared at all.
pub fn distance(word: &str, vocab: &str) -> Option<usize> {
    if word.as_bytes().first() != vocab.as_bytes().first() {
        return None;
    }
    let len = if vocab.is_ascii() { vocab.len() } else { vocab.chars().count() };
    distance_within(word, vocab, tolerance(len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerance_grows_with_length() {
        assert_eq!(tolerance(4), 0);
        assert_eq!(tolerance(5), 1);
        assert_eq!(tolerance(7), 1);
        assert_eq!(tolerance(8), 2);
    }

    #[test]
    fn counts_the_basic_edits() {
        assert_eq!(distance_within("refil", "refill", 2), Some(1));
        assert_eq!(distance_within("percoset", "percocet", 2), Some(1));
        assert_eq!(distance_within("oxycodnoe", "oxycodone", 2), Some(1));
        assert_eq!(distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(distance_within("same", "same", 0), Some(0));
        assert_eq!(distance_within("", "abc", 3), Some(3));
    }

    #[test]
    fn rejects_beyond_the_bound() {
        assert_eq!(distance_within("kitten", "sitting", 2), None);
        assert_eq!(distance_within("a", "abcdef", 2), None);
        assert_eq!(distance_within("x".repeat(40).as_str(), "x", 2), None);
    }

    #[test]
    fn short_words_must_be_exact() {
        // Five letters allow one edit, which is why phrase tables mark words
        // such as "staff" exact (see `intent`).
        assert!(similar("stuff", "staff"));
        assert!(!similar("sona", "soma"));
        assert!(similar("soma", "soma"));
        assert!(similar("norko", "norco"));
        assert!(similar("hydrocodon", "hydrocodone"));
        assert!(!similar("cocaine", "codeine"));
        // The first letter must match.
        assert!(!similar("xoxycodone", "oxycodone"));
        assert!(!similar("", "oxycodone"));
    }

    #[test]
    fn letter_prefilter_never_rejects_a_true_match() {
        let words = ["oxycodone", "percocet", "hydrocodone", "refill", "tramadol", "abc", "aab"];
        let typos = ["oxycodnoe", "percoset", "hydrocodon", "refil", "trmadol", "ab", "abb", "xoxycodone"];
        for w in words {
            for t in typos {
                let full = bounded(w.as_bytes(), t.as_bytes(), 2);
                assert_eq!(distance_within(w, t, 2), full, "{w} {t}");
            }
        }
    }

    #[test]
    fn the_fast_path_agrees_with_the_table() {
        let words = ["", "a", "ab", "ba", "abc", "acb", "abcd", "abdc", "bacd", "abce", "abcde", "xbcd", "abd", "aabc"];
        for a in words {
            for b in words {
                assert_eq!(within_one(a.as_bytes(), b.as_bytes()), bounded(a.as_bytes(), b.as_bytes(), 1), "{a} {b}");
            }
        }
    }

    #[test]
    fn handles_non_ascii() {
        assert_eq!(distance_within("café", "cafe", 1), Some(1));
    }
}
