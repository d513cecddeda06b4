//! The administrators' dashboard: conversations by channel and hour, the
//! share handled without staff, escalations, and the median time to
//! acknowledge an urgent item, over the last day, week or month.

use std::fmt::Write;

use axum::extract::Query;
use serde::Deserialize;

use super::chart::{Series, bars};
use super::html::{Html, esc, local_time, select};
use super::queue::kind_name;
use super::{Page, Signed};
use crate::metrics::figures::{self, DAY_MS};

const WINDOWS: &[(&str, &str)] = &[("1", "Last 24 hours"), ("7", "Last 7 days"), ("30", "Last 30 days")];

#[derive(Debug, Deserialize)]
pub struct Window {
    days: Option<String>,
}

fn duration(ms: i64) -> String {
    let minutes = ms / 60_000;
    match minutes {
        0 => format!("{} seconds", ms / 1000),
        1..=119 => format!("{minutes} minutes"),
        _ => format!("{:.1} hours", ms as f64 / 3_600_000.0),
    }
}

/// `GET /console/dashboard[?days=1|7|30]`
pub async fn page(signed: Signed, Query(window): Query<Window>) -> Page {
    signed.require_admin()?;
    let days = match window.days.as_deref() {
        Some("1") => 1,
        Some("30") => 30,
        _ => 7,
    };
    let (store, practice) = (signed.app().store.clone(), signed.practice().clone());
    let now = crate::clock::now_ms();
    let since = now - days * DAY_MS;
    let (f, outbox) = tokio::task::spawn_blocking(move || {
        Ok::<_, crate::store::StoreError>((
            figures::compute(&store, &practice, since, now)?,
            store.outbox(&practice.id)?,
        ))
    })
    .await
    .map_err(crate::gateways::AppError::internal)??;
    let mut body = format!(
        "<form method=\"get\" action=\"/console/dashboard\">{} <button type=\"submit\">Show</button></form>",
        select("days", "Period", WINDOWS, &days.to_string())
    );
    let share = f.share_without_staff().map(|s| format!("{:.0}%", s * 100.0)).unwrap_or_else(|| "—".into());
    let ack = f.median_ack_ms.map(duration).unwrap_or_else(|| "—".into());
    let _ = write!(
        body,
        "<section aria-labelledby=\"figures\"><h2 id=\"figures\">At a glance</h2><div class=\"figures\">\
         <p class=\"figure\"><b>{}</b>conversations</p>\
         <p class=\"figure\"><b>{share}</b>handled without staff</p>\
         <p class=\"figure\"><b>{}</b>escalations (urgent items)</p>\
         <p class=\"figure\"><b>{ack}</b>median time to acknowledge an urgent item ({} acknowledged)</p></div></section>",
        f.conversations(),
        f.escalations,
        f.acknowledged_urgent,
    );
    let hours: Vec<String> = (0..24).map(|h| format!("{h:02}")).collect();
    let _ = write!(
        body,
        "<section aria-labelledby=\"by-hour\"><h2 id=\"by-hour\">Conversations by hour of day</h2>{}",
        bars(
            "chart-hours",
            "Conversations by local hour of day and channel",
            &format!(
                "{} text and {} voice conversations; the busiest hour is {}.",
                f.sms_by_hour.iter().sum::<u64>(),
                f.voice_by_hour.iter().sum::<u64>(),
                busiest(&f)
            ),
            &hours,
            &[
                Series { name: "Text", colour: "#1f6fb2", values: &f.sms_by_hour },
                Series { name: "Voice", colour: "#d9822b", values: &f.voice_by_hour },
            ],
        )
    );
    body.push_str(
        "<details><summary>The same numbers as a table</summary><table><caption>Conversations by hour</caption>\
         <thead><tr><th scope=\"col\">Hour</th><th scope=\"col\">Text</th><th scope=\"col\">Voice</th></tr></thead><tbody>",
    );
    for h in 0..24 {
        let _ = write!(
            body,
            "<tr><th scope=\"row\">{h:02}:00</th><td>{}</td><td>{}</td></tr>",
            f.sms_by_hour[h], f.voice_by_hour[h]
        );
    }
    body.push_str("</tbody></table></details></section>");
    let kinds: Vec<String> = f.items_by_kind.iter().map(|(k, _)| kind_name(*k).to_string()).collect();
    let counts: Vec<u64> = f.items_by_kind.iter().map(|(_, n)| *n).collect();
    let _ = write!(
        body,
        "<section aria-labelledby=\"by-queue\"><h2 id=\"by-queue\">Queue items by queue</h2>{}<table>\
         <caption>Queue items created in the period</caption><thead><tr><th scope=\"col\">Queue</th>\
         <th scope=\"col\">Items</th></tr></thead><tbody>",
        bars(
            "chart-queues",
            "Queue items by queue",
            &format!("{} items in all.", counts.iter().sum::<u64>()),
            &kinds,
            &[Series { name: "Items", colour: "#5a6b7b", values: &counts }],
        )
    );
    for (name, n) in kinds.iter().zip(&counts) {
        let _ = write!(body, "<tr><th scope=\"row\">{}</th><td>{n}</td></tr>", esc(name));
    }
    body.push_str("</tbody></table></section>");
    outbound(&mut body, &outbox, since, &signed.practice().time_zone);
    Ok(signed.render("Dashboard", "/console/dashboard", Html(body)))
}

/// At most this many failures are listed (newest first).
const FAILURES_LISTED: usize = 50;

/// Texts and calls waiting to go out, and those in the period that did not
/// reach the patient (the host gave up, or the carrier said so), so staff
/// can reach those patients another way. No message text: the number, the
/// time and what went wrong.
fn outbound(body: &mut String, outbox: &[crate::store::OutboxMessage], since: i64, zone: &str) {
    use crate::store::OutboxStatus;
    let waiting = outbox.iter().filter(|m| m.status == OutboxStatus::Pending).count();
    let mut failed: Vec<&crate::store::OutboxMessage> = outbox
        .iter()
        .filter(|m| m.created_at >= since)
        .filter(|m| {
            m.status == OutboxStatus::Failed
                || matches!(m.carrier_status.as_deref(), Some("undelivered" | "failed" | "canceled"))
        })
        .collect();
    failed.sort_by_key(|m| std::cmp::Reverse(m.created_at));
    let _ = write!(
        body,
        "<section aria-labelledby=\"outbound\"><h2 id=\"outbound\">Outbound texts and calls</h2><div class=\"figures\">\
         <p class=\"figure\"><b>{waiting}</b>waiting to go out</p>\
         <p class=\"figure\"><b>{}</b>did not reach the patient in the period</p></div>",
        failed.len()
    );
    if failed.is_empty() {
        body.push_str(
            "<p>Every message in the period reached the carrier, and none was reported undelivered.</p></section>",
        );
        return;
    }
    body.push_str(
        "<table><caption>Messages that did not reach the patient, newest first</caption><thead><tr>\
         <th scope=\"col\">Created</th><th scope=\"col\">To</th><th scope=\"col\">Kind</th>\
         <th scope=\"col\">What happened</th></tr></thead><tbody>",
    );
    for m in failed.iter().take(FAILURES_LISTED) {
        let what = match (&m.carrier_status, &m.carrier_error, &m.last_error) {
            (Some(status), Some(code), _) => format!("the carrier reported {status} (error {code})"),
            (Some(status), None, _) if m.status != OutboxStatus::Failed => format!("the carrier reported {status}"),
            (_, _, Some(error)) => format!("not sent after {} attempts: {error}", m.attempts),
            _ => "not sent".to_string(),
        };
        let kind = match (m.channel, m.urgent) {
            (crate::actions::Channel::Sms, true) => "urgent text",
            (crate::actions::Channel::Sms, false) => "text",
            (crate::actions::Channel::Voice, true) => "urgent call",
            (crate::actions::Channel::Voice, false) => "call",
        };
        let _ = write!(
            body,
            "<tr><td>{}</td><td>{}</td><td>{kind}</td><td>{}</td></tr>",
            esc(&local_time(m.created_at, zone)),
            esc(&m.to),
            esc(&what)
        );
    }
    body.push_str("</tbody></table></section>");
}

fn busiest(f: &figures::Figures) -> String {
    let totals: Vec<u64> = (0..24).map(|h| f.sms_by_hour[h] + f.voice_by_hour[h]).collect();
    match totals.iter().enumerate().max_by_key(|(h, n)| (**n, std::cmp::Reverse(*h))) {
        Some((h, n)) if *n > 0 => format!("{h:02}:00"),
        _ => "none yet".into(),
    }
}
