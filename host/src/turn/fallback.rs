//! The safe fallback: what the patient gets when the plugin fails, and the
//! callback item that makes sure a person follows up.

use crate::actions::{Action, Channel};
use crate::language::Language;
use crate::runtime::Fault;
use crate::store::{Inbound, Priority, QueueField, QueueItem, QueueKind, QueueStatus};

pub const SMS_FALLBACK: &str = "Sorry, something went wrong on our side. A staff member will call you back soon. \
If this is an emergency, call 911.";

pub const VOICE_FALLBACK: &str = "I'm sorry, something went wrong on our side. A staff member will call you back soon. \
If this is an emergency, please hang up and call 9 1 1.";

pub const SMS_FALLBACK_ES: &str = "Disculpe, algo falló de nuestro lado. Un miembro del personal le llamará pronto. \
Si es una emergencia, llame al 911.";

pub const VOICE_FALLBACK_ES: &str = "Disculpe, algo falló de nuestro lado. Un miembro del personal le llamará pronto. \
Si es una emergencia, cuelgue y llame al 9 1 1.";

/// The patient-facing actions for a failed turn.
pub fn actions(channel: Channel, language: Language) -> Vec<Action> {
    let (sms, voice) = match language {
        Language::English => (SMS_FALLBACK, VOICE_FALLBACK),
        Language::Spanish => (SMS_FALLBACK_ES, VOICE_FALLBACK_ES),
    };
    match channel {
        Channel::Sms => vec![Action::Reply { body: sms.into() }],
        Channel::Voice => vec![Action::Say { text: voice.into() }, Action::HangUp],
    }
}

/// The callback item for a failed turn. Urgent: the host cannot tell what
/// the patient needed, and it may have been clinical.
pub struct FallbackItem<'a> {
    pub id: String,
    pub fault: &'a Fault,
    pub plugin: String,
    pub channel: Channel,
    pub caller: &'a str,
    pub conversation_id: &'a str,
    pub inbound: &'a Inbound,
    pub at: i64,
}

impl FallbackItem<'_> {
    pub fn into_item(self) -> QueueItem {
        let mut fields = vec![
            field("reason", "automated-assistant-fault"),
            field("fault", self.fault.kind()),
            field("plugin", &self.plugin),
            field("channel", self.channel.as_str()),
        ];
        if let Some(text) = &self.inbound.text {
            fields.push(field("patient-said", &text.chars().take(1000).collect::<String>()));
        }
        if let Some(digits) = &self.inbound.digits {
            fields.push(field("patient-keyed", digits));
        }
        QueueItem {
            id: self.id,
            kind: QueueKind::Callback,
            priority: Priority::Urgent,
            status: QueueStatus::Requested,
            summary: "The automated assistant failed during this conversation; call the patient back.".into(),
            fields,
            caller: self.caller.to_string(),
            channel: self.channel,
            conversation_id: self.conversation_id.to_string(),
            source: "host".into(),
            created_at: self.at,
        }
    }
}

fn field(name: &str, value: &str) -> QueueField {
    QueueField { name: name.into(), value: value.into() }
}
