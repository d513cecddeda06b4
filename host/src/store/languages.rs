//! The language each patient number last used with a practice, so a new
//! conversation starts in it (`crate::language`).

use super::{Result, Store, keys};
use crate::language::Language;

impl Store {
    pub fn caller_language(&self, practice: &str, number: &str) -> Result<Option<Language>> {
        let value = self.trees.languages.get(keys::scoped(practice, number.as_bytes()))?;
        Ok(value.and_then(|v| std::str::from_utf8(&v).ok().and_then(Language::from_tag)))
    }

    pub fn set_caller_language(&self, practice: &str, number: &str, language: Language) -> Result<()> {
        self.trees.languages.insert(keys::scoped(practice, number.as_bytes()), language.tag().as_bytes())?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_remembers_its_language_per_practice() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        assert_eq!(store.caller_language("demo", "+15550100001").unwrap(), None);
        store.set_caller_language("demo", "+15550100001", Language::Spanish).unwrap();
        assert_eq!(store.caller_language("demo", "+15550100001").unwrap(), Some(Language::Spanish));
        assert_eq!(store.caller_language("other", "+15550100001").unwrap(), None);
    }
}
