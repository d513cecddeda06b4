//! Adding and changing practices and registering plugin components: the
//! checks shared by the admin API, the CLI (through the API) and the demo
//! install. Nothing is stored unless every check passes.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::capabilities::calls_is_e164;
use crate::runtime::{LoadedPlugin, Runtime, RuntimeError};
use crate::store::{PluginRecord, Practice, Store, StoreError};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error("{0}")]
    Invalid(String),
    #[error("the plugin rejected the config")]
    Config(Vec<ConfigProblem>),
    #[error("{0} not found")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error(transparent)]
    Runtime(#[from] RuntimeError),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<StoreError> for AdminError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AdminError::NotFound(what),
            StoreError::Conflict(what) => AdminError::Conflict(what),
            StoreError::Invalid(what) => AdminError::Invalid(what),
            other => AdminError::Internal(other.to_string()),
        }
    }
}

/// One problem `validate-config` found, with the dotted path of the field.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConfigProblem {
    pub path: String,
    pub message: String,
}

/// A practice as the admin API accepts it. Unset fields keep their value on
/// update; all but tokens are required on creation.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PracticeSpec {
    pub id: Option<String>,
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub numbers: Option<Vec<String>>,
    pub twilio_auth_token: Option<String>,
    /// `name@version` of a registered plugin.
    pub plugin: Option<String>,
    /// The plugin config (TOML text).
    pub config: Option<String>,
    /// The gateway outbound texts go through.
    pub outbound_gateway: Option<crate::store::OutboundGateway>,
    /// Office hours and holidays, in the practice's time zone.
    pub hours: Option<crate::hours::OfficeHours>,
    /// Who is paged for urgent problems.
    pub on_call: Option<crate::store::OnCall>,
    /// The host's safety net: raise a criterion's level, reword its
    /// instruction, add phrases.
    pub safety: Option<crate::safety::SafetySettings>,
    /// The carrier voice for each language on calls.
    pub voices: Option<crate::store::Voices>,
}

/// Tokens issued when a practice is created; shown once, stored hashed.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedTokens {
    pub gateway_token: String,
    pub staff_token: String,
}

/// The public view of a practice (no secrets).
#[derive(Debug, Clone, Serialize)]
pub struct PracticeView {
    pub id: String,
    pub name: String,
    pub time_zone: String,
    pub numbers: Vec<String>,
    pub plugin: String,
    pub plugin_hash: String,
    pub config: String,
    pub hours: Option<crate::hours::OfficeHours>,
    pub on_call: Option<crate::store::OnCall>,
    pub safety: crate::safety::SafetySettings,
    pub voices: crate::store::Voices,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<&Practice> for PracticeView {
    fn from(p: &Practice) -> Self {
        PracticeView {
            id: p.id.clone(),
            name: p.name.clone(),
            time_zone: p.time_zone.clone(),
            numbers: p.numbers.clone(),
            plugin: p.plugin.to_string(),
            plugin_hash: p.plugin.hash.clone(),
            config: p.config.clone(),
            hours: p.hours.clone(),
            on_call: p.on_call.clone(),
            safety: p.safety.clone(),
            voices: p.voices.clone(),
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// Compile, check and `describe` a component, then store it content-addressed.
pub fn register_plugin(store: &Store, runtime: &Runtime, bytes: &[u8]) -> Result<PluginRecord, AdminError> {
    register(store, runtime, bytes, false)
}

/// Like [`register_plugin`], but a different build under the same
/// `name@version` replaces the registry entry (for the host's own bundled
/// plugin only; vendors must bump the version).
pub fn register_plugin_replacing(store: &Store, runtime: &Runtime, bytes: &[u8]) -> Result<PluginRecord, AdminError> {
    register(store, runtime, bytes, true)
}

fn register(store: &Store, runtime: &Runtime, bytes: &[u8], replace: bool) -> Result<PluginRecord, AdminError> {
    let plugin = LoadedPlugin::load(runtime, bytes, Some(store))?;
    let d = &plugin.description;
    if d.name.is_empty() || d.version.is_empty() || d.name.contains('@') {
        return Err(AdminError::Invalid("the plugin must describe itself with a name (no '@') and a version".into()));
    }
    if let Some(existing) = store.plugin(&plugin.reference.to_string())?
        && existing.plugin.hash != plugin.reference.hash
        && !replace
    {
        return Err(AdminError::Conflict(format!(
            "{} is already registered with different content; publish a new version",
            plugin.reference
        )));
    }
    store.put_component(&plugin.reference.hash, bytes)?;
    let record = PluginRecord {
        plugin: plugin.reference.clone(),
        specialty: d.specialty.clone(),
        capabilities: d.capabilities.iter().map(|c| crate::capabilities::capability_name(*c).to_string()).collect(),
        config_schema: d.config_schema.clone(),
        size: bytes.len() as u64,
        registered_at: crate::clock::now_ms(),
        package: None,
    };
    store.put_plugin(&record)?;
    Ok(record)
}

/// Create a practice; returns it with its freshly issued tokens.
pub fn create_practice(
    store: &Store,
    runtime: &Runtime,
    spec: PracticeSpec,
    tokens: Option<IssuedTokens>,
) -> Result<(Practice, IssuedTokens), AdminError> {
    let missing = |field: &str| AdminError::Invalid(format!("`{field}` is required"));
    let id = spec.id.clone().ok_or_else(|| missing("id"))?;
    validate_id(&id)?;
    let now = crate::clock::now_ms();
    let tokens = tokens.unwrap_or_else(|| IssuedTokens {
        gateway_token: crate::tokens::generate(),
        staff_token: crate::tokens::generate(),
    });
    let draft = Practice {
        id,
        name: spec.name.clone().ok_or_else(|| missing("name"))?,
        time_zone: spec.time_zone.clone().ok_or_else(|| missing("time_zone"))?,
        numbers: spec.numbers.clone().ok_or_else(|| missing("numbers"))?,
        twilio_auth_token: spec.twilio_auth_token.clone().ok_or_else(|| missing("twilio_auth_token"))?,
        plugin: crate::store::PluginRef { name: String::new(), version: String::new(), hash: String::new() },
        config: spec.config.clone().ok_or_else(|| missing("config"))?,
        prepared_config: Vec::new(),
        gateway_token_sha256: crate::tokens::hash(&tokens.gateway_token),
        staff_token_sha256: crate::tokens::hash(&tokens.staff_token),
        created_at: now,
        updated_at: now,
        outbound: None,
        hours: None,
        on_call: None,
        tokens: Vec::new(),
        plugin_policy: Default::default(),
        safety: Default::default(),
        voices: Default::default(),
    };
    let plugin = spec.plugin.clone().ok_or_else(|| missing("plugin"))?;
    let spec = PracticeSpec { plugin: Some(plugin), ..spec };
    let mut practice = draft;
    let prepared = prepare_plugin(store, runtime, &practice, &spec)?;
    apply_fields(&mut practice, &spec)?;
    install_prepared(&mut practice, prepared.as_ref())?;
    store.put_practice(&practice, true)?;
    Ok((practice, tokens))
}

/// Change a practice; unset fields keep their values. The change is made
/// to the record as it is when it is written, so a concurrent change to
/// other fields (a token revoked, a plugin policy narrowed) is kept.
pub fn update_practice(store: &Store, runtime: &Runtime, id: &str, spec: PracticeSpec) -> Result<Practice, AdminError> {
    if spec.id.as_deref().is_some_and(|new| new != id) {
        return Err(AdminError::Invalid("a practice's id cannot change".into()));
    }
    let snapshot = store.practice(id)?.ok_or_else(|| AdminError::NotFound(format!("practice {id}")))?;
    // Compiling and validating the config is slow and must not run inside
    // the transaction; it is checked against a snapshot, and the write is
    // refused if the plugin or config it was checked with changed meanwhile.
    let prepared = prepare_plugin(store, runtime, &snapshot, &spec)?;
    let (practice, ()) = store.update_practice(id, |practice| {
        apply_fields(practice, &spec)?;
        install_prepared(practice, prepared.as_ref())?;
        practice.updated_at = crate::clock::now_ms();
        Ok::<_, AdminError>(())
    })?;
    Ok(practice)
}

/// Rotate a practice's gateway and staff tokens.
pub fn rotate_tokens(store: &Store, id: &str) -> Result<IssuedTokens, AdminError> {
    let tokens = IssuedTokens { gateway_token: crate::tokens::generate(), staff_token: crate::tokens::generate() };
    store.update_practice(id, |practice| {
        practice.gateway_token_sha256 = crate::tokens::hash(&tokens.gateway_token);
        practice.staff_token_sha256 = crate::tokens::hash(&tokens.staff_token);
        practice.updated_at = crate::clock::now_ms();
        Ok::<_, AdminError>(())
    })?;
    Ok(tokens)
}

/// Set and check every field of `spec` but the plugin and its config.
/// Cheap and pure, so it can run inside a transaction (and again on retry).
fn apply_fields(practice: &mut Practice, spec: &PracticeSpec) -> Result<(), AdminError> {
    if let Some(name) = &spec.name {
        practice.name = name.clone();
    }
    if practice.name.trim().is_empty() || practice.name.len() > 200 {
        return Err(AdminError::Invalid("`name` must be 1 to 200 characters".into()));
    }
    if let Some(zone) = &spec.time_zone {
        practice.time_zone = zone.clone();
    }
    if jiff::tz::TimeZone::get(&practice.time_zone).is_err() {
        return Err(AdminError::Invalid(format!("`time_zone` {:?} is not an IANA time zone", practice.time_zone)));
    }
    if let Some(numbers) = &spec.numbers {
        practice.numbers = numbers.clone();
    }
    if practice.numbers.is_empty() || practice.numbers.len() > 50 {
        return Err(AdminError::Invalid("`numbers` must list 1 to 50 phone numbers".into()));
    }
    if let Some(bad) = practice.numbers.iter().find(|n| !calls_is_e164(n)) {
        return Err(AdminError::Invalid(format!("{bad:?} is not an E.164 phone number (like +15550100000)")));
    }
    if let Some(token) = &spec.twilio_auth_token {
        practice.twilio_auth_token = token.clone();
    }
    if practice.twilio_auth_token.len() < 8 {
        return Err(AdminError::Invalid("`twilio_auth_token` must be at least 8 characters".into()));
    }
    if let Some(gateway) = &spec.outbound_gateway {
        validate_gateway(gateway)?;
        practice.outbound = Some(gateway.clone());
    }
    if let Some(hours) = &spec.hours {
        hours.validate().map_err(AdminError::Invalid)?;
        practice.hours = Some(hours.clone());
    }
    if let Some(on_call) = &spec.on_call {
        validate_on_call(on_call)?;
        practice.on_call = Some(on_call.clone());
    }
    if let Some(safety) = &spec.safety {
        safety.validate().map_err(AdminError::Invalid)?;
        practice.safety = safety.clone();
    }
    if let Some(voices) = &spec.voices {
        voices.validate().map_err(AdminError::Invalid)?;
        practice.voices = voices.clone();
    }
    Ok(())
}

/// A plugin version and its config, validated by that very version.
struct PreparedPlugin {
    plugin: crate::store::PluginRef,
    config: String,
    prepared_config: Vec<u8>,
    /// The plugin hash and config the practice had when this was checked.
    checked_against: (String, String),
}

/// Validate the plugin and config `spec` would leave `base` with; `None`
/// when `spec` changes neither (and `base` already has a prepared config).
fn prepare_plugin(
    store: &Store,
    runtime: &Runtime,
    base: &Practice,
    spec: &PracticeSpec,
) -> Result<Option<PreparedPlugin>, AdminError> {
    if spec.plugin.is_none() && spec.config.is_none() && !base.plugin.hash.is_empty() {
        return Ok(None);
    }
    let plugin = match &spec.plugin {
        Some(plugin) => {
            store
                .plugin(plugin)?
                .ok_or_else(|| AdminError::Invalid(format!("no plugin {plugin:?} is registered (use name@version)")))?
                .plugin
        }
        None => base.plugin.clone(),
    };
    let config = spec.config.clone().unwrap_or_else(|| base.config.clone());
    let loaded = load_registered(store, runtime, &plugin.hash)?;
    let prepared_config = match loaded.validate_config(&config) {
        Ok(Ok(prepared)) => prepared,
        Ok(Err(errors)) => {
            let problems = errors.into_iter().map(|e| ConfigProblem { path: e.path, message: e.message }).collect();
            return Err(AdminError::Config(problems));
        }
        Err(fault) => return Err(RuntimeError::PluginFault { during: "validating the config", fault }.into()),
    };
    let checked_against = (base.plugin.hash.clone(), base.config.clone());
    Ok(Some(PreparedPlugin { plugin, config, prepared_config, checked_against }))
}

/// Put a prepared plugin and config on the record, unless the record's
/// plugin or config changed since they were checked.
fn install_prepared(practice: &mut Practice, prepared: Option<&PreparedPlugin>) -> Result<(), AdminError> {
    let Some(prepared) = prepared else { return Ok(()) };
    if (&practice.plugin.hash, &practice.config) != (&prepared.checked_against.0, &prepared.checked_against.1) {
        return Err(AdminError::Conflict(
            "the practice's plugin or config changed while this change was checked; try again".into(),
        ));
    }
    practice.plugin = prepared.plugin.clone();
    practice.config = prepared.config.clone();
    practice.prepared_config = prepared.prepared_config.clone();
    Ok(())
}

fn load_registered(store: &Store, runtime: &Runtime, hash: &str) -> Result<Arc<LoadedPlugin>, AdminError> {
    let bytes = store.component(hash)?.ok_or_else(|| AdminError::NotFound(format!("plugin component {hash}")))?;
    Ok(LoadedPlugin::load(runtime, &bytes, Some(store))?)
}

fn validate_gateway(gateway: &crate::store::OutboundGateway) -> Result<(), AdminError> {
    let invalid = |m: &str| Err(AdminError::Invalid(format!("`outbound_gateway`: {m}")));
    if !(gateway.base_url.starts_with("https://") || gateway.base_url.starts_with("http://")) {
        return invalid("`base_url` must be an http(s) URL");
    }
    if gateway.account_sid.is_empty() || !gateway.account_sid.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return invalid("`account_sid` must be letters and digits");
    }
    if !calls_is_e164(&gateway.from_number) {
        return invalid("`from_number` must be an E.164 number");
    }
    for time in [&gateway.quiet_start, &gateway.quiet_end].into_iter().flatten() {
        if crate::scheduler::parse_hhmm(time).is_none() {
            return invalid("quiet hours are `HH:MM`");
        }
    }
    Ok(())
}

fn validate_on_call(on_call: &crate::store::OnCall) -> Result<(), AdminError> {
    let invalid = |m: &str| Err(AdminError::Invalid(format!("`on_call`: {m}")));
    if !calls_is_e164(&on_call.primary) || on_call.backup.as_ref().is_some_and(|b| !calls_is_e164(b)) {
        return invalid("`primary` and `backup` must be E.164 numbers");
    }
    // Long enough to pick up a phone, short enough that a patient in
    // trouble is not left waiting on one person.
    if !(1..=120).contains(&on_call.ack_minutes) {
        return invalid("`ack_minutes` must be 1 to 120");
    }
    Ok(())
}

/// Practice ids appear in URLs and key prefixes: lowercase letters, digits
/// and dashes only (so never a NUL, a slash or a dot).
pub fn validate_id(id: &str) -> Result<(), AdminError> {
    let ok = (1..=64).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-');
    if ok {
        Ok(())
    } else {
        Err(AdminError::Invalid(format!(
            "practice id {id:?} must be 1-64 characters of lowercase letters, digits and dashes"
        )))
    }
}
