//! Red flags: which of the practice's escalation criteria a message meets,
//! and what each level does — emergency (911/988, a stat record, a page),
//! urgent (the on-call now: a warm transfer on a call, a page on a text,
//! and an urgent queue item). The recogniser finds the red flag; the
//! practice's `[escalation]` config decides its level and wording.
//!
//! Each criterion is recorded once per conversation; its message is given
//! every time it is raised, in the patient's language: a message written or
//! said in Spanish gets the Spanish wording (Spanglish gets both, Spanish
//! first).

use switchboard_sdk::escalation::{EmergencyKind, Priority, QueueKind};

use super::escalate::item;
use super::{End, TurnCtx, replies};
use crate::config::escalation::{Criterion, Level, Rule};
use crate::host::Host;
use crate::recognise::{self, Label, Labels, Language};

/// The criteria a message's labels point to, with the label behind each.
/// The recogniser has one label for every problem after a procedure; the
/// patient's words tell which (a message can name several).
pub(super) fn criteria(labels: Labels, tokens: &[String]) -> Vec<(Criterion, Label)> {
    let mut out = Vec::new();
    for label in labels.iter() {
        let criterion = match label {
            Label::EmergencyOverdose => Criterion::Overdose,
            Label::EmergencySuicide => Criterion::SuicidalThoughts,
            Label::EmergencyCaudaEquina => Criterion::CaudaEquina,
            Label::EmergencyAllergy => Criterion::SevereAllergicReaction,
            Label::EmergencyChestPain => Criterion::ChestPain,
            Label::EmergencyStroke => Criterion::Stroke,
            Label::EmergencyBreathing => Criterion::TroubleBreathing,
            Label::EmergencySeizure => Criterion::Seizure,
            Label::EmergencyBleeding => Criterion::UncontrolledBleeding,
            Label::EmergencyWeaknessAfterProcedure => Criterion::WeaknessAfterProcedure,
            Label::UrgentPump => Criterion::PumpAlarm,
            Label::UrgentWithdrawal => Criterion::Withdrawal,
            Label::UrgentDeviceSite => Criterion::DeviceSite,
            Label::UrgentPostProcedure => {
                let found = post_procedure(tokens);
                out.extend(found.into_iter().map(|c| (c, label)));
                continue;
            }
            _ => continue,
        };
        out.push((criterion, label));
    }
    out
}

/// A little bleeding or oozing at a site is a symptom after a procedure
/// (bleeding that will not stop is its own emergency label).
fn post_procedure(tokens: &[String]) -> Vec<Criterion> {
    let any = |prefixes: &[&str], exact: &[&str]| {
        tokens.iter().any(|t| prefixes.iter().any(|p| t.starts_with(p)) || exact.contains(&t.as_str()))
    };
    let mut found = Vec::new();
    if any(&["headache", "migraine"], &["head"]) {
        found.push(Criterion::PostEpiduralHeadache);
    }
    let infection = any(
        &["fever", "infect", "drain", "swell", "swollen", "chill", "ooz", "redness"],
        &["pus", "red", "hot", "warm", "temp", "temperature"],
    );
    if infection || found.is_empty() {
        found.push(Criterion::PostProcedureInfection);
    }
    found
}

fn emergency_kind(criterion: Criterion) -> EmergencyKind {
    match criterion {
        Criterion::Overdose => EmergencyKind::Overdose,
        Criterion::SuicidalThoughts => EmergencyKind::SuicidalCrisis,
        Criterion::CaudaEquina => EmergencyKind::CaudaEquina,
        Criterion::SevereAllergicReaction => EmergencyKind::SevereAllergicReaction,
        Criterion::PostProcedureInfection => EmergencyKind::PostProcedureInfection,
        Criterion::UncontrolledBleeding => EmergencyKind::UncontrolledBleeding,
        Criterion::PumpAlarm => EmergencyKind::PumpAlarm,
        // The contract has no kind of its own for these: the item's
        // `criterion` field names it.
        Criterion::PostEpiduralHeadache
        | Criterion::ChestPain
        | Criterion::Stroke
        | Criterion::TroubleBreathing
        | Criterion::Seizure
        | Criterion::WeaknessAfterProcedure
        | Criterion::Withdrawal
        | Criterion::DeviceSite => EmergencyKind::Other,
    }
}

/// The one line staff read in the queue list.
fn urgent_summary(criterion: Criterion) -> &'static str {
    match criterion {
        Criterion::PumpAlarm => "Urgent: intrathecal pump alarm or empty pump reported",
        Criterion::PostEpiduralHeadache => "Urgent: severe positional headache after an epidural reported",
        Criterion::UncontrolledBleeding => "Urgent: bleeding that will not stop reported",
        Criterion::Withdrawal => "Urgent: withdrawal symptoms after running out of or stopping a medication reported",
        Criterion::DeviceSite => "Urgent: problem with the skin over an implanted stimulator or pump reported",
        Criterion::PostProcedureInfection => "Urgent: symptoms after a procedure reported",
        // The emergencies (a level is never lowered to urgent).
        _ => "Urgent: red flag reported",
    }
}

/// The last words before hanging up on an emergency call, in Spanish.
fn hang_up_and_call_es(only_suicidal: bool) -> &'static str {
    if only_suicidal {
        "Por favor, cuelgue y llame al 988 y oprima 2, o envíe AYUDA por texto al 988. Si está en peligro inmediato, llame al 911."
    } else {
        "Por favor, cuelgue y llame al 911 ahora."
    }
}

/// After an emergency this conversation, where to get help again, in
/// Spanish.
fn emergency_reminder_es(only_suicidal: bool) -> &'static str {
    if only_suicidal {
        "Por favor, llame al 988 y oprima 2, o envíe AYUDA por texto al 988. Si está en peligro inmediato, llame al 911. Avisamos a nuestro equipo clínico."
    } else {
        "Por favor, llame al 911 ahora. Avisamos a nuestro equipo clínico."
    }
}

/// A rule's wording in a language (Spanglish: Spanish, then English).
fn wording(rule: &Rule, language: Language) -> Vec<String> {
    match language {
        Language::English => vec![rule.message.clone()],
        Language::Spanish => vec![rule.message_es.clone()],
        Language::Both => vec![rule.message_es.clone(), rule.message.clone()],
    }
}

impl<H: Host> TurnCtx<'_, H> {
    /// The language this message is in.
    pub(super) fn language(&self) -> Language {
        match recognise::language(self.tokens()) {
            // English words in a conversation held in Spanish: both.
            Language::English if self.spanish => Language::Both,
            language => language,
        }
    }

    /// The message's red flags at the practice's levels, with the wording
    /// in the patient's language.
    fn red_flags(&self) -> Vec<(Criterion, Label, Level, Vec<String>)> {
        let language = self.language();
        self.criteria
            .iter()
            .map(|&(criterion, label)| {
                let rule = self.config.escalation().rule(criterion);
                (criterion, label, rule.level, wording(&rule, language))
            })
            .collect()
    }

    /// Whether an urgent or emergency red flag was raised this
    /// conversation (this turn included): its callback is the on-call's,
    /// today, never a next-business-day promise.
    pub(super) fn red_flag_raised(&self) -> bool {
        self.red_flag_level().is_some_and(|l| l >= Level::Urgent)
            || self.state.flagged.iter().any(|c| self.config.escalation().rule(*c).level >= Level::Urgent)
    }

    /// The most urgent level among the message's red flags.
    pub(super) fn red_flag_level(&self) -> Option<Level> {
        self.red_flags().into_iter().map(|(_, _, level, _)| level).max()
    }

    /// An emergency: where to get help now, first in the reply; a stat
    /// record and a page for each new emergency; urgent flags in the same
    /// message are recorded too. A call ends so the caller can dial 911.
    pub(super) fn emergency(&mut self) {
        self.lines.clear();
        self.prompt = None;
        let flags = self.red_flags();
        let mut only_suicidal = true;
        for (criterion, label, level, messages) in &flags {
            if *level != Level::Emergency {
                continue;
            }
            only_suicidal &= *criterion == Criterion::SuicidalThoughts;
            for message in messages {
                self.say(message.clone());
            }
            if self.state.flagged.contains(criterion) {
                continue;
            }
            self.state.flagged.push(*criterion);
            let mut fields = vec![
                ("emergency-label", label.as_str().to_owned()),
                ("criterion", criterion.as_str().to_owned()),
                ("patient-said", self.patient_said()),
            ];
            fields.extend(self.contact_fields());
            self.reports.push((emergency_kind(*criterion), fields));
            self.audits.push((
                "red-flag",
                vec![("kind", label.as_str().to_owned()), ("criterion", criterion.as_str().to_owned())],
            ));
        }
        for (criterion, label, level, _) in flags {
            if level == Level::Urgent {
                self.record_urgent(criterion, label);
            }
        }
        // The English sentence, which the commit takes back if nothing
        // could be recorded (see `output.rs`).
        self.say(replies::ALERTED);
        if self.voice {
            let language = self.language();
            if language != Language::English {
                self.say(hang_up_and_call_es(only_suicidal));
            }
            if language != Language::Spanish {
                self.say(replies::hang_up_and_call(only_suicidal));
            }
            self.end = End::HangUp;
        }
    }

    /// Urgent flags: what to do, an urgent item, and the on-call now — a
    /// warm transfer on a call (which ends this turn), a page on a text.
    pub(super) fn urgent(&mut self) {
        let mut recorded = false;
        for (criterion, label, level, messages) in self.red_flags() {
            if level != Level::Urgent {
                continue;
            }
            for message in messages {
                self.say(message);
            }
            recorded |= self.record_urgent(criterion, label);
        }
        if recorded && self.voice {
            self.prompt = None;
            self.end = End::OnCall;
        }
    }

    /// The urgent item for a criterion, once per conversation, marked to
    /// page the on-call when it is enqueued. Returns whether it is new.
    fn record_urgent(&mut self, criterion: Criterion, label: Label) -> bool {
        if self.state.flagged.contains(&criterion) {
            return false;
        }
        self.state.flagged.push(criterion);
        let mut fields = vec![
            ("urgent-label", label.as_str().to_owned()),
            ("criterion", criterion.as_str().to_owned()),
            ("patient-said", self.patient_said()),
        ];
        fields.extend(self.captured_fields());
        let summary = urgent_summary(criterion).to_owned();
        self.items.push(item(QueueKind::ClinicalUrgent, Priority::Urgent, summary, fields));
        self.paged_items.push(self.items.len() - 1);
        self.audits.push((
            "urgent-flag",
            vec![("kind", label.as_str().to_owned()), ("criterion", criterion.as_str().to_owned())],
        ));
        true
    }

    /// After a suicidal crisis this conversation, a message about pills or
    /// a medication ("I have about 40 oxycodone left") is about the means,
    /// not a refill: the crisis line again, and the team told again.
    pub(super) fn crisis_means(&self) -> bool {
        const MEANS: &[&str] = &[
            "pill",
            "pills",
            "bottle",
            "bottles",
            "tablets",
            "meds",
            "medication",
            "medications",
            "left",
            "pastillas",
            "frasco",
            "medicinas",
            "quedan",
        ];
        self.state.flagged.contains(&Criterion::SuicidalThoughts)
            && (self.named.is_some() || self.tokens().iter().any(|t| MEANS.contains(&t.as_str())))
    }

    /// After an emergency this conversation, where to get help again (in
    /// Spanish when this message is).
    pub(super) fn emergency_reminder(&self) -> Option<&'static str> {
        let emergencies: Vec<Criterion> = self
            .state
            .flagged
            .iter()
            .copied()
            .filter(|c| self.config.escalation().rule(*c).level == Level::Emergency)
            .collect();
        if self.language() == Language::Spanish && !emergencies.is_empty() {
            let only_suicidal = emergencies.iter().all(|c| *c == Criterion::SuicidalThoughts);
            return Some(emergency_reminder_es(only_suicidal));
        }
        replies::emergency_reminder(&emergencies)
    }

    /// Commit phase: the on-call for a just-enqueued item. On a call with
    /// an urgent flag the first such item is the warm transfer's; otherwise
    /// the on-call is paged by text. Returns whether the page went out.
    pub(super) fn reach_on_call(&mut self, item_id: &str, level: Level) -> bool {
        if self.voice && level == Level::Urgent && self.end == End::OnCall && self.transfer_item.is_none() {
            self.transfer_item = Some(item_id.to_owned());
            return true;
        }
        let paged = self.host.page_on_call(Criterion::page_summary(level), item_id).is_ok();
        if !paged {
            self.audits.push(("page-failed", vec![("item", item_id.to_owned())]));
        }
        paged
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn post_procedure_words_pick_the_criterion() {
        assert_eq!(post_procedure(&tokens("terrible headache when i sit up")), [Criterion::PostEpiduralHeadache]);
        // A little blood at the site is a symptom after the procedure.
        assert_eq!(post_procedure(&tokens("a little blood on the bandaid")), [Criterion::PostProcedureInfection]);
        assert_eq!(post_procedure(&tokens("fever and the site is red")), [Criterion::PostProcedureInfection]);
        assert_eq!(
            post_procedure(&tokens("headache and a fever")),
            [Criterion::PostEpiduralHeadache, Criterion::PostProcedureInfection]
        );
        // Nothing specific: treated as a possible infection.
        assert_eq!(
            post_procedure(&tokens("something is wrong since the injection")),
            [Criterion::PostProcedureInfection]
        );
    }
}
