//! The practice's plugin through the registry API: what runs now, its
//! revision history, the registered versions it could run, and install,
//! upgrade and rollback. The registry checks the practice's policy, has
//! the new version validate the config and run its shipped conversation
//! tests before the switch; conversations under way finish on the version
//! they started on.

use std::fmt::Write;

use axum::body::Bytes;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::{Form, Json};
use serde::Deserialize;

use super::html::{Flash, Html, csrf_field, esc, local_time};
use super::{Page, Signed};
use crate::gateways::registry;
use crate::registry::install::{InstallRequest, PluginStatus, RevisionView, SwitchReport};

/// What "roll back" returns to: the registry's default, the newest
/// revision that runs something other than what runs now.
pub fn rollback_target(status: &PluginStatus) -> Option<&RevisionView> {
    status.history.iter().rev().find(|r| r.hash != status.hash)
}

/// `GET /console/plugin`
pub async fn page(signed: Signed) -> Page {
    signed.require_configure()?;
    let app = signed.app().clone();
    let practice = signed.practice().clone();
    let zone = &practice.time_zone;
    let Json(status) = registry::status(State(app.clone()), Path(practice.id.clone()), signed.api_headers()).await?;
    let Json(registered) = registry::list_plugins(State(app), signed.api_headers()).await?;
    let csrf = csrf_field(signed.csrf());
    let mut body = format!(
        "<h2>Running now</h2><p><strong>{}</strong>{} (component sha256 <code>{}</code>)</p>",
        esc(&status.active),
        status.revision.map(|r| format!(", revision {r}")).unwrap_or_default(),
        esc(&status.hash),
    );
    if let Some(target) = rollback_target(&status) {
        let _ = write!(
            body,
            "<form method=\"post\" action=\"/console/plugin/rollback\">{csrf}\
             <p><button type=\"submit\">Roll back to {} (revision {})</button></p></form>",
            esc(&target.plugin),
            target.revision,
        );
    }
    if status.history.is_empty() {
        body.push_str(
            "<p>No installs through the registry yet: the first one records what runs now as the baseline.</p>",
        );
    } else {
        body.push_str(
            "<table><caption>Version history, newest first</caption><thead><tr><th scope=\"col\">Revision</th>\
             <th scope=\"col\">Version</th><th scope=\"col\">What happened</th><th scope=\"col\">Shipped tests passed</th>\
             <th scope=\"col\">When</th></tr></thead><tbody>",
        );
        for r in status.history.iter().rev() {
            let what = match r.restored {
                Some(from) => format!("{} (restored revision {from})", r.action),
                None => r.action.clone(),
            };
            let _ = write!(
                body,
                "<tr><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                r.revision,
                if Some(r.revision) == status.revision { " (running)" } else { "" },
                esc(&r.plugin),
                esc(&what),
                r.tests_passed,
                esc(&local_time(r.at, zone)),
            );
        }
        body.push_str("</tbody></table>");
    }
    let _ = write!(
        body,
        "<h2 id=\"install\">Install or upgrade</h2><form method=\"post\" action=\"/console/plugin\">{csrf}\
         <fieldset><legend>Registered plugin versions</legend>"
    );
    for (n, record) in registered.iter().enumerate() {
        let name = record.plugin.to_string();
        let checked = if record.plugin.hash == status.hash { " checked" } else { "" };
        let _ = write!(
            body,
            "<div><input type=\"radio\" id=\"plugin-{n}\" name=\"plugin\" value=\"{}\"{checked}>\
             <label for=\"plugin-{n}\" style=\"display:inline\">{} — {} ({} KiB, registered {})</label></div>",
            esc(&name),
            esc(&name),
            esc(&record.specialty),
            record.size / 1024,
            esc(&local_time(record.registered_at, zone)),
        );
    }
    body.push_str(
        "</fieldset><p>The chosen version must be allowed by the practice's plugin policy, accept the practice's \
         configuration and pass its own conversation tests before it goes live.</p>\
         <p><button type=\"submit\">Install the chosen version</button></p></form>",
    );
    Ok(signed.render("Plugin", "/console/plugin", Html(body)))
}

#[derive(Debug, Deserialize)]
pub struct Install {
    csrf: String,
    plugin: String,
}

#[derive(Debug, Deserialize)]
pub struct Rollback {
    csrf: String,
}

fn switched(verb: &str, report: &SwitchReport) -> Flash {
    Flash::Done(format!("{verb} {} (was {}).", report.active.plugin, report.previous))
}

/// The registry's refusal, with the config problems or failed tests it names.
fn refused(what: &str, e: crate::gateways::AppError) -> Flash {
    let mut message = format!("{what}: {}", e.message);
    if let Some(detail) = e.detail.as_ref().and_then(|d| d.as_array()) {
        for entry in detail {
            let path = entry.get("path").and_then(|p| p.as_str());
            let text = entry.get("message").and_then(|m| m.as_str());
            match (path, text) {
                (Some(path), Some(text)) => {
                    let _ = write!(message, "; {path}: {text}");
                }
                _ => {
                    let _ = write!(message, "; {entry}");
                }
            }
        }
    }
    Flash::Problem(message)
}

/// `POST /console/plugin`: `POST /v1/practices/{practice}/plugin`.
pub async fn install(signed: Signed, Form(form): Form<Install>) -> Page {
    signed.require_configure()?;
    signed.check_csrf(&form.csrf)?;
    let Some((name, version)) = form.plugin.split_once('@') else {
        return Ok(signed.redirect("/console/plugin", Flash::Problem("Choose a plugin version.".into())));
    };
    let request = InstallRequest { plugin: name.into(), version: version.into(), config: None };
    let body: Result<Json<InstallRequest>, JsonRejection> = Ok(Json(request));
    let id = signed.practice().id.clone();
    match registry::install(State(signed.app().clone()), Path(id), signed.api_headers(), body).await {
        Ok(Json(report)) => Ok(signed.redirect("/console/plugin", switched("Installed", &report))),
        Err(e) if e.status.is_client_error() => {
            Ok(signed.redirect("/console/plugin", refused(&format!("{} was not installed", form.plugin), e)))
        }
        Err(e) => Err(e.into()),
    }
}

/// `POST /console/plugin/rollback`: `POST /v1/practices/{practice}/plugin/rollback`.
pub async fn rollback(signed: Signed, Form(form): Form<Rollback>) -> Page {
    signed.require_configure()?;
    signed.check_csrf(&form.csrf)?;
    let id = signed.practice().id.clone();
    match registry::rollback(State(signed.app().clone()), Path(id), signed.api_headers(), Bytes::new()).await {
        Ok(Json(report)) => Ok(signed.redirect("/console/plugin", switched("Rolled back to", &report))),
        Err(e) if e.status.is_client_error() => {
            Ok(signed.redirect("/console/plugin", refused("Nothing was rolled back", e)))
        }
        Err(e) => Err(e.into()),
    }
}
