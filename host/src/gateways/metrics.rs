//! `GET /metrics` (admin token): the Prometheus text format. Scrapers send
//! the token as a bearer (`authorization` in a Prometheus scrape config),
//! since practice ids and volumes are not for the open internet.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};

use super::{AppError, AppState, auth};

pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    auth::require_admin(&state, &headers)?;
    let store = state.store.clone();
    let text =
        tokio::task::spawn_blocking(move || crate::metrics::render(&store)).await.map_err(AppError::internal)??;
    let mut response = text.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"));
    Ok(response)
}
