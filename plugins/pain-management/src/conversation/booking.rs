//! Booking, moving, cancelling and confirming appointments by text and by
//! call, and taking a waitlist offer.
//!
//! The recogniser says a message is about an appointment; [`parse`] reads
//! what the patient wants done ([`Intent`]) and when. The patient is
//! identified first (the shared name and date-of-birth form), then:
//!
//! - **book**: what (a visit type or a procedure from `[booking]`) →
//!   prior authorization where the procedure needs it (not in place: no
//!   booking, an item for the authorization staff) → day, time of day and
//!   provider → up to three openings → for procedures with a hold table,
//!   which blood thinners or NSAIDs they take → confirm → book, with the
//!   full prep at once and `needs-review` when they take one;
//! - **reschedule** ("2" to a confirmation request, "anything sooner?"):
//!   the next appointment, new openings, the same prep questions, moved
//!   atomically by the host, timers moved with it;
//! - **cancel**: confirmed with a yes/no, never by asking for a keyword;
//!   its timers cancelled; the freed time offered to the waitlist;
//! - **confirm** ("1"), **when is it**, and **take an offer** ("3").
//!
//! Scheduling writes happen during the turn (the host commits each in its
//! own transaction, so concurrent turns cannot both win a slot) and are
//! made durable with the turn; reminders are scheduled with it. What the
//! patient hears still passes the outbound guard at commit.

mod asked_after;
mod parse;
pub(super) mod prep;
pub(crate) mod reminders;
pub(super) mod when;
mod words;
pub(super) use asked_after::Booked;

use serde::{Deserialize, Serialize};
use switchboard_common::parse::yes_no;
use switchboard_sdk::HostError;
use switchboard_sdk::escalation::{Priority, QueueKind};
use switchboard_sdk::scheduling::{Appointment, AppointmentStatus, AuthorizationStatus, BookingRequest, OpeningQuery};

use super::escalate::item;
use super::intents::Aux;
use super::{CallbackReason, Identity, Listen, Stage, Task, TurnCtx, replies};
use crate::config::booking::BookingConfig;
use crate::host::Host;
pub(crate) use parse::{Intent, intent, outreach_reply};
use when::{DAY_MS, HOUR_MS, describe, describe_day, local_day, local_iso};

/// A booking in progress (kept in the conversation state).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Booking {
    intent: Intent,
    step: Step,
    /// The appointment type (a `[booking]` code).
    code: Option<String>,
    prefs: parse::Prefs,
    /// Preferences were asked for (asked once; then the search runs).
    prefs_asked: bool,
    offered: Vec<Offered>,
    chosen: Option<Offered>,
    /// The appointment being moved, cancelled or confirmed.
    target: Option<Target>,
    /// The waitlist offer being taken: (offer id, waitlist entry id).
    offer: Option<(String, String)>,
    /// Hold-table drug codes the patient named.
    drugs: Vec<String>,
    /// They take something the table does not list (staff review it).
    unlisted: bool,
    meds_asked: bool,
    /// Whether they will have an adult to drive them home (asked for a
    /// procedure that needs one).
    ride: Option<bool>,
    /// Why the openings start later has been said.
    limit_explained: bool,
    /// The next openings offered say why they start when they do (a chosen
    /// time was inside the hold or too soon to fast).
    explain: bool,
    /// The time they had chosen that the hold or fasting ruled out (for a
    /// staff record).
    ruled_out: Option<Offered>,
    /// Answers not understood at the current step.
    misses: u8,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
enum Step {
    #[default]
    Identify,
    Kind,
    Prefs,
    Choose,
    Meds,
    MedsWhich,
    Confirm,
    ConfirmCancel,
    Waitlist,
    /// A procedure that needs a driver home: will they have one?
    Ride,
    /// Our confirmation call was answered: 1 confirms, 2 reschedules.
    CallAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Offered {
    slot: String,
    start: i64,
    provider: String,
    /// The schedule's location id (empty when not known).
    location: String,
}

/// The earliest a procedure may start for this patient, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Limit {
    at: i64,
    why: Why,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Why {
    /// The longest hold among the drugs they named (its code, its days):
    /// from the start of the local day that many days from today.
    Hold { drug: String, days: u16 },
    /// The procedure's fasting rule cannot be met sooner; `next_day`:
    /// nothing after midnight, so not before tomorrow.
    Fasting { next_day: bool },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Target {
    id: String,
    code: String,
    start: i64,
    provider: String,
    location: String,
}

/// Up to three of `items`, the earliest on each of different days first
/// (a front desk offers a choice of days), then the next earliest; each
/// with its index and its spoken time.
pub(crate) fn spread<T>(items: &[T], start: impl Fn(&T) -> i64, host: &mut impl Host) -> Vec<(usize, String)> {
    let mut picked: Vec<usize> = Vec::new();
    let mut days: Vec<i64> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let day = local_day(start(item), host.utc_offset_minutes(start(item)));
        if picked.len() < 3 && !days.contains(&day) {
            days.push(day);
            picked.push(i);
        }
    }
    for i in 0..items.len() {
        if picked.len() >= 3 {
            break;
        }
        if !picked.contains(&i) {
            picked.push(i);
        }
    }
    picked.sort_by_key(|&i| start(&items[i]));
    picked
        .into_iter()
        .map(|i| {
            let at = start(&items[i]);
            (i, describe(at, host.utc_offset_minutes(at)))
        })
        .collect()
}

impl<'a, H: Host> TurnCtx<'a, H> {
    pub(super) fn booking_config(&self) -> Option<&'a BookingConfig> {
        let config: &'a crate::config::PreparedConfig = self.config;
        config.booking()
    }

    pub(super) fn patient_id(&self) -> Option<String> {
        match &self.state.identity {
            Identity::Matched { id, .. } => Some(id.clone()),
            _ => None,
        }
    }

    fn now(&self) -> i64 {
        self.turn.received_at
    }

    fn local_today(&mut self) -> i64 {
        let now = self.now();
        local_day(now, self.host.utc_offset_minutes(now))
    }

    fn booking(&mut self) -> &mut Booking {
        self.state.booking.get_or_insert_with(|| Booking::new(Intent::Book))
    }

    /// A message about an appointment (or a bare "1" to "4" answering one
    /// of our texts). Without `[booking]`, staff call back as before.
    pub(super) fn booking_request(&mut self, intent: Intent) {
        self.state.appointment_asked = Some(self.patient_said());
        let Some(config) = self.booking_config() else { return self.appointment() };
        let mut booking = Booking::new(intent);
        // A bare "2" answering our text is no "2 pm".
        if outreach_reply(self.text()).is_none() {
            let today = self.local_today();
            let heard = booking.prefs.update(self.utterance.tokens(), self.text(), today);
            if heard.past {
                self.say(words::PAST_DATE);
            }
            // "First available" answers the question before it is asked.
            booking.prefs_asked = heard.any;
            booking.code = config.find(self.utterance.tokens()).map(|p| p.code.clone());
            if booking.code.is_none() && self.state.screen_discussed {
                // "Can I just book it?" after the drug-screen policy.
                let screen = ["drug".to_owned(), "screen".to_owned()];
                booking.code = config.find(&screen).map(|p| p.code.clone());
            }
            // "Book my epidural, I'm on Eliquis": the hold shapes the search.
            let tokens = self.utterance.tokens().to_vec();
            self.note_drugs(&mut booking, &tokens);
        }
        self.begin_booking(booking);
    }

    /// Go on with `booking`: straight to it for an identified patient,
    /// else identification first.
    fn begin_booking(&mut self, booking: Booking) {
        self.state.booking = Some(booking);
        if self.patient_id().is_some() {
            self.state.stage = Stage::Booking;
            self.booking_next();
        } else {
            self.start(Task::Booking);
        }
    }

    /// Book a procedure already named (an approved authorization's): the
    /// patient was identified, so the booking asks for a time next.
    pub(super) fn book_procedure(&mut self, code: Option<String>) {
        let mut booking = Booking::new(Intent::Book);
        booking.code = code;
        self.begin_booking(booking);
    }

    /// The identification form finished.
    pub(super) fn booking_identified(&mut self) {
        self.task_done = true;
        let ready = self.booking_config().is_some() && self.state.booking.is_some();
        if ready && self.patient_id().is_some() {
            self.state.stage = Stage::Booking;
            self.booking_next();
        } else {
            // Not found in the directory (or no booking): the scheduling
            // staff take it, and the caller hears nothing about why.
            self.state.booking = None;
            self.state.stage = Stage::Menu;
            if core::mem::take(&mut self.just_identified) {
                self.say(replies::THANK_YOU);
            }
            self.appointment();
            self.task_finished();
        }
    }

    /// A message in the middle of a booking.
    pub(super) fn booking_turn(&mut self) {
        let Some(mut b) = self.state.booking.take() else {
            self.state.stage = Stage::Menu;
            return self.reprompt();
        };
        let tokens = self.utterance.tokens().to_vec();
        let answer = yes_no(self.text(), Some(self.digits));
        let yes_no_step = matches!(b.step, Step::Confirm | Step::ConfirmCancel | Step::Waitlist);
        if self.aux(Aux::Done) && !yes_no_step && answer != Some(false) {
            // "Never mind" (a bare "no" answers the question instead).
            self.say(replies::ALL_RIGHT);
            self.state.stage = Stage::Menu;
            return self.task_finished();
        }
        let today = self.local_today();
        // An option number is not a time ("2" is the second opening, not 2 pm).
        let picked = if b.step == Step::Choose { parse::choice(&tokens, self.digits, b.offered.len()) } else { None };
        let heard = if picked.is_none() && matches!(b.step, Step::Kind | Step::Prefs | Step::Choose) {
            b.prefs.update(&tokens, self.text(), today)
        } else {
            parse::Heard::default()
        };
        if heard.past {
            self.say(words::PAST_DATE);
        }
        let config = self.booking_config();
        if matches!(b.step, Step::Confirm | Step::Ride) && self.note_drugs(&mut b, &tokens) {
            // "Wait, I take Eliquis": the chosen time is checked again.
            b.misses = 0;
            self.state.booking = Some(b);
            return self.booking_next();
        }
        let mut understood = true;
        match b.step {
            Step::Identify => {}
            Step::Kind => match config.and_then(|c| c.find(&tokens)) {
                Some(found) => b.code = Some(found.code.clone()),
                None => understood = heard.any,
            },
            Step::Prefs => b.prefs_asked = true,
            Step::Choose => {
                if let Some(i) = picked {
                    b.chosen = Some(b.offered[i].clone());
                } else if heard.any {
                    b.offered.clear();
                } else if answer == Some(false) || tokens.iter().any(|t| t == "none") {
                    b.offered.clear();
                    b.prefs = parse::Prefs::default();
                    b.step = Step::Prefs;
                    self.state.booking = Some(b);
                    return self.ask(words::other_time_prompt(), Listen::Booking);
                } else {
                    understood = false;
                }
            }
            Step::Meds | Step::MedsWhich => {
                let none = answer == Some(false) || tokens.iter().any(|t| matches!(t.as_str(), "none" | "nothing"));
                if self.note_drugs(&mut b, &tokens) || none {
                    b.meds_asked = true;
                } else if b.step == Step::Meds && answer == Some(true) && tokens.len() <= 3 {
                    // "Yes": which one?
                    b.step = Step::MedsWhich;
                    self.state.booking = Some(b);
                    return self.ask(words::MEDS_WHICH, Listen::HoldDrugs);
                } else if b.step == Step::MedsWhich || answer == Some(true) {
                    // Something the practice's table does not list: staff
                    // review it, and the booking is flagged.
                    (b.unlisted, b.meds_asked) = (true, true);
                } else {
                    understood = false;
                }
            }
            Step::Confirm => match answer {
                Some(true) => {
                    self.state.booking = Some(b);
                    return self.booking_commit();
                }
                Some(false) => {
                    (b.chosen, b.offered, b.prefs) = (None, Vec::new(), parse::Prefs::default());
                    b.step = Step::Prefs;
                    self.state.booking = Some(b);
                    return self.ask(words::other_time_prompt(), Listen::Booking);
                }
                None => understood = false,
            },
            Step::ConfirmCancel => match answer {
                Some(true) => {
                    self.state.booking = Some(b);
                    return self.booking_cancel();
                }
                Some(false) => {
                    self.say(words::KEPT);
                    return self.task_finished();
                }
                None => understood = false,
            },
            Step::CallAnswer => {
                let said = |words: &[&str]| tokens.iter().any(|t| words.contains(&t.as_str()));
                let change = self.digits == "2" || said(&["2", "two", "reschedule", "change", "move"]);
                let confirm = self.digits == "1" || answer == Some(true) || said(&["1", "one", "confirm"]);
                if change {
                    // A change needs to know who is on the phone: the
                    // appointment is looked up again from their record.
                    (b.intent, b.target, b.step) = (Intent::Reschedule, None, Step::Identify);
                    self.state.booking = Some(b);
                    self.start(Task::Booking);
                    return self.fill(true);
                }
                if confirm {
                    self.state.booking = Some(b);
                    return self.booking_confirm_existing();
                }
                understood = false;
            }
            Step::Ride => match answer {
                Some(true) => b.ride = Some(true),
                Some(false) => {
                    b.ride = Some(false);
                    self.state.booking = Some(b);
                    return self.no_ride();
                }
                None => understood = false,
            },
            Step::Waitlist => match answer {
                Some(true) => {
                    self.state.booking = Some(b);
                    return self.booking_join_waitlist();
                }
                Some(false) => {
                    self.appointment();
                    return self.task_finished();
                }
                None => understood = false,
            },
        }
        if matches!(b.step, Step::Kind | Step::Prefs | Step::Choose) && self.note_drugs(&mut b, &tokens) {
            // Named before the hold question: it is answered, and the
            // openings are searched (or checked) from the right day.
            understood = true;
        }
        if understood {
            b.misses = 0;
        } else {
            b.misses += 1;
            if b.misses >= self.config.max_failed_tries {
                // A person takes over (the shared hand-over wording).
                return self.give_up(CallbackReason::Appointment, replies::NOT_UNDERSTOOD_GIVE_UP);
            }
            self.say(replies::NOT_CAUGHT);
            let step = b.step;
            self.state.booking = Some(b);
            return self.booking_ask(step);
        }
        self.state.booking = Some(b);
        self.booking_next();
    }

    /// Hold-table drugs named in `tokens` join the booking's; returns whether
    /// any was new. Naming one answers the hold question.
    fn note_drugs(&self, b: &mut Booking, tokens: &[String]) -> bool {
        let mut new = false;
        for drug in self.drugs_named(b, tokens) {
            if !b.drugs.contains(&drug) {
                b.drugs.push(drug);
                new = true;
            }
        }
        b.meds_asked |= new;
        new
    }

    /// The hold-table drugs named in `tokens` for the chosen type.
    fn drugs_named(&self, b: &Booking, tokens: &[String]) -> Vec<String> {
        let Some(table) = self.hold_table(b) else { return Vec::new() };
        table
            .names
            .iter()
            .filter(|n| crate::procedures::find(tokens, core::slice::from_ref(*n)).is_some())
            .map(|n| n.code.clone())
            .collect()
    }

    fn hold_table(&self, b: &Booking) -> Option<&'a crate::config::booking::HoldTable> {
        let config = self.booking_config()?;
        let (_, kind) = config.kind(b.code.as_deref()?)?;
        config.hold_tables.get(kind.prep.as_ref()?.hold_table?)
    }

    /// Decide what happens next and ask for it.
    fn booking_next(&mut self) {
        if core::mem::take(&mut self.just_identified) {
            self.say(replies::THANK_YOU);
        }
        let (Some(config), Some(patient)) = (self.booking_config(), self.patient_id()) else {
            return self.booking_identified();
        };
        let b = self.booking().clone();
        if b.intent == Intent::FollowUp {
            return self.load_due_type(config, &patient);
        }
        if !matches!(b.intent, Intent::Book | Intent::TakeOffer | Intent::Waitlist) && b.target.is_none() {
            return self.load_target(&patient);
        }
        match b.intent {
            Intent::Cancel => return self.booking_ask(Step::ConfirmCancel),
            Intent::Confirm => return self.booking_confirm_existing(),
            Intent::When => {
                let start = b.target.as_ref().map_or(0, |t| t.start);
                let when = describe(start, self.host.utc_offset_minutes(start));
                self.say(words::next_is(&when));
                let location = b.target.as_ref().map(|t| t.location.clone()).unwrap_or_default();
                self.say_where(&location);
                return self.task_finished();
            }
            Intent::TakeOffer if b.offer.is_none() => return self.load_offer(&patient),
            _ => {}
        }
        let Some(code) = b.code.clone() else { return self.booking_ask(Step::Kind) };
        if b.intent == Intent::Waitlist {
            return self.booking_join_waitlist();
        }
        if b.intent == Intent::Book && !self.authorization_in_place(config, &patient, &code) {
            return;
        }
        if b.chosen.is_none() {
            if b.intent == Intent::Book && !b.prefs_asked && b.prefs.is_empty() {
                return self.booking_ask(Step::Prefs);
            }
            return self.offer_openings();
        }
        if !b.meds_asked && self.hold_table(&b).is_some() {
            return self.booking_ask(Step::Meds);
        }
        if let Some(chosen) = &b.chosen
            && let Some(limit) = self.limit(&b)
            && chosen.start < limit.at
        {
            // Inside the hold (or too soon to fast): never booked.
            return self.reoffer();
        }
        if self.needs_ride(&b) && b.ride != Some(true) {
            return self.booking_ask(Step::Ride);
        }
        if b.intent == Intent::TakeOffer {
            return self.booking_commit();
        }
        self.booking_ask(Step::Confirm)
    }

    /// The earliest this patient's procedure may start: the start of the
    /// local day `days` after today for the longest hold among the drugs
    /// they named, and the lead its fasting rule needs; the later of the two.
    fn limit(&mut self, b: &Booking) -> Option<Limit> {
        let config = self.booking_config()?;
        let (_, kind) = config.kind(b.code.as_deref()?)?;
        let prep = kind.prep.as_ref()?;
        let now = self.now();
        let today = self.local_today();
        let hold = prep::held_longest(config, prep, &b.drugs).map(|(drug, days)| Limit {
            at: self.local_day_start(today + i64::from(days)),
            why: Why::Hold { drug, days },
        });
        let fasting = prep.fasting.as_deref().and_then(prep::fasting_lead).map(|lead| Limit {
            at: match lead {
                prep::FastingLead::Hours(h) => now + i64::from(h) * HOUR_MS,
                prep::FastingLead::Midnight => self.local_day_start(today + 1),
            },
            why: Why::Fasting { next_day: lead == prep::FastingLead::Midnight },
        });
        match (hold, fasting) {
            (Some(h), Some(f)) => Some(if f.at > h.at { f } else { h }),
            (h, f) => h.or(f),
        }
    }

    /// Midnight in the practice's zone at the start of local day `day`.
    fn local_day_start(&mut self, day: i64) -> i64 {
        let guess = day * DAY_MS - i64::from(self.host.utc_offset_minutes(day * DAY_MS)) * 60_000;
        day * DAY_MS - i64::from(self.host.utc_offset_minutes(guess)) * 60_000
    }

    fn needs_ride(&self, b: &Booking) -> bool {
        let config = self.booking_config();
        let kind = b.code.as_deref().and_then(|c| config.and_then(|cfg| cfg.kind(c)));
        kind.and_then(|(_, k)| k.prep.as_ref()).is_some_and(|p| p.ride_required)
    }

    /// The chosen time is inside the hold or too soon to fast: openings
    /// from the right day, saying why (or, when none fit, why not). A
    /// waitlist offer inside it cannot be taken: the patient books from the
    /// openings instead (`offer` is kept only to say so on a staff item).
    fn reoffer(&mut self) {
        let b = self.booking();
        b.ruled_out = b.chosen.take();
        b.offered.clear();
        if b.intent == Intent::TakeOffer {
            b.intent = Intent::Book;
        }
        (b.limit_explained, b.explain) = (false, true);
        self.offer_openings();
    }

    /// Why the openings start when they do, once per booking: the
    /// practice's hold instruction (always followed by "confirm with the
    /// doctor who prescribes it") or its fasting sentence.
    fn explain_limit(&mut self, limit: &Limit) {
        if self.booking().limit_explained {
            return;
        }
        self.booking().limit_explained = true;
        let offset = self.host.utc_offset_minutes(limit.at);
        match &limit.why {
            Why::Hold { .. } => {
                self.say(words::hold_earliest(&describe_day(limit.at, offset)));
                self.say_hold_instructions();
            }
            Why::Fasting { next_day } => {
                let when = if *next_day { describe_day(limit.at, offset) } else { describe(limit.at, offset) };
                self.say(words::fasting_earliest(&when));
                self.say_fasting();
            }
        }
    }

    /// The practice's instruction for each held drug they named.
    fn say_hold_instructions(&mut self) {
        let b = self.booking().clone();
        let Some(table) = self.hold_table(&b) else { return };
        for drug in &b.drugs {
            if let Some((_, hold)) = table.get(drug) {
                self.say(hold.instruction.clone());
            }
        }
        self.say(prep::CONFIRM_WITH_PRESCRIBER);
    }

    fn say_fasting(&mut self) {
        let b = self.booking().clone();
        let config = self.booking_config();
        let fasting =
            b.code.as_deref().and_then(|c| config?.kind(c)).and_then(|(_, k)| k.prep.as_ref()?.fasting.clone());
        if let Some(text) = fasting {
            self.say(text);
        }
    }

    /// Nothing fits after the hold or the fasting lead: the patient hears
    /// why, and the scheduling staff get an item with the drug, its hold,
    /// the earliest day and what was asked. Nothing is booked.
    fn nothing_fits(&mut self, limit: Limit) {
        let weeks = self.booking_config().map_or(1, |c| c.search_days.div_ceil(7));
        let b = self.booking().clone();
        let offset = self.host.utc_offset_minutes(limit.at);
        let name = self.kind_name(&b);
        let mut fields = vec![
            ("appointment-type", b.code.clone().unwrap_or_default()),
            ("appointment-name", name.clone()),
            ("earliest", local_iso(limit.at, offset)),
        ];
        let summary = match &limit.why {
            Why::Hold { drug, days } => {
                let drug_name =
                    self.hold_table(&b).and_then(|t| t.get(drug)).map_or(drug.clone(), |(n, _)| n.name.clone());
                self.say(words::hold_nothing_fits(&describe_day(limit.at, offset), weeks));
                self.say_hold_instructions();
                fields.insert(0, ("reason", "no-opening-after-hold".to_owned()));
                fields.push(("drug", drug_name.clone()));
                fields.push(("hold-days", days.to_string()));
                fields.push(("drugs", self.drug_names(&b).join(", ")));
                format!("Booking needs staff: no opening for a {name} after the {days}-day {drug_name} hold")
            }
            Why::Fasting { next_day } => {
                let when = if *next_day { describe_day(limit.at, offset) } else { describe(limit.at, offset) };
                self.say(words::fasting_nothing_fits(&when, weeks));
                self.say_fasting();
                fields.insert(0, ("reason", "no-opening-after-fasting".to_owned()));
                format!("Booking needs staff: no opening for a {name} that allows the fasting")
            }
        };
        self.say(words::STAFF_WILL_FIND);
        self.say(self.config.staff_callback_hours.clone());
        fields.extend(self.request_fields(&b));
        fields.extend(self.identity_fields());
        fields.extend(self.contact_fields());
        fields.push(("patient-said", self.patient_said()));
        self.items.push(item(QueueKind::Scheduling, Priority::Routine, summary, fields));
        self.audits.push(("booking.nothing-fits", vec![("appointment-type", b.code.unwrap_or_default())]));
        self.state.booking = None;
        self.task_finished();
    }

    /// No adult to drive them home: not booked; scheduling staff follow up.
    fn no_ride(&mut self) {
        let b = self.booking().clone();
        self.say(words::NO_RIDE);
        self.say(words::STAFF_WILL_FIND);
        self.say(self.config.staff_callback_hours.clone());
        let name = self.kind_name(&b);
        let mut fields = vec![
            ("reason", "no-ride".to_owned()),
            ("appointment-type", b.code.clone().unwrap_or_default()),
            ("appointment-name", name.clone()),
        ];
        if !b.drugs.is_empty() {
            fields.push(("drugs", self.drug_names(&b).join(", ")));
        }
        fields.extend(self.request_fields(&b));
        fields.extend(self.identity_fields());
        fields.extend(self.contact_fields());
        let summary = format!("Booking needs staff: no ride home for a {name}");
        self.items.push(item(QueueKind::Scheduling, Priority::Routine, summary, fields));
        self.audits.push(("booking.no-ride", vec![("appointment-type", b.code.unwrap_or_default())]));
        self.state.booking = None;
        self.task_finished();
    }

    /// The held drugs as the practice's table names them.
    fn drug_names(&self, b: &Booking) -> Vec<String> {
        let table = self.hold_table(b);
        b.drugs.iter().map(|d| table.and_then(|t| t.get(d)).map_or(d.clone(), |(n, _)| n.name.clone())).collect()
    }

    /// What the patient asked for, for a staff record: the request, their
    /// preferences, and the time they had chosen.
    fn request_fields(&mut self, b: &Booking) -> Vec<(&'static str, String)> {
        let intent = match b.intent {
            Intent::Reschedule | Intent::Earlier => "reschedule",
            _ if b.offer.is_some() => "take-waitlist-offer",
            _ => "book",
        };
        let mut asked = Vec::new();
        let p = &b.prefs;
        if !p.weekdays.is_empty() {
            const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            let days: Vec<&str> = p.weekdays.iter().filter_map(|d| DAYS.get(usize::from(*d)).copied()).collect();
            asked.push(format!("days {}", days.join(" ")));
        }
        let clock = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        match (p.earliest, p.latest) {
            (Some(a), Some(z)) => asked.push(format!("between {} and {}", clock(a), clock(z))),
            (Some(a), None) => asked.push(format!("after {}", clock(a))),
            (None, Some(z)) => asked.push(format!("before {}", clock(z))),
            (None, None) => {}
        }
        if let Some(day) = p.day {
            asked.push(format!("on {}", local_iso(day * DAY_MS, 0)));
        }
        if let Some(day) = p.from_day {
            asked.push(format!("from {}", local_iso(day * DAY_MS, 0)));
        }
        if let Some(provider) = &p.provider {
            asked.push(format!("with {provider}"));
        }
        let mut fields = vec![
            ("requested", intent.to_owned()),
            ("preferences", if asked.is_empty() { "first available".to_owned() } else { asked.join("; ") }),
        ];
        if let Some(chosen) = b.chosen.as_ref().or(b.ruled_out.as_ref()) {
            fields.push(("time-chosen", self.spoken_opening(chosen)));
        }
        fields
    }

    /// Ask the question for `step` (also to re-ask it).
    fn booking_ask(&mut self, step: Step) {
        let voice = self.voice;
        let config = self.booking_config();
        self.booking().step = step;
        let b = self.booking().clone();
        match step {
            Step::Identify => self.booking_next(),
            Step::Kind => {
                let names: Vec<&str> =
                    config.map(|c| c.names.iter().take(3).map(|n| n.name.as_str()).collect()).unwrap_or_default();
                let examples = match names.as_slice() {
                    [a, b, c, ..] => format!("a {a}, a {b}, or a {c}"),
                    [a, b] => format!("a {a} or a {b}"),
                    [a] => format!("a {a}"),
                    [] => "a follow-up visit".to_owned(),
                };
                self.ask(words::kind_prompt(&examples), Listen::Booking);
            }
            Step::Prefs => self.ask(words::prefs_prompt(voice), Listen::Booking),
            Step::Choose => {
                let list: Vec<String> = b.offered.iter().map(|o| self.spoken_opening(o)).collect();
                self.ask(words::openings(&list, voice), Listen::Choice);
            }
            Step::Meds => {
                let examples = self.hold_table(&b).map(drug_examples).unwrap_or_default();
                self.ask(words::meds_prompt(&examples), Listen::HoldDrugs);
            }
            Step::MedsWhich => self.ask(words::MEDS_WHICH, Listen::HoldDrugs),
            Step::Confirm => {
                let Some(chosen) = &b.chosen else { return self.booking_ask(Step::Prefs) };
                let what = self.said_kind_name(&b);
                let when = self.spoken_opening(chosen);
                self.ask(words::confirm_prompt(&what, &when, voice), Listen::YesNo);
            }
            Step::ConfirmCancel => {
                let start = b.target.as_ref().map_or(0, |t| t.start);
                let when = describe(start, self.host.utc_offset_minutes(start));
                self.ask(words::cancel_prompt(&when, voice), Listen::YesNo);
            }
            Step::Waitlist => {
                let weeks = config.map_or(1, |c| c.search_days.div_ceil(7));
                self.ask(words::waitlist_prompt(weeks, voice), Listen::YesNo);
            }
            Step::Ride => self.ask(words::ride_prompt(voice), Listen::YesNo),
            Step::CallAnswer => {
                let start = b.target.as_ref().map_or(0, |t| t.start);
                let when = describe(start, self.host.utc_offset_minutes(start));
                self.ask(words::call_prompt(&when), Listen::Choice);
            }
        }
    }

    /// The type's name as said to the patient: on a text, a procedure is
    /// "appointment" unless the practice allows naming it (minimum
    /// necessary, as for prior authorizations).
    fn said_kind_name(&self, b: &Booking) -> String {
        let config = self.booking_config();
        let procedure =
            b.code.as_deref().and_then(|c| config.and_then(|cfg| cfg.kind(c))).is_some_and(|(_, k)| k.prep.is_some());
        if procedure && !self.voice && !config.is_some_and(|c| c.name_procedures) {
            "appointment".to_owned()
        } else {
            self.kind_name(b)
        }
    }

    fn kind_name(&self, b: &Booking) -> String {
        let config = self.booking_config();
        b.code
            .as_deref()
            .and_then(|c| config.and_then(|cfg| cfg.kind(c)))
            .map_or_else(|| "appointment".to_owned(), |(n, _)| n.name.clone())
    }

    fn spoken_opening(&mut self, o: &Offered) -> String {
        let when = describe(o.start, self.host.utc_offset_minutes(o.start));
        let with = if o.provider.is_empty() { when } else { format!("{when} with {}", o.provider) };
        match self.place(&o.location) {
            Some(place) => format!("{with} at {}", place.name),
            None => with,
        }
    }

    /// The schedule's name and address for a location id (nothing when the
    /// id is empty or the schedule cannot say).
    fn place(&mut self, location: &str) -> Option<switchboard_sdk::scheduling::Location> {
        if location.is_empty() {
            return None;
        }
        self.host.location(location).ok()
    }

    /// "It is at Riverside Surgery Center, 1250 Riverside Drive, …": where
    /// a booked appointment is, from the schedule.
    fn say_where(&mut self, location: &str) {
        if let Some(place) = self.place(location) {
            self.say(words::where_it_is(&place.name, &place.address));
        }
    }

    /// The patient's next booked appointment, for a change or a question.
    fn load_target(&mut self, patient: &str) {
        let now = self.now();
        let next = match self.host.appointments_for(patient) {
            Ok(list) => list
                .into_iter()
                .filter(|a| a.status == AppointmentStatus::Booked && a.start > now)
                .min_by_key(|a| a.start),
            Err(_) => return self.schedule_down(),
        };
        let b = self.booking();
        match next {
            Some(a) => {
                b.code = Some(a.appointment_type.clone());
                b.target = Some(Target {
                    id: a.id,
                    code: a.appointment_type,
                    start: a.start,
                    provider: a.provider_id,
                    location: a.location_id,
                });
                self.booking_next()
            }
            None if b.intent == Intent::Earlier => {
                // "Anything sooner?" / "the waitlist" with nothing booked:
                // the waitlist for the type they name.
                b.intent = Intent::Waitlist;
                self.booking_next()
            }
            None => {
                // Nothing on our schedule to move, cancel or confirm — but
                // the patient knows of one (booked by phone, in another
                // system, under another name): scheduling staff check and
                // call, with what was asked; never "what would you like to
                // book?" to someone who came to cancel.
                self.state.booking = None;
                self.say(words::NO_UPCOMING_STAFF);
                self.appointment_callback();
                self.task_finished()
            }
        }
    }

    /// "4" to a follow-up text: the type of their latest past appointment
    /// that has a follow-up cadence (what the text was about); without one,
    /// they are asked what to book.
    fn load_due_type(&mut self, config: &BookingConfig, patient: &str) {
        let now = self.now();
        let due = match self.host.appointments_for(patient) {
            Ok(list) => list
                .into_iter()
                .filter(|a| a.start <= now && a.status != AppointmentStatus::Cancelled)
                .filter(|a| config.kind(&a.appointment_type).is_some_and(|(_, k)| k.follow_up_days.is_some()))
                .max_by_key(|a| a.start)
                .map(|a| a.appointment_type),
            Err(_) => return self.schedule_down(),
        };
        let b = self.booking();
        b.intent = Intent::Book;
        if b.code.is_none() {
            b.code = due;
        }
        self.booking_next();
    }

    /// "3" to a waitlist offer: the newest open offer made to them.
    fn load_offer(&mut self, patient: &str) {
        let offers = match self.host.open_offers_for(patient) {
            Ok(offers) => offers,
            Err(_) => return self.schedule_down(),
        };
        let Some((offer, entry)) = offers.into_iter().find_map(|o| {
            let entry = o.recipients.iter().find(|r| r.patient_id == patient)?.waitlist_entry_id.clone();
            Some((o, entry))
        }) else {
            self.say(words::NO_OFFER);
            return self.task_finished();
        };
        let b = self.booking();
        b.code = Some(offer.appointment_type.clone());
        b.chosen = Some(Offered {
            slot: offer.slot_id.clone(),
            start: offer.start,
            provider: String::new(),
            location: String::new(),
        });
        b.offer = Some((offer.id, entry));
        self.booking_next();
    }

    /// Whether the procedure may be booked: authorization not required, or
    /// recorded as approved. Otherwise the patient hears why and the
    /// authorization staff get an item.
    fn authorization_in_place(&mut self, config: &BookingConfig, patient: &str, code: &str) -> bool {
        let required = config.kind(code).and_then(|(_, k)| k.prep.as_ref()).is_some_and(|p| p.prior_auth_required);
        if !required {
            return true;
        }
        let status = self.host.prior_auth_status(patient, code);
        let status_name = match &status {
            Ok(Some(r)) if matches!(r.status, AuthorizationStatus::Approved | AuthorizationStatus::NotRequired) => {
                return true;
            }
            Ok(Some(r)) => format!("{:?}", r.status).to_lowercase(),
            Ok(None) => "none".to_owned(),
            Err(_) => "unavailable".to_owned(),
        };
        let name = self.state.booking.as_ref().map_or_else(String::new, |b| self.kind_name(b));
        let mut fields = vec![
            ("reason", "booking-blocked-by-authorization".to_owned()),
            ("procedure", code.to_owned()),
            ("procedure-name", name),
            ("authorization-status", status_name),
        ];
        fields.extend(self.identity_fields());
        fields.extend(self.contact_fields());
        let summary = "Prior authorization needed before booking".to_owned();
        self.items.push(item(QueueKind::PriorAuth, Priority::Routine, summary, fields));
        self.say(words::AUTH_NEEDED);
        self.say(self.config.staff_callback_hours.clone());
        self.state.booking = None;
        self.task_finished();
        false
    }

    /// Search openings for the booking's type and preferences and offer up
    /// to three; with none matching, the first ones at all; with none at
    /// all, the waitlist.
    fn offer_openings(&mut self) {
        let Some(config) = self.booking_config() else { return };
        let b = self.booking().clone();
        let Some(code) = b.code.clone() else { return self.booking_ask(Step::Kind) };
        let now = self.now();
        let offset = self.host.utc_offset_minutes(now);
        let day_start = |day: i64| day * DAY_MS - i64::from(offset) * 60_000;
        let mut not_before = now;
        let mut not_after = now + i64::from(config.search_days) * DAY_MS;
        if let Some(day) = b.prefs.day {
            (not_before, not_after) = (day_start(day).max(now), day_start(day + 1));
        } else if let Some(day) = b.prefs.from_day {
            not_before = day_start(day).max(now);
        }
        if b.intent == Intent::Earlier
            && let Some(t) = &b.target
        {
            not_after = not_after.min(t.start);
        }
        // Never before the hold (from the start of its day) or the fasting
        // lead: such a time is not offered at all.
        let limit = self.limit(&b).filter(|l| l.at > not_before);
        let unlimited_from = not_before;
        if let Some(l) = &limit {
            not_before = l.at;
        }
        let query = OpeningQuery {
            appointment_type: code,
            provider_id: None,
            location_id: None,
            not_before,
            not_after,
            weekdays: b.prefs.weekdays.clone(),
            earliest_minute: b.prefs.earliest,
            latest_minute: b.prefs.latest,
            max_results: 50,
        };
        let mut found = match self.host.find_openings(&query) {
            Ok(found) => found,
            Err(_) => return self.schedule_down(),
        };
        if let Some(word) = &b.prefs.provider {
            let with: Vec<_> =
                found.iter().filter(|o| o.provider_name.to_lowercase().contains(word.as_str())).cloned().collect();
            if !with.is_empty() || found.is_empty() {
                found = with;
            }
        }
        if found.is_empty()
            && let Some(limit) = limit.clone()
        {
            if !b.prefs.is_empty() {
                self.say(words::NO_MATCH);
                self.booking().prefs = parse::Prefs::default();
                return self.offer_openings();
            }
            // Would there be openings but for the limit? Then it is why.
            let sooner = OpeningQuery { not_before: unlimited_from, max_results: 1, ..query.clone() };
            if self.host.find_openings(&sooner).is_ok_and(|o| !o.is_empty()) {
                return self.nothing_fits(limit);
            }
        }
        if found.is_empty() {
            if b.intent == Intent::Earlier {
                self.say(words::NO_EARLIER);
                return self.booking_join_waitlist();
            }
            if !b.prefs.is_empty() {
                // Nothing then: the first openings at all.
                self.say(words::NO_MATCH);
                self.booking().prefs = parse::Prefs::default();
                return self.offer_openings();
            }
            return self.booking_ask(Step::Waitlist);
        }
        // Why they start when they do: always for a hold; for the fasting
        // lead only when a chosen time was too soon.
        if let Some(l) = &limit
            && (b.explain || matches!(l.why, Why::Hold { .. }))
        {
            self.explain_limit(l);
        }
        self.booking().explain = false;
        let picks = spread(&found, |o| o.start, self.host);
        let offered = picks
            .iter()
            .map(|(i, _)| Offered {
                slot: found[*i].slot_id.clone(),
                start: found[*i].start,
                provider: found[*i].provider_name.clone(),
                location: found[*i].location_id.clone(),
            })
            .collect();
        let b = self.booking();
        b.offered = offered;
        b.prefs_asked = true;
        self.booking_ask(Step::Choose);
    }

    /// Book, move or take the chosen time, and give the prep.
    fn booking_commit(&mut self) {
        let (Some(config), Some(patient)) = (self.booking_config(), self.patient_id()) else { return };
        let b = self.booking().clone();
        let Some(chosen) = b.chosen.clone() else { return self.booking_ask(Step::Prefs) };
        // Checked again at the moment of booking (the fasting lead moves
        // with the clock).
        if let Some(limit) = self.limit(&b)
            && chosen.start < limit.at
        {
            return self.reoffer();
        }
        if self.needs_ride(&b) && b.ride != Some(true) {
            return self.booking_ask(Step::Ride);
        }
        let prep = b.code.as_deref().and_then(|c| config.kind(c)).and_then(|(_, k)| k.prep.as_ref());
        let lines = prep.map(|p| prep::sentences(config, p, &b.drugs, b.unlisted)).unwrap_or_default();
        let instruction = (!lines.is_empty()).then(|| lines.join(" "));
        let review = !b.drugs.is_empty() || b.unlisted;
        let result = match (&b.intent, &b.target, &b.offer) {
            (Intent::TakeOffer, _, Some((offer, entry))) => {
                self.host.accept_offer(offer, entry, review, instruction.as_deref())
            }
            (Intent::Reschedule | Intent::Earlier, Some(target), _) => self.host.reschedule(&target.id, &chosen.slot),
            _ => self.host.book(&BookingRequest {
                slot_id: chosen.slot.clone(),
                patient_id: patient.clone(),
                needs_review: review,
                patient_instruction: instruction,
            }),
        };
        let appointment = match result {
            Ok(a) => a,
            Err(HostError::Conflict(_)) if b.intent == Intent::TakeOffer => {
                self.say(words::OFFER_GONE);
                self.state.booking = None;
                return self.task_finished();
            }
            Err(HostError::Conflict(_) | HostError::NotFound(_)) => {
                self.say(words::TAKEN);
                let b = self.booking();
                (b.chosen, b.offered) = (None, Vec::new());
                return self.offer_openings();
            }
            Err(_) => return self.schedule_down(),
        };
        let when = self.spoken_opening(&Offered { start: appointment.start, ..chosen });
        let moved = b.target.is_some() && b.intent != Intent::TakeOffer;
        if moved {
            self.say(words::moved(&when));
        } else {
            self.say(words::booked(&self.said_kind_name(&b), &when));
        }
        self.say_where(&appointment.location_id);
        let lines_said = lines.clone();
        for line in lines {
            self.say(line);
        }
        if moved && review {
            // A move keeps the booking's review flag; the new answer goes to
            // staff as an item.
            let mut fields =
                vec![("reason", "medications-to-review".to_owned()), ("appointment-id", appointment.id.clone())];
            fields.push(("drugs", b.drugs.join(", ")));
            fields.extend(self.identity_fields());
            let summary = "Review held medications for a moved procedure".to_owned();
            self.items.push(item(QueueKind::Scheduling, Priority::Routine, summary, fields));
        }
        let phone = &self.turn.caller;
        if switchboard_common::phone::is_e164(phone) {
            let reminder = reminders::Reminder {
                appointment: appointment.id.clone(),
                patient: patient.clone(),
                phone: phone.clone(),
                start: appointment.start,
                code: appointment.appointment_type.clone(),
                drugs: b.drugs.clone(),
            };
            if reminders::schedule(self.host, config, &reminder, self.now()) {
                self.say(words::REMINDERS);
            } else {
                self.audits.push(("reminders.not-scheduled", vec![("appointment", appointment.id.clone())]));
            }
        }
        self.state.last_booked = Some(Booked { location: appointment.location_id.clone(), prep: lines_said.clone() });
        let event = if moved { "appointment.moved" } else { "appointment.booked" };
        self.audits.push((event, vec![("appointment", appointment.id.clone()), ("needs-review", review.to_string())]));
        if moved && let Some(t) = &b.target {
            // The old time is free again: offer it to the waitlist.
            let freed = Appointment {
                start: t.start,
                provider_id: t.provider.clone(),
                location_id: t.location.clone(),
                appointment_type: t.code.clone(),
                ..appointment.clone()
            };
            reminders::offer_freed(self.host, self.config, &freed);
        }
        self.state.booking = None;
        self.task_finished();
    }

    fn booking_cancel(&mut self) {
        let Some(patient) = self.patient_id() else { return };
        let Some(target) = self.booking().target.clone() else { return };
        let appointment = self.host.appointment(&target.id).ok().filter(|a| a.patient_id == patient);
        let reason = if self.voice { "patient request by phone" } else { "patient request by text" };
        if self.host.cancel(&target.id, reason).is_err() {
            return self.schedule_down();
        }
        let when = describe(target.start, self.host.utc_offset_minutes(target.start));
        self.say(words::cancelled(&when));
        self.audits.push(("appointment.cancelled", vec![("appointment", target.id.clone())]));
        if let Some(a) = appointment {
            reminders::cancel(self.host, &a);
            reminders::offer_freed(self.host, self.config, &a);
        }
        self.state.booking = None;
        self.task_finished();
    }

    fn booking_confirm_existing(&mut self) {
        let Some(target) = self.booking().target.clone() else { return };
        let on_call = self.booking().step == Step::CallAnswer;
        let when = describe(target.start, self.host.utc_offset_minutes(target.start));
        self.say(words::confirmed(&when));
        self.say_where(&target.location);
        reminders::confirmed(self.host, &target.id);
        self.audits.push(("appointment.confirmed", vec![("appointment", target.id)]));
        self.state.booking = None;
        if on_call {
            // We called them: confirmed, goodbye.
            self.state.stage = Stage::Menu;
            self.task_done = true;
            self.finish_politely();
        } else {
            self.task_finished();
        }
    }

    fn booking_join_waitlist(&mut self) {
        let (Some(patient), Some(code)) = (self.patient_id(), self.booking().code.clone()) else { return };
        if self.host.join_waitlist(&patient, &code).is_err() {
            return self.schedule_down();
        }
        self.say(words::WAITLISTED);
        self.audits.push(("waitlist.joined", vec![("appointment-type", code)]));
        self.state.booking = None;
        self.task_finished();
    }

    fn schedule_down(&mut self) {
        self.callback(CallbackReason::Appointment);
        self.say(words::SCHEDULE_DOWN);
        self.say(self.config.staff_callback_hours.clone());
        self.state.booking = None;
        self.task_finished();
    }

    /// Re-ask the current booking question (no input, a reprompt).
    pub(super) fn booking_reprompt(&mut self) {
        let step = self.state.booking.as_ref().map_or(Step::Kind, |b| b.step);
        self.booking_ask(step)
    }
}

impl Booking {
    /// Whether the booking's question is about the patient's medications
    /// (naming one answers it; it asks for no refill).
    pub(super) fn asks_about_medications(&self) -> bool {
        matches!(self.step, Step::Meds | Step::MedsWhich)
    }

    fn new(intent: Intent) -> Self {
        Booking {
            intent,
            step: Step::Identify,
            code: None,
            prefs: parse::Prefs::default(),
            prefs_asked: false,
            offered: Vec::new(),
            chosen: None,
            target: None,
            offer: None,
            drugs: Vec::new(),
            unlisted: false,
            meds_asked: false,
            ride: None,
            limit_explained: false,
            explain: false,
            ruled_out: None,
            misses: 0,
        }
    }
}

/// Drugs to name in the question, as patients know them: the table's first
/// four (blood thinners, as practices list them) and last two (NSAIDs),
/// each with its first other name ("apixaban (Eliquis)").
fn drug_examples(table: &crate::config::booking::HoldTable) -> String {
    let n = table.names.len();
    let mut picked: Vec<usize> = (0..n.min(4)).chain(n.saturating_sub(2)..n).collect();
    picked.dedup();
    let described: Vec<String> = picked
        .into_iter()
        .map(|i| {
            let drug = &table.names[i];
            match drug.names().nth(1) {
                Some(alias) => {
                    let mut chars = alias.chars();
                    let alias: String =
                        chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
                    format!("{} ({alias})", drug.name)
                }
                None => drug.name.clone(),
            }
        })
        .collect();
    match described.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => described.join(""),
    }
}

/// The conversation state an answered confirmation call resumes: waiting
/// for 1 (confirm) or 2 (reschedule) about the reminder's appointment.
pub(crate) fn call_state(r: &reminders::Reminder) -> Vec<u8> {
    let mut booking = Booking::new(Intent::Confirm);
    booking.step = Step::CallAnswer;
    booking.code = Some(r.code.clone());
    booking.target = Some(Target {
        id: r.appointment.clone(),
        code: r.code.clone(),
        start: r.start,
        provider: String::new(),
        location: String::new(),
    });
    super::State { stage: Stage::Booking, booking: Some(booking), ..super::State::default() }.encode()
}

/// A timer fired (the component's `on-task`).
pub fn on_task(
    config: &crate::config::PreparedConfig,
    kind: &str,
    payload: &[u8],
    now: i64,
    host: &mut impl Host,
) -> Result<(), String> {
    reminders::on_task(config, kind, payload, now, host)
}
