//! The demo practice, installed on an empty data directory so that the
//! README's first command gives a working practice at once.

use crate::practices::{self, AdminError, IssuedTokens, PracticeSpec};
use crate::runtime::Runtime;
use crate::store::{PluginRecord, Store};

pub const DEMO_ID: &str = "demo";
pub const DEMO_NUMBER: &str = "+15550100000";
/// The demo practice's patient directory (Maria Gonzalez among them).
pub const DEMO_PATIENTS: &str = include_str!("../demo/patients.csv");
/// The demo practice's providers and weekly templates (openings every week).
pub const DEMO_SCHEDULE: &str = include_str!("../scheduling/demo-schedule.json");

/// Secrets that were generated because the environment did not set them;
/// the caller prints them once.
#[derive(Debug, Default)]
pub struct GeneratedSecrets {
    pub lines: Vec<(String, String)>,
}

/// Make sure the demo practice exists and runs `bundled`, this build's
/// pain-management plugin (see [`register_bundled`]).
pub fn install(
    store: &Store,
    runtime: &Runtime,
    bundled: &PluginRecord,
    secrets: &mut GeneratedSecrets,
) -> Result<(), AdminError> {
    let twilio_env = std::env::var("SWITCHBOARD_DEMO_TWILIO_TOKEN").ok().filter(|t| !t.is_empty());
    match store.practice(DEMO_ID)? {
        None => {
            let twilio_token = twilio_env.unwrap_or_else(|| {
                let token = crate::tokens::generate()[..32].to_string();
                secrets.lines.push(("SWITCHBOARD_DEMO_TWILIO_TOKEN".into(), token.clone()));
                token
            });
            let tokens = IssuedTokens {
                gateway_token: env_or_generate("SWITCHBOARD_DEMO_GATEWAY_TOKEN", secrets),
                staff_token: env_or_generate("SWITCHBOARD_DEMO_STAFF_TOKEN", secrets),
            };
            let spec = PracticeSpec {
                id: Some(DEMO_ID.into()),
                // The name patients hear (the plugin config's practice-name) and the
                // one staff and on-call pages carry are the same.
                name: Some("Riverside Pain & Spine".into()),
                time_zone: Some("America/New_York".into()),
                numbers: Some(vec![DEMO_NUMBER.into()]),
                twilio_auth_token: Some(twilio_token),
                plugin: Some(bundled.plugin.to_string()),
                config: Some(switchboard_artifacts::PAIN_MANAGEMENT_DEMO_CONFIG.into()),
                outbound_gateway: None,
                hours: Some(office_hours()),
                on_call: Some(on_call()),
                safety: None,
                voices: None,
            };
            practices::create_practice(store, runtime, spec, Some(tokens))?;
            let patients = crate::patients_csv::parse(DEMO_PATIENTS)
                .map_err(|errors| AdminError::Invalid(format!("the demo directory is invalid: {errors:?}")))?;
            store.put_patients(DEMO_ID, &patients, true)?;
            use switchboard_scheduling::ScheduleBackend;
            store
                .schedule()
                .load_config_json(DEMO_ID, DEMO_SCHEDULE)
                .map_err(|e| AdminError::Invalid(format!("the demo schedule is invalid: {e}")))?;
            tracing::info!(practice = DEMO_ID, plugin = %bundled.plugin, "installed the demo practice");
        }
        Some(demo) => {
            let mut spec = PracticeSpec::default();
            if demo.plugin.name == bundled.plugin.name && demo.plugin.hash != bundled.plugin.hash {
                spec.plugin = Some(bundled.plugin.to_string());
            }
            if let Some(token) = twilio_env.filter(|t| *t != demo.twilio_auth_token) {
                spec.twilio_auth_token = Some(token);
            }
            for (var, current) in [
                ("SWITCHBOARD_DEMO_GATEWAY_TOKEN", &demo.gateway_token_sha256),
                ("SWITCHBOARD_DEMO_STAFF_TOKEN", &demo.staff_token_sha256),
            ] {
                if let Ok(token) = std::env::var(var)
                    && !token.is_empty()
                    && !crate::tokens::matches(&token, current)
                {
                    tracing::warn!("{var} differs from the stored demo token; rotate tokens through the admin API");
                }
            }
            // Demo practices from before office hours and the on-call rota.
            if demo.hours.is_none() {
                spec.hours = Some(office_hours());
            }
            if demo.on_call.is_none() {
                spec.on_call = Some(on_call());
            }
            if spec.plugin.is_some()
                || spec.twilio_auth_token.is_some()
                || spec.hours.is_some()
                || spec.on_call.is_some()
            {
                practices::update_practice(store, runtime, DEMO_ID, spec)?;
            }
        }
    }
    Ok(())
}

/// The demo practice's office hours: weekdays 8 to 5 (New York), closed
/// on the major US holidays.
pub fn office_hours() -> crate::hours::OfficeHours {
    use crate::hours::Day;
    let weekly = [Day::Mon, Day::Tue, Day::Wed, Day::Thu, Day::Fri]
        .into_iter()
        .map(|day| (day, "08:00-17:00".to_string()))
        .collect();
    let holidays = ["2026-11-26", "2026-12-25", "2027-01-01", "2027-05-31", "2027-07-05", "2027-09-06"];
    crate::hours::OfficeHours { weekly, holidays: holidays.map(String::from).to_vec() }
}

/// The demo on-call rota (fictional 555 numbers).
pub fn on_call() -> crate::store::OnCall {
    crate::store::OnCall { primary: "+15550100911".into(), backup: Some("+15550100912".into()), ack_minutes: 15 }
}

/// Register the plugin this build carries, so any practice can run it.
pub fn register_bundled(store: &Store, runtime: &Runtime) -> Result<PluginRecord, AdminError> {
    let bytes = switchboard_artifacts::PAIN_MANAGEMENT;
    match practices::register_plugin(store, runtime, bytes) {
        Ok(record) => Ok(record),
        // A rebuilt bundled plugin with an unchanged version number: this
        // build's bytes are the bundled plugin now. Practices on the old
        // bytes keep them (the component stays stored) until updated.
        Err(AdminError::Conflict(_)) => {
            let record = practices::register_plugin_replacing(store, runtime, bytes)?;
            tracing::info!(plugin = %record.plugin, "registered a rebuilt bundled plugin");
            Ok(record)
        }
        Err(e) => Err(e),
    }
}

fn env_or_generate(var: &str, secrets: &mut GeneratedSecrets) -> String {
    match std::env::var(var) {
        Ok(token) if !token.is_empty() => token,
        _ => {
            let token = crate::tokens::generate();
            secrets.lines.push((var.into(), token.clone()));
            token
        }
    }
}
