//! Red flags: which of the practice's escalation criteria a message meets,
//! and what each level does — emergency (911/988, a stat record, a page),
//! urgent (the on-call now: a warm transfer on a call, a page on a text,
//! and an urgent queue item). The recogniser finds the red flag; the
//! practice's `[escalation]` config decides its level and wording.
//!
//! Each criterion is recorded once per conversation; its message is given
//! every time it is raised.

use switchboard_sdk::escalation::{EmergencyKind, Priority, QueueKind};

use super::escalate::item;
use super::{End, TurnCtx, replies};
use crate::config::escalation::{Criterion, Level};
use crate::host::Host;
use crate::recognise::{Label, Labels};

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
            Label::UrgentPump => Criterion::PumpAlarm,
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

fn post_procedure(tokens: &[String]) -> Vec<Criterion> {
    let any = |prefixes: &[&str], exact: &[&str]| {
        tokens.iter().any(|t| prefixes.iter().any(|p| t.starts_with(p)) || exact.contains(&t.as_str()))
    };
    let mut found = Vec::new();
    if any(&["headache", "migraine"], &["head"]) {
        found.push(Criterion::PostEpiduralHeadache);
    }
    if any(&["bleed", "blood"], &["bled"]) {
        found.push(Criterion::UncontrolledBleeding);
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
        Criterion::PostEpiduralHeadache => EmergencyKind::Other,
    }
}

/// The one line staff read in the queue list.
fn urgent_summary(criterion: Criterion) -> &'static str {
    match criterion {
        Criterion::PumpAlarm => "Urgent: intrathecal pump alarm or empty pump reported",
        Criterion::PostEpiduralHeadache => "Urgent: severe positional headache after an epidural reported",
        Criterion::UncontrolledBleeding => "Urgent: bleeding that will not stop reported",
        _ => "Urgent: symptoms after a procedure reported",
    }
}

impl<H: Host> TurnCtx<'_, H> {
    /// The message's red flags at the practice's levels.
    fn red_flags(&self) -> Vec<(Criterion, Label, Level, String)> {
        self.criteria
            .iter()
            .map(|&(criterion, label)| {
                let rule = self.config.escalation().rule(criterion);
                (criterion, label, rule.level, rule.message)
            })
            .collect()
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
        for (criterion, label, level, message) in &flags {
            if *level != Level::Emergency {
                continue;
            }
            only_suicidal &= *criterion == Criterion::SuicidalThoughts;
            self.say(message.clone());
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
        self.say(replies::ALERTED);
        if self.voice {
            self.say(replies::hang_up_and_call(only_suicidal));
            self.end = End::HangUp;
        }
    }

    /// Urgent flags: what to do, an urgent item, and the on-call now — a
    /// warm transfer on a call (which ends this turn), a page on a text.
    pub(super) fn urgent(&mut self) {
        let mut recorded = false;
        for (criterion, label, level, message) in self.red_flags() {
            if level != Level::Urgent {
                continue;
            }
            self.say(message);
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

    /// After an emergency this conversation, where to get help again.
    pub(super) fn emergency_reminder(&self) -> Option<&'static str> {
        let emergencies: Vec<Criterion> = self
            .state
            .flagged
            .iter()
            .copied()
            .filter(|c| self.config.escalation().rule(*c).level == Level::Emergency)
            .collect();
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
        assert_eq!(post_procedure(&tokens("the site keeps bleeding")), [Criterion::UncontrolledBleeding]);
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
