//! The staff queues: a filterable list (most urgent first, newest first
//! within a priority — the API's order), and one item with its structured
//! record, what has been done with it, the actions staff take on it
//! (claim, acknowledge, note, resolve) and the conversation's transcript.

use std::fmt::Write;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Form, Json};
use serde::Deserialize;

use super::html::{Flash, Html, csrf_field, esc, local_time, select, url_param};
use super::{ConsoleError, Page, Signed, api_input};
use crate::actions::Action;
use crate::gateways::{queue as api, staff};
use crate::store::{Priority, QueueItem, QueueKind, QueueStatus, Stamp, TurnRecord, WorkRecord};

const KINDS: &[(&str, &str)] = &[
    ("", "All queues"),
    ("clinical-urgent", "Urgent"),
    ("refill", "Refill"),
    ("callback", "Callback"),
    ("prior-auth", "Prior authorization"),
    ("scheduling", "Scheduling"),
];
const STATUSES: &[(&str, &str)] =
    &[("open", "Open"), ("requested", "New"), ("accepted", "Claimed"), ("completed", "Resolved"), ("all", "All")];
const PRIORITIES: &[(&str, &str)] =
    &[("", "Any priority"), ("stat", "STAT"), ("asap", "ASAP"), ("urgent", "Urgent"), ("routine", "Routine")];

/// The list's filters as the form submits them.
#[derive(Debug, Default, Deserialize)]
pub struct Filter {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    priority: String,
}

/// An item as the API returns it (its view type serializes only).
#[derive(Debug, Deserialize)]
pub struct Item {
    #[serde(flatten)]
    pub item: QueueItem,
    #[serde(flatten)]
    pub work: WorkRecord,
    pub reason: String,
    pub patient: Patient,
}

#[derive(Debug, Deserialize)]
pub struct Patient {
    pub id: Option<String>,
    pub name_given: Option<String>,
    pub date_of_birth_given: Option<String>,
}

fn from_api<T: serde::Serialize, U: serde::de::DeserializeOwned>(value: &T) -> Result<U, ConsoleError> {
    serde_json::to_value(value)
        .and_then(serde_json::from_value)
        .map_err(|e| ConsoleError::from(crate::gateways::AppError::internal(format!("unexpected API shape: {e}"))))
}

pub fn kind_name(kind: QueueKind) -> &'static str {
    match kind {
        QueueKind::Refill => "Refill",
        QueueKind::PriorAuth => "Prior authorization",
        QueueKind::Callback => "Callback",
        QueueKind::ClinicalUrgent => "Urgent",
        QueueKind::Scheduling => "Scheduling",
    }
}

pub fn status_name(status: QueueStatus) -> &'static str {
    match status {
        QueueStatus::Requested => "New",
        QueueStatus::Accepted => "Claimed",
        QueueStatus::Completed => "Resolved",
    }
}

fn priority_name(priority: Priority) -> &'static str {
    match priority {
        Priority::Routine => "Routine",
        Priority::Urgent => "Urgent",
        Priority::Asap => "ASAP",
        Priority::Stat => "STAT",
    }
}

fn urgent_class(item: &QueueItem) -> &'static str {
    if item.priority >= Priority::Urgent || item.kind == QueueKind::ClinicalUrgent { " class=\"urgent\"" } else { "" }
}

impl Filter {
    /// The API query: every filter it knows; "open" (new or claimed) is
    /// the console's default view and is applied to the API's answer.
    fn api_query(&self) -> serde_json::Value {
        let mut query = serde_json::Map::new();
        if !self.kind.is_empty() {
            query.insert("kind".into(), self.kind.clone().into());
        }
        if !matches!(self.status.as_str(), "" | "open" | "all") {
            query.insert("status".into(), self.status.clone().into());
        }
        if !self.priority.is_empty() {
            query.insert("priority".into(), self.priority.clone().into());
        }
        query.into()
    }

    fn open_only(&self) -> bool {
        matches!(self.status.as_str(), "" | "open")
    }
}

/// `GET /console/queue`
pub async fn list(signed: Signed, Query(filter): Query<Filter>) -> Page {
    let practice = signed.practice().clone();
    let query = Ok(Query(api_input(filter.api_query())?));
    let Json(views) =
        api::list(State(signed.app().clone()), Path(practice.id.clone()), signed.api_headers(), query).await?;
    let mut items: Vec<Item> = from_api(&views)?;
    if filter.open_only() {
        items.retain(|i| i.item.status != QueueStatus::Completed);
    }
    let status = if filter.status.is_empty() { "open" } else { filter.status.as_str() };
    let mut body = String::new();
    let _ = write!(
        body,
        "<form method=\"get\" action=\"/console/queue\" aria-label=\"Filter the queue\"><fieldset><legend>Filter</legend>\
         {}{}{}<p><button type=\"submit\">Apply filters</button></p></fieldset></form>",
        select("kind", "Queue", KINDS, &filter.kind),
        select("status", "Status", STATUSES, status),
        select("priority", "Priority", PRIORITIES, &filter.priority),
    );
    if items.is_empty() {
        body.push_str("<p>No items match these filters.</p>");
    } else {
        let _ = write!(
            body,
            "<table><caption>{} item{} — most urgent first, newest first within a priority</caption><thead><tr>\
             <th scope=\"col\">Received</th><th scope=\"col\">Queue</th><th scope=\"col\">Priority</th>\
             <th scope=\"col\">Summary</th><th scope=\"col\">Patient number</th><th scope=\"col\">Status</th>\
             </tr></thead><tbody>",
            items.len(),
            if items.len() == 1 { "" } else { "s" },
        );
        for Item { item, work, .. } in &items {
            let status = match &work.claimed {
                Some(by) if item.status == QueueStatus::Accepted => format!("Claimed by {}", by.by),
                _ => status_name(item.status).to_string(),
            };
            let _ = write!(
                body,
                "<tr><td>{}</td><td>{}</td><td{}>{}</td><td><a href=\"/console/queue/{}\">{}</a></td>\
                 <td>{}</td><td>{}</td></tr>",
                esc(&local_time(item.created_at, &practice.time_zone)),
                kind_name(item.kind),
                urgent_class(item),
                priority_name(item.priority),
                url_param(&item.id),
                esc(&item.summary),
                esc(&item.caller),
                esc(&status),
            );
        }
        body.push_str("</tbody></table>");
    }
    Ok(signed.render("Queues", "/console/queue", Html(body)))
}

fn stamp_row(body: &mut String, label: &str, stamp: Option<&Stamp>, zone: &str) {
    if let Some(stamp) = stamp {
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{label}</th><td>{} at {}</td></tr>",
            esc(&stamp.by),
            esc(&local_time(stamp.at, zone))
        );
    }
}

/// `GET /console/queue/{item}`
pub async fn item(signed: Signed, Path(item_id): Path<String>) -> Page {
    let practice = signed.practice().clone();
    let app = signed.app().clone();
    let Json(view) =
        api::get(State(app.clone()), Path((practice.id.clone(), item_id.clone())), signed.api_headers()).await?;
    let Item { item, work, reason, patient } = from_api(&view)?;
    let Json(conversation) = staff::conversation(
        State(app),
        Path((practice.id.clone(), item.conversation_id.clone())),
        signed.api_headers(),
    )
    .await?;
    let turns: Vec<TurnRecord> = from_api::<_, serde_json::Value>(&conversation)
        .map(|v| v.get("turns").cloned().unwrap_or_default())
        .and_then(|t| from_api(&t))?;
    let zone = &practice.time_zone;
    let mut body = String::new();
    let _ = write!(
        body,
        "<p><a href=\"/console/queue\">Back to the queues</a></p>\
         <section aria-labelledby=\"record\"><h2 id=\"record\">{}</h2><table><caption>The structured record</caption><tbody>\
         <tr><th scope=\"row\">Queue</th><td>{}</td></tr><tr><th scope=\"row\">Priority</th><td{}>{}</td></tr>\
         <tr><th scope=\"row\">Status</th><td id=\"item-status\">{}</td></tr>\
         <tr><th scope=\"row\">Reason</th><td>{}</td></tr><tr><th scope=\"row\">Received</th><td>{}</td></tr>\
         <tr><th scope=\"row\">Patient number</th><td>{}</td></tr>",
        esc(&item.summary),
        kind_name(item.kind),
        urgent_class(&item),
        priority_name(item.priority),
        status_name(item.status),
        esc(&reason),
        esc(&local_time(item.created_at, zone)),
        esc(&item.caller),
    );
    for (label, value) in [
        ("Directory ID", &patient.id),
        ("Name given", &patient.name_given),
        ("Date of birth given", &patient.date_of_birth_given),
    ] {
        if let Some(value) = value {
            let _ = write!(body, "<tr><th scope=\"row\">{label}</th><td>{}</td></tr>", esc(value));
        }
    }
    let _ = write!(
        body,
        "<tr><th scope=\"row\">Channel</th><td>{}</td></tr><tr><th scope=\"row\">Recorded by</th><td>{}</td></tr>",
        item.channel.as_str(),
        esc(&item.source)
    );
    for field in &item.fields {
        let _ = write!(body, "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", esc(&field.name), esc(&field.value));
    }
    stamp_row(&mut body, "Acknowledged", work.acknowledged.as_ref(), zone);
    stamp_row(&mut body, "Claimed", work.claimed.as_ref(), zone);
    stamp_row(&mut body, "Resolved", work.resolved.as_ref(), zone);
    body.push_str("</tbody></table></section>");

    if let Some(paging) = &work.paging {
        let _ = write!(body, "<h2>On-call paging</h2><ul>");
        for page in &paging.pages {
            let _ = write!(body, "<li>Paged the {} on-call at {}</li>", esc(&page.to), esc(&local_time(page.at, zone)));
        }
        body.push_str("</ul>");
    }

    body.push_str("<section aria-labelledby=\"notes\"><h2 id=\"notes\">Notes</h2>");
    if work.notes.is_empty() {
        body.push_str("<p>No notes yet.</p>");
    } else {
        body.push_str("<ul>");
        for note in &work.notes {
            let _ = write!(
                body,
                "<li><p>{}</p><small>{} at {}</small></li>",
                esc(&note.text),
                esc(&note.by),
                esc(&local_time(note.at, zone))
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("</section>");
    body.push_str(&actions(&signed, &item, &work).0);
    body.push_str(&transcript(&turns, zone).0);
    Ok(signed.render(&format!("Queue item {}", item.id), "/console/queue", Html(body)))
}

/// The forms for what can be done with the item now.
fn actions(signed: &Signed, item: &QueueItem, work: &WorkRecord) -> Html {
    let base = format!("/console/queue/{}", url_param(&item.id));
    let csrf = csrf_field(signed.csrf());
    let mut out = String::from("<section aria-labelledby=\"work\"><h2 id=\"work\">Work this item</h2>");
    if work.resolved.is_some() {
        out.push_str("<p>This item is resolved.</p></section>");
        return Html(out);
    }
    let button = |action: &str, label: &str| {
        format!(
            "<form method=\"post\" action=\"{base}/{action}\" class=\"inline\">{csrf}<button type=\"submit\">{label}</button></form> "
        )
    };
    if work.acknowledged.is_none() {
        out.push_str(&button("acknowledge", "Acknowledge (stops on-call paging)"));
    }
    if work.claimed.is_none() {
        out.push_str(&button("claim", "Claim"));
    }
    let _ = write!(
        out,
        "<form method=\"post\" action=\"{base}/note\">{csrf}<label for=\"note-text\">Add a note</label>\
         <textarea id=\"note-text\" name=\"text\" rows=\"3\" maxlength=\"2000\" required></textarea>\
         <p><button type=\"submit\">Add note</button></p></form>\
         <form method=\"post\" action=\"{base}/resolve\">{csrf}<label for=\"resolve-text\">Closing note (optional)</label>\
         <textarea id=\"resolve-text\" name=\"text\" rows=\"2\" maxlength=\"2000\"></textarea>\
         <p><button type=\"submit\">Resolve</button></p></form></section>"
    );
    Html(out)
}

#[derive(Debug, Deserialize)]
pub struct ActForm {
    csrf: String,
    #[serde(default)]
    text: String,
}

/// `POST /console/queue/{item}/{claim|acknowledge|note|resolve}`: the
/// queue API's own handler for each.
pub async fn act(signed: Signed, Path((item_id, action)): Path<(String, String)>, Form(form): Form<ActForm>) -> Page {
    signed.check_csrf(&form.csrf)?;
    let (app, headers) = (signed.app().clone(), signed.api_headers());
    let path = Path((signed.practice().id.clone(), item_id.clone()));
    let text = Some(form.text.trim().to_string()).filter(|t| !t.is_empty());
    let result = match action.as_str() {
        "claim" => api::claim(State(app), path, headers, Default::default()).await.map(|_| "You claimed this item."),
        "acknowledge" => api::acknowledge(State(app), path, headers, Default::default())
            .await
            .map(|_| "Acknowledged; on-call paging stops."),
        "note" => {
            let body: Result<Json<_>, JsonRejection> = Ok(Json(api_input(serde_json::json!({ "text": text }))?));
            api::note(State(app), path, headers, body).await.map(|_| "Note added.")
        }
        "resolve" => {
            let body = if text.is_some() { Some(Json(api_input(serde_json::json!({ "text": text }))?)) } else { None };
            api::resolve(State(app), path, headers, body).await.map(|_| "Resolved.")
        }
        _ => return Err(ConsoleError::new(StatusCode::NOT_FOUND, "There is no such action.")),
    };
    let back = format!("/console/queue/{}", url_param(&item_id));
    Ok(match result {
        Ok(done) => signed.redirect(&back, Flash::Done(done.into())),
        Err(e) if e.status.is_client_error() => signed.redirect(&back, Flash::Problem(e.message)),
        Err(e) => return Err(e.into()),
    })
}

/// The conversation as a table: what the patient said, what they heard.
pub fn transcript(turns: &[TurnRecord], zone: &str) -> Html {
    // The language the conversation ended in (a patient may switch).
    let language = match turns.last().map(|t| t.language) {
        Some(crate::language::Language::Spanish) => "Spanish (español)",
        _ => "English",
    };
    let mut out = format!(
        "<section aria-labelledby=\"transcript\"><h2 id=\"transcript\">Conversation transcript</h2>\
         <p id=\"conversation-language\">Language: {language}</p>\
         <table><caption>Each turn of the conversation, oldest first</caption><thead><tr>\
         <th scope=\"col\">Turn</th><th scope=\"col\">Time</th><th scope=\"col\">Patient</th>\
         <th scope=\"col\">Practice</th></tr></thead><tbody>",
    );
    for turn in turns {
        let said = match (&turn.inbound.text, &turn.inbound.digits) {
            (Some(text), _) => esc(text).to_string(),
            (None, Some(digits)) => format!("Pressed {}", esc(digits)),
            (None, None) => "(call started)".into(),
        };
        let mut answered = String::new();
        for action in &turn.actions {
            let line = match action {
                Action::Reply { body } => esc(body).to_string(),
                Action::Say { text } => format!("Said: {}", esc(text)),
                Action::Ask { prompt, .. } => format!("Asked: {}", esc(prompt)),
                Action::Transfer { number, .. } => format!("Transferred the call to {}", esc(number)),
                Action::HangUp => "Ended the call".into(),
            };
            let _ = write!(answered, "<p>{line}</p>");
        }
        if let Some(net) = &turn.safety {
            let mut did = Vec::new();
            if net.instruction.is_some() {
                did.push("put the emergency instruction first");
            }
            if net.queue_item.is_some() {
                did.push("wrote a queue item");
            }
            if net.paged {
                did.push("paged the on-call");
            }
            if net.transferred {
                did.push("transferred the call to the on-call");
            }
            let _ = write!(
                answered,
                "<p class=\"urgent\">Safety net ({}: {}, found by {}): the host {}.</p>",
                esc(net.level.as_str()),
                esc(&net.criteria.join(", ")),
                esc(&net.detector),
                esc(&did.join(", ")),
            );
        }
        if let Some(fault) = &turn.fault {
            let _ = write!(
                answered,
                "<p class=\"urgent\">The plugin failed ({}); the safe fallback answered.</p>",
                esc(&fault.kind)
            );
        }
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{said}</td><td>{answered}</td></tr>",
            turn.seq,
            esc(&local_time(turn.received_at, zone)),
        );
    }
    out.push_str("</tbody></table></section>");
    Html(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_query_carries_only_what_the_api_filters() {
        let open = Filter::default();
        assert_eq!(open.api_query(), serde_json::json!({}));
        assert!(open.open_only());
        let refills = Filter { kind: "refill".into(), status: "completed".into(), priority: "routine".into() };
        assert_eq!(
            refills.api_query(),
            serde_json::json!({ "kind": "refill", "status": "completed", "priority": "routine" })
        );
        assert!(!refills.open_only());
        let all = Filter { status: "all".into(), ..Filter::default() };
        assert_eq!(all.api_query(), serde_json::json!({}));
        assert!(!all.open_only());
    }
}
