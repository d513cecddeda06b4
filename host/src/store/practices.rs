//! Practices and the numbers that route to them. A number belongs to at
//! most one practice; creation and updates claim numbers in the same
//! transaction as the practice record, so two practices can never share one.

use sled::Transactional;
use sled::transaction::ConflictableTransactionError as TxError;

use super::{Practice, Result, Store, StoreError, decode, encode};

impl Store {
    pub fn practice(&self, id: &str) -> Result<Option<Practice>> {
        self.trees.practices.get(id)?.map(|v| decode(&v)).transpose()
    }

    pub fn practices(&self) -> Result<Vec<Practice>> {
        self.trees.practices.iter().map(|kv| decode(&kv?.1)).collect()
    }

    /// The practice a called number belongs to.
    pub fn practice_by_number(&self, number: &str) -> Result<Option<Practice>> {
        match self.trees.numbers.get(number)? {
            Some(id) => self.practice(&String::from_utf8_lossy(&id)),
            None => Ok(None),
        }
    }

    /// Insert a new practice (`create`) or replace an existing one, moving
    /// its number claims along.
    pub fn put_practice(&self, practice: &Practice, create: bool) -> Result<()> {
        let t = &self.trees;
        let record = encode(practice);
        (&t.practices, &t.numbers).transaction(|(practices, numbers)| {
            let old: Option<Practice> = match practices.get(practice.id.as_bytes())? {
                Some(_) if create => {
                    let message = format!("practice {} already exists", practice.id);
                    return Err(TxError::Abort(StoreError::Conflict(message)));
                }
                Some(bytes) => Some(decode::<Practice>(&bytes).map_err(TxError::Abort)?),
                None if !create => {
                    return Err(TxError::Abort(StoreError::NotFound(format!("practice {}", practice.id))));
                }
                None => None,
            };
            for number in &practice.numbers {
                if let Some(owner) = numbers.get(number.as_bytes())?
                    && owner.as_ref() != practice.id.as_bytes()
                {
                    let message = format!("number {number} already belongs to another practice");
                    return Err(TxError::Abort(StoreError::Conflict(message)));
                }
            }
            for number in old.iter().flat_map(|p| &p.numbers) {
                if !practice.numbers.contains(number) {
                    numbers.remove(number.as_bytes())?;
                }
            }
            for number in &practice.numbers {
                numbers.insert(number.as_bytes(), practice.id.as_bytes())?;
            }
            practices.insert(practice.id.as_bytes(), record.as_slice())?;
            Ok(())
        })?;
        Ok(())
    }
}
