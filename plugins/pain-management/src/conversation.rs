//! The pain-management conversation: one turn in, replies and queue items
//! out, state carried between turns by the host.
//!
//! Pure logic: it talks to the world only through [`Host`], so it runs the
//! same natively (tests, the host's baseline benchmark) and in the
//! component. A turn is handled in two phases:
//!
//! 1. **Decide** (`TurnCtx::run`): read the message, pick what to do, and
//!    collect the reply sentences, queue items and audit events.
//! 2. **Commit** (`TurnCtx::commit`): pass every sentence through the
//!    outbound guard (a blocked one is replaced by the safe reply, audited,
//!    and a callback queued so the safe reply's promise to pass the message
//!    on is true); then enqueue the items — so an item
//!    exists before the patient hears the reply that mentions it, and a
//!    failed enqueue fails the turn (the host then answers with its safe
//!    fallback) rather than acknowledging something not recorded — then
//!    audit, then speak or text.
//!
//! Precedence within a message: a red flag beats everything; then a request
//! for a person; then medication questions and pushes for approval (which
//! get the fixed safe reply and a callback) combined with whatever refill
//! details the message also carries.

mod escalate;
mod extract;
mod intents;
mod refill;
pub(crate) mod replies;

use serde::{Deserialize, Serialize};
use switchboard_common::guard;
use switchboard_common::normalize::Utterance;
use switchboard_sdk::escalation::QueueItem;
use switchboard_sdk::{Channel, Turn};

use crate::config::PreparedConfig;
use crate::host::Host;
use crate::medications::{self, Schedule};
use intents::{INTENTS, RED_FLAGS};
pub use intents::{Intent, RedFlag};

/// Where the conversation is; kept by the host between turns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    stage: Stage,
    refill: RefillDraft,
    /// Consecutive voice turns with no input.
    no_input: u8,
    /// Consecutive turns we could not understand.
    misunderstood: u8,
    /// Callback reasons already queued, so a reason is queued once.
    callbacks: Vec<CallbackReason>,
    /// Emergencies already queued.
    emergencies: Vec<RedFlag>,
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
    /// Capturing a refill; waiting for this answer.
    Refill(Slot),
    /// A request is done (voice); asked whether there is anything else.
    AnythingElse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum Slot {
    Medication,
    Pharmacy,
    ConfirmCallback,
    CallbackNumber,
}

/// The refill request as captured so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct RefillDraft {
    medication: Option<MedicationCapture>,
    pharmacy: Option<String>,
    /// A number the patient gave; `None` means the caller's number.
    callback: Option<String>,
    callback_confirmed: bool,
    /// They said the caller's number is not the one to use.
    callback_rejected: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct MedicationCapture {
    as_said: String,
    name: String,
    schedule: Option<Schedule>,
    /// Found in the medication list (else `name` is just what was said, and
    /// whether it is controlled is unknown).
    recognised: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
enum CallbackReason {
    PersonRequest,
    MedicationQuestion,
    NoInput,
    NotUnderstood,
    GuardBlock,
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
    let mut ctx = TurnCtx::new(config, turn, state);
    ctx.run();
    ctx.commit(host)
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
}

/// What the next voice prompt listens for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listen {
    Menu,
    Medication,
    Pharmacy,
    YesNo,
    Number,
    AnythingElse,
}

/// Voice turns with no input, and turns not understood, before staff take
/// over.
const MAX_RETRIES: u8 = 3;

struct TurnCtx<'a> {
    config: &'a PreparedConfig,
    turn: &'a Turn,
    voice: bool,
    state: State,
    utterance: Utterance,
    digits: &'a str,
    lines: Vec<String>,
    prompt: Option<(String, Listen)>,
    end: End,
    items: Vec<QueueItem>,
    audits: Vec<(&'static str, Vec<(&'static str, String)>)>,
    guard_blocked: bool,
    /// A refill request was queued this turn.
    submitted: bool,
    /// The medication this message names, looked up once.
    named: Option<medications::Found>,
}

impl<'a> TurnCtx<'a> {
    fn new(config: &'a PreparedConfig, turn: &'a Turn, state: State) -> Self {
        let extras = &config.extra_controlled;
        let text = turn.text.as_deref().unwrap_or("");
        let utterance = Utterance::new(text, |w| intents::is_vocabulary(w, extras));
        let named = medications::find(utterance.tokens(), extras);
        TurnCtx {
            config,
            turn,
            voice: matches!(turn.channel, Channel::Voice),
            state,
            utterance,
            digits: turn.digits.as_deref().unwrap_or("").trim(),
            lines: Vec::new(),
            prompt: None,
            end: End::Open,
            items: Vec::new(),
            audits: Vec::new(),
            guard_blocked: false,
            submitted: false,
            named,
        }
    }

    fn tokens(&self) -> &[String] {
        self.utterance.tokens()
    }

    fn run(&mut self) {
        let first = self.turn.first_turn || self.state.stage == Stage::New;
        if !self.voice && self.is_opt_out() {
            // The carrier has opted them out; any reply would be dropped or,
            // worse, delivered after they asked us to stop.
            self.end = End::Finish;
            return;
        }
        let no_input = self.utterance.is_empty() && self.digits.is_empty();
        if first {
            self.say(self.config.greeting.clone());
            self.state.stage = Stage::Menu;
            if no_input {
                return self.reprompt();
            }
        } else if no_input {
            return if self.voice { self.no_input() } else { self.not_understood() };
        }
        self.state.no_input = 0;

        let flags = RED_FLAGS.find(self.tokens());
        if !flags.is_empty() {
            return self.emergency(&flags);
        }
        let intents = self.intents();
        let has = |i| intents.contains(&i);
        let in_callback_step = matches!(self.state.stage, Stage::Refill(Slot::ConfirmCallback | Slot::CallbackNumber));
        if has(Intent::Person) || (has(Intent::CallMeBack) && !in_callback_step) {
            return self.person();
        }
        let question = has(Intent::ApprovalPush) || has(Intent::DoseQuestion);
        if question {
            self.say(guard::SAFE_REPLY);
        }
        match self.state.stage {
            Stage::Refill(slot) => self.refill(Some(slot), &intents, question),
            Stage::New | Stage::Menu | Stage::AnythingElse => {
                // In a refill, only a captured answer counts as understood
                // (see `refill`); here, any recognised request does.
                if !intents.is_empty() || self.named.is_some() {
                    self.state.misunderstood = 0;
                }
                if has(Intent::Refill) || self.named.is_some() {
                    self.state.stage = Stage::Refill(Slot::Medication);
                    self.refill(None, &intents, question);
                } else if has(Intent::Done) || (self.state.stage == Stage::AnythingElse && has(Intent::No)) {
                    self.say(replies::goodbye(self.voice));
                    self.end = if self.voice { End::HangUp } else { End::Finish };
                } else if question {
                    self.anything_else();
                } else if first || has(Intent::Help) {
                    self.reprompt();
                } else {
                    self.not_understood();
                }
            }
        }
        if question {
            // After the refill details of this message were taken, so the
            // clinician sees which medication the question is about.
            self.callback(CallbackReason::MedicationQuestion);
        }
        if self.submitted {
            self.state.refill = RefillDraft::default();
        }
    }

    /// The intents in the text plus what keypad digits mean at this stage.
    fn intents(&self) -> Vec<Intent> {
        let mut found = INTENTS.find(self.tokens());
        let keyed = match (self.digits, self.state.stage) {
            ("0", _) => Some(Intent::Person),
            ("1", Stage::Menu | Stage::AnythingElse) => Some(Intent::Refill),
            ("1", Stage::Refill(Slot::ConfirmCallback)) => Some(Intent::Yes),
            ("2", Stage::Refill(Slot::ConfirmCallback)) => Some(Intent::No),
            _ => None,
        };
        found.extend(keyed);
        found
    }

    fn is_opt_out(&self) -> bool {
        const KEYWORDS: &[&str] = &["stop", "stopall", "unsubscribe", "end", "quit", "revoke", "optout", "cancel"];
        matches!(self.tokens(), [only] if KEYWORDS.contains(&only.as_str())) || self.tokens() == ["opt", "out"]
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
            Stage::Refill(slot) => self.ask_for(slot),
            Stage::AnythingElse => self.ask(replies::ANYTHING_ELSE, Listen::AnythingElse),
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

    /// Pass every sentence and the prompt through the outbound guard,
    /// replacing and auditing what it blocks.
    fn apply_guard(&mut self) {
        let mut texts: Vec<&str> = self.lines.iter().map(String::as_str).collect();
        texts.extend(self.prompt.as_ref().map(|(p, _)| p.as_str()));
        let verdicts = guard::check_all(&texts);
        if verdicts.iter().all(|v| v.blocked.is_none()) {
            return;
        }
        let mut verdicts = verdicts.into_iter();
        let mut lines = Vec::with_capacity(self.lines.len());
        for verdict in verdicts.by_ref().take(self.lines.len()) {
            if let Some(rule) = verdict.blocked {
                self.audits.push(("guard-block", vec![("rule", rule.as_str().to_owned())]));
                self.guard_blocked = true;
            }
            if verdict.text != guard::SAFE_REPLY || !lines.contains(&verdict.text) {
                lines.push(verdict.text);
            }
        }
        if let (Some(verdict), Some((prompt, _))) = (verdicts.next(), self.prompt.as_mut())
            && let Some(rule) = verdict.blocked
        {
            self.audits.push(("guard-block", vec![("rule", rule.as_str().to_owned())]));
            self.guard_blocked = true;
            // Said once: as the prompt, which keeps a call listening.
            lines.retain(|l| l != guard::SAFE_REPLY);
            *prompt = verdict.text;
        }
        self.lines = lines;
    }

    fn commit(mut self, host: &mut impl Host) -> Result<Outcome, String> {
        self.apply_guard();
        if self.guard_blocked {
            // The safe reply says the message was passed on: make it true.
            self.callback(CallbackReason::GuardBlock);
        }
        for item in self.items.drain(..) {
            host.enqueue(item).map_err(|e| format!("enqueue failed: {e:?}"))?;
        }
        for (event, fields) in &self.audits {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            host.audit(event, &fields);
        }
        let fail = |e| format!("host refused output: {e:?}");
        if self.voice {
            // One `say` per turn: the host bounds actions per turn, and the
            // practice's steps can be many sentences.
            if !self.lines.is_empty() {
                host.say(&self.lines.join(" ")).map_err(fail)?;
            }
            if let Some((prompt, listen)) = &self.prompt {
                let hints = self.hints(*listen);
                host.ask(prompt, &hints, num_digits(*listen)).map_err(fail)?;
            }
            match &self.end {
                End::Transfer(number) => host.transfer(number, replies::TRANSFER_ANNOUNCE).map_err(fail)?,
                // A call that is not listening must not be left in silence.
                End::HangUp | End::Finish => host.hang_up().map_err(fail)?,
                End::Open if self.prompt.is_none() => host.hang_up().map_err(fail)?,
                End::Open => {}
            }
        } else {
            let mut text = self.lines.join(" ");
            if let Some((prompt, _)) = &self.prompt {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(prompt);
            }
            if !text.is_empty() {
                host.say(&text).map_err(fail)?;
            }
        }
        let finished = self.end != End::Open || (self.voice && self.prompt.is_none());
        let state = if finished { State::default() } else { self.state };
        Ok(Outcome { state, finished })
    }

    fn hints(&self, listen: Listen) -> Vec<&'a str> {
        match listen {
            Listen::Menu => vec!["refill", "prescription refill", "representative", "operator"],
            Listen::Medication => {
                let mut hints = medications::hints();
                hints.extend(self.config.extra_controlled.iter().map(|m| m.name.as_str()));
                hints
            }
            Listen::Pharmacy => {
                vec!["CVS", "Walgreens", "Walmart", "Rite Aid", "Kroger", "Costco", "Publix", "Meijer", "same pharmacy"]
            }
            Listen::YesNo => vec!["yes", "no"],
            Listen::Number => Vec::new(),
            Listen::AnythingElse => vec!["no", "refill", "representative"],
        }
    }
}

/// Keypad input length per prompt: one key for menus and yes/no (so "0"
/// reaches staff anywhere), open-ended for a phone number.
fn num_digits(listen: Listen) -> Option<u32> {
    match listen {
        Listen::Number => None,
        _ => Some(1),
    }
}

#[cfg(test)]
mod tests;
