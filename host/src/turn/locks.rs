//! Turns of one conversation run one at a time (state is read, changed and
//! written back). A fixed set of striped async locks keeps that cheap
//! without a lock per conversation.

use std::hash::{Hash, Hasher};

use tokio::sync::{Mutex, MutexGuard};

const STRIPES: usize = 1024;

pub struct ConversationLocks {
    stripes: Vec<Mutex<()>>,
}

impl ConversationLocks {
    pub fn new() -> Self {
        ConversationLocks { stripes: (0..STRIPES).map(|_| Mutex::new(())).collect() }
    }

    pub async fn lock(&self, practice: &str, conversation: &str) -> MutexGuard<'_, ()> {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (practice, conversation).hash(&mut hasher);
        self.stripes[(hasher.finish() as usize) % STRIPES].lock().await
    }
}
