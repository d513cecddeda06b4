//! The practice's schedule: admins load providers, locations, appointment
//! types, weekly templates and exceptions (JSON); staff read it and list
//! appointments by day or by patient. Every read and change is audited.

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use switchboard_scheduling::{Appointment, ConfigError, ErrorKind, ScheduleBackend, ScheduleConfig, ScheduleError};

use super::{AppError, AppState, auth};

fn schedule_error(error: ScheduleError) -> AppError {
    match error {
        ScheduleError::Config(ConfigError::Invalid(issues)) => AppError {
            detail: Some(serde_json::json!(issues.0.iter().map(|i| i.to_string()).collect::<Vec<_>>())),
            ..AppError::new(StatusCode::UNPROCESSABLE_ENTITY, "the schedule has errors; nothing was loaded")
        },
        other => match other.kind() {
            ErrorKind::Invalid => AppError::bad_request(other.to_string()),
            ErrorKind::NotFound => AppError::not_found(other.to_string()),
            ErrorKind::Conflict => AppError::new(StatusCode::CONFLICT, other.to_string()),
            ErrorKind::Unavailable => AppError::new(StatusCode::CONFLICT, other.to_string()),
            ErrorKind::Internal => AppError::internal(other),
        },
    }
}

/// `PUT /v1/practices/{practice}/schedule` (admin): the body is the JSON
/// schedule; it replaces the practice's templates (bookings stay).
pub async fn load(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<serde_json::Value>, AppError> {
    auth::require_admin(&state, &headers)?;
    let practice = state.practice(&id)?;
    let text = std::str::from_utf8(&body).map_err(|_| AppError::bad_request("the schedule is not valid UTF-8"))?;
    let config = state.store.schedule().load_config_json(&practice.id, text).map_err(schedule_error)?;
    state.store.make_durable()?;
    let detail = serde_json::json!({ "providers": config.providers.len(), "templates": config.templates.len() });
    state.audit(&practice.id, "admin", "schedule.loaded", None, detail.clone())?;
    Ok(Json(detail))
}

/// `GET /v1/practices/{practice}/schedule` (staff)
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<ScheduleConfig>, AppError> {
    let (practice, _) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    let config = state.store.schedule().config(&practice.id).map_err(schedule_error)?;
    config.map(Json).ok_or_else(|| AppError::not_found("this practice has no schedule loaded"))
}

#[derive(Deserialize)]
pub struct AppointmentFilter {
    /// A local day, `YYYY-MM-DD`.
    date: Option<String>,
    patient: Option<String>,
}

/// `GET /v1/practices/{practice}/appointments?date=YYYY-MM-DD` or `?patient=ID` (staff)
pub async fn appointments(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(filter): Query<AppointmentFilter>,
    headers: HeaderMap,
) -> Result<Json<Vec<Appointment>>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    let schedule = state.store.schedule();
    let list = match (&filter.date, &filter.patient) {
        (Some(date), None) => schedule.appointments_on(&practice.id, date),
        (None, Some(patient)) => schedule.appointments_for(&practice.id, patient),
        _ => return Err(AppError::bad_request("give exactly one of `date` (YYYY-MM-DD) or `patient`")),
    }
    .map_err(schedule_error)?;
    let subject = filter.patient.clone().or(filter.date.clone());
    state.audit(&practice.id, caller.actor(), "appointments.read", subject, serde_json::Value::Null)?;
    Ok(Json(list))
}
