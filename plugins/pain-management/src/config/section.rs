//! A config section kept in its encoded form until a turn reads it.
//!
//! The prepared config is decoded on every turn, and most turns read only a
//! little of it: a refill request never looks at the procedure catalogue or
//! the escalation wording. Decoding those sections means hundreds of string
//! allocations, which was the largest single part of a turn's cost. A
//! [`Section`] is carried through the decode as one byte buffer and decoded
//! the first time [`Section::get`] is called in that turn.

use core::cell::OnceCell;
use core::fmt;

use serde::de::{DeserializeOwned, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub struct Section<T> {
    encoded: Vec<u8>,
    decoded: OnceCell<T>,
}

impl<T: Serialize + DeserializeOwned> Section<T> {
    pub fn new(value: T) -> Self {
        // Serializing owned strings and vectors into a Vec cannot fail.
        let encoded = postcard::to_allocvec(&value).unwrap_or_default();
        Section { encoded, decoded: OnceCell::from(value) }
    }

    /// The section, decoded on first use.
    ///
    /// The bytes are the plugin's own encoding, written by `validate-config`
    /// of this plugin version (the config's format byte guards against
    /// another version's); they fail to decode only if the stored config was
    /// corrupted, which ends the turn as a plugin fault — the host answers
    /// with its fallback and queues a callback — rather than acting on a
    /// half-read config.
    pub fn get(&self) -> &T {
        self.decoded.get_or_init(|| match postcard::from_bytes(&self.encoded) {
            Ok(value) => value,
            Err(e) => panic!("prepared config section unreadable: {e}"),
        })
    }

    /// The encoded size, for the turn-cost report.
    pub fn encoded_len(&self) -> usize {
        self.encoded.len()
    }
}

impl<T> Serialize for Section<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.encoded)
    }
}

impl<'de, T> Deserialize<'de> for Section<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl Visitor<'_> for Bytes {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an encoded config section")
            }
            fn visit_bytes<E>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
                Ok(bytes.to_vec())
            }
            fn visit_byte_buf<E>(self, bytes: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(bytes)
            }
        }
        let encoded = deserializer.deserialize_byte_buf(Bytes)?;
        Ok(Section { encoded, decoded: OnceCell::new() })
    }
}

impl<T> Clone for Section<T> {
    fn clone(&self) -> Self {
        // The clone decodes again if it is read; clones are rare (tests).
        Section { encoded: self.encoded.clone(), decoded: OnceCell::new() }
    }
}

/// Two sections are equal when their encodings are: postcard writes one
/// value one way.
impl<T> PartialEq for Section<T> {
    fn eq(&self, other: &Self) -> bool {
        self.encoded == other.encoded
    }
}

impl<T> Eq for Section<T> {}

/// The size, not the content: printing must not decode (or fail to).
impl<T> fmt::Debug for Section<T> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "Section({} bytes)", self.encoded.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_section_round_trips_and_decodes_only_when_read() {
        let section = Section::new(vec![String::from("prep"), String::from("hold")]);
        let bytes = postcard::to_allocvec(&(7u8, &section)).unwrap();
        let (tag, back): (u8, Section<Vec<String>>) = postcard::from_bytes(&bytes).unwrap();
        assert_eq!(tag, 7);
        assert!(back.decoded.get().is_none(), "not decoded until read");
        assert_eq!(back.get(), &["prep", "hold"]);
        assert_eq!(back, section);
    }

    #[test]
    #[should_panic(expected = "unreadable")]
    fn a_corrupt_section_fails_loudly_when_read() {
        let section: Section<Vec<String>> = Section { encoded: vec![5, 1], decoded: OnceCell::new() };
        section.get();
    }
}
