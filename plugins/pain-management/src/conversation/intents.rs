//! What a patient's message asks for, and whether it carries a red flag.
//!
//! Two phrase tables over normalized tokens (see
//! `switchboard_common::intent` for the syntax). Order in a table is
//! precedence: the conversation acts on the first intents it handles.
//! Red flags are matched generously — an over-escalation costs a phone
//! call, a missed one can cost a life — so "I'm not suicidal" still gets
//! the 988 message.

use serde::{Deserialize, Serialize};
use switchboard_common::intent::Matcher;

use crate::medications::{ExtraMedication, is_vocabulary_word};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Wants a person now ("representative", "0").
    Person,
    /// Wants a call back; in the callback steps of a refill this is an answer
    /// ("call me back at ..."), not a request to stop.
    CallMeBack,
    /// Pushes for an approval, a promise or a status ("just approve it").
    ApprovalPush,
    /// Asks about dose, quantity, frequency, changes, tapering, withdrawal.
    DoseQuestion,
    Refill,
    Yes,
    No,
    /// "This number" / "the number I'm calling from": the caller's number
    /// is the one to use, whichever question was asked.
    ThisNumber,
    /// Nothing more ("that's all", "bye").
    Done,
    /// Asks what they can do ("help", "hello?"): the menu again.
    Help,
}

use Intent::*;

#[rustfmt::skip]
const INTENT_RULES: &[(Intent, &[&str])] = &[
    (Person, &[
        "talk to * person", "speak to * person", "speak with * person", "talk with * person",
        "talk to someone", "speak to someone", "speak with someone", "talk to somebody",
        "speak to somebody", "talk to * human", "speak to * human", "real person",
        "live person", "=person", "=a person", "human!", "representative", "operator",
        "receptionist", "talk to * staff!", "speak to * staff!", "speak with * staff!",
        "talk to * nurse!", "speak to * nurse!", "speak with * nurse!", "talk to * doctor",
        "speak to * doctor", "speak with * doctor", "front desk", "=0", "=zero", "agent!",
        "=someone",
    ]),
    (CallMeBack, &[
        "call me back", "call back", "callback", "have someone call", "someone call me",
        "somebody call me", "give me a call", "call me please", "please call me",
    ]),
    (ApprovalPush, &[
        "approve", "approved", "approval", "authorize", "just send it", "send it in",
        "call it in", "sign off", "deny", "denied", "guarantee", "promise", "get it today",
        "ready today", "is it ready", "will it be ready", "when will it be", "status of",
        "refill it today", "fill it today", "go through",
    ]),
    (DoseQuestion, &[
        "how many * take", "how much * take", "how many pills", "how often", "can i take",
        "should i take", "take more", "take extra", "take another", "take an extra",
        "extra pill", "extra dose", "double", "double up", "increase", "decrease",
        "raise my", "up my dose", "higher dose", "lower dose", "stronger", "my dose",
        "the dose", "dosage", "taper!", "tapering", "wean!", "weaning", "withdrawal",
        "withdrawals", "detox", "stop taking", "cut back", "switch my medication",
        "switch me to", "change my medication", "change my dose", "mg per", "milligrams",
    ]),
    (Refill, &[
        "refill", "refills", "refilled", "prescription", "prescriptions", "renew",
        "renewal", "ran out", "run out", "running out", "out of my", "need more",
        "need my medication", "need my medications", "medication refill",
    ]),
    (Yes, &[
        "yes", "=ok", "ok!", "correct", "thats right", "that is right", "=sure", "=right",
        "that works", "=fine", "thats fine", "=good", "=this one",
    ]),
    (No, &[
        "no", "wrong", "not this", "different number", "another number", "not the best",
        "not that number", "dont call this",
    ]),
    (ThisNumber, &[
        "this number", "same number", "this phone", "number im calling from",
        "number i am calling from", "number i called from", "this cell",
    ]),
    (Done, &[
        "thats all", "that is all", "thats it", "nothing else", "no thanks", "no thank you",
        "=no", "bye", "goodbye", "=thanks", "=thank you", "=thanks bye", "im good",
        "all set", "=done", "=nope",
    ]),
    (Help, &[
        "=help", "=menu", "=options", "=hello", "=hi", "=hey", "=hello hello",
        "what can you do", "=are you there",
    ]),
];

pub(crate) const INTENTS: Matcher<'static, Intent> = Matcher::new(INTENT_RULES);

/// An emergency the patient must be directed to 911 or 988 for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RedFlag {
    Overdose,
    SuicidalCrisis,
    CaudaEquina,
    SevereAllergicReaction,
}

impl RedFlag {
    /// The name used in queue fields and audit events (the WIT
    /// `emergency-kind` case).
    pub const fn as_str(self) -> &'static str {
        match self {
            RedFlag::Overdose => "overdose",
            RedFlag::SuicidalCrisis => "suicidal-crisis",
            RedFlag::CaudaEquina => "cauda-equina",
            RedFlag::SevereAllergicReaction => "severe-allergic-reaction",
        }
    }
}

use RedFlag::*;

#[rustfmt::skip]
const RED_FLAG_RULES: &[(RedFlag, &[&str])] = &[
    (Overdose, &[
        "overdose", "overdosed", "overdosing", "od!", "took too many", "taken too many",
        "took too much", "taken too much", "too many pills", "wont wake", "cant wake",
        "can not wake", "cannot wake", "hard to wake", "not waking up", "not breathing",
        "stopped breathing", "isnt breathing", "barely breathing", "slow breathing",
        "shallow breathing", "breathing slow", "breathing is slow", "lips are blue",
        "blue lips", "turning blue", "grey lips", "gray lips", "unresponsive",
        "pinpoint pupils", "gave him narcan", "gave her narcan", "used narcan",
        "used naloxone", "gurgling", "passed out",
    ]),
    (SuicidalCrisis, &[
        "suicide", "suicidal", "kill myself", "killing myself", "kill my self", "end my life",
        "ending my life", "end it all", "take my own life", "take my life", "want to die",
        "wish i was dead", "wish i were dead", "better off dead", "hurt myself",
        "harm myself", "hurting myself", "no reason to live", "dont want to live",
        "not want to live", "dont want to be alive", "dont want to be here anymore",
    ]),
    (CaudaEquina, &[
        "saddle numbness", "saddle area", "numb between my legs", "numbness in my groin",
        "groin is numb", "numb groin", "cant control my bladder", "lost control of my bladder",
        "loss of bladder", "lost bladder control", "bladder control", "bowel control",
        "cant control my bowels", "lost control of my bowels", "wet myself", "peed myself",
        "cant pee", "cant urinate", "unable to urinate", "both legs are numb",
        "both legs numb", "numb in both legs", "numbness in both legs",
        "weakness in both legs", "both legs are weak", "both legs * weak",
        "both legs * numb", "legs gave out", "cant feel my legs", "cant move my legs",
        "incontinence", "incontinent",
    ]),
    (SevereAllergicReaction, &[
        "throat * swelling", "throat is swollen", "throat * closing", "tongue * swelling",
        "tongue is swollen", "swollen tongue", "swollen throat", "lips are swelling",
        "face is swelling", "cant breathe", "can not breathe", "cannot breathe",
        "trouble breathing", "hard to breathe", "difficulty breathing", "short of breath",
        "anaphylaxis", "anaphylactic", "hives all over", "severe allergic",
    ]),
];

pub(crate) const RED_FLAGS: Matcher<'static, RedFlag> = Matcher::new(RED_FLAG_RULES);

/// Words speech recognition may split that are worth joining again: the
/// medication names plus a few of our own keywords.
pub(crate) fn is_vocabulary(word: &str, extras: &[ExtraMedication]) -> bool {
    const OWN: &[&str] = &[
        "refill",
        "prescription",
        "representative",
        "pharmacy",
        "walgreens",
        "operator",
        "receptionist",
        "overdose",
        "suicide",
        "suicidal",
        "anaphylaxis",
        "incontinence",
        // Pharmacy names recognisers spell out ("c v s").
        "cvs",
        "heb",
    ];
    OWN.contains(&word) || is_vocabulary_word(word, extras)
}
