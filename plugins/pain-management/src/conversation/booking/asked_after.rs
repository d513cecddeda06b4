//! A question about the appointment just booked or moved, in the same
//! conversation: "do I have to fast?", "and I need someone to drive me,
//! right?", "which building do I go to?". The answer is what the practice's
//! prep for that appointment says (as it was said at booking) or where the
//! schedule puts it; a question the prep does not answer goes to the
//! scheduling staff, never "I didn't understand".

use serde::{Deserialize, Serialize};

use super::super::{CallbackReason, TurnCtx};
use crate::host::Host;
use crate::recognise::spanish::fold;

/// The appointment booked in this conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Booked {
    /// The schedule's location id.
    pub location: String,
    /// The prep sentences said when it was booked.
    pub prep: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Topic {
    Fasting,
    Ride,
    Arrival,
    Place,
}

/// Words of each topic in the question, and in the prep sentence that
/// answers it.
const TOPICS: &[(Topic, &[&str], &[&str])] = &[
    (
        Topic::Fasting,
        &["fast", "fasting", "eat", "food", "drink", "breakfast", "ayunas", "ayuno", "comer", "beber", "desayunar"],
        &["eat", "drink", "liquids"],
    ),
    (
        Topic::Ride,
        &["drive", "driver", "ride", "someone", "somebody", "maneje", "manejar", "llevar", "lleve", "chofer"],
        &["drive"],
    ),
    (Topic::Arrival, &["arrive", "early", "llegar", "temprano", "antes"], &["arrive"]),
    (
        Topic::Place,
        &["where", "building", "office", "address", "location", "go", "donde", "edificio", "direccion", "oficina"],
        &[],
    ),
];

impl<H: Host> TurnCtx<'_, H> {
    /// Before the practice's location answer: where the appointment just
    /// booked is, which may be the other building.
    pub(in crate::conversation) fn say_where_booked(&mut self) {
        if let Some(booked) = self.state.last_booked.clone() {
            self.say_where(&booked.location);
        }
    }

    pub(in crate::conversation) fn booked_follow_up(&mut self) -> bool {
        let Some(booked) = self.state.last_booked.clone() else { return false };
        if !self.unclaimed() {
            return false;
        }
        let words: Vec<String> = self.tokens().iter().map(|t| fold(t)).collect();
        let asked: Vec<Topic> = TOPICS
            .iter()
            .filter(|(_, cue, _)| words.iter().any(|w| cue.contains(&w.as_str())))
            .map(|(topic, _, _)| *topic)
            .collect();
        if asked.is_empty() {
            return false;
        }
        for (topic, _, answer_words) in TOPICS.iter().filter(|(t, _, _)| asked.contains(t)) {
            if *topic == Topic::Place {
                self.say_where(&booked.location);
                continue;
            }
            let answers: Vec<String> = booked
                .prep
                .iter()
                .filter(|line| {
                    let line = line.to_lowercase();
                    answer_words.iter().any(|w| line.split(|c: char| !c.is_alphanumeric()).any(|x| x == *w))
                })
                .cloned()
                .collect();
            if answers.is_empty() {
                // The prep says nothing about it: staff answer.
                self.say(super::super::replies::POLICY_CALLBACK);
                self.callback(CallbackReason::Appointment);
            }
            for line in answers {
                self.say(line);
            }
        }
        self.anything_else();
        true
    }
}
