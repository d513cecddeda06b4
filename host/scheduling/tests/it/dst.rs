//! Templates are wall-clock times in the practice's zone; slots must land
//! on the right instants on both sides of, and during, a DST change.

use switchboard_scheduling::{ScheduleBackend, ScheduleConfig, SledSchedule};

use crate::support::*;

#[test]
fn a_morning_template_keeps_its_wall_clock_time_across_spring_forward() {
    let s = clinic();
    let first = |day: &str| first_opening(&s, "visit", day, Some("dr-a")).start;
    // 08:00 in Chicago is 14:00Z in CST (UTC-6) and 13:00Z in CDT (UTC-5).
    assert_eq!(first("2027-03-12"), utc("2027-03-12T14:00:00Z"), "Friday before");
    assert_eq!(first("2027-03-15"), utc("2027-03-15T13:00:00Z"), "Monday after");
    // And back in November.
    assert_eq!(first("2027-11-05"), utc("2027-11-05T13:00:00Z"));
    assert_eq!(first("2027-11-08"), utc("2027-11-08T14:00:00Z"));

    // One search across the change: every opening of dr-a is at 08:00-11:40 local.
    let mut q = query("visit", local("2027-03-10", "00:00"), local("2027-03-18", "00:00"), 100);
    q.provider_id = Some("dr-a".into());
    let found = openings(&s, &q);
    assert_eq!(found.len(), 6 * 12, "Wed, Thu, Fri, Mon, Tue, Wed");
    assert!(found.iter().all(|o| ("08:00".."11:41").contains(&hhmm(o.start).as_str())), "local times drift");
    // Booking the post-change slot lands on the same instant.
    let a = book(&s, &first_opening(&s, "visit", "2027-03-15", Some("dr-a")).slot_id, "p1");
    assert_eq!(a.start, utc("2027-03-15T13:00:00Z"));
    assert_eq!(s.appointments_on(PRACTICE, "2027-03-15").unwrap().len(), 1);
}

/// A night-shift practice whose Sunday block spans the 2 a.m. change.
fn night_clinic() -> SledSchedule {
    let json = clinic_json().replace(
        r#""start": "13:00", "end": "17:00", "appointment_types": ["visit"] }"#,
        r#""start": "13:00", "end": "17:00", "appointment_types": ["visit"] },
        { "provider": "dr-b", "location": "main", "weekdays": ["sun"], "start": "01:00", "end": "04:00", "appointment_types": ["esi"] }"#,
    );
    let s = SledSchedule::open(&db()).unwrap();
    s.load_config(PRACTICE, &ScheduleConfig::from_json(&json).unwrap()).unwrap();
    s
}

fn sunday(s: &SledSchedule, day: &str) -> Vec<String> {
    let found = openings(s, &query("esi", local(day, "00:00"), local(day, "12:00"), 100));
    found.iter().map(|o| jiff::Timestamp::from_millisecond(o.start).unwrap().to_string()).collect()
}

#[test]
fn a_block_across_spring_forward_is_as_long_as_the_wall_clock_says() {
    let s = night_clinic();
    // 01:00-04:00 local on 2027-03-14 is two real hours (02:00-03:00 never
    // happens): 01:00 CST, 01:30 CST, then 03:00 and 03:30 CDT.
    assert_eq!(
        sunday(&s, "2027-03-14"),
        ["2027-03-14T07:00:00Z", "2027-03-14T07:30:00Z", "2027-03-14T08:00:00Z", "2027-03-14T08:30:00Z"]
    );
    // A normal Sunday has six.
    assert_eq!(sunday(&s, "2027-03-07").len(), 6);
    // The 01:30 CST slot runs 07:30-08:00Z, i.e. up to 03:00 CDT; booking
    // it and the 03:00 CDT one both work: they do not overlap in real time.
    book(&s, &slot("dr-b", "main", "esi", utc("2027-03-14T07:30:00Z")), "p1");
    book(&s, &slot("dr-b", "main", "esi", utc("2027-03-14T08:00:00Z")), "p2");
    // A slot that would run past the block's real end is refused.
    let late = slot("dr-b", "main", "esi", utc("2027-03-14T08:45:00Z"));
    assert!(s.book(PRACTICE, &request(&late, "p3"), now()).is_err());
}

#[test]
fn a_block_across_fall_back_is_an_hour_longer_and_repeats_no_instant() {
    let s = night_clinic();
    // 01:00-04:00 local on 2027-11-07 is four real hours: 01:00 and 01:30
    // happen twice (CDT, then CST).
    let found = sunday(&s, "2027-11-07");
    assert_eq!(
        found,
        [
            "2027-11-07T06:00:00Z",
            "2027-11-07T06:30:00Z",
            "2027-11-07T07:00:00Z",
            "2027-11-07T07:30:00Z",
            "2027-11-07T08:00:00Z",
            "2027-11-07T08:30:00Z",
            "2027-11-07T09:00:00Z",
            "2027-11-07T09:30:00Z",
        ]
    );
    // Both 01:30s are bookable and distinct.
    book(&s, &slot("dr-b", "main", "esi", utc("2027-11-07T06:30:00Z")), "p1");
    book(&s, &slot("dr-b", "main", "esi", utc("2027-11-07T07:30:00Z")), "p2");
    assert_eq!(sunday(&s, "2027-11-07").len(), 6);
}

#[test]
fn time_of_day_filters_use_local_time_after_the_change() {
    let s = clinic();
    let mut q = query("visit", local("2027-03-12", "00:00"), local("2027-03-16", "00:00"), 100);
    q.provider_id = Some("dr-a".into());
    q.earliest_minute = Some(11 * 60);
    let found = openings(&s, &q);
    // Friday before and Monday after: 11:00, 11:20, 11:40 local each day.
    assert_eq!(found.len(), 6);
    assert!(found.iter().all(|o| hhmm(o.start).starts_with("11:")));
    assert_eq!(found[3].start, utc("2027-03-15T16:00:00Z"));
}

#[test]
fn closures_in_another_zone_follow_that_zone() {
    // The same clinic in Honolulu (no DST) and in Chicago close the same
    // local date; each closes its own local day.
    let s = SledSchedule::open(&db()).unwrap();
    let closed = r#"], "exceptions": [ { "kind": "closed", "from": "2027-03-02" } ] }"#;
    let json = |zone: &str| {
        let base = clinic_json().replace("America/Chicago", zone);
        let end = base.rfind(']').unwrap();
        format!("{}{}", &base[..end], closed)
    };
    s.load_config_json("honolulu", &json("Pacific/Honolulu")).unwrap();
    s.load_config_json(PRACTICE, &json("America/Chicago")).unwrap();
    let window = (utc("2027-03-01T00:00:00Z"), utc("2027-03-05T00:00:00Z"));
    for practice in ["honolulu", PRACTICE] {
        let found = s.find_openings(practice, &query("esi", window.0, window.1, 100), now()).unwrap();
        let zone = if practice == "honolulu" { "Pacific/Honolulu" } else { ZONE };
        let tz = jiff::tz::TimeZone::get(zone).unwrap();
        let days: Vec<String> = found
            .iter()
            .map(|o| tz.to_datetime(jiff::Timestamp::from_millisecond(o.start).unwrap()).date().to_string())
            .collect();
        assert!(!days.contains(&"2027-03-02".to_string()), "{practice}: {days:?}");
        assert!(days.contains(&"2027-03-03".to_string()), "{practice}");
        assert_eq!(found[0].start, local_in(zone, "2027-03-01", "08:00"), "{practice}");
    }
}
