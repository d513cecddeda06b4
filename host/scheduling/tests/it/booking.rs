//! Booking, cancelling, rescheduling, status changes and listings.

use switchboard_scheduling::{
    AppointmentStatus, BookingRequest, ErrorKind, ScheduleBackend, ScheduleError, SledSchedule, SlotProblem,
};

use crate::support::*;

#[test]
fn a_booking_takes_the_slot_and_shows_up_everywhere() {
    let s = clinic();
    let opening = first_opening(&s, "esi", "2027-03-02", None);
    let request = BookingRequest {
        slot_id: opening.slot_id.clone(),
        patient_id: "p-1001".into(),
        needs_review: true,
        patient_instruction: Some("Hold clopidogrel 7 days; confirm with the doctor who prescribes it.".into()),
    };
    let booked = s.book(PRACTICE, &request, now()).unwrap();
    assert_eq!(booked.status, AppointmentStatus::Booked);
    assert_eq!((booked.start, booked.duration_minutes), (local("2027-03-02", "08:00"), 30));
    assert_eq!((booked.provider_id.as_str(), booked.location_id.as_str()), ("dr-a", "main"));
    assert_eq!(booked.appointment_type, "esi");
    assert!(booked.needs_review);
    assert_eq!(booked.patient_instruction, request.patient_instruction);
    assert_eq!(booked.slot_id, opening.slot_id);
    assert_eq!((booked.created_at, booked.updated_at), (now(), now()));

    assert_eq!(s.appointment(PRACTICE, &booked.id).unwrap(), Some(booked.clone()));
    assert_eq!(s.appointments_for(PRACTICE, "p-1001").unwrap(), std::slice::from_ref(&booked));
    assert_eq!(s.appointments_on(PRACTICE, "2027-03-02").unwrap(), std::slice::from_ref(&booked));
    assert!(s.appointments_on(PRACTICE, "2027-03-03").unwrap().is_empty());

    let again = s.book(PRACTICE, &crate::support::request(&opening.slot_id, "p-2002"), now()).unwrap_err();
    assert!(matches!(again, ScheduleError::Taken));
    assert_eq!(again.kind(), ErrorKind::Conflict);
}

#[test]
fn slot_ids_are_validated_not_trusted() {
    let s = clinic();
    let tue = |hhmm: &str| local("2027-03-02", hhmm);
    let problem = |slot_id: &str| match s.book(PRACTICE, &request(slot_id, "p1"), now()) {
        Err(ScheduleError::SlotUnavailable { problem, .. }) => problem,
        other => panic!("{slot_id}: {other:?}"),
    };
    // Outside hours, running past the end of the block, wrong location,
    // a type the block does not take, a provider not working that day.
    assert_eq!(problem(&slot("dr-a", "main", "visit", tue("07:40"))), SlotProblem::OutsideAvailability);
    assert_eq!(problem(&slot("dr-a", "main", "rfa", tue("11:30"))), SlotProblem::OutsideAvailability);
    assert_eq!(problem(&slot("dr-a", "north", "visit", tue("09:00"))), SlotProblem::OutsideAvailability);
    assert_eq!(problem(&slot("dr-b", "main", "visit", tue("13:00"))), SlotProblem::OutsideAvailability);
    assert_eq!(problem(&slot("dr-b", "main", "esi", local("2027-03-01", "13:00"))), SlotProblem::OutsideAvailability);
    assert_eq!(problem(&slot("dr-z", "main", "visit", tue("09:00"))), SlotProblem::UnknownReference);
    assert_eq!(problem(&slot("dr-a", "main", "visit", now() - DAY)), SlotProblem::Past);
    // Off the offered grid but inside availability is fine (staff book odd
    // times), as long as it is on the 5-minute booking grid.
    book(&s, &slot("dr-a", "main", "visit", tue("08:05")), "p1");
    assert_eq!(problem(&slot("dr-a", "main", "visit", tue("10:03"))), SlotProblem::OffGrid);

    for junk in ["", "s1.dr-a.main.visit", "s1.dr-a.main.visit.x", "s9.dr-a.main.visit.1", "dr-a 09:00"] {
        let err = s.book(PRACTICE, &request(junk, "p1"), now()).unwrap_err();
        assert!(matches!(err, ScheduleError::MalformedSlotId), "{junk:?}: {err}");
        assert_eq!(err.kind(), ErrorKind::Invalid);
    }
    for patient in ["", "a\0b", "line\nbreak", &"p".repeat(129)] {
        let slot_id = slot("dr-a", "main", "visit", tue("10:00"));
        let err = s.book(PRACTICE, &request(&slot_id, patient), now()).unwrap_err();
        assert!(matches!(err, ScheduleError::InvalidRequest(_)), "{patient:?}");
    }
}

#[test]
fn cancel_frees_the_time_and_keeps_the_record() {
    let s = clinic();
    let slot_id = first_opening(&s, "visit", "2027-03-03", None).slot_id;
    let booked = book(&s, &slot_id, "p1");
    let later = now() + HOUR;
    let cancelled = s.cancel(PRACTICE, &booked.id, "feeling better", later).unwrap();
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
    assert_eq!(cancelled.cancellation_reason.as_deref(), Some("feeling better"));
    assert_eq!(cancelled.updated_at, later);
    assert_eq!(cancelled.slot_id, slot_id, "the freed slot, ready to offer");
    assert_eq!(s.appointments_for(PRACTICE, "p1").unwrap(), std::slice::from_ref(&cancelled));

    // Cancelling again, or a fulfilled visit, is refused; unknown ids are not found.
    let err = s.cancel(PRACTICE, &booked.id, "", later).unwrap_err();
    assert!(matches!(err, ScheduleError::InvalidState { status: AppointmentStatus::Cancelled, .. }), "{err}");
    let err = s.cancel(PRACTICE, "ap-nope", "", later).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);

    let rebooked = book(&s, &slot_id, "p2");
    assert_eq!(rebooked.start, booked.start);
}

#[test]
fn reschedule_moves_atomically_or_not_at_all() {
    let s = clinic();
    let tue = |hhmm: &str| local("2027-03-02", hhmm);
    let original = book(&s, &slot("dr-a", "main", "esi", tue("08:00")), "p1");
    let blocker = book(&s, &slot("dr-a", "main", "esi", tue("10:00")), "p2");

    // Into a taken time: refused, and the original is untouched.
    let err = s.reschedule(PRACTICE, &original.id, &slot("dr-a", "main", "esi", tue("09:45")), now()).unwrap_err();
    assert!(matches!(err, ScheduleError::Taken), "{err}");
    assert_eq!(s.appointment(PRACTICE, &original.id).unwrap().unwrap(), original);
    let still_taken = s.book(PRACTICE, &request(&original.slot_id, "p3"), now()).unwrap_err();
    assert!(matches!(still_taken, ScheduleError::Taken), "old time must still be held");

    // Into a time overlapping its own: fine (08:00-08:30 → 08:15-08:45).
    let moved = s.reschedule(PRACTICE, &original.id, &slot("dr-a", "main", "esi", tue("08:15")), now() + 1).unwrap();
    assert_eq!((moved.id.as_str(), moved.start, moved.updated_at), (original.id.as_str(), tue("08:15"), now() + 1));
    assert_eq!(moved.patient_id, "p1");
    // The new minutes are held, the old ones it no longer uses are free.
    let visit = |hhmm: &str| s.book(PRACTICE, &request(&slot("dr-a", "main", "visit", tue(hhmm)), "p4"), now());
    assert!(matches!(visit("08:00"), Err(ScheduleError::Taken)), "08:00-08:20 overlaps 08:15-08:45");
    visit("08:45").unwrap();
    let moved = s.reschedule(PRACTICE, &original.id, &slot("dr-a", "main", "esi", tue("11:00")), now()).unwrap();
    visit("08:00").unwrap();
    visit("08:20").unwrap();
    // The same slot again changes nothing.
    assert_eq!(s.reschedule(PRACTICE, &original.id, &moved.slot_id, now() + 5).unwrap(), moved);
    assert_eq!(s.appointments_on(PRACTICE, "2027-03-02").unwrap().len(), 5);
    assert_no_overlap(&s.appointments_on(PRACTICE, "2027-03-02").unwrap());
    let _ = blocker;
}

#[test]
fn reschedule_refuses_what_a_front_desk_would() {
    let s = clinic();
    let tue = |hhmm: &str| local("2027-03-02", hhmm);
    let visit = book(&s, &slot("dr-a", "main", "visit", tue("08:00")), "p1");
    // To another provider on another day: fine, same type.
    let moved = s.reschedule(PRACTICE, &visit.id, &slot("dr-b", "main", "visit", local("2027-03-03", "13:00")), now());
    assert_eq!(moved.unwrap().provider_id, "dr-b");
    // A different type is refused.
    match s.reschedule(PRACTICE, &visit.id, &slot("dr-a", "main", "esi", tue("09:00")), now()) {
        Err(ScheduleError::SlotUnavailable { problem: SlotProblem::WrongType, .. }) => {}
        other => panic!("{other:?}"),
    }
    // An appointment that has started cannot move.
    let during = local("2027-03-03", "13:05");
    let err = s.reschedule(PRACTICE, &visit.id, &slot("dr-b", "main", "visit", local("2027-03-08", "13:00")), during);
    assert!(matches!(err, Err(ScheduleError::AlreadyStarted { .. })), "{err:?}");
    // Nor can a cancelled one.
    s.cancel(PRACTICE, &visit.id, "", now()).unwrap();
    let err = s.reschedule(PRACTICE, &visit.id, &slot("dr-a", "main", "visit", tue("10:00")), now());
    assert!(matches!(err, Err(ScheduleError::InvalidState { status: AppointmentStatus::Cancelled, .. })), "{err:?}");
}

#[test]
fn staff_status_changes_follow_fhir() {
    let s = clinic();
    let a = book(&s, &slot("dr-a", "main", "visit", local("2027-03-02", "08:00")), "p1");
    let arrived = s.set_status(PRACTICE, &a.id, AppointmentStatus::Arrived, now()).unwrap();
    assert_eq!(arrived.status, AppointmentStatus::Arrived);
    let err = s.cancel(PRACTICE, &a.id, "", now()).unwrap_err();
    assert!(matches!(err, ScheduleError::InvalidState { .. }));
    s.set_status(PRACTICE, &a.id, AppointmentStatus::Fulfilled, now()).unwrap();
    let err = s.set_status(PRACTICE, &a.id, AppointmentStatus::Booked, now()).unwrap_err();
    assert_eq!(err.to_string(), format!("appointment {} is fulfilled; cannot mark booked", a.id));

    let b = book(&s, &slot("dr-a", "main", "visit", local("2027-03-02", "08:20")), "p2");
    assert_eq!(
        s.set_status(PRACTICE, &b.id, AppointmentStatus::Noshow, now()).unwrap().status,
        AppointmentStatus::Noshow
    );
    // A no-show still holds its (past) time: nobody is booked over it.
    let again = s.book(PRACTICE, &request(&b.slot_id, "p3"), now()).unwrap_err();
    assert!(matches!(again, ScheduleError::Taken));
    let err = s.set_status(PRACTICE, &b.id, AppointmentStatus::Cancelled, now()).unwrap_err();
    assert!(matches!(err, ScheduleError::InvalidState { .. }));
}

#[test]
fn listings_are_sorted_and_bounded() {
    let s = clinic();
    let ids: Vec<String> = ["2027-03-04", "2027-03-02", "2027-03-03"]
        .iter()
        .map(|day| book(&s, &slot("dr-a", "main", "visit", local(day, "09:00")), "p1").id)
        .collect();
    let mine = s.appointments_for(PRACTICE, "p1").unwrap();
    assert_eq!(mine.iter().map(|a| &a.id).collect::<Vec<_>>(), [&ids[1], &ids[2], &ids[0]]);
    let range = s.appointments_between(PRACTICE, local("2027-03-03", "00:00"), local("2027-03-05", "00:00")).unwrap();
    assert_eq!(range.iter().map(|a| &a.id).collect::<Vec<_>>(), [&ids[2], &ids[0]]);
    assert!(s.appointments_for(PRACTICE, "p2").unwrap().is_empty());
    assert!(s.appointments_between(PRACTICE, now(), now() + 400 * DAY).is_err());
    assert!(s.appointments_on(PRACTICE, "03/02/2027").is_err());
}

#[test]
fn bookings_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let slot_id = slot("dr-a", "main", "esi", local("2027-03-02", "08:00"));
    let id = {
        let db = sled::open(dir.path()).unwrap();
        let s = SledSchedule::open(&db).unwrap();
        s.load_config_json(PRACTICE, &clinic_json()).unwrap();
        let id = book(&s, &slot_id, "p1").id;
        s.flush().unwrap();
        id
    };
    let db = sled::open(dir.path()).unwrap();
    let s = SledSchedule::open(&db).unwrap();
    assert_eq!(s.appointment(PRACTICE, &id).unwrap().unwrap().status, AppointmentStatus::Booked);
    let err = s.book(PRACTICE, &request(&slot("dr-a", "main", "visit", local("2027-03-02", "08:20")), "p2"), now());
    assert!(matches!(err, Err(ScheduleError::Taken)), "occupancy survives too");
    let next = book(&s, &slot("dr-a", "main", "visit", local("2027-03-02", "08:30")), "p2");
    assert_ne!(next.id, id, "ids are not reused after a restart");
}

#[test]
fn the_host_can_hold_the_backend_as_a_trait_object() {
    let backend: Box<dyn ScheduleBackend> = Box::new(clinic());
    let opening = first_opening(&*backend, "visit", "2027-03-02", None);
    let booked = backend.book(PRACTICE, &request(&opening.slot_id, "p1"), now()).unwrap();
    assert_eq!(backend.appointments_for(PRACTICE, "p1").unwrap(), std::slice::from_ref(&booked));
}
