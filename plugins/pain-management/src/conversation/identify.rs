//! Identification: the name and date of birth given, checked against the
//! practice's directory through the host (with the caller's number to
//! strengthen the match).
//!
//! Whatever the directory says, the caller hears the same thing ("Thank
//! you.") and the conversation goes on the same way: whether someone is a
//! patient is never revealed. The outcome only decides what goes on the
//! record (a patient id, or "unverified" with the details as given) and
//! whether a recorded prior-authorization status can be read out.

use switchboard_sdk::patients::LookupQuery;

use super::{Identity, Slot, TurnCtx};
use crate::host::Host;

/// Directory lookups per conversation: enough to correct a typo, too few
/// to try names or birthdays one after another.
const MAX_LOOKUPS: u8 = 3;

impl<H: Host> TurnCtx<'_, H> {
    /// Look the caller up once both name and date of birth are known.
    pub(super) fn identify_if_ready(&mut self) {
        if self.state.identity != Identity::Unchecked {
            return;
        }
        let form = &self.state.form;
        let (Some(name), Some(dob)) = (form.get(Slot::Name), form.get(Slot::DateOfBirth)) else { return };
        let (name, dob) = (name.to_owned(), dob.to_owned());
        self.just_identified = true;
        if self.state.lookups >= MAX_LOOKUPS {
            self.state.identity = Identity::Unmatched;
            return;
        }
        self.state.lookups += 1;
        let phone = switchboard_common::phone::is_e164(&self.turn.caller).then(|| self.turn.caller.clone());
        let mut candidates = vec![name.clone()];
        // "Maria Elena Gonzalez" may be filed as "Maria Gonzalez".
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() >= 3 {
            candidates.push(format!("{} {}", words[0], words[words.len() - 1]));
        }
        // A failed lookup is treated as no match: the caller is helped the
        // same way, and staff verify from the record.
        self.state.identity = candidates
            .into_iter()
            .find_map(|full_name| {
                let query = LookupQuery { full_name, date_of_birth: dob.clone(), phone: phone.clone() };
                self.host.lookup_patient(&query).ok().flatten()
            })
            .map_or(Identity::Unmatched, |p| Identity::Matched { id: p.id, phone_matches: p.phone_matches });
    }
}
