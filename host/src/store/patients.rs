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
    crate::names::normalize(name)
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

    /// Identification: the date of birth exactly, and the name as people
    /// write it (`crate::names`). The closest kind of name match wins; a
    /// single slip of the keyboard counts only when the caller's number is
    /// on file for that patient. Two patients equally close are told apart
    /// by the caller's number, or not at all: `None` when nobody matches
    /// or the match is ambiguous.
    pub fn find_patient(
        &self,
        practice: &str,
        full_name: &str,
        date_of_birth: &str,
        phone: Option<&str>,
    ) -> Result<Option<PatientMatch>> {
        use crate::names::{NameMatch, compare};
        let mut candidates: Vec<(NameMatch, PatientMatch)> = Vec::new();
        for patient in self.patients(practice)? {
            if patient.date_of_birth != date_of_birth {
                continue;
            }
            let Some(closeness) = compare(full_name, &patient.given_name, &patient.family_name) else { continue };
            let phone_matches = phone.is_some_and(|p| patient.phones.iter().any(|on_file| on_file == p));
            if closeness == NameMatch::Typo && !phone_matches {
                continue;
            }
            candidates
                .push((closeness, PatientMatch { id: patient.id, given_name: patient.given_name, phone_matches }));
        }
        let Some(closest) = candidates.iter().map(|(c, _)| *c).min() else { return Ok(None) };
        let mut best: Vec<PatientMatch> =
            candidates.into_iter().filter(|(c, _)| *c == closest).map(|(_, m)| m).collect();
        if best.len() > 1 {
            best.retain(|m| m.phone_matches);
        }
        Ok(if best.len() == 1 { best.pop() } else { None })
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

    /// Remove every prior-authorization record of the practice.
    pub fn clear_prior_auths(&self, practice: &str) -> Result<()> {
        let mut batch = sled::Batch::default();
        for key in self.trees.prior_auths.scan_prefix(keys::prefix(practice)).keys() {
            batch.remove(key?);
        }
        self.trees.prior_auths.apply_batch(batch)?;
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
    fn names_as_people_type_them_find_the_patient_and_a_slip_needs_the_number() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let robert = PatientRecord {
            id: "p2".into(),
            given_name: "Robert".into(),
            family_name: "O'Neill".into(),
            date_of_birth: "1958-11-02".into(),
            phones: vec!["+15550199002".into()],
        };
        let garcia = PatientRecord {
            id: "p3".into(),
            given_name: "María".into(),
            family_name: "García López".into(),
            date_of_birth: "1980-06-01".into(),
            phones: vec![],
        };
        store.put_patients("demo", &[maria(), robert, garcia], true).unwrap();
        let find = |name: &str, dob: &str, phone: Option<&str>| {
            store.find_patient("demo", name, dob, phone).unwrap().map(|m| m.id)
        };
        for name in ["Robert ONeill", "robert o neill", "ONEILL, ROBERT", "Robert J ONeill"] {
            assert_eq!(find(name, "1958-11-02", None).as_deref(), Some("p2"), "{name}");
        }
        for name in ["Maria Garcia", "maria garcia-lopez", "María García López"] {
            assert_eq!(find(name, "1980-06-01", None).as_deref(), Some("p3"), "{name}");
        }
        // One slip: only with the number on file.
        assert_eq!(find("Maria Gonzales", "1971-03-14", None), None);
        assert_eq!(find("Maria Gonzales", "1971-03-14", Some("+15550000000")), None);
        assert_eq!(find("Maria Gonzales", "1971-03-14", Some("+15550199001")).as_deref(), Some("p1"));
    }

    #[test]
    fn equally_close_patients_are_told_apart_by_the_number_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let cousin = PatientRecord {
            id: "p9".into(),
            family_name: "González Ruiz".into(),
            phones: vec!["+15550199009".into()],
            ..maria()
        };
        let other = PatientRecord { id: "p8".into(), family_name: "González Díaz".into(), phones: vec![], ..maria() };
        store.put_patients("demo", &[cousin, other], true).unwrap();
        let find = |phone| store.find_patient("demo", "Maria Gonzalez", "1971-03-14", phone).unwrap().map(|m| m.id);
        assert_eq!(find(None), None, "two patients share the first surname");
        assert_eq!(find(Some("+15550199009")).as_deref(), Some("p9"));
        // The exact name beats a variant without any number.
        store.put_patients("demo", &[maria()], false).unwrap();
        assert_eq!(find(None).as_deref(), Some("p1"));
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
