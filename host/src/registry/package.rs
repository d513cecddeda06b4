//! The plugin package: the one file a vendor publishes.
//!
//! A package is an uncompressed POSIX tar archive (so `tar tf` shows what is
//! inside) with these entries and nothing else:
//!
//! | path | what |
//! |---|---|
//! | `manifest.toml` | required: `format = 1`, `name`, `version`, `contract` (e.g. `switchboard:plugin@0.2.0`), `component-sha256` |
//! | `plugin.wasm` | required: the component |
//! | `tests/*.toml` | the plugin's own conversation tests (transcripts, `host/src/transcripts/format.rs`) |
//! | `tests/patients.csv` | optional: the patient directory the tests expect |
//! | `config.example.toml` | optional: a config the tests pass with, for vendors and the simulator |
//! | `signature.toml` | optional: `key` and `signature`, hex ed25519 over the package digest |
//!
//! The package digest is sha256 over `switchboard-package-v1\0` followed by
//! every entry except `signature.toml`, in path order, each as its path, a
//! NUL byte, its length (u64, little-endian) and its bytes. It does not
//! depend on tar headers, so re-packing the same files keeps a signature
//! valid, and a signature cannot be moved to other contents.
//!
//! [`Package::build`] writes entries in path order with fixed headers
//! (mtime 0, mode 0644, uid/gid 0), so the same inputs give the same bytes
//! and therefore the same content address.

use std::collections::BTreeMap;
use std::io::Read;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The package format version this host reads and writes.
pub const FORMAT: u32 = 1;
const MAX_ENTRIES: usize = 512;
const MAX_PATH: usize = 120;
const MAX_TEST_BYTES: u64 = 256 << 10;
const MAX_COMPONENT_BYTES: u64 = 64 << 20;

pub const MANIFEST: &str = "manifest.toml";
pub const COMPONENT: &str = "plugin.wasm";
pub const SIGNATURE: &str = "signature.toml";
pub const EXAMPLE_CONFIG: &str = "config.example.toml";
pub const TEST_PATIENTS: &str = "tests/patients.csv";

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PackageError {
    #[error("not a plugin package: {0}")]
    Malformed(String),
    #[error("the package manifest is invalid: {0}")]
    Manifest(String),
    #[error("the package's signature is invalid: {0}")]
    Signature(String),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Manifest {
    pub format: u32,
    pub name: String,
    pub version: String,
    /// The WIT package the component was built against.
    pub contract: String,
    pub component_sha256: String,
    /// A line for the registry listing.
    #[serde(default)]
    pub description: Option<String>,
}

/// `key` and `signature`, both hex.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureFile {
    pub key: String,
    pub signature: String,
}

/// A package, read and checked for shape (not yet for what the component does).
#[derive(Debug, Clone)]
pub struct Package {
    pub manifest: Manifest,
    pub component: Vec<u8>,
    /// Test transcripts by path (`tests/NAME.toml`), in path order.
    pub tests: BTreeMap<String, String>,
    pub test_patients: Option<String>,
    pub example_config: Option<String>,
    pub signature: Option<SignatureFile>,
    /// The digest the signature covers (see the module docs).
    pub digest: [u8; 32],
}

impl Package {
    /// Read a package file. Every entry is checked: unknown, duplicate or
    /// oversized entries are refused, never ignored.
    pub fn read(bytes: &[u8]) -> Result<Package, PackageError> {
        let malformed = |m: String| PackageError::Malformed(m);
        let mut entries: BTreeMap<String, Vec<u8>> = BTreeMap::new();
        let mut archive = tar::Archive::new(bytes);
        let iter = archive.entries().map_err(|e| malformed(format!("not a tar archive ({e})")))?;
        for entry in iter {
            let mut entry = entry.map_err(|e| malformed(format!("not a tar archive ({e})")))?;
            let kind = entry.header().entry_type();
            let path = entry
                .path()
                .map_err(|e| malformed(format!("an entry has an unreadable path ({e})")))?
                .to_string_lossy()
                .into_owned();
            if kind.is_dir() {
                continue;
            }
            if !kind.is_file() {
                return Err(malformed(format!("{path:?} is not a regular file")));
            }
            check_path(&path)?;
            let limit = if path == COMPONENT { MAX_COMPONENT_BYTES } else { MAX_TEST_BYTES };
            if entry.size() > limit {
                return Err(malformed(format!("{path} is larger than {limit} bytes")));
            }
            let mut data = Vec::with_capacity(entry.size() as usize);
            entry.read_to_end(&mut data).map_err(|e| malformed(format!("cannot read {path} ({e})")))?;
            if entries.insert(path.clone(), data).is_some() {
                return Err(malformed(format!("{path} appears twice")));
            }
            if entries.len() > MAX_ENTRIES {
                return Err(malformed(format!("more than {MAX_ENTRIES} entries")));
            }
        }
        Package::from_entries(entries)
    }

    fn from_entries(mut entries: BTreeMap<String, Vec<u8>>) -> Result<Package, PackageError> {
        let digest = digest(&entries);
        let text = |path: &str, bytes: Vec<u8>| {
            String::from_utf8(bytes).map_err(|_| PackageError::Malformed(format!("{path} is not UTF-8 text")))
        };
        let manifest_bytes =
            entries.remove(MANIFEST).ok_or_else(|| PackageError::Malformed(format!("{MANIFEST} is missing")))?;
        let manifest: Manifest =
            toml::from_str(&text(MANIFEST, manifest_bytes)?).map_err(|e| PackageError::Manifest(e.to_string()))?;
        let component =
            entries.remove(COMPONENT).ok_or_else(|| PackageError::Malformed(format!("{COMPONENT} is missing")))?;
        manifest.check(&component)?;
        let signature = match entries.remove(SIGNATURE) {
            Some(bytes) => Some(
                toml::from_str::<SignatureFile>(&text(SIGNATURE, bytes)?)
                    .map_err(|e| PackageError::Signature(e.to_string()))?,
            ),
            None => None,
        };
        let example_config = entries.remove(EXAMPLE_CONFIG).map(|b| text(EXAMPLE_CONFIG, b)).transpose()?;
        let test_patients = entries.remove(TEST_PATIENTS).map(|b| text(TEST_PATIENTS, b)).transpose()?;
        let mut tests = BTreeMap::new();
        for (path, bytes) in entries {
            // check_path admitted only tests/*.toml beyond the named entries.
            let transcript = text(&path, bytes)?;
            tests.insert(path, transcript);
        }
        Ok(Package { manifest, component, tests, test_patients, example_config, signature, digest })
    }

    /// Write a package. `signature` is added as given (see [`super::signing`]).
    pub fn build(&self) -> Vec<u8> {
        let mut entries = self.unsigned_entries();
        if let Some(signature) = &self.signature {
            let text = toml::to_string(signature).expect("a signature always serializes");
            entries.insert(SIGNATURE.into(), text.into_bytes());
        }
        let mut builder = tar::Builder::new(Vec::new());
        for (path, data) in &entries {
            let mut header = tar::Header::new_ustar();
            header.set_size(data.len() as u64);
            header.set_mode(0o644);
            header.set_mtime(0);
            header.set_uid(0);
            header.set_gid(0);
            header.set_entry_type(tar::EntryType::Regular);
            builder.append_data(&mut header, path, data.as_slice()).expect("writing to memory cannot fail");
        }
        builder.into_inner().expect("writing to memory cannot fail")
    }

    /// Assemble a package from its parts (the manifest is derived from the
    /// component's own description by the caller).
    pub fn new(
        manifest: Manifest,
        component: Vec<u8>,
        tests: BTreeMap<String, String>,
        test_patients: Option<String>,
        example_config: Option<String>,
    ) -> Result<Package, PackageError> {
        manifest.check(&component)?;
        for path in tests.keys() {
            check_path(path)?;
            if !is_test_path(path) {
                return Err(PackageError::Malformed(format!("{path} is not tests/NAME.toml")));
            }
        }
        let mut package =
            Package { manifest, component, tests, test_patients, example_config, signature: None, digest: [0; 32] };
        package.digest = digest(&package.unsigned_entries());
        Ok(package)
    }

    fn unsigned_entries(&self) -> BTreeMap<String, Vec<u8>> {
        let mut entries = BTreeMap::new();
        let manifest = toml::to_string(&self.manifest).expect("a manifest always serializes");
        entries.insert(MANIFEST.to_string(), manifest.into_bytes());
        entries.insert(COMPONENT.to_string(), self.component.clone());
        for (path, text) in &self.tests {
            entries.insert(path.clone(), text.clone().into_bytes());
        }
        if let Some(csv) = &self.test_patients {
            entries.insert(TEST_PATIENTS.to_string(), csv.clone().into_bytes());
        }
        if let Some(config) = &self.example_config {
            entries.insert(EXAMPLE_CONFIG.to_string(), config.clone().into_bytes());
        }
        entries
    }
}

impl Manifest {
    fn check(&self, component: &[u8]) -> Result<(), PackageError> {
        let bad = |m: String| Err(PackageError::Manifest(m));
        if self.format != FORMAT {
            return bad(format!("format {} is not supported (this host reads format {FORMAT})", self.format));
        }
        if self.name.is_empty() || self.name.len() > 64 || !self.name.bytes().all(is_name_byte) {
            return bad("`name` must be 1-64 lowercase letters, digits and dashes".into());
        }
        if self.version.is_empty() || self.version.len() > 64 || !self.version.bytes().all(is_version_byte) {
            return bad("`version` must be a semantic version like 1.2.0".into());
        }
        let actual = hex::encode(Sha256::digest(component));
        if self.component_sha256 != actual {
            return bad(format!("`component-sha256` is {}, but plugin.wasm hashes to {actual}", self.component_sha256));
        }
        Ok(())
    }
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'
}

fn is_version_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'+'
}

fn is_test_path(path: &str) -> bool {
    path.strip_prefix("tests/").is_some_and(|name| !name.contains('/') && name.ends_with(".toml") && name.len() > 5)
}

/// Only the entries the format names; the host never writes these paths to
/// disk, but a strict list keeps packages unambiguous.
fn check_path(path: &str) -> Result<(), PackageError> {
    let safe = !path.is_empty()
        && path.len() <= MAX_PATH
        && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b))
        && !path.split('/').any(|part| part.is_empty() || part == "." || part == "..");
    let known = [MANIFEST, COMPONENT, SIGNATURE, EXAMPLE_CONFIG, TEST_PATIENTS].contains(&path) || is_test_path(path);
    if safe && known {
        Ok(())
    } else {
        Err(PackageError::Malformed(format!(
            "unexpected entry {path:?} (a package holds manifest.toml, plugin.wasm, tests/*.toml, \
             tests/patients.csv, config.example.toml and signature.toml)"
        )))
    }
}

fn digest(entries: &BTreeMap<String, Vec<u8>>) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(b"switchboard-package-v1\0");
    for (path, data) in entries {
        if path == SIGNATURE {
            continue;
        }
        hasher.update(path.as_bytes());
        hasher.update([0]);
        hasher.update((data.len() as u64).to_le_bytes());
        hasher.update(data);
    }
    hasher.finalize().into()
}

/// Is this a package, or a bare component (`\0asm`)?
pub fn is_bare_component(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\0asm")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Package {
        let component = b"\0asm\x0d\0\x01\0".to_vec();
        let manifest = Manifest {
            format: FORMAT,
            name: "sample".into(),
            version: "1.0.0".into(),
            contract: "switchboard:plugin@0.1.0".into(),
            component_sha256: hex::encode(Sha256::digest(&component)),
            description: None,
        };
        let tests = BTreeMap::from([("tests/hello.toml".to_string(), "name = \"x\"".to_string())]);
        Package::new(manifest, component, tests, None, Some("greeting = \"hi\"".into())).unwrap()
    }

    #[test]
    fn a_built_package_reads_back_identically_and_deterministically() {
        let package = sample();
        let bytes = package.build();
        assert_eq!(bytes, sample().build(), "same inputs, same bytes");
        let read = Package::read(&bytes).unwrap();
        assert_eq!(read.manifest, package.manifest);
        assert_eq!(read.component, package.component);
        assert_eq!(read.tests, package.tests);
        assert_eq!(read.example_config, package.example_config);
        assert_eq!(read.digest, package.digest);
    }

    #[test]
    fn the_digest_ignores_the_signature_but_covers_everything_else() {
        let mut package = sample();
        let unsigned = package.digest;
        package.signature = Some(SignatureFile { key: "00".into(), signature: "00".into() });
        assert_eq!(Package::read(&package.build()).unwrap().digest, unsigned);
        package.tests.insert("tests/other.toml".into(), "name = \"y\"".into());
        assert_ne!(Package::read(&package.build()).unwrap().digest, unsigned);
    }

    #[test]
    fn bad_packages_are_refused_with_a_reason() {
        assert!(matches!(Package::read(b"hello"), Err(PackageError::Malformed(_))));

        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_ustar();
        header.set_size(1);
        builder.append_data(&mut header, "etc/passwd", &b"x"[..]).unwrap();
        let err = Package::read(&builder.into_inner().unwrap()).unwrap_err();
        assert!(err.to_string().contains("unexpected entry"), "{err}");

        let mut package = sample();
        package.manifest.component_sha256 = "0".repeat(64);
        let err = Package::read(&package.build()).unwrap_err();
        assert!(matches!(err, PackageError::Manifest(ref m) if m.contains("hashes to")), "{err}");

        let mut package = sample();
        package.manifest.name = "Bad Name".into();
        assert!(matches!(Package::read(&package.build()), Err(PackageError::Manifest(_))));
    }
}
