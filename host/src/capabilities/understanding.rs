//! `understanding`: semantic matching for plugins, computed by the host
//! with the sentence model `switchboard-understanding` bundles (offline,
//! deterministic, pure Rust).
//!
//! A plugin passes its labelled examples with every call (it keeps nothing
//! between turns), usually the same list every turn. Embedding them is
//! most of the cost, so the embedded set is kept in a small LRU keyed by
//! practice, plugin and a SHA-256 of the examples: a repeated list costs a
//! hash and the utterance. The key includes the practice so one practice's
//! calls never hit (or time) another's entries; the digest alone decides
//! what a set contains, so a hit is always the same examples.

use std::sync::{Arc, Mutex, OnceLock};

use sha2::{Digest, Sha256};
use switchboard_understanding::{Example, ExampleSet};

use super::{Grants, HostState, UNDERSTANDING};
use crate::runtime::bindings::{HostError, switchboard::plugin::understanding as u};

/// The bounds the contract documents (`wit/understanding.wit`).
pub const MAX_EXAMPLES: usize = 500;
pub const MAX_LABEL_CHARS: usize = 100;
pub const MAX_TEXT_CHARS: usize = 2_000;
pub const MAX_UTTERANCE_CHARS: usize = 2_000;

/// Embedded sets kept, and examples across them (an example costs its
/// text and a 128-float vector, so this is a few MB at most).
const CACHE_SETS: usize = 64;
const CACHE_EXAMPLES: usize = 20_000;

impl u::Host for HostState {
    fn classify(
        &mut self,
        utterance: String,
        examples: Vec<u::LabelledExample>,
    ) -> wasmtime::Result<Result<Vec<u::LabelScore>, HostError>> {
        if !self.ctx.grants.contains(Grants::UNDERSTANDING) {
            return Ok(Err(HostError::Denied(format!("the practice has not granted {UNDERSTANDING}"))));
        }
        if let Err(e) = check(&utterance, &examples) {
            return Ok(Err(e));
        }
        if examples.is_empty() {
            return Ok(Ok(Vec::new()));
        }
        let set = example_set(&self.ctx.practice_id, &self.ctx.actor, examples);
        let matched = set.classify(switchboard_understanding::bundled(), &utterance);
        Ok(Ok(matched
            .scores
            .into_iter()
            .map(|s| u::LabelScore { label: s.label, score: s.score, example: s.example as u32 })
            .collect()))
    }
}

/// The contract's bounds; the first one broken, as `invalid`.
fn check(utterance: &str, examples: &[u::LabelledExample]) -> Result<(), HostError> {
    let invalid = |message: String| Err(HostError::Invalid(message));
    if examples.len() > MAX_EXAMPLES {
        return invalid(format!("{} examples (at most {MAX_EXAMPLES})", examples.len()));
    }
    let chars = utterance.chars().count();
    if chars > MAX_UTTERANCE_CHARS {
        return invalid(format!("an utterance of {chars} characters (at most {MAX_UTTERANCE_CHARS})"));
    }
    for (i, e) in examples.iter().enumerate() {
        let label = e.label.chars().count();
        if label == 0 || label > MAX_LABEL_CHARS {
            return invalid(format!("example {i} has a label of {label} characters (1 to {MAX_LABEL_CHARS})"));
        }
        let text = e.text.chars().count();
        if text > MAX_TEXT_CHARS {
            return invalid(format!("example {i} has a text of {text} characters (at most {MAX_TEXT_CHARS})"));
        }
        if e.text.trim().is_empty() {
            return invalid(format!("example {i} has no text"));
        }
    }
    Ok(())
}

#[derive(Clone, PartialEq, Eq)]
struct Key {
    practice: String,
    plugin: String,
    digest: [u8; 32],
}

struct Entry {
    key: Key,
    set: Arc<ExampleSet>,
    used: u64,
}

#[derive(Default)]
struct Cache {
    entries: Vec<Entry>,
    clock: u64,
}

impl Cache {
    fn get(&mut self, key: &Key) -> Option<Arc<ExampleSet>> {
        self.clock += 1;
        let entry = self.entries.iter_mut().find(|e| e.key == *key)?;
        entry.used = self.clock;
        Some(entry.set.clone())
    }

    fn insert(&mut self, key: Key, set: Arc<ExampleSet>) {
        if set.len() > CACHE_EXAMPLES || self.entries.iter().any(|e| e.key == key) {
            return;
        }
        self.clock += 1;
        self.entries.push(Entry { key, set, used: self.clock });
        while self.entries.len() > CACHE_SETS || self.examples() > CACHE_EXAMPLES {
            let oldest = self.entries.iter().enumerate().min_by_key(|(_, e)| e.used).map(|(i, _)| i);
            match oldest {
                Some(i) => drop(self.entries.swap_remove(i)),
                None => break,
            }
        }
    }

    fn examples(&self) -> usize {
        self.entries.iter().map(|e| e.set.len()).sum()
    }
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// The examples embedded, from the cache or now. Embedding happens outside
/// the lock; two turns racing on a new list both embed it, and one copy is
/// kept.
fn example_set(practice: &str, plugin: &str, examples: Vec<u::LabelledExample>) -> Arc<ExampleSet> {
    let key = Key { practice: practice.to_string(), plugin: plugin.to_string(), digest: digest(&examples) };
    // A panic elsewhere while holding the lock leaves a usable cache.
    if let Some(set) = cache().lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
        return set;
    }
    let examples = examples.into_iter().map(|e| Example { label: e.label, text: e.text }).collect();
    let set = Arc::new(ExampleSet::new(switchboard_understanding::bundled(), examples));
    cache().lock().unwrap_or_else(|e| e.into_inner()).insert(key, set.clone());
    set
}

/// SHA-256 of the examples, each field length-prefixed so no two lists
/// share an encoding.
fn digest(examples: &[u::LabelledExample]) -> [u8; 32] {
    let mut hash = Sha256::new();
    hash.update((examples.len() as u64).to_le_bytes());
    for e in examples {
        for field in [&e.label, &e.text] {
            hash.update((field.len() as u64).to_le_bytes());
            hash.update(field.as_bytes());
        }
    }
    hash.finalize().into()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::actions::Channel;
    use crate::capabilities::TurnContext;
    use crate::runtime::bindings::Capability;
    use crate::runtime::bindings::switchboard::plugin::understanding::Host as _;
    use crate::runtime::limits::TurnLimits;

    fn state(practice: &str, grants: Grants) -> HostState {
        let mut ctx = TurnContext::detached("plugin:test@1".into(), 42);
        ctx.channel = Some(Channel::Sms);
        ctx.grants = grants;
        ctx.practice_id = practice.into();
        HostState::new(ctx, Arc::new(TurnLimits::default()), None)
    }

    fn granted(practice: &str) -> HostState {
        state(practice, Grants::from_capabilities(&[Capability::Texts]).union(Grants::UNDERSTANDING))
    }

    fn ex(label: &str, text: &str) -> u::LabelledExample {
        u::LabelledExample { label: label.into(), text: text.into() }
    }

    fn examples() -> Vec<u::LabelledExample> {
        vec![
            ex("chest-pain", "crushing pressure in my chest"),
            ex("chest-pain", "my chest is tight and my left arm hurts"),
            ex("hours", "what time do you open"),
            ex("hours", "are you open on the weekend"),
            ex("refill", "i need a refill of my medication"),
            ex("refill", "i ran out of my pain pills"),
        ]
    }

    #[test]
    fn a_paraphrase_scores_its_own_label_first() {
        let mut host = granted("understanding-paraphrase");
        let scores = host.classify("it feels like something heavy is squeezing my chest".into(), examples());
        let scores = scores.unwrap().unwrap();
        assert_eq!(scores[0].label, "chest-pain", "{scores:?}");
        assert_eq!(scores.len(), 3, "one score per label");
        assert!(scores.windows(2).all(|w| w[0].score >= w[1].score), "best first");
        assert!(scores.iter().all(|s| (-1.0..=1.0).contains(&s.score)));
        assert!(scores[0].example < 2, "the example is one of the label's own");

        let scores = host.classify("my prescription is almost empty".into(), examples()).unwrap().unwrap();
        assert_eq!(scores[0].label, "refill", "{scores:?}");
        let again = host.classify("my prescription is almost empty".into(), examples()).unwrap().unwrap();
        assert_eq!(format!("{scores:?}"), format!("{again:?}"), "deterministic");
    }

    #[test]
    fn without_the_grant_it_is_denied() {
        let every_declared = Grants::from_capabilities(&crate::capabilities::CAPABILITIES);
        let mut host = state("understanding-denied", every_declared);
        let result = host.classify("my chest hurts".into(), examples()).unwrap();
        assert!(matches!(result, Err(HostError::Denied(ref m)) if m.contains("understanding")), "{result:?}");
    }

    #[test]
    fn a_practice_grants_understanding_by_name_or_by_granting_everything() {
        let policy = |grants: Option<&[&str]>| crate::store::PluginPolicy {
            grants: grants.map(|g| g.iter().map(|n| n.to_string()).collect()),
            ..Default::default()
        };
        assert!(Grants::from_policy(&policy(None)).contains(Grants::UNDERSTANDING));
        assert!(!Grants::from_policy(&policy(Some(&["texts", "calls"]))).contains(Grants::UNDERSTANDING));
        let named = Grants::from_policy(&policy(Some(&["texts", UNDERSTANDING])));
        assert!(named.contains(Grants::UNDERSTANDING) && named.allows(Capability::Texts));
        assert!(!named.allows(Capability::Calls));
        assert!(crate::capabilities::is_grant_name(UNDERSTANDING));
        // Undeclared: what a plugin's `describe` lists never carries it.
        assert!(!Grants::from_capabilities(&crate::capabilities::CAPABILITIES).contains(Grants::UNDERSTANDING));
    }

    #[test]
    fn the_bounds_answer_invalid() {
        let mut host = granted("understanding-bounds");
        let many: Vec<_> = (0..=MAX_EXAMPLES).map(|i| ex("a", &format!("example {i}"))).collect();
        let result = host.classify("hello".into(), many).unwrap();
        assert!(matches!(result, Err(HostError::Invalid(ref m)) if m.contains("501 examples")), "{result:?}");

        let exactly: Vec<_> = (0..MAX_EXAMPLES).map(|i| ex(&format!("l{}", i % 7), &format!("example {i}"))).collect();
        assert_eq!(host.classify("example 3".into(), exactly).unwrap().unwrap().len(), 7);

        let long = "word ".repeat(MAX_TEXT_CHARS / 5 + 1);
        let cases = [
            (long.clone(), vec![ex("a", "b")]),
            ("hi".into(), vec![ex("a", &long)]),
            ("hi".into(), vec![ex("", "text")]),
            ("hi".into(), vec![ex(&"l".repeat(MAX_LABEL_CHARS + 1), "text")]),
            ("hi".into(), vec![ex("a", "  \n")]),
        ];
        for (utterance, examples) in cases {
            let result = host.classify(utterance, examples).unwrap();
            assert!(matches!(result, Err(HostError::Invalid(_))), "{result:?}");
        }
        assert!(host.classify("hi".into(), Vec::new()).unwrap().unwrap().is_empty(), "no examples, no labels");
    }

    #[test]
    fn the_same_examples_are_embedded_once_per_practice_and_plugin() {
        let first = example_set("understanding-cache", "plugin:a@1", examples());
        let second = example_set("understanding-cache", "plugin:a@1", examples());
        assert!(Arc::ptr_eq(&first, &second), "the second call reuses the embedded set");
        let other_practice = example_set("understanding-cache-2", "plugin:a@1", examples());
        assert!(!Arc::ptr_eq(&first, &other_practice), "practices do not share entries");
        let mut changed = examples();
        changed[0].text.push('!');
        let changed = example_set("understanding-cache", "plugin:a@1", changed);
        assert!(!Arc::ptr_eq(&first, &changed), "other examples are another entry");
    }

    #[test]
    fn the_cache_evicts_the_least_recently_used() {
        let set = |n: usize| {
            let examples = (0..n).map(|i| Example { label: "a".into(), text: format!("text {i}") }).collect();
            Arc::new(ExampleSet::new(switchboard_understanding::bundled(), examples))
        };
        let key = |i: usize| Key { practice: "p".into(), plugin: "q".into(), digest: [i as u8; 32] };
        let mut cache = Cache::default();
        for i in 0..CACHE_SETS {
            cache.insert(key(i), set(1));
        }
        assert!(cache.get(&key(0)).is_some(), "touch the oldest");
        cache.insert(key(CACHE_SETS), set(1));
        assert_eq!(cache.entries.len(), CACHE_SETS);
        assert!(cache.get(&key(0)).is_some(), "recently used, kept");
        assert!(cache.get(&key(1)).is_none(), "least recently used, evicted");
        cache.insert(key(200), set(CACHE_EXAMPLES - 10));
        assert!(cache.examples() <= CACHE_EXAMPLES);
        assert!(cache.get(&key(200)).is_some(), "the newest stays");
    }
}
