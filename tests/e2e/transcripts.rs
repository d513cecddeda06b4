//! `switchboard test`: transcripts played against real components, exit
//! status and readable diffs.

use std::path::PathBuf;
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/transcripts")
}

fn run(args: &[&str]) -> (bool, String) {
    let out =
        Command::new(env!("CARGO_BIN_EXE_switchboard")).arg("test").args(args).output().expect("run switchboard test");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

#[test]
fn a_passing_transcript_passes_and_a_wrong_one_fails_with_a_diff() {
    let plugin = switchboard_artifacts::HOSTILE_PLUGIN_PATH;
    let passes = fixtures().join("hostile-passes.toml");
    let fails = fixtures().join("hostile-fails.toml");

    let (ok, out) = run(&["--plugin", plugin, passes.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(out.contains("1 passed, 0 failed"), "{out}");

    let (ok, out) = run(&["--plugin", plugin, passes.to_str().unwrap(), fails.to_str().unwrap()]);
    assert!(!ok, "a failing transcript must fail the run: {out}");
    assert!(out.contains("1 passed, 1 failed"), "{out}");
    assert!(out.contains(r#"expected the reply to contain "ok 7""#), "{out}");
    assert!(out.contains("| ok 1"), "the diff shows what was said: {out}");
    assert!(out.contains("the plugin failed and the host answered with its fallback"), "{out}");
}

#[test]
fn bad_transcripts_and_missing_files_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "name = \"x\"\nchannel = \"fax\"\n[[turn]]\npatient = \"hi\"\n").unwrap();
    let (ok, out) =
        run(&["--plugin", switchboard_artifacts::HOSTILE_PLUGIN_PATH, bad.to_str().unwrap(), "/nonexistent.toml"]);
    assert!(!ok);
    assert!(out.contains("not a valid transcript"), "{out}");
    assert!(out.contains("cannot read the file"), "{out}");
    let (ok, out) = run(&["--plugin", "/nonexistent.wasm", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(out.contains("cannot read the plugin"), "{out}");
}

#[test]
fn the_conversation_suite_passes_against_the_bundled_plugin() {
    let suite = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conversations");
    let (ok, out) = run(&[suite.to_str().unwrap()]);
    assert!(ok, "{out}");
    assert!(out.contains(" passed, 0 failed"), "{out}");
}

#[test]
fn with_no_file_it_plays_the_bundled_suite() {
    let (ok, out) = run(&[]);
    assert!(ok, "{out}");
    let suite = std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conversations"))
        .unwrap()
        .filter(|e| e.as_ref().unwrap().path().extension().is_some_and(|x| x == "toml"))
        .count();
    assert!(out.contains(&format!("{suite} passed, 0 failed")), "every bundled transcript: {out}");
}
