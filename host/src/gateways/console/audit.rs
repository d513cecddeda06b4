//! The practice's audit log, newest first and paged (the API's
//! `GET …/audit`, for practice and host administrators; reading it is
//! audited there), with the hash-chain check (`GET …/audit/verify`).

use std::fmt::Write;

use axum::extract::{Path, Query, State};
use axum::{Form, Json};
use serde::Deserialize;

use super::html::{Flash, Html, csrf_field, esc, local_time};
use super::{Page, Signed};
use crate::gateways::staff;

const PAGE: usize = 100;

#[derive(Debug, Deserialize)]
pub struct Paging {
    /// Show entries before this sequence number.
    before: Option<u64>,
}

/// `GET /console/audit[?before=SEQ]`
pub async fn page(signed: Signed, Query(paging): Query<Paging>) -> Page {
    signed.require_admin()?;
    let practice = signed.practice().clone();
    let Json(entries) =
        staff::audit_log(State(signed.app().clone()), Path(practice.id.clone()), signed.api_headers()).await?;
    let before = paging.before.unwrap_or(u64::MAX);
    let shown: Vec<_> = entries.iter().rev().filter(|e| e.seq < before).take(PAGE).collect();
    let mut body = format!(
        "<form method=\"post\" action=\"/console/audit/verify\">{}<p>Each entry's hash covers the entry and the one \
         before it, so an altered, removed or reordered entry breaks the chain there.</p>\
         <p><button type=\"submit\">Verify the hash chain</button></p></form>",
        csrf_field(signed.csrf())
    );
    let _ = write!(
        body,
        "<table><caption>Audit entries {} of {} total, newest first</caption><thead><tr>\
         <th scope=\"col\">#</th><th scope=\"col\">Time</th><th scope=\"col\">Who</th><th scope=\"col\">Action</th>\
         <th scope=\"col\">Subject</th><th scope=\"col\">Detail</th></tr></thead><tbody>",
        match (shown.last(), shown.first()) {
            (Some(low), Some(high)) => format!("{}–{}", low.seq, high.seq),
            _ => "none".into(),
        },
        entries.len(),
    );
    for entry in &shown {
        let detail = if entry.event.detail.is_null() { String::new() } else { entry.event.detail.to_string() };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>",
            entry.seq,
            esc(&local_time(entry.at, &practice.time_zone)),
            esc(&entry.event.actor),
            esc(&entry.event.action),
            esc(entry.event.subject.as_deref().unwrap_or("")),
            esc(&detail),
        );
    }
    body.push_str("</tbody></table>");
    if let Some(last) = shown.last().filter(|e| e.seq > 1) {
        let _ = write!(body, "<p><a href=\"/console/audit?before={}\">Older entries</a></p>", last.seq);
    }
    Ok(signed.render("Audit log", "/console/audit", Html(body)))
}

#[derive(Debug, Deserialize)]
pub struct Verify {
    csrf: String,
}

/// `POST /console/audit/verify`
pub async fn verify(signed: Signed, Form(form): Form<Verify>) -> Page {
    signed.require_admin()?;
    signed.check_csrf(&form.csrf)?;
    let id = signed.practice().id.clone();
    let Json(result) = staff::verify_audit(State(signed.app().clone()), Path(id), signed.api_headers()).await?;
    let flash = if result["ok"] == serde_json::Value::Bool(true) {
        Flash::Done(format!("The audit chain is intact: {} entries verified.", result["entries"]))
    } else {
        let broken = &result["first_broken"];
        Flash::Problem(format!(
            "The audit chain is broken at entry {}: {}.",
            broken["seq"],
            broken["reason"].as_str().unwrap_or("unknown reason")
        ))
    };
    Ok(signed.redirect("/console/audit", flash))
}
