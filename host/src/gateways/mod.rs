//! The HTTP surface (axum): the Twilio webhooks, the JSON turn API, the
//! staff queue and the admin API. Handlers are thin: authenticate, parse,
//! call the turn service or the practice service, render.
//!
//! Invariants:
//! - Nothing is stored for a request that fails authentication or parsing.
//! - Clients get a clear status and message ([`AppError`]); internal detail
//!   goes to the log, never into a response.

mod admin;
mod auth;
mod console;
mod directory;
mod error;
pub mod guesses;
mod json;
mod metrics;
mod queue;
mod registry;
mod schedule;
mod staff;
mod tokens;
pub mod twilio;
pub mod vendor;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use error::AppError;

use crate::runtime::Runtime;
use crate::store::Store;
use crate::turn::TurnService;

/// Bodies of webhooks and JSON calls; Twilio's are a few KiB at most.
const MAX_BODY_BYTES: usize = 64 << 10;
/// Plugin components are uploaded whole.
const MAX_PLUGIN_BYTES: usize = 64 << 20;
/// A patient directory CSV.
const MAX_DIRECTORY_BYTES: usize = 16 << 20;

#[derive(Clone)]
pub struct AppState {
    pub turns: Arc<TurnService>,
    pub store: Store,
    pub runtime: Runtime,
    /// The URL Twilio is configured with, without a trailing slash; used for
    /// signature checks and for gather action URLs.
    pub public_url: Arc<str>,
    pub admin_token_hash: Arc<str>,
    /// Refused credentials, counted per client address.
    pub guesses: guesses::GuessLimiter,
}

impl AppState {
    /// The practice named in a URL, or a 404.
    fn practice(&self, id: &str) -> Result<crate::store::Practice, AppError> {
        self.store.practice(id)?.ok_or_else(|| AppError::not_found(format!("practice {id:?}")))
    }

    /// Append to a practice's audit chain on behalf of an API caller.
    fn audit(
        &self,
        practice: &str,
        actor: &str,
        action: &str,
        subject: Option<String>,
        detail: serde_json::Value,
    ) -> Result<(), AppError> {
        let event = crate::store::AuditEvent { actor: actor.into(), action: action.into(), subject, detail };
        Ok(self.store.audit(practice, crate::clock::now_ms(), event)?)
    }
}

pub fn router(state: AppState) -> Router {
    let limiter = state.guesses.clone();
    let writes = state.store.clone();
    let admin_uploads = Router::new()
        .route("/v1/plugins", post(registry::publish_plugin).get(registry::list_plugins))
        .layer(DefaultBodyLimit::max(MAX_PLUGIN_BYTES));
    let directory_uploads = Router::new()
        .route("/v1/practices/{practice}/patients", get(directory::list_patients).put(directory::import_patients))
        .layer(DefaultBodyLimit::max(MAX_DIRECTORY_BYTES));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/metrics", get(metrics::metrics))
        .route("/twilio/sms", post(twilio::sms))
        .route("/twilio/voice", post(twilio::voice))
        .route("/twilio/voice/on-call", post(twilio::on_call_dial_result))
        .route("/twilio/voice/transfer", post(twilio::transfer_dial_result))
        .route("/twilio/status", post(twilio::status))
        .route("/v1/turns", post(json::turn))
        .route("/v1/turns/on-call", post(json::on_call_outcome))
        .route("/v1/turns/transfer", post(json::transfer_outcome))
        .route("/v1/practices", post(admin::create_practice).get(admin::list_practices))
        .route("/v1/practices/{practice}", get(admin::get_practice).patch(admin::update_practice))
        .route("/v1/practices/{practice}/tokens/rotate", post(admin::rotate_tokens))
        .route("/v1/practices/{practice}/tokens", post(tokens::issue).get(tokens::list))
        .route("/v1/practices/{practice}/tokens/{token}", axum::routing::delete(tokens::revoke))
        .route("/v1/practices/{practice}/tokens/{token}/rotate", post(tokens::rotate))
        .route("/v1/practices/{practice}/queue", get(queue::list))
        .route("/v1/practices/{practice}/queue/{item}", get(queue::get))
        .route("/v1/practices/{practice}/queue/{item}/claim", post(queue::claim))
        .route("/v1/practices/{practice}/queue/{item}/acknowledge", post(queue::acknowledge))
        .route("/v1/practices/{practice}/queue/{item}/notes", post(queue::note))
        .route("/v1/practices/{practice}/queue/{item}/resolve", post(queue::resolve))
        .route("/v1/practices/{practice}/plugin", get(registry::status).post(registry::install))
        .route("/v1/practices/{practice}/plugin/rollback", post(registry::rollback))
        .route("/v1/practices/{practice}/plugin/policy", axum::routing::put(registry::set_policy))
        .route("/v1/practices/{practice}/conversations/{conversation}", get(staff::conversation))
        .route("/v1/practices/{practice}/audit", get(staff::audit_log))
        .route("/v1/practices/{practice}/audit/verify", get(staff::verify_audit))
        .route("/v1/practices/{practice}/outbox", get(staff::outbox))
        .route("/v1/practices/{practice}/schedule", get(schedule::get).put(schedule::load))
        .route("/v1/practices/{practice}/appointments", get(schedule::appointments))
        .route("/v1/practices/{practice}/prior-auths/{patient}", get(directory::prior_auths))
        .route(
            "/v1/practices/{practice}/prior-auths/{patient}/{procedure}",
            axum::routing::put(directory::set_prior_auth),
        )
        .route("/v1/test/clock", post(admin::advance_clock))
        .route("/v1/backup", get(admin::backup))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .merge(admin_uploads)
        .merge(directory_uploads)
        .merge(console::router(state.clone()))
        .layer(axum::middleware::from_fn(move |request: axum::extract::Request, next: axum::middleware::Next| {
            let store = writes.clone();
            async move {
                // Every request may write, so each holds a ticket; a backup
                // waits for them and holds new ones back (not itself).
                if request.uri().path() == "/v1/backup" {
                    return next.run(request).await;
                }
                let _ticket = store.write_ticket().await;
                next.run(request).await
            }
        }))
        .layer(axum::middleware::from_fn(move |request, next| guesses::guard(limiter.clone(), request, next)))
        .with_state(state)
}
