//! Bearer-token checks. The admin token is host-wide; gateway and staff
//! tokens belong to one practice and open only that practice's routes.

use axum::http::HeaderMap;

use super::{AppError, AppState};
use crate::store::Practice;

/// Who a request authenticated as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    Admin,
    Staff,
    Gateway,
}

impl Caller {
    pub fn actor(self) -> &'static str {
        match self {
            Caller::Admin => "admin",
            Caller::Staff => "staff",
            Caller::Gateway => "gateway",
        }
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

/// Staff of this practice, or the admin.
pub fn require_staff(state: &AppState, headers: &HeaderMap, practice: &Practice) -> Result<Caller, AppError> {
    let token = bearer(headers).ok_or_else(AppError::unauthorized)?;
    if crate::tokens::matches(token, &practice.staff_token_sha256) {
        Ok(Caller::Staff)
    } else if crate::tokens::matches(token, &state.admin_token_hash) {
        Ok(Caller::Admin)
    } else {
        Err(AppError::forbidden("this token may not read this practice's data"))
    }
}

/// A gateway of this practice (for the JSON turn API).
pub fn require_gateway(headers: &HeaderMap, practice: &Practice) -> Result<Caller, AppError> {
    let token = bearer(headers).ok_or_else(AppError::unauthorized)?;
    if crate::tokens::matches(token, &practice.gateway_token_sha256) {
        Ok(Caller::Gateway)
    } else {
        Err(AppError::forbidden("this token may not deliver turns for this practice"))
    }
}
