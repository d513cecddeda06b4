//! The last emergency each patient number reported to a practice, so that
//! a call back minutes later ("it's pretty bad right now", after the first
//! call was ended with "hang up and call 911") hears the instruction again
//! (`crate::safety::recall`).

use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError, keys};

/// An emergency reported from a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentEmergency {
    /// The safety criterion (`chest-pain`, `suicide`, …).
    pub criterion: String,
    pub at: i64,
    /// Whether it was reported in Spanish.
    #[serde(default)]
    pub spanish: bool,
}

impl Store {
    pub fn recent_emergency(&self, practice: &str, number: &str) -> Result<Option<RecentEmergency>> {
        let Some(value) = self.trees.recent_emergencies.get(keys::scoped(practice, number.as_bytes()))? else {
            return Ok(None);
        };
        serde_json::from_slice(&value).map(Some).map_err(|e| StoreError::Corrupt(format!("recent emergency: {e}")))
    }

    pub fn set_recent_emergency(&self, practice: &str, number: &str, emergency: &RecentEmergency) -> Result<()> {
        let value = serde_json::to_vec(emergency).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.trees.recent_emergencies.insert(keys::scoped(practice, number.as_bytes()), value)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_keeps_its_last_emergency_per_practice() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let e = RecentEmergency { criterion: "chest-pain".into(), at: 5, spanish: false };
        store.set_recent_emergency("demo", "+15550100001", &e).unwrap();
        assert_eq!(store.recent_emergency("demo", "+15550100001").unwrap(), Some(e));
        assert_eq!(store.recent_emergency("other", "+15550100001").unwrap(), None);
    }
}
