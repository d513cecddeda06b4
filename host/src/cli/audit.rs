//! `switchboard audit verify PRACTICE --data DIR`: walk a practice's audit
//! hash chain straight from the data directory (with the server stopped;
//! sled allows one process at a time) and report the first broken link.
//! Offline on purpose: a check of the record should not depend on the
//! server that wrote it.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::store::Store;

/// Exit 0 when the chain is intact, 1 when it is broken (or unreadable).
pub fn verify(data: &Path, practice: &str) -> anyhow::Result<ExitCode> {
    let store = Store::open(&data.join("db"))
        .with_context(|| format!("cannot open the data directory {} (is the server still running?)", data.display()))?;
    if store.practice(practice)?.is_none() {
        anyhow::bail!("no practice {practice:?} in {}", data.display());
    }
    match store.verify_audit_chain(practice)? {
        Ok(entries) => {
            println!("audit chain of {practice}: intact ({entries} entries)");
            Ok(ExitCode::SUCCESS)
        }
        Err(broken) => {
            println!("audit chain of {practice}: BROKEN at entry {}: {}", broken.seq, broken.reason);
            Ok(ExitCode::FAILURE)
        }
    }
}
