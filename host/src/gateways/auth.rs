//! Bearer-token checks. The admin token is host-wide. Every other token
//! belongs to one practice and opens only that practice's routes: its
//! gateway token (the JSON turn API, nothing else), its original staff
//! token, and named staff or practice-admin tokens ([`crate::store::RoleToken`]).
//! Tokens are compared as sha256 hashes in constant time; a revoked token
//! matches nothing.

use axum::http::HeaderMap;

use super::{AppError, AppState};
use crate::store::{Practice, Role};

/// What a request authenticated as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The host-wide admin.
    Admin,
    /// A practice admin: staff routes plus the practice's tokens.
    PracticeAdmin,
    Staff,
    Gateway,
}

/// Who a request authenticated as: the access it has and the name audit
/// events record it under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub access: Access,
    actor: String,
}

impl Caller {
    /// `admin`, `staff`, `gateway`, or `staff:NAME` / `practice-admin:NAME`
    /// for a named token.
    pub fn actor(&self) -> &str {
        &self.actor
    }

    fn new(access: Access, actor: impl Into<String>) -> Self {
        Caller { access, actor: actor.into() }
    }
}

pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
    let token = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer "))?;
    Some(token.trim()).filter(|t| !t.is_empty())
}

pub fn require_admin(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let token = bearer(headers).ok_or_else(AppError::unauthorized)?;
    if crate::tokens::matches(token, &state.admin_token_hash) {
        Ok(())
    } else {
        Err(AppError::forbidden("this token may not use the admin API"))
    }
}

/// The practice's own staff-side token that `token` is, if any.
fn practice_token(practice: &Practice, token: &str) -> Option<Caller> {
    if crate::tokens::matches(token, &practice.staff_token_sha256) {
        return Some(Caller::new(Access::Staff, "staff"));
    }
    // Every live token is compared (no early exit on the first), so timing
    // does not tell which token a guess came close to.
    let mut found = None;
    for named in practice.tokens.iter().filter(|t| t.revoked_at.is_none()) {
        if crate::tokens::matches(token, &named.sha256) && found.is_none() {
            found = Some(match named.role {
                Role::Staff => Caller::new(Access::Staff, format!("staff:{}", named.name)),
                Role::Admin => Caller::new(Access::PracticeAdmin, format!("practice-admin:{}", named.name)),
            });
        }
    }
    found
}

/// Staff or a practice admin of this practice, or the host admin.
pub fn require_staff(state: &AppState, headers: &HeaderMap, practice: &Practice) -> Result<Caller, AppError> {
    let token = bearer(headers).ok_or_else(AppError::unauthorized)?;
    if let Some(caller) = practice_token(practice, token) {
        Ok(caller)
    } else if crate::tokens::matches(token, &state.admin_token_hash) {
        Ok(Caller::new(Access::Admin, "admin"))
    } else {
        Err(refusal(Need::Staff))
    }
}

/// A practice admin of this practice, or the host admin.
pub fn require_practice_admin(state: &AppState, headers: &HeaderMap, practice: &Practice) -> Result<Caller, AppError> {
    let caller = require_staff(state, headers, practice).map_err(|e| match e.status {
        axum::http::StatusCode::UNAUTHORIZED => e,
        _ => refusal(Need::PracticeAdmin),
    })?;
    match caller.access {
        Access::Admin | Access::PracticeAdmin => Ok(caller),
        _ => Err(AppError::forbidden("this needs a practice admin token")),
    }
}

/// A gateway of this practice (for the JSON turn API).
pub fn require_gateway(headers: &HeaderMap, practice: &Practice) -> Result<Caller, AppError> {
    let token = bearer(headers).ok_or_else(AppError::unauthorized)?;
    if crate::tokens::matches(token, &practice.gateway_token_sha256) {
        Ok(Caller::new(Access::Gateway, "gateway"))
    } else {
        Err(refusal(Need::Gateway))
    }
}

/// What a practice route needs of its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Staff,
    PracticeAdmin,
    Gateway,
}

/// The practice a route names, once the caller has shown it may use it.
/// An id that names no practice is answered exactly as a real practice
/// answers the same credentials (401 without a token, 403 with a wrong
/// one), so ids cannot be found by probing; only the host admin learns
/// that it does not exist (404).
pub fn practice_for(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
    need: Need,
) -> Result<(Practice, Caller), AppError> {
    let token = bearer(headers).ok_or_else(AppError::unauthorized)?;
    let Some(practice) = state.store.practice(id)? else {
        if need != Need::Gateway && crate::tokens::matches(token, &state.admin_token_hash) {
            return Err(AppError::not_found(format!("practice {id:?}")));
        }
        return Err(refusal(need));
    };
    let caller = match need {
        Need::Staff => require_staff(state, headers, &practice)?,
        Need::PracticeAdmin => require_practice_admin(state, headers, &practice)?,
        Need::Gateway => require_gateway(headers, &practice)?,
    };
    Ok((practice, caller))
}

/// The 403 each need answers a wrong token with.
fn refusal(need: Need) -> AppError {
    AppError::forbidden(match need {
        Need::Staff => "this token may not read this practice's data",
        Need::PracticeAdmin => "this token may not manage this practice",
        Need::Gateway => "this token may not deliver turns for this practice",
    })
}
