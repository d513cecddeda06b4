//! Reading the safetensors format (an 8-byte little-endian header length,
//! a JSON header naming each tensor's dtype, shape and byte range, then the
//! raw data): only what the encoder needs, f32 tensors by name.

use std::collections::HashMap;

use super::ContextualError;

pub struct Tensors {
    data: Vec<u8>,
    entries: HashMap<String, Entry>,
    metadata: HashMap<String, String>,
    /// Where the bytes came from, for error messages.
    origin: String,
}

struct Entry {
    shape: Vec<usize>,
    start: usize,
    end: usize,
    dtype: String,
}

/// One f32 tensor, row-major.
pub struct Tensor {
    pub shape: Vec<usize>,
    pub values: Vec<f32>,
}

impl Tensors {
    pub fn parse(data: Vec<u8>, origin: &str) -> Result<Tensors, ContextualError> {
        let bad = |why: &str| ContextualError::Format { origin: origin.to_string(), why: why.to_string() };
        let len = data.get(..8).ok_or_else(|| bad("shorter than its header length"))?;
        let len = u64::from_le_bytes(len.try_into().expect("eight bytes")) as usize;
        let header = data.get(8..8usize.saturating_add(len)).ok_or_else(|| bad("header runs past the end"))?;
        let header: serde_json::Value = serde_json::from_slice(header).map_err(|e| bad(&e.to_string()))?;
        let body = 8 + len;
        let mut entries = HashMap::new();
        let mut metadata = HashMap::new();
        for (name, value) in header.as_object().ok_or_else(|| bad("header is not an object"))? {
            if name == "__metadata__" {
                for (k, v) in value.as_object().into_iter().flatten() {
                    metadata.insert(k.clone(), v.as_str().unwrap_or_default().to_string());
                }
                continue;
            }
            let dtype = value["dtype"].as_str().ok_or_else(|| bad("a tensor has no dtype"))?.to_string();
            let shape = value["shape"]
                .as_array()
                .ok_or_else(|| bad("a tensor has no shape"))?
                .iter()
                .map(|d| d.as_u64().map(|d| d as usize))
                .collect::<Option<Vec<_>>>()
                .ok_or_else(|| bad("a shape is not a list of sizes"))?;
            let offsets = value["data_offsets"].as_array().ok_or_else(|| bad("a tensor has no offsets"))?;
            let (start, end) = match (offsets.first().and_then(|v| v.as_u64()), offsets.get(1).and_then(|v| v.as_u64()))
            {
                (Some(s), Some(e)) if s <= e => (body + s as usize, body + e as usize),
                _ => return Err(bad("bad data offsets")),
            };
            if end > data.len() {
                return Err(bad("a tensor runs past the end"));
            }
            entries.insert(name.clone(), Entry { shape, start, end, dtype });
        }
        Ok(Tensors { data, entries, metadata, origin: origin.to_string() })
    }

    /// A value of the header's `__metadata__`.
    pub fn metadata(&self, key: &str) -> Option<&str> {
        self.metadata.get(key).map(String::as_str)
    }

    /// The shape of tensor `name`, when there is one.
    pub fn shape(&self, name: &str) -> Option<&[usize]> {
        self.entries.get(name).map(|e| e.shape.as_slice())
    }

    /// The f32 tensor `name`, checked against the `shape` the encoder expects.
    pub fn get(&self, name: &str, shape: &[usize]) -> Result<Tensor, ContextualError> {
        let entry = self
            .entries
            .get(name)
            .ok_or_else(|| ContextualError::Missing { origin: self.origin.clone(), tensor: name.to_string() })?;
        if entry.dtype != "F32"
            || entry.shape != shape
            || entry.end - entry.start != 4 * shape.iter().product::<usize>()
        {
            return Err(ContextualError::Shape {
                origin: self.origin.clone(),
                tensor: name.to_string(),
                found: format!("{} {:?}", entry.dtype, entry.shape),
                expected: format!("F32 {shape:?}"),
            });
        }
        let values = self.data[entry.start..entry.end]
            .chunks_exact(4)
            .map(|b| f32::from_le_bytes(b.try_into().expect("four bytes")))
            .collect();
        Ok(Tensor { shape: entry.shape.clone(), values })
    }
}
