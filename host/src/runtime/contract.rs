//! Which version of the `switchboard:plugin` contract a component was built
//! against, read from the names of its imports and exports
//! (`switchboard:plugin/calls@0.1.0`), and whether this host can run it.
//!
//! The policy (wit/COMPATIBILITY.md): a host runs plugins built against its
//! own contract version and at least the previous minor version (this one
//! runs every minor since 0.1). All link to the same host functions
//! (`link.rs`); the version found here is the name under which a
//! component's exports are looked up.

use wasmtime::Engine;
use wasmtime::component::Component;

/// The WIT package name every plugin import and export belongs to.
pub const PACKAGE: &str = "switchboard:plugin";

/// The host's own contract version: the one `wit/` declares and
/// `bindings.rs` is generated from.
pub const CURRENT: ContractVersion = ContractVersion { major: 0, minor: 3, patch: 0 };

/// Contract versions this host links, newest first: its own and the
/// previous minors (frozen in `wit/v0.2` and `wit/v0.1`). A component built
/// against a later patch of one of these (docs only, by the policy) links
/// too.
pub const SUPPORTED: &[ContractVersion] =
    &[CURRENT, ContractVersion { major: 0, minor: 2, patch: 0 }, ContractVersion { major: 0, minor: 1, patch: 0 }];

/// A contract version as found in a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContractVersion {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl std::fmt::Display for ContractVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl ContractVersion {
    pub fn parse(text: &str) -> Option<ContractVersion> {
        let mut parts = text.splitn(3, '.');
        let major = parts.next()?.parse().ok()?;
        let minor = parts.next()?.parse().ok()?;
        // Pre-release or build suffixes are not part of our contract names.
        let patch = parts.next()?.parse().ok()?;
        Some(ContractVersion { major, minor, patch })
    }

    pub fn supported(self) -> bool {
        SUPPORTED.iter().any(|s| (s.major, s.minor) == (self.major, self.minor))
    }
}

/// Find the contract version of `component` and check this host runs it.
/// Every `switchboard:plugin` name must carry the same version, and the
/// component must export the `plugin` interface.
pub fn check(engine: &Engine, component: &Component) -> Result<ContractVersion, String> {
    let ty = component.component_type();
    let mut found: Option<ContractVersion> = None;
    let exports_plugin =
        ty.exports(engine).any(|(n, _)| n.strip_prefix(PACKAGE).and_then(|r| r.strip_prefix("/plugin@")).is_some());
    let names = ty.imports(engine).map(|(n, _)| n.to_string()).chain(ty.exports(engine).map(|(n, _)| n.to_string()));
    for name in names {
        let Some(rest) = name.strip_prefix(PACKAGE).and_then(|r| r.strip_prefix('/')) else { continue };
        let (_, version) = rest
            .split_once('@')
            .ok_or_else(|| format!("{name} has no version; plugins must be built against a versioned contract"))?;
        let version = ContractVersion::parse(version).ok_or_else(|| format!("{name} has an unreadable version"))?;
        match found {
            Some(v) if v != version => {
                return Err(format!("the component mixes contract versions {v} and {version}"));
            }
            _ => found = Some(version),
        }
    }
    let version = found.ok_or_else(|| format!("the component does not use the {PACKAGE} contract at all"))?;
    if !exports_plugin {
        return Err(format!("the component does not export {PACKAGE}/plugin"));
    }
    if !version.supported() {
        return Err(format!("the component was built against {PACKAGE}@{version}; this host runs {}", runs()));
    }
    Ok(version)
}

/// The supported minors for people: `0.3.x, 0.2.x and 0.1.x`.
fn runs() -> String {
    let runs: Vec<String> = SUPPORTED.iter().map(|s| format!("{}.{}.x", s.major, s.minor)).collect();
    match runs.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => runs.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_parse_and_only_supported_minors_pass() {
        let v = ContractVersion::parse("0.1.3").unwrap();
        assert_eq!((v.major, v.minor, v.patch), (0, 1, 3));
        assert!(v.supported(), "the previous minor, any patch");
        assert!(ContractVersion::parse("0.2.0").unwrap().supported());
        assert!(ContractVersion::parse("0.3.0").unwrap().supported());
        assert!(!ContractVersion::parse("0.4.0").unwrap().supported());
        assert!(!ContractVersion::parse("0.0.9").unwrap().supported());
        assert!(!ContractVersion::parse("1.1.0").unwrap().supported());
        assert!(ContractVersion::parse("0.1").is_none());
        assert!(ContractVersion::parse("x.1.0").is_none());
        assert_eq!(runs(), "0.3.x, 0.2.x and 0.1.x");
    }
}
