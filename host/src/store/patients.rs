//! The practice's patient directory and the prior-authorization records
//! staff keep. Identification is exact on date of birth and on the
//! normalised full name; an ambiguous match is no match.

use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError, decode, encode, keys};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PatientRecord {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    /// `YYYY-MM-DD`.
    pub date_of_birth: String,
    /// E.164 numbers on file.
    pub phones: Vec<String>,
}

/// One patient found by name and date of birth.
#[derive(Debug, Clone, PartialEq)]
pub struct PatientMatch {
    pub id: String,
    pub given_name: String,
    pub phone_matches: bool,
}

/// What staff recorded about a prior authorization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorAuthRecord {
    pub patient_id: String,
    /// The practice's procedure code, e.g. `lumbar-esi`.
    pub procedure: String,
    /// not-required, not-started, submitted, pending-payer, approved, denied, expired
    pub status: String,
    pub note: Option<String>,
    pub updated_at: i64,
    pub updated_by: String,
}

pub const PRIOR_AUTH_STATUSES: &[&str] =
    &["not-required", "not-started", "submitted", "pending-payer", "approved", "denied", "expired"];

/// Lowercase letters and digits only, words separated by one space:
/// "  GONZÁLEZ, Maria " and "maria gonzalez" compare by their words.
pub fn normalize_name(name: &str) -> String {
    let folded: String = name
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_accent)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn fold_accent(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
        'é' | 'è' | 'ê' | 'ë' => 'e',
        'í' | 'ì' | 'î' | 'ï' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' => 'o',
        'ú' | 'ù' | 'û' | 'ü' => 'u',
        'ñ' => 'n',
        'ç' => 'c',
        other => other,
    }
}

/// The name's words as a sorted multiset, so "Gonzalez Maria" matches too.
fn name_key(name: &str) -> Vec<String> {
    let mut words: Vec<String> =
        normalize_name(name).split(' ').filter(|w| !w.is_empty()).map(str::to_string).collect();
    words.sort();
    words
}

impl Store {
    /// Replace (`replace`) or extend the practice's directory.
    pub fn put_patients(&self, practice: &str, patients: &[PatientRecord], replace: bool) -> Result<usize> {
        let mut batch = sled::Batch::default();
        if replace {
            for key in self.trees.patients.scan_prefix(keys::prefix(practice)).keys() {
                batch.remove(key?);
            }
        }
        for patient in patients {
            batch.insert(keys::scoped(practice, patient.id.as_bytes()), encode(patient));
        }
        self.trees.patients.apply_batch(batch)?;
        Ok(patients.len())
    }

    pub fn patients(&self, practice: &str) -> Result<Vec<PatientRecord>> {
        self.trees.patients.scan_prefix(keys::prefix(practice)).map(|kv| decode(&kv?.1)).collect()
    }

    pub fn patient(&self, practice: &str, id: &str) -> Result<Option<PatientRecord>> {
        self.trees.patients.get(keys::scoped(practice, id.as_bytes()))?.map(|v| decode(&v)).transpose()
    }

    /// Exact identification; `None` when nobody or more than one matches.
    pub fn find_patient(
        &self,
        practice: &str,
        full_name: &str,
        date_of_birth: &str,
        phone: Option<&str>,
    ) -> Result<Option<PatientMatch>> {
        let wanted = name_key(full_name);
        if wanted.is_empty() {
            return Ok(None);
        }
        let mut found = None;
        for patient in self.patients(practice)? {
            let full = format!("{} {}", patient.given_name, patient.family_name);
            if patient.date_of_birth == date_of_birth && name_key(&full) == wanted {
                if found.is_some() {
                    return Ok(None);
                }
                let phone_matches = phone.is_some_and(|p| patient.phones.iter().any(|on_file| on_file == p));
                found = Some(PatientMatch { id: patient.id, given_name: patient.given_name, phone_matches });
            }
        }
        Ok(found)
    }

    pub fn put_prior_auth(&self, practice: &str, record: &PriorAuthRecord) -> Result<()> {
        if !PRIOR_AUTH_STATUSES.contains(&record.status.as_str()) {
            return Err(StoreError::Invalid(format!(
                "prior-authorization status must be one of {}",
                PRIOR_AUTH_STATUSES.join(", ")
            )));
        }
        let key = keys::scoped(practice, format!("{}\0{}", record.patient_id, record.procedure).as_bytes());
        self.trees.prior_auths.insert(key, encode(record))?;
        Ok(())
    }

    pub fn prior_auth(&self, practice: &str, patient: &str, procedure: &str) -> Result<Option<PriorAuthRecord>> {
        let key = keys::scoped(practice, format!("{patient}\0{procedure}").as_bytes());
        self.trees.prior_auths.get(key)?.map(|v| decode(&v)).transpose()
    }

    /// A patient's prior authorizations.
    pub fn prior_auths_for(&self, practice: &str, patient: &str) -> Result<Vec<PriorAuthRecord>> {
        let prefix = keys::scoped(practice, format!("{patient}\0").as_bytes());
        self.trees.prior_auths.scan_prefix(prefix).map(|kv| decode(&kv?.1)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn maria() -> PatientRecord {
        PatientRecord {
            id: "p1".into(),
            given_name: "Maria".into(),
            family_name: "González".into(),
            date_of_birth: "1971-03-14".into(),
            phones: vec!["+15550199001".into()],
        }
    }

    #[test]
    fn identification_is_exact_on_birth_date_and_forgiving_on_name_spelling() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        store.put_patients("demo", &[maria()], true).unwrap();
        for name in ["Maria Gonzalez", "maria gonzález", "GONZALEZ, MARIA", " maria   gonzalez. "] {
            let found = store.find_patient("demo", name, "1971-03-14", Some("+15550199001")).unwrap();
            assert_eq!(found.as_ref().map(|m| m.id.as_str()), Some("p1"), "{name}");
            assert!(found.unwrap().phone_matches);
        }
        assert_eq!(store.find_patient("demo", "Maria Gonzalez", "1971-03-15", None).unwrap(), None);
        assert_eq!(store.find_patient("demo", "Mario Gonzalez", "1971-03-14", None).unwrap(), None);
        assert_eq!(store.find_patient("demo", "", "1971-03-14", None).unwrap(), None);
        assert_eq!(
            store.find_patient("other", "Maria Gonzalez", "1971-03-14", None).unwrap(),
            None,
            "practices are separate"
        );
        let found = store.find_patient("demo", "Maria Gonzalez", "1971-03-14", Some("+15550000000")).unwrap().unwrap();
        assert!(!found.phone_matches);
    }

    #[test]
    fn an_ambiguous_match_is_no_match() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let twin = PatientRecord { id: "p2".into(), ..maria() };
        store.put_patients("demo", &[maria(), twin], true).unwrap();
        assert_eq!(store.find_patient("demo", "Maria Gonzalez", "1971-03-14", None).unwrap(), None);
    }
}
