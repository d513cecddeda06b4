//! The refill request: what goes on the refill queue, and what the patient
//! is told — that the request was *received* (never approved or promised),
//! with the practice's own timeline, steps and run-out wording.
//!
//! A refill request is never lost. Once a refill was asked for and a
//! medication named, a refill item reaches the queue whatever happens next:
//!
//! - the form finishes: the complete item ([`TurnCtx::submit_refill`]);
//! - the patient says thanks or goodbye, or moves to another topic (an
//!   appointment, a prior authorization, a person): what was captured is
//!   filed at once, marked `complete=no` with the `missing` fields, and the
//!   patient hears that it was passed on with the practice's timeline;
//! - the conversation ends any other way in this turn (an emergency on a
//!   call, an opt-out, a hand-over to staff): the same item, filed without
//!   extra words (the patient is hearing something more important);
//! - a call warm-transferred to the on-call clinician about an urgent
//!   problem: the plugin hears nothing more of it, and the urgent item is
//!   the only one that turn records, so the idle timer files the refill.
//!   That turn never reaches the form (the urgent problem comes first), so
//!   the timer the previous turn armed already carries everything captured
//!   and is left as it is;
//! - nothing more comes (a text thread goes quiet, a caller hangs up, whose
//!   call ends with no turn to the plugin): while the request waits, every
//!   turn (re)schedules a durable timer, key `refill:<conversation>:idle`,
//!   due [`IDLE_MS`] later, carrying the item as it would be filed (`on-task`
//!   sees only the timer's payload, not the conversation). Filing the item
//!   in a turn cancels it; when it fires, [`on_idle`] files the item and,
//!   on a text thread, texts the patient that it was passed on.
//!
//! A turn that arrives after that timer was due is told so by the state
//! (`refill_idle_due`): what it files later says it may repeat an earlier
//! incomplete request, so staff can match the two.

use serde::{Deserialize, Serialize};
use switchboard_common::guard;
use switchboard_common::normalize::Utterance;
use switchboard_sdk::Field;
use switchboard_sdk::HostError;
use switchboard_sdk::escalation::{Priority, QueueItem, QueueKind};
use switchboard_sdk::scheduling::TaskRequest;

use super::{CallbackReason, End, Slot, Task, TurnCtx, escalate::item, replies};
use crate::config::PreparedConfig;
use crate::host::Host;
use crate::medications::{self, Schedule};
use crate::recognise::Label;

/// The timer kind for a refill request left waiting.
pub(crate) const IDLE_TASK: &str = "refill-idle";

/// How long a refill request waits for the patient before the timer files
/// it: longer than anyone takes to find a pharmacy's street, short enough
/// that the request reaches staff the same working day.
pub(crate) const IDLE_MS: i64 = 30 * 60_000;

/// The longest value copied into a timer's payload (the host takes at most
/// 4,096 bytes), so a long answer cannot lose the whole request.
const MAX_DRAFT_VALUE: usize = 200;

/// Said when an unfinished request is filed in the conversation.
pub(crate) const INCOMPLETE: &str = "I've passed your refill request to our clinical team with the details you gave; some were missing, so our staff may contact you to complete it.";

/// [`INCOMPLETE`], naming the medication (calls, or texts where allowed).
pub(crate) fn incomplete_for(name: &str) -> String {
    format!(
        "I've passed your refill request for {name} to our clinical team with the details you gave; some were missing, so our staff may contact you to complete it."
    )
}

/// The text sent when the timer files a request from a quiet text thread.
pub(crate) fn incomplete_text(practice: &str, name: Option<&str>) -> String {
    let what = name.map_or_else(|| "your refill request".to_owned(), |n| format!("your refill request for {n}"));
    format!(
        "{practice}: we've passed {what} to our clinical team with the details you gave; some were missing, so our staff may contact you to complete it."
    )
}

/// How an unfinished refill request came to be filed (the `ended-by` field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ending {
    /// Thanks, goodbye, "that's all", "never mind".
    Goodbye,
    /// An appointment or prior authorization took over the conversation.
    NewTopic,
    /// They asked for a person.
    PersonRequest,
    /// A red flag ended the call.
    RedFlag,
    OptOut,
    /// Not heard or not understood too often: staff call back.
    HandedToStaff,
    /// Any other end of the conversation in a turn.
    ConversationEnded,
    /// The timer: a text thread went quiet.
    NoReply,
    /// The timer: a call ended (a hang-up reaches the plugin as nothing).
    CallEnded,
}

impl Ending {
    fn as_str(self) -> &'static str {
        match self {
            Ending::Goodbye => "goodbye",
            Ending::NewTopic => "new-topic",
            Ending::PersonRequest => "person-request",
            Ending::RedFlag => "red-flag",
            Ending::OptOut => "opt-out",
            Ending::HandedToStaff => "handed-to-staff",
            Ending::ConversationEnded => "conversation-ended",
            Ending::NoReply => "no-reply",
            Ending::CallEnded => "call-ended",
        }
    }
}

/// An unfinished refill item as the idle timer will file it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Draft {
    pub summary: String,
    pub fields: Vec<(String, String)>,
    /// Where to text that it was filed: the caller on a text thread.
    pub text_to: Option<String>,
    /// The medication is not known to be uncontrolled (the longer timeline).
    pub controlled_wording: bool,
    /// The recognised medication's name, for a practice whose texts may
    /// name medications.
    pub name: Option<String>,
}

/// An unfinished request as it would be filed now.
struct Unfinished {
    summary: String,
    fields: Vec<(&'static str, String)>,
    medication: Medication,
}

/// The medication as captured: looked up again from what was said, so the
/// state only keeps the words.
struct Medication {
    as_said: String,
    /// The matched entry's name, or what was said.
    name: String,
    schedule: Option<Schedule>,
    recognised: bool,
}

impl Medication {
    /// Whether it is controlled, as the queue field says it.
    fn controlled(&self) -> &'static str {
        match (self.recognised, self.schedule) {
            (false, _) => "unknown",
            (true, Some(_)) => "yes",
            (true, None) => "no",
        }
    }

    /// "Refill request: controlled (Schedule II)".
    fn summary(&self) -> String {
        match (self.controlled(), self.schedule) {
            ("yes", Some(s)) => format!("Refill request: controlled (Schedule {})", s.as_str()),
            ("no", _) => "Refill request: not controlled".to_owned(),
            _ => "Refill request: medication not recognised".to_owned(),
        }
    }
}

/// The refill form's slots as the `missing` field and the summary say them.
fn slot_names(slot: Slot) -> (&'static str, &'static str) {
    match slot {
        Slot::Name => ("name", "name"),
        Slot::DateOfBirth => ("date-of-birth", "date of birth"),
        Slot::Medication => ("medication", "medication"),
        Slot::Pharmacy => ("pharmacy", "pharmacy"),
        Slot::Callback => ("callback", "callback number"),
        Slot::Procedure | Slot::StaffOffer | Slot::ReferredBy | Slot::ReferralReason | Slot::Insurance => ("", ""),
    }
}

/// "pharmacy and callback number", "name, date of birth and pharmacy".
fn words_list(words: &[&str]) -> String {
    match words.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => words.join(""),
    }
}

fn bounded(value: &str) -> String {
    match value.char_indices().nth(MAX_DRAFT_VALUE) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_owned(),
    }
}

impl<H: Host> TurnCtx<'_, H> {
    fn medication(&self) -> Option<Medication> {
        let as_said = self.state.form.get(Slot::Medication)?;
        let extras = &self.config.extra_controlled;
        let tokens = Utterance::new(as_said, |_| false);
        Some(match medications::find(tokens.tokens(), extras) {
            Some(found) => {
                Medication { as_said: as_said.to_owned(), name: found.name, schedule: found.schedule, recognised: true }
            }
            None => {
                Medication { as_said: as_said.to_owned(), name: as_said.to_owned(), schedule: None, recognised: false }
            }
        })
    }

    /// "Got it" for an answer; on a call (or where the practice allows it
    /// in texts) naming the medication just recognised.
    pub(super) fn acknowledge_medication(&mut self) {
        match &self.named {
            Some(found) if self.voice || self.config.texts_name_medications => {
                let line = replies::got_medication(&found.name);
                self.say(line);
            }
            _ => self.say(replies::GOT_IT),
        }
    }

    /// A refill request with a medication named that has not been filed.
    pub(super) fn refill_pending(&self) -> bool {
        !self.refill_filed && self.state.task == Some(Task::Refill) && self.state.form.is_filled(Slot::Medication)
    }

    /// The request is complete: queue it and say what happens next.
    pub(super) fn submit_refill(&mut self) {
        let Some(medication) = self.medication() else { return };
        let mut summary = medication.summary();
        let mut fields = self.identity_fields();
        fields.extend(self.refill_fields());
        fields.push(("complete", "yes".to_owned()));
        fields.extend(self.contact_fields());
        if self.state.refill_repeat {
            summary.push_str(" (may repeat an earlier incomplete request)");
            fields.push(("possible-duplicate", "yes".to_owned()));
        }
        self.remember_filed_refill(&fields);
        self.items.push(item(QueueKind::Refill, Priority::Routine, summary, fields));
        self.refill_filed = true;

        if self.voice || self.config.texts_name_medications {
            let name = if medication.recognised { medication.name.as_str() } else { "your medication" };
            self.say(replies::received_for(name));
        } else {
            self.say(replies::RECEIVED);
        }
        self.say(replies::SENT_TO_TEAM);
        self.say_refill_timeline(medication.controlled() != "no");
        self.task_finished();
    }

    /// The practice's timeline (and, for controlled or unknown medications,
    /// its steps), then what to do when running out. Unknown medications
    /// get the controlled wording: it is the longer timeline, so it never
    /// sets an expectation the practice cannot meet.
    fn say_refill_timeline(&mut self, controlled: bool) {
        let policy = &self.config.refills;
        if controlled {
            self.say(policy.controlled_timeline.clone());
            for step in policy.controlled_steps.clone() {
                self.say(step);
            }
        } else {
            self.say(policy.non_controlled_timeline.clone());
        }
        self.say(policy.run_out_instructions.clone());
    }

    /// The refill fields of a (possibly partial) request.
    pub(super) fn refill_fields(&self) -> Vec<(&'static str, String)> {
        let mut fields = Vec::new();
        if let Some(m) = self.medication() {
            fields.push(("medication-as-said", m.as_said.clone()));
            fields.push(("medication", m.name.clone()));
            fields.push(("controlled", m.controlled().to_owned()));
            fields.push(("schedule", m.schedule.map_or("", |s| s.as_str()).to_owned()));
        }
        let flag = |on: bool| if on { "yes" } else { "no" }.to_owned();
        fields.push(("early-refill", flag(self.state.early_refill)));
        fields.push(("lost-prescription", flag(self.state.lost_prescription)));
        if let Some(p) = self.state.form.get(Slot::Pharmacy) {
            fields.push(("pharmacy", p.to_owned()));
        }
        fields
    }

    /// The unfinished request as it would be filed now: its summary, its
    /// fields (`complete=no`, `missing`, `ended-by`), and the medication.
    fn incomplete_refill(&self, ended: Ending) -> Option<Unfinished> {
        let medication = self.medication()?;
        let missing: Vec<Slot> =
            Task::Refill.order().iter().copied().filter(|s| !self.state.form.is_filled(*s)).collect();
        let (keys, words): (Vec<&str>, Vec<&str>) = missing.iter().map(|s| slot_names(*s)).unzip();
        let mut summary = medication.summary();
        if words.is_empty() {
            summary.push_str(" (not confirmed by the patient)");
        } else {
            summary.push_str(&format!(" (incomplete: no {})", words_list(&words)));
        }
        let mut fields = self.identity_fields();
        fields.extend(self.refill_fields());
        fields.push(("complete", "no".to_owned()));
        fields.push(("missing", keys.join(", ")));
        fields.push(("ended-by", ended.as_str().to_owned()));
        fields.extend(self.contact_fields());
        if self.state.refill_repeat {
            summary.push_str(" (may repeat an earlier incomplete request)");
            fields.push(("possible-duplicate", "yes".to_owned()));
        }
        Some(Unfinished { summary, fields, medication })
    }

    /// File the unfinished request now. `speak`: the patient hears that it
    /// was passed on, with the practice's timeline (not when something more
    /// important is being said, such as where to get emergency help).
    pub(super) fn file_incomplete_refill(&mut self, ended: Ending, speak: bool) {
        let Some(Unfinished { summary, fields, medication }) = self.incomplete_refill(ended) else { return };
        self.remember_filed_refill(&fields);
        self.items.push(item(QueueKind::Refill, Priority::Routine, summary, fields));
        self.refill_filed = true;
        self.audits.push(("refill.filed-incomplete", vec![("ended-by", ended.as_str().to_owned())]));
        if speak {
            if medication.recognised && (self.voice || self.config.texts_name_medications) {
                self.say(incomplete_for(&medication.name));
            } else {
                self.say(INCOMPLETE);
            }
            self.say_refill_timeline(medication.controlled() != "no");
        }
    }

    /// The patient leaves the refill for another request (appointment,
    /// prior authorization): file what was captured, and start the next
    /// form with the name and date of birth already given.
    pub(super) fn leave_refill_for(&mut self, next: impl FnOnce(&mut Self)) {
        self.file_incomplete_refill(Ending::NewTopic, true);
        let name = self.state.form.get(Slot::Name).map(str::to_owned);
        let dob = self.state.form.get(Slot::DateOfBirth).map(str::to_owned);
        self.state.task = None;
        self.state.form = Default::default();
        next(self);
        if self.state.stage == super::Stage::Form {
            if let Some(name) = name {
                self.state.form.set(Slot::Name, name);
            }
            if let Some(dob) = dob {
                self.state.form.set(Slot::DateOfBirth, dob);
            }
        }
    }

    /// At the start of a turn: an idle timer that was due has fired (or is
    /// about to), so what this conversation files later may repeat it.
    pub(super) fn refill_turn_start(&mut self) {
        if let Some(due) = self.state.refill_idle_due
            && self.turn.received_at >= due
        {
            self.state.refill_idle_due = None;
            self.state.refill_repeat = true;
        }
    }

    /// At the end of a turn (before commit): a request the conversation is
    /// leaving unfinished is filed; one still waiting (re)arms the idle
    /// timer with the item as it stands; a filed one cancels the timer.
    pub(super) fn refill_turn_end(&mut self) {
        if self.end == End::OnCall && self.refill_pending() && self.state.refill_idle_due.is_some() {
            // The armed timer files it; this turn's record is the urgent item.
            return;
        }
        let ending = self.end != End::Open || (self.voice && self.prompt.is_none());
        if self.refill_pending() && (ending || self.task_done) {
            let handed_over = self
                .state
                .callbacks
                .iter()
                .any(|r| matches!(r, CallbackReason::NoInput | CallbackReason::NotUnderstood));
            let ended = if self.red_flag_level().is_some() {
                Ending::RedFlag
            } else if self.has(Label::OptOut) {
                Ending::OptOut
            } else if handed_over {
                Ending::HandedToStaff
            } else {
                Ending::ConversationEnded
            };
            self.file_incomplete_refill(ended, false);
        }
        if self.refill_pending() {
            self.arm_refill_timer(if self.voice { Ending::CallEnded } else { Ending::NoReply });
        } else if self.state.refill_idle_due.take().is_some() {
            // Filed, or no longer a refill: the timer has nothing to do.
            if self.host.cancel_task(&self.refill_timer_key()).is_err() {
                self.audits.push(("refill.idle-timer-not-cancelled", Vec::new()));
            }
            if self.refill_filed {
                self.state.refill_repeat = false;
            }
        }
    }

    /// `refill:<conversation>:idle` (at most the host's 128 bytes).
    fn refill_timer_key(&self) -> String {
        let mut key = format!("refill:{}:idle", self.turn.conversation_id);
        if key.len() > 128 {
            let mut cut = 128;
            while !key.is_char_boundary(cut) {
                cut -= 1;
            }
            key.truncate(cut);
        }
        key
    }

    fn arm_refill_timer(&mut self, ended: Ending) {
        let Some(Unfinished { summary, fields, medication }) = self.incomplete_refill(ended) else { return };
        let draft = Draft {
            summary: bounded(&summary),
            fields: fields.into_iter().map(|(k, v)| (k.to_owned(), bounded(&v))).collect(),
            text_to: (!self.voice && switchboard_common::phone::is_e164(&self.turn.caller))
                .then(|| self.turn.caller.clone()),
            controlled_wording: medication.controlled() != "no",
            name: medication.recognised.then(|| medication.name.clone()),
        };
        let due = self.turn.received_at + IDLE_MS;
        let request = TaskRequest {
            kind: IDLE_TASK.into(),
            due,
            payload: postcard::to_allocvec(&draft).unwrap_or_default(),
            key: Some(self.refill_timer_key()),
        };
        match self.host.schedule_task(&request) {
            Ok(_) => self.state.refill_idle_due = Some(due),
            // No timers (not granted, unavailable): the request is still
            // filed when the conversation ends in a turn; staff see why.
            Err(e) => self.audits.push(("refill.idle-timer-not-set", vec![("error", format!("{e:?}"))])),
        }
    }
}

/// The idle timer fired: file the request as the last turn left it, and on
/// a text thread tell the patient it was passed on, with the practice's
/// timeline. A payload this version cannot read still files an item (staff
/// find the conversation from it), so nothing is dropped. Only a failed
/// enqueue is an error (the host then queues its own callback); a text that
/// cannot go is audited.
pub(crate) fn on_idle(config: &PreparedConfig, payload: &[u8], host: &mut impl Host) -> Result<(), String> {
    let draft = postcard::from_bytes::<Draft>(payload).ok();
    let queued = match &draft {
        Some(d) => QueueItem {
            kind: QueueKind::Refill,
            priority: Priority::Routine,
            summary: d.summary.clone(),
            fields: d.fields.iter().map(|(name, value)| Field { name: name.clone(), value: value.clone() }).collect(),
        },
        None => item(
            QueueKind::Refill,
            Priority::Routine,
            "Refill request (incomplete: the details could not be read; see the conversation)".to_owned(),
            vec![("complete", "no".to_owned()), ("missing", "unknown".to_owned()), ("ended-by", "no-reply".to_owned())],
        ),
    };
    host.enqueue(queued).map_err(|e| format!("enqueue failed: {e:?}"))?;
    let ended = draft
        .as_ref()
        .and_then(|d| d.fields.iter().find(|(k, _)| k == "ended-by"))
        .map_or("no-reply", |(_, v)| v.as_str());
    host.audit("refill.filed-incomplete", &[("ended-by", ended)]);
    let Some(draft) = draft else { return Ok(()) };
    let Some(to) = &draft.text_to else { return Ok(()) };
    let name = draft.name.as_deref().filter(|_| config.texts_name_medications);
    let policy = &config.refills;
    let mut parts = vec![incomplete_text(&config.practice_name, name)];
    if draft.controlled_wording {
        parts.push(policy.controlled_timeline.clone());
    } else {
        parts.push(policy.non_controlled_timeline.clone());
    }
    parts.push(policy.run_out_instructions.clone());
    let mut body = parts.join(" ");
    if body.chars().count() > super::output::MAX_CHARS {
        body = parts[..2].join(" ");
    }
    if let Some(finding) = guard::classify(&body) {
        host.audit("guard-block", &[("rule", finding.rule.as_str()), ("channel", "outbound")]);
        return Ok(());
    }
    match host.send_text(to, &body) {
        Ok(_) => host.audit("refill.idle-texted", &[]),
        Err(HostError::Unavailable(_) | HostError::Denied(_)) => host.audit("refill.idle-not-texted", &[]),
        Err(e) => host.audit("refill.idle-not-texted", &[("error", &format!("{e:?}"))]),
    }
    Ok(())
}
