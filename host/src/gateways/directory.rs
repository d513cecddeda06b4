//! The patient directory (imported by admins as CSV) and the
//! prior-authorization records staff keep. Every read and change is audited.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::Deserialize;

use super::{AppError, AppState, auth};
use crate::store::{PatientRecord, PriorAuthRecord};

#[derive(Deserialize)]
pub struct ImportMode {
    /// `replace` (default) swaps the whole directory; `merge` adds and updates.
    mode: Option<String>,
}

/// `PUT /v1/practices/{practice}/patients` (admin): the body is CSV.
pub async fn import_patients(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(mode): Query<ImportMode>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    auth::require_admin(&state, &headers)?;
    let practice = state.practice(&id)?;
    let replace = match mode.mode.as_deref() {
        None | Some("replace") => true,
        Some("merge") => false,
        Some(other) => return Err(AppError::bad_request(format!("mode {other:?} must be replace or merge"))),
    };
    let text = std::str::from_utf8(&body).map_err(|_| AppError::bad_request("the CSV is not valid UTF-8"))?;
    let patients = crate::patients_csv::parse(text).map_err(|errors| AppError {
        detail: Some(serde_json::json!(errors)),
        ..AppError::bad_request("the CSV has errors; nothing was imported")
    })?;
    let count = state.store.put_patients(&practice.id, &patients, replace)?;
    state.audit(
        &practice.id,
        "admin",
        "patients.imported",
        None,
        serde_json::json!({ "count": count, "replace": replace }),
    )?;
    Ok(Json(serde_json::json!({ "imported": count, "replaced": replace })))
}

/// `GET /v1/practices/{practice}/patients` (staff)
pub async fn list_patients(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Vec<PatientRecord>>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    let patients = state.store.patients(&practice.id)?;
    state.audit(&practice.id, caller.actor(), "patients.read", None, serde_json::Value::Null)?;
    Ok(Json(patients))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PriorAuthUpdate {
    status: String,
    note: Option<String>,
}

/// `PUT /v1/practices/{practice}/prior-auths/{patient}/{procedure}` (staff)
pub async fn set_prior_auth(
    State(state): State<AppState>,
    Path((id, patient, procedure)): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Result<Json<PriorAuthUpdate>, JsonRejection>,
) -> Result<Json<PriorAuthRecord>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    let Json(update) = body.map_err(|e| AppError::new(e.status(), e.body_text()))?;
    if state.store.patient(&practice.id, &patient)?.is_none() {
        return Err(AppError::not_found(format!("patient {patient:?}")));
    }
    let valid_code = !procedure.is_empty()
        && procedure.len() <= 64
        && procedure.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid_code {
        return Err(AppError::bad_request("a procedure code is lowercase letters, digits and dashes"));
    }
    if update.note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        return Err(AppError::bad_request("`note` is at most 500 characters"));
    }
    let record = PriorAuthRecord {
        patient_id: patient.clone(),
        procedure: procedure.clone(),
        status: update.status,
        note: update.note.filter(|n| !n.trim().is_empty()),
        updated_at: crate::clock::now_ms(),
        updated_by: caller.actor().into(),
    };
    state.store.put_prior_auth(&practice.id, &record)?;
    let detail = serde_json::json!({ "procedure": procedure, "status": record.status });
    state.audit(&practice.id, caller.actor(), "prior-auth.updated", Some(patient), detail)?;
    Ok(Json(record))
}

/// `GET /v1/practices/{practice}/prior-auths/{patient}` (staff)
pub async fn prior_auths(
    State(state): State<AppState>,
    Path((id, patient)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<Vec<PriorAuthRecord>>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    let records = state.store.prior_auths_for(&practice.id, &patient)?;
    state.audit(&practice.id, caller.actor(), "prior-auth.read", Some(patient), serde_json::Value::Null)?;
    Ok(Json(records))
}
