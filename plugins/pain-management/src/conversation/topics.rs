//! A new request in the middle of a flow. A question beside the flow (an
//! office policy, a medication question) is answered and the flow's
//! question asked again. A request for another flow (an authorization's
//! status in the middle of a booking, a refill in the middle of an
//! authorization question) sets the current flow aside, says so, serves
//! the new one, and then goes back to it: "now, back to your appointment".
//! A refill is never set aside. What it has is filed when the patient
//! moves on (`refill.rs`), so it is never lost.
//!
//! One flow waits at a time: a third request while one is set aside is
//! served the way the current flow serves any message.

use serde::{Deserialize, Serialize};
use switchboard_common::form::{Form, Step};

use super::{Slot, Stage, Task, TurnCtx, booking, replies};
use crate::host::Host;
use crate::recognise::Label;

/// The flow set aside, exactly as it stood.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Parked {
    stage: Stage,
    task: Option<Task>,
    form: Form<Slot>,
    booking: Option<booking::Booking>,
    auth_status: Option<String>,
}

impl Parked {
    fn flow(&self) -> Task {
        match self.stage {
            Stage::Booking => Task::Booking,
            _ => self.task.unwrap_or(Task::Booking),
        }
    }
}

/// The words for a flow ("your appointment request").
fn flow_name(task: Task) -> &'static str {
    match task {
        Task::Booking => "your appointment request",
        Task::PriorAuth => "your authorization question",
        Task::Refill => "your refill request",
        Task::Referral => "your referral",
    }
}

impl<H: Host> TurnCtx<'_, H> {
    /// The flow in progress, when it is one that can be set aside.
    fn current_flow(&self) -> Option<Task> {
        match self.state.stage {
            Stage::Booking => Some(Task::Booking),
            Stage::Form => self.state.task.filter(|t| *t != Task::Refill),
            _ => None,
        }
    }

    /// The flow this message asks for instead of the current one, if any.
    /// A refill needs its own words ("refill", "prescription"): a booking
    /// asks which medications are taken, and naming one answers it.
    pub(super) fn new_flow(&self) -> Option<Task> {
        let current = self.current_flow()?;
        if self.state.parked.is_some() {
            return None;
        }
        let asks_about_medications = self.state.booking.as_ref().is_some_and(booking::Booking::asks_about_medications);
        let refill_words = self
            .tokens()
            .iter()
            .any(|t| matches!(t.as_str(), "refill" | "refills" | "prescription" | "resurtido" | "resurtir" | "receta"));
        if self.has(Label::PriorAuth) && current != Task::PriorAuth {
            Some(Task::PriorAuth)
        } else if self.has(Label::Refill) && refill_words && !asks_about_medications {
            Some(Task::Refill)
        } else {
            None
        }
    }

    /// Set the current flow aside for `task`, say so, and start it. Who the
    /// patient is carries over: nobody is asked their name twice.
    pub(super) fn set_aside_for(&mut self, task: Task) {
        let Some(current) = self.current_flow() else { return };
        let parked = Parked {
            stage: self.state.stage,
            task: self.state.task,
            form: core::mem::take(&mut self.state.form),
            booking: self.state.booking.take(),
            auth_status: self.state.auth_status.take(),
        };
        let identity: Vec<(Slot, String)> = [Slot::Name, Slot::DateOfBirth]
            .into_iter()
            .filter_map(|slot| parked.form.get(slot).map(|v| (slot, v.to_owned())))
            .collect();
        self.state.parked = Some(parked);
        self.say(replies::set_aside(flow_name(current)));
        self.start(task);
        for (slot, value) in identity {
            self.state.form.set(slot, value);
        }
    }

    /// After a request finished this turn: go back to the flow set aside,
    /// with who the patient is, and ask its question again.
    pub(super) fn resume_set_aside(&mut self) {
        if !self.finished_request || self.state.parked.is_none() || self.red_flag_raised() {
            return;
        }
        let Some(parked) = self.state.parked.take() else { return };
        let identity: Vec<(Slot, String)> = [Slot::Name, Slot::DateOfBirth]
            .into_iter()
            .filter_map(|slot| self.state.form.get(slot).map(|v| (slot, v.to_owned())))
            .collect();
        let flow = parked.flow();
        self.state.stage = parked.stage;
        self.state.task = parked.task;
        self.state.form = parked.form;
        self.state.booking = parked.booking;
        self.state.auth_status = parked.auth_status;
        for (slot, value) in identity {
            if !self.state.form.is_filled(slot) {
                self.state.form.set(slot, value);
            }
        }
        // What ended the finished request ("anything else?", the end of a
        // text conversation) gives way to the flow taken up again.
        self.task_done = false;
        self.finished_request = false;
        self.end = super::End::Open;
        self.prompt = None;
        self.say(replies::back_to(flow_name(flow)));
        match self.state.stage {
            Stage::Booking => self.booking_reprompt(),
            Stage::Form => self.ask_next_slot(),
            _ => self.reprompt(),
        }
    }

    /// The resumed form's next question, without reading this message as
    /// an answer to it.
    pub(super) fn ask_next_slot(&mut self) {
        let Some(task) = self.state.task else { return self.reprompt() };
        match self.state.form.advance(task.order(), false, self.config.max_failed_tries) {
            Step::Ask { slot, attempt } => self.ask_for(slot, attempt),
            Step::Complete if task == Task::Booking => self.booking_identified(),
            Step::Complete | Step::GiveUp { .. } => self.reprompt(),
        }
    }

    /// A new booking replaces one that waited (an approved authorization
    /// goes straight into booking its procedure).
    pub(super) fn forget_set_aside_booking(&mut self) {
        if self.state.parked.as_ref().is_some_and(|p| p.flow() == Task::Booking) {
            self.state.parked = None;
        }
    }

    /// Mid-booking, a question beside it (an office policy, a medication
    /// question): whether one was asked.
    pub(super) fn asks_beside_booking(&self) -> bool {
        super::POLICIES.iter().any(|(label, _)| self.has(*label)) || self.has(Label::MedicationQuestion)
    }
}
