//! Identification: the name and date of birth given, checked against the
//! practice's directory through the host (with the caller's number to
//! strengthen the match).
//!
//! Whatever the directory says, the caller hears the same thing ("Thank
//! you.") and the conversation goes on the same way: whether someone is a
//! patient is never revealed. The outcome only decides what goes on the
//! record (a patient id, or "unverified" with the details as given) and
//! whether a recorded prior-authorization status can be read out.

use switchboard_common::parse::{DateOfBirth, date_of_birth, yes_no};
use switchboard_sdk::patients::LookupQuery;

use super::{Identity, Listen, Slot, Stage, Task, TurnCtx, extract, replies};
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

    /// A "yes" (or "refill") to the refill just offered after an
    /// early-refill or lost-medication answer: the request begins, with the
    /// medication that message named.
    pub(super) fn takes_up_refill_offer(&mut self, offer: Option<String>) -> bool {
        let Some(medication) = offer else { return false };
        if yes_no(self.text(), Some(self.digits)) != Some(true) {
            // Kept for a name that may come instead.
            self.state.refill_offer = Some(medication);
            return false;
        }
        self.begin_offered_refill(medication);
        true
    }

    /// Outside a form, a message that is only who the patient is ("Linh
    /// Nguyen", "12/5/1990", "me llamo María García"): they are answering
    /// the question they expect next. After a refill offer it takes the
    /// offer up; otherwise it is kept for the request that follows, and
    /// they are asked what they need — never "I didn't understand".
    pub(super) fn volunteered_identity(&mut self) -> bool {
        if !matches!(self.state.stage, Stage::New | Stage::Menu | Stage::AnythingElse)
            || super::is_acknowledgement(self.tokens())
        {
            return false;
        }
        // A refill offer not taken up by a "yes" may be taken up by a name.
        let offer = self.state.refill_offer.take();
        let text = self.text();
        let name = extract::name(text, true);
        let dob = match date_of_birth(text, self.today) {
            DateOfBirth::Found(date) => Some(date.iso()),
            _ => None,
        };
        if name.is_none() && dob.is_none() {
            self.state.refill_offer = offer;
            return false;
        }
        if name.is_some() {
            self.state.volunteered.0 = name;
        }
        if dob.is_some() {
            self.state.volunteered.1 = dob;
        }
        match offer {
            Some(medication) => self.begin_offered_refill(medication),
            None => {
                self.say(replies::THANK_YOU);
                self.ask(replies::WHAT_TODAY, Listen::Menu);
            }
        }
        true
    }

    /// Outside a form, who the patient says they are beside a request
    /// ("yeah this is James Whitfield, I need my oxycodone early",
    /// "May 17 1962" after a new-card hand-over): kept for the request that
    /// follows, so it never asks again. Not when a relative introduces
    /// themselves ("this is Frank Baker, my wife Dorothy…").
    pub(super) fn note_introduction(&mut self) {
        if matches!(self.state.stage, Stage::Form | Stage::Booking) || extract::caregiver_intro(self.tokens()) {
            return;
        }
        if self.state.volunteered.0.is_none()
            && let Some(name) = extract::name(self.text(), false)
        {
            self.state.volunteered.0 = Some(name);
        }
        if self.state.volunteered.1.is_none()
            && let DateOfBirth::Found(date) = date_of_birth(self.text(), self.today)
        {
            self.state.volunteered.1 = Some(date.iso());
        }
    }

    fn begin_offered_refill(&mut self, medication: String) {
        self.start(Task::Refill);
        if !medication.is_empty() {
            self.state.form.set(Slot::Medication, medication);
        }
        self.fill(true);
    }
}
