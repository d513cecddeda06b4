//! One error type for every handler: a status and a message for the
//! client, the internal cause for the log.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::practices::AdminError;
use crate::store::StoreError;
use crate::turn::TurnError;

#[derive(Debug)]
pub struct AppError {
    pub status: StatusCode,
    pub message: String,
    /// Structured detail for the client (e.g. config errors with paths).
    pub detail: Option<serde_json::Value>,
}

impl AppError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        AppError { status, message: message.into(), detail: None }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "a valid bearer token is required")
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// A server-side failure: logged in full, reported to the client plainly.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(error = %cause, "request failed");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal error; see the server log")
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut body = serde_json::json!({ "error": self.message });
        if let Some(detail) = self.detail {
            body["detail"] = detail;
        }
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => AppError::not_found(format!("{what} not found")),
            StoreError::Conflict(what) => AppError::new(StatusCode::CONFLICT, what),
            StoreError::Invalid(what) => AppError::bad_request(what),
            other => AppError::internal(other),
        }
    }
}

impl From<TurnError> for AppError {
    fn from(e: TurnError) -> Self {
        AppError::internal(e)
    }
}

impl From<AdminError> for AppError {
    fn from(e: AdminError) -> Self {
        match e {
            AdminError::Invalid(message) => AppError::bad_request(message),
            AdminError::Config(problems) => AppError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: "the plugin rejected the config".into(),
                detail: Some(serde_json::to_value(problems).unwrap_or_default()),
            },
            AdminError::NotFound(what) => AppError::not_found(format!("{what} not found")),
            AdminError::Conflict(what) => AppError::new(StatusCode::CONFLICT, what),
            AdminError::Runtime(e) => AppError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()),
            AdminError::Internal(e) => AppError::internal(e),
        }
    }
}
