//! Key layout. Practice-scoped keys are `practice-id NUL rest`; practice ids
//! never contain NUL (validated on creation), so one practice's prefix can
//! never match another's keys. Numbers are big-endian so keys sort by them.

pub fn scoped(practice: &str, rest: &[u8]) -> Vec<u8> {
    let mut key = Vec::with_capacity(practice.len() + 1 + rest.len());
    key.extend_from_slice(practice.as_bytes());
    key.push(0);
    key.extend_from_slice(rest);
    key
}

pub fn prefix(practice: &str) -> Vec<u8> {
    scoped(practice, &[])
}

pub fn conversation(practice: &str, conversation: &str) -> Vec<u8> {
    scoped(practice, conversation.as_bytes())
}

pub fn turn(practice: &str, conversation: &str, seq: u32) -> Vec<u8> {
    let mut rest = conversation.as_bytes().to_vec();
    rest.push(0);
    rest.extend_from_slice(&seq.to_be_bytes());
    scoped(practice, &rest)
}

pub fn numbered(practice: &str, n: u64) -> Vec<u8> {
    scoped(practice, &n.to_be_bytes())
}
