//! Prior-authorization questions: after identification and the procedure,
//! the practice's process and timeline, the status staff recorded (in plain
//! words; only for a caller the directory matched — anyone else hears the
//! same "no status I can share" as a patient with no record), and an offer
//! of the authorization staff.

use switchboard_common::parse::yes_no;
use switchboard_sdk::escalation::{Priority, QueueKind};
use switchboard_sdk::scheduling::AuthorizationStatus;

use super::{Identity, Slot, TurnCtx, escalate::item, replies};
use crate::host::Host;
use crate::procedures;

/// What the practice's catalogue says about the procedure slot's value.
fn status_words(status: AuthorizationStatus) -> (&'static str, &'static str) {
    use AuthorizationStatus::*;
    match status {
        NotRequired => ("not-required", "Our records show that no prior authorization is needed for this procedure."),
        NotStarted => ("not-started", "Our records show that the request has not been sent to your insurance yet."),
        Submitted => ("submitted", "Our records show that the request has been sent to your insurance."),
        PendingPayer => ("pending-payer", "Our records show that your insurance is still reviewing the request."),
        Approved => ("approved", "Our records show that your insurance has given the authorization."),
        Denied => (
            "denied",
            "Our records show that your insurance did not grant the authorization. Our authorization staff can explain your options, including an appeal.",
        ),
        Expired => ("expired", "Our records show that the authorization has expired, so a new request may be needed."),
    }
}

impl<H: Host> TurnCtx<'_, H> {
    pub(super) fn prior_auth_answers(&mut self, asked: Option<Slot>, tokens: &[String], out: &mut Vec<(Slot, String)>) {
        if let Some(catalogue) = self.config.prior_auth()
            && let Some(p) = procedures::find(tokens, &catalogue.procedures)
        {
            out.push((Slot::Procedure, p.code.clone()));
        }
        if asked == Some(Slot::StaffOffer)
            && let Some(answer) = yes_no(self.text(), Some(self.digits))
        {
            out.push((Slot::StaffOffer, if answer { "yes" } else { "no" }.to_owned()));
        }
    }

    /// Once identified and the procedure is known: process, timeline and
    /// the recorded status, said once.
    pub(super) fn give_status_if_ready(&mut self) {
        let form = &self.state.form;
        if self.state.auth_status.is_some()
            || self.state.identity == Identity::Unchecked
            || !form.is_filled(Slot::Procedure)
        {
            return;
        }
        let code = form.get(Slot::Procedure).unwrap_or_default().to_owned();
        let Some(config) = self.config.prior_auth() else {
            // No process to describe and no codes to look up: the offer of
            // the authorization staff follows.
            self.state.auth_status = Some("unknown".into());
            return;
        };
        let (process, timeline) = (config.process.clone(), config.timeline.clone());
        let display = config.procedures.iter().find(|p| p.code == code).map(|p| p.name.clone());
        let record = match &self.state.identity {
            Identity::Matched { id, .. } => self.host.prior_auth_status(id, &code).ok().flatten(),
            _ => None,
        };
        if core::mem::take(&mut self.just_identified) {
            self.say(replies::THANK_YOU);
        }
        if self.voice
            && let Some(name) = display
        {
            self.say(replies::about_procedure(&name));
        }
        // The process and the payer's timeline explain a wait; after the
        // insurer has decided they are beside the point.
        let decided = record.as_ref().is_some_and(|r| {
            use AuthorizationStatus::*;
            matches!(r.status, Approved | Denied | Expired | NotRequired)
        });
        if !decided {
            self.say(process);
            self.say(timeline);
        }
        match record {
            Some(record) => {
                let (status, words) = status_words(record.status);
                self.say(words);
                self.state.auth_status = Some(status.into());
            }
            None => {
                self.say(replies::NO_STATUS);
                self.state.auth_status = Some("none".into());
            }
        }
    }

    /// The authorization is in place (approved, or none needed) and the
    /// practice books this procedure: the offer is to book it, not a call.
    pub(super) fn offers_booking(&self) -> bool {
        let ready = matches!(self.state.auth_status.as_deref(), Some("approved" | "not-required"));
        let code = self.state.form.get(Slot::Procedure);
        ready
            && self.patient_id().is_some()
            && code.is_some_and(|code| self.booking_config().is_some_and(|b| b.names.iter().any(|p| p.code == code)))
    }

    /// The offer was answered.
    pub(super) fn finish_prior_auth(&mut self) {
        let yes = self.state.form.get(Slot::StaffOffer) == Some("yes");
        if yes && self.offers_booking() {
            let code = self.state.form.get(Slot::Procedure).map(str::to_owned);
            self.task_done = true;
            self.forget_set_aside_booking();
            self.book_procedure(code);
        } else if yes {
            self.hand_to_authorization_staff();
        } else {
            self.say(replies::ALL_RIGHT);
            self.task_finished();
        }
    }

    /// A prior-auth item for the authorization staff, and say so.
    pub(super) fn hand_to_authorization_staff(&mut self) {
        let code = self.state.form.get(Slot::Procedure).unwrap_or("unknown");
        let summary = format!("Prior authorization: patient asks about {code}");
        let mut fields = self.identity_fields();
        fields.extend(self.prior_auth_fields());
        if !self.state.form.is_filled(Slot::Procedure) {
            fields.push(("patient-said", self.patient_said()));
        }
        fields.extend(self.contact_fields());
        self.items.push(item(QueueKind::PriorAuth, Priority::Routine, summary, fields));
        self.prompt = None;
        self.say(replies::AUTH_STAFF);
        self.say(self.config.staff_callback_hours.clone());
        self.task_finished();
    }

    pub(super) fn prior_auth_fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        if let Some(code) = self.state.form.get(Slot::Procedure) {
            fields.push(("procedure", code.to_owned()));
        }
        if let Some(status) = &self.state.auth_status {
            fields.push(("recorded-status", status.clone()));
        }
        fields
    }

    /// A few procedure names for the re-prompt.
    pub(super) fn procedure_examples(&self) -> String {
        let Some(config) = self.config.prior_auth() else { return String::new() };
        let names: Vec<&str> = config.procedures.iter().take(4).map(|p| p.name.as_str()).collect();
        names.join(", ")
    }
}
