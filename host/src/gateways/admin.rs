//! The admin API (host-wide admin token): practices. Plugins are in
//! `registry.rs`. Every
//! change is audited in the practice's chain.

use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Serialize;

use super::{AppError, AppState, auth};
use crate::practices::{self, IssuedTokens, PracticeSpec, PracticeView};

#[derive(Serialize)]
pub struct CreatedPractice {
    practice: PracticeView,
    /// Shown once; only their hashes are stored.
    tokens: IssuedTokens,
}

/// Run blocking admin work (compiling, validating) off the async threads.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, practices::AdminError> + Send + 'static,
) -> Result<T, AppError> {
    tokio::task::spawn_blocking(f).await.map_err(AppError::internal)?.map_err(AppError::from)
}

fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    body.map(|Json(v)| v).map_err(|e| AppError::new(e.status(), e.body_text()))
}

/// `POST /v1/practices`
pub async fn create_practice(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<PracticeSpec>, JsonRejection>,
) -> Result<(StatusCode, Json<CreatedPractice>), AppError> {
    auth::require_admin(&state, &headers)?;
    let spec = json_body(body)?;
    let (store, runtime) = (state.store.clone(), state.runtime.clone());
    let (practice, tokens) = blocking(move || practices::create_practice(&store, &runtime, spec, None)).await?;
    state.audit(
        &practice.id,
        "admin",
        "practice.created",
        Some(practice.id.clone()),
        serde_json::json!({ "plugin": practice.plugin.to_string() }),
    )?;
    Ok((StatusCode::CREATED, Json(CreatedPractice { practice: (&practice).into(), tokens })))
}

/// `GET /v1/practices`
pub async fn list_practices(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<PracticeView>>, AppError> {
    auth::require_admin(&state, &headers)?;
    Ok(Json(state.store.practices()?.iter().map(PracticeView::from).collect()))
}

/// `GET /v1/practices/{practice}`
pub async fn get_practice(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PracticeView>, AppError> {
    auth::require_admin(&state, &headers)?;
    let practice = state.store.practice(&id)?.ok_or_else(|| AppError::not_found(format!("practice {id:?}")))?;
    Ok(Json((&practice).into()))
}

/// `PATCH /v1/practices/{practice}`: unset fields keep their values.
pub async fn update_practice(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Json<PracticeSpec>, JsonRejection>,
) -> Result<Json<PracticeView>, AppError> {
    auth::require_admin(&state, &headers)?;
    let spec = json_body(body)?;
    let changed: Vec<&str> = [
        ("name", spec.name.is_some()),
        ("time_zone", spec.time_zone.is_some()),
        ("numbers", spec.numbers.is_some()),
        ("twilio_auth_token", spec.twilio_auth_token.is_some()),
        ("plugin", spec.plugin.is_some()),
        ("config", spec.config.is_some()),
        ("outbound_gateway", spec.outbound_gateway.is_some()),
        ("hours", spec.hours.is_some()),
        ("on_call", spec.on_call.is_some()),
        ("safety", spec.safety.is_some()),
    ]
    .into_iter()
    .filter_map(|(name, set)| set.then_some(name))
    .collect();
    let (store, runtime, practice_id) = (state.store.clone(), state.runtime.clone(), id.clone());
    let practice = blocking(move || practices::update_practice(&store, &runtime, &practice_id, spec)).await?;
    state.audit(
        &id,
        "admin",
        "practice.updated",
        Some(id.clone()),
        serde_json::json!({ "fields": changed, "plugin": practice.plugin.to_string() }),
    )?;
    Ok(Json((&practice).into()))
}

/// `POST /v1/practices/{practice}/tokens/rotate`: new gateway and staff
/// tokens; the old ones stop working at once.
pub async fn rotate_tokens(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    // Read (and ignored) so the connection stays usable for the next request.
    _body: axum::body::Bytes,
) -> Result<Json<IssuedTokens>, AppError> {
    auth::require_admin(&state, &headers)?;
    let tokens = practices::rotate_tokens(&state.store, &id)?;
    state.audit(&id, "admin", "practice.tokens-rotated", Some(id.clone()), serde_json::Value::Null)?;
    Ok(Json(tokens))
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockAdvance {
    advance_ms: i64,
}

/// `POST /v1/test/clock` (admin; only when the server was started with
/// `SWITCHBOARD_TEST_CLOCK=1`): move the host's clock forward, so timers and
/// reminders due days ahead fire now.
pub async fn advance_clock(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<ClockAdvance>, JsonRejection>,
) -> Result<Json<serde_json::Value>, AppError> {
    if !crate::clock::controllable() {
        return Err(AppError::not_found("the clock is not controllable on this server"));
    }
    auth::require_admin(&state, &headers)?;
    let advance = json_body(body)?;
    if advance.advance_ms <= 0 {
        return Err(AppError::bad_request("`advance_ms` must be positive"));
    }
    let offset = crate::clock::advance(advance.advance_ms);
    Ok(Json(serde_json::json!({ "offset_ms": offset, "now_ms": crate::clock::now_ms() })))
}

/// `GET /v1/backup` (admin): a consistent copy of the whole data directory,
/// taken while serving. Writers pause for the copy (requests wait; none is
/// refused), then go on; `switchboard restore` reads the file back.
pub async fn backup(State(state): State<AppState>, headers: HeaderMap) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    auth::require_admin(&state, &headers)?;
    let paused = state.store.pause_writes().await;
    let store = state.store.clone();
    let (bytes, summary) = tokio::task::spawn_blocking(move || {
        let mut bytes = Vec::new();
        let summary = store.backup_to(&paused, &mut bytes)?;
        drop(paused);
        Ok::<_, crate::store::StoreError>((bytes, summary))
    })
    .await
    .map_err(AppError::internal)??;
    tracing::info!(trees = summary.trees, entries = summary.entries, bytes = summary.bytes, "backup taken");
    let name = format!("attachment; filename=\"switchboard-{}.swb\"", crate::clock::now_ms());
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, "application/octet-stream".to_string()),
            (axum::http::header::CONTENT_DISPOSITION, name),
        ],
        bytes,
    )
        .into_response())
}
