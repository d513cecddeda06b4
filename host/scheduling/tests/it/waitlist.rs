//! The waitlist: join order, offers, and exactly-once acceptance.

use std::sync::Barrier;
use std::thread;

use switchboard_scheduling::{
    AcceptOffer, AppointmentStatus, ErrorKind, OfferStatus, ScheduleBackend, ScheduleError, WaitlistStatus,
};

use crate::support::*;

fn accept(offer_id: &str, entry_id: &str) -> AcceptOffer {
    AcceptOffer {
        offer_id: offer_id.to_owned(),
        waitlist_entry_id: entry_id.to_owned(),
        needs_review: false,
        patient_instruction: Some("Arrive 30 minutes early.".into()),
    }
}

#[test]
fn joining_keeps_order_and_is_idempotent() {
    let s = clinic();
    let a = s.join_waitlist(PRACTICE, "p-a", "esi", now()).unwrap();
    let b = s.join_waitlist(PRACTICE, "p-b", "esi", now() + 1).unwrap();
    let v = s.join_waitlist(PRACTICE, "p-a", "visit", now() + 2).unwrap();
    assert_eq!(s.join_waitlist(PRACTICE, "p-a", "esi", now() + 3).unwrap(), a, "joining twice");
    assert_eq!(a.status, WaitlistStatus::Waiting);
    let ids = |t: Option<&str>| s.waitlist(PRACTICE, t).unwrap().into_iter().map(|e| e.id).collect::<Vec<_>>();
    assert_eq!(ids(Some("esi")), [a.id.clone(), b.id.clone()]);
    assert_eq!(ids(None), [a.id.clone(), b.id.clone(), v.id.clone()]);

    let left = s.leave_waitlist(PRACTICE, &a.id, now()).unwrap();
    assert_eq!(left.status, WaitlistStatus::Removed);
    assert_eq!(ids(Some("esi")), std::slice::from_ref(&b.id));
    assert!(matches!(s.leave_waitlist(PRACTICE, &a.id, now()), Err(ScheduleError::NotWaiting { .. })));
    // Rejoining after leaving goes to the back of the line.
    let again = s.join_waitlist(PRACTICE, "p-a", "esi", now()).unwrap();
    assert_ne!(again.id, a.id);
    assert_eq!(ids(Some("esi")), [b.id, again.id]);

    let err = s.join_waitlist(PRACTICE, "p-a", "massage", now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert_eq!(s.leave_waitlist(PRACTICE, "wl-999999", now()).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn a_freed_slot_is_offered_in_order_and_taken_once() {
    let s = clinic();
    let booked = book(&s, &slot("dr-a", "main", "esi", local("2027-03-02", "08:00")), "p-early");
    let first = s.join_waitlist(PRACTICE, "p1", "esi", now()).unwrap();
    let second = s.join_waitlist(PRACTICE, "p2", "esi", now()).unwrap();
    let third = s.join_waitlist(PRACTICE, "p3", "esi", now()).unwrap();
    s.join_waitlist(PRACTICE, "p4", "visit", now()).unwrap();

    // A held slot is not offered.
    assert!(matches!(s.offer(PRACTICE, &booked.slot_id, 2, now()), Err(ScheduleError::Taken)));
    let cancelled = s.cancel(PRACTICE, &booked.id, "patient request", now()).unwrap();
    let offer = s.offer(PRACTICE, &cancelled.slot_id, 2, now()).unwrap().expect("someone is waiting");
    let to: Vec<_> = offer.recipients.iter().map(|r| r.waitlist_entry_id.clone()).collect();
    assert_eq!(to, [first.id.clone(), second.id.clone()], "the first two, in order");
    let open_for = |p: &str| s.open_offers_for(PRACTICE, p).unwrap().into_iter().map(|o| o.id).collect::<Vec<_>>();
    assert_eq!(open_for("p1"), std::slice::from_ref(&offer.id));
    assert!(open_for("p3").is_empty(), "not a recipient");
    assert_eq!(offer.recipients[0].patient_id, "p1");
    assert_eq!((offer.start, offer.duration_minutes), (booked.start, 30));

    // The third was not offered it.
    let err = s.accept(PRACTICE, &accept(&offer.id, &third.id), now()).unwrap_err();
    assert!(matches!(err, ScheduleError::NotOffered { .. }), "{err}");

    // The second answers first and gets it.
    let appointment = s.accept(PRACTICE, &accept(&offer.id, &second.id), now() + 1).unwrap();
    assert_eq!(appointment.patient_id, "p2");
    assert_eq!(appointment.status, AppointmentStatus::Booked);
    assert_eq!(appointment.waitlist_entry_id.as_deref(), Some(second.id.as_str()));
    assert_eq!(appointment.patient_instruction.as_deref(), Some("Arrive 30 minutes early."));
    assert_eq!(s.appointments_for(PRACTICE, "p2").unwrap(), std::slice::from_ref(&appointment));

    // The first is told it has gone, and stays waiting for the next one.
    let err = s.accept(PRACTICE, &accept(&offer.id, &first.id), now() + 2).unwrap_err();
    assert!(matches!(err, ScheduleError::Taken));
    assert_eq!(err.kind(), ErrorKind::Conflict);
    let waiting: Vec<_> = s.waitlist(PRACTICE, Some("esi")).unwrap().into_iter().map(|e| e.patient_id).collect();
    assert_eq!(waiting, ["p1", "p3"]);

    let stored = s.get_offer(PRACTICE, &offer.id).unwrap().unwrap();
    assert_eq!(stored.status, OfferStatus::Taken);
    assert!(open_for("p1").is_empty(), "a taken offer is no longer open");
    assert_eq!(stored.taken_by.as_deref(), Some(second.id.as_str()));
    assert_eq!(stored.appointment_id.as_deref(), Some(appointment.id.as_str()));
    // The same patient accepting twice gets nothing more.
    assert!(matches!(s.accept(PRACTICE, &accept(&offer.id, &second.id), now()), Err(ScheduleError::Taken)));
    assert_eq!(s.appointments_on(PRACTICE, "2027-03-02").unwrap().len(), 2, "the cancelled one and the new one");
}

#[test]
fn an_offer_loses_to_a_direct_booking_and_to_nobody_waiting() {
    let s = clinic();
    let slot_id = slot("dr-a", "main", "rfa", local("2027-03-02", "09:00"));
    assert_eq!(s.offer(PRACTICE, &slot_id, 3, now()).unwrap(), None, "nobody waiting");
    let entry = s.join_waitlist(PRACTICE, "p1", "rfa", now()).unwrap();
    let offer = s.offer(PRACTICE, &slot_id, 3, now()).unwrap().unwrap();
    // Meanwhile the front desk books an overlapping epidural by phone.
    book(&s, &slot("dr-a", "main", "esi", local("2027-03-02", "09:30")), "walk-in");
    let err = s.accept(PRACTICE, &accept(&offer.id, &entry.id), now()).unwrap_err();
    assert!(matches!(err, ScheduleError::Taken));
    assert_eq!(s.waitlist(PRACTICE, None).unwrap()[0].status, WaitlistStatus::Waiting);
    // An offer whose time has passed cannot be accepted.
    let late = local("2027-03-02", "09:01");
    let err = s.accept(PRACTICE, &accept(&offer.id, &entry.id), late).unwrap_err();
    assert!(matches!(err, ScheduleError::SlotUnavailable { .. }), "{err}");
    assert_eq!(s.accept(PRACTICE, &accept("of-1", &entry.id), now()).unwrap_err().kind(), ErrorKind::NotFound);
}

#[test]
fn simultaneous_acceptances_book_exactly_once() {
    let s = clinic();
    const PATIENTS: usize = 16;
    for round in 0..8i64 {
        let entries: Vec<_> = (0..PATIENTS)
            .map(|i| s.join_waitlist(PRACTICE, &format!("r{round}-p{i}"), "esi", now()).unwrap())
            .collect();
        let start = local("2027-03-02", "08:00") + round * 30 * MINUTE;
        let slot_id = slot("dr-a", "main", "esi", start);
        let offer = s.offer(PRACTICE, &slot_id, PATIENTS as u32, now()).unwrap().unwrap();
        assert_eq!(offer.recipients.len(), PATIENTS);
        let barrier = Barrier::new(PATIENTS);
        let results: Vec<_> = thread::scope(|scope| {
            let handles: Vec<_> = entries
                .iter()
                .map(|e| {
                    let (s, barrier, offer) = (&s, &barrier, &offer);
                    scope.spawn(move || {
                        barrier.wait();
                        s.accept(PRACTICE, &accept(&offer.id, &e.id), now())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let won: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
        assert_eq!(won.len(), 1, "round {round}");
        assert!(results.iter().filter_map(|r| r.as_ref().err()).all(|e| matches!(e, ScheduleError::Taken)));
        // Everyone else is still waiting; the winner is booked.
        let booked: Vec<_> = s
            .waitlist(PRACTICE, Some("esi"))
            .unwrap()
            .into_iter()
            .filter(|e| e.patient_id.starts_with(&format!("r{round}-")))
            .collect();
        assert_eq!(booked.len(), PATIENTS - 1);
        for e in &entries {
            let _ = s.leave_waitlist(PRACTICE, &e.id, now());
        }
    }
    let day = s.appointments_on(PRACTICE, "2027-03-02").unwrap();
    assert_eq!(day.len(), 8, "one booking per round");
}
