//! A day's schedule (today in the practice's zone unless another date is
//! chosen) and the waitlist.

use std::fmt::Write;

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;
use switchboard_scheduling::{AppointmentStatus, ScheduleBackend, WaitlistStatus};

use super::html::{Html, esc, local_time};
use super::{ConsoleError, Page, Signed, api_input};
use crate::gateways::schedule;

#[derive(Debug, Deserialize)]
pub struct Day {
    date: Option<String>,
}

/// Today's date where the practice is.
pub fn today(zone: &str) -> String {
    let tz = jiff::tz::TimeZone::get(zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let now = jiff::Timestamp::from_millisecond(crate::clock::now_ms()).unwrap_or_else(|_| jiff::Timestamp::now());
    now.to_zoned(tz).date().to_string()
}

fn status_name(status: AppointmentStatus) -> &'static str {
    match status {
        AppointmentStatus::Proposed => "Proposed",
        AppointmentStatus::Booked => "Booked",
        AppointmentStatus::Arrived => "Arrived",
        AppointmentStatus::Fulfilled => "Seen",
        AppointmentStatus::Cancelled => "Cancelled",
        AppointmentStatus::Noshow => "No-show",
        AppointmentStatus::Waitlist => "Waitlist",
    }
}

/// `GET /console/schedule[?date=YYYY-MM-DD]`
pub async fn page(signed: Signed, Query(day): Query<Day>) -> Page {
    let practice = signed.practice().clone();
    let app = signed.app().clone();
    let date = day.date.filter(|d| !d.trim().is_empty()).unwrap_or_else(|| today(&practice.time_zone));
    let filter = api_input(serde_json::json!({ "date": date }))?;
    let Json(appointments) =
        schedule::appointments(State(app.clone()), Path(practice.id.clone()), Query(filter), signed.api_headers())
            .await?;
    // Names for the ids, from the schedule's own configuration and the
    // directory (both already part of what staff may read).
    let config = app.store.schedule().config(&practice.id).ok().flatten();
    let provider = |id: &str| {
        config
            .as_ref()
            .and_then(|c| c.providers.iter().find(|p| p.id == id).map(|p| p.name.clone()))
            .unwrap_or_else(|| id.to_string())
    };
    let visit = |code: &str| {
        config
            .as_ref()
            .and_then(|c| c.appointment_types.iter().find(|t| t.code == code).map(|t| t.display.clone()))
            .unwrap_or_else(|| code.to_string())
    };
    let patient = |id: &str| match app.store.patient(&practice.id, id) {
        Ok(Some(p)) => format!("{} {}", p.given_name, p.family_name),
        _ => id.to_string(),
    };

    let mut body = format!(
        "<form method=\"get\" action=\"/console/schedule\"><label for=\"date\">Day</label>\
         <input id=\"date\" name=\"date\" type=\"date\" value=\"{}\"> <button type=\"submit\">Show</button></form>",
        esc(&date)
    );
    if appointments.is_empty() {
        let _ = write!(body, "<h2>Appointments</h2><p>No appointments on {}.</p>", esc(&date));
    } else {
        let _ = write!(
            body,
            "<table><caption>Appointments on {}</caption><thead><tr><th scope=\"col\">Time</th>\
             <th scope=\"col\">Patient</th><th scope=\"col\">Visit</th><th scope=\"col\">Provider</th>\
             <th scope=\"col\">Status</th><th scope=\"col\">Needs review</th></tr></thead><tbody>",
            esc(&date)
        );
        for a in &appointments {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{} ({} min)</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&local_time(a.start, &practice.time_zone)),
                esc(&patient(&a.patient_id)),
                esc(&visit(&a.appointment_type)),
                a.duration_minutes,
                esc(&provider(&a.provider_id)),
                status_name(a.status),
                if a.needs_review { "Yes" } else { "No" },
            );
        }
        body.push_str("</tbody></table>");
    }

    let waitlist = app.store.schedule().waitlist(&practice.id, None).map_err(|e| {
        ConsoleError::from(crate::gateways::AppError::internal(format!("cannot read the waitlist: {e}")))
    })?;
    app.audit(&practice.id, &signed.session.who.actor, "waitlist.read", None, serde_json::Value::Null)?;
    let waiting: Vec<_> = waitlist.iter().filter(|w| w.status == WaitlistStatus::Waiting).collect();
    body.push_str("<h2 id=\"waitlist\">Waitlist</h2>");
    if waiting.is_empty() {
        body.push_str("<p>No one is waiting.</p>");
    } else {
        body.push_str(
            "<table aria-labelledby=\"waitlist\"><thead><tr><th scope=\"col\">Since</th><th scope=\"col\">Patient</th>\
             <th scope=\"col\">Visit</th></tr></thead><tbody>",
        );
        for w in waiting {
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&local_time(w.created_at, &practice.time_zone)),
                esc(&patient(&w.patient_id)),
                esc(&visit(&w.appointment_type)),
            );
        }
        body.push_str("</tbody></table>");
    }
    Ok(signed.render("Schedule", "/console/schedule", Html(body)))
}
