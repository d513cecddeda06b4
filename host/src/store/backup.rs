//! Backups: every tree of the database (the host's and the schedule's)
//! written to one file, and read back into a new data directory.
//!
//! A backup taken while serving is consistent because nothing writes
//! while it is taken: every request and every worker pass holds a
//! [`WriteTicket`], and [`Store::pause_writes`] waits for them all to end
//! and admits none until the copy is done (the pause grows with the data
//! directory; every request waits for it, none is refused).
//!
//! The file: `SWITCHBOARD-BACKUP 1\n`, the id counter (8 bytes), then per
//! tree a name and its entries, each length-prefixed, a zero byte to end,
//! and the SHA-256 of everything before it. A truncated or altered file is
//! refused before anything is written.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

use sha2::{Digest, Sha256};

use super::{Result, Store, StoreError};

const MAGIC: &[u8] = b"SWITCHBOARD-BACKUP 1\n";
const TREE: u8 = 1;
const END: u8 = 0;
/// Longest key or value a backup may hold (sled's own limit is far lower
/// in practice; this bounds what a hostile file can make us allocate).
const MAX_FIELD: usize = 256 << 20;

/// Held by anything that may write (a request, a worker pass).
pub struct WriteTicket(#[allow(dead_code)] tokio::sync::OwnedRwLockReadGuard<()>);

/// Held while a backup is copied: no [`WriteTicket`] exists.
pub struct Paused(#[allow(dead_code)] tokio::sync::OwnedRwLockWriteGuard<()>);

/// What a backup or restore copied.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BackupSummary {
    pub trees: usize,
    pub entries: u64,
    pub bytes: u64,
}

#[derive(Clone, Default)]
pub(super) struct WriteGate(Arc<tokio::sync::RwLock<()>>);

impl Store {
    /// A ticket to write; waits while a backup is being copied.
    pub async fn write_ticket(&self) -> WriteTicket {
        WriteTicket(self.gate.0.clone().read_owned().await)
    }

    /// Wait until no ticket is held, and admit none until dropped.
    pub async fn pause_writes(&self) -> Paused {
        Paused(self.gate.0.clone().write_owned().await)
    }

    /// Write every tree to `out`. Call with writes paused (or on a store no
    /// server has open) for a consistent copy.
    pub fn backup_to(&self, _paused: &Paused, out: &mut impl Write) -> Result<BackupSummary> {
        self.write_backup(out)
    }

    /// [`Store::backup_to`] for a store this process alone has open.
    pub fn backup_offline(&self, out: &mut impl Write) -> Result<BackupSummary> {
        self.write_backup(out)
    }

    fn write_backup(&self, out: &mut impl Write) -> Result<BackupSummary> {
        let mut out = Hashing::new(out);
        let mut summary = BackupSummary::default();
        out.put(MAGIC)?;
        // Ids handed out later must stay above every id stored.
        out.put(&self.db.generate_id()?.to_be_bytes())?;
        let mut names = self.db.tree_names();
        names.sort();
        for name in names {
            let tree = self.db.open_tree(&name)?;
            out.put(&[TREE])?;
            out.field(&name)?;
            out.put(&(tree.len() as u64).to_be_bytes())?;
            let mut written = 0u64;
            for entry in tree.iter() {
                let (key, value) = entry?;
                out.field(&key)?;
                out.field(&value)?;
                written += 1;
            }
            if written != tree.len() as u64 {
                return Err(StoreError::Conflict(format!(
                    "tree {} changed while it was copied; writes were not paused",
                    String::from_utf8_lossy(&name)
                )));
            }
            summary.trees += 1;
            summary.entries += written;
        }
        out.put(&[END])?;
        let digest = out.hasher.finalize_reset();
        out.inner.write_all(&digest).map_err(io)?;
        out.inner.flush().map_err(io)?;
        summary.bytes = out.written + digest.len() as u64;
        Ok(summary)
    }

    /// Read a backup into a new database in `dir` (which must not hold one).
    /// The whole file is checked before the database is created.
    pub fn restore(file: &Path, dir: &Path) -> Result<(Store, BackupSummary)> {
        if dir.join("db").exists() {
            return Err(StoreError::Conflict(format!(
                "{} already holds a database; restore into a new directory",
                dir.display()
            )));
        }
        let read = || std::fs::File::open(file).map(std::io::BufReader::new).map_err(io);
        // First the whole file is checked; only then is anything created.
        let summary = replay(&mut read()?, |_, _, _| Ok(()))?;
        let created = !dir.exists();
        std::fs::create_dir_all(dir).map_err(io)?;
        let copy = || -> Result<Store> {
            let store = Store::open(&dir.join("db"))?;
            let mut current: Option<sled::Tree> = None;
            let mut id_floor = 0;
            replay(&mut read()?, |event, a, b| {
                match event {
                    Event::Ids => id_floor = u64::from_be_bytes(a.try_into().expect("8 bytes")),
                    Event::Tree => current = Some(store.db.open_tree(a)?),
                    Event::Entry => {
                        current.as_ref().expect("an entry follows its tree").insert(a, b)?;
                    }
                }
                Ok(())
            })?;
            while store.db.generate_id()? < id_floor {}
            store.make_durable()?;
            Ok(store)
        };
        match copy() {
            Ok(store) => Ok((store, summary)),
            Err(e) => {
                // The file changed between the check and the copy: leave no half database.
                let _ = std::fs::remove_dir_all(dir.join("db"));
                if created {
                    let _ = std::fs::remove_dir(dir);
                }
                Err(e)
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Event {
    Ids,
    Tree,
    Entry,
}

/// Walk a backup, checking its framing, and its digest at the end; `each`
/// sees the id floor, every tree name and every entry as they are read,
/// so a caller that must not act on a damaged file walks it twice.
fn replay(input: &mut impl Read, mut each: impl FnMut(Event, &[u8], &[u8]) -> Result<()>) -> Result<BackupSummary> {
    let mut input = Verifying { inner: input, hasher: Sha256::new(), read: 0 };
    let bad = |what: &str| StoreError::Invalid(format!("not a Switchboard backup, or damaged: {what}"));
    let magic = input.take(MAGIC.len()).map_err(|_| bad("too short"))?;
    if magic != MAGIC {
        return Err(bad("wrong header"));
    }
    each(Event::Ids, &input.take(8).map_err(|_| bad("truncated"))?, &[])?;
    let mut summary = BackupSummary::default();
    loop {
        match input.take(1).map_err(|_| bad("truncated"))?[0] {
            END => break,
            TREE => {
                let name = input.field().map_err(|_| bad("truncated tree name"))?;
                let count = input.take(8).map_err(|_| bad("truncated"))?;
                each(Event::Tree, &name, &[])?;
                for _ in 0..u64::from_be_bytes(count.try_into().expect("8 bytes")) {
                    let key = input.field().map_err(|_| bad("truncated entry"))?;
                    let value = input.field().map_err(|_| bad("truncated entry"))?;
                    each(Event::Entry, &key, &value)?;
                    summary.entries += 1;
                }
                summary.trees += 1;
            }
            _ => return Err(bad("unknown record")),
        }
    }
    let digest = input.hasher.finalize_reset();
    let mut stored = [0u8; 32];
    input.inner.read_exact(&mut stored).map_err(|_| bad("missing checksum"))?;
    if stored[..] != digest[..] {
        return Err(bad("checksum mismatch"));
    }
    if input.inner.read(&mut [0u8; 1]).map_err(io)? != 0 {
        return Err(bad("data after the checksum"));
    }
    summary.bytes = input.read + 32;
    Ok(summary)
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Invalid(format!("backup file: {e}"))
}

struct Hashing<'w, W: Write> {
    inner: &'w mut W,
    hasher: Sha256,
    written: u64,
}

impl<'w, W: Write> Hashing<'w, W> {
    fn new(inner: &'w mut W) -> Self {
        Hashing { inner, hasher: Sha256::new(), written: 0 }
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.hasher.update(bytes);
        self.written += bytes.len() as u64;
        self.inner.write_all(bytes).map_err(io)
    }

    fn field(&mut self, bytes: &[u8]) -> Result<()> {
        self.put(&(bytes.len() as u32).to_be_bytes())?;
        self.put(bytes)
    }
}

struct Verifying<'r, R: Read> {
    inner: &'r mut R,
    hasher: Sha256,
    read: u64,
}

impl<R: Read> Verifying<'_, R> {
    fn take(&mut self, n: usize) -> std::io::Result<Vec<u8>> {
        let mut buffer = vec![0u8; n];
        self.inner.read_exact(&mut buffer)?;
        self.hasher.update(&buffer);
        self.read += n as u64;
        Ok(buffer)
    }

    fn field(&mut self) -> std::io::Result<Vec<u8>> {
        let len = u32::from_be_bytes(self.take(4)?.try_into().expect("4")) as usize;
        if len > MAX_FIELD {
            return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, "field too long"));
        }
        self.take(len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store_with_data(dir: &Path) -> Store {
        let store = Store::open(&dir.join("db")).unwrap();
        store.meta_set("admin_token_sha256", b"abc").unwrap();
        for _ in 0..50 {
            store.next_id().unwrap();
        }
        store
    }

    #[test]
    fn a_backup_restores_every_tree_and_keeps_ids_ahead() {
        let source = tempfile::tempdir().unwrap();
        let store = store_with_data(source.path());
        let mut file = Vec::new();
        let written = store.backup_offline(&mut file).unwrap();
        let highest = store.next_id().unwrap();
        let backup = source.path().join("backup.swb");
        std::fs::write(&backup, &file).unwrap();

        let target = tempfile::tempdir().unwrap();
        let (restored, read) = Store::restore(&backup, &target.path().join("restored")).unwrap();
        assert_eq!((read.trees, read.entries, read.bytes), (written.trees, written.entries, file.len() as u64));
        assert_eq!(restored.meta_get("admin_token_sha256").unwrap().as_deref(), Some(&b"abc"[..]));
        assert!(restored.next_id().unwrap() >= highest - 1, "ids keep counting up");
        let mut again = Vec::new();
        restored.backup_offline(&mut again).unwrap();
        assert_eq!(again.len(), file.len());

        drop(restored);
        let Err(err) = Store::restore(&backup, &target.path().join("restored")) else { panic!("restored twice") };
        assert!(err.to_string().contains("already holds a database"), "{err}");
    }

    #[test]
    fn a_damaged_backup_is_refused_before_anything_is_written() {
        let source = tempfile::tempdir().unwrap();
        let mut file = Vec::new();
        store_with_data(source.path()).backup_offline(&mut file).unwrap();
        let target = tempfile::tempdir().unwrap();
        let cases: Vec<(&str, Vec<u8>)> = vec![
            ("truncated", file[..file.len() - 40].to_vec()),
            ("flipped", {
                let mut f = file.clone();
                let at = f.len() / 2;
                f[at] ^= 1;
                f
            }),
            ("trailing", [file.clone(), b"x".to_vec()].concat()),
            ("foreign", b"PK\x03\x04 not a backup".to_vec()),
            ("empty", Vec::new()),
        ];
        for (name, bytes) in cases {
            let path = target.path().join(format!("{name}.swb"));
            std::fs::write(&path, bytes).unwrap();
            let dir = target.path().join(name);
            let Err(err) = Store::restore(&path, &dir) else { panic!("{name}: restored") };
            assert!(err.to_string().contains("damaged"), "{name}: {err}");
            assert!(!dir.exists(), "{name}: nothing was created");
        }
    }
}
