//! The dashboard's figures for one practice over a window: conversations
//! by channel and local hour, the share handled without staff, escalations
//! (urgent queue items), and the median time to acknowledge an urgent
//! item. Computed from the store, so the dashboard and `/metrics` agree.

use std::collections::HashSet;
use std::fmt::Write;

use crate::actions::Channel;
use crate::store::{
    OutboxStatus, Practice, Priority, QueueItem, QueueKind, Store, StoreError, carrier_status_is_failure,
};

pub const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Conversations started in the window, by local hour of day.
    pub sms_by_hour: [u64; 24],
    pub voice_by_hour: [u64; 24],
    /// Conversations that put nothing on a staff queue.
    pub handled_without_staff: u64,
    /// Urgent items (urgent priority or the urgent queue) created in the window.
    pub escalations: u64,
    /// Items created in the window, by queue.
    pub items_by_kind: Vec<(QueueKind, u64)>,
    /// Milliseconds from creation to acknowledgement, urgent items only.
    pub median_ack_ms: Option<i64>,
    pub acknowledged_urgent: u64,
    /// Urgent items nobody has acknowledged, claimed or resolved yet (of any age).
    pub unacknowledged_urgent: u64,
    /// Outbound texts and calls waiting to go (now).
    pub outbox_backlog: u64,
    /// Outbound messages that failed in the window: given up on by the
    /// host, or reported undelivered or failed by the carrier.
    pub outbox_failures: u64,
}

impl Figures {
    pub fn conversations(&self) -> u64 {
        self.sms_by_hour.iter().chain(self.voice_by_hour.iter()).sum()
    }

    /// Handled without staff, as a fraction; `None` with no conversations.
    pub fn share_without_staff(&self) -> Option<f64> {
        let total = self.conversations();
        (total > 0).then(|| self.handled_without_staff as f64 / total as f64)
    }
}

pub fn is_urgent(item: &QueueItem) -> bool {
    item.priority >= Priority::Urgent || item.kind == QueueKind::ClinicalUrgent
}

/// The middle value (the lower middle of an even count: a time someone
/// actually waited).
pub fn median(mut values: Vec<i64>) -> Option<i64> {
    values.sort_unstable();
    let n = values.len();
    (n > 0).then(|| values[(n - 1) / 2])
}

/// Figures for conversations and items that started in `[from, until)`.
pub fn compute(store: &Store, practice: &Practice, from: i64, until: i64) -> Result<Figures, StoreError> {
    let tz = jiff::tz::TimeZone::get(&practice.time_zone).unwrap_or(jiff::tz::TimeZone::UTC);
    let in_window = |at: i64| (from..until).contains(&at);
    let items = store.worked_items(&practice.id)?;
    let with_staff: HashSet<&str> = items.iter().map(|w| w.item.conversation_id.as_str()).collect();
    let mut figures = Figures::default();
    for conversation in store.conversations(&practice.id)? {
        if !in_window(conversation.started_at) {
            continue;
        }
        let hour = jiff::Timestamp::from_millisecond(conversation.started_at)
            .map(|t| t.to_zoned(tz.clone()).hour() as usize)
            .unwrap_or(0)
            .min(23);
        match conversation.channel {
            Channel::Sms => figures.sms_by_hour[hour] += 1,
            Channel::Voice => figures.voice_by_hour[hour] += 1,
        }
        if !with_staff.contains(conversation.id.as_str()) {
            figures.handled_without_staff += 1;
        }
    }
    let kinds = [
        QueueKind::ClinicalUrgent,
        QueueKind::Refill,
        QueueKind::Callback,
        QueueKind::PriorAuth,
        QueueKind::Scheduling,
    ];
    figures.items_by_kind = kinds.iter().map(|k| (*k, 0)).collect();
    let mut ack_times = Vec::new();
    for worked in items.iter().filter(|w| in_window(w.item.created_at)) {
        if let Some(entry) = figures.items_by_kind.iter_mut().find(|(k, _)| *k == worked.item.kind) {
            entry.1 += 1;
        }
        if is_urgent(&worked.item) {
            figures.escalations += 1;
            // Claiming or resolving acknowledges too (the queue API stamps
            // `acknowledged` then); the earliest stamp is when someone took it.
            let first = [&worked.work.acknowledged, &worked.work.claimed, &worked.work.resolved]
                .into_iter()
                .flatten()
                .map(|s| s.at)
                .min();
            if let Some(at) = first {
                ack_times.push((at - worked.item.created_at).max(0));
            }
        }
    }
    figures.unacknowledged_urgent = items
        .iter()
        .filter(|w| is_urgent(&w.item))
        .filter(|w| w.work.acknowledged.is_none() && w.work.claimed.is_none() && w.work.resolved.is_none())
        .count() as u64;
    for message in store.outbox(&practice.id)? {
        match message.status {
            OutboxStatus::Pending => figures.outbox_backlog += 1,
            OutboxStatus::Failed if in_window(message.updated_at) => figures.outbox_failures += 1,
            OutboxStatus::Failed => {}
            OutboxStatus::Sent => {
                let failed = message.carrier_status.as_deref().is_some_and(carrier_status_is_failure);
                if failed && message.carrier_updated_at.is_some_and(in_window) {
                    figures.outbox_failures += 1;
                }
            }
        }
    }
    figures.acknowledged_urgent = ack_times.len() as u64;
    figures.median_ack_ms = median(ack_times);
    Ok(figures)
}

/// A gauge's name, help text, and how to read it off a practice's figures.
type Gauge = (&'static str, &'static str, fn(&Figures) -> u64);

/// The figures as Prometheus gauges over the last 24 hours.
pub fn render_prometheus(out: &mut String, practices: &[(String, Figures)]) {
    let l = super::label;
    out.push_str(
        "# HELP switchboard_conversations_24h Conversations started in the last 24 hours, by channel and local hour.\n\
         # TYPE switchboard_conversations_24h gauge\n",
    );
    for (practice, f) in practices {
        for (channel, hours) in [("sms", &f.sms_by_hour), ("voice", &f.voice_by_hour)] {
            for (hour, count) in hours.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "switchboard_conversations_24h{{practice=\"{}\",channel=\"{channel}\",hour=\"{hour:02}\"}} {count}",
                    l(practice)
                );
            }
        }
    }
    out.push_str(
        "# HELP switchboard_handled_without_staff_ratio_24h Share of the last 24 hours' conversations that put nothing on a staff queue.\n\
         # TYPE switchboard_handled_without_staff_ratio_24h gauge\n",
    );
    for (practice, f) in practices {
        if let Some(share) = f.share_without_staff() {
            let _ =
                writeln!(out, "switchboard_handled_without_staff_ratio_24h{{practice=\"{}\"}} {share}", l(practice));
        }
    }
    out.push_str(
        "# HELP switchboard_escalations_24h Urgent queue items created in the last 24 hours.\n\
         # TYPE switchboard_escalations_24h gauge\n",
    );
    for (practice, f) in practices {
        let _ = writeln!(out, "switchboard_escalations_24h{{practice=\"{}\"}} {}", l(practice), f.escalations);
    }
    out.push_str(
        "# HELP switchboard_urgent_ack_median_seconds_24h Median time to acknowledge an urgent item created in the last 24 hours.\n\
         # TYPE switchboard_urgent_ack_median_seconds_24h gauge\n",
    );
    for (practice, f) in practices {
        if let Some(ms) = f.median_ack_ms {
            let _ = writeln!(
                out,
                "switchboard_urgent_ack_median_seconds_24h{{practice=\"{}\"}} {}",
                l(practice),
                ms as f64 / 1000.0
            );
        }
    }
    let gauges: [Gauge; 3] = [
        (
            "switchboard_urgent_unacknowledged",
            "Urgent queue items nobody has acknowledged, claimed or resolved yet.",
            |f| f.unacknowledged_urgent,
        ),
        ("switchboard_outbox_backlog", "Outbound texts and calls waiting to go.", |f| f.outbox_backlog),
        (
            "switchboard_outbox_failures_24h",
            "Outbound messages given up on, or reported undelivered or failed by the carrier, in the last 24 hours.",
            |f| f.outbox_failures,
        ),
    ];
    for (name, help, value) in gauges {
        let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge");
        for (practice, f) in practices {
            let _ = writeln!(out, "{name}{{practice=\"{}\"}} {}", l(practice), value(f));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_is_a_time_someone_waited() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![5]), Some(5));
        assert_eq!(median(vec![9, 1, 5]), Some(5));
        assert_eq!(median(vec![4, 1, 9, 2]), Some(2));
    }

    #[test]
    fn the_share_without_staff_needs_conversations() {
        let mut f = Figures::default();
        assert_eq!(f.share_without_staff(), None);
        f.sms_by_hour[9] = 3;
        f.voice_by_hour[14] = 1;
        f.handled_without_staff = 3;
        assert_eq!(f.conversations(), 4);
        assert_eq!(f.share_without_staff(), Some(0.75));
    }
}
