//! The records the store keeps. JSON-encoded: small, inspectable with a
//! debugger, and stable across versions with serde defaults.

use serde::{Deserialize, Serialize};

use crate::actions::{Action, Channel};

/// Which plugin build a practice runs (or a conversation started on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PluginRef {
    pub name: String,
    pub version: String,
    /// sha256 of the component bytes, hex.
    pub hash: String,
}

impl std::fmt::Display for PluginRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}@{}", self.name, self.version)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Practice {
    pub id: String,
    pub name: String,
    /// IANA zone name.
    pub time_zone: String,
    /// E.164 numbers patients call and text.
    pub numbers: Vec<String>,
    /// Kept in clear: Twilio signatures are HMACs keyed by it.
    pub twilio_auth_token: String,
    pub plugin: PluginRef,
    /// The practice's config as given (TOML).
    pub config: String,
    /// What the plugin's `validate-config` made of it.
    #[serde(with = "b64")]
    pub prepared_config: Vec<u8>,
    /// sha256 (hex) of the bearer token gateways use for the JSON API.
    pub gateway_token_sha256: String,
    /// sha256 (hex) of the bearer token staff use to read the queue.
    pub staff_token_sha256: String,
    pub created_at: i64,
    pub updated_at: i64,
    /// Where outbound texts go (a Twilio-REST-compatible Messages API).
    #[serde(default)]
    pub outbound: Option<OutboundGateway>,
    /// Office hours; without them the practice is treated as always closed
    /// for "next business day" wording, and the plugin is told so.
    #[serde(default)]
    pub hours: Option<crate::hours::OfficeHours>,
    /// Who gets paged for urgent problems.
    #[serde(default)]
    pub on_call: Option<OnCall>,
    /// Named staff and practice-admin tokens (hashed), beside the
    /// practice's original gateway and staff tokens.
    #[serde(default)]
    pub tokens: Vec<RoleToken>,
    /// What the practice lets plugins do and whose plugins it accepts.
    #[serde(default)]
    pub plugin_policy: PluginPolicy,
    /// The host's safety net for this practice: levels raised, wording,
    /// extra phrases (never off).
    #[serde(default)]
    pub safety: crate::safety::SafetySettings,
    /// The carrier's text-to-speech voice for each language on calls.
    #[serde(default)]
    pub voices: Voices,
}

/// Which voice reads `<Say>` on a practice's calls, by language: the
/// carrier's voice names (Twilio: `Polly.Joanna-Neural`,
/// `Google.es-US-Neural2-A`, `alice`, …). Unset, the carrier's default.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Voices {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub english: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spanish: Option<String>,
}

impl Voices {
    /// Each name 1 to 64 letters, digits, `.`, `-` or `_` (so it is safe in
    /// an XML attribute and looks like a voice name).
    pub fn validate(&self) -> Result<(), String> {
        for (language, name) in [("english", &self.english), ("spanish", &self.spanish)] {
            if let Some(name) = name
                && (name.is_empty()
                    || name.len() > 64
                    || !name.chars().all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c)))
            {
                return Err(format!(
                    "`voices.{language}` must be a voice name of 1 to 64 letters, digits, dots, dashes or underscores"
                ));
            }
        }
        Ok(())
    }

    pub fn for_language(&self, language: crate::language::Language) -> Option<&str> {
        match language {
            crate::language::Language::English => self.english.as_deref(),
            crate::language::Language::Spanish => self.spanish.as_deref(),
        }
    }
}

/// A practice's rules for the plugins it runs (set by its admin).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginPolicy {
    /// Capabilities the practice grants (`calls`, `texts`, ...). `None`
    /// grants every capability of the contract, which is what practices
    /// created before policies existed had.
    #[serde(default)]
    pub grants: Option<Vec<String>>,
    /// Vendor public keys (ed25519, hex) the practice trusts.
    #[serde(default)]
    pub trusted_keys: Vec<String>,
    /// Only install packages signed by one of `trusted_keys`.
    #[serde(default)]
    pub require_signed: bool,
}

/// The on-call rota as the host pages it: the primary first, again if no
/// one acknowledges within `ack_minutes`, then the backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnCall {
    /// E.164.
    pub primary: String,
    /// E.164; without one the primary is paged a third time.
    #[serde(default)]
    pub backup: Option<String>,
    #[serde(default = "default_ack_minutes")]
    pub ack_minutes: u32,
}

fn default_ack_minutes() -> u32 {
    15
}

/// What a practice-scoped token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Work the queues, read transcripts, check the audit chain.
    Staff,
    /// Staff, plus managing the practice's tokens.
    Admin,
}

/// A named practice token. Only its sha256 is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleToken {
    /// `k` + digits; stable across rotations.
    pub id: String,
    /// Who holds it (`dr-lee`, `front-desk`): the actor in audit events.
    pub name: String,
    pub role: Role,
    pub sha256: String,
    pub created_at: i64,
    pub rotated_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A Twilio-REST-compatible gateway for outbound texts: messages are
/// `POST {base_url}/2010-04-01/Accounts/{account_sid}/Messages.json`,
/// authenticated with the account sid and the practice's auth token.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutboundGateway {
    pub base_url: String,
    pub account_sid: String,
    /// The practice number texts come from (E.164).
    pub from_number: String,
    /// Local quiet hours for non-urgent outreach, `HH:MM`; default 21:00–08:00.
    #[serde(default)]
    pub quiet_start: Option<String>,
    #[serde(default)]
    pub quiet_end: Option<String>,
}

/// A registered plugin component (content-addressed).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PluginRecord {
    pub plugin: PluginRef,
    pub specialty: String,
    pub capabilities: Vec<String>,
    pub config_schema: String,
    pub size: u64,
    pub registered_at: i64,
    /// Set when the plugin was published as a package (not a bare component).
    #[serde(default)]
    pub package: Option<PackageInfo>,
}

/// What the registry keeps about a published package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageInfo {
    /// sha256 of the package file, hex (its content address).
    pub sha256: String,
    /// The contract version the component was built against, e.g. `0.1.0`.
    pub contract: String,
    /// The ed25519 public key (hex) that signed the package, if signed.
    pub signed_by: Option<String>,
    /// How many conversation tests it ships.
    pub tests: u32,
    /// Who published it (`vendor` or `admin`).
    pub published_by: String,
}

/// One entry in a practice's plugin history: a version (with its config)
/// that became active. Revisions count up from 1 and are never reused.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PluginRevision {
    pub revision: u32,
    pub plugin: PluginRef,
    pub config: String,
    #[serde(with = "b64")]
    pub prepared_config: Vec<u8>,
    /// `baseline` (what ran before the first recorded install), `install`
    /// or `rollback`.
    pub action: String,
    /// For a rollback, the revision it returned to.
    pub restored: Option<u32>,
    /// Shipped conversation tests that passed before it went live.
    pub tests_passed: u32,
    pub at: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Conversation {
    pub id: String,
    pub channel: Channel,
    /// The patient's number.
    pub caller: String,
    /// The version that wrote `state`; a conversation finishes on it.
    pub plugin: PluginRef,
    #[serde(with = "b64")]
    pub state: Vec<u8>,
    pub turns: u32,
    pub finished: bool,
    pub started_at: i64,
    pub updated_at: i64,
    /// The language it is held in (`en`, `es`); absent on records written
    /// before languages were kept, which read as English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// What came in on a turn.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Inbound {
    pub text: Option<String>,
    pub digits: Option<String>,
}

/// A plugin fault, as recorded (no patient data: the kind and the host's
/// own description).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRecord {
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TurnRecord {
    pub seq: u32,
    pub received_at: i64,
    pub channel: Channel,
    pub inbound: Inbound,
    pub actions: Vec<Action>,
    pub plugin: PluginRef,
    pub fault: Option<FaultRecord>,
    /// What the host's safety net did on this turn, if anything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub safety: Option<crate::safety::net::SafetyRecord>,
    /// The language the turn was held in (records from before languages
    /// were kept read as English).
    #[serde(default)]
    pub language: crate::language::Language,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QueueKind {
    Refill,
    PriorAuth,
    Callback,
    ClinicalUrgent,
    Scheduling,
}

/// FHIR Task.priority.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    Routine,
    Urgent,
    Asap,
    Stat,
}

/// FHIR Task.status, as staff move an item along.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QueueStatus {
    Requested,
    Accepted,
    Completed,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueueField {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: String,
    pub kind: QueueKind,
    pub priority: Priority,
    pub status: QueueStatus,
    pub summary: String,
    pub fields: Vec<QueueField>,
    /// The patient's number.
    pub caller: String,
    pub channel: Channel,
    pub conversation_id: String,
    /// `plugin` or `host` (the host's fault fallback).
    pub source: String,
    pub created_at: i64,
}

/// Base64 for byte fields, so JSON records stay compact.
pub(super) mod b64 {
    use base64::Engine;
    use base64::engine::general_purpose::STANDARD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&STANDARD.encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}
