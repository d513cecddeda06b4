//! An in-memory schedule behind [`RecordingHost`](super::RecordingHost)'s
//! scheduling calls, so the booking conversation can be unit-tested
//! natively. It keeps the host's promises that the conversation relies on
//! (a taken slot cannot be booked again; an offer is accepted once) and
//! nothing more: the real backend is tested in `switchboard-scheduling` and
//! end to end.

use crate::HostError;
use crate::scheduling::{
    Appointment, AppointmentStatus, BookingRequest, Location, OfferRecipient, Opening, OpeningQuery, WaitlistOffer,
};

#[derive(Debug, Clone, Default)]
pub struct FakeSchedule {
    /// Every slot the practice offers, taken or not.
    pub openings: Vec<Opening>,
    pub appointments: Vec<Appointment>,
    /// (entry id, patient, appointment type), in join order.
    pub waitlist: Vec<(String, String, String)>,
    pub offers: Vec<WaitlistOffer>,
    pub utc_offset_minutes: i32,
    /// The practice's locations (`downtown` and `asc`, as in the demo).
    pub locations: Vec<Location>,
    next: u32,
}

const DAY_MS: i64 = 86_400_000;

impl FakeSchedule {
    /// Weekday slots for `types` from the day after `now` for `days` days,
    /// at 9:00 and 14:00 local (UTC-5), with Dr. Anika Patel in the
    /// morning and Dr. Chidi Okafor in the afternoon.
    pub fn weekdays(now: i64, days: i64, types: &[&str]) -> Self {
        let offset = -300;
        let local_midnight = (now + i64::from(offset) * 60_000).div_euclid(DAY_MS) * DAY_MS;
        let location = |id: &str, name: &str, address: &str| Location {
            id: id.into(),
            name: name.into(),
            address: address.into(),
        };
        let mut schedule = FakeSchedule {
            utc_offset_minutes: offset,
            locations: vec![
                location("downtown", "Riverside Pain & Spine", "1200 Riverside Drive, Suite 300, Louisville, KY 40207"),
                location("asc", "Riverside Surgery Center", "1250 Riverside Drive, Louisville, KY 40207"),
            ],
            ..FakeSchedule::default()
        };
        for d in 1..=days {
            let day = local_midnight + d * DAY_MS;
            // 1970-01-01 was a Thursday: 0 = Monday.
            let weekday = (day.div_euclid(DAY_MS) + 3).rem_euclid(7);
            if weekday >= 5 {
                continue;
            }
            for (hour, provider, name) in [(9, "dr-patel", "Dr. Anika Patel"), (14, "dr-okafor", "Dr. Chidi Okafor")] {
                for kind in types {
                    let start = day + hour * 3_600_000 - i64::from(offset) * 60_000;
                    schedule.openings.push(Opening {
                        slot_id: format!("{kind}@{provider}@{start}"),
                        appointment_type: (*kind).to_owned(),
                        provider_id: provider.to_owned(),
                        provider_name: name.to_owned(),
                        location_id: "downtown".to_owned(),
                        start,
                        duration_minutes: 30,
                    });
                }
            }
        }
        schedule
    }

    fn local(&self, at: i64) -> (i64, u32) {
        let local = at + i64::from(self.utc_offset_minutes) * 60_000;
        let weekday = (local.div_euclid(DAY_MS) + 3).rem_euclid(7);
        (weekday, (local.rem_euclid(DAY_MS) / 60_000) as u32)
    }

    fn held(&self, slot_id: &str) -> bool {
        self.appointments.iter().any(|a| {
            let slot = format!("{}@{}@{}", a.appointment_type, a.provider_id, a.start);
            slot == slot_id && a.status == AppointmentStatus::Booked
        })
    }

    pub fn find(&self, q: &OpeningQuery) -> Vec<Opening> {
        self.openings
            .iter()
            .filter(|o| {
                let (weekday, minute) = self.local(o.start);
                o.appointment_type == q.appointment_type
                    && o.start >= q.not_before
                    && o.start < q.not_after
                    && q.provider_id.as_ref().is_none_or(|p| *p == o.provider_id)
                    && (q.weekdays.is_empty() || q.weekdays.contains(&(weekday as u8)))
                    && q.earliest_minute.is_none_or(|m| minute >= m)
                    && q.latest_minute.is_none_or(|m| minute <= m)
                    && !self.held(&o.slot_id)
            })
            .take(q.max_results as usize)
            .cloned()
            .collect()
    }

    fn new_id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}-{}", self.next)
    }

    fn appointment_at(
        &mut self,
        slot_id: &str,
        patient: &str,
        review: bool,
        note: Option<&str>,
    ) -> Result<Appointment, HostError> {
        let opening = self.openings.iter().find(|o| o.slot_id == slot_id).cloned();
        let Some(o) = opening else { return Err(HostError::NotFound("no such slot".into())) };
        if self.held(slot_id) {
            return Err(HostError::Conflict("the slot is taken".into()));
        }
        let appointment = Appointment {
            id: self.new_id("appt"),
            patient_id: patient.to_owned(),
            appointment_type: o.appointment_type,
            provider_id: o.provider_id,
            location_id: o.location_id,
            start: o.start,
            duration_minutes: o.duration_minutes,
            status: AppointmentStatus::Booked,
            needs_review: review,
            patient_instruction: note.map(str::to_owned),
        };
        self.appointments.push(appointment.clone());
        Ok(appointment)
    }

    pub fn book(&mut self, r: &BookingRequest) -> Result<Appointment, HostError> {
        self.appointment_at(&r.slot_id, &r.patient_id, r.needs_review, r.patient_instruction.as_deref())
    }

    pub fn cancel(&mut self, id: &str) -> Result<(), HostError> {
        let a = self.appointments.iter_mut().find(|a| a.id == id && a.status == AppointmentStatus::Booked);
        let Some(a) = a else { return Err(HostError::NotFound("no such appointment".into())) };
        a.status = AppointmentStatus::Cancelled;
        Ok(())
    }

    pub fn reschedule(&mut self, id: &str, slot_id: &str) -> Result<Appointment, HostError> {
        let Some(o) = self.openings.iter().find(|o| o.slot_id == slot_id).cloned() else {
            return Err(HostError::NotFound("no such slot".into()));
        };
        if self.held(slot_id) {
            return Err(HostError::Conflict("the slot is taken".into()));
        }
        let a = self.appointments.iter_mut().find(|a| a.id == id && a.status == AppointmentStatus::Booked);
        let Some(a) = a else { return Err(HostError::NotFound("no such appointment".into())) };
        (a.provider_id, a.location_id, a.start) = (o.provider_id, o.location_id, o.start);
        Ok(a.clone())
    }

    pub fn join(&mut self, patient: &str, kind: &str) -> String {
        let id = self.new_id("wl");
        self.waitlist.push((id.clone(), patient.to_owned(), kind.to_owned()));
        id
    }

    /// `phones`: (patient id, number) from the directory.
    pub fn offer(&mut self, slot_id: &str, max: u32, phones: &[(String, String)]) -> Option<WaitlistOffer> {
        let o = self.openings.iter().find(|o| o.slot_id == slot_id)?.clone();
        let recipients: Vec<OfferRecipient> = self
            .waitlist
            .iter()
            .filter(|(_, _, kind)| *kind == o.appointment_type)
            .take(max as usize)
            .map(|(entry, patient, _)| OfferRecipient {
                waitlist_entry_id: entry.clone(),
                patient_id: patient.clone(),
                phone: phones.iter().find(|(p, _)| p == patient).map(|(_, n)| n.clone()),
            })
            .collect();
        if recipients.is_empty() {
            return None;
        }
        let offer = WaitlistOffer {
            id: self.new_id("offer"),
            slot_id: o.slot_id,
            appointment_type: o.appointment_type,
            provider_id: o.provider_id,
            location_id: o.location_id,
            start: o.start,
            duration_minutes: o.duration_minutes,
            recipients,
            open: true,
        };
        self.offers.push(offer.clone());
        Some(offer)
    }

    pub fn open_offers_for(&self, patient: &str) -> Vec<WaitlistOffer> {
        self.offers
            .iter()
            .rev()
            .filter(|o| o.open && o.recipients.iter().any(|r| r.patient_id == patient))
            .cloned()
            .collect()
    }

    pub fn accept(
        &mut self,
        offer_id: &str,
        entry: &str,
        review: bool,
        note: Option<&str>,
    ) -> Result<Appointment, HostError> {
        let Some(i) = self.offers.iter().position(|o| o.id == offer_id) else {
            return Err(HostError::NotFound("no such offer".into()));
        };
        if !self.offers[i].open {
            return Err(HostError::Conflict("the offer was taken".into()));
        }
        let Some(r) = self.offers[i].recipients.iter().find(|r| r.waitlist_entry_id == entry).cloned() else {
            return Err(HostError::Invalid("not offered to this entry".into()));
        };
        let slot = self.offers[i].slot_id.clone();
        let booked = self.appointment_at(&slot, &r.patient_id, review, note)?;
        self.offers[i].open = false;
        self.waitlist.retain(|(e, _, _)| *e != entry);
        Ok(booked)
    }
}
