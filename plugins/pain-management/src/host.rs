//! The seam between the conversation logic and the host.
//!
//! The conversation never calls the SDK's imports itself; it talks to a
//! [`Host`]. In the component, `component.rs` implements it over the real
//! imports; natively, [`RecordingHost`] records what would have happened, so
//! the same logic runs in unit tests and in the host's native-baseline
//! benchmark.

use switchboard_sdk::HostError;
use switchboard_sdk::escalation::QueueItem;

/// What a turn may do. Output methods are voice- or text-agnostic: on a
/// text turn `say` and `ask` both become the thread's reply.
pub trait Host {
    /// Speak a sentence (voice) or send the reply (text).
    fn say(&mut self, text: &str) -> Result<(), HostError>;
    /// Speak a prompt and listen for speech or keypad input (voice).
    /// `num_digits` ends keypad input after that many digits.
    fn ask(&mut self, prompt: &str, hints: &[&str], num_digits: Option<u32>) -> Result<(), HostError>;
    /// Warm-transfer the call to `number` after announcing it (voice).
    fn transfer(&mut self, number: &str, announce: &str) -> Result<(), HostError>;
    /// End the call after what was said (voice).
    fn hang_up(&mut self) -> Result<(), HostError>;
    /// Put an item on a staff queue; returns its id.
    fn enqueue(&mut self, item: QueueItem) -> Result<String, HostError>;
    /// Record an event in the practice's audit log.
    fn audit(&mut self, event: &str, fields: &[(&str, &str)]);
}

/// One thing a turn did, as recorded by [`RecordingHost`].
#[derive(Debug, Clone)]
pub enum Action {
    Say(String),
    Ask { prompt: String, hints: Vec<String>, num_digits: Option<u32> },
    Transfer { number: String, announce: String },
    HangUp,
    Enqueue(QueueItem),
    Audit { event: String, fields: Vec<(String, String)> },
}

/// A [`Host`] that records every call and accepts every queue item.
#[derive(Debug, Default, Clone)]
pub struct RecordingHost {
    pub actions: Vec<Action>,
    next_id: u32,
}

impl RecordingHost {
    /// Forget what was recorded (between turns of one conversation).
    pub fn clear(&mut self) {
        self.actions.clear();
    }

    /// Everything said or asked, in order, as one string per call.
    pub fn spoken(&self) -> Vec<&str> {
        self.actions
            .iter()
            .filter_map(|a| match a {
                Action::Say(t) => Some(t.as_str()),
                Action::Ask { prompt, .. } => Some(prompt.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The queue items enqueued, in order.
    pub fn items(&self) -> Vec<&QueueItem> {
        self.actions
            .iter()
            .filter_map(|a| match a {
                Action::Enqueue(item) => Some(item),
                _ => None,
            })
            .collect()
    }
}

impl Host for RecordingHost {
    fn say(&mut self, text: &str) -> Result<(), HostError> {
        self.actions.push(Action::Say(text.to_owned()));
        Ok(())
    }

    fn ask(&mut self, prompt: &str, hints: &[&str], num_digits: Option<u32>) -> Result<(), HostError> {
        let hints = hints.iter().map(|h| (*h).to_owned()).collect();
        self.actions.push(Action::Ask { prompt: prompt.to_owned(), hints, num_digits });
        Ok(())
    }

    fn transfer(&mut self, number: &str, announce: &str) -> Result<(), HostError> {
        let (number, announce) = (number.to_owned(), announce.to_owned());
        self.actions.push(Action::Transfer { number, announce });
        Ok(())
    }

    fn hang_up(&mut self) -> Result<(), HostError> {
        self.actions.push(Action::HangUp);
        Ok(())
    }

    fn enqueue(&mut self, item: QueueItem) -> Result<String, HostError> {
        self.next_id += 1;
        self.actions.push(Action::Enqueue(item));
        Ok(format!("item-{}", self.next_id))
    }

    fn audit(&mut self, event: &str, fields: &[(&str, &str)]) {
        let fields = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.actions.push(Action::Audit { event: event.to_owned(), fields });
    }
}
