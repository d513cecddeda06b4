//! The practice's plugin: what runs now, the versions it has run, the
//! registered versions it could run, and switching between them (install,
//! upgrade, rollback). A switch goes through the admin API's practice
//! update, which has the new version validate the practice's config before
//! anything changes; conversations already under way finish on the
//! version they started on.

use std::fmt::Write;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::{Form, Json};
use serde::Deserialize;

use super::html::{Flash, Html, csrf_field, esc, local_time};
use super::{Page, Signed};
use crate::gateways::admin;
use crate::practices::PracticeSpec;
use crate::store::AuditEntry;

/// One version the practice has run, as its audit chain shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ran {
    pub plugin: String,
    pub first_seen: i64,
    pub last_seen: i64,
}

/// The versions this practice has run or been switched to, most recent
/// last. The audit chain is the record: every practice change names the
/// plugin it set, and every turn names the version that handled it (so a
/// version installed before the chain began still shows once it ran).
pub fn history(entries: &[AuditEntry]) -> Vec<Ran> {
    let mut ran: Vec<Ran> = Vec::new();
    for entry in entries {
        let relevant = matches!(entry.event.action.as_str(), "practice.created" | "practice.updated" | "turn.handled");
        let Some(plugin) = entry.event.detail.get("plugin").and_then(|p| p.as_str()).filter(|_| relevant) else {
            continue;
        };
        match ran.iter().position(|r| r.plugin == plugin) {
            Some(at) => {
                let mut seen = ran.remove(at);
                seen.last_seen = entry.at;
                ran.push(seen);
            }
            None => ran.push(Ran { plugin: plugin.into(), first_seen: entry.at, last_seen: entry.at }),
        }
    }
    ran
}

/// What "roll back" goes to: the most recent other version that ran.
pub fn rollback_target<'a>(history: &'a [Ran], current: &str) -> Option<&'a Ran> {
    history.iter().rev().find(|r| r.plugin != current)
}

/// `GET /console/plugin`
pub async fn page(signed: Signed) -> Page {
    signed.require_configure()?;
    let app = signed.app().clone();
    let practice = signed.practice().clone();
    let zone = &practice.time_zone;
    let Json(registered) = admin::list_plugins(State(app.clone()), signed.api_headers()).await?;
    let entries = app.store.audit_entries(&practice.id)?;
    let current = practice.plugin.to_string();
    let history = history(&entries);
    let mut body = format!(
        "<h2>Running now</h2><p><strong>{}</strong> (component sha256 <code>{}</code>)</p>",
        esc(&current),
        esc(&practice.plugin.hash),
    );
    if let Some(target) = rollback_target(&history, &current) {
        let _ = write!(
            body,
            "<form method=\"post\" action=\"/console/plugin\">{}<input type=\"hidden\" name=\"plugin\" value=\"{}\">\
             <p><button type=\"submit\">Roll back to {}</button></p></form>",
            csrf_field(signed.csrf()),
            esc(&target.plugin),
            esc(&target.plugin),
        );
    }
    body.push_str(
        "<table><caption>Versions this practice has run (from its audit log), most recent first</caption><thead><tr>\
         <th scope=\"col\">Version</th><th scope=\"col\">First seen</th><th scope=\"col\">Last seen</th></tr></thead><tbody>",
    );
    for ran in history.iter().rev() {
        let _ = write!(
            body,
            "<tr><td>{}{}</td><td>{}</td><td>{}</td></tr>",
            esc(&ran.plugin),
            if ran.plugin == current { " (running)" } else { "" },
            esc(&local_time(ran.first_seen, zone)),
            esc(&local_time(ran.last_seen, zone)),
        );
    }
    body.push_str("</tbody></table>");
    let _ = write!(
        body,
        "<h2 id=\"install\">Install, upgrade or roll back</h2><form method=\"post\" action=\"/console/plugin\">{}\
         <fieldset><legend>Registered plugin versions</legend>",
        csrf_field(signed.csrf())
    );
    for (n, record) in registered.iter().enumerate() {
        let name = record.plugin.to_string();
        let checked = if name == current { " checked" } else { "" };
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
        "</fieldset><p>The chosen version checks the practice's configuration first; new conversations start on it, \
         conversations under way finish on the version they began with.</p>\
         <p><button type=\"submit\">Switch to the chosen version</button></p></form>",
    );
    Ok(signed.render("Plugin", "/console/plugin", Html(body)))
}

#[derive(Debug, Deserialize)]
pub struct Switch {
    csrf: String,
    plugin: String,
}

/// `POST /console/plugin`
pub async fn switch(signed: Signed, Form(form): Form<Switch>) -> Page {
    signed.require_configure()?;
    signed.check_csrf(&form.csrf)?;
    let id = signed.practice().id.clone();
    let from = signed.practice().plugin.to_string();
    if form.plugin == from {
        return Ok(signed.redirect("/console/plugin", Flash::Done(format!("{from} is already running."))));
    }
    let spec = PracticeSpec { plugin: Some(form.plugin.clone()), ..PracticeSpec::default() };
    let body: Result<Json<PracticeSpec>, JsonRejection> = Ok(Json(spec));
    match admin::update_practice(State(signed.app().clone()), Path(id), signed.api_headers(), body).await {
        Ok(Json(view)) => {
            Ok(signed.redirect("/console/plugin", Flash::Done(format!("Switched from {from} to {}.", view.plugin))))
        }
        Err(e) if e.status.is_client_error() => {
            let mut message = format!("{} was not installed: {}", form.plugin, e.message);
            if let Some(problems) =
                e.detail.and_then(|d| serde_json::from_value::<Vec<crate::practices::ConfigProblem>>(d).ok())
            {
                for p in problems {
                    let _ = write!(message, "; {}: {}", p.path, p.message);
                }
            }
            Ok(signed.redirect("/console/plugin", Flash::Problem(message)))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::AuditEvent;

    fn entry(at: i64, action: &str, plugin: &str) -> AuditEntry {
        AuditEntry {
            seq: at as u64,
            at,
            event: AuditEvent {
                actor: "host".into(),
                action: action.into(),
                subject: None,
                detail: serde_json::json!({ "plugin": plugin }),
            },
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn history_orders_versions_by_last_use_and_rollback_picks_the_previous() {
        let entries = vec![
            entry(1, "turn.handled", "pm@1"),
            entry(2, "turn.handled", "pm@1"),
            entry(3, "practice.updated", "pm@2"),
            entry(4, "turn.handled", "pm@2"),
            entry(5, "queue.read", "ignored@9"),
        ];
        let ran = history(&entries);
        assert_eq!(ran.iter().map(|r| r.plugin.as_str()).collect::<Vec<_>>(), ["pm@1", "pm@2"]);
        assert_eq!((ran[0].first_seen, ran[0].last_seen), (1, 2));
        assert_eq!(rollback_target(&ran, "pm@2").unwrap().plugin, "pm@1");
        // After the rollback, "roll back" offers the version just left.
        let mut entries = entries;
        entries.push(entry(6, "practice.updated", "pm@1"));
        assert_eq!(rollback_target(&history(&entries), "pm@1").unwrap().plugin, "pm@2");
        assert!(rollback_target(&history(&entries[..2]), "pm@1").is_none());
    }
}
