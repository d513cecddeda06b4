//! `patients`: identification against the practice's directory, held by
//! the host. The plugin learns only an id and a first name on an exact
//! match; "no match" and "ambiguous" look the same to it.

use super::HostState;
use crate::patients_csv::is_iso_date;
use crate::runtime::bindings::{Capability, HostError, switchboard::plugin::patients};

const MAX_NAME_CHARS: usize = 200;

impl patients::Host for HostState {
    fn lookup(
        &mut self,
        query: patients::LookupQuery,
    ) -> wasmtime::Result<Result<Option<patients::Patient>, HostError>> {
        if let Err(e) = self.require(Capability::Patients) {
            return Ok(Err(e));
        }
        if query.full_name.chars().count() > MAX_NAME_CHARS {
            return Ok(Err(HostError::Invalid(format!("a name is at most {MAX_NAME_CHARS} characters"))));
        }
        if !is_iso_date(&query.date_of_birth) {
            return Ok(Err(HostError::Invalid("date-of-birth must be a date like 1971-03-14".into())));
        }
        let Some(store) = &self.store else {
            return Ok(Err(HostError::Unavailable("no patient directory outside a practice".into())));
        };
        let found = store.find_patient(
            &self.ctx.practice_id,
            &query.full_name,
            &query.date_of_birth,
            query.phone.as_deref(),
        )?;
        Ok(Ok(found.map(|m| patients::Patient { id: m.id, given_name: m.given_name, phone_matches: m.phone_matches })))
    }
}
