//! The practice console at `/console`: server-rendered pages for staff
//! (queues, an item with its transcript, today's schedule and the
//! waitlist, prior-authorization status) and administrators (dashboard,
//! plugin, configuration), plus the audit log.
//!
//! Invariants:
//! - Every read and change goes through the JSON API's own handler
//!   functions, called in process with the signed-in bearer token, so
//!   authentication, validation and audit are exactly the API's. The
//!   console never writes to the store itself.
//! - A session is re-authenticated on every request with that token: a
//!   rotated token ends its sessions at once.
//! - Every form carries the session's CSRF token; cross-site POSTs are also
//!   refused by their `Origin`; the cookie is HttpOnly and SameSite=Strict.
//! - Every value is escaped ([`html::esc`]); the pages need no JavaScript.

mod audit;
mod chart;
mod config;
mod dashboard;
mod hours;
pub mod html;
mod plugin;
mod priorauth;
mod queue;
mod schedule;
mod session;
mod signin;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};

use super::{AppError, AppState, auth};
use crate::store::Practice;
use html::{Chrome, Flash, Html, esc};
use session::{Session, Sessions};

/// Forms are small; the config editor's TOML is the largest.
const MAX_FORM_BYTES: usize = 256 << 10;

#[derive(Clone)]
pub struct Console {
    app: AppState,
    sessions: Arc<Sessions>,
    /// Mark cookies `Secure` when the public URL is https.
    secure: bool,
}

/// The console's routes, with their own state (the sessions), ready to
/// merge into the host's router.
pub fn router<S: Clone + Send + Sync + 'static>(app: AppState) -> Router<S> {
    let secure = app.public_url.starts_with("https://");
    let console = Console { app, sessions: Arc::new(Sessions::default()), secure };
    Router::new()
        .route("/console", get(|| async { Redirect::to("/console/queue") }))
        .route("/console/sign-in", get(signin::form).post(signin::submit))
        .route("/console/sign-out", post(signin::sign_out))
        .route("/console/queue", get(queue::list))
        .route("/console/queue/{item}", get(queue::item))
        .route("/console/queue/{item}/{action}", post(queue::act))
        .route("/console/hours", get(hours::page).post(hours::save))
        .route("/console/schedule", get(schedule::page))
        .route("/console/prior-auth", get(priorauth::page).post(priorauth::save))
        .route("/console/audit", get(audit::page))
        .route("/console/audit/verify", post(audit::verify))
        .route("/console/dashboard", get(dashboard::page))
        .route("/console/plugin", get(plugin::page).post(plugin::install))
        .route("/console/plugin/rollback", post(plugin::rollback))
        .route("/console/config", get(config::page).post(config::save))
        .layer(axum::middleware::from_fn(guard))
        .layer(axum::extract::DefaultBodyLimit::max(MAX_FORM_BYTES))
        .with_state(console)
}

/// Headers on every console response, and the cross-site POST check.
async fn guard(request: Request, next: Next) -> Response {
    if request.method() == axum::http::Method::POST && !same_origin(request.headers()) {
        return (StatusCode::FORBIDDEN, "cross-site form posts are refused").into_response();
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // Pages show patient data: never cached, never framed, and no referrer
    // leaves the site. (`same-origin`, not `no-referrer`: with no referrer
    // at all, browsers send `Origin: null` on form posts, which the
    // cross-site check above must refuse.)
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    response
}

/// A POST's `Origin` (when the browser sends one) must be this host.
fn same_origin(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else { return true };
    let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

/// A request from a signed-in person: their session, re-authenticated, and
/// their practice as it is now.
pub struct Signed {
    cookie: String,
    session: Session,
    practice: Practice,
    console: Console,
}

impl FromRequestParts<Console> for Signed {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, console: &Console) -> Result<Self, Response> {
        let to_sign_in = || Redirect::to("/console/sign-in").into_response();
        let cookie = session::cookie_value(&parts.headers).ok_or_else(to_sign_in)?;
        let session = console.sessions.touch(&cookie, Instant::now()).ok_or_else(to_sign_in)?;
        let practice = match console.app.store.practice(&session.practice) {
            Ok(Some(practice)) => practice,
            Ok(None) => return Err(to_sign_in()),
            Err(e) => return Err(ConsoleError::from(AppError::from(e)).into_response()),
        };
        let signed = Signed { cookie, session, practice, console: console.clone() };
        // The API's own check, with the token that signed in.
        match auth::require_staff(&console.app, &signed.api_headers(), &signed.practice) {
            Ok(caller) if session::Who::from(&caller) == signed.session.who => Ok(signed),
            _ => {
                console.sessions.end(&signed.cookie);
                Err(to_sign_in())
            }
        }
    }
}

impl Signed {
    pub fn app(&self) -> &AppState {
        &self.console.app
    }

    pub fn practice(&self) -> &Practice {
        &self.practice
    }

    pub fn is_admin(&self) -> bool {
        self.session.is_admin()
    }

    /// The headers an API call made on this person's behalf carries.
    pub fn api_headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(&format!("Bearer {}", self.session.token)) {
            headers.insert(header::AUTHORIZATION, value);
        }
        headers
    }

    /// Refuse a form whose CSRF token is not this session's.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), ConsoleError> {
        if self.session.csrf_ok(submitted) {
            Ok(())
        } else {
            Err(ConsoleError::new(StatusCode::FORBIDDEN, "This form has expired. Reload the page and try again."))
        }
    }

    /// Pages only administrators may see.
    pub fn require_admin(&self) -> Result<(), ConsoleError> {
        if self.is_admin() {
            Ok(())
        } else {
            Err(ConsoleError::new(StatusCode::FORBIDDEN, "This page is for practice administrators."))
        }
    }

    /// Pages that change the plugin or its config: the host administrator.
    pub fn require_configure(&self) -> Result<(), ConsoleError> {
        if self.session.can_configure() {
            Ok(())
        } else {
            Err(ConsoleError::new(
                StatusCode::FORBIDDEN,
                "Changing the plugin or its configuration needs the host administrator's token.",
            ))
        }
    }

    /// A full page in the console's layout.
    pub fn render(&self, title: &str, current: &str, body: Html) -> Response {
        let chrome = Chrome {
            practice_name: &self.practice.name,
            actor: &self.session.who.actor,
            is_admin: self.is_admin(),
            can_configure: self.session.can_configure(),
            csrf: &self.session.csrf,
            current,
            flash: self.session.flash.clone(),
        };
        axum::response::Html(html::page(title, &chrome, &body).0).into_response()
    }

    pub fn csrf(&self) -> &str {
        &self.session.csrf
    }

    /// Post/Redirect/Get: go to `to`, showing `flash` there.
    pub fn redirect(&self, to: &str, flash: Flash) -> Response {
        self.console.sessions.flash(&self.cookie, flash);
        Redirect::to(to).into_response()
    }
}

/// A page that could not be shown: an HTML error page with a way back.
#[derive(Debug)]
pub struct ConsoleError {
    status: StatusCode,
    message: String,
}

impl ConsoleError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ConsoleError { status, message: message.into() }
    }
}

impl From<AppError> for ConsoleError {
    /// The API's message is written for people already (internal detail
    /// stays in the log), so it is shown as is.
    fn from(e: AppError) -> Self {
        ConsoleError { status: e.status, message: e.message }
    }
}

impl From<crate::store::StoreError> for ConsoleError {
    fn from(e: crate::store::StoreError) -> Self {
        AppError::from(e).into()
    }
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let body =
            Html(format!("<p>{}</p><p><a href=\"/console/queue\">Back to the queues</a></p>", esc(&self.message)));
        let page = html::bare_page("Something went wrong", Some(&Flash::Problem(self.message.clone())), &body);
        (self.status, axum::response::Html(page.0)).into_response()
    }
}

pub type Page = Result<Response, ConsoleError>;

/// Build a handler's typed input the way its extractor would, from JSON:
/// the API's request types keep their fields private, and going through
/// serde applies exactly the API's own parsing (`deny_unknown_fields`…).
pub fn api_input<T: serde::de::DeserializeOwned>(value: serde_json::Value) -> Result<T, ConsoleError> {
    serde_json::from_value(value).map_err(|e| ConsoleError::new(StatusCode::BAD_REQUEST, e.to_string()))
}
