//! The practice's plugin config in an editor. Saving goes through the admin
//! API's update, which has the running plugin version validate the config
//! first: a rejected config is shown back with the plugin's problems by
//! field path, and nothing is saved.

use std::fmt::Write;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Form, Json};
use serde::Deserialize;

use super::html::{Flash, Html, csrf_field, esc};
use super::{Page, Signed};
use crate::gateways::admin;
use crate::practices::{ConfigProblem, PracticeSpec};

/// `GET /console/config`
pub async fn page(signed: Signed) -> Page {
    signed.require_configure()?;
    let id = signed.practice().id.clone();
    let Json(view) = admin::get_practice(State(signed.app().clone()), Path(id), signed.api_headers()).await?;
    Ok(editor(&signed, &view.config, &view.plugin, &[], StatusCode::OK))
}

fn editor(
    signed: &Signed,
    config: &str,
    plugin: &str,
    problems: &[ConfigProblem],
    status: StatusCode,
) -> axum::response::Response {
    let mut body = String::new();
    if !problems.is_empty() {
        let _ = write!(
            body,
            "<section class=\"flash problem\" role=\"alert\" aria-labelledby=\"problems\" id=\"config-problems\">\
             <h2 id=\"problems\">The plugin found {} problem{} — nothing was saved</h2><ul class=\"errors\">",
            problems.len(),
            if problems.len() == 1 { "" } else { "s" }
        );
        for p in problems {
            let path = if p.path.is_empty() { "(the whole config)" } else { p.path.as_str() };
            let _ = write!(body, "<li><a href=\"#config\"><code>{}</code></a>: {}</li>", esc(path), esc(&p.message));
        }
        body.push_str("</ul></section>");
    }
    let invalid = if problems.is_empty() {
        ""
    } else {
        " aria-invalid=\"true\" aria-describedby=\"config-problems config-hint\""
    };
    let _ = write!(
        body,
        "<form method=\"post\" action=\"/console/config\">{}\
         <label for=\"config\">Configuration for {} (TOML)</label>\
         <p id=\"config-hint\">The plugin checks the whole config before it is saved; \
         a config with problems is never applied.</p>\
         <textarea id=\"config\" name=\"config\" rows=\"30\" spellcheck=\"false\"{invalid}>{}</textarea>\
         <p><button type=\"submit\">Check and save</button></p></form>",
        csrf_field(signed.csrf()),
        esc(plugin),
        esc(config),
    );
    let mut response = signed.render("Configuration", "/console/config", Html(body));
    *response.status_mut() = status;
    response
}

#[derive(Debug, Deserialize)]
pub struct Save {
    csrf: String,
    config: String,
}

/// `POST /console/config`
pub async fn save(signed: Signed, Form(form): Form<Save>) -> Page {
    signed.require_configure()?;
    signed.check_csrf(&form.csrf)?;
    let id = signed.practice().id.clone();
    // Browsers submit textarea lines with CRLF; the config is kept as typed.
    let config = form.config.replace("\r\n", "\n");
    let spec = PracticeSpec { config: Some(config.clone()), ..PracticeSpec::default() };
    let body: Result<Json<PracticeSpec>, JsonRejection> = Ok(Json(spec));
    let result = admin::update_practice(State(signed.app().clone()), Path(id), signed.api_headers(), body).await;
    match result {
        Ok(_) => Ok(signed.redirect("/console/config", Flash::Done("The configuration was checked and saved.".into()))),
        Err(e) if e.status.is_client_error() => {
            let problems: Vec<ConfigProblem> = e
                .detail
                .clone()
                .and_then(|d| serde_json::from_value(d).ok())
                .unwrap_or_else(|| vec![ConfigProblem { path: String::new(), message: e.message.clone() }]);
            let plugin = signed.practice().plugin.to_string();
            Ok(editor(&signed, &config, &plugin, &problems, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}
