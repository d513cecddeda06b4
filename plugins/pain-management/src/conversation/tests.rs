//! Whole conversations, read like transcripts: what the patient says, what
//! must and must not come back, what lands on which queue.
//!
//! The harness drives [`crate::run_turn_native`] with encoded state, as the
//! host does, and checks on every turn the invariants that hold whatever
//! the conversation: queue items are enqueued before anything is said, a
//! turn says at most one (combined) reply, a text turn makes no call
//! actions, a voice turn ends listening, transferring or hanging up, and
//! every sentence passes the outbound guard.

mod booking;
mod follow_up;
mod holds;
mod identify;
mod policies;
mod pressure;
mod prior_auth;
mod red_flags;
mod refill;
mod sms;
mod topics;
mod voice;

use switchboard_common::guard;
use switchboard_sdk::escalation::{EmergencyKind, Priority, QueueItem, QueueKind};
use switchboard_sdk::patients::LookupQuery;
use switchboard_sdk::{Channel, Turn};

use crate::config::{PreparedConfig, prepare};
use crate::host::{Action, RecordingHost};

pub(super) const DEMO: &str = include_str!("../../demo-config.toml");
pub(super) const CALLER: &str = "+15025553344";
/// Maria Gonzalez's mobile, on file in the demo directory.
pub(super) const MARIA_PHONE: &str = "+15550199001";
/// A received-at time (2023-11-14).
pub(super) const NOW: i64 = 1_700_000_000_000;

pub(super) struct Convo {
    pub config: PreparedConfig,
    channel: Channel,
    pub caller: String,
    state: Option<Vec<u8>>,
    turns: u32,
    pub host: RecordingHost,
    pub finished: bool,
    /// When the turns are received (NOW unless a test moves it).
    pub at: i64,
}

impl Convo {
    pub fn sms() -> Self {
        Self::new(Channel::Sms, prepare(DEMO).unwrap())
    }

    pub fn voice() -> Self {
        Self::new(Channel::Voice, prepare(DEMO).unwrap())
    }

    pub fn new(channel: Channel, config: PreparedConfig) -> Self {
        let host = crate::host::demo_host();
        Convo { config, channel, caller: CALLER.into(), state: None, turns: 0, host, finished: false, at: NOW }
    }

    /// A conversation the host opened with `state` (an answered call the
    /// plugin placed): its first turn is not a first turn.
    pub fn resuming(mut self, state: Vec<u8>) -> Self {
        self.state = Some(state);
        self.turns = 1;
        self
    }

    /// The same conversation from another number.
    pub fn from(mut self, caller: &str) -> Self {
        self.caller = caller.into();
        self
    }

    /// Give name and date of birth (after "To get started, ..." was asked).
    pub fn identify(&mut self, name: &str, dob: &str) -> &mut Self {
        self.says(name);
        self.expect(&["date of birth"]);
        self.says(dob);
        self
    }

    /// The patient texts or says `text`.
    pub fn says(&mut self, text: &str) -> &mut Self {
        self.turn(Some(text), None)
    }

    /// The caller presses keys.
    pub fn keys(&mut self, digits: &str) -> &mut Self {
        self.turn(None, Some(digits))
    }

    /// A voice turn with no input (also the call's first turn).
    pub fn silence(&mut self) -> &mut Self {
        self.turn(None, None)
    }

    fn turn(&mut self, text: Option<&str>, digits: Option<&str>) -> &mut Self {
        assert!(!self.finished, "conversation already finished");
        let turn = Turn {
            conversation_id: "conv-1".into(),
            channel: self.channel,
            caller: self.caller.clone(),
            called: "+15025550100".into(),
            text: text.map(str::to_owned),
            digits: digits.map(str::to_owned),
            confidence: None,
            first_turn: self.turns == 0,
            received_at: self.at,
        };
        self.turns += 1;
        self.host.clear();
        let outcome =
            crate::run_turn_native(&self.config, &turn, self.state.as_deref(), &mut self.host).expect("turn failed");
        self.finished = outcome.finished;
        assert_eq!(outcome.finished, outcome.state.is_empty(), "finished conversations keep no state");
        self.state = Some(outcome.state);
        self.check_invariants();
        self
    }

    fn check_invariants(&self) {
        let actions = &self.host.actions;
        let first_output = actions.iter().position(is_output).unwrap_or(actions.len());
        assert!(
            !actions[first_output..].iter().any(|a| matches!(a, Action::Enqueue(_) | Action::Emergency { .. })),
            "records must be made before output: {actions:?}"
        );
        for text in self.host.spoken() {
            assert_eq!(guard::check(text).blocked, None, "unguarded output: {text}");
            assert!(text.chars().count() <= 1600, "over the host's text bound: {text}");
        }
        assert!(actions.len() <= 16, "over the host's action bound: {actions:?}");
        // One combined reply per turn, unless it would not fit one text.
        // The on-call fallback line is the one exception: the plugin learns
        // that the warm transfer was refused only after the reply was said.
        let says: Vec<&Action> = actions
            .iter()
            .filter(|a| matches!(a, Action::Say(t) if t != crate::conversation::replies::ON_CALL_UNREACHABLE))
            .collect();
        let total: usize = self.host.spoken().iter().map(|t| t.chars().count() + 1).sum();
        assert!(says.len() <= 1 || total > 1600, "{says:?}");
        match self.channel {
            Channel::Sms => {
                assert!(
                    !actions.iter().any(|a| matches!(a, Action::Ask { .. } | Action::Transfer { .. } | Action::HangUp))
                );
            }
            Channel::Voice => {
                let last = actions.iter().rev().find(|a| is_output(a));
                assert!(
                    matches!(
                        last,
                        Some(
                            Action::Ask { .. }
                                | Action::Transfer { .. }
                                | Action::TransferOnCall { .. }
                                | Action::HangUp
                        )
                    ),
                    "a voice turn must end listening, transferring or hanging up: {actions:?}"
                );
                let listening = matches!(last, Some(Action::Ask { .. }));
                assert_eq!(self.finished, !listening);
            }
        }
    }

    /// Everything said this turn, as one string.
    pub fn reply(&self) -> String {
        self.host.spoken().join(" ")
    }

    pub fn items(&self) -> Vec<&QueueItem> {
        self.host.items()
    }

    /// The emergencies reported this turn: (kind, fields).
    pub fn emergencies(&self) -> Vec<(EmergencyKind, Vec<(String, String)>)> {
        self.host
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::Emergency { kind, fields } => Some((*kind, fields.clone())),
                _ => None,
            })
            .collect()
    }

    /// The directory lookups made this turn.
    pub fn lookups(&self) -> Vec<&LookupQuery> {
        self.host
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::Lookup(q) => Some(q),
                _ => None,
            })
            .collect()
    }

    /// The only item enqueued this turn.
    pub fn item(&self) -> &QueueItem {
        let items = self.items();
        assert_eq!(items.len(), 1, "expected one item: {items:?}");
        items[0]
    }

    pub fn audits(&self) -> Vec<(String, Vec<(String, String)>)> {
        self.host
            .actions
            .iter()
            .filter_map(|a| match a {
                Action::Audit { event, fields } => Some((event.clone(), fields.clone())),
                _ => None,
            })
            .collect()
    }

    /// Assert the reply contains each of `parts`.
    pub fn expect(&self, parts: &[&str]) -> &Self {
        let reply = self.reply();
        for part in parts {
            assert!(reply.contains(part), "expected {part:?} in {reply:?}");
        }
        self
    }

    /// Assert the reply contains none of `parts` (case-insensitive).
    pub fn refuse(&self, parts: &[&str]) -> &Self {
        let reply = self.reply().to_lowercase();
        for part in parts {
            assert!(!reply.contains(&part.to_lowercase()), "unexpected {part:?} in {reply:?}");
        }
        self
    }
}

fn is_output(a: &Action) -> bool {
    matches!(
        a,
        Action::Say(_) | Action::Ask { .. } | Action::Transfer { .. } | Action::TransferOnCall { .. } | Action::HangUp
    )
}

pub(super) fn field<'i>(item: &'i QueueItem, name: &str) -> Option<&'i str> {
    item.fields.iter().find(|f| f.name == name).map(|f| f.value.as_str())
}

pub(super) fn is(item: &QueueItem, kind: QueueKind, priority: Priority) -> bool {
    item.kind == kind && item.priority == priority
}

#[test]
fn state_round_trips_and_garbage_does_not_decode() {
    let mut c = Convo::sms();
    c.says("I need a refill");
    let bytes = c.state.clone().unwrap();
    let state = super::State::decode(&bytes).unwrap();
    assert_eq!(state.encode(), bytes);
    assert!(super::State::decode(&[0xff, 0xff, 0xff]).is_err());
    // A turn on unreadable state starts the conversation over (see
    // `topics::state_that_does_not_read_back_...`), rather than failing.
}

#[test]
fn fixed_wording_passes_the_guard() {
    use super::replies::*;
    let mut all: Vec<String> = [
        NOT_HEARD,
        NOT_UNDERSTOOD,
        NOT_CAUGHT,
        ANYTHING_ELSE,
        WHAT_ELSE,
        RECEIVED,
        SENT_TO_TEAM,
        STAFF_WILL_CALL,
        POLICY_CALLBACK,
        SYMPTOM_CALLBACK,
        SCHEDULING,
        AUTH_STAFF,
        ALL_RIGHT,
        TRANSFER_ANNOUNCE,
        GOT_IT,
        UPDATED,
        THANK_YOU,
        DATE_NOT_RIGHT,
        ALERTED,
        NO_INPUT_GIVE_UP,
        NOT_UNDERSTOOD_GIVE_UP,
        NO_STATUS,
        OPT_OUT,
    ]
    .map(str::to_owned)
    .to_vec();
    use crate::config::escalation::Criterion;
    for flags in [&[Criterion::SuicidalThoughts][..], &[Criterion::Overdose, Criterion::CaudaEquina]] {
        all.push(emergency_reminder(flags).unwrap().into());
    }
    all.extend([PAGED, NOT_PAGED, ON_CALL_ANNOUNCE, ON_CALL_UNREACHABLE].map(str::to_owned));
    all.push(after_hours_callback("by noon on Monday"));
    for voice in [true, false] {
        all.push(menu(voice).into());
        all.push(refill_offer(voice).into());
        all.extend(name_prompts(voice).map(str::to_owned));
        all.extend(birth_prompts(voice).map(str::to_owned));
        all.extend(pharmacy_prompts(voice).map(str::to_owned));
        all.extend(confirm_prompts(voice, "3344"));
        all.extend(number_prompts(voice).map(str::to_owned));
        all.extend(offer_prompts(voice).map(str::to_owned));
        all.push(goodbye(voice).into());
    }
    all.extend(medication_prompts().map(str::to_owned));
    all.extend(procedure_prompts("lumbar epidural steroid injection, medial branch block"));
    for criterion in Criterion::ALL {
        all.push(criterion.default_message().into());
    }
    all.push(hang_up_and_call(true).into());
    all.push(hang_up_and_call(false).into());
    use super::refill::{INCOMPLETE, incomplete_for, incomplete_text};
    all.push(INCOMPLETE.into());
    all.push(incomplete_text("Riverside Pain & Spine", None));
    for name in crate::medications::BUILT_IN.iter().map(|m| m.name) {
        all.push(got_medication(name));
        all.push(received_for(name));
        all.push(incomplete_for(name));
        all.push(incomplete_text("Riverside Pain & Spine", Some(name)));
    }
    let config = prepare(DEMO).unwrap();
    for p in &config.prior_auth().unwrap().procedures {
        all.push(about_procedure(&p.name));
    }
    for text in all {
        assert_eq!(guard::check(&text).blocked, None, "{text}");
        assert!(!text.to_lowercase().contains("cancel"), "never mention the opt-out keyword: {text}");
    }
}

#[test]
fn long_replies_are_split_between_sentences() {
    let lines: Vec<String> = (0..5).map(|i| format!("{i}{}", "x".repeat(499))).collect();
    let packed = super::output::pack(&lines);
    assert_eq!(packed.len(), 2);
    assert!(packed.iter().all(|p| p.chars().count() <= 1600));
    assert_eq!(packed.join(" "), lines.join(" "));
    assert_eq!(super::output::pack(&["y".repeat(2000)])[0].chars().count(), 1600);
    assert!(super::output::pack(&[]).is_empty());
}

#[test]
fn a_blocked_sentence_is_replaced_audited_and_passed_on() {
    // A config that slipped past validation (e.g. written by hand).
    let mut config = prepare(DEMO).unwrap();
    config.refills.run_out_instructions = "If you run out, take 2 extra tablets.".into();
    let mut c = Convo::new(Channel::Sms, config);
    c.says("this is Maria Gonzalez born 3/14/1971, refill my oxycodone at CVS on Main, this number is fine");
    c.expect(&["We've received your refill request.", guard::SAFE_REPLY]).refuse(&["tablets"]);
    let audits = c.audits();
    let fields = vec![("rule".to_owned(), "dose".to_owned()), ("channel".to_owned(), "sms".to_owned())];
    assert_eq!(audits, [("guard-block".to_owned(), fields)]);
    let items = c.items();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].kind, QueueKind::Refill);
    assert_eq!(field(items[1], "reason"), Some("guard-block"));
}
