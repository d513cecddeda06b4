//! The everyday requests of a pain front desk that are not a policy
//! answer: whether the practice takes a plan, a new insurance card, a
//! workers' compensation or auto-accident claim, and records or forms
//! (disability, FMLA, an attorney's request). Each ends in an answer from
//! the practice's config, or a structured item for the staff who handle
//! it (with the caller's number), or both. None of them is a dead end.

use switchboard_common::intent::Matcher;

use super::{CallbackReason, TurnCtx};
use crate::host::Host;

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
        "nuevo seguro", "nueva tarjeta", "cambie de seguro", "cambio mi seguro",
    ]),
    (PlanAccepted, &[
        "do you take", "do you accept", "do you guys take", "do yall take", "accept my insurance",
        "take my insurance", "in network", "innetwork", "in network with", "participate with",
        "is my insurance accepted", "what insurance", "which insurance", "what insurances",
        "which plans", "what plans", "aceptan", "acepta mi seguro", "aceptan mi seguro", "que seguros",
    ]),
    (Records, &[
        "medical records", "my records", "copy of my records", "copies of my records", "records request",
        "request my records", "send my records", "disability form", "disability forms", "disability paperwork",
        "disability papers", "fmla", "attorney", "lawyer", "fill out a form", "fill out my form",
        "fill out my forms", "fill out paperwork", "sign a form", "work note", "note for work",
        "handicap placard", "parking placard", "expediente", "expedientes", "formulario", "formularios",
        "incapacidad", "abogado",
    ]),
];

const MATCHER: Matcher<'static, Desk> = Matcher::new(RULES);

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
        let about_insurance =
            self.tokens().iter().any(|t| INSURANCE_WORDS.contains(&t.as_str())) || self.accepted_plan().is_some();
        // "What about Cigna insurance?": a question about insurance is one
        // about a plan, whatever its wording.
        let question =
            self.text().contains('?') || self.tokens().first().is_some_and(|t| QUESTION_WORDS.contains(&t.as_str()));
        if about_insurance && question {
            found.push(PlanAccepted);
        }
        [InjuryClaim, NewInsurance, Records, PlanAccepted]
            .into_iter()
            .find(|d| found.contains(d) && (*d != PlanAccepted || about_insurance))
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

    /// Answer or hand over, and record it.
    pub(super) fn desk(&mut self, desk: Desk) {
        match desk {
            PlanAccepted => match self.accepted_plan() {
                Some(plan) => self.say(accepted(&plan)),
                None => {
                    self.say(PLAN_CHECK);
                    self.callback(CallbackReason::InsuranceQuestion);
                }
            },
            NewInsurance => {
                self.say(NEW_INSURANCE);
                self.callback(CallbackReason::InsuranceUpdate);
            }
            InjuryClaim => {
                self.say(INJURY_CLAIM);
                self.callback(CallbackReason::InjuryClaim);
            }
            Records => {
                self.say(RECORDS);
                if let Some(turnaround) = self.config.desk.records_turnaround.clone() {
                    self.say(turnaround);
                }
                self.callback(CallbackReason::Records);
            }
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixed_wording_passes_the_guard() {
        for text in [accepted("Aetna").as_str(), PLAN_CHECK, NEW_INSURANCE, INJURY_CLAIM, RECORDS] {
            assert_eq!(switchboard_common::guard::classify(text), None, "{text}");
        }
    }
}
