//! The commit phase: the outbound guard over every sentence, then the
//! records (emergency reports, queue items, audit events), then what the
//! patient hears or reads.

use switchboard_common::guard;
use switchboard_sdk::escalation::{Priority, QueueKind};

use super::escalate::item;
use super::{CallbackReason, End, Listen, Outcome, Slot, State, TurnCtx, replies};
use crate::config::escalation::Level;
use crate::host::Host;
use crate::medications;

/// The most characters in one text or one spoken passage (a carrier's text
/// limit, which the host also enforces: exceeding it is a fault).
pub(super) const MAX_CHARS: usize = 1600;

impl<'a, H: Host> TurnCtx<'a, H> {
    /// Pass every sentence and the prompt through the outbound guard,
    /// replacing and auditing what it blocks.
    fn apply_guard(&mut self) {
        let mut texts: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        texts.extend(self.prompt.as_ref().map(|(p, _)| p.as_str()));
        let verdicts = guard::check_all(&texts);
        if verdicts.iter().all(|v| v.blocked.is_none()) {
            return;
        }
        let channel = if self.voice { "voice" } else { "sms" };
        let mut verdicts = verdicts.into_iter();
        let mut lines = Vec::with_capacity(self.lines.len());
        for verdict in verdicts.by_ref().take(self.lines.len()) {
            if let Some(rule) = verdict.blocked {
                self.audits
                    .push(("guard-block", vec![("rule", rule.as_str().to_owned()), ("channel", channel.into())]));
                self.guard_blocked = true;
            }
            let text = self.safe_in_language(verdict.text);
            if text != guard::SAFE_REPLY && text != guard::SAFE_REPLY_ES || !lines.contains(&text) {
                lines.push(text);
            }
        }
        if let (Some(verdict), Some((prompt, _))) = (verdicts.next(), self.prompt.as_mut())
            && let Some(rule) = verdict.blocked
        {
            self.audits.push(("guard-block", vec![("rule", rule.as_str().to_owned()), ("channel", channel.into())]));
            self.guard_blocked = true;
            // Said once: as the prompt, which keeps a call listening.
            lines.retain(|l| l != guard::SAFE_REPLY && l != guard::SAFE_REPLY_ES);
            *prompt = if self.spanish && verdict.text == guard::SAFE_REPLY {
                guard::SAFE_REPLY_ES.to_owned()
            } else {
                verdict.text
            };
        }
        self.lines = lines;
    }

    /// The guard's safe reply in the conversation's language.
    fn safe_in_language(&self, text: String) -> String {
        if self.spanish && text == guard::SAFE_REPLY { guard::SAFE_REPLY_ES.to_owned() } else { text }
    }

    /// Record emergencies. A report the host refuses becomes a stat queue
    /// item instead; if that fails too, the patient still hears where to
    /// get help, but not that the team was alerted.
    /// Each recorded emergency pages the on-call too, so a clinician knows
    /// at once even though the patient was sent to 911.
    fn report_emergencies(&mut self) {
        for (kind, fields) in core::mem::take(&mut self.reports) {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            if let Ok(id) = self.host.report_emergency(kind, &pairs) {
                self.reach_on_call(&id, Level::Emergency);
                continue;
            }
            let summary = "Emergency: patient directed to emergency services".to_owned();
            let fallback = item(QueueKind::ClinicalUrgent, Priority::Stat, summary, fields);
            match self.host.enqueue(fallback) {
                Ok(id) => {
                    self.reach_on_call(&id, Level::Emergency);
                }
                Err(_) => {
                    self.lines.retain(|l| l != replies::ALERTED);
                    self.audits.push(("emergency-not-recorded", vec![("kind", format!("{kind:?}"))]));
                }
            }
        }
    }

    /// Enqueue the turn's items; urgent ones reach the on-call. On a text,
    /// the patient is told whether the page went out.
    fn enqueue_items(&mut self) -> Result<(), String> {
        let paged = core::mem::take(&mut self.paged_items);
        let (mut sent, mut failed) = (false, false);
        for (i, mut queued) in core::mem::take(&mut self.items).into_iter().enumerate() {
            if self.spanish && !queued.fields.iter().any(|f| f.name == "language") {
                // Staff see at once that the call back should be in Spanish.
                queued.fields.push(switchboard_sdk::Field { name: "language".into(), value: "es".into() });
            }
            let id = self.host.enqueue(queued).map_err(|e| format!("enqueue failed: {e:?}"))?;
            if paged.contains(&i) {
                if self.reach_on_call(&id, Level::Urgent) {
                    sent = true;
                } else {
                    failed = true;
                }
            }
        }
        if !self.voice && (sent || failed) {
            self.lines.push(if failed { replies::NOT_PAGED } else { replies::PAGED }.to_owned());
        }
        Ok(())
    }

    pub(super) fn commit(mut self) -> Result<Outcome, String> {
        self.apply_guard();
        if self.guard_blocked {
            // The safe reply says the message was passed on: make it true.
            self.callback(CallbackReason::GuardBlock);
        }
        if self.task_done {
            let form = &self.state.form;
            if let (Some(name), Some(dob)) = (form.get(Slot::Name), form.get(Slot::DateOfBirth)) {
                self.state.given_identity = Some((name.to_owned(), dob.to_owned()));
            }
            self.state.task = None;
            self.state.form = Default::default();
            self.state.auth_status = None;
        }
        self.report_emergencies();
        self.enqueue_items()?;
        for (event, fields) in &self.audits {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            self.host.audit(event, &fields);
        }
        self.speak()?;
        let finished = self.end != End::Open || (self.voice && self.prompt.is_none());
        let state = if finished { State::default() } else { self.state };
        Ok(Outcome { state, finished })
    }

    fn speak(&mut self) -> Result<(), String> {
        let fail = |e| format!("host refused output: {e:?}");
        if self.voice {
            for passage in pack(&self.lines) {
                self.host.say(&passage).map_err(fail)?;
            }
            if let Some((prompt, listen)) = &self.prompt {
                let hints = self.hints(*listen);
                self.host.ask(prompt, &hints, num_digits(*listen)).map_err(fail)?;
            }
            match &self.end {
                End::Transfer(number) => self.host.transfer(number, replies::TRANSFER_ANNOUNCE).map_err(fail)?,
                End::OnCall => {
                    let transferred = match &self.transfer_item {
                        Some(id) => self.host.transfer_to_on_call(id, replies::ON_CALL_ANNOUNCE).is_ok(),
                        None => false,
                    };
                    if !transferred {
                        // The urgent item is on the queue either way.
                        self.host.say(replies::ON_CALL_UNREACHABLE).map_err(fail)?;
                        self.host.hang_up().map_err(fail)?;
                    }
                }
                // A call that is not listening must not be left in silence.
                End::HangUp | End::Finish => self.host.hang_up().map_err(fail)?,
                End::Open if self.prompt.is_none() => self.host.hang_up().map_err(fail)?,
                End::Open => {}
            }
        } else {
            let mut all = core::mem::take(&mut self.lines);
            all.extend(self.prompt.as_ref().map(|(p, _)| p.clone()));
            for text in pack(&all) {
                self.host.say(&text).map_err(fail)?;
            }
        }
        Ok(())
    }

    fn hints(&self, listen: Listen) -> Vec<&'a str> {
        if self.spanish {
            // English hints would pull Spanish speech towards English words.
            return Vec::new();
        }
        match listen {
            Listen::Menu => vec!["refill", "prescription refill", "prior authorization", "representative", "operator"],
            Listen::Medication => {
                let mut hints = medications::hints();
                hints.extend(self.config.extra_controlled.iter().map(|m| m.name.as_str()));
                hints
            }
            Listen::Pharmacy => {
                vec!["CVS", "Walgreens", "Walmart", "Rite Aid", "Kroger", "Costco", "Publix", "Meijer", "same pharmacy"]
            }
            // Speech recognition hears a spoken month best when told to expect one.
            Listen::DateOfBirth => switchboard_common::calendar::MONTH_NAMES.to_vec(),
            Listen::Procedure => self
                .config
                .prior_auth()
                .into_iter()
                .flat_map(|p| p.procedures.iter().map(|q| q.name.as_str()))
                .take(50)
                .collect(),
            Listen::YesNo => vec!["yes", "no"],
            Listen::Booking => {
                let mut hints = vec!["first available", "morning", "afternoon", "Monday", "Tuesday", "Wednesday"];
                hints.extend(["Thursday", "Friday", "next week"]);
                hints.extend(
                    self.config.booking().into_iter().flat_map(|b| b.names.iter().map(|n| n.name.as_str())).take(40),
                );
                hints
            }
            Listen::Choice => vec!["one", "two", "three", "the first one", "the second one", "the third one"],
            Listen::HoldDrugs => {
                // Every table's names (generic and brand), each once.
                let mut hints = vec!["no", "none"];
                let names = self.config.booking().into_iter().flat_map(|b| &b.hold_tables).flat_map(|t| &t.names);
                for name in names.flat_map(|n| n.names()) {
                    if hints.len() < 50 && !hints.contains(&name) {
                        hints.push(name);
                    }
                }
                hints
            }
            Listen::Name | Listen::Number => Vec::new(),
            Listen::AnythingElse => vec!["no", "refill", "representative"],
        }
    }
}

/// Keypad input length per prompt: one key for menus and yes/no (so "0"
/// reaches staff anywhere), open-ended for a phone number or a date.
fn num_digits(listen: Listen) -> Option<u32> {
    match listen {
        Listen::Number | Listen::DateOfBirth => None,
        _ => Some(1),
    }
}

/// Join sentences into as few passages as fit [`MAX_CHARS`] each, splitting
/// only between sentences (a single over-long sentence is cut).
pub(super) fn pack(lines: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut current_chars = 0;
    for line in lines {
        let mut line: String = line.clone();
        let mut chars = line.chars().count();
        if chars > MAX_CHARS {
            line = line.chars().take(MAX_CHARS).collect();
            chars = MAX_CHARS;
        }
        if current_chars > 0 && current_chars + 1 + chars > MAX_CHARS {
            out.push(core::mem::take(&mut current));
            current_chars = 0;
        }
        if current_chars > 0 {
            current.push(' ');
            current_chars += 1;
        }
        current.push_str(&line);
        current_chars += chars;
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}
