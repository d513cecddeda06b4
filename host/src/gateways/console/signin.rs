//! Signing in with a practice's credentials (its staff token, or an
//! administrator's token) and signing out. Both are audited in the
//! practice's chain.

use std::time::Instant;

use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use super::html::{self, Flash, Html, esc};
use super::{Console, Signed, auth, session};

/// `GET /console/sign-in`
pub async fn form() -> Response {
    sign_in_page("", None, StatusCode::OK)
}

fn sign_in_page(practice: &str, problem: Option<&str>, status: StatusCode) -> Response {
    let body = Html(format!(
        "<form method=\"post\" action=\"/console/sign-in\">\
         <label for=\"practice\">Practice ID</label>\
         <input id=\"practice\" name=\"practice\" autocomplete=\"organization\" required value=\"{}\">\
         <label for=\"token\">Access token</label>\
         <input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required>\
         <p><button type=\"submit\">Sign in</button></p></form>\
         <p>Use your practice's staff token, or an administrator's token. \
         You are signed out after {} minutes without activity.</p>",
        esc(practice),
        session::IDLE.as_secs() / 60,
    ));
    let flash = problem.map(|p| Flash::Problem(p.into()));
    (status, axum::response::Html(html::bare_page("Sign in", flash.as_ref(), &body).0)).into_response()
}

#[derive(Deserialize)]
pub struct SignIn {
    practice: String,
    token: String,
}

/// `POST /console/sign-in`
pub async fn submit(State(console): State<Console>, Form(form): Form<SignIn>) -> Response {
    let practice_id = form.practice.trim();
    // One answer for an unknown practice and a wrong token: the form does
    // not reveal which practice ids exist.
    let refused =
        || sign_in_page(practice_id, Some("That practice ID and token do not match."), StatusCode::UNAUTHORIZED);
    let practice = match console.app.store.practice(practice_id) {
        Ok(Some(practice)) => practice,
        Ok(None) => return refused(),
        Err(e) => return super::ConsoleError::from(e).into_response(),
    };
    let mut headers = HeaderMap::new();
    let token = form.token.trim();
    match HeaderValue::from_str(&format!("Bearer {token}")) {
        Ok(value) => headers.insert(header::AUTHORIZATION, value),
        Err(_) => return refused(),
    };
    let Ok(caller) = auth::require_staff(&console.app, &headers, &practice) else { return refused() };
    if let Err(e) = console.app.audit(&practice.id, caller.actor(), "console.signed-in", None, serde_json::Value::Null)
    {
        return super::ConsoleError::from(e).into_response();
    }
    let id = console.sessions.start(&practice.id, token, session::Who::from(&caller), Instant::now());
    let mut response = Redirect::to("/console/queue").into_response();
    if let Ok(cookie) = HeaderValue::from_str(&session::set_cookie(&id, console.secure)) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

#[derive(Deserialize)]
pub struct SignOut {
    csrf: String,
}

/// `POST /console/sign-out`
pub async fn sign_out(signed: Signed, Form(form): Form<SignOut>) -> super::Page {
    signed.check_csrf(&form.csrf)?;
    let actor = signed.session.who.actor.as_str();
    signed.app().audit(&signed.practice.id, actor, "console.signed-out", None, serde_json::Value::Null)?;
    signed.console.sessions.end(&signed.cookie);
    let mut response = Redirect::to("/console/sign-in").into_response();
    response.headers_mut().insert(header::SET_COOKIE, HeaderValue::from_str(&session::clear_cookie()).expect("ascii"));
    Ok(response)
}
