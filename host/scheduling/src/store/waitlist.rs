//! The waitlist and its offers.
//!
//! Entries are keyed by a monotonic sequence number, so a scan returns them
//! in join order; a second key per waiting (patient, type) makes joining
//! idempotent inside one transaction.
//!
//! An offer names a free slot and the first waiting entries of its type.
//! Accepting is one transaction over the offer, the entry and the
//! appointment trees: it reads the offer's status, and only an `open` offer
//! whose slot is still free becomes a booking, the offer `taken` and the
//! entry `booked`, all at once. sled serializes transactions, so of two
//! acceptances at the same moment exactly one sees the offer open; the
//! other sees it taken and gets [`ScheduleError::Taken`], and its patient
//! stays on the waitlist for the next opening.

use sled::Transactional;

use super::tx::{BookingTx, abort, tx_decode};
use super::{MAX_INSTRUCTION_LEN, SledSchedule, check_practice, check_ref, check_text, decode, encode, keys};
use crate::error::{Result, ScheduleError};
use crate::model::{
    AcceptOffer, Appointment, AppointmentStatus, Offer, OfferRecipient, OfferStatus, Timestamp, WaitlistEntry,
    WaitlistStatus,
};
use crate::time::grid_units;

/// Most recipients one offer goes to.
const MAX_OFFER_RECIPIENTS: u32 = 20;

fn entry_seq(id: &str) -> Option<u64> {
    id.strip_prefix("wl-")?.parse().ok()
}

fn not_found(what: &'static str, id: &str) -> ScheduleError {
    ScheduleError::NotFound { what, id: id.to_owned() }
}

impl SledSchedule {
    #[tracing::instrument(name = "schedule.join_waitlist", skip_all, fields(practice = practice))]
    pub(super) fn join(
        &self,
        practice: &str,
        patient: &str,
        appointment_type: &str,
        now: Timestamp,
    ) -> Result<WaitlistEntry> {
        check_practice(practice)?;
        check_ref("patient_id", patient)?;
        if !self.compiled(practice)?.type_index.contains_key(appointment_type) {
            return Err(ScheduleError::InvalidRequest(
                "appointment_type is not one of the practice's appointment types".into(),
            ));
        }
        let seq = self.db.generate_id()?;
        Ok(self.trees.waitlist.transaction(|w| {
            let index = keys::waitlist_waiting(practice, patient, appointment_type);
            if let Some(existing) = w.get(&index)?
                && let Some(bytes) = w.get(keys::waitlist_entry(practice, keys::read_u64(&existing).unwrap_or(0)))?
            {
                let entry: WaitlistEntry = tx_decode(&bytes, "waitlist entry")?;
                if entry.status == WaitlistStatus::Waiting {
                    return Ok(entry);
                }
            }
            let entry = WaitlistEntry {
                id: format!("wl-{seq}"),
                patient_id: patient.to_owned(),
                appointment_type: appointment_type.to_owned(),
                status: WaitlistStatus::Waiting,
                appointment_id: None,
                created_at: now,
                updated_at: now,
            };
            w.insert(keys::waitlist_entry(practice, seq), encode(&entry))?;
            w.insert(index, &seq.to_be_bytes()[..])?;
            Ok(entry)
        })?)
    }

    #[tracing::instrument(name = "schedule.leave_waitlist", skip_all, fields(practice = practice))]
    pub(super) fn leave(&self, practice: &str, id: &str, now: Timestamp) -> Result<WaitlistEntry> {
        check_practice(practice)?;
        check_ref("waitlist_entry_id", id)?;
        let seq = entry_seq(id).ok_or_else(|| not_found("waitlist entry", id))?;
        Ok(self.trees.waitlist.transaction(|w| {
            let Some(bytes) = w.get(keys::waitlist_entry(practice, seq))? else {
                return abort(not_found("waitlist entry", id));
            };
            let mut entry: WaitlistEntry = tx_decode(&bytes, "waitlist entry")?;
            if entry.status != WaitlistStatus::Waiting {
                return abort(ScheduleError::NotWaiting { id: id.to_owned() });
            }
            entry.status = WaitlistStatus::Removed;
            entry.updated_at = now;
            w.insert(keys::waitlist_entry(practice, seq), encode(&entry))?;
            w.remove(keys::waitlist_waiting(practice, &entry.patient_id, &entry.appointment_type))?;
            Ok(entry)
        })?)
    }

    pub(super) fn waiting(&self, practice: &str, appointment_type: Option<&str>) -> Result<Vec<WaitlistEntry>> {
        check_practice(practice)?;
        let mut out = Vec::new();
        for item in self.trees.waitlist.scan_prefix(keys::waitlist_entries(practice)) {
            let (_, bytes) = item?;
            let entry: WaitlistEntry = decode(&bytes, "waitlist entry")?;
            if entry.status == WaitlistStatus::Waiting && appointment_type.is_none_or(|t| t == entry.appointment_type) {
                out.push(entry);
            }
        }
        Ok(out)
    }

    #[tracing::instrument(name = "schedule.offer", skip_all, fields(practice = practice))]
    pub(super) fn make_offer(
        &self,
        practice: &str,
        slot_id: &str,
        max_recipients: u32,
        now: Timestamp,
    ) -> Result<Option<Offer>> {
        check_practice(practice)?;
        let (_, slot, duration) = self.resolve_slot(practice, slot_id, now)?;
        // Not offering a slot that is already held saves patients a
        // disappointment; `accept` checks again, atomically, either way.
        for unit in grid_units(slot.start(), duration) {
            if self.trees.occupancy.contains_key(keys::provider_time(practice, &slot.provider, unit))? {
                return Err(ScheduleError::Taken);
            }
        }
        let take = max_recipients.clamp(1, MAX_OFFER_RECIPIENTS) as usize;
        let recipients: Vec<OfferRecipient> = self
            .waiting(practice, Some(&slot.appointment_type))?
            .into_iter()
            .take(take)
            .map(|e| OfferRecipient { waitlist_entry_id: e.id, patient_id: e.patient_id })
            .collect();
        if recipients.is_empty() {
            return Ok(None);
        }
        let offer = Offer {
            id: self.next_id("of")?,
            slot_id: slot.encode(),
            appointment_type: slot.appointment_type.clone(),
            provider_id: slot.provider.clone(),
            location_id: slot.location.clone(),
            start: slot.start(),
            duration_minutes: duration,
            recipients,
            status: OfferStatus::Open,
            taken_by: None,
            appointment_id: None,
            created_at: now,
        };
        self.trees.offers.insert(keys::offer(practice, &offer.id), encode(&offer))?;
        tracing::debug!(recipients = offer.recipients.len(), "waitlist offer made");
        Ok(Some(offer))
    }

    pub(super) fn read_offer(&self, practice: &str, id: &str) -> Result<Option<Offer>> {
        check_practice(practice)?;
        check_ref("offer_id", id)?;
        match self.trees.offers.get(keys::offer(practice, id))? {
            Some(bytes) => Ok(Some(decode(&bytes, "offer")?)),
            None => Ok(None),
        }
    }

    /// A scan of the practice's offers: offers are few (one per freed slot
    /// that had someone waiting) and this runs once per reply, so no index.
    pub(super) fn read_open_offers_for(&self, practice: &str, patient_id: &str) -> Result<Vec<Offer>> {
        check_practice(practice)?;
        check_ref("patient_id", patient_id)?;
        let mut offers = Vec::new();
        for kv in self.trees.offers.scan_prefix(keys::prefix(practice)) {
            let (_, bytes) = kv?;
            let offer: Offer = decode(&bytes, "offer")?;
            if offer.status == OfferStatus::Open && offer.recipients.iter().any(|r| r.patient_id == patient_id) {
                offers.push(offer);
            }
        }
        offers.sort_by(|a, b| b.created_at.cmp(&a.created_at).then_with(|| b.id.cmp(&a.id)));
        Ok(offers)
    }

    #[tracing::instrument(name = "schedule.accept_offer", skip_all, fields(practice = practice))]
    pub(super) fn accept_offer(&self, practice: &str, request: &AcceptOffer, now: Timestamp) -> Result<Appointment> {
        check_practice(practice)?;
        check_ref("waitlist_entry_id", &request.waitlist_entry_id)?;
        if let Some(text) = &request.patient_instruction {
            check_text("patient_instruction", text, MAX_INSTRUCTION_LEN)?;
        }
        let offer_id = request.offer_id.as_str();
        let offer = self.read_offer(practice, offer_id)?.ok_or_else(|| not_found("offer", offer_id))?;
        let entry_id = request.waitlist_entry_id.as_str();
        let seq = entry_seq(entry_id).ok_or_else(|| not_found("waitlist entry", entry_id))?;
        let (_, slot, duration) = self.resolve_slot(practice, &offer.slot_id, now)?;
        let appointment_id = self.next_id("ap")?;
        let t = &self.trees;
        let trees = (&t.offers, &t.waitlist, &t.appointments, &t.by_patient, &t.by_start, &t.busy, &t.occupancy);
        Ok(trees.transaction(|(offers, waitlist, appointments, by_patient, by_start, busy, occupancy)| {
            let offer_key = keys::offer(practice, offer_id);
            let Some(bytes) = offers.get(&offer_key)? else { return abort(not_found("offer", offer_id)) };
            let mut offer: Offer = tx_decode(&bytes, "offer")?;
            if offer.status == OfferStatus::Taken {
                return abort(ScheduleError::Taken);
            }
            if !offer.recipients.iter().any(|r| r.waitlist_entry_id == entry_id) {
                return abort(ScheduleError::NotOffered { offer_id: offer_id.into(), entry_id: entry_id.into() });
            }
            let entry_key = keys::waitlist_entry(practice, seq);
            let Some(bytes) = waitlist.get(&entry_key)? else { return abort(not_found("waitlist entry", entry_id)) };
            let mut entry: WaitlistEntry = tx_decode(&bytes, "waitlist entry")?;
            if entry.status != WaitlistStatus::Waiting {
                return abort(ScheduleError::NotWaiting { id: entry_id.to_owned() });
            }
            let appointment = Appointment {
                id: appointment_id.clone(),
                patient_id: entry.patient_id.clone(),
                appointment_type: slot.appointment_type.clone(),
                provider_id: slot.provider.clone(),
                location_id: slot.location.clone(),
                start: slot.start(),
                duration_minutes: duration,
                status: AppointmentStatus::Booked,
                needs_review: request.needs_review,
                patient_instruction: request.patient_instruction.clone(),
                slot_id: slot.encode(),
                cancellation_reason: None,
                waitlist_entry_id: Some(entry.id.clone()),
                created_at: now,
                updated_at: now,
            };
            let booking = BookingTx { practice, appointments, by_patient, by_start, busy, occupancy };
            booking.hold(&appointment)?;
            booking.write(&appointment)?;
            offer.status = OfferStatus::Taken;
            offer.taken_by = Some(entry.id.clone());
            offer.appointment_id = Some(appointment.id.clone());
            offers.insert(offer_key, encode(&offer))?;
            entry.status = WaitlistStatus::Booked;
            entry.appointment_id = Some(appointment.id.clone());
            entry.updated_at = now;
            waitlist.insert(entry_key, encode(&entry))?;
            waitlist.remove(keys::waitlist_waiting(practice, &entry.patient_id, &entry.appointment_type))?;
            Ok(appointment)
        })?)
    }
}
