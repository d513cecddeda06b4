//! Practices never see or change each other's data, even with equal ids.

use switchboard_scheduling::{AcceptOffer, ErrorKind, ScheduleBackend, ScheduleError};

use crate::support::*;

#[test]
fn two_practices_with_identical_configs_are_independent() {
    let s = clinic();
    s.load_config_json("other-clinic", &clinic_json()).unwrap();
    let slot_id = slot("dr-a", "main", "esi", local("2027-03-02", "08:00"));

    // The same slot id books in both: each practice has its own dr-a.
    let mine = book(&s, &slot_id, "p1");
    let theirs = s.book("other-clinic", &request(&slot_id, "p1"), now()).unwrap();
    assert_ne!(mine.id, theirs.id);

    // Nothing crosses over: reads, listings, cancels, reschedules.
    assert_eq!(s.appointments_for(PRACTICE, "p1").unwrap(), std::slice::from_ref(&mine));
    assert_eq!(s.appointments_for("other-clinic", "p1").unwrap(), std::slice::from_ref(&theirs));
    assert_eq!(s.appointment("other-clinic", &mine.id).unwrap(), None);
    let err = s.cancel("other-clinic", &mine.id, "", now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = s.reschedule("other-clinic", &mine.id, &slot("dr-a", "main", "esi", local("2027-03-02", "09:00")), now());
    assert_eq!(err.unwrap_err().kind(), ErrorKind::NotFound);
    assert_eq!(s.appointments_on("other-clinic", "2027-03-02").unwrap(), [theirs]);

    // A config change in one leaves the other's openings alone.
    let mut changed = s.config("other-clinic").unwrap().unwrap();
    changed.templates.clear();
    s.load_config("other-clinic", &changed).unwrap();
    let q = query("visit", now(), now() + 7 * DAY, 5);
    assert!(s.find_openings("other-clinic", &q, now()).unwrap().is_empty());
    assert_eq!(openings(&s, &q).len(), 5);
}

#[test]
fn a_practice_whose_id_prefixes_another_sees_nothing_of_it() {
    let s = clinic();
    // "clinic" is a prefix of "clinic-2": the NUL after the id keeps them apart.
    s.load_config_json("clinic-2", &clinic_json()).unwrap();
    let booked =
        s.book("clinic-2", &request(&slot("dr-a", "main", "esi", local("2027-03-02", "08:00")), "p1"), now()).unwrap();
    assert!(s.appointments_for(PRACTICE, "p1").unwrap().is_empty());
    assert!(s.appointments_between(PRACTICE, now(), now() + 30 * DAY).unwrap().is_empty());
    // clinic's dr-a is still free at that time.
    book(&s, &booked.slot_id, "p9");
}

#[test]
fn waitlists_and_offers_are_per_practice() {
    let s = clinic();
    s.load_config_json("other-clinic", &clinic_json()).unwrap();
    let entry = s.join_waitlist(PRACTICE, "p1", "esi", now()).unwrap();
    assert!(s.waitlist("other-clinic", None).unwrap().is_empty());
    let err = s.leave_waitlist("other-clinic", &entry.id, now()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    let slot_id = slot("dr-a", "main", "esi", local("2027-03-02", "08:00"));
    assert!(s.offer("other-clinic", &slot_id, 5, now()).unwrap().is_none(), "nobody waits there");
    let offer = s.offer(PRACTICE, &slot_id, 5, now()).unwrap().unwrap();
    assert_eq!(s.get_offer("other-clinic", &offer.id).unwrap(), None);
    let accept = AcceptOffer {
        offer_id: offer.id.clone(),
        waitlist_entry_id: entry.id.clone(),
        needs_review: false,
        patient_instruction: None,
    };
    let err = s.accept("other-clinic", &accept, now()).unwrap_err();
    assert!(matches!(err, ScheduleError::NotFound { what: "offer", .. }), "{err}");
    s.accept(PRACTICE, &accept, now()).unwrap();
}
