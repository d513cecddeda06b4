//! Reminders and outreach on the host's durable timers, and waitlist offers.
//!
//! Timers for an appointment carry keys `appt:<id>:<what>`, so booking
//! schedules them, moving the appointment schedules them again under the
//! same keys (the host replaces a timer with the same key) and cancelling
//! cancels them by key. When one fires, `on-task` checks the appointment is
//! still booked at the time the timer was set for before texting — a
//! belt-and-braces check for changes made by staff, not through the plugin.
//!
//! How the plugin learns who is due for follow-up: booking an appointment
//! type with `follow-up-days` also schedules a `follow-up` timer for
//! `start + follow-up-days` (key `followup:<patient>:<code>`, so a newer
//! booking of that type replaces it). When it fires the patient is texted
//! openings for that type and asked to reply 4 to book.
//!
//! Outbound texts carry the minimum necessary: the practice's name, the
//! time, and what to do. A procedure is named only with
//! `booking.name-procedures-in-texts`, medications only with
//! `texts.name-medications`. Every text passes the outbound guard; one that
//! would not is not sent, and the failure makes the host queue a callback.
//! A practice that cannot text (no outbound gateway) gets a scheduling item
//! per reminder instead, so staff can call.

use serde::{Deserialize, Serialize};
use switchboard_common::guard;
use switchboard_sdk::HostError;
use switchboard_sdk::escalation::{Priority, QueueKind};
use switchboard_sdk::scheduling::{Appointment, AppointmentStatus, OpeningQuery, TaskRequest};

use super::prep;
use super::when::{DAY_MS, HOUR_MS, describe};
use crate::config::PreparedConfig;
use crate::config::booking::BookingConfig;
use crate::host::Host;

/// What every appointment timer carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Reminder {
    pub appointment: String,
    pub patient: String,
    /// Where to text (the number they booked from).
    pub phone: String,
    /// The start the timer was set for.
    pub start: i64,
    pub code: String,
    /// Hold-table drug codes the patient named.
    pub drugs: Vec<String>,
}

pub(crate) const HOLD: &str = "hold-reminder";
pub(crate) const PREP: &str = "prep-reminder";
pub(crate) const CONFIRM: &str = "confirm-request";
pub(crate) const CALL: &str = "confirm-call";
pub(crate) const FOLLOW_UP: &str = "follow-up";

/// `appt:<id>:hold`, `:prep`, `:confirm`.
fn key(appointment: &str, kind: &str) -> String {
    let what = match kind {
        HOLD => "hold",
        PREP => "prep",
        CALL => "call",
        _ => "confirm",
    };
    format!("appt:{appointment}:{what}")
}

fn follow_up_key(patient: &str, code: &str) -> String {
    format!("followup:{patient}:{code}")
}

/// Schedule (or move) an appointment's timers. A timer whose time has
/// already passed is cancelled instead, so a moved appointment never keeps
/// a reminder for its old time. Returns whether every timer was accepted
/// (the patient is told to expect reminders only then).
pub(crate) fn schedule(host: &mut impl Host, config: &BookingConfig, r: &Reminder, now: i64) -> bool {
    let Some((_, kind)) = config.kind(&r.code) else { return false };
    let mut ok = true;
    let payload = postcard::to_allocvec(r).unwrap_or_default();
    let hold_days = kind.prep.as_ref().and_then(|p| prep::longest_hold(config, p, &r.drugs));
    // The evening before the hold begins.
    let hold_due = hold_days.map(|d| r.start - i64::from(d) * DAY_MS - 12 * HOUR_MS);
    let timers = [
        (HOLD, hold_due),
        (PREP, Some(r.start - i64::from(config.reminder_hours) * HOUR_MS)),
        (CONFIRM, Some(r.start - i64::from(config.confirm_hours) * HOUR_MS)),
        (CALL, config.confirm_call_hours.map(|h| r.start - i64::from(h) * HOUR_MS)),
    ];
    for (kind, due) in timers {
        let key = key(&r.appointment, kind);
        match due.filter(|d| *d > now) {
            Some(due) => {
                let request = TaskRequest { kind: kind.into(), due, payload: payload.clone(), key: Some(key) };
                ok &= host.schedule_task(&request).is_ok();
            }
            None => ok &= host.cancel_task(&key).is_ok(),
        }
    }
    if let Some(days) = kind.follow_up_days {
        let request = TaskRequest {
            kind: FOLLOW_UP.into(),
            due: r.start + i64::from(days) * DAY_MS,
            payload,
            key: Some(follow_up_key(&r.patient, &r.code)),
        };
        ok &= host.schedule_task(&request).is_ok();
    }
    ok
}

/// Cancel a cancelled appointment's timers, and the follow-up it set.
pub(crate) fn cancel(host: &mut impl Host, appointment: &Appointment) {
    for kind in [HOLD, PREP, CONFIRM, CALL] {
        let _ = host.cancel_task(&key(&appointment.id, kind));
    }
    let _ = host.cancel_task(&follow_up_key(&appointment.patient_id, &appointment.appointment_type));
}

/// The appointment was confirmed: no confirmation call is needed.
pub(crate) fn confirmed(host: &mut impl Host, appointment_id: &str) {
    let _ = host.cancel_task(&key(appointment_id, CALL));
}

/// Offer the time an appointment just freed to the waitlist (the first
/// three waiting for its type), by text. Failures are audited, not fatal:
/// the cancellation itself stands, and staff see the waitlist.
pub(crate) fn offer_freed(host: &mut impl Host, config: &PreparedConfig, freed: &Appointment) {
    let query = OpeningQuery {
        appointment_type: freed.appointment_type.clone(),
        provider_id: Some(freed.provider_id.clone()),
        location_id: Some(freed.location_id.clone()),
        not_before: freed.start,
        not_after: freed.start + 1,
        weekdays: Vec::new(),
        earliest_minute: None,
        latest_minute: None,
        max_results: 1,
    };
    let slot = match host.find_openings(&query) {
        Ok(found) => found.into_iter().next(),
        Err(_) => None,
    };
    let Some(slot) = slot else { return };
    let offer = match host.offer_opening(&slot.slot_id, 3) {
        Ok(Some(offer)) => offer,
        Ok(None) => return,
        Err(e) => return host.audit("waitlist.offer-failed", &[("error", &format!("{e:?}"))]),
    };
    let when = describe(offer.start, host.utc_offset_minutes(offer.start));
    let body = format!(
        "{}: an appointment time has opened up on {when}. Reply 3 to take it; the first patient to reply gets it.",
        config.practice_name
    );
    for r in &offer.recipients {
        if let Some(phone) = &r.phone {
            send(host, phone, &body).ok();
        }
    }
    host.audit("waitlist.offered", &[("offer", &offer.id), ("recipients", &offer.recipients.len().to_string())]);
}

/// Send one outbound text after the guard has passed it.
fn send(host: &mut impl Host, to: &str, body: &str) -> Result<(), String> {
    if let Some(finding) = guard::classify(body) {
        host.audit("guard-block", &[("rule", finding.rule.as_str()), ("channel", "outbound")]);
        return Err(format!("outbound text blocked by the guard ({})", finding.rule.as_str()));
    }
    host.send_text(to, body).map(drop).map_err(|e| format!("outbound text failed: {e:?}"))
}

/// A reminder's text, or, where the practice cannot text (no outbound
/// gateway, not granted), a scheduling item so staff remind the patient
/// by phone. Any other failure is the plugin's error: the host audits it
/// and queues a callback.
fn remind(host: &mut impl Host, r: &Reminder, kind: &str, body: &str) -> Result<(), String> {
    if let Some(finding) = guard::classify(body) {
        host.audit("guard-block", &[("rule", finding.rule.as_str()), ("channel", "outbound")]);
        return Err(format!("outbound text blocked by the guard ({})", finding.rule.as_str()));
    }
    match host.send_text(&r.phone, body) {
        Ok(_) => {
            host.audit("reminder.sent", &[("kind", kind), ("appointment", &r.appointment)]);
            Ok(())
        }
        Err(HostError::Unavailable(_) | HostError::Denied(_)) => {
            let fields = vec![
                ("reason", "reminder-not-texted".to_owned()),
                ("reminder", kind.to_owned()),
                ("appointment-id", r.appointment.clone()),
                ("patient-id", r.patient.clone()),
                ("callback", r.phone.clone()),
            ];
            let summary = "Reminder could not be texted: please contact the patient".to_owned();
            let item = super::super::escalate::item(QueueKind::Scheduling, Priority::Routine, summary, fields);
            host.enqueue(item).map(drop).map_err(|e| format!("enqueue failed: {e:?}"))
        }
        Err(e) => Err(format!("outbound text failed: {e:?}")),
    }
}

/// A timer fired.
pub(crate) fn on_task(
    config: &PreparedConfig,
    kind: &str,
    payload: &[u8],
    now: i64,
    host: &mut impl Host,
) -> Result<(), String> {
    let Some(booking) = config.booking() else { return Ok(()) };
    let Ok(r) = postcard::from_bytes::<Reminder>(payload) else {
        // Written by a version that no longer understands it: nothing to do.
        host.audit("reminder.unreadable", &[("kind", kind)]);
        return Ok(());
    };
    if kind == FOLLOW_UP {
        return follow_up(config, booking, &r, now, host);
    }
    let current = match host.appointment(&r.appointment) {
        Ok(a) => Some(a),
        Err(HostError::NotFound(_)) => None,
        Err(e) => return Err(format!("appointment unavailable: {e:?}")),
    }
    .filter(|a| a.patient_id == r.patient && a.status == AppointmentStatus::Booked && a.start == r.start);
    if current.is_none() {
        host.audit("reminder.skipped", &[("kind", kind), ("appointment", &r.appointment)]);
        return Ok(());
    }
    let Some((names, what)) = booking.kind(&r.code) else { return Ok(()) };
    let place = current.as_ref().and_then(|a| host.location(&a.location_id).ok());
    let when = match &place {
        // Where to go, from the schedule: the one source of the address.
        Some(p) if p.address.is_empty() => {
            format!("{} at {}", describe(r.start, host.utc_offset_minutes(r.start)), p.name)
        }
        Some(p) => format!("{} at {}, {}", describe(r.start, host.utc_offset_minutes(r.start)), p.name, p.address),
        None => describe(r.start, host.utc_offset_minutes(r.start)),
    };
    let subject = if booking.name_procedures {
        format!("your {} on {when}", names.name)
    } else {
        format!("your appointment on {when}")
    };
    let practice = &config.practice_name;
    let body = match kind {
        HOLD => {
            let mut body = format!(
                "Reminder from {practice}: please check the medication instructions you were given for {subject}; the hold begins tomorrow."
            );
            if config.texts_name_medications
                && let Some(table) =
                    what.prep.as_ref().and_then(|p| p.hold_table).and_then(|t| booking.hold_tables.get(t))
            {
                for drug in &r.drugs {
                    if let Some((_, hold)) = table.get(drug) {
                        body.push(' ');
                        body.push_str(&hold.instruction);
                    }
                }
            }
            body.push(' ');
            body.push_str(prep::CONFIRM_WITH_PRESCRIBER);
            body
        }
        PREP => {
            let mut body = format!("Reminder from {practice}: {subject}.");
            if let Some(p) = &what.prep {
                body.push(' ');
                body.push_str(&prep::arrival(p.arrival_minutes));
                if p.ride_required {
                    body.push(' ');
                    body.push_str(prep::RIDE);
                }
                if let Some(f) = &p.fasting {
                    body.push(' ');
                    body.push_str(f);
                }
            }
            body
        }
        CONFIRM => format!("{practice}: please confirm {subject}. Reply 1 to confirm or 2 to reschedule."),
        CALL => return call(config, host, &r, &subject),
        _ => return Ok(()),
    };
    remind(host, &r, kind, &body)
}

/// The confirmation call, for a text that got no answer (a "1" cancels
/// it). The answer comes back as a voice turn resuming the state made
/// here.
fn call(config: &PreparedConfig, host: &mut impl Host, r: &Reminder, subject: &str) -> Result<(), String> {
    let prompt = format!(
        "Hello, this is {} calling about {subject}. To confirm it, press 1 or say yes. To reschedule, press 2.",
        config.practice_name
    );
    if let Some(finding) = guard::classify(&prompt) {
        host.audit("guard-block", &[("rule", finding.rule.as_str()), ("channel", "outbound-call")]);
        return Err(format!("call prompt blocked by the guard ({})", finding.rule.as_str()));
    }
    match host.place_call(&r.phone, &prompt, &super::call_state(r)) {
        Ok(_) => {
            host.audit("reminder.called", &[("appointment", &r.appointment)]);
            Ok(())
        }
        // No outbound gateway: the text already went (or became an item).
        Err(HostError::Unavailable(_) | HostError::Denied(_)) => Ok(()),
        Err(e) => Err(format!("outbound call failed: {e:?}")),
    }
}

/// The patient is due again: text them the first openings for the type.
fn follow_up(
    config: &PreparedConfig,
    booking: &BookingConfig,
    r: &Reminder,
    now: i64,
    host: &mut impl Host,
) -> Result<(), String> {
    // Already booked again: nothing to chase.
    let upcoming = host
        .appointments_for(&r.patient)
        .map_err(|e| format!("appointments unavailable: {e:?}"))?
        .into_iter()
        .any(|a| a.appointment_type == r.code && a.status == AppointmentStatus::Booked && a.start > now);
    if upcoming {
        host.audit("follow-up.skipped", &[("patient", &r.patient)]);
        return Ok(());
    }
    let query = OpeningQuery {
        appointment_type: r.code.clone(),
        provider_id: None,
        location_id: None,
        not_before: now,
        not_after: now + i64::from(booking.search_days) * DAY_MS,
        weekdays: Vec::new(),
        earliest_minute: None,
        latest_minute: None,
        max_results: 30,
    };
    let openings = host.find_openings(&query).unwrap_or_default();
    // Each opening with who and where, so no two read the same: a time
    // alone repeats when two providers share it.
    let mut times: Vec<String> = Vec::new();
    for (i, when) in super::spread(&openings, |o| o.start, host) {
        let o = &openings[i];
        let mut time = if o.provider_name.is_empty() { when } else { format!("{when} with {}", o.provider_name) };
        if let Ok(place) = host.location(&o.location_id) {
            time = format!("{time} at {}", place.name);
        }
        if !times.contains(&time) {
            times.push(time);
        }
    }
    let practice = &config.practice_name;
    let body = if times.is_empty() {
        format!("{practice}: it's time to book your next appointment. Reply 4 to book, or call our office.")
    } else {
        format!(
            "{practice}: it's time to book your next appointment. Openings include {}. Reply 4 to book one.",
            times.join("; ")
        )
    };
    remind(host, r, FOLLOW_UP, &body)
}
