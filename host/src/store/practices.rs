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
    /// its number claims along. Only for a record built from nothing (a new
    /// practice, the demo install): a change to an existing practice goes
    /// through [`Store::update_practice`], so it cannot undo another one.
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
            move_number_claims(numbers, old.as_ref(), practice)?;
            practices.insert(practice.id.as_bytes(), record.as_slice())?;
            Ok(())
        })?;
        Ok(())
    }

    /// Change a practice in one transaction: `change` edits the record as
    /// it is at that moment, and the number claims move with it. Two
    /// concurrent changes (a PATCH, a token revoked, a policy narrowed)
    /// therefore both land, instead of the later write silently undoing
    /// the earlier. `change` may run more than once (sled retries on
    /// conflict), so it must only compute; an `Err` aborts and stores
    /// nothing.
    pub fn update_practice<T, E: From<StoreError>>(
        &self,
        id: &str,
        change: impl Fn(&mut Practice) -> std::result::Result<T, E>,
    ) -> std::result::Result<(Practice, T), E> {
        let t = &self.trees;
        let outcome = (&t.practices, &t.numbers).transaction(|(practices, numbers)| {
            let before: Practice = match practices.get(id.as_bytes())? {
                Some(bytes) => decode(&bytes).map_err(|e| TxError::Abort(E::from(e)))?,
                None => return Err(TxError::Abort(E::from(StoreError::NotFound(format!("practice {id}"))))),
            };
            let mut after = before.clone();
            let value = change(&mut after).map_err(TxError::Abort)?;
            if after.id != before.id {
                return Err(TxError::Abort(E::from(StoreError::Invalid("a practice's id cannot change".into()))));
            }
            move_number_claims::<E>(numbers, Some(&before), &after)?;
            practices.insert(id.as_bytes(), encode(&after))?;
            Ok((after, value))
        });
        match outcome {
            Ok(done) => Ok(done),
            Err(sled::transaction::TransactionError::Abort(e)) => Err(e),
            Err(sled::transaction::TransactionError::Storage(e)) => Err(E::from(StoreError::Db(e))),
        }
    }
}

/// Claim `practice`'s numbers and release the ones `old` had and it no
/// longer lists; a number another practice holds aborts the transaction.
fn move_number_claims<E: From<StoreError>>(
    numbers: &sled::transaction::TransactionalTree,
    old: Option<&Practice>,
    practice: &Practice,
) -> std::result::Result<(), TxError<E>> {
    for number in &practice.numbers {
        if let Some(owner) = numbers.get(number.as_bytes())?
            && owner.as_ref() != practice.id.as_bytes()
        {
            let message = format!("number {number} already belongs to another practice");
            return Err(TxError::Abort(E::from(StoreError::Conflict(message))));
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
    Ok(())
}
