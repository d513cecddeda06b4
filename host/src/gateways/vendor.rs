//! The vendor token: who may publish plugins. One vendor token per host
//! for now (`SWITCHBOARD_VENDOR_TOKEN`, the demo vendor), stored as a sha256
//! hash like every other token; the admin token may publish too.
//!
//! Vendors publish; they cannot install, configure or read any practice:
//! every practice route checks the admin, staff or gateway token instead.

use axum::http::HeaderMap;

use super::{AppError, AppState, auth};
use crate::store::Store;

const KEY: &str = "vendor_token_sha256";
pub const ENV: &str = "SWITCHBOARD_VENDOR_TOKEN";

/// At start-up: the configured vendor token (`SWITCHBOARD_VENDOR_TOKEN` or
/// the config file's source) replaces the stored hash; otherwise the
/// stored one (if any) stays in force.
pub fn configure(store: &Store, token: Option<&str>) -> Result<(), crate::store::StoreError> {
    if let Some(token) = token {
        store.meta_set(KEY, crate::tokens::hash(token).as_bytes())?;
    }
    Ok(())
}

/// A vendor or the admin; returns the actor for the record.
pub fn require_publisher(state: &AppState, headers: &HeaderMap) -> Result<&'static str, AppError> {
    let token = auth::bearer(headers).ok_or_else(AppError::unauthorized)?;
    if crate::tokens::matches(token, &state.admin_token_hash) {
        return Ok("admin");
    }
    if let Some(hash) = state.store.meta_get(KEY)?
        && crate::tokens::matches(token, &String::from_utf8_lossy(&hash))
    {
        return Ok("vendor");
    }
    Err(AppError::forbidden("this token may not publish plugins"))
}
