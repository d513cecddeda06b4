//! Builds every guest component — the bundled plugins and the test fixtures —
//! to `wasm32-wasip2`, so that a fresh clone needs no manual step and a
//! missing component fails the build rather than a test at run time.
//!
//! The guests are built by a nested `cargo build` into their own target
//! directory (`target/guests`), always in release: they run under a turn
//! deadline, and debug Wasm is several times slower.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (cargo package, file stem of its component, constant prefix)
const GUESTS: &[(&str, &str, &str)] = &[
    ("pain-management", "pain_management", "PAIN_MANAGEMENT"),
    ("hostile-plugin", "hostile_plugin", "HOSTILE_PLUGIN"),
    ("versioned-plugin", "versioned_plugin", "VERSIONED_PLUGIN_V1"),
    ("versioned-plugin-v2", "versioned_plugin_v2", "VERSIONED_PLUGIN_V2"),
    ("switchboard-plugin-template", "switchboard_plugin_template", "PLUGIN_TEMPLATE"),
    ("contract-v0-1-plugin", "contract_v0_1_plugin", "CONTRACT_V0_1_PLUGIN"),
];

const TARGET: &str = "wasm32-wasip2";

fn main() {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest_dir.join("../..").canonicalize().unwrap();
    for watched in [
        "wit",
        "sdk",
        "plugins/common",
        "plugins/pain-management",
        "tests/fixtures/hostile-plugin",
        "tests/fixtures/versioned-plugin",
        "tests/fixtures/versioned-plugin-v2",
        "tests/fixtures/contract-v0.1-plugin",
        "tests/conversations",
        "Cargo.lock",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(watched).display());
    }

    ensure_target_installed();

    let target_dir = root.join("target").join("guests");
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(&root)
        .arg("build")
        .arg("--release")
        .arg("--target")
        .arg(TARGET)
        .arg("--target-dir")
        .arg(&target_dir);
    for (package, _, _) in GUESTS {
        cmd.arg("-p").arg(package);
    }
    // Flags meant for the host build must not leak into the guest build.
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_RUSTFLAGS",
        "RUSTC_WORKSPACE_WRAPPER",
        "RUSTC_WRAPPER",
        "CARGO_PRIMARY_PACKAGE",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd.status().expect("failed to run cargo for the guest components");
    assert!(status.success(), "building the guest components failed");

    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let mut generated = String::new();
    for (_, stem, constant) in GUESTS {
        let path = target_dir.join(TARGET).join("release").join(format!("{stem}.wasm"));
        assert!(path.exists(), "guest component missing after build: {}", path.display());
        let copy = out_dir.join(format!("{stem}.wasm"));
        std::fs::copy(&path, &copy).unwrap();
        generated.push_str(&format!(
            "/// The `{stem}` component (built for `{TARGET}`).\n\
             pub const {constant}: &[u8] = include_bytes!({copy:?});\n\
             /// Where the `{stem}` component file is on disk.\n\
             pub const {constant}_PATH: &str = {copy:?};\n"
        ));
    }
    // The pain-management conversation suite, for `switchboard test` with
    // no files: every transcript in `tests/conversations`, by file name.
    let mut suite: Vec<PathBuf> = std::fs::read_dir(root.join("tests/conversations"))
        .expect("tests/conversations")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    suite.sort();
    generated.push_str("/// The bundled pain-management conversation suite: (file name, transcript).\n");
    generated.push_str("pub const PAIN_MANAGEMENT_TRANSCRIPTS: &[(&str, &str)] = &[\n");
    for path in &suite {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        generated.push_str(&format!("    ({name:?}, include_str!({path:?})),\n"));
    }
    generated.push_str("];\n");
    std::fs::write(out_dir.join("components.rs"), generated).unwrap();
}

/// `RUSTUP_AUTO_INSTALL=0` machines do not fetch targets listed in
/// rust-toolchain.toml, so add the guest target when the sysroot lacks it.
fn ensure_target_installed() {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot =
        Command::new(&rustc).args(["--print", "sysroot"]).output().expect("failed to run rustc --print sysroot");
    let sysroot = String::from_utf8(sysroot.stdout).unwrap();
    let target_lib = Path::new(sysroot.trim()).join("lib/rustlib").join(TARGET);
    if target_lib.exists() {
        return;
    }
    let status = Command::new("rustup")
        .args(["target", "add", TARGET])
        .status()
        .expect("the wasm32-wasip2 target is missing and rustup could not be run to add it");
    assert!(status.success(), "`rustup target add {TARGET}` failed");
}
