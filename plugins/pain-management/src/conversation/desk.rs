//! The everyday requests of a pain front desk that are not a policy
//! answer: whether the practice takes a plan, a new insurance card, a
//! workers' compensation or auto-accident claim, and records or forms
//! (disability, FMLA, an attorney's request). Each ends in an answer from
//! the practice's config, or a structured item for the staff who handle
//! it (with the caller's number), or both. None of them is a dead end.

use switchboard_common::intent::Matcher;

use switchboard_sdk::escalation::{Priority, QueueKind};

use super::escalate::item;
use super::intents::Aux;
use super::{CallbackReason, Stage, TurnCtx};
use crate::host::Host;
use crate::recognise;

/// Messages of details taken after one front-desk request: enough for a
/// member id, a group number and an insurer sent one by one.
const MAX_DETAILS: u8 = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Desk {
    /// "Do you take Humana Medicare?"
    PlanAccepted,
    /// "I got a new insurance card."
    NewInsurance,
    /// Workers' compensation or an auto-accident claim.
    InjuryClaim,
    /// Medical records, disability or FMLA forms, an attorney's request.
    Records,
    /// A bill, a statement, a charge or a fee.
    Billing,
}

use Desk::*;

#[rustfmt::skip]
const RULES: &[(Desk, &[&str])] = &[
    (InjuryClaim, &[
        "workers comp", "workers compensation", "workmans comp", "work comp", "injured at work",
        "hurt at work", "work injury", "on the job injury", "car accident", "auto accident",
        "car wreck", "motor vehicle accident", "auto insurance", "car insurance", "accident claim",
        "accidente de carro", "accidente de trabajo", "compensacion laboral",
    ]),
    (NewInsurance, &[
        "new insurance", "new insurance card", "new card", "changed insurance", "changed my insurance",
        "switched insurance", "switched my insurance", "insurance changed", "different insurance",
        "update my insurance", "updated insurance", "new medicare card", "new medicaid card",
        "nuevo seguro", "nueva tarjeta", "tarjeta nueva", "seguro nuevo", "aseguranza nueva", "nueva aseguranza",
        "cambie de seguro", "cambio mi seguro", "cambie de aseguranza",
    ]),
    (PlanAccepted, &[
        "do you take", "do you accept", "do you guys take", "do yall take", "accept my insurance",
        "take my insurance", "in network", "innetwork", "in network with", "participate with",
        "is my insurance accepted", "what insurance", "which insurance", "what insurances",
        "which plans", "what plans", "aceptan", "acepta mi seguro", "aceptan mi seguro", "que seguros",
    ]),
    (Records, &[
        "medical records", "my records", "his records", "her records", "treatment records", "the records",
        "records since", "records from", "copy of my records", "copies of my records", "records request",
        "request my records", "send my records", "disability form", "disability forms", "disability paperwork",
        "disability papers", "fmla", "attorney", "lawyer", "fill out a form", "fill out my form",
        "fill out my forms", "fill out paperwork", "sign a form", "work note", "note for work",
        "handicap placard", "parking placard", "expediente", "expedientes", "formulario", "formularios",
        "incapacidad", "abogado",
    ]),
];

const MATCHER: Matcher<'static, Desk> = Matcher::new(RULES);
/// Bills and fees, matched exactly: to the typo-tolerant matcher "copy" is
/// "copay" and "salgo" is "saldo" (blind set c sent an MRI copy and a
/// reschedule to billing).
#[rustfmt::skip]
const BILLING_RULES: &[(Desk, &[&str])] = &[
    (Billing, &[
        "my bill", "a bill", "the bill", "billing", "bill from", "statement", "invoice", "charged", "a charge",
        "the charge", "charge for", "is there a charge", "the fee", "a fee", "that fee", "fee taken off",
        "waive", "collections", "payment plan", "pay my", "my balance", "balance due", "copay", "co pay", "refund",
        "factura", "cobro", "cobraron", "me cobran", "me van a cobrar", "pagar", "saldo",
    ]),
];
const BILLING_MATCHER: Matcher<'static, Desk> = Matcher::exact(BILLING_RULES);

/// Words that make "do you take …" about insurance and not a medication.
const INSURANCE_WORDS: &[&str] =
    &["insurance", "plan", "plans", "medicare", "medicaid", "coverage", "network", "seguro", "seguros", "aseguranza"];

/// First words of a question.
const QUESTION_WORDS: &[&str] =
    &["what", "which", "do", "does", "is", "are", "will", "can", "how", "and", "que", "cual", "aceptan", "acepta"];

impl<H: Host> TurnCtx<'_, H> {
    /// The front-desk request in this message, the most specific first.
    pub(super) fn desk_request(&self) -> Option<Desk> {
        let mut found = MATCHER.find(self.tokens());
        found.extend(BILLING_MATCHER.find(self.tokens()));
        let about_insurance = self.tokens().iter().any(|t| INSURANCE_WORDS.contains(&t.as_str()))
            || self.accepted_plan().is_some()
            // "What about WellCare if I switch?" after a plan question.
            || (self.state.plans_discussed && self.tokens().first().is_some_and(|t| matches!(t.as_str(), "what" | "and" | "how" | "y" | "que")));
        // "What about Cigna insurance?": a question about insurance is one
        // about a plan, whatever its wording.
        let question =
            self.text().contains('?') || self.tokens().first().is_some_and(|t| QUESTION_WORDS.contains(&t.as_str()));
        if about_insurance && question {
            found.push(PlanAccepted);
        }
        // "His treatment records for the car accident claim" asks for
        // records; the claim is what they are for.
        let asks_records =
            self.tokens().iter().any(|t| matches!(t.as_str(), "records" | "record" | "expediente" | "expedientes"));
        let order = if asks_records {
            [Records, InjuryClaim, NewInsurance, PlanAccepted, Billing]
        } else {
            [InjuryClaim, NewInsurance, Records, PlanAccepted, Billing]
        };
        order.into_iter().find(|d| found.contains(d) && (*d != PlanAccepted || about_insurance))
    }

    /// The accepted plan this message names, if the practice lists plans.
    fn accepted_plan(&self) -> Option<String> {
        let words: Vec<&str> = self.tokens().iter().map(String::as_str).collect();
        // The most specific plan named: "Humana Medicare" over "Medicare".
        self.config
            .desk
            .accepted_plans
            .iter()
            .filter(|plan| plan.split_whitespace().all(|w| words.contains(&w.to_lowercase().as_str())))
            .max_by_key(|plan| plan.split_whitespace().count())
            .cloned()
    }

    /// Answer or hand over, and record it. A hand-over invites the details
    /// staff will need; what the patient sends next is added for them.
    pub(super) fn desk(&mut self, desk: Desk) {
        if desk == PlanAccepted {
            self.state.plans_discussed = true;
        }
        let reason = match desk {
            PlanAccepted => match self.accepted_plan() {
                Some(plan) => return self.say(accepted(&plan)),
                None => {
                    self.say(PLAN_CHECK);
                    self.say(PLAN_DETAILS);
                    CallbackReason::InsuranceQuestion
                }
            },
            NewInsurance => {
                self.say(NEW_INSURANCE);
                self.say(CARD_DETAILS);
                CallbackReason::InsuranceUpdate
            }
            InjuryClaim => {
                self.say(INJURY_CLAIM);
                self.say(CLAIM_DETAILS);
                CallbackReason::InjuryClaim
            }
            Billing => {
                self.say(BILLING);
                self.say(BILLING_DETAILS);
                CallbackReason::Billing
            }
            Records => {
                self.say(RECORDS);
                if let Some(turnaround) = self.config.desk.records_turnaround.clone() {
                    self.say(turnaround);
                }
                self.say(RECORDS_DETAILS);
                CallbackReason::Records
            }
        };
        self.callback(reason);
        self.state.desk_open = Some((reason, 0));
    }

    /// After a front-desk hand-over, a message that starts nothing new
    /// ("member id XJH4471, group 2200", "Liberty Mutual, claim 88-1234"):
    /// details for the staff who have the request, each on its own item
    /// with the request it belongs to — never "I didn't understand".
    pub(super) fn desk_details(&mut self) -> bool {
        let Some((reason, added)) = self.state.desk_open else { return false };
        let closing = self.aux(Aux::Done)
            || switchboard_common::parse::yes_no(self.text(), Some(self.digits)).is_some() && self.tokens().len() <= 3;
        if added >= MAX_DETAILS || closing || !matches!(self.state.stage, Stage::Menu | Stage::AnythingElse) {
            self.state.desk_open = None;
            return false;
        }
        self.state.desk_open = Some((reason, added + 1));
        let answer = self.desk_answer(reason);
        let mut fields = vec![("details-for", reason.as_str().to_owned())];
        fields.extend(self.captured_fields());
        fields.push(("patient-said", self.patient_said()));
        let summary = format!("Details: {}", reason.summary());
        self.items.push(item(QueueKind::Callback, Priority::Routine, summary, fields));
        match answer {
            Some(Answer::Text(text)) => self.say(text),
            Some(Answer::Unanswered) => self.say(QUESTION_PASSED),
            None => self.say(DETAILS_ADDED),
        }
        self.anything_else();
        true
    }

    /// A question about the request just handed over ("can I text a
    /// picture of the card?", "fax or drop off?", "do I need to sign
    /// something?"): the practice's answer when it wrote one.
    fn desk_answer(&self, reason: CallbackReason) -> Option<Answer> {
        let question = self.text().contains('?')
            || self
                .tokens()
                .first()
                .is_some_and(|t| QUESTION_WORDS.contains(&t.as_str()) || t == "who" || t == "where");
        if !question {
            return None;
        }
        let desk = &self.config.desk;
        let has = |words: &[&str]| self.tokens().iter().any(|t| words.contains(&recognise::spanish::fold(t).as_str()));
        let text = match reason {
            CallbackReason::InsuranceUpdate | CallbackReason::InsuranceQuestion if has(CARD_WORDS) => {
                desk.new_card.clone()
            }
            CallbackReason::InjuryClaim => desk.injury_claims.clone(),
            CallbackReason::Records if has(RELEASE_WORDS) => desk.records_authorization.clone(),
            CallbackReason::Records if has(HOW_LONG_WORDS) => desk.records_turnaround.clone(),
            CallbackReason::Records => desk.records_how_to_send.clone(),
            _ => None,
        };
        Some(text.map_or(Answer::Unanswered, Answer::Text))
    }
}

/// What a question after a hand-over gets.
enum Answer {
    /// The practice's text.
    Text(String),
    /// None written: staff will answer it.
    Unanswered,
}

/// Words of a question about getting the card to the practice.
const CARD_WORDS: &[&str] = &[
    "photo", "photos", "pic", "pics", "picture", "pictures", "send", "upload", "email", "text", "fax", "scan", "copy",
    "front", "back", "foto", "fotos", "mandar", "mando", "enviar", "envio", "imagen",
];
/// Words of a question about signing or releasing records to someone.
const RELEASE_WORDS: &[&str] = &[
    "sign",
    "signed",
    "signature",
    "authorization",
    "authorize",
    "release",
    "permission",
    "consent",
    "allowed",
    "firmar",
    "firma",
    "autorizacion",
    "permiso",
];
/// Words of a question about how long it takes.
const HOW_LONG_WORDS: &[&str] =
    &["long", "when", "soon", "ready", "turnaround", "days", "cuando", "tiempo", "listo", "dias"];

/// "{plan} is one of the plans our practice accepts. …"
pub(crate) fn accepted(plan: &str) -> String {
    format!("{plan} is one of the plans our practice accepts. Our staff check each patient's coverage before a visit.")
}

pub(crate) const PLAN_CHECK: &str =
    "I've asked our staff to check whether our practice accepts your plan, and they will call you back.";
pub(crate) const NEW_INSURANCE: &str = "Thank you for letting us know. I've asked our staff to update your insurance, and they may call you for the details on the card. Please bring the new card to your next visit.";
pub(crate) const INJURY_CLAIM: &str =
    "I've passed this to our staff who handle workers' compensation and accident claims, and they will call you back.";
pub(crate) const RECORDS: &str = "I've passed your request to our records staff, and they will call you back.";
pub(crate) const BILLING: &str = "I've passed this to our billing staff, and they will call you back.";
pub(crate) const BILLING_DETAILS: &str =
    "You can tell me what the bill or charge is for and its date now, and I'll pass that on.";
pub(crate) const PLAN_DETAILS: &str =
    "If you have your insurance card handy, you can send the plan's name and the member ID now, and I'll pass them on.";
pub(crate) const CARD_DETAILS: &str = "If you have the card handy, you can send the insurance company, the member ID and the group number now, and I'll pass them on.";
pub(crate) const CLAIM_DETAILS: &str = "If you have them, you can send the claim number, the insurance company and the date of the injury now, and I'll pass them on.";
pub(crate) const RECORDS_DETAILS: &str = "You can tell me what the records or form are for, where they should go and when you need them, and I'll pass that on.";
pub(crate) const DETAILS_ADDED: &str = "Thank you, I've added that for our staff.";
pub(crate) const QUESTION_PASSED: &str =
    "I've passed your question to our staff with your request, and they will answer it when they call.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_wording_passes_the_guard() {
        for text in [
            accepted("Aetna").as_str(),
            PLAN_CHECK,
            NEW_INSURANCE,
            INJURY_CLAIM,
            RECORDS,
            BILLING,
            BILLING_DETAILS,
            PLAN_DETAILS,
            CARD_DETAILS,
            CLAIM_DETAILS,
            RECORDS_DETAILS,
            DETAILS_ADDED,
            QUESTION_PASSED,
        ] {
            assert_eq!(switchboard_common::guard::classify(text), None, "{text}");
        }
    }
}
