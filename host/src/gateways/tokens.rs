//! A practice's named tokens: issue, list, rotate, revoke. Practice admins
//! (and the host admin) only; every change is audited, never the secret.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

use super::{AppError, AppState, auth};
use crate::role_tokens::{self, IssuedToken, TokenRequest, TokenView};

/// `POST /v1/practices/{practice}/tokens`
pub async fn issue(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<TokenRequest>, JsonRejection>,
) -> Result<(StatusCode, Json<IssuedToken>), AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::PracticeAdmin)?;
    let Json(request) = body.map_err(|e| AppError::new(e.status(), e.body_text()))?;
    let issued = role_tokens::issue(&state.store, &practice.id, request)?;
    let detail = serde_json::json!({ "name": issued.view.name, "role": issued.view.role });
    state.audit(&practice.id, caller.actor(), "token.issued", Some(issued.view.id.clone()), detail)?;
    Ok((StatusCode::CREATED, Json(issued)))
}

/// `GET /v1/practices/{practice}/tokens`
pub async fn list(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<TokenView>>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::PracticeAdmin)?;
    let tokens = role_tokens::list(&state.store, &practice.id)?;
    state.audit(&practice.id, caller.actor(), "token.listed", None, serde_json::Value::Null)?;
    Ok(Json(tokens))
}

/// `POST /v1/practices/{practice}/tokens/{token}/rotate`
pub async fn rotate(
    State(state): State<AppState>,
    Path((id, token)): Path<(String, String)>,
    headers: HeaderMap,
    // Read (and ignored) so the connection stays usable for the next request.
    _body: axum::body::Bytes,
) -> Result<Json<IssuedToken>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::PracticeAdmin)?;
    let issued = role_tokens::rotate(&state.store, &practice.id, &token)?;
    state.audit(&practice.id, caller.actor(), "token.rotated", Some(token), serde_json::Value::Null)?;
    Ok(Json(issued))
}

/// `DELETE /v1/practices/{practice}/tokens/{token}`
pub async fn revoke(
    State(state): State<AppState>,
    Path((id, token)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<TokenView>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::PracticeAdmin)?;
    let revoked = role_tokens::revoke(&state.store, &practice.id, &token)?;
    state.audit(&practice.id, caller.actor(), "token.revoked", Some(token), serde_json::Value::Null)?;
    Ok(Json(revoked))
}
