//! The BERT encoder of all-MiniLM-L6-v2 (six layers, 384 wide, twelve
//! heads), forward only, in f32 on one thread: what a message's tokens
//! mean in context. Matrix products go through `matrixmultiply`'s sgemm;
//! everything else is plain loops. Low-rank adapters are merged into the
//! weights once, at load time, so a turn pays for nothing extra.

use super::ContextualError;
use super::tensors::{Tensor, Tensors};

pub const HIDDEN: usize = 384;
const HEADS: usize = 12;
const HEAD_DIM: usize = HIDDEN / HEADS;
const INTERMEDIATE: usize = 1536;
const LAYERS: usize = 6;
pub const MAX_POSITIONS: usize = 512;
const VOCABULARY: usize = 30522;
const EPSILON: f32 = 1e-12;

/// `y = x Wᵀ + b` for a torch-layout weight `[out, in]`.
struct Linear {
    weight: Vec<f32>,
    bias: Vec<f32>,
    inputs: usize,
    outputs: usize,
}

struct Norm {
    gain: Vec<f32>,
    bias: Vec<f32>,
}

struct Layer {
    /// Query, key and value fused into one `[3·HIDDEN, HIDDEN]` product.
    qkv: Linear,
    attention_out: Linear,
    attention_norm: Norm,
    intermediate: Linear,
    output: Linear,
    output_norm: Norm,
}

pub struct Encoder {
    words: Vec<f32>,
    positions: Vec<f32>,
    /// Token type 0 (a single sentence), added to every position.
    token_type: Vec<f32>,
    embedding_norm: Norm,
    layers: Vec<Layer>,
}

impl Encoder {
    /// The encoder from the pretrained weights, with `adapters`' low-rank
    /// updates (`NAME.lora_a` `[r, in]`, `NAME.lora_b` `[out, r]`, already
    /// scaled) merged into every linear layer they name.
    pub fn load(base: &Tensors, adapters: &Tensors) -> Result<Encoder, ContextualError> {
        let norm = |name: &str| -> Result<Norm, ContextualError> {
            Ok(Norm {
                gain: base.get(&format!("{name}.weight"), &[HIDDEN])?.values,
                bias: base.get(&format!("{name}.bias"), &[HIDDEN])?.values,
            })
        };
        let linear = |name: &str, outputs: usize, inputs: usize| -> Result<Linear, ContextualError> {
            let mut weight = base.get(&format!("{name}.weight"), &[outputs, inputs])?;
            merge(&mut weight, adapters, name)?;
            Ok(Linear {
                weight: weight.values,
                bias: base.get(&format!("{name}.bias"), &[outputs])?.values,
                inputs,
                outputs,
            })
        };
        let mut layers = Vec::with_capacity(LAYERS);
        for i in 0..LAYERS {
            let p = format!("encoder.layer.{i}");
            let (q, k, v) = (
                linear(&format!("{p}.attention.self.query"), HIDDEN, HIDDEN)?,
                linear(&format!("{p}.attention.self.key"), HIDDEN, HIDDEN)?,
                linear(&format!("{p}.attention.self.value"), HIDDEN, HIDDEN)?,
            );
            let qkv = Linear {
                weight: [q.weight, k.weight, v.weight].concat(),
                bias: [q.bias, k.bias, v.bias].concat(),
                inputs: HIDDEN,
                outputs: 3 * HIDDEN,
            };
            layers.push(Layer {
                qkv,
                attention_out: linear(&format!("{p}.attention.output.dense"), HIDDEN, HIDDEN)?,
                attention_norm: norm(&format!("{p}.attention.output.LayerNorm"))?,
                intermediate: linear(&format!("{p}.intermediate.dense"), INTERMEDIATE, HIDDEN)?,
                output: linear(&format!("{p}.output.dense"), HIDDEN, INTERMEDIATE)?,
                output_norm: norm(&format!("{p}.output.LayerNorm"))?,
            });
        }
        let token_types = base.get("embeddings.token_type_embeddings.weight", &[2, HIDDEN])?.values;
        Ok(Encoder {
            words: base.get("embeddings.word_embeddings.weight", &[VOCABULARY, HIDDEN])?.values,
            positions: base.get("embeddings.position_embeddings.weight", &[MAX_POSITIONS, HIDDEN])?.values,
            token_type: token_types[..HIDDEN].to_vec(),
            embedding_norm: norm("embeddings.LayerNorm")?,
            layers,
        })
    }

    /// The mean of the last layer's token states (sentence-transformers'
    /// mean pooling), for token ids that already carry `[CLS]` and `[SEP]`.
    pub fn pooled(&self, ids: &[u32]) -> Vec<f32> {
        let n = ids.len().min(MAX_POSITIONS);
        let mut x = vec![0.0f32; n * HIDDEN];
        for (t, &id) in ids.iter().take(n).enumerate() {
            let id = (id as usize).min(VOCABULARY - 1);
            let row = &mut x[t * HIDDEN..(t + 1) * HIDDEN];
            let (w, p) = (&self.words[id * HIDDEN..(id + 1) * HIDDEN], &self.positions[t * HIDDEN..(t + 1) * HIDDEN]);
            for j in 0..HIDDEN {
                row[j] = w[j] + p[j] + self.token_type[j];
            }
        }
        layer_norm(&mut x, &self.embedding_norm);
        let mut scratch = Scratch::new(n);
        for layer in &self.layers {
            layer.forward(&mut x, n, &mut scratch);
        }
        let mut pooled = vec![0.0f32; HIDDEN];
        for row in x.chunks_exact(HIDDEN) {
            pooled.iter_mut().zip(row).for_each(|(p, v)| *p += v / n as f32);
        }
        pooled
    }
}

/// Buffers one forward pass reuses from layer to layer.
struct Scratch {
    qkv: Vec<f32>,
    context: Vec<f32>,
    scores: Vec<f32>,
    projected: Vec<f32>,
    intermediate: Vec<f32>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            qkv: vec![0.0; n * 3 * HIDDEN],
            context: vec![0.0; n * HIDDEN],
            scores: vec![0.0; n * n],
            projected: vec![0.0; n * HIDDEN],
            intermediate: vec![0.0; n * INTERMEDIATE],
        }
    }
}

impl Layer {
    fn forward(&self, x: &mut [f32], n: usize, s: &mut Scratch) {
        self.qkv.apply(x, n, &mut s.qkv);
        let scale = 1.0 / (HEAD_DIM as f32).sqrt();
        let stride = 3 * HIDDEN;
        for h in 0..HEADS {
            let (q, k, v) = (h * HEAD_DIM, HIDDEN + h * HEAD_DIM, 2 * HIDDEN + h * HEAD_DIM);
            // scores = Q Kᵀ · scale, softmax over each row, then · V.
            unsafe {
                matrixmultiply::sgemm(
                    n,
                    HEAD_DIM,
                    n,
                    scale,
                    s.qkv.as_ptr().add(q),
                    stride as isize,
                    1,
                    s.qkv.as_ptr().add(k),
                    1,
                    stride as isize,
                    0.0,
                    s.scores.as_mut_ptr(),
                    n as isize,
                    1,
                );
            }
            for row in s.scores.chunks_exact_mut(n) {
                softmax(row);
            }
            unsafe {
                matrixmultiply::sgemm(
                    n,
                    n,
                    HEAD_DIM,
                    1.0,
                    s.scores.as_ptr(),
                    n as isize,
                    1,
                    s.qkv.as_ptr().add(v),
                    stride as isize,
                    1,
                    0.0,
                    s.context.as_mut_ptr().add(h * HEAD_DIM),
                    HIDDEN as isize,
                    1,
                );
            }
        }
        self.attention_out.apply(&s.context, n, &mut s.projected);
        x.iter_mut().zip(&s.projected).for_each(|(a, b)| *a += b);
        layer_norm(x, &self.attention_norm);
        self.intermediate.apply(x, n, &mut s.intermediate);
        s.intermediate.iter_mut().for_each(|v| *v = gelu(*v));
        self.output.apply(&s.intermediate, n, &mut s.projected);
        x.iter_mut().zip(&s.projected).for_each(|(a, b)| *a += b);
        layer_norm(x, &self.output_norm);
    }
}

impl Linear {
    /// `out[n, outputs] = x[n, inputs] · Wᵀ + b`.
    fn apply(&self, x: &[f32], n: usize, out: &mut [f32]) {
        debug_assert!(x.len() >= n * self.inputs && out.len() >= n * self.outputs);
        for row in out.chunks_exact_mut(self.outputs).take(n) {
            row.copy_from_slice(&self.bias);
        }
        // Safety: the slices hold n·inputs and n·outputs values, and the
        // weight outputs·inputs, as the strides below address them.
        unsafe {
            matrixmultiply::sgemm(
                n,
                self.inputs,
                self.outputs,
                1.0,
                x.as_ptr(),
                self.inputs as isize,
                1,
                self.weight.as_ptr(),
                1,
                self.inputs as isize,
                1.0,
                out.as_mut_ptr(),
                self.outputs as isize,
                1,
            );
        }
    }
}

/// `W += B·A` for the adapter named `name`, when there is one.
fn merge(weight: &mut Tensor, adapters: &Tensors, name: &str) -> Result<(), ContextualError> {
    let (outputs, inputs) = (weight.shape[0], weight.shape[1]);
    let a_name = format!("{name}.lora_a");
    let Some(&[rank, _]) = adapters.shape(&a_name) else { return Ok(()) };
    let a = adapters.get(&a_name, &[rank, inputs])?;
    let rank = a.shape[0];
    let b = adapters.get(&format!("{name}.lora_b"), &[outputs, rank])?;
    // Safety: b is outputs·rank, a is rank·inputs, weight outputs·inputs.
    unsafe {
        matrixmultiply::sgemm(
            outputs,
            rank,
            inputs,
            1.0,
            b.values.as_ptr(),
            rank as isize,
            1,
            a.values.as_ptr(),
            inputs as isize,
            1,
            1.0,
            weight.values.as_mut_ptr(),
            inputs as isize,
            1,
        );
    }
    Ok(())
}

fn layer_norm(x: &mut [f32], norm: &Norm) {
    for row in x.chunks_exact_mut(HIDDEN) {
        let mean = row.iter().sum::<f32>() / HIDDEN as f32;
        let variance = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / HIDDEN as f32;
        let inv = 1.0 / (variance + EPSILON).sqrt();
        for (j, v) in row.iter_mut().enumerate() {
            *v = (*v - mean) * inv * norm.gain[j] + norm.bias[j];
        }
    }
}

fn softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    row.iter_mut().for_each(|v| *v /= sum);
}

/// BERT's exact GELU, `x · Φ(x)`.
fn gelu(x: f32) -> f32 {
    0.5 * x * (1.0 + erf(x / std::f32::consts::SQRT_2))
}

/// The error function (libm's, in f64: torch's GELU is exact, and the
/// scores must match the ones the adapter was fitted with).
fn erf(x: f32) -> f32 {
    libm::erf(x as f64) as f32
}
