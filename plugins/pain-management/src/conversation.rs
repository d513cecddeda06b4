//! The pain-management conversation: one turn in, replies and queue items
//! out, state carried between turns by the host.
//!
//! Pure logic: it talks to the world only through [`Host`], so it runs the
//! same natively (tests, the host's baseline benchmark) and in the
//! component. A turn is handled in two phases:
//!
//! 1. **Decide** (`TurnCtx::run`): recognise the message
//!    ([`crate::recognise`]), pick what to do, and collect the reply
//!    sentences, queue items, emergency reports and audit events. Only
//!    reads reach the host here (patient lookup, prior-authorization
//!    status).
//! 2. **Commit** (`TurnCtx::commit`): pass every sentence through the
//!    outbound guard (a blocked one is replaced by the safe reply, audited,
//!    and a callback queued so the safe reply's promise to pass the message
//!    on is true); then report emergencies and enqueue items — so a record
//!    exists before the patient hears the reply that mentions it, and a
//!    failed enqueue fails the turn (the host then answers with its safe
//!    fallback) rather than acknowledging something not recorded — then
//!    audit, then speak or text.
//!
//! Precedence within a message: an emergency beats everything and comes
//! before the greeting; then urgent symptoms; then a request for a person;
//! then policy answers, medication questions (the fixed safe reply and a
//! clinician callback) and appointment requests, which can all accompany a
//! refill or prior-authorization request in the same message. Appointment
//! requests (and a bare "1" to "4" answering one of our texts) start the
//! booking flow ([`booking`]) when the practice configured `[booking]`; once
//! in it, each message goes to the booking (after red flags, urgent
//! symptoms and requests for a person).

mod after_hours;
mod booking;
mod desk;
mod escalate;
mod extract;
mod follow_up;
mod forms;
mod identify;
mod intents;
mod output;
mod prior_auth;
mod red_flags;
mod referral;
mod refill;
pub(crate) mod replies;
mod spanish;
mod topics;

use serde::{Deserialize, Serialize};
use switchboard_common::form::Form;
use switchboard_common::guard;
use switchboard_common::normalize::Utterance;
use switchboard_common::parse::{Date, TimeOfDay};
use switchboard_sdk::escalation::{EmergencyKind, QueueItem};
use switchboard_sdk::{Channel, Turn};

use crate::config::escalation::{Criterion, Level};
use crate::config::{Policy, PreparedConfig};
use crate::host::Host;
use crate::medications;
use crate::recognise::{self, Label, Labels};
use intents::{AUX, Aux};

/// Where the conversation is; kept by the host between turns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    stage: Stage,
    /// What the form is collecting for.
    task: Option<Task>,
    form: Form<Slot>,
    identity: Identity,
    /// Directory lookups made, bounded so a caller cannot try name after
    /// name.
    lookups: u8,
    /// They said the caller's number is not the one to use.
    callback_rejected: bool,
    /// When they asked to be called ("after 5", "mornings"), as
    /// `HH:MM` or `HH:MM-HH:MM`, for every record.
    callback_time: Option<String>,
    /// Flags for the refill record, from any turn of the conversation.
    early_refill: bool,
    lost_prescription: bool,
    /// The prior-authorization status has been given (the recorded status,
    /// or "none").
    auth_status: Option<String>,
    /// Consecutive voice turns with no input.
    no_input: u8,
    /// Consecutive turns we could not understand (outside a form).
    misunderstood: u8,
    /// Callback reasons already queued, so a reason is queued once.
    callbacks: Vec<CallbackReason>,
    /// Red-flag criteria already escalated (recorded once each).
    flagged: Vec<Criterion>,
    /// A booking, change or cancellation in progress.
    booking: Option<booking::Booking>,
    /// When the idle timer for the refill request in progress is due (set
    /// while one is scheduled; see `refill`).
    refill_idle_due: Option<i64>,
    /// That timer was due before a later turn came: it may have filed this
    /// request already, and what is filed next says so.
    refill_repeat: bool,
    /// A flow set aside for another request, to go back to (`topics`).
    parked: Option<topics::Parked>,
    /// They asked about becoming a patient ("what do I bring?" then means
    /// to the first visit).
    new_patient: bool,
    /// The name and date of birth given, kept after the request that
    /// asked for them, so a second request does not ask again.
    given_identity: Option<(String, String)>,
    /// A refill was just offered after an early-refill or lost-medication
    /// answer ("reply REFILL"), with the medication that message named
    /// (empty when none): a "yes" or a name next takes it up.
    refill_offer: Option<String>,
    /// A name or a date of birth given before any request asked for it
    /// ("Linh Nguyen" after a policy answer), for the request that follows.
    volunteered: (Option<String>, Option<String>),
    /// The message that asked for the appointment in progress ("I need to
    /// cancel tomorrow's"), for the scheduling item staff read later.
    appointment_asked: Option<String>,
    /// The drug-screen policy was given: "can I just book it?" then means
    /// the screen.
    screen_discussed: bool,
    /// The front-desk request just handed to staff, and how many messages
    /// of details have been added to it since (`desk.rs`).
    desk_open: Option<(CallbackReason, u8)>,
    /// They asked whether a plan is accepted: "what about WellCare?" next
    /// is another plan question.
    plans_discussed: bool,
    /// The refill request filed in this conversation, for a question or a
    /// change about it next (`follow_up.rs`).
    filed_refill: Option<follow_up::FiledRefill>,
    /// The appointment booked or moved in this conversation, for "do I have
    /// to fast?" or "which building?" next (`booking/asked_after.rs`).
    last_booked: Option<booking::Booked>,
}

impl State {
    /// The bytes handed to the host as `turn-outcome.state`.
    pub fn encode(&self) -> Vec<u8> {
        // Encoding plain enums, strings and vectors into a Vec cannot fail.
        postcard::to_allocvec(self).unwrap_or_default()
    }

    /// Read back what [`encode`](Self::encode) produced.
    pub fn decode(bytes: &[u8]) -> Result<Self, String> {
        postcard::from_bytes(bytes).map_err(|e| format!("conversation state unreadable: {e}"))
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
enum Stage {
    /// Nothing said yet.
    #[default]
    New,
    /// Greeted; waiting to hear what they want.
    Menu,
    /// Filling the form for `State::task`.
    Form,
    /// A request is done (voice); asked whether there is anything else.
    AnythingElse,
    /// Booking, moving or cancelling an appointment (after identification).
    Booking,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Task {
    Refill,
    PriorAuth,
    /// Identification before a booking; `State::booking` holds the rest.
    Booking,
    /// A new patient's referral details.
    Referral,
}

/// The answers a form collects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Slot {
    Name,
    DateOfBirth,
    /// The medication as said (normalized); looked up again on submit.
    Medication,
    Pharmacy,
    /// The callback number (E.164).
    Callback,
    /// A procedure code from the practice's catalogue, or what was said.
    Procedure,
    /// "yes" or "no": whether authorization staff should call.
    StaffOffer,
    /// Who referred a new patient, as said.
    ReferredBy,
    /// What the referral is for, as said.
    ReferralReason,
    /// The new patient's insurance, as said.
    Insurance,
}

impl Task {
    /// The slots, in the order they are asked: identity first.
    fn order(self) -> &'static [Slot] {
        match self {
            Task::Refill => &[Slot::Name, Slot::DateOfBirth, Slot::Medication, Slot::Pharmacy, Slot::Callback],
            Task::PriorAuth => &[Slot::Name, Slot::DateOfBirth, Slot::Procedure, Slot::StaffOffer],
            Task::Booking => &[Slot::Name, Slot::DateOfBirth],
            Task::Referral => &[Slot::Name, Slot::DateOfBirth, Slot::ReferredBy, Slot::ReferralReason, Slot::Insurance],
        }
    }
}

/// What the directory said about the name and date of birth given.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
enum Identity {
    #[default]
    Unchecked,
    Matched {
        id: String,
        phone_matches: bool,
    },
    /// No unambiguous match (or the lookup failed): helped all the same,
    /// and never told.
    Unmatched,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum CallbackReason {
    PersonRequest,
    MedicationQuestion,
    Symptom,
    PolicyQuestion,
    Appointment,
    NoInput,
    NotUnderstood,
    GuardBlock,
    InsuranceQuestion,
    InsuranceUpdate,
    InjuryClaim,
    Records,
    /// A bill, a charge or a fee for the billing staff.
    Billing,
    /// What this service cannot yet say in Spanish, for Spanish-speaking
    /// staff.
    SpanishStaff,
}

/// The result of a turn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub state: State,
    /// The conversation is over (the next message starts a new one).
    pub finished: bool,
}

/// Handle one turn.
pub fn handle(config: &PreparedConfig, turn: &Turn, state: State, host: &mut impl Host) -> Result<Outcome, String> {
    let mut ctx = TurnCtx::new(config, turn, state, host);
    ctx.refill_turn_start();
    ctx.run();
    // A refill request the conversation leaves unfinished is filed; one
    // still waiting keeps its idle timer.
    ctx.refill_turn_end();
    ctx.commit()
}

/// A timer fired (the component's `on-task`): a refill request left
/// waiting, or a booking reminder, follow-up or confirmation call.
pub fn on_task(
    config: &PreparedConfig,
    kind: &str,
    payload: &[u8],
    now: i64,
    host: &mut impl Host,
) -> Result<(), String> {
    if kind == refill::IDLE_TASK {
        return refill::on_idle(config, payload, host);
    }
    booking::on_task(config, kind, payload, now, host)
}

/// How a turn ends.
#[derive(Debug, Clone, PartialEq, Eq)]
enum End {
    /// Waiting for the patient.
    Open,
    /// Conversation over (texts).
    Finish,
    HangUp,
    Transfer(String),
    /// A warm transfer to the on-call about this turn's urgent item.
    OnCall,
}

/// What the next voice prompt listens for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listen {
    Menu,
    Name,
    DateOfBirth,
    Medication,
    Pharmacy,
    YesNo,
    Number,
    Procedure,
    AnythingElse,
    /// What to book, or when.
    Booking,
    /// Which of the offered openings.
    Choice,
    /// Blood thinners and NSAIDs in the practice's hold table.
    HoldDrugs,
}

/// The earliest date the clock may say it is. A host clock at zero (a
/// test, a bug) would make every date of birth look like the future.
const CLOCK_FLOOR: Date = Date { year: 2025, month: 1, day: 1 };

struct TurnCtx<'a, H: Host> {
    config: &'a PreparedConfig,
    turn: &'a Turn,
    host: &'a mut H,
    voice: bool,
    state: State,
    utterance: Utterance,
    digits: &'a str,
    labels: Labels,
    /// The small answers ("this number", "that's all"), found on first use.
    aux: core::cell::OnceCell<Vec<Aux>>,
    /// The medication this message names, looked up once.
    named: Option<medications::Found>,
    today: Date,
    lines: Vec<String>,
    prompt: Option<(String, Listen)>,
    end: End,
    items: Vec<QueueItem>,
    /// Indexes into `items` of urgent items that page the on-call.
    paged_items: Vec<usize>,
    /// The item a warm transfer to the on-call is about (set at commit).
    transfer_item: Option<String>,
    /// The message's red-flag criteria, with the label behind each.
    criteria: Vec<(Criterion, Label)>,
    /// Office hours, asked of the host at most once per turn.
    hours: Option<crate::host::OfficeHours>,
    reports: Vec<(EmergencyKind, Vec<(&'static str, String)>)>,
    audits: Vec<(&'static str, Vec<(&'static str, String)>)>,
    guard_blocked: bool,
    /// The form's task finished this turn (its answers are cleared at the
    /// end of the turn, after any callback has copied them).
    task_done: bool,
    /// Name and date of birth were just checked: the next prompt starts
    /// with the (neutral) thank-you.
    just_identified: bool,
    /// This turn put the refill request on the queue (complete or not).
    refill_filed: bool,
    /// A request was finished this turn (`task_finished`): a flow set
    /// aside can be taken up again.
    finished_request: bool,
    /// The host holds this conversation in Spanish (`spanish.rs`).
    spanish: bool,
}

impl<'a, H: Host> TurnCtx<'a, H> {
    fn new(config: &'a PreparedConfig, turn: &'a Turn, state: State, host: &'a mut H) -> Self {
        let extras = &config.extra_controlled;
        let voice = matches!(turn.channel, Channel::Voice);
        let text = turn.text.as_deref().unwrap_or("");
        let utterance = recognise::utterance(text, extras);
        let named = medications::find(utterance.tokens(), extras);
        let labels = recognise::understand(&mut *host, text, &utterance, voice, named.is_some());
        let criteria = red_flags::criteria(labels, utterance.tokens());
        let spanish = host.language() == "es";
        TurnCtx {
            config,
            turn,
            host,
            voice,
            state,
            utterance,
            digits: turn.digits.as_deref().unwrap_or("").trim(),
            labels,
            aux: core::cell::OnceCell::new(),
            named,
            today: Date::from_unix_ms(turn.received_at).max(CLOCK_FLOOR),
            lines: Vec::new(),
            prompt: None,
            end: End::Open,
            items: Vec::new(),
            paged_items: Vec::new(),
            transfer_item: None,
            criteria,
            hours: None,
            reports: Vec::new(),
            audits: Vec::new(),
            guard_blocked: false,
            task_done: false,
            just_identified: false,
            refill_filed: false,
            finished_request: false,
            spanish,
        }
    }

    fn tokens(&self) -> &[String] {
        self.utterance.tokens()
    }

    fn text(&self) -> &'a str {
        self.turn.text.as_deref().unwrap_or("")
    }

    /// No label claimed the message: what the thread's last request, or
    /// the conversation around it, may explain.
    fn unclaimed(&self) -> bool {
        self.labels.iter().all(|l| l == Label::Other)
    }

    fn has(&self, label: Label) -> bool {
        self.labels.has(label)
    }

    fn aux(&self, aux: Aux) -> bool {
        self.aux.get_or_init(|| AUX.find(self.utterance.tokens())).contains(&aux)
    }

    fn run(&mut self) {
        self.serve();
        self.resume_set_aside();
        self.one_callback_promise();
        self.say_in_spanish();
    }

    fn serve(&mut self) {
        let first = self.turn.first_turn || self.state.stage == Stage::New;
        // Emergencies first, even before an opt-out ("stop texting me, I'm
        // going to end it"), the greeting and mid-form; the practice's config
        // decides which red flags are emergencies.
        if self.red_flag_level() == Some(Level::Emergency) {
            if self.state.stage == Stage::New {
                // Answered: the next message is not a first one.
                self.state.stage = Stage::Menu;
            }
            return self.emergency();
        }
        if self.crisis_means() {
            // Never a refill form for someone in crisis who speaks of pills:
            // the way to help again, and the means put out of reach (what
            // crisis lines ask first).
            if let Some(reminder) = self.emergency_reminder() {
                self.say(reminder);
            }
            let spanish = self.language() == recognise::Language::Spanish;
            self.say(if spanish { replies::MEANS_AWAY_ES } else { replies::MEANS_AWAY });
            self.callback(CallbackReason::Symptom);
            return;
        }
        if self.has(Label::OptOut) {
            // Carriers confirm opt-outs themselves; a turn with no reply is
            // a fault to the host, so confirm in one line and stop.
            self.say(replies::OPT_OUT);
            self.end = End::Finish;
            return;
        }
        if first {
            self.say(self.config.greeting.clone());
            if self.state.stage == Stage::New {
                self.state.stage = Stage::Menu;
            }
        }
        if self.chooses_language() {
            // "ESPAÑOL", or 2 on a call's first menu: the same question
            // again, now in the language chosen (the host switched it),
            // without reading the choice as an answer to it.
            return match self.state.stage {
                Stage::Form => self.ask_next_slot(),
                _ => self.reprompt(),
            };
        }
        if self.utterance.is_empty() && self.digits.is_empty() {
            return if first {
                self.reprompt()
            } else if self.voice {
                self.no_input()
            } else if !self.text().trim().is_empty() && self.state.stage != Stage::Form {
                // An emoji alone ("👍") after an answer is a nod.
                self.state.misunderstood = 0;
                self.say(replies::ALL_RIGHT);
                self.anything_else();
            } else {
                self.not_understood()
            };
        }
        self.state.no_input = 0;
        self.note_callback_time();
        self.note_introduction();
        // The offer stands for the next message only.
        let offer = self.state.refill_offer.take();

        let mut handled = false;
        if self.red_flag_level() == Some(Level::Urgent) {
            self.urgent();
            handled = true;
            if self.end == End::OnCall {
                // The caller goes to the on-call clinician now; whatever
                // else they asked waits for the clinician or a callback.
                return;
            }
        }
        if self.has(Label::Person) || self.digits == "0" {
            if self.refill_pending() {
                self.file_incomplete_refill(refill::Ending::PersonRequest, true);
            }
            return self.person();
        }
        if self.refill_pharmacy_change() {
            return;
        }
        // A request for another flow sets the current one aside; a
        // question beside a booking is answered and the booking goes on.
        let mut beside_booking = false;
        if let Some(task) = self.new_flow() {
            self.set_aside_for(task);
        } else if self.state.stage == Stage::Booking {
            if !self.asks_beside_booking() {
                return self.booking_turn();
            }
            beside_booking = true;
        }
        // A bare "1" to "4" answering one of our texts (confirm,
        // reschedule, take an offer, book); texts only, as keypad digits
        // on a call are the menu.
        let reply = (!self.voice && self.state.stage != Stage::Form && self.config.booking.is_some())
            .then(|| booking::outreach_reply(self.text()))
            .flatten();
        for (label, policy) in POLICIES {
            if self.has(label) {
                if label == Label::PolicyLocation {
                    self.say_where_booked();
                }
                self.policy(policy);
                handled = true;
            }
        }
        let question = self.has(Label::MedicationQuestion);
        if question {
            self.say(guard::SAFE_REPLY);
            if self.aux(Aux::Symptom) && !self.aux(Aux::Resolved) {
                // "Confused and dizzy since they upped her gabapentin": the
                // question goes to a clinician (an urgent item), and the
                // patient hears when not to wait for the call.
                self.say(replies::WORSE_CALL_911);
            }
            handled = true;
        }
        if let Some(intent) = reply {
            self.booking_request(intent);
            handled = true;
        } else if self.has(Label::Appointment) && self.state.stage != Stage::Form {
            self.booking_request(booking::intent(self.tokens()));
            if self.has(Label::Refill) && self.state.parked.is_none() {
                // A refill and an appointment in one message: the refill
                // first (it is never set aside), the appointment after it.
                self.set_aside_for(Task::Refill);
            }
            handled = true;
        } else if self.has(Label::Appointment) && self.config.booking.is_some() && self.leaves_refill() {
            // Mid-refill, a booking takes over: what the refill has is filed.
            let intent = booking::intent(self.tokens());
            self.leave_refill_for(|ctx| ctx.booking_request(intent));
            handled = true;
        } else if self.has(Label::Appointment) {
            // Mid-refill: staff follow up on the appointment.
            self.appointment();
            handled = true;
        }
        // Insurance, a new card, an injury claim, records or forms: an
        // answer or an item, never the menu again.
        if !handled
            && !matches!(self.state.stage, Stage::Form | Stage::Booking)
            && let Some(desk) = self.desk_request()
        {
            self.desk(desk);
            handled = true;
        }
        if self.has(Label::Other) && self.aux(Aux::Symptom) && !self.aux(Aux::Resolved) {
            // Not a red flag, but a clinician should hear about it.
            self.say(replies::SYMPTOM_CALLBACK);
            self.callback(CallbackReason::Symptom);
            handled = true;
        }
        if self.state.stage != Stage::Form {
            let keyed_refill = self.digits == "1" && matches!(self.state.stage, Stage::Menu | Stage::AnythingElse);
            if self.has(Label::Refill) || keyed_refill {
                self.start(Task::Refill);
            } else if self.has(Label::PriorAuth) {
                self.start(Task::PriorAuth);
            }
        } else if self.has(Label::PriorAuth) && self.leaves_refill() {
            self.leave_refill_for(|ctx| ctx.start(Task::PriorAuth));
        }
        if self.has(Label::PolicyNewPatient) {
            let first_time = !self.state.new_patient;
            self.state.new_patient = true;
            if first_time && self.state.stage != Stage::Form && self.state.stage != Stage::Booking {
                // The referral is taken, not only explained.
                self.say(referral::LEAD_IN);
                self.start(Task::Referral);
            }
        } else if self.asks_what_to_bring() {
            self.policy(Policy::NewPatientReferral);
            handled = true;
        }
        if self.state.stage != Stage::Form && (self.has(Label::PolicyEarlyRefill) || self.has(Label::PolicyLostStolen))
        {
            // The refill itself is one word away; the record will carry
            // the early or lost flag.
            self.say(replies::refill_offer(self.voice));
            self.state.refill_offer = Some(self.named.as_ref().map(|m| m.as_said.clone()).unwrap_or_default());
        }
        if beside_booking {
            // Only the question beside it was answered: the booking's own
            // question again.
            self.booking_reprompt();
        } else if self.state.stage == Stage::Form {
            self.fill(handled);
        } else if self.state.stage == Stage::Booking {
            // The booking asked its question.
        } else if handled {
            self.state.misunderstood = 0;
            self.anything_else();
        } else if self.takes_up_refill_offer(offer)
            || self.refill_status_follow_up()
            || self.booked_follow_up()
            || self.on_call_question()
            || self.desk_details()
            || self.volunteered_identity()
        {
            self.state.misunderstood = 0;
        } else {
            self.menu_answer(first);
        }
        if question {
            // After this message's answers were taken, so the clinician
            // sees what the question is about.
            self.callback(CallbackReason::MedicationQuestion);
        }
    }

    /// A message that only picks the conversation's language.
    fn chooses_language(&self) -> bool {
        let words = ["espanol", "spanish", "castellano", "english", "ingles"];
        let filler = [
            "en", "in", "por", "favor", "please", "no", "hablo", "speak", "i", "dont", "habla", "hola", "buenos",
            "buenas", "dias", "tardes", "noches", "hi", "hello", "solo", "yo",
        ];
        let tokens = self.tokens();
        let keyed = self.voice && self.digits == "2" && self.state.stage == Stage::Menu && self.spanish;
        keyed
            || (!tokens.is_empty()
                && tokens.len() <= 5
                && tokens.iter().any(|t| words.contains(&recognise::spanish::fold(t).as_str()))
                && tokens
                    .iter()
                    .all(|t| words.contains(&recognise::spanish::fold(t).as_str()) || filler.contains(&t.as_str())))
    }

    /// Mid-refill, a message about something else that answers nothing the
    /// refill asks (no medication, no pharmacy, no refill words): "actually,
    /// can I book an appointment?", not "my refill is for my appointment".
    fn leaves_refill(&self) -> bool {
        self.state.stage == Stage::Form
            && self.state.task == Some(Task::Refill)
            && !self.has(Label::Refill)
            && self.named.is_none()
            && extract::pharmacy(self.tokens()).is_none()
    }

    /// Outside a form, a message no label claimed: a goodbye, an answer to
    /// "anything else?", a greeting, or something we cannot help with.
    fn menu_answer(&mut self, first: bool) {
        let closing = self.aux(Aux::Done) || (self.has(Label::Greeting) && is_closing(self.tokens()));
        let answer = switchboard_common::parse::yes_no(self.text(), Some(self.digits));
        if closing || (self.state.stage == Stage::AnythingElse && answer == Some(false)) {
            self.say(replies::goodbye(self.voice));
            self.end = if self.voice { End::HangUp } else { End::Finish };
        } else if self.state.stage == Stage::AnythingElse && answer == Some(true) {
            self.state.stage = Stage::Menu;
            self.ask(replies::WHAT_ELSE, Listen::Menu);
        } else if !first && is_acknowledgement(self.tokens()) && self.emergency_reminder().is_none() {
            // "ok", "got it", "está bien" after an answer: nothing to
            // misunderstand (after an emergency, where to get help again).
            self.state.misunderstood = 0;
            self.say(replies::ALL_RIGHT);
            self.anything_else();
        } else if first || self.has(Label::Greeting) || self.aux(Aux::Help) || opens_with_greeting(self.tokens()) {
            // "hello is this the pain doctor?": a greeting, however it goes on.
            self.state.misunderstood = 0;
            self.reprompt();
        } else if !first && (about_the_number(self.tokens()) || who_is_calling(self.tokens())) {
            // "yes my number is fine", "I'm his daughter Karen": said to be
            // helpful, not a request; the conversation goes on.
            self.state.misunderstood = 0;
            self.say(if who_is_calling(self.tokens()) { replies::NOTED_WHO } else { replies::NOTED_NUMBER });
            match self.state.stage {
                Stage::AnythingElse => self.ask(replies::ANYTHING_ELSE, Listen::AnythingElse),
                _ => self.ask(replies::WHAT_TODAY, Listen::Menu),
            }
        } else {
            self.not_understood();
        }
    }

    /// "Call me after 5": kept for the records (the time parser reads typed
    /// and spoken times), only when the message is about being called.
    fn note_callback_time(&mut self) {
        let about_calls =
            self.tokens().iter().any(|t| matches!(t.as_str(), "call" | "reach" | "available" | "reached"));
        if !about_calls {
            return;
        }
        let minutes = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        self.state.callback_time = match switchboard_common::parse::time_of_day(self.text()) {
            Some(TimeOfDay::At(m)) => Some(minutes(m)),
            Some(TimeOfDay::Between(a, b)) => Some(format!("{}-{}", minutes(a), minutes(b))),
            None => return,
        };
    }

    /// Ask "anything else?" after a request (voice); texts just stay open.
    fn anything_else(&mut self) {
        self.state.stage = if self.voice { Stage::AnythingElse } else { Stage::Menu };
        if self.voice {
            self.ask(replies::ANYTHING_ELSE, Listen::AnythingElse);
        }
    }

    /// Ask again whatever the current stage asks.
    fn reprompt(&mut self) {
        match self.state.stage {
            Stage::New | Stage::Menu => self.ask(replies::menu(self.voice), Listen::Menu),
            Stage::Form => self.fill(true),
            Stage::Booking => self.booking_reprompt(),
            Stage::AnythingElse => self.ask(replies::ANYTHING_ELSE, Listen::AnythingElse),
        }
    }

    /// A policy question: the practice's text, word for word; without one,
    /// staff call back.
    fn policy(&mut self, policy: Policy) {
        match policy {
            Policy::EarlyRefill => self.state.early_refill = true,
            Policy::LostStolen => self.state.lost_prescription = true,
            Policy::UrineDrugScreen => self.state.screen_discussed = true,
            _ => {}
        }
        match self.config.policies.text(policy) {
            Some(text) => self.say(text.to_owned()),
            None => {
                self.callback(CallbackReason::PolicyQuestion);
                self.say(replies::POLICY_CALLBACK);
            }
        }
    }

    /// Add a sentence (guarded at commit).
    fn say(&mut self, text: impl Into<String>) {
        let text = text.into();
        // The safe reply once per turn, however many reasons led to it.
        if text != guard::SAFE_REPLY || !self.lines.contains(&text) {
            self.lines.push(text);
        }
    }

    /// Set the prompt that ends the turn (guarded at commit).
    fn ask(&mut self, text: impl Into<String>, listen: Listen) {
        self.prompt = Some((text.into(), listen));
    }
}

/// Policy labels and the config key that answers each.
const POLICIES: [(Label, Policy); 8] = [
    (Label::PolicyEarlyRefill, Policy::EarlyRefill),
    (Label::PolicyLostStolen, Policy::LostStolen),
    (Label::PolicyUrineDrugScreen, Policy::UrineDrugScreen),
    (Label::PolicyOpioidAgreement, Policy::OpioidAgreement),
    (Label::PolicyMissedAppointment, Policy::MissedAppointment),
    (Label::PolicyHours, Policy::OfficeHours),
    (Label::PolicyLocation, Policy::Location),
    (Label::PolicyNewPatient, Policy::NewPatientReferral),
];

/// A bare acknowledgement ("ok", "got it", "sounds good", "está bien").
/// "hello, is this …", "hola buenos días …".
fn opens_with_greeting(tokens: &[String]) -> bool {
    const GREETINGS: &[&str] = &["hi", "hello", "hey", "hola", "buenos", "buenas", "good"];
    const SECOND: &[&str] = &["morning", "afternoon", "evening", "there", "dias", "tardes", "noches", "is", "this"];
    match tokens {
        [first, second, ..] => {
            let (a, b) = (recognise::spanish::fold(first), recognise::spanish::fold(second));
            GREETINGS.contains(&a.as_str()) && (a != "good" || SECOND.contains(&b.as_str()))
        }
        [only] => GREETINGS.contains(&recognise::spanish::fold(only).as_str()),
        [] => false,
    }
}

/// "yes this number is my house phone", "este número está bien".
fn about_the_number(tokens: &[String]) -> bool {
    const NUMBER: &[&str] = &["number", "numero", "cell", "celular", "phone", "telefono"];
    const FINE: &[&str] =
        &["fine", "good", "ok", "okay", "best", "works", "right", "bien", "sirve", "mejor", "is", "es", "my", "mi"];
    tokens.len() <= 14
        && tokens.iter().any(|t| NUMBER.contains(&recognise::spanish::fold(t).as_str()))
        && tokens.iter().any(|t| FINE.contains(&recognise::spanish::fold(t).as_str()))
        && !tokens.iter().any(|t| t.bytes().all(|b| b.is_ascii_digit()) && t.len() >= 3)
}

/// "I'm his daughter Karen", "soy su esposo": who the caller is, said on
/// its own (not "my son needs a refill").
fn who_is_calling(tokens: &[String]) -> bool {
    const LEAD: &[&str] = &["im", "i", "this", "soy", "yo", "habla"];
    let folded: Vec<String> = tokens.iter().map(|t| recognise::spanish::fold(t)).collect();
    tokens.len() <= 10
        && folded.first().is_some_and(|t| LEAD.contains(&t.as_str()))
        && extract::caregiver_intro(&folded)
}

fn is_acknowledgement(tokens: &[String]) -> bool {
    const ACK: &[&str] = &[
        "gracias",
        "thanks",
        "thank",
        "you",
        "thx",
        "ty",
        "ok",
        "okay",
        "k",
        "kk",
        "okey",
        "alright",
        "got",
        "it",
        "great",
        "cool",
        "perfect",
        "sounds",
        "good",
        "understood",
        "vale",
        "bueno",
        "esta",
        "bien",
        "entendido",
        "perfecto",
        "muy",
        "oh",
        "i",
        "see",
    ];
    !tokens.is_empty()
        && tokens.len() <= 4
        && tokens.iter().all(|t| {
            // An emoji ("👍", "🙏") is a nod.
            ACK.contains(&recognise::spanish::fold(t).as_str()) || !t.chars().any(char::is_alphanumeric)
        })
}

/// A greeting that takes leave ("thanks bye", "ok thx") rather than opens.
fn is_closing(tokens: &[String]) -> bool {
    tokens.iter().any(|t| matches!(t.as_str(), "thanks" | "thank" | "bye" | "goodbye" | "day" | "care" | "later"))
}

#[cfg(test)]
mod tests;
