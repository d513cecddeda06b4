//! Applying the screen to a turn about to commit: when a finding's
//! instruction is missing from what the patient will hear, the host puts
//! the practice's instruction first; when no item of the finding's level
//! was written, the host writes one (stat for an emergency) in the same
//! transaction; and it pages the on-call per the practice's rota (by text,
//! or on a call by a warm transfer whose unanswered outcome pages). Every
//! intervention is an audit event (`safety.net`) and is kept on the turn
//! record, so staff see it on the item, in the transcript and the console.

use serde::{Deserialize, Serialize};

use super::criteria::{Instruction, Level};
use super::language::{fold, is_spanish};
use super::{Finding, SafetySettings, screen};
use crate::actions::{Action, Channel};
use crate::scheduler::paging::{PageTo, page_event};
use crate::store::{
    AuditEvent, OnCall, OutboxMessage, Paging, Priority, QueueField, QueueItem, QueueKind, QueueStatus, StoreError,
};

/// What the net did on one turn, kept on the turn record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct SafetyRecord {
    /// Criteria found, most severe first.
    pub criteria: Vec<String>,
    pub level: Level,
    /// How the first criterion was found (`rule`, `semantic`, `practice-phrase`).
    pub detector: String,
    /// The instruction the host put first (when the reply lacked it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction: Option<String>,
    /// The item the host wrote (when the plugin wrote none of that level).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_item: Option<String>,
    #[serde(default)]
    pub paged: bool,
    #[serde(default)]
    pub transferred: bool,
}

/// The facts of the turn the net needs.
pub struct TurnFacts<'a> {
    pub channel: Channel,
    pub caller: &'a str,
    pub conversation_id: &'a str,
    /// What the patient wrote or said (keypad turns have no text to screen).
    pub text: Option<&'a str>,
    pub practice_id: &'a str,
    pub practice_name: &'a str,
    pub settings: &'a SafetySettings,
    pub on_call: Option<&'a OnCall>,
    pub outbound_configured: bool,
    pub now: i64,
}

/// What the turn is about to commit, which the net may add to.
pub struct Committing<'a> {
    pub actions: &'a mut Vec<Action>,
    pub queue_items: &'a mut Vec<QueueItem>,
    pub outbox: &'a mut Vec<OutboxMessage>,
    pub paging: &'a mut Vec<(String, Paging)>,
    pub audit: &'a mut Vec<AuditEvent>,
}

/// Where new ids come from (the store's id generator, called before the
/// turn's transaction).
pub trait Ids {
    fn queue_item_id(&mut self) -> Result<String, StoreError>;
    fn outbox_id(&mut self) -> Result<String, StoreError>;
}

/// Screen the turn and intervene where the plugin's answer falls short.
/// `None` when nothing was found or nothing needed doing.
pub fn apply(facts: &TurnFacts, out: Committing, ids: &mut dyn Ids) -> Result<Option<SafetyRecord>, StoreError> {
    let Some(text) = facts.text.filter(|t| !t.trim().is_empty()) else { return Ok(None) };
    let findings = screen(text, facts.settings);
    let Some(first) = findings.first() else { return Ok(None) };
    let level = first.level;

    // The instructions the reply must carry: every emergency finding's
    // (911 for most, 988 for a crisis, naloxone for an overdose), or the
    // urgent call-back wording when an urgent finding got no item.
    let said = patient_facing_text(facts.channel, out.actions);
    let wanted: Vec<&Finding> = findings.iter().filter(|f| f.level == Level::Emergency).collect();
    let mut missing: Vec<&Finding> = wanted.iter().copied().filter(|f| !carries(f, &said)).collect();
    dedupe_instructions(&mut missing);

    let item_priority = if level == Level::Emergency { Priority::Stat } else { Priority::Urgent };
    let existing_item = out.queue_items.iter().find(|i| i.priority >= item_priority).map(|i| i.id.clone());
    if level == Level::Urgent && existing_item.is_none() {
        missing.push(first);
    }
    // The plugin gave the instruction and wrote the item: it handled the
    // emergency its way. Only a text the plugin left unpaged, where the
    // practice can be paged, still gets the page; a call the plugin ended
    // ("hang up and call 911") is not turned into a transfer.
    let plugin_handled = missing.is_empty() && existing_item.is_some();
    if plugin_handled
        && (facts.channel == Channel::Voice
            || facts.on_call.is_none()
            || !facts.outbound_configured
            || already_paged_or_transferred(&out, existing_item.as_deref()))
    {
        return Ok(None);
    }

    let mut record = SafetyRecord {
        criteria: findings.iter().map(|f| f.criterion.id.to_string()).collect(),
        level,
        detector: first.detector.as_str().to_string(),
        instruction: None,
        queue_item: None,
        paged: false,
        transferred: false,
    };

    // The item first: the instruction may refer to it, the page names it.
    let item_id = match existing_item {
        Some(id) => id,
        None => {
            let id = ids.queue_item_id()?;
            out.queue_items.push(net_item(&id, facts, &findings, text));
            record.queue_item = Some(id.clone());
            id
        }
    };

    if !missing.is_empty() {
        let wording: Vec<String> =
            missing.iter().map(|f| facts.settings.wording(f.criterion, f.spanish)).collect::<Vec<_>>();
        let wording = wording.join(" ");
        record.instruction = Some(wording.clone());
        put_first(facts.channel, out.actions, &wording);
    }

    // Paging, per the practice's rota: on a call a warm transfer (whose
    // unanswered outcome pages), on a text a page.
    // (A call the plugin handled returned above.)
    if !already_paged_or_transferred(&out, Some(&item_id))
        && let Some(on_call) = facts.on_call
    {
        if facts.channel == Channel::Voice {
            transfer(out.actions, on_call, &item_id, first.spanish);
            record.transferred = true;
        } else if facts.outbound_configured {
            let page_to = PageTo { practice_id: facts.practice_id, practice_name: facts.practice_name, on_call };
            let summary = format!("{} ({})", first.criterion.title, level.as_str());
            let watch = Paging { summary, pages: Vec::new(), next_due: None };
            if let Some((message, watch)) =
                page_to.page(&item_id, &watch, facts.conversation_id, facts.now, ids.outbox_id()?)
            {
                let page = watch.pages.last().cloned().expect("one page was just sent");
                out.audit.push(page_event(&item_id, &page, 1));
                out.outbox.push(message);
                out.paging.push((item_id.clone(), watch));
                record.paged = true;
            }
        }
    }

    out.audit.push(AuditEvent {
        actor: "host".into(),
        action: "safety.net".into(),
        subject: Some(facts.conversation_id.to_string()),
        detail: serde_json::json!({
            "criteria": record.criteria,
            "level": level.as_str(),
            "detector": record.detector,
            "instruction-added": record.instruction.is_some(),
            "queue-item": item_id,
            "item-added": record.queue_item.is_some(),
            "paged": record.paged,
            "transferred": record.transferred,
        }),
    });
    Ok(Some(record))
}

/// Everything the patient will read or hear this turn, folded.
fn patient_facing_text(channel: Channel, actions: &[Action]) -> String {
    let mut said = String::new();
    for action in actions {
        let text = match (channel, action) {
            (Channel::Sms, Action::Reply { body }) => body,
            (Channel::Voice, Action::Say { text }) => text,
            (Channel::Voice, Action::Ask { prompt, .. }) => prompt,
            _ => continue,
        };
        said.push_str(text);
        said.push(' ');
    }
    said
}

/// Does the reply already carry this finding's instruction, in the
/// patient's language?
/// Only a sentence that tells the patient to act now counts: "If the
/// symptoms get worse, call 911" or "In an emergency, call 911" is advice
/// for later, not the instruction an emergency needs.
fn carries(finding: &Finding, said: &str) -> bool {
    let direct: String = said.split(['.', '!', '?', '\n']).map(fold).filter(|s| !conditional(s)).collect();
    let (direct, anywhere) = (direct.replace(' ', ""), fold(said).replace(' ', ""));
    let now = |n: &str| direct.contains(n);
    let mentions = |n: &str| anywhere.contains(n);
    let instruction = match finding.criterion.instruction_at(finding.level) {
        Instruction::Call911 => now("911"),
        // "If you have naloxone, give it" is rightly conditional.
        Instruction::Call911Naloxone => now("911") && (mentions("naloxon") || mentions("narcan")),
        Instruction::Call988 => now("988"),
        Instruction::SameDayCallback => false,
    };
    instruction && (!finding.spanish || is_spanish(said))
}

/// A folded sentence that says what to do only if something happens.
fn conditional(sentence: &str) -> bool {
    const OPENINGS: [&str; 9] =
        ["if ", "si ", "in an emergency", "en una emergencia", "en caso de", "in case", "should ", "when ", "cuando "];
    const LATER: [&str; 4] = ["worse", "empeora", "feel severe", "se sienten graves"];
    // "If someone may have taken too much, call 911 now" describes the
    // patient's situation and says act now: that is the instruction.
    const NOW: [&str; 5] = ["now", "ahora", "right away", "de inmediato", "inmediatamente"];
    let sentence = sentence.trim_start_matches(|c: char| !c.is_alphanumeric());
    let only_if = OPENINGS.iter().any(|o| sentence.starts_with(o)) && !NOW.iter().any(|n| sentence.contains(n));
    only_if || LATER.iter().any(|l| sentence.contains(l))
}

/// Several 911 criteria in one message need the 911 sentence once, but each
/// wording is specific (naloxone, 988), so only identical instructions of
/// the plain 911 kind are merged: the most severe (first) one stays.
fn dedupe_instructions(missing: &mut Vec<&Finding>) {
    let mut seen_plain = false;
    missing.retain(|f| {
        let plain = f.criterion.instruction_at(f.level) == Instruction::Call911;
        let keep = !(plain && seen_plain);
        seen_plain |= plain;
        keep
    });
}

fn already_paged_or_transferred(out: &Committing, item: Option<&str>) -> bool {
    let Some(item) = item else { return false };
    out.paging.iter().any(|(id, _)| id == item)
        || out.actions.iter().any(|a| matches!(a, Action::Transfer { on_call_item: Some(id), .. } if id == item))
}

/// The instruction before anything else the patient gets.
fn put_first(channel: Channel, actions: &mut Vec<Action>, wording: &str) {
    let action = match channel {
        Channel::Sms => Action::Reply { body: wording.to_string() },
        Channel::Voice => Action::Say { text: spoken(wording) },
    };
    actions.insert(0, action);
}

/// Numbers read digit by digit ("9 1 1").
fn spoken(text: &str) -> String {
    text.replace("911", "9 1 1").replace("988", "9 8 8")
}

/// A warm transfer to the on-call instead of whatever would have ended the
/// call's turn (a question, a hang-up): what the plugin said stays.
fn transfer(actions: &mut Vec<Action>, on_call: &OnCall, item_id: &str, spanish: bool) {
    actions.retain(|a| !a.is_terminal_voice_verb());
    let announce = if spanish {
        "Le comunico ahora con el profesional clínico de guardia."
    } else {
        "I'm connecting you to the on-call clinician now."
    };
    actions.push(Action::Transfer {
        number: on_call.primary.clone(),
        announce: Some(announce.to_string()),
        on_call_item: Some(item_id.to_string()),
    });
}

fn net_item(id: &str, facts: &TurnFacts, findings: &[Finding], text: &str) -> QueueItem {
    let first = &findings[0];
    let field = |name: &str, value: String| QueueField { name: name.into(), value };
    let mut fields = vec![
        field("reason", "safety-net".into()),
        field("criteria", findings.iter().map(|f| f.criterion.id).collect::<Vec<_>>().join(",")),
        field("level", first.level.as_str().into()),
        field("detected-by", first.detector.as_str().into()),
        field("language", if first.spanish { "es" } else { "en" }.into()),
        field("channel", facts.channel.as_str().into()),
        field("patient-said", text.chars().take(1000).collect()),
    ];
    match first.detector {
        super::Detector::Contextual(p) => fields.push(field("probability", format!("{p:.2}"))),
        super::Detector::Rule | super::Detector::PracticePhrase => {}
    }
    let (priority, summary) = match first.level {
        Level::Emergency => (
            Priority::Stat,
            format!("Safety net: {} reported; the patient was given the emergency instruction.", first.criterion.title),
        ),
        Level::Urgent => (
            Priority::Urgent,
            format!("Safety net: {} reported; a clinician must call back today.", first.criterion.title),
        ),
    };
    QueueItem {
        id: id.to_string(),
        kind: QueueKind::ClinicalUrgent,
        priority,
        status: QueueStatus::Requested,
        summary,
        fields,
        caller: facts.caller.to_string(),
        channel: facts.channel,
        conversation_id: facts.conversation_id.to_string(),
        source: "safety-net".into(),
        created_at: facts.now,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(id: &str, spanish: bool) -> Finding {
        let criterion = crate::safety::criteria::criterion(id).expect("a default criterion");
        Finding { criterion, level: criterion.level, detector: crate::safety::Detector::Rule, spanish }
    }

    #[test]
    fn advice_for_later_is_not_the_instruction() {
        let stroke = finding("stroke", false);
        assert!(!carries(&stroke, "I've passed your message on. If the symptoms get worse or feel severe, call 911."));
        assert!(!carries(&stroke, "We're open 8 to 5. In an emergency, call 911."));
        assert!(!carries(&stroke, "Should this happen again, call 911!"));
        assert!(carries(&stroke, "Please call 911 now. Our clinical team has been alerted."));
        assert!(carries(&stroke, "If your face or arm went numb suddenly, call 911 now."));
        let es = finding("stroke", true);
        assert!(!carries(&es, "Le pasé su mensaje. Si los síntomas empeoran o se sienten graves, llame al 911."));
        assert!(carries(&es, "Por favor, llame al 911 ahora. Avisamos a nuestro equipo clínico."));
    }

    #[test]
    fn the_overdose_instruction_may_make_naloxone_conditional() {
        let overdose = finding("overdose", false);
        assert!(carries(&overdose, "Call 911 now. If you have naloxone (Narcan), give it now."));
        assert!(!carries(&overdose, "If they get worse, call 911. If you have naloxone, give it."));
    }
}
