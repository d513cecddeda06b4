//! Registry routes: vendors publish packages (`POST /v1/plugins`, vendor
//! or admin token); a practice's admin installs, rolls back and inspects
//! its plugin (`/v1/practices/{practice}/plugin…`, admin token).

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};

use super::{AppError, AppState, auth, vendor};
use crate::registry::install::{InstallRequest, Installer, PluginStatus, RollbackRequest, SwitchReport};
use crate::registry::{RegistryError, publish};
use crate::store::{PluginPolicy, PluginRecord};

impl From<RegistryError> for AppError {
    fn from(e: RegistryError) -> Self {
        let unprocessable = |message: String| AppError::new(StatusCode::UNPROCESSABLE_ENTITY, message);
        match e {
            RegistryError::Rejected(m) | RegistryError::Policy(m) => unprocessable(m),
            RegistryError::Config(problems) => AppError {
                detail: Some(serde_json::to_value(&problems).unwrap_or_default()),
                ..unprocessable("the plugin rejected the config".into())
            },
            RegistryError::TestsFailed { ref failures, .. } => AppError {
                detail: Some(serde_json::to_value(failures).unwrap_or_default()),
                ..unprocessable(e.to_string())
            },
            RegistryError::Invalid(m) => AppError::bad_request(m),
            RegistryError::NotFound(what) => AppError::not_found(format!("{what} not found")),
            RegistryError::Conflict(m) => AppError::new(StatusCode::CONFLICT, m),
            RegistryError::Internal(m) => AppError::internal(m),
        }
    }
}

fn installer(state: &AppState) -> Installer {
    Installer { store: state.store.clone(), runtime: state.runtime.clone(), slots: state.turns.slots().clone() }
}

fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, AppError> {
    body.map(|Json(v)| v).map_err(|e| AppError::new(e.status(), e.body_text()))
}

/// `POST /v1/plugins`: a plugin package, or a bare component.
pub async fn publish_plugin(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<(StatusCode, Json<PluginRecord>), AppError> {
    let publisher = vendor::require_publisher(&state, &headers)?;
    if body.is_empty() {
        return Err(AppError::bad_request("the body must be a plugin package (or a Wasm component)"));
    }
    let (store, runtime) = (state.store.clone(), state.runtime.clone());
    let record = tokio::task::spawn_blocking(move || publish::publish(&store, &runtime, &body, publisher))
        .await
        .map_err(AppError::internal)??;
    tracing::info!(plugin = %record.plugin, publisher, "plugin published");
    Ok((StatusCode::CREATED, Json(record)))
}

/// `GET /v1/plugins`
pub async fn list_plugins(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Json<Vec<PluginRecord>>, AppError> {
    vendor::require_publisher(&state, &headers)?;
    Ok(Json(state.store.plugins()?))
}

/// `GET /v1/practices/{practice}/plugin`
pub async fn status(
    State(state): State<AppState>,
    Path(practice): Path<String>,
    headers: HeaderMap,
) -> Result<Json<PluginStatus>, AppError> {
    auth::require_admin(&state, &headers)?;
    Ok(Json(installer(&state).status(&practice)?))
}

/// `POST /v1/practices/{practice}/plugin`
pub async fn install(
    State(state): State<AppState>,
    Path(practice): Path<String>,
    headers: HeaderMap,
    body: Result<Json<InstallRequest>, JsonRejection>,
) -> Result<Json<SwitchReport>, AppError> {
    auth::require_admin(&state, &headers)?;
    let request = json_body(body)?;
    let report = installer(&state).install(&practice, request).await?;
    tracing::info!(practice, plugin = %report.active.plugin, switch_us = report.switch_us, "plugin installed");
    Ok(Json(report))
}

/// `POST /v1/practices/{practice}/plugin/rollback` (an empty body is fine).
pub async fn rollback(
    State(state): State<AppState>,
    Path(practice): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<SwitchReport>, AppError> {
    auth::require_admin(&state, &headers)?;
    let request: RollbackRequest = if body.iter().all(u8::is_ascii_whitespace) {
        RollbackRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| AppError::bad_request(format!("invalid JSON body: {e}")))?
    };
    let report = installer(&state).rollback(&practice, request).await?;
    tracing::info!(practice, plugin = %report.active.plugin, switch_us = report.switch_us, "plugin rolled back");
    Ok(Json(report))
}

/// `PUT /v1/practices/{practice}/plugin/policy`
pub async fn set_policy(
    State(state): State<AppState>,
    Path(practice): Path<String>,
    headers: HeaderMap,
    body: Result<Json<PluginPolicy>, JsonRejection>,
) -> Result<Json<PluginPolicy>, AppError> {
    auth::require_admin(&state, &headers)?;
    let policy = json_body(body)?;
    let installer = installer(&state);
    let id = practice.clone();
    let policy =
        tokio::task::spawn_blocking(move || installer.set_policy(&id, policy)).await.map_err(AppError::internal)??;
    state.audit(
        &practice,
        "admin",
        "plugin.policy-changed",
        None,
        serde_json::to_value(&policy).unwrap_or_default(),
    )?;
    Ok(Json(policy))
}
