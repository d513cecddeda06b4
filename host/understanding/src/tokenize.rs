//! BERT's uncased tokenisation, as all-MiniLM-L6-v2 was trained with it:
//! clean, lowercase, strip accents, split on whitespace and punctuation,
//! then WordPiece (greedy longest match, `##` for word-internal pieces).

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

const MAX_WORD_CHARS: usize = 100;

/// One WordPiece token of a text, with the index of the word it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub id: u32,
    pub word: u32,
}

/// The vocabulary and the tokeniser over it.
pub struct WordPiece {
    ids: HashMap<String, u32>,
    unknown: u32,
}

impl WordPiece {
    pub fn new(vocabulary: &[String]) -> Option<WordPiece> {
        let ids: HashMap<String, u32> = vocabulary.iter().enumerate().map(|(i, t)| (t.clone(), i as u32)).collect();
        let unknown = *ids.get("[UNK]")?;
        Some(WordPiece { ids, unknown })
    }

    /// The id of one vocabulary entry (`[CLS]`, a word piece).
    pub fn id(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
    }

    /// The tokens of `text` (no `[CLS]`/`[SEP]`).
    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        for (w, word) in basic_words(text).iter().enumerate() {
            self.word_pieces(word, w as u32, &mut out);
        }
        out
    }

    fn word_pieces(&self, word: &str, index: u32, out: &mut Vec<Token>) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        if chars.len() > MAX_WORD_CHARS {
            out.push(Token { id: self.unknown, word: index });
            return;
        }
        let mark = out.len();
        let mut start = 0;
        let mut piece = String::new();
        while start < chars.len() {
            let mut end = chars.len();
            let mut found = None;
            while end > start {
                let from = chars[start].0;
                let to = chars.get(end).map_or(word.len(), |c| c.0);
                piece.clear();
                if start > 0 {
                    piece.push_str("##");
                }
                piece.push_str(&word[from..to]);
                if let Some(&id) = self.ids.get(piece.as_str()) {
                    found = Some(id);
                    break;
                }
                end -= 1;
            }
            match found {
                Some(id) => out.push(Token { id, word: index }),
                None => {
                    // WordPiece: a word that cannot be split is one [UNK].
                    out.truncate(mark);
                    out.push(Token { id: self.unknown, word: index });
                    return;
                }
            }
            start = end;
        }
    }
}

/// BERT's basic tokeniser: cleaned, lowercased, accents stripped, split on
/// whitespace and around every punctuation character (and CJK character).
pub(crate) fn basic_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, words: &mut Vec<String>| {
        if !current.is_empty() {
            words.push(std::mem::take(current));
        }
    };
    for c in text.chars() {
        if c == '\0' || c == '\u{fffd}' || (c.is_control() && !c.is_whitespace()) {
            continue;
        }
        if c.is_whitespace() {
            flush(&mut current, &mut words);
            continue;
        }
        for l in c.to_lowercase().nfd().filter(|c| !is_combining_mark(*c)) {
            if is_punctuation(l) || is_cjk(l) {
                flush(&mut current, &mut words);
                words.push(l.to_string());
            } else {
                current.push(l);
            }
        }
    }
    flush(&mut current, &mut words);
    words
}

/// ASCII punctuation as BERT counts it, and any other non-alphanumeric
/// symbol (BERT splits Unicode punctuation; splitting symbols such as
/// emoji too only turns them into separate unknown tokens).
fn is_punctuation(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_punctuation();
    }
    !c.is_alphanumeric()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x20000..=0x2A6DF | 0x2A700..=0x2B73F
        | 0x2B740..=0x2B81F | 0x2B820..=0x2CEAF | 0xF900..=0xFAFF | 0x2F800..=0x2FA1F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> WordPiece {
        let mut v: Vec<String> = vec!["[PAD]".into(), "[UNK]".into()];
        v.extend(words.iter().map(|w| w.to_string()));
        WordPiece::new(&v).unwrap()
    }

    #[test]
    fn basic_tokenisation_lowercases_strips_accents_and_splits_punctuation() {
        assert_eq!(basic_words("No puedo RESPIRAR, ¡ayúdame!"), ["no", "puedo", "respirar", ",", "¡", "ayudame", "!"]);
        assert_eq!(basic_words("can't\tstop\u{0}"), ["can", "'", "t", "stop"]);
        assert_eq!(basic_words("niño"), ["nino"]);
    }

    #[test]
    fn wordpiece_takes_the_longest_piece_first_and_unknown_words_whole() {
        let wp = vocab(&["oxy", "##codone", "##co", "un", "##able"]);
        let ids: Vec<u32> = wp.tokenize("oxycodone unable zzz").iter().map(|t| t.id).collect();
        assert_eq!(ids, [2, 3, 5, 6, 1]);
        let words: Vec<u32> = wp.tokenize("oxycodone unable").iter().map(|t| t.word).collect();
        assert_eq!(words, [0, 0, 1, 1]);
    }
}
