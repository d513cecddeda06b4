//! A number that reported an emergency a little while ago, back in a new
//! conversation. A call the front desk ended with "hang up and call 911"
//! can be followed minutes later by a new call from the same number ("it's
//! pretty bad right now"), which no screen of its own words would flag. The
//! new conversation's first reply then opens with the practice's
//! instruction for that emergency again, audited as a `safety.net`
//! intervention. It adds no item and no page: the first report made them.

use crate::actions::{Action, Channel};
use crate::store::{AuditEvent, Priority, QueueItem, RecentEmergency};

use super::criteria::{self, Level};
use super::net::SafetyRecord;
use super::settings::SafetySettings;

/// How long after an emergency a new conversation hears it again.
pub const RECALL_WINDOW_MS: i64 = 60 * 60 * 1000;

/// The emergency this turn committed, from its stat items: the net's
/// (`criteria`, most severe first) or the plugin's (`criterion` or
/// `emergency`).
pub fn reported(items: &[QueueItem], spanish: bool, now: i64) -> Option<RecentEmergency> {
    let named = |item: &QueueItem| {
        item.fields
            .iter()
            .filter(|f| matches!(f.name.as_str(), "criteria" | "criterion" | "emergency" | "emergency-label"))
            .filter_map(|f| {
                let first = f.value.split(',').next()?.trim();
                criteria::criterion(first.strip_prefix("emergency-").unwrap_or(first))
            })
            .next()
    };
    let criterion = items.iter().filter(|i| i.priority == Priority::Stat).find_map(named)?;
    Some(RecentEmergency { criterion: criterion.id.to_string(), at: now, spanish })
}

/// The words that open the recalled instruction.
fn lead(spanish: bool) -> &'static str {
    if spanish {
        "Si llama por la emergencia que nos contó hace un momento:"
    } else {
        "If you are calling about the emergency you told us about earlier:"
    }
}

/// In a new conversation's first turn, within [`RECALL_WINDOW_MS`] of the
/// number's last emergency, and when this turn found none of its own: the
/// instruction first. Returns the record to keep on the turn.
pub fn apply(
    recent: &RecentEmergency,
    settings: &SafetySettings,
    channel: Channel,
    conversation_id: &str,
    now: i64,
    actions: &mut Vec<Action>,
    audit: &mut Vec<AuditEvent>,
) -> Option<SafetyRecord> {
    if now - recent.at > RECALL_WINDOW_MS || now < recent.at {
        return None;
    }
    let criterion = criteria::criterion(&recent.criterion)?;
    if settings.level(criterion) != Level::Emergency {
        return None;
    }
    let wording = format!("{} {}", lead(recent.spanish), settings.wording(criterion, recent.spanish));
    let action = match channel {
        Channel::Sms => Action::Reply { body: wording.clone() },
        Channel::Voice => Action::Say { text: wording.replace("911", "9 1 1").replace("988", "9 8 8") },
    };
    actions.insert(0, action);
    audit.push(AuditEvent {
        actor: "host".into(),
        action: "safety.net".into(),
        subject: Some(conversation_id.to_string()),
        detail: serde_json::json!({
            "criteria": [criterion.id],
            "level": Level::Emergency.as_str(),
            "detector": "recent-emergency",
            "instruction-added": true,
            "reported-at": recent.at,
        }),
    });
    Some(SafetyRecord {
        criteria: vec![criterion.id.to_string()],
        level: Level::Emergency,
        detector: "recent-emergency".into(),
        instruction: Some(wording),
        queue_item: None,
        paged: false,
        transferred: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_conversation_within_the_hour_hears_the_instruction_again() {
        let settings = SafetySettings::default();
        let recent = RecentEmergency { criterion: "chest-pain".into(), at: 1_000, spanish: false };
        let (mut actions, mut audit) = (vec![Action::Say { text: "Thank you for calling.".into() }], vec![]);
        let record = apply(&recent, &settings, Channel::Voice, "c1", 1_000 + 5 * 60_000, &mut actions, &mut audit);
        let record = record.expect("recalled");
        assert_eq!(record.detector, "recent-emergency");
        let Action::Say { text } = &actions[0] else { panic!("{actions:?}") };
        assert!(text.starts_with("If you are calling about the emergency") && text.contains("9 1 1"), "{text}");
        assert_eq!(audit[0].action, "safety.net");

        // Spanish, by text, for a crisis: 988 in Spanish.
        let recent = RecentEmergency { criterion: "suicide".into(), at: 1_000, spanish: true };
        let mut actions = vec![];
        apply(&recent, &settings, Channel::Sms, "c2", 2_000, &mut actions, &mut vec![]).expect("recalled");
        let Action::Reply { body } = &actions[0] else { panic!() };
        assert!(body.starts_with("Si llama por la emergencia") && body.contains("988"), "{body}");

        // What a turn reported, from the net's item or the plugin's.
        let item = |fields: &[(&str, &str)]| QueueItem {
            id: "q1".into(),
            kind: crate::store::QueueKind::ClinicalUrgent,
            priority: Priority::Stat,
            status: crate::store::QueueStatus::Requested,
            summary: String::new(),
            fields: fields
                .iter()
                .map(|(n, v)| crate::store::QueueField { name: (*n).into(), value: (*v).into() })
                .collect(),
            caller: String::new(),
            channel: Channel::Sms,
            conversation_id: String::new(),
            source: "plugin".into(),
            created_at: 0,
        };
        let net = reported(&[item(&[("criteria", "overdose,suicide")])], false, 7).unwrap();
        assert_eq!(net.criterion, "overdose");
        let plugin = item(&[("criterion", "suicidal-thoughts"), ("emergency-label", "emergency-suicide")]);
        assert_eq!(reported(&[plugin], true, 7).unwrap().criterion, "suicide");
        assert!(reported(&[item(&[("reason", "person-request")])], false, 7).is_none());

        // After the hour, nothing.
        let late = 1_000 + RECALL_WINDOW_MS + 1;
        assert!(apply(&recent, &settings, Channel::Sms, "c3", late, &mut vec![], &mut vec![]).is_none());
    }
}
