//! Per-practice install, upgrade and rollback.
//!
//! Before a version goes live for a practice:
//! 1. the practice's policy allows it: signed by a trusted vendor key when
//!    the practice requires signatures, and asking for no capability the
//!    practice has not granted (an ungranted capability refuses the
//!    install, so a practice never discovers it mid-conversation);
//! 2. that very version validates the config (`validate-config`);
//! 3. the package's own conversation tests pass with the practice's config
//!    and time zone, in the real sandbox on a throwaway store;
//! 4. then one transaction switches the practice and records the revision.
//!
//! A rollback returns to an earlier revision (by default the newest one
//! that differs from what runs now). That revision already passed its checks
//! with exactly that config, so only the policy is checked again and the
//! switch is immediate.
//!
//! Conversations in progress keep the version they started on (their state
//! is tagged with it); new ones start on the new version; the old version is
//! unloaded once nothing uses it ([`crate::runtime::PluginSlots`]).

use std::sync::Arc;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use super::package::Package;
use super::{RegistryError, TestFailure};
use crate::capabilities::{Grants, capability_name};
use crate::practices::ConfigProblem;
use crate::runtime::bindings::Capability;
use crate::runtime::{LoadedPlugin, LoadedSlot, PluginSlots, Runtime};
use crate::store::{PluginRecord, PluginRevision, Practice, Store, SwitchReads};
use crate::transcripts::Suite;

/// `POST /v1/practices/{practice}/plugin`
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct InstallRequest {
    /// The plugin's name (`pain-management`).
    pub plugin: String,
    pub version: String,
    /// The config (TOML text); the practice's current config when absent.
    #[serde(default)]
    pub config: Option<String>,
}

/// `POST /v1/practices/{practice}/plugin/rollback`
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RollbackRequest {
    /// The revision to return to; the newest one that differs from the
    /// active one when absent.
    #[serde(default)]
    pub revision: Option<u32>,
}

/// What an install or rollback did.
#[derive(Debug, Clone, Serialize)]
pub struct SwitchReport {
    pub practice: String,
    pub active: RevisionView,
    pub previous: String,
    /// Shipped tests run (and passed) before the switch; 0 for a rollback.
    pub tests_passed: u32,
    /// Checks before the switch (config, tests), in milliseconds.
    pub checks_ms: f64,
    /// From the start of the switch (for a rollback: from the request) until
    /// the new version is active, i.e. new turns read it, in microseconds.
    pub active_us: u64,
    /// Until the switch is on disk too (the answer waits for this).
    pub switch_us: u64,
}

/// A history entry as the API shows it (the prepared config stays inside).
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    pub revision: u32,
    pub plugin: String,
    pub hash: String,
    pub action: String,
    pub restored: Option<u32>,
    pub tests_passed: u32,
    pub at: i64,
    pub config: String,
}

impl From<&PluginRevision> for RevisionView {
    fn from(r: &PluginRevision) -> Self {
        RevisionView {
            revision: r.revision,
            plugin: r.plugin.to_string(),
            hash: r.plugin.hash.clone(),
            action: r.action.clone(),
            restored: r.restored,
            tests_passed: r.tests_passed,
            at: r.at,
            config: r.config.clone(),
        }
    }
}

/// `GET /v1/practices/{practice}/plugin`
#[derive(Debug, Clone, Serialize)]
pub struct PluginStatus {
    pub practice: String,
    pub active: String,
    pub hash: String,
    /// The revision that is active, when the active version came through
    /// the registry (a practice created with a plugin has none until its
    /// first install records it as the baseline).
    pub revision: Option<u32>,
    pub history: Vec<RevisionView>,
    pub policy: crate::store::PluginPolicy,
    /// Versions loaded in this host right now, with their open conversations.
    pub loaded: Vec<LoadedSlot>,
}

/// A version ready for its tests: loaded, its prepared config, its package
/// (none for a bare component).
type Prepared = (Arc<LoadedPlugin>, Vec<u8>, Option<Package>);

/// The shared handles an install needs.
#[derive(Clone)]
pub struct Installer {
    pub store: Store,
    pub runtime: Runtime,
    pub slots: PluginSlots,
}

impl Installer {
    pub fn status(&self, practice_id: &str) -> Result<PluginStatus, RegistryError> {
        let practice = self.practice(practice_id)?;
        let history = self.store.plugin_history(practice_id)?;
        let revision = history.last().filter(|r| same_state(r, &practice)).map(|r| r.revision);
        Ok(PluginStatus {
            practice: practice.id.clone(),
            active: practice.plugin.to_string(),
            hash: practice.plugin.hash.clone(),
            revision,
            history: history.iter().map(RevisionView::from).collect(),
            policy: practice.plugin_policy.clone(),
            loaded: self.slots.loaded(practice_id),
        })
    }

    /// Install (or upgrade to) a published version.
    pub async fn install(&self, practice_id: &str, request: InstallRequest) -> Result<SwitchReport, RegistryError> {
        let started = Instant::now();
        let practice = self.practice(practice_id)?;
        let key = format!("{}@{}", request.plugin, request.version);
        let record =
            self.store.plugin(&key)?.ok_or_else(|| RegistryError::NotFound(format!("published plugin {key}")))?;
        let config = request.config.unwrap_or_else(|| practice.config.clone());
        let this = self.clone();
        let (plugin, prepared, package) = {
            let (practice, record, config) = (practice.clone(), record.clone(), config.clone());
            blocking(move || this.prepare(&practice, &record, &config)).await?
        };
        let tests_passed = match &package {
            Some(package) => self.run_shipped_tests(&practice, &plugin, package, &config).await?,
            None => 0,
        };
        let checks_ms = started.elapsed().as_secs_f64() * 1e3;
        let checked = practice;
        let entry = move |practice: &Practice, _: &SwitchReads<'_>, revision| {
            // What the checks ran against must still be what runs, and the
            // policy (which may have narrowed while the tests ran) must
            // still allow the version.
            if practice.plugin.hash != checked.plugin.hash || practice.config != checked.config {
                return Err(RegistryError::Conflict(
                    "the practice's plugin changed while this request was checked; try again".into(),
                ));
            }
            check_policy(practice, &record)?;
            Ok(PluginRevision {
                revision,
                plugin: record.plugin.clone(),
                config: config.clone(),
                prepared_config: prepared.clone(),
                action: "install".into(),
                restored: None,
                tests_passed,
                at: crate::clock::now_ms(),
            })
        };
        let this = self.clone();
        let id = practice_id.to_string();
        let mut report = blocking(move || this.switch(&id, Instant::now(), entry)).await?;
        report.checks_ms = checks_ms;
        Ok(report)
    }

    /// Return to an earlier revision. The choice is made inside the switch's
    /// transaction, on the practice and history as they are there.
    pub async fn rollback(&self, practice_id: &str, request: RollbackRequest) -> Result<SwitchReport, RegistryError> {
        let this = self.clone();
        let id = practice_id.to_string();
        let requested = Instant::now();
        blocking(move || {
            this.switch(&id, requested, |practice, reads, revision| {
                let target = match request.revision {
                    Some(n) => reads.newest_summary(|r| r.revision == n),
                    None => reads.newest_summary(|r| !r.is_state_of(practice)),
                }
                .ok_or_else(|| match request.revision {
                    Some(n) => RegistryError::NotFound(format!("revision {n} of practice {}", practice.id)),
                    None => RegistryError::Invalid("there is no earlier revision to roll back to".into()),
                })?;
                let target = reads.revision(target.revision)?.ok_or_else(|| {
                    RegistryError::Internal(format!("revision {} of {} is missing", target.revision, practice.id))
                })?;
                if same_state(&target, practice) {
                    return Err(RegistryError::Invalid(format!("revision {} is already active", target.revision)));
                }
                let record = reads
                    .plugin(&target.plugin.to_string())?
                    .ok_or_else(|| RegistryError::NotFound(format!("published plugin {}", target.plugin)))?;
                // The policy may have changed since that revision went live.
                check_policy(practice, &record)?;
                Ok(PluginRevision {
                    revision,
                    action: "rollback".into(),
                    restored: Some(target.revision),
                    tests_passed: 0,
                    at: crate::clock::now_ms(),
                    ..target
                })
            })
        })
        .await
    }

    /// Policy, load, validate: everything before the tests.
    fn prepare(&self, practice: &Practice, record: &PluginRecord, config: &str) -> Result<Prepared, RegistryError> {
        let plugin = self.load(record)?;
        check_policy(practice, record)?;
        let prepared = match plugin.validate_config(config) {
            Ok(Ok(prepared)) => prepared,
            Ok(Err(errors)) => {
                return Err(RegistryError::Config(
                    errors.into_iter().map(|e| ConfigProblem { path: e.path, message: e.message }).collect(),
                ));
            }
            Err(fault) => {
                return Err(RegistryError::Rejected(format!("the plugin failed while validating the config: {fault}")));
            }
        };
        let package = match &record.package {
            Some(info) => {
                let bytes = self
                    .store
                    .package(&info.sha256)?
                    .ok_or_else(|| RegistryError::Internal(format!("package {} is missing", info.sha256)))?;
                Some(Package::read(&bytes)?)
            }
            None => None,
        };
        Ok((plugin, prepared, package))
    }

    /// The package's tests, against this practice's config and time zone.
    async fn run_shipped_tests(
        &self,
        practice: &Practice,
        plugin: &LoadedPlugin,
        package: &Package,
        config: &str,
    ) -> Result<u32, RegistryError> {
        if package.tests.is_empty() {
            return Ok(0);
        }
        let patients = package.test_patients.clone().unwrap_or_default();
        let (runtime, component, config, zone) =
            (self.runtime.clone(), package.component.clone(), config.to_string(), practice.time_zone.clone());
        debug_assert_eq!(crate::runtime::content_hash(&component), plugin.reference.hash);
        let mut suite = blocking(move || {
            // Shipped tests book against the demo schedule, as `switchboard
            // test` does by default.
            Suite::with_runtime(&runtime, &component, &config, &zone, &patients, crate::demo::DEMO_SCHEDULE)
                .map_err(|e| RegistryError::Rejected(format!("the shipped tests could not be set up: {e:#}")))
        })
        .await?;
        let mut failures = Vec::new();
        for (path, text) in &package.tests {
            let outcome = suite.run_text(path, text).await;
            if !outcome.failures.is_empty() {
                failures.push(TestFailure { test: format!("{path} ({})", outcome.name), failures: outcome.failures });
            }
        }
        if failures.is_empty() {
            Ok(package.tests.len() as u32)
        } else {
            Err(RegistryError::TestsFailed { failed: failures.len(), total: package.tests.len(), failures })
        }
    }

    /// The atomic switch: `choose` picks the revision to activate (numbered
    /// `revision`) from the practice as it is inside the transaction; it is
    /// written to the history with the practice's new version in that one
    /// transaction, flushed with its audit entry; then the old version is
    /// unloaded if nothing uses it.
    fn switch(
        &self,
        practice_id: &str,
        started: Instant,
        choose: impl Fn(&Practice, &SwitchReads<'_>, u32) -> Result<PluginRevision, RegistryError>,
    ) -> Result<SwitchReport, RegistryError> {
        let now = crate::clock::now_ms();
        let switched = self.store.switch_plugin::<RegistryError>(practice_id, now, |practice, reads| {
            let last = reads.newest_summary(|_| true);
            let mut next = last.map_or(1, |r| r.revision + 1);
            let mut entries = Vec::with_capacity(2);
            // The first recorded change keeps what ran before it, so it can
            // be rolled back to (practices created or changed through the
            // practice API have no revision for their current state).
            if !last.is_some_and(|r| r.is_state_of(practice)) {
                entries.push(PluginRevision {
                    revision: next,
                    plugin: practice.plugin.clone(),
                    config: practice.config.clone(),
                    prepared_config: practice.prepared_config.clone(),
                    action: "baseline".into(),
                    restored: None,
                    tests_passed: 0,
                    at: practice.updated_at,
                });
                next += 1;
            }
            entries.push(choose(practice, reads, next)?);
            Ok(entries)
        })?;
        let active_us = started.elapsed().as_micros() as u64;
        let (previous, updated) = (&switched.before, &switched.after);
        let active = switched.entries.last().expect("a switch writes one entry at least");
        let event = crate::store::AuditEvent {
            actor: "admin".into(),
            action: if active.action == "rollback" { "plugin.rolled-back" } else { "plugin.installed" }.into(),
            subject: Some(updated.plugin.to_string()),
            detail: serde_json::json!({
                "revision": active.revision,
                "from": previous.plugin.to_string(),
                "hash": updated.plugin.hash,
                "tests-passed": active.tests_passed,
            }),
        };
        self.store.audit(practice_id, now, event)?;
        // One flush covers the switch and its audit entry.
        self.store.make_durable()?;
        let switch_us = started.elapsed().as_micros() as u64;
        self.slots.sweep(practice_id, now);
        Ok(SwitchReport {
            practice: practice_id.to_string(),
            active: active.into(),
            previous: previous.plugin.to_string(),
            tests_passed: active.tests_passed,
            checks_ms: 0.0,
            active_us,
            switch_us,
        })
    }

    /// Change what a practice allows. A narrower grant that the active
    /// version needs is refused: switch versions first.
    pub fn set_policy(
        &self,
        practice_id: &str,
        mut policy: crate::store::PluginPolicy,
    ) -> Result<crate::store::PluginPolicy, RegistryError> {
        if let Some(grants) = &mut policy.grants {
            for name in grants.iter() {
                if !crate::capabilities::is_grant_name(name) {
                    return Err(RegistryError::Invalid(format!(
                        "{name:?} is not a capability ({})",
                        crate::capabilities::grant_names().join(", ")
                    )));
                }
            }
            grants.sort();
            grants.dedup();
        }
        for key in &mut policy.trusted_keys {
            *key = super::signing::parse_public_key(key).map_err(RegistryError::Invalid)?;
        }
        if policy.require_signed && policy.trusted_keys.is_empty() {
            return Err(RegistryError::Invalid("`require_signed` needs at least one key in `trusted_keys`".into()));
        }
        let current = self.practice(practice_id)?;
        // The registry entry of the running build (a rebuilt bundled plugin
        // may have replaced the entry under the same name and version).
        let record = self.store.plugin(&current.plugin.to_string())?.filter(|r| r.plugin.hash == current.plugin.hash);
        let check = |practice: &Practice| {
            if practice.plugin.hash != current.plugin.hash {
                return Err(crate::store::StoreError::Conflict(
                    "the practice's plugin changed meanwhile; try again".into(),
                ));
            }
            Ok(())
        };
        if let Some(record) = &record {
            let mut candidate = current.clone();
            candidate.plugin_policy = policy.clone();
            check_policy(&candidate, record)
                .map_err(|e| RegistryError::Policy(format!("the active version would break this policy: {e}")))?;
        }
        let updated = self.store.set_plugin_policy(practice_id, check, &policy, crate::clock::now_ms())?;
        self.store.make_durable()?;
        Ok(updated.plugin_policy)
    }

    fn practice(&self, id: &str) -> Result<Practice, RegistryError> {
        self.store.practice(id)?.ok_or_else(|| RegistryError::NotFound(format!("practice {id}")))
    }

    fn load(&self, record: &PluginRecord) -> Result<Arc<LoadedPlugin>, RegistryError> {
        let bytes = self
            .store
            .component(&record.plugin.hash)?
            .ok_or_else(|| RegistryError::Internal(format!("component of {} is missing", record.plugin)))?;
        Ok(LoadedPlugin::load(&self.runtime, &bytes, Some(&self.store))?)
    }
}

/// Signature and capability rules of the practice's policy.
/// Capabilities come from the registry record (what `describe` said at
/// publish time), so a rollback need not load the plugin.
fn check_policy(practice: &Practice, record: &PluginRecord) -> Result<(), RegistryError> {
    let policy = &practice.plugin_policy;
    if policy.require_signed {
        let signer = record.package.as_ref().and_then(|p| p.signed_by.as_deref());
        match signer {
            None => {
                return Err(RegistryError::Policy(format!(
                    "practice {} only installs signed plugins, and {} is not signed",
                    practice.id, record.plugin
                )));
            }
            Some(key) if !policy.trusted_keys.iter().any(|k| k == key) => {
                return Err(RegistryError::Policy(format!(
                    "{} is signed by {key}, which practice {} does not trust",
                    record.plugin, practice.id
                )));
            }
            Some(_) => {}
        }
    }
    let granted = Grants::from_policy(policy);
    let missing: Vec<&str> = record
        .capabilities
        .iter()
        .filter(|name| !record_capability(name).is_some_and(|c| granted.allows(c)))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        return Err(RegistryError::Policy(format!(
            "{} asks for capabilities practice {} does not grant: {}",
            record.plugin,
            practice.id,
            missing.join(", ")
        )));
    }
    Ok(())
}

/// A capability as a registry record names it: the WIT name, or the
/// lowercased `Debug` form (`capability::textsoutbound`) that records made
/// before the registry existed carry.
fn record_capability(name: &str) -> Option<Capability> {
    let legacy = name.rsplit("::").next().unwrap_or(name);
    crate::capabilities::capability_from_name(name).or_else(|| {
        crate::capabilities::CAPABILITIES.into_iter().find(|c| capability_name(*c).replace('-', "") == legacy)
    })
}

/// Does this revision describe what the practice runs now?
fn same_state(revision: &PluginRevision, practice: &Practice) -> bool {
    revision.plugin.hash == practice.plugin.hash && revision.config == practice.config
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, RegistryError> + Send + 'static,
) -> Result<T, RegistryError> {
    tokio::task::spawn_blocking(f).await.map_err(|e| RegistryError::Internal(e.to_string()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_capabilities_are_read_in_both_spellings() {
        assert_eq!(record_capability("texts-outbound"), Some(Capability::TextsOutbound));
        assert_eq!(record_capability("capability::textsoutbound"), Some(Capability::TextsOutbound));
        assert_eq!(record_capability("capability::calls"), Some(Capability::Calls));
        assert_eq!(record_capability("teleport"), None);
    }
}
