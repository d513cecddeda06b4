//! The registry from the command line: `plugin package | keygen | publish |
//! list` for vendors, and `practice plugin show | install | rollback |
//! policy` for a practice's admin.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use clap::{Args, Subcommand};
use sha2::{Digest, Sha256};

use super::client::{Api, ServerArgs};
use crate::registry::package::{FORMAT, Manifest, Package};
use crate::registry::signing;
use crate::runtime::limits::TurnLimits;
use crate::runtime::{LoadedPlugin, Runtime, contract};

#[derive(Subcommand)]
pub enum PluginCommand {
    /// Build the one package file a vendor publishes (component, manifest,
    /// conversation tests, optional signature); the tests must pass first.
    Package(PackageArgs),
    /// Make an ed25519 signing key: writes the secret key file, prints the public key.
    Keygen {
        /// Where to write the secret key (hex); it must not exist yet.
        #[arg(long)]
        out: PathBuf,
    },
    /// Publish a package (or a bare .wasm component). Uses --token, else
    /// SWITCHBOARD_VENDOR_TOKEN.
    Publish { file: PathBuf },
    /// List published plugins.
    List,
}

#[derive(Args)]
pub struct PackageArgs {
    /// The component (.wasm, built for wasm32-wasip2).
    #[arg(long)]
    component: PathBuf,
    /// A folder of conversation tests (*.toml); `patients.csv` in it is the tests' directory.
    #[arg(long)]
    tests: Option<PathBuf>,
    /// A config the tests pass with; shipped as config.example.toml.
    #[arg(long)]
    example_config: Option<PathBuf>,
    /// Sign with this secret key file (from `plugin keygen`).
    #[arg(long)]
    sign_key: Option<PathBuf>,
    /// A one-line description for the registry.
    #[arg(long)]
    description: Option<String>,
    /// Package without running the tests (not recommended).
    #[arg(long)]
    no_test: bool,
    /// The package file to write.
    #[arg(long, short)]
    out: PathBuf,
}

#[derive(Subcommand)]
pub enum PracticePluginCommand {
    /// The active version, the history of revisions and the policy.
    Show { id: String },
    /// Install or upgrade: checks policy, config and the package's tests, then switches.
    Install {
        id: String,
        /// NAME@VERSION of a published plugin.
        plugin: String,
        /// The config (TOML); the practice's current config when absent.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Return to an earlier revision (the previous one by default).
    Rollback {
        id: String,
        #[arg(long)]
        revision: Option<u32>,
    },
    /// Set which capabilities the practice grants and whose signatures it requires.
    Policy {
        id: String,
        /// A capability to grant (repeat); without any, every capability is granted.
        #[arg(long = "grant")]
        grants: Vec<String>,
        /// A vendor public key (hex) to trust (repeat).
        #[arg(long = "trust-key")]
        trusted_keys: Vec<String>,
        /// Only install packages signed by a trusted key.
        #[arg(long)]
        require_signed: bool,
    },
}

pub fn plugin(server: &ServerArgs, command: PluginCommand) -> anyhow::Result<()> {
    match command {
        PluginCommand::Package(args) => package(args),
        PluginCommand::Keygen { out } => keygen(&out),
        PluginCommand::Publish { file } => {
            let bytes = std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let api = Api::new(server).or_env_token(crate::gateways::vendor::ENV);
            print(&api.post_bytes("/v1/plugins", bytes)?)
        }
        PluginCommand::List => print(&Api::new(server).or_env_token(crate::gateways::vendor::ENV).get("/v1/plugins")?),
    }
}

pub fn practice_plugin(api: &Api, command: PracticePluginCommand) -> anyhow::Result<serde_json::Value> {
    match command {
        PracticePluginCommand::Show { id } => api.get(&format!("/v1/practices/{id}/plugin")),
        PracticePluginCommand::Install { id, plugin, config } => {
            let (name, version) = plugin.split_once('@').with_context(|| format!("{plugin:?} is not NAME@VERSION"))?;
            let config = config
                .map(|path| std::fs::read_to_string(&path).with_context(|| format!("cannot read {}", path.display())))
                .transpose()?;
            let body = serde_json::json!({ "plugin": name, "version": version, "config": config });
            api.post_json(&format!("/v1/practices/{id}/plugin"), &body)
        }
        PracticePluginCommand::Rollback { id, revision } => {
            api.post_json(&format!("/v1/practices/{id}/plugin/rollback"), &serde_json::json!({ "revision": revision }))
        }
        PracticePluginCommand::Policy { id, grants, trusted_keys, require_signed } => {
            let grants = (!grants.is_empty()).then_some(grants);
            let body =
                serde_json::json!({ "grants": grants, "trusted_keys": trusted_keys, "require_signed": require_signed });
            api.put_json(&format!("/v1/practices/{id}/plugin/policy"), &body)
        }
    }
}

fn print(value: &serde_json::Value) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

fn keygen(out: &Path) -> anyhow::Result<()> {
    let key = signing::generate_key();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(out).with_context(|| format!("cannot create {}", out.display()))?;
    std::io::Write::write_all(&mut file, format!("{}\n", hex::encode(key.to_bytes())).as_bytes())?;
    println!("{}", signing::public_key_hex(&key));
    Ok(())
}

fn package(args: PackageArgs) -> anyhow::Result<()> {
    let component =
        std::fs::read(&args.component).with_context(|| format!("cannot read {}", args.component.display()))?;
    // Describe the component in the real sandbox: the manifest is derived
    // from what the component says about itself, so the two cannot disagree.
    let runtime = Runtime::new(TurnLimits::default())?;
    let (_, compiled) = runtime.compile_unstored(&component).context("not a usable component")?;
    let version = contract::check(runtime.engine(), &compiled).map_err(anyhow::Error::msg)?;
    let plugin = LoadedPlugin::load(&runtime, &component, None).context("the component was rejected")?;
    let manifest = Manifest {
        format: FORMAT,
        name: plugin.description.name.clone(),
        version: plugin.description.version.clone(),
        contract: format!("{}@{version}", contract::PACKAGE),
        component_sha256: hex::encode(Sha256::digest(&component)),
        description: args.description.clone(),
    };
    let mut tests = BTreeMap::new();
    let mut patients = None;
    if let Some(dir) = &args.tests {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the tests folder {}", dir.display()))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for path in entries {
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if name == "patients.csv" {
                patients = Some(std::fs::read_to_string(&path)?);
            } else if name.ends_with(".toml") {
                let text = std::fs::read_to_string(&path)?;
                crate::transcripts::Transcript::parse(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                tests.insert(format!("tests/{name}"), text);
            }
        }
    }
    let example_config = args
        .example_config
        .as_ref()
        .map(|p| std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display())))
        .transpose()?;
    let mut package = Package::new(manifest, component, tests, patients, example_config)?;
    if !args.no_test && !package.tests.is_empty() {
        run_tests(&runtime, &package)?;
    }
    if let Some(path) = &args.sign_key {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        let key = signing::parse_secret_key(&text).map_err(anyhow::Error::msg)?;
        signing::sign(&mut package, &key);
    }
    let bytes = package.build();
    std::fs::write(&args.out, &bytes).with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "packaged {}@{} ({} tests{}) into {} — sha256 {}",
        package.manifest.name,
        package.manifest.version,
        package.tests.len(),
        if package.signature.is_some() { ", signed" } else { "" },
        args.out.display(),
        crate::runtime::content_hash(&bytes)
    );
    Ok(())
}

/// The package's tests against its example config, before it ships.
fn run_tests(runtime: &Runtime, package: &Package) -> anyhow::Result<()> {
    let config = package.example_config.clone().unwrap_or_default();
    let patients = package.test_patients.clone().unwrap_or_default();
    let tokio = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let failures = tokio.block_on(async {
        let mut suite = crate::transcripts::Suite::with_runtime(
            runtime,
            &package.component,
            &config,
            "America/New_York",
            &patients,
            crate::demo::DEMO_SCHEDULE,
        )?;
        let mut failures = Vec::new();
        for (path, text) in &package.tests {
            let outcome = suite.run_text(path, text).await;
            for failure in outcome.failures {
                failures.push(format!("{path}: {failure}"));
            }
        }
        anyhow::Ok(failures)
    })?;
    if !failures.is_empty() {
        bail!("the package's tests fail with its example config:\n{}", failures.join("\n"));
    }
    Ok(())
}
