//! Office hours, holidays and the on-call rota. Administrators see them;
//! the host administrator changes them through the admin API's practice
//! update, which validates both before anything is saved. The escalation
//! criteria themselves are part of the plugin's configuration.

use std::collections::BTreeMap;
use std::fmt::Write;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::{Form, Json};
use serde::Deserialize;

use super::html::{Flash, Html, csrf_field, esc, local_time};
use super::{Page, Signed, api_input};
use crate::gateways::admin;
use crate::hours::OfficeHours;
use crate::practices::PracticeSpec;

const DAYS: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];

/// `GET /console/hours`
pub async fn page(signed: Signed) -> Page {
    signed.require_admin()?;
    let practice = signed.practice().clone();
    let weekly: BTreeMap<String, String> = practice
        .hours
        .as_ref()
        .and_then(|h| serde_json::to_value(&h.weekly).ok())
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let holidays = practice.hours.as_ref().map(|h| h.holidays.join("\n")).unwrap_or_default();
    let status = practice.hours.as_ref().map(|h| h.status(&practice.time_zone, crate::clock::now_ms()));
    let mut body = match status {
        Some(s) if s.open_now => "<p>The office is <strong>open</strong> now.</p>".to_string(),
        Some(s) => format!(
            "<p>The office is <strong>closed</strong> now{}.</p>",
            s.next_open
                .map(|at| format!("; it opens {}", esc(&local_time(at, &practice.time_zone))))
                .unwrap_or_default()
        ),
        None => "<p>No office hours are set: the practice is treated as closed for “next business day” wording.</p>"
            .to_string(),
    };
    let editable = signed.session.can_configure();
    let disabled = if editable { "" } else { " disabled" };
    let _ = write!(
        body,
        "<p>Escalation criteria (which messages are urgent, and what patients are told) are part of the \
         plugin's configuration{}.</p><form method=\"post\" action=\"/console/hours\">{}\
         <fieldset><legend>Office hours ({}; blank means closed)</legend>",
        if editable { ": see <a href=\"/console/config\">Configuration</a>" } else { "" },
        csrf_field(signed.csrf()),
        esc(&practice.time_zone),
    );
    for (code, name) in DAYS {
        let _ = write!(
            body,
            "<label for=\"day-{code}\">{name}</label><input id=\"day-{code}\" name=\"{code}\" value=\"{}\" \
             placeholder=\"08:00-17:00\" aria-describedby=\"span-hint\"{disabled}>",
            esc(weekly.get(code).map(String::as_str).unwrap_or("")),
        );
    }
    let on_call = practice.on_call.as_ref();
    let _ = write!(
        body,
        "<small id=\"span-hint\">Opening and closing time, 24-hour, e.g. 08:00-17:00.</small>\
         <label for=\"holidays\">Holidays (one date per line, YYYY-MM-DD)</label>\
         <textarea id=\"holidays\" name=\"holidays\" rows=\"4\"{disabled}>{}</textarea></fieldset>\
         <fieldset><legend>On-call</legend><label for=\"primary\">Primary on-call number (E.164)</label>\
         <input id=\"primary\" name=\"primary\" type=\"tel\" value=\"{}\"{disabled}>\
         <label for=\"backup\">Backup number (optional)</label>\
         <input id=\"backup\" name=\"backup\" type=\"tel\" value=\"{}\"{disabled}>\
         <label for=\"ack\">Minutes to acknowledge before paging again</label>\
         <input id=\"ack\" name=\"ack_minutes\" type=\"number\" min=\"1\" max=\"120\" value=\"{}\"{disabled}></fieldset>",
        esc(&holidays),
        esc(on_call.map(|o| o.primary.as_str()).unwrap_or("")),
        esc(on_call.and_then(|o| o.backup.as_deref()).unwrap_or("")),
        on_call.map(|o| o.ack_minutes).unwrap_or(15),
    );
    if editable {
        body.push_str("<p><button type=\"submit\">Save hours and on-call</button></p>");
    } else {
        body.push_str("<p>Changing these needs the host administrator's token.</p>");
    }
    body.push_str("</form>");
    Ok(signed.render("Hours and on-call", "/console/hours", Html(body)))
}

#[derive(Debug, Deserialize)]
pub struct Save {
    csrf: String,
    #[serde(default)]
    mon: String,
    #[serde(default)]
    tue: String,
    #[serde(default)]
    wed: String,
    #[serde(default)]
    thu: String,
    #[serde(default)]
    fri: String,
    #[serde(default)]
    sat: String,
    #[serde(default)]
    sun: String,
    #[serde(default)]
    holidays: String,
    #[serde(default)]
    primary: String,
    #[serde(default)]
    backup: String,
    #[serde(default)]
    ack_minutes: String,
}

impl Save {
    /// The API's shapes for hours and on-call; parsing them is the API's
    /// own serde (`deny_unknown_fields`), validation is `update_practice`'s.
    fn spec(&self) -> Result<PracticeSpec, super::ConsoleError> {
        let weekly: serde_json::Map<String, serde_json::Value> =
            [("mon", &self.mon), ("tue", &self.tue), ("wed", &self.wed), ("thu", &self.thu), ("fri", &self.fri)]
                .into_iter()
                .chain([("sat", &self.sat), ("sun", &self.sun)])
                .filter(|(_, span)| !span.trim().is_empty())
                .map(|(day, span)| (day.to_string(), span.trim().into()))
                .collect();
        let holidays: Vec<&str> = self.holidays.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let hours: OfficeHours = api_input(serde_json::json!({ "weekly": weekly, "holidays": holidays }))?;
        let mut spec = PracticeSpec { hours: Some(hours), ..PracticeSpec::default() };
        if !self.primary.trim().is_empty() {
            let ack: u32 = self.ack_minutes.trim().parse().map_err(|_| {
                super::ConsoleError::new(
                    axum::http::StatusCode::BAD_REQUEST,
                    "Minutes to acknowledge must be a number.",
                )
            })?;
            let backup = Some(self.backup.trim()).filter(|b| !b.is_empty());
            spec.on_call = Some(api_input(
                serde_json::json!({ "primary": self.primary.trim(), "backup": backup, "ack_minutes": ack }),
            )?);
        }
        Ok(spec)
    }
}

/// `POST /console/hours`
pub async fn save(signed: Signed, Form(form): Form<Save>) -> Page {
    signed.require_configure()?;
    signed.check_csrf(&form.csrf)?;
    let spec = match form.spec() {
        Ok(spec) => spec,
        Err(e) => return Ok(signed.redirect("/console/hours", Flash::Problem(e.message))),
    };
    let body: Result<Json<PracticeSpec>, JsonRejection> = Ok(Json(spec));
    let id = signed.practice().id.clone();
    match admin::update_practice(State(signed.app().clone()), Path(id), signed.api_headers(), body).await {
        Ok(_) => Ok(signed.redirect("/console/hours", Flash::Done("Hours and on-call saved.".into()))),
        Err(e) if e.status.is_client_error() => Ok(signed.redirect("/console/hours", Flash::Problem(e.message))),
        Err(e) => Err(e.into()),
    }
}
