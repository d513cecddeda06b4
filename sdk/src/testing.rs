//! Running a plugin's logic natively, in its own tests (the `testing`
//! feature): [`RecordingHost`] records every call a turn makes, accepts
//! every queue item, and answers lookups from an in-memory directory and
//! prior-authorization list and scheduling calls from a [`FakeSchedule`].
//! Natively its `classify` runs the host's own sentence model, so tests
//! see the scores the component would.

mod fake_schedule;

pub use fake_schedule::FakeSchedule;

use crate::HostError;
use crate::escalation::{EmergencyKind, QueueItem};
use crate::host::{Host, OfficeHours};
use crate::patients::{LookupQuery, Patient};
use crate::scheduling::{
    Appointment, BookingRequest, Location, Opening, OpeningQuery, PriorAuth, TaskRequest, WaitlistOffer,
};

/// One thing a turn did, as recorded by [`RecordingHost`].
#[derive(Debug, Clone)]
pub enum Action {
    Say(String),
    Ask { prompt: String, hints: Vec<String>, num_digits: Option<u32> },
    Transfer { number: String, announce: String },
    HangUp,
    Enqueue(QueueItem),
    Emergency { kind: EmergencyKind, fields: Vec<(String, String)> },
    Lookup(LookupQuery),
    PriorAuthStatus { patient_id: String, procedure: String },
    Audit { event: String, fields: Vec<(String, String)> },
    Booked(Appointment),
    Cancelled { appointment_id: String, reason: String },
    Rescheduled(Appointment),
    JoinedWaitlist { patient_id: String, appointment_type: String },
    Offered(WaitlistOffer),
    ScheduleTask(TaskRequest),
    CancelTask(String),
    SendText { to: String, body: String },
    PlaceCall { to: String, prompt: String, state: Vec<u8> },
    Page { summary: String, item_id: String },
    TransferOnCall { item_id: String, announce: String },
}

/// One patient in [`RecordingHost`]'s directory.
#[derive(Debug, Clone)]
pub struct DirectoryEntry {
    pub id: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub phones: Vec<String>,
}

/// A [`Host`] that records every call, accepts every queue item, and
/// answers lookups from `directory` and `prior_auths`. A call to a method
/// named in `fail` returns `HostError::Unavailable` (to test failures).
#[derive(Debug, Default, Clone)]
pub struct RecordingHost {
    pub actions: Vec<Action>,
    pub directory: Vec<DirectoryEntry>,
    pub prior_auths: Vec<PriorAuth>,
    /// The practice's schedule, for the scheduling calls.
    pub schedule: FakeSchedule,
    pub fail: Vec<&'static str>,
    /// What `office_hours` answers; open by default.
    pub hours: Option<OfficeHours>,
    /// What `language` answers; English by default.
    pub language: Option<String>,
    next_id: u32,
    /// The examples `classify` embedded last (the corpus passes the same
    /// list for every message).
    #[cfg(not(target_arch = "wasm32"))]
    embedded: native_understanding::Embedded,
}

impl RecordingHost {
    /// A host whose directory holds `entries`.
    pub fn with_directory(entries: Vec<DirectoryEntry>) -> Self {
        RecordingHost { directory: entries, ..RecordingHost::default() }
    }

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

    /// The texts sent through the outbox: (to, body).
    pub fn sent(&self) -> Vec<(&str, &str)> {
        self.actions
            .iter()
            .filter_map(|a| match a {
                Action::SendText { to, body } => Some((to.as_str(), body.as_str())),
                _ => None,
            })
            .collect()
    }

    /// The timers scheduled, in order.
    pub fn tasks(&self) -> Vec<&TaskRequest> {
        self.actions
            .iter()
            .filter_map(|a| match a {
                Action::ScheduleTask(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    fn failing(&self, method: &str) -> Result<(), HostError> {
        if self.fail.contains(&method) { Err(HostError::Unavailable(format!("{method} failed"))) } else { Ok(()) }
    }
}

/// A name as the host's directory compares it: lowercase words of letters
/// and digits, in any order ("O'Neill" is "o neill").
fn name_key(name: &str) -> Vec<String> {
    let lower: String =
        name.chars().flat_map(char::to_lowercase).map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut words: Vec<String> = lower.split_whitespace().map(str::to_owned).collect();
    words.sort();
    words
}

impl Host for RecordingHost {
    fn say(&mut self, text: &str) -> Result<(), HostError> {
        self.failing("say")?;
        self.actions.push(Action::Say(text.to_owned()));
        Ok(())
    }

    fn ask(&mut self, prompt: &str, hints: &[&str], num_digits: Option<u32>) -> Result<(), HostError> {
        self.failing("ask")?;
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
        self.failing("enqueue")?;
        self.next_id += 1;
        self.actions.push(Action::Enqueue(item));
        Ok(format!("item-{}", self.next_id))
    }

    fn report_emergency(&mut self, kind: EmergencyKind, fields: &[(&str, &str)]) -> Result<String, HostError> {
        self.failing("report_emergency")?;
        self.next_id += 1;
        let fields = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.actions.push(Action::Emergency { kind, fields });
        Ok(format!("item-{}", self.next_id))
    }

    fn lookup_patient(&mut self, query: &LookupQuery) -> Result<Option<Patient>, HostError> {
        self.actions.push(Action::Lookup(query.clone()));
        self.failing("lookup_patient")?;
        let wanted = name_key(&query.full_name);
        let mut found = self.directory.iter().filter(|p| {
            p.date_of_birth == query.date_of_birth && name_key(&format!("{} {}", p.given_name, p.family_name)) == wanted
        });
        // Ambiguous is the same as none, as on the host.
        match (found.next(), found.next()) {
            (Some(p), None) => Ok(Some(Patient {
                id: p.id.clone(),
                given_name: p.given_name.clone(),
                phone_matches: query.phone.as_ref().is_some_and(|n| p.phones.contains(n)),
            })),
            _ => Ok(None),
        }
    }

    fn prior_auth_status(&mut self, patient_id: &str, procedure: &str) -> Result<Option<PriorAuth>, HostError> {
        let (patient_id, procedure) = (patient_id.to_owned(), procedure.to_owned());
        self.actions.push(Action::PriorAuthStatus { patient_id: patient_id.clone(), procedure: procedure.clone() });
        self.failing("prior_auth_status")?;
        Ok(self.prior_auths.iter().find(|r| r.patient_id == patient_id && r.procedure == procedure).cloned())
    }

    fn audit(&mut self, event: &str, fields: &[(&str, &str)]) {
        let fields = fields.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        self.actions.push(Action::Audit { event: event.to_owned(), fields });
    }

    fn utc_offset_minutes(&mut self, _at: i64) -> i32 {
        self.schedule.utc_offset_minutes
    }

    fn find_openings(&mut self, query: &OpeningQuery) -> Result<Vec<Opening>, HostError> {
        self.failing("find_openings")?;
        Ok(self.schedule.find(query))
    }

    fn book(&mut self, request: &BookingRequest) -> Result<Appointment, HostError> {
        self.failing("book")?;
        let booked = self.schedule.book(request)?;
        self.actions.push(Action::Booked(booked.clone()));
        Ok(booked)
    }

    fn cancel(&mut self, appointment_id: &str, reason: &str) -> Result<(), HostError> {
        self.failing("cancel")?;
        self.schedule.cancel(appointment_id)?;
        let (appointment_id, reason) = (appointment_id.to_owned(), reason.to_owned());
        self.actions.push(Action::Cancelled { appointment_id, reason });
        Ok(())
    }

    fn reschedule(&mut self, appointment_id: &str, slot_id: &str) -> Result<Appointment, HostError> {
        self.failing("reschedule")?;
        let moved = self.schedule.reschedule(appointment_id, slot_id)?;
        self.actions.push(Action::Rescheduled(moved.clone()));
        Ok(moved)
    }

    fn appointments_for(&mut self, patient_id: &str) -> Result<Vec<Appointment>, HostError> {
        self.failing("appointments_for")?;
        Ok(self.schedule.appointments.iter().filter(|a| a.patient_id == patient_id).cloned().collect())
    }

    fn appointment(&mut self, appointment_id: &str) -> Result<Appointment, HostError> {
        self.failing("appointment")?;
        let found = self.schedule.appointments.iter().find(|a| a.id == appointment_id).cloned();
        found.ok_or_else(|| HostError::NotFound(format!("no appointment {appointment_id}")))
    }

    fn location(&mut self, location_id: &str) -> Result<Location, HostError> {
        self.failing("location")?;
        let found = self.schedule.locations.iter().find(|l| l.id == location_id).cloned();
        found.ok_or_else(|| HostError::NotFound(format!("no location {location_id}")))
    }

    fn join_waitlist(&mut self, patient_id: &str, appointment_type: &str) -> Result<String, HostError> {
        self.failing("join_waitlist")?;
        let (patient_id, appointment_type) = (patient_id.to_owned(), appointment_type.to_owned());
        let id = self.schedule.join(&patient_id, &appointment_type);
        self.actions.push(Action::JoinedWaitlist { patient_id, appointment_type });
        Ok(id)
    }

    fn offer_opening(&mut self, slot_id: &str, max_recipients: u32) -> Result<Option<WaitlistOffer>, HostError> {
        self.failing("offer_opening")?;
        let phones: Vec<(String, String)> =
            self.directory.iter().filter_map(|p| Some((p.id.clone(), p.phones.first()?.clone()))).collect();
        let offer = self.schedule.offer(slot_id, max_recipients, &phones);
        self.actions.extend(offer.clone().map(Action::Offered));
        Ok(offer)
    }

    fn open_offers_for(&mut self, patient_id: &str) -> Result<Vec<WaitlistOffer>, HostError> {
        self.failing("open_offers_for")?;
        Ok(self.schedule.open_offers_for(patient_id))
    }

    fn accept_offer(
        &mut self,
        offer_id: &str,
        entry_id: &str,
        needs_review: bool,
        instruction: Option<&str>,
    ) -> Result<Appointment, HostError> {
        self.failing("accept_offer")?;
        let booked = self.schedule.accept(offer_id, entry_id, needs_review, instruction)?;
        self.actions.push(Action::Booked(booked.clone()));
        Ok(booked)
    }

    fn schedule_task(&mut self, request: &TaskRequest) -> Result<String, HostError> {
        self.failing("schedule_task")?;
        self.next_id += 1;
        self.actions.push(Action::ScheduleTask(request.clone()));
        Ok(format!("task-{}", self.next_id))
    }

    fn cancel_task(&mut self, id_or_key: &str) -> Result<(), HostError> {
        self.failing("cancel_task")?;
        self.actions.push(Action::CancelTask(id_or_key.to_owned()));
        Ok(())
    }

    fn send_text(&mut self, to: &str, body: &str) -> Result<String, HostError> {
        self.failing("send_text")?;
        self.next_id += 1;
        self.actions.push(Action::SendText { to: to.to_owned(), body: body.to_owned() });
        Ok(format!("out-{}", self.next_id))
    }

    fn place_call(&mut self, to: &str, prompt: &str, state: &[u8]) -> Result<String, HostError> {
        self.failing("place_call")?;
        self.next_id += 1;
        self.actions.push(Action::PlaceCall { to: to.to_owned(), prompt: prompt.to_owned(), state: state.to_vec() });
        Ok(format!("out-{}", self.next_id))
    }

    fn page_on_call(&mut self, summary: &str, item_id: &str) -> Result<(), HostError> {
        self.failing("page_on_call")?;
        self.actions.push(Action::Page { summary: summary.to_owned(), item_id: item_id.to_owned() });
        Ok(())
    }

    fn transfer_to_on_call(&mut self, item_id: &str, announce: &str) -> Result<(), HostError> {
        self.failing("transfer_to_on_call")?;
        self.actions.push(Action::TransferOnCall { item_id: item_id.to_owned(), announce: announce.to_owned() });
        Ok(())
    }

    fn office_hours(&mut self) -> OfficeHours {
        self.hours.unwrap_or(OfficeHours { open_now: true, next_open: None })
    }

    fn language(&mut self) -> String {
        self.language.clone().unwrap_or_else(|| "en".into())
    }

    /// Natively: the host's own model (`switchboard-understanding`), with
    /// the host's bounds, so tests see what the component would.
    #[cfg(not(target_arch = "wasm32"))]
    fn classify(&mut self, text: &str, examples: &[(String, String)]) -> Result<Vec<(String, f32)>, HostError> {
        self.failing("classify")?;
        self.embedded.classify(text, examples)
    }

    /// In the component the host answers `classify`; this recording host
    /// has no model there.
    #[cfg(target_arch = "wasm32")]
    fn classify(&mut self, _text: &str, _examples: &[(String, String)]) -> Result<Vec<(String, f32)>, HostError> {
        self.failing("classify")?;
        Err(HostError::Unavailable("RecordingHost has no sentence model in a wasm32 build".into()))
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native_understanding {
    use std::sync::Arc;

    use crate::HostError;
    use switchboard_understanding::{Example, ExampleSet};

    /// The host's bounds on `understanding.classify` (`wit/understanding.wit`).
    const MAX_EXAMPLES: usize = 500;
    const MAX_LABEL_CHARS: usize = 100;
    const MAX_TEXT_CHARS: usize = 2_000;

    /// The last example list and its embedded set.
    #[derive(Clone, Default)]
    pub struct Embedded(Option<Arc<ListAndSet>>);

    type ListAndSet = (Vec<(String, String)>, ExampleSet);

    impl std::fmt::Debug for Embedded {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            let count = self.0.as_ref().map_or(0, |e| e.0.len());
            write!(f, "Embedded({count} examples)")
        }
    }

    impl Embedded {
        pub fn classify(&mut self, text: &str, examples: &[(String, String)]) -> Result<Vec<(String, f32)>, HostError> {
            let invalid = |m: String| Err(HostError::Invalid(m));
            if examples.len() > MAX_EXAMPLES {
                return invalid(format!("{} examples (at most {MAX_EXAMPLES})", examples.len()));
            }
            if text.chars().count() > MAX_TEXT_CHARS {
                return invalid(format!("an utterance over {MAX_TEXT_CHARS} characters"));
            }
            for (i, (label, example)) in examples.iter().enumerate() {
                if label.is_empty() || label.chars().count() > MAX_LABEL_CHARS {
                    return invalid(format!("example {i}: a label is 1 to {MAX_LABEL_CHARS} characters"));
                }
                if example.trim().is_empty() || example.chars().count() > MAX_TEXT_CHARS {
                    return invalid(format!("example {i}: a text is 1 to {MAX_TEXT_CHARS} characters"));
                }
            }
            if examples.is_empty() {
                return Ok(Vec::new());
            }
            let model = switchboard_understanding::bundled();
            let set = match &self.0 {
                Some(embedded) if embedded.0 == examples => embedded.clone(),
                _ => {
                    let list =
                        examples.iter().map(|(label, text)| Example { label: label.clone(), text: text.clone() });
                    let embedded = Arc::new((examples.to_vec(), ExampleSet::new(model, list.collect())));
                    self.0 = Some(embedded.clone());
                    embedded
                }
            };
            Ok(set.1.classify(model, text).scores.into_iter().map(|s| (s.label, s.score)).collect())
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn examples() -> Vec<(String, String)> {
        [
            ("chest-pain", "crushing pressure in my chest"),
            ("chest-pain", "my chest is tight and my left arm hurts"),
            ("hours", "what time do you open"),
            ("refill", "i need a refill of my medication"),
            ("refill", "i ran out of my pain pills"),
        ]
        .into_iter()
        .map(|(l, t)| (l.to_owned(), t.to_owned()))
        .collect()
    }

    #[test]
    fn classify_runs_the_hosts_model_natively() {
        let mut host = RecordingHost::default();
        let scores = host.classify("it feels like something heavy is squeezing my chest", &examples()).unwrap();
        assert_eq!(scores[0].0, "chest-pain", "{scores:?}");
        assert_eq!(scores.len(), 3, "one score per label");
        assert!(scores.windows(2).all(|w| w[0].1 >= w[1].1), "best first");
        let again = host.classify("it feels like something heavy is squeezing my chest", &examples()).unwrap();
        assert_eq!(scores, again, "deterministic, and the embedded examples are reused");
        assert_eq!(host.classify("my prescription is almost empty", &examples()).unwrap()[0].0, "refill");

        let too_many = vec![("a".to_owned(), "b".to_owned()); 501];
        assert!(matches!(host.classify("hi", &too_many), Err(HostError::Invalid(_))));
        host.fail.push("classify");
        assert!(matches!(host.classify("hi", &examples()), Err(HostError::Unavailable(_))));
    }
}
