//! Loading, reading back and rejecting schedule configs.

use switchboard_scheduling::{
    ConfigError, ConfigProblem, ScheduleBackend, ScheduleConfig, ScheduleError, SledSchedule,
};

use crate::support::*;

fn issues(json: &str) -> Vec<String> {
    match ScheduleConfig::from_json(json) {
        Err(ConfigError::Invalid(errors)) => errors.0.iter().map(|i| i.to_string()).collect(),
        other => panic!("expected validation errors, got {other:?}"),
    }
}

/// The clinic config with one JSON fragment replaced.
fn clinic_with(from: &str, to: &str) -> String {
    let json = clinic_json();
    assert!(json.contains(from), "fixture lacks {from}");
    json.replacen(from, to, 1)
}

#[test]
fn the_demo_schedule_loads_and_has_openings_in_every_coming_week() {
    let schedule = SledSchedule::open(&db()).unwrap();
    let config = schedule.load_config_json("demo", include_str!("../../demo-schedule.json")).unwrap();
    assert_eq!(config.providers.len(), 3);
    let start = local_in("America/New_York", "2026-11-23", "00:00");
    for week in 0..8 {
        let from = start + week * 7 * DAY;
        for kind in [
            "new-patient",
            "med-management",
            "follow-up",
            "lumbar-esi",
            "cervical-esi",
            "medial-branch-block",
            "radiofrequency-ablation",
            "scs-trial",
            "pump-refill",
            "trigger-point",
            "si-joint",
        ] {
            let found = schedule.find_openings("demo", &query(kind, from, from + 7 * DAY, 3), start).unwrap();
            assert_eq!(found.len(), 3, "{kind} in week {week}");
        }
    }
}

#[test]
fn a_loaded_config_reads_back_and_a_reload_replaces_it() {
    let schedule = clinic();
    let config = schedule.config(PRACTICE).unwrap().unwrap();
    assert_eq!(config, ScheduleConfig::from_json(&clinic_json()).unwrap());
    assert_eq!(schedule.config("other").unwrap(), None);

    // Dropping dr-b's template removes their openings at once, also through
    // a second handle on the same database (the cache is generation-tagged).
    let second = schedule.clone();
    let mut smaller = config.clone();
    smaller.templates.truncate(1);
    second.load_config(PRACTICE, &smaller).unwrap();
    let q = query("visit", now(), now() + 7 * DAY, 100);
    assert!(openings(&schedule, &q).iter().all(|o| o.provider_id == "dr-a"));
}

#[test]
fn every_problem_is_reported_with_its_path() {
    let json = r#"{
      "time_zone": "America/Springfield",
      "locations": [ { "id": "Main", "name": "" }, { "id": "north", "name": "North" }, { "id": "north", "name": "Again" } ],
      "providers": [ { "id": "dr-a", "name": "Dr. A", "locations": ["north", "south"] } ],
      "appointment_types": [
        { "code": "visit", "display": "Visit", "kind": "visit", "duration_minutes": 0 }
      ],
      "templates": [
        { "provider": "dr-x", "location": "north", "weekdays": ["mon"], "start": "08:00", "end": "12:00", "appointment_types": ["visit"] },
        { "provider": "dr-a", "location": "north", "weekdays": [], "start": "8:00", "end": "25:00", "appointment_types": ["nope"] },
        { "provider": "dr-a", "location": "north", "weekdays": ["tue"], "start": "12:00", "end": "09:00", "appointment_types": [] }
      ],
      "exceptions": [
        { "kind": "closed", "provider": "dr-q", "from": "2027-02-30" },
        { "kind": "closed", "from": "2027-03-10", "until": "2027-03-01", "start": "09:00" },
        { "kind": "open", "provider": "dr-a", "location": "north", "date": "03/01/2027", "start": "09:00", "end": "10:00", "appointment_types": ["visit"] }
      ]
    }"#;
    let found = issues(json);
    let expected = [
        r#"time_zone: "America/Springfield" is not an IANA time zone (e.g. "America/Chicago")"#,
        r#"locations[0].id: "Main" is not an id: use 1-64 characters from a-z, 0-9 and '-'"#,
        "locations[0].name: must not be empty",
        r#"locations[2].id: duplicate id "north""#,
        "appointment_types[0].duration_minutes: 0 is outside 5..=720",
        r#"providers[0].locations[1]: unknown location "south""#,
        r#"templates[0].provider: unknown provider "dr-x""#,
        "templates[1].weekdays: must not be empty",
        r#"templates[1].start: "8:00" is not a local time HH:MM (00:00 to 24:00)"#,
        r#"templates[1].end: "25:00" is not a local time HH:MM (00:00 to 24:00)"#,
        r#"templates[1].appointment_types[0]: unknown appointment type "nope""#,
        "templates[2].end: start 12:00 is not before end 09:00",
        "templates[2].appointment_types: must not be empty",
        r#"exceptions[0].provider: unknown provider "dr-q""#,
        r#"exceptions[0].from: "2027-02-30" is not a date YYYY-MM-DD"#,
        "exceptions[1].until: start 2027-03-10 is not before end 2027-03-01",
        "exceptions[1]: give both start and end (part of a day) or neither (whole days)",
        r#"exceptions[2].date: "03/01/2027" is not a date YYYY-MM-DD"#,
    ];
    assert_eq!(found, expected);
}

#[test]
fn overlapping_templates_and_wrong_locations_are_named() {
    let json = clinic_with(
        r#""start": "13:00", "end": "17:00", "appointment_types": ["visit"] }"#,
        r#""start": "13:00", "end": "17:00", "appointment_types": ["visit"] },
        { "provider": "dr-b", "location": "main", "weekdays": ["wed", "fri"], "start": "16:00", "end": "18:00", "appointment_types": ["visit"] },
        { "provider": "dr-b", "location": "north", "weekdays": ["fri"], "start": "08:00", "end": "09:00", "appointment_types": ["visit"] }"#,
    );
    assert_eq!(
        issues(&json),
        [
            r#"templates[3].location: provider "dr-b" does not work at location "north" (see providers[].locations)"#,
            "templates[2]: overlaps templates[1] on wed for the same provider",
        ]
    );
}

#[test]
fn times_and_durations_must_sit_on_the_five_minute_grid() {
    let json = clinic_with(r#""duration_minutes": 20 }"#, r#""duration_minutes": 22 }"#)
        .replacen(r#""start": "08:00", "end": "12:00""#, r#""start": "08:03", "end": "12:00""#, 1)
        .replacen(r#""slot_step_minutes": 15"#, r#""slot_step_minutes": 7"#, 1);
    assert_eq!(
        issues(&json),
        [
            "appointment_types[0].duration_minutes: 22 minutes is not a multiple of 5 minutes",
            "appointment_types[3].slot_step_minutes: 7 minutes is not a multiple of 5 minutes",
            "templates[0].start: 08:03 is not a multiple of 5 minutes",
        ]
    );
}

#[test]
fn json_shape_errors_name_the_line_and_unknown_fields_are_rejected() {
    let err =
        ScheduleConfig::from_json(&clinic_with(r#""address": "1 Main St""#, r#""adress": "1 Main St""#)).unwrap_err();
    let message = err.to_string();
    assert!(matches!(err, ConfigError::Json(_)));
    assert!(message.contains("unknown field `adress`") && message.contains("line 4"), "{message}");

    let err = ScheduleConfig::from_json(&clinic_with(r#""kind": "visit""#, r#""kind": "consult""#)).unwrap_err();
    assert!(err.to_string().contains("unknown variant `consult`"), "{err}");

    let err = ScheduleConfig::from_json(&clinic_with(r#"["mon", "wed"]"#, r#"["monday"]"#)).unwrap_err();
    assert!(err.to_string().contains("unknown variant `monday`"), "{err}");
}

#[test]
fn a_rejected_config_changes_nothing_and_practice_ids_are_checked() {
    let schedule = clinic();
    let mut bad = schedule.config(PRACTICE).unwrap().unwrap();
    bad.templates[0].end = "07:00".into();
    let err = schedule.load_config(PRACTICE, &bad).unwrap_err();
    match &err {
        ScheduleError::Config(ConfigError::Invalid(v)) => {
            assert_eq!(v.0[0].path, "templates[0].end");
            assert!(matches!(v.0[0].problem, ConfigProblem::EmptyRange { .. }));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(schedule.config(PRACTICE).unwrap().unwrap().templates[0].end, "12:00");

    for practice in ["", "Clinic", "a\0b", "../x", &"x".repeat(65)] {
        let err = schedule.load_config_json(practice, &clinic_json()).unwrap_err();
        assert!(matches!(err, ScheduleError::InvalidPracticeId(_)), "{practice:?}");
    }
    let err = schedule.find_openings("nobody", &query("visit", now(), now() + DAY, 1), now()).unwrap_err();
    assert!(matches!(err, ScheduleError::NotConfigured(_)));
}
