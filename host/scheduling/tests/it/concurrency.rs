//! No double booking, ever: many threads race for the same and for
//! overlapping time, and exactly the non-overlapping winners remain.

use std::sync::Barrier;
use std::thread;

use switchboard_scheduling::{Appointment, ScheduleBackend, ScheduleError};

use crate::support::*;

const THREADS: usize = 32;

/// Runs `f(i)` on `n` threads released at the same moment.
fn race<T: Send>(n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let barrier = Barrier::new(n);
    thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|i| {
                let (barrier, f) = (&barrier, &f);
                scope.spawn(move || {
                    barrier.wait();
                    f(i)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

fn winners(results: Vec<Result<Appointment, ScheduleError>>) -> Vec<Appointment> {
    results
        .into_iter()
        .filter_map(|r| match r {
            Ok(a) => Some(a),
            Err(ScheduleError::Taken) => None,
            Err(other) => panic!("only Taken may fail a race: {other}"),
        })
        .collect()
}

#[test]
fn the_same_slot_from_many_threads_is_booked_exactly_once() {
    let s = clinic();
    for round in 0..12 {
        let start = local("2027-03-02", "08:00") + round * 20 * MINUTE;
        let slot_id = slot("dr-a", "main", "visit", start);
        let results = race(THREADS, |i| s.book(PRACTICE, &request(&slot_id, &format!("p{i}")), now()));
        let won = winners(results);
        assert_eq!(won.len(), 1, "round {round}");
    }
    let day = s.appointments_on(PRACTICE, "2027-03-02").unwrap();
    assert_eq!(day.len(), 12);
    assert_no_overlap(&day);
}

#[test]
fn overlapping_procedures_of_different_durations_never_share_a_minute() {
    let s = clinic();
    // 08:00-12:00 Tuesday: every thread asks for a different overlapping
    // slot, 20 to 60 minutes long, starting on a 5-minute grid.
    let kinds = [("visit", 20), ("esi", 30), ("tpi", 45), ("rfa", 60)];
    // Tuesdays on both sides of the March DST change.
    for day in ["2027-03-02", "2027-03-09", "2027-03-16", "2027-03-23", "2027-03-30", "2027-04-06"] {
        let results = race(THREADS * 2, |i| {
            let (kind, minutes) = kinds[i % kinds.len()];
            let offset = (i as i64 * 5) % (240 - minutes);
            let start = local(day, "08:00") + offset * MINUTE;
            s.book(PRACTICE, &request(&slot("dr-a", "main", kind, start), &format!("p{i}")), now())
        });
        let won = winners(results);
        assert!(!won.is_empty());
        assert_no_overlap(&won);
        // And what is stored agrees with what the callers were told.
        let stored = s.appointments_on(PRACTICE, day).unwrap();
        assert_eq!(stored.len(), won.len());
        assert_no_overlap(&stored);
    }
}

#[test]
fn racing_reschedules_into_one_slot_move_exactly_one() {
    let s = clinic();
    let movers: Vec<Appointment> = (0..8)
        .map(|i| book(&s, &slot("dr-a", "main", "visit", local("2027-03-03", "08:00") + i * 20 * MINUTE), "p"))
        .collect();
    let target = slot("dr-a", "main", "visit", local("2027-03-04", "09:00"));
    let results = race(movers.len(), |i| s.reschedule(PRACTICE, &movers[i].id, &target, now()));
    let won = winners(results);
    assert_eq!(won.len(), 1);
    for m in &movers {
        let now_stored = s.appointment(PRACTICE, &m.id).unwrap().unwrap();
        if now_stored.id == won[0].id {
            assert_eq!(now_stored.slot_id, target);
        } else {
            assert_eq!(now_stored, *m, "a losing reschedule changes nothing");
        }
    }
    // The winner's old time is free; every loser's is still held.
    let old_of_winner = movers.iter().find(|m| m.id == won[0].id).unwrap();
    book(&s, &old_of_winner.slot_id, "q");
    for m in movers.iter().filter(|m| m.id != won[0].id) {
        assert!(matches!(s.book(PRACTICE, &request(&m.slot_id, "q"), now()), Err(ScheduleError::Taken)));
    }
}

#[test]
fn a_storm_of_books_moves_and_cancels_leaves_consistent_occupancy() {
    let s = clinic();
    let day = "2027-03-05";
    let base = local(day, "08:00");
    race(16, |i| {
        let mut mine: Vec<Appointment> = Vec::new();
        for step in 0..40usize {
            let seed = (i * 7919 + step * 104_729) % 997;
            let kind = ["visit", "esi", "tpi", "rfa"][seed % 4];
            let start = base + ((seed as i64 * 5) % 180) * MINUTE;
            let slot_id = slot("dr-a", "main", kind, start);
            match (seed / 4) % 3 {
                0 | 1 => match s.book(PRACTICE, &request(&slot_id, "p"), now()) {
                    Ok(a) => mine.push(a),
                    Err(ScheduleError::Taken | ScheduleError::SlotUnavailable { .. }) => {}
                    Err(e) => panic!("{e}"),
                },
                _ => {
                    if let Some(a) = mine.pop() {
                        if seed % 2 == 0 {
                            s.cancel(PRACTICE, &a.id, "", now()).unwrap();
                        } else {
                            let moved = slot("dr-a", "main", &a.appointment_type, start);
                            match s.reschedule(PRACTICE, &a.id, &moved, now()) {
                                Ok(m) => mine.push(m),
                                Err(ScheduleError::Taken | ScheduleError::SlotUnavailable { .. }) => mine.push(a),
                                Err(e) => panic!("{e}"),
                            }
                        }
                    }
                }
            }
        }
    });
    let stored = s.appointments_on(PRACTICE, day).unwrap();
    assert_no_overlap(&stored);
    // Cancel all that hold time: the whole morning must be free again, so
    // no occupancy key outlived its appointment.
    for a in stored.iter().filter(|a| a.status.occupies()) {
        s.cancel(PRACTICE, &a.id, "", now()).unwrap();
    }
    let fresh = clinic();
    let q = query("visit", local(day, "00:00"), local(day, "23:59"), 100);
    assert_eq!(openings(&s, &q), openings(&fresh, &q));
    book(&s, &slot("dr-a", "main", "tpi", base), "p");
}
