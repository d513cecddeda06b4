//! Form filling: the answers a conversation needs (name, date of birth,
//! medication, pharmacy, ...) collected over as many turns as it takes.
//!
//! The plugin extracts whatever answers a message carries and offers them
//! all ([`Form::offer`]), so "Maria Gonzalez, 3/14/71, CVS" fills three
//! slots at once. [`Form::advance`] then says what to do: ask the first
//! missing slot, re-ask it after a failed try (with the attempt number, so
//! the plugin can word it differently — see [`wording`]), give up to a
//! person after the configured number of failed tries, or finish.
//!
//! Corrections: an answer for a slot that is already filled replaces it only
//! when the message reads as a correction ("no, it's Walgreens", "actually
//! my birthday is ...", see [`is_correction`]) or when that slot is the one
//! being asked — otherwise a passing mention ("CVS is closed today") would
//! silently overwrite what the patient told us.
//!
//! The form is plain data kept in the conversation state between turns.

use serde::{Deserialize, Serialize};

use crate::intent::Matcher;

/// The answers so far, and where the asking stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Form<K> {
    values: Vec<(K, String)>,
    /// The slot the last prompt asked for.
    asked: Option<K>,
    /// Consecutive failed tries at `asked`.
    failures: u8,
}

impl<K> Default for Form<K> {
    fn default() -> Self {
        Form { values: Vec::new(), asked: None, failures: 0 }
    }
}

/// What [`Form::offer`] did with a message's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offered<K> {
    /// Slots filled for the first time.
    pub filled: Vec<K>,
    /// Slots whose earlier answer was replaced.
    pub corrected: Vec<K>,
}

impl<K> Offered<K> {
    /// Whether the message answered anything.
    pub fn any(&self) -> bool {
        !self.filled.is_empty() || !self.corrected.is_empty()
    }
}

/// What the conversation should do next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<K> {
    /// Ask for `slot`. `attempt` is 0 on the first ask and counts failed
    /// tries after that; pass it to [`wording`].
    Ask { slot: K, attempt: u8 },
    /// Every slot is filled.
    Complete,
    /// `slot` failed the configured number of times: hand over to a person.
    GiveUp { slot: K },
}

impl<K: Copy + PartialEq> Form<K> {
    /// The answer for `slot`, if given.
    pub fn get(&self, slot: K) -> Option<&str> {
        self.values.iter().find(|(k, _)| *k == slot).map(|(_, v)| v.as_str())
    }

    pub fn is_filled(&self, slot: K) -> bool {
        self.get(slot).is_some()
    }

    /// Whether any answer has been given.
    pub fn any_filled(&self) -> bool {
        !self.values.is_empty()
    }

    /// Set (or replace) an answer directly.
    pub fn set(&mut self, slot: K, value: impl Into<String>) {
        let value = value.into();
        match self.values.iter_mut().find(|(k, _)| *k == slot) {
            Some((_, v)) => *v = value,
            None => self.values.push((slot, value)),
        }
    }

    /// Forget an answer (so it is asked again).
    pub fn clear(&mut self, slot: K) {
        self.values.retain(|(k, _)| *k != slot);
    }

    /// The slot the last prompt asked for.
    pub fn asked(&self) -> Option<K> {
        self.asked
    }

    /// Take every answer a message carries. `correcting` is whether the
    /// message reads as a correction ([`is_correction`]).
    pub fn offer(&mut self, answers: impl IntoIterator<Item = (K, String)>, correcting: bool) -> Offered<K> {
        let mut offered = Offered { filled: Vec::new(), corrected: Vec::new() };
        for (slot, value) in answers {
            match self.get(slot) {
                None => {
                    self.set(slot, value);
                    offered.filled.push(slot);
                }
                Some(old) if old != value && (correcting || self.asked == Some(slot)) => {
                    self.set(slot, value);
                    offered.corrected.push(slot);
                }
                Some(_) => {}
            }
        }
        offered
    }

    /// Decide the next step. `order` lists the slots this form needs, in
    /// the order to ask them; `failed_try` is whether this message was an
    /// attempt at the asked slot that gave nothing usable; `max_tries` is
    /// how many failed tries at one slot hand over to a person.
    pub fn advance(&mut self, order: &[K], failed_try: bool, max_tries: u8) -> Step<K> {
        let Some(next) = order.iter().copied().find(|k| !self.is_filled(*k)) else {
            self.asked = None;
            self.failures = 0;
            return Step::Complete;
        };
        if self.asked == Some(next) {
            if failed_try {
                self.failures = self.failures.saturating_add(1);
                if self.failures >= max_tries.max(1) {
                    return Step::GiveUp { slot: next };
                }
            }
        } else {
            self.asked = Some(next);
            self.failures = 0;
        }
        Step::Ask { slot: next, attempt: self.failures }
    }
}

/// The wording for an attempt: the first ask uses `wordings[0]`, and each
/// re-ask moves to the next, so a re-prompt never repeats the prompt that
/// just failed (given at least two wordings).
pub fn wording<'w>(wordings: &[&'w str], attempt: u8) -> &'w str {
    match wordings.len() {
        0 => "",
        n => wordings[usize::from(attempt) % n],
    }
}

#[rustfmt::skip]
const CORRECTION_RULES: &[((), &[&str])] = &[((), &[
    "actually", "i meant", "i mean", "meant to say", "correction", "my mistake", "my bad",
    "oops", "sorry its", "sorry it is", "no its", "no it is", "no wait", "wait no",
    "not * its", "wrong", "should be", "should have said", "make that", "change that",
    "change it to", "change my", "instead", "rather",
])];
const CORRECTIONS: Matcher<'static, ()> = Matcher::exact(CORRECTION_RULES);

/// Whether a message (normalized tokens) corrects an earlier answer.
pub fn is_correction<S: AsRef<str>>(tokens: &[S]) -> bool {
    CORRECTIONS.matches(tokens, ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Utterance;

    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    enum S {
        Name,
        Birth,
        Pharmacy,
    }
    const ORDER: &[S] = &[S::Name, S::Birth, S::Pharmacy];

    fn correcting(text: &str) -> bool {
        is_correction(Utterance::new(text, |_| false).tokens())
    }

    #[test]
    fn asks_for_what_is_missing_in_order() {
        let mut form = Form::default();
        assert_eq!(form.advance(ORDER, false, 3), Step::Ask { slot: S::Name, attempt: 0 });
        let offered = form.offer([(S::Name, "Maria Gonzalez".into())], false);
        assert_eq!(offered.filled, [S::Name]);
        assert_eq!(form.advance(ORDER, false, 3), Step::Ask { slot: S::Birth, attempt: 0 });
    }

    #[test]
    fn accepts_several_answers_at_once() {
        let mut form = Form::default();
        form.advance(ORDER, false, 3);
        let offered = form.offer([(S::Name, "Maria".into()), (S::Birth, "1971-03-14".into())], false);
        assert_eq!(offered.filled, [S::Name, S::Birth]);
        assert_eq!(form.advance(ORDER, false, 3), Step::Ask { slot: S::Pharmacy, attempt: 0 });
        form.offer([(S::Pharmacy, "cvs".into())], false);
        assert_eq!(form.advance(ORDER, false, 3), Step::Complete);
        assert_eq!(form.get(S::Birth), Some("1971-03-14"));
    }

    #[test]
    fn failed_tries_reword_then_give_up() {
        let mut form: Form<S> = Form::default();
        assert_eq!(form.advance(ORDER, false, 3), Step::Ask { slot: S::Name, attempt: 0 });
        assert_eq!(form.advance(ORDER, true, 3), Step::Ask { slot: S::Name, attempt: 1 });
        assert_eq!(form.advance(ORDER, true, 3), Step::Ask { slot: S::Name, attempt: 2 });
        assert_eq!(form.advance(ORDER, true, 3), Step::GiveUp { slot: S::Name });
        let wordings = ["What is your name?", "Please tell me your full name.", "Your first and last name?"];
        let asked: Vec<&str> = (0..4).map(|a| wording(&wordings, a)).collect();
        assert!(asked.windows(2).all(|w| w[0] != w[1]), "{asked:?}");
        assert_eq!(wording(&[], 2), "");
    }

    #[test]
    fn progress_resets_the_count() {
        let mut form: Form<S> = Form::default();
        form.advance(ORDER, false, 2);
        assert_eq!(form.advance(ORDER, true, 2), Step::Ask { slot: S::Name, attempt: 1 });
        form.offer([(S::Name, "Maria".into())], false);
        assert_eq!(form.advance(ORDER, true, 2), Step::Ask { slot: S::Birth, attempt: 0 });
    }

    #[test]
    fn corrections_replace_answers_only_when_meant() {
        let mut form = Form::default();
        form.advance(ORDER, false, 3);
        form.offer([(S::Name, "Maria".into()), (S::Pharmacy, "cvs".into())], false);
        form.advance(ORDER, false, 3);
        // A passing mention does not overwrite.
        let offered = form.offer([(S::Pharmacy, "walgreens".into())], correcting("walgreens is closer I guess"));
        assert!(!offered.any());
        assert_eq!(form.get(S::Pharmacy), Some("cvs"));
        let offered = form.offer([(S::Pharmacy, "walgreens".into())], correcting("no, it's Walgreens"));
        assert_eq!(offered.corrected, [S::Pharmacy]);
        assert_eq!(form.get(S::Pharmacy), Some("walgreens"));
        // The slot being asked takes a new answer without a cue.
        assert_eq!(form.advance(ORDER, false, 3), Step::Ask { slot: S::Birth, attempt: 0 });
        form.set(S::Birth, "x");
        form.clear(S::Birth);
        assert_eq!(form.asked(), Some(S::Birth));
        form.offer([(S::Birth, "1971-03-14".into())], false);
        assert_eq!(form.advance(ORDER, false, 3), Step::Complete);
        form.offer([(S::Birth, "1971-03-15".into())], false);
        assert_eq!(form.get(S::Birth), Some("1971-03-14"), "not asked any more: needs a cue");
    }

    #[test]
    fn correction_cues() {
        for text in ["no, it's Walgreens", "actually my birthday is 3/15/71", "sorry I meant CVS", "wait no, Kroger"] {
            assert!(correcting(text), "{text}");
        }
        for text in ["CVS on Main", "no", "yes", "Walgreens please", "it's Kroger"] {
            assert!(!correcting(text), "{text}");
        }
    }
}
