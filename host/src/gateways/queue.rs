//! The staff queues: list and filter, read one item, claim, acknowledge,
//! add a note, resolve. Every read and every change is audited (who, what,
//! when) in the same transaction as the change; acknowledging, claiming or
//! resolving an urgent item stops its on-call paging.

use axum::Json;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};

use super::{AppError, AppState, auth};
use crate::store::{
    AuditEvent, Note, Priority, QueueItem, QueueKind, QueueStatus, Stamp, StoreError, WorkChange, WorkRecord,
    WorkedItem,
};

const MAX_NOTE_CHARS: usize = 2000;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    kind: Option<QueueKind>,
    status: Option<QueueStatus>,
    priority: Option<Priority>,
}

/// Who the patient is, as far as the conversation established it.
#[derive(Debug, Serialize)]
pub struct PatientView {
    /// The number the patient called or texted from.
    number: String,
    /// The directory id when identified (`unverified` when a name was given
    /// but did not match).
    id: Option<String>,
    name_given: Option<String>,
    date_of_birth_given: Option<String>,
}

/// An item as staff see it: what was recorded, who the patient is, why it
/// is here, and what has been done with it.
#[derive(Debug, Serialize)]
pub struct ItemView {
    #[serde(flatten)]
    item: QueueItem,
    patient: PatientView,
    reason: String,
    #[serde(flatten)]
    work: WorkRecord,
}

impl From<WorkedItem> for ItemView {
    fn from(worked: WorkedItem) -> Self {
        let WorkedItem { mut item, work } = worked;
        let field = |name: &str| item.fields.iter().find(|f| f.name == name).map(|f| f.value.clone());
        let patient = PatientView {
            number: item.caller.clone(),
            id: field("patient-id"),
            name_given: field("name-given"),
            date_of_birth_given: field("date-of-birth-given"),
        };
        let reason = field("reason")
            .or_else(|| field("emergency"))
            .or_else(|| field("urgent-label"))
            .unwrap_or_else(|| item.summary.clone());
        item.status = work.status();
        ItemView { item, patient, reason, work }
    }
}

/// `GET /v1/practices/{practice}/queue?kind=&status=&priority=`: most
/// urgent first, newest first within a priority.
pub async fn list(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    filter: Result<Query<Filter>, QueryRejection>,
) -> Result<Json<Vec<ItemView>>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    let Query(filter) = filter.map_err(|e| AppError::bad_request(e.body_text()))?;
    let mut items: Vec<WorkedItem> = state
        .store
        .worked_items(&practice.id)?
        .into_iter()
        .filter(|w| filter.kind.is_none_or(|k| w.item.kind == k))
        .filter(|w| filter.status.is_none_or(|s| w.work.status() == s))
        .filter(|w| filter.priority.is_none_or(|p| w.item.priority == p))
        .collect();
    items.sort_by(|a, b| {
        (b.item.priority, b.item.created_at, &b.item.id).cmp(&(a.item.priority, a.item.created_at, &a.item.id))
    });
    let detail = serde_json::json!({
        "kind": filter.kind, "status": filter.status, "priority": filter.priority, "items": items.len(),
    });
    state.audit(&practice.id, caller.actor(), "queue.read", None, detail)?;
    Ok(Json(items.into_iter().map(ItemView::from).collect()))
}

/// `GET /v1/practices/{practice}/queue/{item}`
pub async fn get(
    State(state): State<AppState>,
    Path((id, item)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Json<ItemView>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    let worked = state
        .store
        .worked_item(&practice.id, &item)?
        .ok_or_else(|| AppError::not_found(format!("queue item {item:?}")))?;
    state.audit(&practice.id, caller.actor(), "queue-item.read", Some(item), serde_json::Value::Null)?;
    Ok(Json(worked.into()))
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    text: Option<String>,
}

/// What a change does to the work record; `Err` is a conflict to report.
type Change = fn(&mut WorkRecord, &Stamp, Option<&str>) -> Result<(), String>;

async fn change(
    state: AppState,
    id: String,
    item: String,
    headers: HeaderMap,
    note: Option<String>,
    action: &'static str,
    apply: Change,
) -> Result<Json<ItemView>, AppError> {
    let (practice, caller) = auth::practice_for(&state, &headers, &id, auth::Need::Staff)?;
    if let Some(text) = &note
        && (text.trim().is_empty() || text.chars().count() > MAX_NOTE_CHARS)
    {
        return Err(AppError::bad_request(format!("a note is 1 to {MAX_NOTE_CHARS} characters")));
    }
    let store = state.store.clone();
    let actor = caller.actor().to_string();
    let item_id = item.clone();
    let worked = tokio::task::spawn_blocking(move || {
        let now = crate::clock::now_ms();
        let stamp = Stamp { by: actor.clone(), at: now };
        let result = store.change_work(&practice.id, &item_id, now, |_, work| {
            let mut work = work.clone();
            apply(&mut work, &stamp, note.as_deref()).map_err(StoreError::Conflict)?;
            if work.is_acknowledged()
                && let Some(paging) = &mut work.paging
            {
                paging.next_due = None;
            }
            let event = AuditEvent {
                actor: actor.clone(),
                action: action.into(),
                subject: Some(item_id.clone()),
                detail: serde_json::json!({ "status": work.status() }),
            };
            Ok(WorkChange { work, outbox: vec![], audit: vec![event] })
        });
        result.and_then(|worked| store.make_durable().map(|()| worked))
    })
    .await
    .map_err(AppError::internal)?
    .map_err(|e| match e {
        StoreError::NotFound(_) => AppError::not_found(format!("queue item {item:?}")),
        other => other.into(),
    })?;
    Ok(Json(worked.into()))
}

fn open_item(work: &WorkRecord) -> Result<(), String> {
    match &work.resolved {
        Some(done) => Err(format!("the item was resolved by {} already", done.by)),
        None => Ok(()),
    }
}

/// `POST /v1/practices/{practice}/queue/{item}/claim`
pub async fn claim(
    State(state): State<AppState>,
    Path((id, item)): Path<(String, String)>,
    headers: HeaderMap,
    // Read (and ignored) so the connection stays usable for the next request.
    _body: axum::body::Bytes,
) -> Result<Json<ItemView>, AppError> {
    change(state, id, item, headers, None, "queue-item.claimed", |work, stamp, _| {
        open_item(work)?;
        match &work.claimed {
            Some(other) if other.by != stamp.by => Err(format!("the item is claimed by {} already", other.by)),
            Some(_) => Ok(()),
            None => {
                work.claimed = Some(stamp.clone());
                work.acknowledged.get_or_insert_with(|| stamp.clone());
                Ok(())
            }
        }
    })
    .await
}

/// `POST /v1/practices/{practice}/queue/{item}/acknowledge`: someone has
/// it in hand; on-call paging stops.
pub async fn acknowledge(
    State(state): State<AppState>,
    Path((id, item)): Path<(String, String)>,
    headers: HeaderMap,
    // Read (and ignored) so the connection stays usable for the next request.
    _body: axum::body::Bytes,
) -> Result<Json<ItemView>, AppError> {
    change(state, id, item, headers, None, "queue-item.acknowledged", |work, stamp, _| {
        work.acknowledged.get_or_insert_with(|| stamp.clone());
        Ok(())
    })
    .await
}

/// `POST /v1/practices/{practice}/queue/{item}/notes` with `{"text": …}`
pub async fn note(
    State(state): State<AppState>,
    Path((id, item)): Path<(String, String)>,
    headers: HeaderMap,
    body: Result<Json<NoteBody>, JsonRejection>,
) -> Result<Json<ItemView>, AppError> {
    let Json(body) = body.map_err(|e| AppError::new(e.status(), e.body_text()))?;
    let text = body.text.ok_or_else(|| AppError::bad_request("`text` is required"))?;
    change(state, id, item, headers, Some(text), "queue-item.noted", |work, stamp, text| {
        let text = text.unwrap_or_default().trim().to_string();
        work.notes.push(Note { by: stamp.by.clone(), at: stamp.at, text });
        Ok(())
    })
    .await
}

/// `POST /v1/practices/{practice}/queue/{item}/resolve`, optionally with
/// `{"text": …}` as a closing note.
pub async fn resolve(
    State(state): State<AppState>,
    Path((id, item)): Path<(String, String)>,
    headers: HeaderMap,
    body: Option<Json<NoteBody>>,
) -> Result<Json<ItemView>, AppError> {
    let text = body.and_then(|Json(b)| b.text);
    change(state, id, item, headers, text, "queue-item.resolved", |work, stamp, text| {
        open_item(work)?;
        if let Some(text) = text {
            work.notes.push(Note { by: stamp.by.clone(), at: stamp.at, text: text.trim().to_string() });
        }
        work.resolved = Some(stamp.clone());
        work.acknowledged.get_or_insert_with(|| stamp.clone());
        Ok(())
    })
    .await
}
