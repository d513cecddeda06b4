//! `switchboard backup FILE` and `switchboard restore FILE --data DIR`.
//! A backup is taken from the running server (`GET /v1/backup`, which
//! pauses writers for the copy), or with `--data` from a stopped one's
//! directory. A restore is offline, into a new data directory, and checks
//! every practice's audit chain once the copy is in.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use super::client::{Api, ServerArgs};
use crate::store::Store;

pub fn backup(server: &ServerArgs, data: Option<&Path>, file: &Path) -> anyhow::Result<()> {
    // Written beside the target and renamed, so a failed backup never
    // leaves a truncated file under the name an operator will restore.
    let partial = PathBuf::from(format!("{}.partial", file.display()));
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&partial).with_context(|| format!("cannot create {}", partial.display()))?,
    );
    let result = match data {
        Some(data) => {
            let store = Store::open(&data.join("db")).with_context(|| {
                format!(
                    "cannot open {} (a running server holds it: back up through it, without --data)",
                    data.display()
                )
            })?;
            store.backup_offline(&mut out).map(|s| s.bytes).map_err(anyhow::Error::from)
        }
        None => Api::new(server).get_to("/v1/backup", &mut out),
    };
    let finished = result.and_then(|bytes| {
        out.flush()?;
        out.get_ref().sync_all()?;
        Ok(bytes)
    });
    match finished {
        Ok(bytes) => {
            std::fs::rename(&partial, file).with_context(|| format!("cannot write {}", file.display()))?;
            println!("backup written to {} ({bytes} bytes)", file.display());
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// Exit 1 when the copy is in but a practice's audit chain does not verify.
pub fn restore(file: &Path, data: &Path) -> anyhow::Result<ExitCode> {
    let (store, summary) = Store::restore(file, data)
        .with_context(|| format!("cannot restore {} into {}", file.display(), data.display()))?;
    println!(
        "restored {} trees, {} entries from {} into {}",
        summary.trees,
        summary.entries,
        file.display(),
        data.display()
    );
    let mut intact = true;
    for practice in store.practices()? {
        match store.verify_audit_chain(&practice.id)? {
            Ok(entries) => println!("audit chain of {}: intact ({entries} entries)", practice.id),
            Err(broken) => {
                intact = false;
                println!("audit chain of {}: BROKEN at entry {}: {}", practice.id, broken.seq, broken.reason);
            }
        }
    }
    Ok(if intact { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}
