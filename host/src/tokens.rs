//! Bearer tokens: generated from the OS's randomness, stored only as
//! sha256 hashes, compared in constant time.

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// A new random token (256 bits, hex).
pub fn generate() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the OS random source failed");
    hex::encode(bytes)
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Does `token` hash to `expected_hash`? Constant time in the hash bytes.
pub fn matches(token: &str, expected_hash: &str) -> bool {
    !expected_hash.is_empty() && hash(token).as_bytes().ct_eq(expected_hash.as_bytes()).into()
}
