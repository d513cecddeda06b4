//! Running a task's form (`switchboard_common::form`) turn by turn.
//!
//! Every message is searched for every answer the task needs, so "Maria
//! Gonzalez, 3/14/71, oxycodone, CVS on Main" fills four slots at once;
//! only the question actually asked accepts a free-form ("loose") answer.
//! A message that answers nothing and was not handled otherwise (a policy
//! question, a medication question) is a failed try: the question is asked
//! again in different words, and after the practice's number of failed
//! tries a person takes over. "No, it's Walgreens" corrects an answer.

use switchboard_common::form::{Step, is_correction, wording};
use switchboard_common::parse::{DateOfBirth, date_of_birth, yes_no};
use switchboard_common::phone;

use super::intents::Aux;
use super::{CallbackReason, Identity, Listen, Slot, Stage, Task, TurnCtx, extract, replies};
use crate::host::Host;

impl<H: Host> TurnCtx<'_, H> {
    /// Begin collecting for `task`; the message that started it is also
    /// searched for answers.
    pub(super) fn start(&mut self, task: Task) {
        self.state.task = Some(task);
        self.state.stage = Stage::Form;
        self.state.form = Default::default();
        // Who the patient said they are, for a second request.
        if self.state.identity != Identity::Unchecked
            && let Some((name, dob)) = self.state.given_identity.clone()
        {
            self.state.form.set(Slot::Name, name);
            self.state.form.set(Slot::DateOfBirth, dob);
        }
        // Or what they volunteered before asking for anything.
        let (name, dob) = core::mem::take(&mut self.state.volunteered);
        if let Some(name) = name {
            self.state.form.set(Slot::Name, name);
        }
        if let Some(dob) = dob {
            self.state.form.set(Slot::DateOfBirth, dob);
        }
        self.state.auth_status = None;
        self.state.callback_rejected = false;
    }

    /// Take this message's answers and ask for what is still missing.
    /// `handled`: the message was answered otherwise (no failed try).
    pub(super) fn fill(&mut self, handled: bool) {
        let Some(task) = self.state.task else {
            self.state.stage = Stage::Menu;
            return self.reprompt();
        };
        let (answers, mut progressed, implausible_date) = self.answers(task, handled);
        // "I'm his daughter Karen" to "what is your name?": the patient's.
        let caregiver = self.state.form.asked() == Some(Slot::Name)
            && !answers.iter().any(|(s, _)| *s == Slot::Name)
            && extract::caregiver_intro(self.tokens());
        progressed |= caregiver;
        // Only an answer already given can be corrected.
        let correcting = self.state.form.any_filled() && is_correction(self.tokens());
        let offered = self.state.form.offer(answers, correcting);
        progressed |= offered.any();
        if offered.corrected.iter().any(|s| matches!(s, Slot::Name | Slot::DateOfBirth)) {
            // A corrected name or birth date is looked up again.
            self.state.identity = Identity::Unchecked;
        }
        if !offered.corrected.is_empty() {
            self.say(replies::UPDATED);
        }
        // A bare "no" to "what is your name?" is a failed try, not a
        // goodbye; "never mind", "that's all", "thanks", "bye" end the
        // request — a refill with its medication named is filed as it
        // stands, never dropped.
        let bare_no = matches!(self.tokens(), [only] if only == "no" || only == "nope");
        if !progressed && !handled && self.aux(Aux::Done) && !bare_no {
            return self.leave_form();
        }
        self.identify_if_ready();
        if task == Task::PriorAuth {
            self.give_status_if_ready();
        }
        let failed = !progressed && !handled;
        let asked_before = self.state.form.asked();
        match self.state.form.advance(task.order(), failed, self.config.max_failed_tries) {
            Step::Complete => match task {
                Task::Refill => self.submit_refill(),
                Task::PriorAuth => self.finish_prior_auth(),
                Task::Booking => self.booking_identified(),
                Task::Referral => self.submit_referral(),
            },
            Step::GiveUp { .. } => match task {
                Task::Refill => self.give_up(CallbackReason::NotUnderstood, replies::NOT_UNDERSTOOD_GIVE_UP),
                Task::Booking | Task::Referral => {
                    self.give_up(CallbackReason::Appointment, replies::NOT_UNDERSTOOD_GIVE_UP)
                }
                Task::PriorAuth => self.hand_to_authorization_staff(),
            },
            // "CVS on Main, bye": the answer is taken, and the patient is gone.
            Step::Ask { .. } if task == Task::Refill && progressed && self.says_goodbye() => self.leave_form(),
            Step::Ask { slot, attempt } => {
                if implausible_date && slot == Slot::DateOfBirth {
                    self.say(replies::DATE_NOT_RIGHT);
                } else if failed {
                    self.say(replies::NOT_CAUGHT);
                }
                // "Got it" for a request's details; identity answers get
                // the neutral thank-you once both are in.
                let moved_on = asked_before != Some(slot);
                let detail =
                    offered.filled.iter().any(|s| matches!(s, Slot::Medication | Slot::Pharmacy | Slot::Procedure));
                if moved_on && detail && !self.just_identified {
                    self.acknowledge_medication();
                }
                if caregiver && slot == Slot::Name {
                    self.say(replies::THANK_YOU);
                    return self.ask(replies::PATIENT_NAME, Listen::Name);
                }
                self.ask_for(slot, attempt);
            }
        }
    }

    /// The patient ends the form's request: a refill is filed as far as it
    /// got (with the practice's timeline), then goodbye.
    fn leave_form(&mut self) {
        if self.refill_pending() {
            self.file_incomplete_refill(super::refill::Ending::Goodbye, true);
        }
        self.task_done = true;
        self.say(replies::goodbye(self.voice));
        self.end = if self.voice { super::End::HangUp } else { super::End::Finish };
    }

    /// An unmistakable goodbye alongside an answer ("thanks" alone, said
    /// with an answer, is only polite).
    fn says_goodbye(&self) -> bool {
        self.tokens().iter().any(|t| matches!(t.as_str(), "bye" | "goodbye" | "byebye"))
    }

    /// Every answer in this message for `task`, whether anything else
    /// counted as progress (a "no" to the callback number), and whether a
    /// date of birth was given that cannot be one.
    fn answers(&mut self, task: Task, handled: bool) -> (Vec<(Slot, String)>, bool, bool) {
        let asked = self.state.form.asked();
        let text = self.text();
        let tokens = self.tokens().to_vec();
        let mut out = Vec::new();
        let mut progressed = false;
        let mut implausible = false;

        // "Never mind" answers no question.
        let name = extract::name(text, asked == Some(Slot::Name) && !self.aux(Aux::Done));
        // A date goes with a name given in the same breath ("Maria
        // Gonzalez 3/14/71"), a cue ("DOB"), or the question.
        let keyed_date = self.digits.len() == 8;
        let date_expected = matches!(asked, Some(Slot::Name | Slot::DateOfBirth))
            || name.is_some()
            || extract::has_birth_cue(&tokens)
            || keyed_date;
        if let Some(name) = name {
            out.push((Slot::Name, name));
        }
        if date_expected {
            let source = if keyed_date { self.digits } else { text };
            match date_of_birth(source, self.today) {
                DateOfBirth::Found(date) => out.push((Slot::DateOfBirth, date.iso())),
                DateOfBirth::Implausible => implausible = asked == Some(Slot::DateOfBirth) || !keyed_date,
                DateOfBirth::Missing => {}
            }
        }
        match task {
            Task::Refill => self.refill_answers(asked, &tokens, &mut out, &mut progressed),
            Task::PriorAuth => self.prior_auth_answers(asked, &tokens, &mut out),
            Task::Booking | Task::Referral => {}
        }
        // Only the question asked takes a free-form answer, and only when
        // nothing else in the message answered or handled it.
        // "That's all" or "never mind" answers no question either.
        if out.is_empty() && !progressed && !handled && !self.aux(Aux::Done) {
            // "Bye" is no pharmacy's name.
            let said = without_sign_off(&tokens);
            let loose = match asked {
                Some(Slot::Pharmacy) if extract::not_a_pharmacy(said) => None,
                Some(Slot::Medication | Slot::Pharmacy) => extract::loose(said),
                // The patient's own words, for the staff who read them.
                Some(Slot::ReferredBy | Slot::ReferralReason | Slot::Insurance) => {
                    let text = text.trim();
                    (!text.is_empty()).then(|| text.chars().take(200).collect())
                }
                Some(Slot::Procedure) if self.config.prior_auth.is_none() => extract::loose(said),
                _ => None,
            };
            if let (Some(slot), Some(said)) = (asked, loose) {
                out.push((slot, said));
            }
        }
        (out, progressed, implausible)
    }

    fn refill_answers(
        &mut self,
        asked: Option<Slot>,
        tokens: &[String],
        out: &mut Vec<(Slot, String)>,
        progressed: &mut bool,
    ) {
        if let Some(found) = &self.named {
            out.push((Slot::Medication, found.as_said.clone()));
        }
        // "CVS on Main, thanks bye": the sign-off is not part of the name.
        if let Some(pharmacy) = extract::pharmacy(without_sign_off(tokens)) {
            out.push((Slot::Pharmacy, pharmacy));
        }
        // A date of birth is not a phone number, and keyed digits are only
        // a number when there are enough of them.
        let keyed = (self.digits.len() >= 10).then(|| phone::find_phone(self.digits)).flatten();
        if let Some(number) = phone::find_phone(self.text()).or(keyed) {
            out.push((Slot::Callback, number));
            return;
        }
        // "No, it's Walgreens" answers the pharmacy, not the number question.
        let correcting_other = out.iter().any(|(s, _)| Some(*s) != asked) && is_correction(tokens);
        if correcting_other {
            return;
        }
        let answer = (asked == Some(Slot::Callback) && !self.state.callback_rejected)
            .then(|| yes_no(self.text(), Some(self.digits)))
            .flatten();
        if self.aux(Aux::OtherNumber) || answer == Some(false) {
            self.state.callback_rejected = true;
            *progressed = true;
        } else if (self.aux(Aux::ThisNumber) || answer == Some(true)) && phone::is_e164(&self.turn.caller) {
            out.push((Slot::Callback, self.turn.caller.clone()));
        }
    }

    /// Ask for `slot`, worded for the `attempt`.
    pub(super) fn ask_for(&mut self, slot: Slot, attempt: u8) {
        let voice = self.voice;
        let (prompt, listen) = match slot {
            Slot::Name => (wording(&replies::name_prompts(voice), attempt).to_owned(), Listen::Name),
            Slot::DateOfBirth => (wording(&replies::birth_prompts(voice), attempt).to_owned(), Listen::DateOfBirth),
            Slot::Medication => (wording(&replies::medication_prompts(), attempt).to_owned(), Listen::Medication),
            Slot::Pharmacy => (wording(&replies::pharmacy_prompts(voice), attempt).to_owned(), Listen::Pharmacy),
            Slot::Callback if self.state.callback_rejected || !phone::is_e164(&self.turn.caller) => {
                (wording(&replies::number_prompts(voice), attempt).to_owned(), Listen::Number)
            }
            Slot::Callback => {
                let prompts = replies::confirm_prompts(voice, phone::last_four(&self.turn.caller));
                let refs: Vec<&str> = prompts.iter().map(String::as_str).collect();
                (wording(&refs, attempt).to_owned(), Listen::YesNo)
            }
            Slot::Procedure => {
                let prompts = replies::procedure_prompts(&self.procedure_examples());
                let refs: Vec<&str> = prompts.iter().map(String::as_str).collect();
                (wording(&refs, attempt).to_owned(), Listen::Procedure)
            }
            Slot::StaffOffer if self.offers_booking() => {
                (wording(&replies::book_offer_prompts(voice), attempt).to_owned(), Listen::YesNo)
            }
            Slot::StaffOffer => (wording(&replies::offer_prompts(voice), attempt).to_owned(), Listen::YesNo),
            Slot::ReferredBy => (wording(&super::referral::provider_prompts(), attempt).to_owned(), Listen::Name),
            Slot::ReferralReason => (wording(&super::referral::reason_prompts(), attempt).to_owned(), Listen::Name),
            Slot::Insurance => (wording(&super::referral::insurance_prompts(), attempt).to_owned(), Listen::Name),
        };
        if core::mem::take(&mut self.just_identified) {
            self.say(replies::THANK_YOU);
        }
        self.ask(prompt, listen);
    }

    /// The identity fields of a record: the directory's id, or
    /// "unverified" with what the caller said.
    pub(super) fn identity_fields(&self) -> Vec<(&'static str, String)> {
        let form = &self.state.form;
        let mut fields = Vec::new();
        match &self.state.identity {
            Identity::Matched { id, phone_matches } => {
                fields.push(("patient-id", id.clone()));
                fields.push(("phone-matches", if *phone_matches { "yes" } else { "no" }.to_owned()));
            }
            Identity::Unmatched | Identity::Unchecked if form.is_filled(Slot::Name) => {
                fields.push(("patient-id", "unverified".to_owned()));
            }
            _ => {}
        }
        if let Some(name) = form.get(Slot::Name) {
            fields.push(("name-given", name.to_owned()));
        }
        if let Some(dob) = form.get(Slot::DateOfBirth) {
            fields.push(("date-of-birth-given", dob.to_owned()));
        }
        fields
    }

    /// Everything captured so far (identity, the task's answers, contact).
    pub(super) fn captured_fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = self.identity_fields();
        match self.state.task {
            Some(Task::Refill) => fields.extend(self.refill_fields()),
            Some(Task::PriorAuth) => fields.extend(self.prior_auth_fields()),
            Some(Task::Booking | Task::Referral) | None => {}
        }
        fields.extend(self.contact_fields());
        fields
    }

    /// The number staff should call: the one given, else the caller's.
    pub(super) fn callback_number(&self) -> String {
        let given = (self.state.task == Some(Task::Refill)).then(|| self.state.form.get(Slot::Callback)).flatten();
        given.map_or_else(|| self.turn.caller.clone(), str::to_owned)
    }
}

/// `tokens` without a trailing "thanks", "bye", "thank you", ...
fn without_sign_off(tokens: &[String]) -> &[String] {
    let mut end = tokens.len();
    loop {
        match &tokens[..end] {
            [.., a, b] if a == "thank" && b == "you" => end -= 2,
            [.., last]
                if matches!(last.as_str(), "bye" | "goodbye" | "byebye" | "thanks" | "thx" | "ty" | "cheers") =>
            {
                end -= 1
            }
            _ => return &tokens[..end],
        }
    }
}
