//! `[policies]` and `[conversation]`: the practice's policy answers, said
//! word for word, and how patient the forms are.

use serde::{Deserialize, Serialize};
use switchboard_sdk::ConfigError;

use super::check_text;

/// The longest policy text (a text message holds 1,600 characters; a
/// policy answer should leave room for the rest of a reply).
pub(super) const MAX_POLICY: usize = 700;

/// `[policies]`: every key optional. A question about a policy the
/// practice has not written goes to staff as a callback instead.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPolicies {
    pub early_refill: Option<String>,
    pub lost_stolen: Option<String>,
    pub urine_drug_screen: Option<String>,
    pub opioid_agreement: Option<String>,
    pub missed_appointment: Option<String>,
    pub office_hours: Option<String>,
    pub location: Option<String>,
    pub new_patient_referral: Option<String>,
}

/// Which policy a question is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Policy {
    EarlyRefill,
    LostStolen,
    UrineDrugScreen,
    OpioidAgreement,
    MissedAppointment,
    OfficeHours,
    Location,
    NewPatientReferral,
}

impl Policy {
    pub const ALL: [Policy; 8] = [
        Policy::EarlyRefill,
        Policy::LostStolen,
        Policy::UrineDrugScreen,
        Policy::OpioidAgreement,
        Policy::MissedAppointment,
        Policy::OfficeHours,
        Policy::Location,
        Policy::NewPatientReferral,
    ];

    /// The config key (under `[policies]`), also used in queue fields.
    pub const fn key(self) -> &'static str {
        match self {
            Policy::EarlyRefill => "early-refill",
            Policy::LostStolen => "lost-stolen",
            Policy::UrineDrugScreen => "urine-drug-screen",
            Policy::OpioidAgreement => "opioid-agreement",
            Policy::MissedAppointment => "missed-appointment",
            Policy::OfficeHours => "office-hours",
            Policy::Location => "location",
            Policy::NewPatientReferral => "new-patient-referral",
        }
    }
}

/// The checked policy texts, trimmed, in [`Policy::ALL`] order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policies {
    texts: Vec<Option<String>>,
}

impl Policies {
    /// The practice's text for `policy`, if written.
    pub fn text(&self, policy: Policy) -> Option<&str> {
        let i = Policy::ALL.iter().position(|p| *p == policy)?;
        self.texts.get(i)?.as_deref()
    }
}

pub(super) fn check(errors: &mut Vec<ConfigError>, raw: &RawPolicies) -> Policies {
    let given = [
        &raw.early_refill,
        &raw.lost_stolen,
        &raw.urine_drug_screen,
        &raw.opioid_agreement,
        &raw.missed_appointment,
        &raw.office_hours,
        &raw.location,
        &raw.new_patient_referral,
    ];
    let mut texts = Vec::with_capacity(given.len());
    for (policy, text) in Policy::ALL.iter().zip(given) {
        if let Some(text) = text {
            check_text(errors, &format!("policies.{}", policy.key()), text, MAX_POLICY);
        }
        texts.push(text.as_ref().map(|t| t.trim().to_owned()));
    }
    Policies { texts }
}

/// `[conversation]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConversation {
    pub max_failed_tries: Option<i64>,
}

/// Failed tries at one question before a person takes over, by default.
pub const DEFAULT_MAX_FAILED_TRIES: u8 = 3;

pub(super) fn check_conversation(errors: &mut Vec<ConfigError>, raw: &RawConversation) -> u8 {
    match raw.max_failed_tries {
        None => DEFAULT_MAX_FAILED_TRIES,
        Some(n @ 1..=5) => n as u8,
        Some(_) => {
            errors.push(super::error("conversation.max-failed-tries", "must be between 1 and 5"));
            DEFAULT_MAX_FAILED_TRIES
        }
    }
}
