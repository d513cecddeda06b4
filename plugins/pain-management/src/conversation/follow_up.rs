//! A text thread stays open after a request (`task_finished`), so the next
//! message may be about the refill request just filed: "so is that a yes
//! or a no?", "when will I know?", or "actually send it to the Kroger
//! instead". The first is answered with the practice's timeline (never a
//! decision); the second updates the request for the clinical team with
//! everything it already carried — never a new intake that asks for the
//! name again and files a second, incomplete request.

use serde::{Deserialize, Serialize};
use switchboard_common::intent::Matcher;
use switchboard_sdk::Field;
use switchboard_sdk::escalation::{Priority, QueueItem, QueueKind};

use super::{Stage, TurnCtx, extract};
use crate::host::Host;
use crate::medications;

/// The refill request filed in this conversation, as the clinical team
/// has it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FiledRefill {
    /// The item's fields, as filed.
    pub fields: Vec<(String, String)>,
    /// The medication (the list's name), when it was recognised.
    pub medication: Option<String>,
    pub controlled: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    /// Whether it is approved, or when they will hear.
    Status,
    /// A change of what was asked ("instead", "actually").
    Change,
}

#[rustfmt::skip]
const RULES: &[(Ask, &[&str])] = &[
    (Ask::Status, &[
        "yes or no", "yes or a no", "a yes or", "is it approved", "is that approved", "approved yet",
        "will it be approved", "okay it", "ok it", "approve it", "when will i know", "when will i hear",
        "when do i hear", "hear back", "how long", "how soon", "when will it", "will it be ready",
        "ready today", "go through", "did it go", "is it done", "any news", "any word", "did they send",
        "si o no", "cuando me", "cuanto tiempo", "cuanto se tarda", "ya esta", "me avisan", "aprobado",
        "aprobada", "lo aprueban", "cuando sabre", "cuando lo mandan",
    ]),
    (Ask::Change, &[
        "instead", "actually", "change", "changed", "switch", "rather", "different", "other pharmacy",
        "not the", "mejor", "cambiar", "cambie", "cambio", "en vez", "en lugar", "mejor a",
    ]),
];

const MATCHER: Matcher<'static, Ask> = Matcher::new(RULES);

pub(super) const NO_DECISION: &str =
    "Only a clinician can decide on a refill request, so I can't give you an answer on it here.";
/// "… now names {pharmacy} as your pharmacy." (`{}` for the Spanish table.)
pub(super) const PHARMACY_UPDATED: &str =
    "Thank you. I've passed the change to our clinical team: your refill request now names {} as your pharmacy.";

impl<H: Host> TurnCtx<'_, H> {
    /// Remember the request just filed, for what the patient says next.
    pub(super) fn remember_filed_refill(&mut self, fields: &[(&'static str, String)]) {
        let medication = self.refill_medication_name();
        let controlled = fields.iter().any(|(k, v)| *k == "controlled" && v != "no");
        let fields = fields.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        self.state.filed_refill = Some(FiledRefill { fields, medication, controlled });
    }

    /// "When will I know?" about the request just filed: the practice's
    /// timeline again, and that only a clinician decides.
    pub(super) fn refill_status_follow_up(&mut self) -> bool {
        let Some(filed) = &self.state.filed_refill else { return false };
        if !self.unclaimed() || !MATCHER.find(self.tokens()).contains(&Ask::Status) {
            return false;
        }
        let controlled = filed.controlled;
        self.say(NO_DECISION);
        let policy = &self.config.refills;
        let timeline = if controlled { &policy.controlled_timeline } else { &policy.non_controlled_timeline };
        self.say(timeline.clone());
        self.say(policy.run_out_instructions.clone());
        self.anything_else();
        true
    }

    /// "Send it to the Kroger on Poplar Level instead": a new pharmacy for
    /// the request just filed (the same medication, or none named).
    pub(super) fn refill_pharmacy_change(&mut self) -> bool {
        let Some(filed) = self.state.filed_refill.clone() else { return false };
        if matches!(self.state.stage, Stage::Form | Stage::Booking) {
            return false;
        }
        let Some(pharmacy) = extract::pharmacy(self.tokens()) else { return false };
        let same_medication = match (&self.named, &filed.medication) {
            (None, _) => true,
            (Some(named), Some(filed)) => named.name == *filed,
            (Some(_), None) => false,
        };
        let changes = MATCHER.find(self.tokens()).contains(&Ask::Change) || self.named.is_some() && same_medication;
        let old = filed.fields.iter().find(|(k, _)| k == "pharmacy").map(|(_, v)| v.clone());
        if !same_medication || !changes || old.as_deref() == Some(pharmacy.as_str()) {
            return false;
        }
        let mut fields: Vec<Field> = filed
            .fields
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "pharmacy" | "patient-said"))
            .map(|(name, value)| Field { name: name.clone(), value: value.clone() })
            .collect();
        fields.push(Field { name: "pharmacy".into(), value: pharmacy.clone() });
        if let Some(old) = old {
            fields.push(Field { name: "replaces-pharmacy".into(), value: old });
        }
        fields.push(Field {
            name: "update-of".into(),
            value: "the refill request filed earlier in this conversation".into(),
        });
        fields.push(Field { name: "patient-said".into(), value: self.patient_said() });
        self.items.push(QueueItem {
            kind: QueueKind::Refill,
            priority: Priority::Routine,
            summary: "Refill request update: a different pharmacy".into(),
            fields,
        });
        let mut updated = filed;
        updated.fields.retain(|(k, _)| k != "pharmacy");
        updated.fields.push(("pharmacy".into(), pharmacy.clone()));
        self.state.filed_refill = Some(updated);
        self.say(PHARMACY_UPDATED.replacen("{}", &pharmacy, 1));
        self.anything_else();
        true
    }

    /// The medication on the refill form, as the list names it.
    fn refill_medication_name(&self) -> Option<String> {
        let as_said = self.state.form.get(super::Slot::Medication)?;
        let tokens = switchboard_common::normalize::Utterance::new(as_said, |_| false);
        medications::find(tokens.tokens(), &self.config.extra_controlled).map(|m| m.name)
    }
}
