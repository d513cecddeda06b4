//! Publishing: every check on a package before anything of it is stored.
//!
//! A bare component (`application/wasm`, the first form of publishing) is
//! still accepted and treated as an unsigned package with no tests.

use super::package::{self, Package};
use super::{RegistryError, signing};
use crate::capabilities::capability_name;
use crate::runtime::{LoadedPlugin, Runtime, contract};
use crate::store::{PackageInfo, PluginRecord, Store};
use crate::transcripts::Transcript;

/// Check and store a package (or a bare component); returns its registry
/// record. Publishing identical content again returns the same record.
pub fn publish(store: &Store, runtime: &Runtime, bytes: &[u8], publisher: &str) -> Result<PluginRecord, RegistryError> {
    let package = if package::is_bare_component(bytes) { None } else { Some(Package::read(bytes)?) };
    let signer = match &package {
        Some(package) => signing::verify(package)?,
        None => None,
    };
    let component_bytes = package.as_ref().map_or(bytes, |p| p.component.as_slice());

    let (hash, component) = runtime.compile_unstored(component_bytes)?;
    let checked = check_component(runtime, &hash, &component, component_bytes, package.as_ref());
    let (contract, plugin) = match checked {
        Ok(ok) => ok,
        Err(e) => {
            // Nothing of a rejected component stays behind, not even in memory.
            runtime.forget(&hash);
            return Err(e);
        }
    };

    let d = &plugin.description;
    let mut record = PluginRecord {
        plugin: plugin.reference.clone(),
        specialty: d.specialty.clone(),
        capabilities: d.capabilities.iter().map(|c| capability_name(*c).to_string()).collect(),
        config_schema: d.config_schema.clone(),
        size: component_bytes.len() as u64,
        registered_at: crate::clock::now_ms(),
        package: None,
    };
    if let Some(package) = &package {
        let sha256 = crate::runtime::content_hash(bytes);
        record.package = Some(PackageInfo {
            sha256: sha256.clone(),
            contract: contract.to_string(),
            signed_by: signer,
            tests: package.tests.len() as u32,
            published_by: publisher.to_string(),
        });
    }
    let key = record.plugin.to_string();
    if let Some(existing) = store.plugin(&key)? {
        // Publishing the very same file again is a no-op; anything else
        // under a taken name (other code, other tests) needs a new version.
        let same_package = existing.package.as_ref().map(|p| &p.sha256) == record.package.as_ref().map(|p| &p.sha256);
        if existing.plugin.hash == hash && same_package {
            return Ok(existing);
        }
        return Err(RegistryError::Conflict(format!(
            "{key} is already published with different content; publish a new version"
        )));
    }
    // Content first, then the name (compare-and-swap): a publish racing
    // this one for the same name can leave only unreferenced bytes behind.
    store.put_component(&hash, component_bytes)?;
    if let Some(info) = &record.package {
        store.put_package(&info.sha256, bytes)?;
    }
    runtime.persist(&hash, &component, store)?;
    let record = store.register_new_plugin(&record)?;
    store.make_durable()?;
    Ok(record)
}

/// The contract version, the world, `describe`, and the package's claims.
fn check_component(
    runtime: &Runtime,
    hash: &str,
    component: &wasmtime::component::Component,
    bytes: &[u8],
    package: Option<&Package>,
) -> Result<(contract::ContractVersion, std::sync::Arc<LoadedPlugin>), RegistryError> {
    let version = contract::check(runtime.engine(), component).map_err(RegistryError::Rejected)?;
    let plugin = LoadedPlugin::load(runtime, bytes, None)?;
    debug_assert_eq!(plugin.reference.hash, hash);
    let d = &plugin.description;
    let well_formed = |s: &str| !s.is_empty() && s.len() <= 64 && !s.contains('@') && !s.contains('/');
    if !well_formed(&d.name) || !well_formed(&d.version) {
        return Err(RegistryError::Rejected(
            "the plugin must describe itself with a name and a version (up to 64 characters, no '@' or '/')".into(),
        ));
    }
    let Some(package) = package else { return Ok((version, plugin)) };
    let m = &package.manifest;
    if m.name != d.name || m.version != d.version {
        return Err(RegistryError::Rejected(format!(
            "the manifest says {}@{}, but the component describes itself as {}@{}",
            m.name, m.version, d.name, d.version
        )));
    }
    let expected = format!("{}@{version}", contract::PACKAGE);
    if m.contract != expected {
        return Err(RegistryError::Rejected(format!(
            "the manifest says the contract is {}, but the component uses {expected}",
            m.contract
        )));
    }
    for (path, text) in &package.tests {
        Transcript::parse(text).map_err(|e| RegistryError::Rejected(format!("{path} is not a valid test: {e}")))?;
    }
    if let Some(csv) = &package.test_patients {
        crate::patients_csv::parse(csv)
            .map_err(|e| RegistryError::Rejected(format!("{}: {}", package::TEST_PATIENTS, e.join("; "))))?;
    }
    Ok((version, plugin))
}
