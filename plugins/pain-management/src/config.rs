//! The practice's configuration: parsed from TOML, checked once at install
//! time, and stored by the host in a prepared binary form.
//!
//! `validate-config` runs [`prepare`]: TOML → [`RawConfig`] (serde,
//! unknown keys rejected) → checks that collect every problem with its
//! dotted path → [`PreparedConfig`], encoded with postcard. Every turn gets
//! those bytes back from `practice.config` and [`PreparedConfig::decode`]s
//! them — the turn budget is tens of microseconds, so nothing is parsed or
//! normalized per turn, and the large sections (booking, prior
//! authorization, escalation) stay encoded until a turn reads them
//! ([`Section`]).
//!
//! Practice-written texts are run through the outbound guard here, so a
//! policy text that would be blocked (e.g. one mentioning a dose) is
//! rejected with a clear error at install time instead of being replaced
//! mid-conversation.

pub mod booking;
pub mod escalation;
mod locate;
mod policies;
mod prior_auth;
mod section;
pub mod spanish;

use serde::{Deserialize, Serialize};
use switchboard_common::guard;
use switchboard_common::intent::Matcher;
use switchboard_common::normalize::Utterance;
use switchboard_common::phone::is_e164;
use switchboard_sdk::ConfigError;

use crate::medications::{BUILT_IN, ExtraMedication, Schedule};
use crate::procedures::PriorAuthConfig;
pub use policies::{DEFAULT_MAX_FAILED_TRIES, Policies, Policy};
pub use section::Section;

/// The TOML document as written (see `demo-config.toml`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawConfig {
    pub practice_name: String,
    pub greeting: Option<String>,
    pub staff_callback_hours: String,
    pub refills: RawRefills,
    #[serde(default)]
    pub transfer: RawTransfer,
    #[serde(default)]
    pub texts: RawTexts,
    #[serde(default)]
    pub policies: policies::RawPolicies,
    pub prior_auth: Option<prior_auth::RawPriorAuth>,
    pub booking: Option<booking::RawBooking>,
    #[serde(default)]
    pub conversation: policies::RawConversation,
    #[serde(default)]
    pub escalation: escalation::RawEscalation,
    #[serde(default)]
    pub spanish: spanish::RawSpanish,
    #[serde(default)]
    pub insurance: RawInsurance,
    #[serde(default)]
    pub records: RawRecords,
}

/// `[insurance]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawInsurance {
    #[serde(default)]
    pub accepted: Vec<String>,
    /// How to get a new card to the practice ("can I text a picture?").
    pub new_card: Option<String>,
    /// How workers' compensation and accident claims are handled.
    pub injury_claims: Option<String>,
}

/// `[records]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRecords {
    pub turnaround: Option<String>,
    /// How to send a form or a request ("fax or drop off?").
    pub how_to_send: Option<String>,
    /// What releasing records to someone else takes ("do I need to sign
    /// something?").
    pub authorization: Option<String>,
}

/// The front desk's answers: plans accepted, how long records take.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskConfig {
    /// Plan names as patients say them ("Humana Medicare Advantage").
    pub accepted_plans: Vec<String>,
    pub records_turnaround: Option<String>,
    pub new_card: Option<String>,
    pub injury_claims: Option<String>,
    pub records_how_to_send: Option<String>,
    pub records_authorization: Option<String>,
}

/// `[refills]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawRefills {
    pub controlled_timeline: String,
    #[serde(default)]
    pub controlled_steps: Vec<String>,
    pub non_controlled_timeline: String,
    pub run_out_instructions: String,
    #[serde(default)]
    pub extra_controlled: Vec<RawExtraControlled>,
}

/// One `[[refills.extra-controlled]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawExtraControlled {
    pub name: String,
    pub schedule: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

/// `[transfer]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTransfer {
    pub number: Option<String>,
}

/// `[texts]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawTexts {
    #[serde(default)]
    pub name_medications: bool,
}

/// The checked configuration a turn works from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreparedConfig {
    pub practice_name: String,
    /// The opening sentence (the configured greeting, or one made from the
    /// practice name).
    pub greeting: String,
    pub staff_callback_hours: String,
    pub refills: RefillPolicy,
    pub extra_controlled: Vec<ExtraMedication>,
    /// Where a voice caller who asks for a person is transferred; without
    /// one, staff call back.
    pub transfer_number: Option<String>,
    /// Whether outbound texts may name the medication (minimum necessary:
    /// off unless the practice says so).
    pub texts_name_medications: bool,
    /// The practice's policy answers, word for word.
    pub policies: Policies,
    /// How authorizations work and the procedure catalogue; without it,
    /// prior-authorization questions go straight to the authorization staff.
    /// Decoded when a turn reads it ([`PreparedConfig::prior_auth`]).
    pub prior_auth: Option<Section<PriorAuthConfig>>,
    /// What patients can book themselves, procedure prep and hold tables;
    /// without it, appointment requests go to the scheduling staff.
    /// Decoded when a turn reads it ([`PreparedConfig::booking`]).
    pub booking: Option<Section<booking::BookingConfig>>,
    /// Failed tries at one question before staff take over.
    pub max_failed_tries: u8,
    /// Red-flag criteria, levels and wording; after-hours callbacks.
    /// Decoded when a turn reads it ([`PreparedConfig::escalation`]).
    pub escalation: Section<escalation::Escalation>,
    /// The practice's Spanish for its own texts (`[spanish]`).
    pub spanish: spanish::SpanishTexts,
    /// `[insurance]` and `[records]`.
    pub desk: DeskConfig,
}

/// The practice's refill wording, delivered verbatim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefillPolicy {
    pub controlled_timeline: String,
    pub controlled_steps: Vec<String>,
    pub non_controlled_timeline: String,
    pub run_out_instructions: String,
}

/// Leading byte of the encoding, so a later plugin version can tell an
/// older prepared config from garbage.
const FORMAT: u8 = 5;

const MAX_NAME: usize = 100;
const MAX_TEXT: usize = 400;
/// Plans a practice lists in `[insurance] accepted`.
const MAX_PLANS: usize = 60;
const MAX_STEPS: usize = 8;
const MAX_MEDICATION_NAME: usize = 60;
/// The longest text a carrier delivers (Twilio: 1,600 characters), which is
/// also the host's bound on one reply.
const MAX_SMS: usize = 1600;

impl PreparedConfig {
    /// The bytes `validate-config` returns.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![FORMAT];
        // Serializing owned strings and vectors into a Vec cannot fail.
        out.extend(postcard::to_allocvec(self).unwrap_or_default());
        out
    }

    pub fn prior_auth(&self) -> Option<&PriorAuthConfig> {
        self.prior_auth.as_ref().map(Section::get)
    }

    pub fn booking(&self) -> Option<&booking::BookingConfig> {
        self.booking.as_ref().map(Section::get)
    }

    pub fn escalation(&self) -> &escalation::Escalation {
        self.escalation.get()
    }

    /// Read back what [`encode`](Self::encode) produced.
    pub fn decode(bytes: &[u8]) -> Result<Self, String> {
        match bytes.split_first() {
            Some((&FORMAT, rest)) => postcard::from_bytes(rest).map_err(|e| format!("prepared config unreadable: {e}")),
            Some((v, _)) => Err(format!("prepared config has unknown format {v}")),
            None => Err("prepared config is empty".into()),
        }
    }
}

/// Parse and check a practice's TOML config.
pub fn prepare(toml_text: &str) -> Result<PreparedConfig, Vec<ConfigError>> {
    let raw: RawConfig = toml::from_str(toml_text).map_err(|e| vec![locate::error(toml_text, &e)])?;
    check(raw)
}

fn check(raw: RawConfig) -> Result<PreparedConfig, Vec<ConfigError>> {
    let mut errors = Vec::new();
    let mut text = |path: &str, value: &str, max: usize| check_text(&mut errors, path, value, max);
    text("practice-name", &raw.practice_name, MAX_NAME);
    if let Some(greeting) = &raw.greeting {
        text("greeting", greeting, MAX_TEXT);
    }
    text("staff-callback-hours", &raw.staff_callback_hours, MAX_TEXT);
    let r = &raw.refills;
    text("refills.controlled-timeline", &r.controlled_timeline, MAX_TEXT);
    text("refills.non-controlled-timeline", &r.non_controlled_timeline, MAX_TEXT);
    text("refills.run-out-instructions", &r.run_out_instructions, MAX_TEXT);
    for (i, step) in r.controlled_steps.iter().enumerate() {
        text(&format!("refills.controlled-steps[{i}]"), step, MAX_TEXT);
    }
    if r.controlled_steps.len() > MAX_STEPS {
        errors.push(error("refills.controlled-steps", format!("at most {MAX_STEPS} steps")));
    }
    // A first text can carry the greeting, the plugin's own sentences and
    // every refill text at once; it must fit one message.
    let greeting = raw.greeting.as_ref().map_or(raw.practice_name.chars().count() + 30, |g| g.chars().count());
    let reply: usize = [&r.controlled_timeline, &r.run_out_instructions]
        .into_iter()
        .chain(&r.controlled_steps)
        .map(|t| t.trim().chars().count() + 1)
        .sum::<usize>()
        + greeting
        + 1
        + crate::conversation::replies::refill_ack_fixed_chars();
    if reply > MAX_SMS {
        errors.push(error(
            "refills",
            format!(
                "a first text (greeting, acknowledgement, timeline, steps and run-out instructions) would be {reply} characters; a text holds at most {MAX_SMS}"
            ),
        ));
    }
    let extra_controlled = check_extras(&mut errors, &r.extra_controlled);
    if let Some(number) = &raw.transfer.number
        && !is_e164(number)
    {
        errors.push(error("transfer.number", "must be an E.164 number such as +15125550100"));
    }
    let policies = policies::check(&mut errors, &raw.policies);
    let prior_auth = raw.prior_auth.as_ref().map(|p| prior_auth::check(&mut errors, p));
    let booking = raw.booking.as_ref().map(|b| booking::check(&mut errors, b, prior_auth.as_ref()));
    let max_failed_tries = policies::check_conversation(&mut errors, &raw.conversation);
    let escalation = escalation::check(&mut errors, &raw.escalation);
    if !errors.is_empty() {
        return Err(errors);
    }
    let greeting = raw
        .greeting
        .map(|g| g.trim().to_owned())
        .unwrap_or_else(|| format!("Thank you for contacting {}.", raw.practice_name.trim()));
    let refills = raw.refills;
    let trimmed_steps: Vec<String> = refills.controlled_steps.iter().map(|s| s.trim().to_owned()).collect();
    for (i, plan) in raw.insurance.accepted.iter().enumerate() {
        let path = format!("insurance.accepted[{i}]");
        if plan.trim().is_empty() || plan.chars().count() > MAX_NAME {
            errors.push(error(&path, format!("must be a plan name of 1 to {MAX_NAME} characters")));
        }
    }
    if raw.insurance.accepted.len() > MAX_PLANS {
        errors.push(error("insurance.accepted", format!("at most {MAX_PLANS} plans")));
    }
    let mut desk_text = |path: &str, text: &Option<String>| {
        if let Some(text) = text {
            check_text(&mut errors, path, text, MAX_TEXT);
        }
        text.as_ref().map(|t| t.trim().to_owned())
    };
    let desk = DeskConfig {
        accepted_plans: raw.insurance.accepted.iter().map(|p| p.trim().to_owned()).collect(),
        records_turnaround: desk_text("records.turnaround", &raw.records.turnaround),
        new_card: desk_text("insurance.new-card", &raw.insurance.new_card),
        injury_claims: desk_text("insurance.injury-claims", &raw.insurance.injury_claims),
        records_how_to_send: desk_text("records.how-to-send", &raw.records.how_to_send),
        records_authorization: desk_text("records.authorization", &raw.records.authorization),
    };
    let spanish = spanish::check(
        &mut errors,
        &raw.spanish,
        &spanish::English {
            greeting: &greeting,
            staff_callback_hours: raw.staff_callback_hours.trim(),
            controlled_timeline: refills.controlled_timeline.trim(),
            controlled_steps: &trimmed_steps,
            non_controlled_timeline: refills.non_controlled_timeline.trim(),
            run_out_instructions: refills.run_out_instructions.trim(),
            policies: &policies,
            prior_auth: raw.prior_auth.as_ref().map(|p| (p.process.trim(), p.timeline.trim())),
            desk: [
                ("records-turnaround", "[records] turnaround", desk.records_turnaround.as_deref()),
                ("insurance-new-card", "[insurance] new-card", desk.new_card.as_deref()),
                ("insurance-injury-claims", "[insurance] injury-claims", desk.injury_claims.as_deref()),
                ("records-how-to-send", "[records] how-to-send", desk.records_how_to_send.as_deref()),
                ("records-authorization", "[records] authorization", desk.records_authorization.as_deref()),
            ],
        },
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(PreparedConfig {
        practice_name: raw.practice_name.trim().to_owned(),
        greeting,
        staff_callback_hours: raw.staff_callback_hours.trim().to_owned(),
        refills: RefillPolicy {
            controlled_timeline: refills.controlled_timeline.trim().to_owned(),
            controlled_steps: refills.controlled_steps.iter().map(|s| s.trim().to_owned()).collect(),
            non_controlled_timeline: refills.non_controlled_timeline.trim().to_owned(),
            run_out_instructions: refills.run_out_instructions.trim().to_owned(),
        },
        extra_controlled,
        transfer_number: raw.transfer.number,
        texts_name_medications: raw.texts.name_medications,
        policies,
        prior_auth: prior_auth.map(Section::new),
        booking: booking.map(Section::new),
        max_failed_tries,
        escalation: Section::new(escalation),
        spanish,
        desk,
    })
}

/// Texts patients read or hear: present, bounded, and acceptable to the
/// outbound guard; never asking for an opt-out keyword as a reply.
fn check_text(errors: &mut Vec<ConfigError>, path: &str, value: &str, max: usize) {
    let value = value.trim();
    if value.is_empty() {
        errors.push(error(path, "must not be empty"));
        return;
    }
    if value.chars().count() > max {
        errors.push(error(path, format!("must be at most {max} characters")));
    }
    if let Some(finding) = guard::classify(value) {
        errors.push(error(
            path,
            format!(
                "would be blocked by the outbound guard ({} language: \"{}\"); patients must never hear it, so reword it",
                finding.rule.as_str(),
                finding.words
            ),
        ));
    }
    const OPT_OUT: Matcher<'static, ()> = Matcher::exact(&[(
        (),
        &["reply * cancel", "reply * stop", "text * cancel", "text * stop", "send * cancel", "send * stop"],
    )]);
    if OPT_OUT.matches(Utterance::new(value, |_| false).tokens(), ()) {
        errors.push(error(
            path,
            "asks patients to text an opt-out keyword (STOP, CANCEL), which unsubscribes them from every message",
        ));
    }
}

fn check_extras(errors: &mut Vec<ConfigError>, extras: &[RawExtraControlled]) -> Vec<ExtraMedication> {
    let mut out: Vec<ExtraMedication> = Vec::new();
    for (i, extra) in extras.iter().enumerate() {
        let base = format!("refills.extra-controlled[{i}]");
        let schedule = Schedule::parse(&extra.schedule);
        if schedule.is_none() {
            errors.push(error(&format!("{base}.schedule"), "must be one of II, III, IV, V"));
        }
        let mut names = Vec::new();
        let labelled = core::iter::once((format!("{base}.name"), &extra.name))
            .chain(extra.aliases.iter().enumerate().map(|(j, a)| (format!("{base}.aliases[{j}]"), a)));
        for (path, name) in labelled {
            let Some(normalized) = check_spoken_name(errors, &path, name, MAX_MEDICATION_NAME) else { continue };
            if let Some(builtin) = BUILT_IN
                .iter()
                .find(|m| m.schedule.is_some() && m.names.iter().any(|n| n.trim_end_matches('!') == normalized))
            {
                let schedule = builtin.schedule.map_or("", Schedule::as_str);
                errors.push(error(
                    &path,
                    format!("\"{name}\" is already built in as {} (Schedule {schedule})", builtin.name),
                ));
            } else if names.contains(&normalized) || out.iter().any(|e| e.names.contains(&normalized)) {
                errors.push(error(&path, format!("\"{name}\" is listed more than once")));
            } else {
                names.push(normalized);
            }
        }
        if let (Some(schedule), false) = (schedule, names.is_empty()) {
            out.push(ExtraMedication { name: names[0].clone(), schedule, names });
        }
    }
    out
}

/// A name the plugin reads back to callers (a medication, a procedure):
/// it must have letters or digits, fit `max` characters and pass the
/// outbound guard. Returns its normalised form, or records why not.
pub(crate) fn check_spoken_name(errors: &mut Vec<ConfigError>, path: &str, name: &str, max: usize) -> Option<String> {
    let normalized = Utterance::new(name, |_| false).text();
    if normalized.is_empty() {
        errors.push(error(path, "must contain letters or digits"));
    } else if name.chars().count() > max {
        errors.push(error(path, format!("must be at most {max} characters")));
    } else if let Some(finding) = guard::classify(name) {
        errors.push(error(
            path,
            format!(
                "would be blocked by the outbound guard ({} language: \"{}\")",
                finding.rule.as_str(),
                finding.words
            ),
        ));
    } else {
        return Some(normalized);
    }
    None
}

fn error(path: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { path: path.to_owned(), message: message.into() }
}

/// The config format as shown to practices (`describe().config-schema`).
pub const SCHEMA: &str = include_str!("config/schema.txt");

#[cfg(test)]
mod tests;
