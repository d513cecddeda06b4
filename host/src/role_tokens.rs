//! Named, role-scoped practice tokens: issued, listed, rotated and revoked
//! by the practice's admins (or the host admin). The secret is shown once;
//! only its sha256 is stored, on the practice record.

use serde::{Deserialize, Serialize};

use crate::practices::AdminError;
use crate::store::{Role, RoleToken, Store};

const MAX_TOKENS: usize = 200;

/// `POST /v1/practices/{practice}/tokens`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// Who holds it; recorded as the actor of everything done with it.
    pub name: String,
    pub role: Role,
}

/// A token as listed (never the secret or its hash).
#[derive(Debug, Clone, Serialize)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub created_at: i64,
    pub rotated_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl From<&RoleToken> for TokenView {
    fn from(t: &RoleToken) -> Self {
        TokenView {
            id: t.id.clone(),
            name: t.name.clone(),
            role: t.role,
            created_at: t.created_at,
            rotated_at: t.rotated_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// A token with its secret, returned once.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedToken {
    #[serde(flatten)]
    pub view: TokenView,
    pub token: String,
}

fn practice(store: &Store, id: &str) -> Result<crate::store::Practice, AdminError> {
    store.practice(id)?.ok_or_else(|| AdminError::NotFound(format!("practice {id}")))
}

pub fn issue(store: &Store, practice_id: &str, request: TokenRequest) -> Result<IssuedToken, AdminError> {
    let name = request.name.trim().to_string();
    let valid = (1..=64).contains(&name.len())
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'));
    if !valid {
        return Err(AdminError::Invalid(
            "`name` must be 1-64 characters of lowercase letters, digits, dots, dashes and underscores".into(),
        ));
    }
    let secret = crate::tokens::generate();
    // sled's id generator must not run inside the transaction below.
    let id = format!("k{:016}", store.next_id()?);
    let now = crate::clock::now_ms();
    let (_, view) = store.update_practice(practice_id, |p| {
        if p.tokens.iter().any(|t| t.revoked_at.is_none() && t.name == name) {
            return Err(AdminError::Conflict(format!(
                "a live token named {name:?} already exists; rotate or revoke it"
            )));
        }
        if p.tokens.len() >= MAX_TOKENS {
            return Err(AdminError::Invalid(format!("a practice may have at most {MAX_TOKENS} tokens")));
        }
        let record = RoleToken {
            id: id.clone(),
            name: name.clone(),
            role: request.role,
            sha256: crate::tokens::hash(&secret),
            created_at: now,
            rotated_at: None,
            revoked_at: None,
        };
        let view = TokenView::from(&record);
        p.tokens.push(record);
        Ok::<_, AdminError>(view)
    })?;
    Ok(IssuedToken { view, token: secret })
}

pub fn list(store: &Store, practice_id: &str) -> Result<Vec<TokenView>, AdminError> {
    Ok(practice(store, practice_id)?.tokens.iter().map(TokenView::from).collect())
}

/// A new secret for a live token; the old one stops working at once.
pub fn rotate(store: &Store, practice_id: &str, token_id: &str) -> Result<IssuedToken, AdminError> {
    let secret = crate::tokens::generate();
    let now = crate::clock::now_ms();
    let (_, view) = store.update_practice(practice_id, |p| {
        let record = p
            .tokens
            .iter_mut()
            .find(|t| t.id == token_id && t.revoked_at.is_none())
            .ok_or_else(|| AdminError::NotFound(format!("live token {token_id}")))?;
        record.sha256 = crate::tokens::hash(&secret);
        record.rotated_at = Some(now);
        Ok::<_, AdminError>(TokenView::from(&*record))
    })?;
    Ok(IssuedToken { view, token: secret })
}

/// Revoke a token for good (kept, for the record of who held it).
pub fn revoke(store: &Store, practice_id: &str, token_id: &str) -> Result<TokenView, AdminError> {
    let now = crate::clock::now_ms();
    let (_, view) = store.update_practice(practice_id, |p| {
        let record = p
            .tokens
            .iter_mut()
            .find(|t| t.id == token_id)
            .ok_or_else(|| AdminError::NotFound(format!("token {token_id}")))?;
        record.revoked_at.get_or_insert(now);
        Ok::<_, AdminError>(TokenView::from(&*record))
    })?;
    Ok(view)
}
