//! A trained head: a small classifier fitted at development time on the
//! model's features of labelled messages, where nearest-example matching
//! generalises too little. Features are the whole message's embedding and
//! the element-wise maximum and mean over its windows, so a clause inside a
//! long message still shows. The head is one logistic regression per label
//! (a message may carry several labels).
//!
//! Weights file, UTF-8 text: `#` comment lines, then one line per label:
//! `label<TAB>bias<TAB>w1 w2 … wN` with `N = 3 * dims`.

use crate::classify::WINDOW_WORDS;
use crate::embed::Embedder;

/// The head's input for `text`: `3 * dims` numbers (whole, window maximum,
/// window mean).
pub fn features(embedder: &dyn Embedder, text: &str) -> Vec<f32> {
    let dims = embedder.dims();
    let windows = embedder.embed_windows(text, WINDOW_WORDS);
    let mut out = vec![0.0f32; 3 * dims];
    let (whole, rest) = out.split_at_mut(dims);
    let (max, mean) = rest.split_at_mut(dims);
    whole.copy_from_slice(windows[0].as_slice());
    max.iter_mut().for_each(|x| *x = f32::NEG_INFINITY);
    for w in &windows {
        for (i, x) in w.as_slice().iter().enumerate() {
            max[i] = max[i].max(*x);
            mean[i] += x / windows.len() as f32;
        }
    }
    out
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum HeadError {
    #[error("line {line}: expected `label<TAB>bias<TAB>weights`")]
    Shape { line: usize },
    #[error("line {line}: `{value}` is not a number")]
    Number { line: usize, value: String },
    #[error("line {line}: {found} weights, expected {expected} (3 × the model's dimensions)")]
    Width { line: usize, found: usize, expected: usize },
    #[error("the head has no labels")]
    Empty,
}

struct Row {
    label: String,
    bias: f32,
    weights: Vec<f32>,
}

/// One-vs-rest logistic regression over [`features`].
pub struct LinearHead {
    rows: Vec<Row>,
}

impl LinearHead {
    /// Parse a weights file for a model of `dims` dimensions.
    pub fn parse(text: &str, dims: usize) -> Result<LinearHead, HeadError> {
        let mut rows = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut parts = line.split('\t');
            let (Some(label), Some(bias), Some(weights), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(HeadError::Shape { line: line_no });
            };
            let number = |v: &str| {
                v.parse::<f32>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or_else(|| HeadError::Number { line: line_no, value: v.to_string() })
            };
            let bias = number(bias)?;
            let weights = weights.split(' ').map(number).collect::<Result<Vec<f32>, _>>()?;
            if weights.len() != 3 * dims {
                return Err(HeadError::Width { line: line_no, found: weights.len(), expected: 3 * dims });
            }
            rows.push(Row { label: label.to_string(), bias, weights });
        }
        if rows.is_empty() {
            return Err(HeadError::Empty);
        }
        Ok(LinearHead { rows })
    }

    /// Every label's probability for `text`, in the file's order.
    pub fn scores(&self, embedder: &dyn Embedder, text: &str) -> Vec<(&str, f32)> {
        let x = features(embedder, text);
        self.rows
            .iter()
            .map(|r| {
                let z: f32 = r.bias + r.weights.iter().zip(&x).map(|(w, v)| w * v).sum::<f32>();
                (r.label.as_str(), 1.0 / (1.0 + (-z).exp()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Embedder;

    #[test]
    fn features_are_whole_then_window_max_then_mean() {
        let e = crate::bundled();
        let f = features(e, "my chest hurts");
        assert_eq!(f.len(), 3 * e.dims());
        // A short message is its own only window: all three parts agree.
        let d = e.dims();
        assert_eq!(&f[..d], &f[d..2 * d]);
        assert!(f[..d].iter().zip(&f[2 * d..]).all(|(a, b)| (a - b).abs() < 1e-6));
    }

    #[test]
    fn a_head_scores_each_label_and_bad_files_are_refused() {
        let e = crate::bundled();
        let n = 3 * e.dims();
        let zeros = vec!["0"; n].join(" ");
        let head = LinearHead::parse(&format!("# test\nyes\t5\t{zeros}\nno\t-5\t{zeros}\n"), e.dims()).unwrap();
        let s = head.scores(e, "anything");
        assert_eq!(s[0].0, "yes");
        assert!(s[0].1 > 0.99 && s[1].1 < 0.01, "{s:?}");
        assert_eq!(
            LinearHead::parse("x\t1\t1 2", e.dims()).err(),
            Some(HeadError::Width { line: 1, found: 2, expected: n })
        );
        assert_eq!(LinearHead::parse("x\t1", e.dims()).err(), Some(HeadError::Shape { line: 1 }));
        assert!(matches!(LinearHead::parse(&format!("x\tNaN\t{zeros}"), e.dims()), Err(HeadError::Number { .. })));
        assert_eq!(LinearHead::parse("# nothing\n", e.dims()).err(), Some(HeadError::Empty));
    }
}
