//! A patient's prior-authorization records, and setting one's status.

use std::fmt::Write;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::{Form, Json};
use serde::Deserialize;

use super::html::{Flash, Html, esc, local_time, select, url_param};
use super::{Page, Signed, api_input};
use crate::gateways::directory;
use crate::store::PRIOR_AUTH_STATUSES;

#[derive(Debug, Deserialize)]
pub struct Lookup {
    patient: Option<String>,
}

/// `GET /console/prior-auth[?patient=ID]`
pub async fn page(signed: Signed, Query(lookup): Query<Lookup>) -> Page {
    let practice = signed.practice().clone();
    let app = signed.app().clone();
    let patient = lookup.patient.map(|p| p.trim().to_string()).filter(|p| !p.is_empty());
    let Json(patients) =
        directory::list_patients(State(app.clone()), Path(practice.id.clone()), signed.api_headers()).await?;
    let mut body = String::from("<datalist id=\"patient-ids\">");
    for p in &patients {
        let _ = write!(
            body,
            "<option value=\"{}\">{} {} (born {})</option>",
            esc(&p.id),
            esc(&p.given_name),
            esc(&p.family_name),
            esc(&p.date_of_birth)
        );
    }
    let _ = write!(
        body,
        "</datalist><form method=\"get\" action=\"/console/prior-auth\"><label for=\"patient\">Patient ID</label>\
         <input id=\"patient\" name=\"patient\" list=\"patient-ids\" value=\"{}\"> <button type=\"submit\">Look up</button></form>",
        esc(patient.as_deref().unwrap_or(""))
    );
    if let Some(patient) = &patient {
        let name = patients
            .iter()
            .find(|p| &p.id == patient)
            .map(|p| format!("{} {}", p.given_name, p.family_name))
            .unwrap_or_else(|| patient.clone());
        let Json(records) =
            directory::prior_auths(State(app), Path((practice.id.clone(), patient.clone())), signed.api_headers())
                .await?;
        if records.is_empty() {
            let _ = write!(body, "<h2>{}</h2><p>No prior-authorization records yet.</p>", esc(&name));
        } else {
            let _ = write!(
                body,
                "<table><caption>Prior authorizations for {}</caption><thead><tr><th scope=\"col\">Procedure</th>\
                 <th scope=\"col\">Status</th><th scope=\"col\">Note</th><th scope=\"col\">Updated</th></tr></thead><tbody>",
                esc(&name)
            );
            for r in &records {
                let _ = write!(
                    body,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} by {}</td></tr>",
                    esc(&r.procedure),
                    esc(&r.status),
                    esc(r.note.as_deref().unwrap_or("")),
                    esc(&local_time(r.updated_at, &practice.time_zone)),
                    esc(&r.updated_by),
                );
            }
            body.push_str("</tbody></table>");
        }
    }
    let statuses: Vec<(&str, &str)> = PRIOR_AUTH_STATUSES.iter().map(|s| (*s, *s)).collect();
    let _ = write!(
        body,
        "<h2 id=\"set\">Set a prior-authorization status</h2><form method=\"post\" action=\"/console/prior-auth\" \
         aria-labelledby=\"set\">{}<label for=\"pa-patient\">Patient ID</label>\
         <input id=\"pa-patient\" name=\"patient\" list=\"patient-ids\" required value=\"{}\">\
         <label for=\"procedure\">Procedure code</label>\
         <input id=\"procedure\" name=\"procedure\" required pattern=\"[a-z0-9-]+\" aria-describedby=\"procedure-hint\">\
         <small id=\"procedure-hint\">Lowercase letters, digits and dashes, as in the plugin's catalogue (e.g. lumbar-esi).</small>\
         {}<label for=\"note\">Note (optional, at most 500 characters)</label>\
         <textarea id=\"note\" name=\"note\" rows=\"3\" maxlength=\"500\"></textarea>\
         <p><button type=\"submit\">Save status</button></p></form>",
        super::html::csrf_field(signed.csrf()),
        esc(patient.as_deref().unwrap_or("")),
        select("status", "Status", &statuses, "pending-payer"),
    );
    Ok(signed.render("Prior authorization", "/console/prior-auth", Html(body)))
}

#[derive(Debug, Deserialize)]
pub struct SetStatus {
    csrf: String,
    patient: String,
    procedure: String,
    status: String,
    #[serde(default)]
    note: String,
}

/// `POST /console/prior-auth`: through `PUT /v1/…/prior-auths/{patient}/{procedure}`.
pub async fn save(signed: Signed, Form(form): Form<SetStatus>) -> Page {
    signed.check_csrf(&form.csrf)?;
    let practice = signed.practice().clone();
    let (patient, procedure) = (form.patient.trim().to_string(), form.procedure.trim().to_string());
    let back = format!("/console/prior-auth?patient={}", url_param(&patient));
    let note = Some(form.note).filter(|n| !n.trim().is_empty());
    let update: Result<Json<_>, JsonRejection> =
        Ok(Json(api_input(serde_json::json!({ "status": form.status, "note": note }))?));
    let result = directory::set_prior_auth(
        State(signed.app().clone()),
        Path((practice.id.clone(), patient.clone(), procedure.clone())),
        signed.api_headers(),
        update,
    )
    .await;
    Ok(match result {
        Ok(Json(record)) => signed.redirect(
            &back,
            Flash::Done(format!("Prior authorization for {} set to {}.", record.procedure, record.status)),
        ),
        Err(e) if e.status.is_client_error() => signed.redirect(&back, Flash::Problem(e.message)),
        Err(e) => return Err(e.into()),
    })
}
