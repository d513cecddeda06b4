//! The opening search: order, filters, bookings, the past, exceptions.

use switchboard_scheduling::{ScheduleBackend, ScheduleConfig, ScheduleError, SledSchedule};

use crate::support::*;

fn starts(found: &[switchboard_scheduling::Opening]) -> Vec<String> {
    found.iter().map(|o| format!("{} {}", o.provider_id, hhmm(o.start))).collect()
}

#[test]
fn openings_come_in_time_order_from_the_templates() {
    let s = clinic();
    let monday = query("visit", local("2027-03-01", "00:00"), local("2027-03-02", "00:00"), 100);
    let found = openings(&s, &monday);
    // dr-a 08:00-12:00 and dr-b 13:00-17:00, 20-minute visits back to back.
    assert_eq!(found.len(), 12 + 12);
    assert_eq!(starts(&found[..3]), ["dr-a 08:00", "dr-a 08:20", "dr-a 08:40"]);
    assert_eq!(starts(&found[12..14]), ["dr-b 13:00", "dr-b 13:20"]);
    assert_eq!(starts(&found[23..]), ["dr-b 16:40"]);
    assert!(found.windows(2).all(|w| w[0].start < w[1].start));
    let first = &found[0];
    assert_eq!((first.provider_name.as_str(), first.location_id.as_str()), ("Dr. Ada", "main"));
    assert_eq!((first.appointment_type.as_str(), first.duration_minutes), ("visit", 20));

    // Tuesday: only dr-a. A 60-minute procedure fits four times in 08:00-12:00.
    let found = openings(&s, &query("rfa", local("2027-03-02", "00:00"), local("2027-03-03", "00:00"), 100));
    assert_eq!(starts(&found), ["dr-a 08:00", "dr-a 09:00", "dr-a 10:00", "dr-a 11:00"]);
    // A 45-minute type stepping every 15 minutes: 08:00, 08:15, ... 11:15.
    let found = openings(&s, &query("tpi", local("2027-03-02", "00:00"), local("2027-03-03", "00:00"), 100));
    assert_eq!(found.len(), 14);
    assert_eq!(hhmm(found.last().unwrap().start), "11:15");
}

#[test]
fn ties_are_broken_by_provider_and_max_results_is_honoured() {
    let s = clinic();
    let mut config = s.config(PRACTICE).unwrap().unwrap();
    // dr-b also works Monday mornings at main: both start at 08:00.
    config.templates[1].start = "08:00".into();
    config.templates[1].end = "09:00".into();
    s.load_config(PRACTICE, &config).unwrap();
    let found = openings(&s, &query("visit", local("2027-03-01", "00:00"), local("2027-03-08", "00:00"), 4));
    assert_eq!(starts(&found), ["dr-a 08:00", "dr-b 08:00", "dr-a 08:20", "dr-b 08:20"]);
    // Zero asks for nothing; huge asks are clamped.
    assert!(openings(&s, &query("visit", now(), now() + 7 * DAY, 0)).is_empty());
    assert_eq!(openings(&s, &query("visit", now(), now() + 60 * DAY, 10_000)).len(), 100);
}

#[test]
fn filters_narrow_by_provider_location_weekday_and_time_of_day() {
    let s = clinic();
    let week = (local("2027-03-01", "00:00"), local("2027-03-08", "00:00"));
    let mut q = query("visit", week.0, week.1, 100);
    q.provider_id = Some("dr-b".into());
    let found = openings(&s, &q);
    assert_eq!(found.len(), 24, "Monday and Wednesday afternoons");
    assert!(found.iter().all(|o| o.provider_id == "dr-b"));

    let mut q = query("visit", week.0, week.1, 100);
    q.location_id = Some("north".into());
    assert!(openings(&s, &q).is_empty(), "nobody has a template at north");

    // Tuesdays and Thursdays (1, 3), 10:00 to 11:00 latest start.
    let mut q = query("visit", week.0, week.1, 100);
    q.weekdays = vec![1, 3];
    q.earliest_minute = Some(10 * 60);
    q.latest_minute = Some(11 * 60);
    let found = openings(&s, &q);
    assert_eq!(starts(&found), ["dr-a 10:00", "dr-a 10:20", "dr-a 10:40", "dr-a 11:00"].repeat(2));
    assert_eq!(found[0].start, local("2027-03-02", "10:00"));
    assert_eq!(found[4].start, local("2027-03-04", "10:00"));

    // The window is [not_before, not_after): a start exactly at not_after is out.
    let found = openings(&s, &query("visit", local("2027-03-02", "08:20"), local("2027-03-02", "09:00"), 100));
    assert_eq!(starts(&found), ["dr-a 08:20", "dr-a 08:40"]);
}

#[test]
fn booked_time_is_skipped_and_openings_pack_around_it() {
    let s = clinic();
    let day = (local("2027-03-02", "00:00"), local("2027-03-03", "00:00"));
    // An ablation 08:00-09:00 and an epidural 09:20-09:50.
    book(&s, &slot("dr-a", "main", "rfa", local("2027-03-02", "08:00")), "p1");
    book(&s, &slot("dr-a", "main", "esi", local("2027-03-02", "09:20")), "p2");
    let found = openings(&s, &query("visit", day.0, day.1, 5));
    assert_eq!(starts(&found), ["dr-a 09:00", "dr-a 09:50", "dr-a 10:10", "dr-a 10:30", "dr-a 10:50"]);
    let found = openings(&s, &query("rfa", day.0, day.1, 5));
    assert_eq!(starts(&found), ["dr-a 09:50", "dr-a 10:50"]);

    // A cancelled appointment frees its time again.
    let third = book(&s, &found[0].slot_id, "p3");
    assert_eq!(starts(&openings(&s, &query("rfa", day.0, day.1, 5))), ["dr-a 10:50"]);
    s.cancel(PRACTICE, &third.id, "patient request", now()).unwrap();
    assert_eq!(starts(&openings(&s, &query("rfa", day.0, day.1, 5))), ["dr-a 09:50", "dr-a 10:50"]);
}

#[test]
fn the_past_and_the_booking_notice_are_never_offered() {
    let s = clinic();
    let tuesday = local("2027-03-02", "00:00");
    let q = query("visit", tuesday, tuesday + DAY, 3);
    let at_0905 = local("2027-03-02", "09:05");
    let found = s.find_openings(PRACTICE, &q, at_0905).unwrap();
    assert_eq!(starts(&found), ["dr-a 09:20", "dr-a 09:40", "dr-a 10:00"], "stays on the 20-minute grid");

    let mut config = s.config(PRACTICE).unwrap().unwrap();
    config.booking_notice_minutes = 120;
    s.load_config(PRACTICE, &config).unwrap();
    let found = s.find_openings(PRACTICE, &q, at_0905).unwrap();
    assert_eq!(hhmm(found[0].start), "11:20");
    // Everything today is past or too soon after 10:00: tomorrow's first.
    let found = s
        .find_openings(PRACTICE, &query("visit", tuesday, tuesday + 7 * DAY, 1), local("2027-03-02", "10:01"))
        .unwrap();
    assert_eq!(found[0].start, local("2027-03-03", "08:00"));
}

#[test]
fn closures_and_extra_blocks_change_the_openings() {
    let schedule = SledSchedule::open(&db()).unwrap();
    let mut config = ScheduleConfig::from_json(&clinic_json()).unwrap();
    let extra = r#"[
      { "kind": "closed", "from": "2027-03-03", "reason": "practice closed" },
      { "kind": "closed", "provider": "dr-a", "from": "2027-03-04", "until": "2027-03-05" },
      { "kind": "closed", "provider": "dr-a", "from": "2027-03-02", "start": "09:00", "end": "10:30" },
      { "kind": "open", "provider": "dr-b", "location": "main", "date": "2027-03-06", "start": "09:00", "end": "10:00", "appointment_types": ["visit"] },
      { "kind": "open", "provider": "dr-a", "location": "north", "date": "2027-03-01", "start": "10:00", "end": "13:00", "appointment_types": ["visit"] }
    ]"#;
    config.exceptions = serde_json::from_str(extra).unwrap();
    schedule.load_config(PRACTICE, &config).unwrap();
    let per_day = |day: &str| {
        let from = local(day, "00:00");
        openings(&schedule, &query("visit", from, from + DAY, 100))
    };
    // Monday: dr-a's extra north block overlaps their main template
    // 10:00-12:00; each time is offered once (at main, listed first).
    let monday = per_day("2027-03-01");
    let dr_a: Vec<_> = monday.iter().filter(|o| o.provider_id == "dr-a").collect();
    assert_eq!(dr_a.len(), 12 + 3, "08:00-12:00 at main, then 12:00-13:00 at north");
    assert!(dr_a.windows(2).all(|w| w[0].start < w[1].start), "no time offered twice");
    assert_eq!(dr_a.last().unwrap().location_id, "north");
    // Tuesday: dr-a closed 09:00-10:30 → 08:00-09:00 (3) and 10:30-12:00 (4, grid restarts).
    assert_eq!(
        starts(&per_day("2027-03-02")),
        ["dr-a 08:00", "dr-a 08:20", "dr-a 08:40", "dr-a 10:30", "dr-a 10:50", "dr-a 11:10", "dr-a 11:30"]
    );
    // Wednesday: the whole practice is closed, dr-b included.
    assert!(per_day("2027-03-03").is_empty());
    // Thursday and Friday: dr-a away, nobody else works mornings then.
    assert!(per_day("2027-03-04").is_empty() && per_day("2027-03-05").is_empty());
    // Saturday: dr-b's extra block.
    assert_eq!(starts(&per_day("2027-03-06")), ["dr-b 09:00", "dr-b 09:20", "dr-b 09:40"]);

    // Booking honours the same exceptions.
    let closed = slot("dr-a", "main", "visit", local("2027-03-02", "09:00"));
    let err = schedule.book(PRACTICE, &request(&closed, "p1"), now()).unwrap_err();
    assert!(matches!(err, ScheduleError::SlotUnavailable { .. }), "{err}");
    book(&schedule, &slot("dr-b", "main", "visit", local("2027-03-06", "09:20")), "p1");
}

#[test]
fn bad_queries_get_precise_errors() {
    let s = clinic();
    let check = |q: switchboard_scheduling::OpeningQuery, expect: &str| {
        let err = s.find_openings(PRACTICE, &q, now()).unwrap_err();
        assert!(err.to_string().contains(expect), "{err} lacks {expect}");
    };
    check(query("massage", now(), now() + DAY, 1), "appointment_type");
    check(query("visit", now() + DAY, now(), 1), "not_after must be later");
    check(query("visit", now(), now() + 401 * DAY, 1), "at most 400 days");
    let mut q = query("visit", now(), now() + DAY, 1);
    q.weekdays = vec![7];
    check(q, "weekdays are 0");
    let mut q = query("visit", now(), now() + DAY, 1);
    q.earliest_minute = Some(600);
    q.latest_minute = Some(500);
    check(q, "earliest <= latest");
    let mut q = query("visit", now(), now() + DAY, 1);
    q.provider_id = Some("dr-z".into());
    check(q, "provider dr-z not found");
}
