//! The static token table: one 8-bit vector (with its scale) per WordPiece
//! token, distilled from all-MiniLM-L6-v2 by `distill/distill.py`.
//!
//! File layout (little-endian): `SBSTATIC`, u32 tokens, u32 dims; per token
//! a u8 length and its UTF-8 text; f32 scale per token; i8 dims per token.

use std::sync::OnceLock;

use crate::embed::{Embedder, Embedding};
use crate::tokenize::{Token, WordPiece};

const MAGIC: &[u8; 8] = b"SBSTATIC";
static BUNDLED: &[u8] = include_bytes!("../model/minilm-l6-static.bin");

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a static token table (bad magic)")]
    Magic,
    #[error("the table ends early (at byte {0})")]
    Truncated(usize),
    #[error("the table's vocabulary is not UTF-8 or has no [UNK] token")]
    Vocabulary,
}

pub struct StaticEmbedder {
    wordpiece: WordPiece,
    dims: usize,
    scales: Vec<f32>,
    rows: Vec<i8>,
}

pub(crate) fn bundled() -> &'static StaticEmbedder {
    static TABLE: OnceLock<StaticEmbedder> = OnceLock::new();
    TABLE.get_or_init(|| StaticEmbedder::from_bytes(BUNDLED).expect("the bundled table is well formed (tested)"))
}

impl StaticEmbedder {
    pub fn from_bytes(bytes: &[u8]) -> Result<StaticEmbedder, ModelError> {
        let mut at = 0usize;
        let mut take = |n: usize| -> Result<&[u8], ModelError> {
            let slice = bytes.get(at..at + n).ok_or(ModelError::Truncated(at))?;
            at += n;
            Ok(slice)
        };
        if take(8)? != MAGIC {
            return Err(ModelError::Magic);
        }
        let u32_at = |b: &[u8]| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let tokens = u32_at(take(4)?);
        let dims = u32_at(take(4)?);
        let mut vocabulary = Vec::with_capacity(tokens);
        for _ in 0..tokens {
            let len = take(1)?[0] as usize;
            let text = std::str::from_utf8(take(len)?).map_err(|_| ModelError::Vocabulary)?;
            vocabulary.push(text.to_string());
        }
        let scales = take(tokens * 4)?.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect();
        let rows = take(tokens * dims)?.iter().map(|b| *b as i8).collect();
        let wordpiece = WordPiece::new(&vocabulary).ok_or(ModelError::Vocabulary)?;
        Ok(StaticEmbedder { wordpiece, dims, scales, rows })
    }

    pub fn tokenize(&self, text: &str) -> Vec<Token> {
        self.wordpiece.tokenize(text)
    }

    fn add_row(&self, sum: &mut [f32], id: u32) {
        let id = id as usize;
        let scale = self.scales[id];
        let row = &self.rows[id * self.dims..(id + 1) * self.dims];
        for (s, q) in sum.iter_mut().zip(row) {
            *s += scale * f32::from(*q);
        }
    }
}

impl Embedder for StaticEmbedder {
    fn dims(&self) -> usize {
        self.dims
    }

    fn embed(&self, text: &str) -> Embedding {
        let mut sum = vec![0.0; self.dims];
        for token in self.tokenize(text) {
            self.add_row(&mut sum, token.id);
        }
        Embedding::normalized(sum)
    }

    /// One pass: each word's vector once, then every window as a sum of
    /// word vectors (a prefix sum would save little at these lengths).
    fn embed_windows(&self, text: &str, words: usize) -> Vec<Embedding> {
        let tokens = self.tokenize(text);
        let count = tokens.last().map_or(0, |t| t.word as usize + 1);
        let mut word_vectors = vec![vec![0.0f32; self.dims]; count];
        for token in &tokens {
            self.add_row(&mut word_vectors[token.word as usize], token.id);
        }
        let sum_of = |range: std::ops::Range<usize>| {
            let mut sum = vec![0.0; self.dims];
            for v in &word_vectors[range] {
                sum.iter_mut().zip(v).for_each(|(s, x)| *s += x);
            }
            Embedding::normalized(sum)
        };
        let mut out = vec![sum_of(0..count)];
        if count > words {
            let step = (words / 2).max(1);
            let mut start = 0;
            loop {
                let end = (start + words).min(count);
                out.push(sum_of(start..end));
                if end == count {
                    break;
                }
                start += step;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_table_loads_and_embeds_to_unit_vectors() {
        let table = bundled();
        assert_eq!(table.dims(), 128);
        let v = table.embed("I can't catch my breath");
        let norm: f32 = v.as_slice().iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
        assert_eq!(table.embed(""), Embedding(vec![0.0; 128]));
    }

    #[test]
    fn a_truncated_table_is_refused_with_where_it_ends() {
        assert!(matches!(StaticEmbedder::from_bytes(&BUNDLED[..100]), Err(ModelError::Truncated(_))));
        assert!(matches!(StaticEmbedder::from_bytes(b"NOTATABLE......."), Err(ModelError::Magic)));
    }

    #[test]
    fn windows_cover_the_whole_text_and_each_clause() {
        let text = "hi i wanted to ask about my bill and also my chest feels tight and my arm hurts";
        let windows = bundled().embed_windows(text, 6);
        assert_eq!(windows[0], bundled().embed(text));
        assert!(windows.len() >= 5);
    }

    /// Token ids as the model's own tokenizer (Hugging Face `tokenizers`,
    /// from the published `tokenizer.json`) gives them.
    #[test]
    fn tokenisation_matches_the_reference_tokenizer() {
        let ids = |t: &str| bundled().tokenize(t).iter().map(|t| t.id).collect::<Vec<_>>();
        assert_eq!(
            ids("I can't breathe!! 😂 hydrocodone"),
            [1045, 2064, 1005, 1056, 7200, 999, 999, 100, 18479, 3597, 5280, 2063]
        );
        assert_eq!(
            ids("Se le cayó la cara, NIÑO ayúdame"),
            [7367, 3393, 6187, 7677, 2474, 14418, 1010, 20801, 1037, 10513, 17130, 2063]
        );
        assert_eq!(ids("OxyContin 10mg x2"), [23060, 2100, 8663, 7629, 2184, 24798, 1060, 2475]);
    }

    #[test]
    fn embedding_is_deterministic() {
        let text = "se le cayó la cara de un lado";
        assert_eq!(bundled().embed(text), bundled().embed(text));
    }
}
