//! The understanding port: text in, a unit vector out.

/// A unit-length sentence vector (or all zeros for a message with no
/// known token).
#[derive(Debug, Clone, PartialEq)]
pub struct Embedding(pub(crate) Vec<f32>);

impl Embedding {
    /// Cosine similarity; both sides are already unit length, so it is the
    /// dot product (0 when either is empty).
    pub fn cosine(&self, other: &Embedding) -> f32 {
        self.0.iter().zip(&other.0).map(|(a, b)| a * b).sum()
    }

    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }

    /// Scale to unit length in place (a zero vector stays zero).
    pub(crate) fn normalized(mut v: Vec<f32>) -> Embedding {
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        Embedding(v)
    }
}

/// Something that turns text into embeddings. Implementations must be
/// deterministic: the same text gives the same vector on every call.
pub trait Embedder: Send + Sync {
    fn dims(&self) -> usize;

    /// The embedding of a whole text.
    fn embed(&self, text: &str) -> Embedding;

    /// The embeddings of `text`'s windows of about `words` words (and of
    /// the whole text), for matching a clause inside a long message. The
    /// default embeds each window on its own; a static table sums once.
    fn embed_windows(&self, text: &str, words: usize) -> Vec<Embedding> {
        let all: Vec<&str> = text.split_whitespace().collect();
        let mut out = vec![self.embed(text)];
        if all.len() > words {
            let step = (words / 2).max(1);
            let mut start = 0;
            while start < all.len() {
                let end = (start + words).min(all.len());
                out.push(self.embed(&all[start..end].join(" ")));
                if end == all.len() {
                    break;
                }
                start += step;
            }
        }
        out
    }
}
