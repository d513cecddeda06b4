//! Shared fixtures: a small test clinic in Chicago, instants from local
//! wall-clock times, and a fresh database per test.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use switchboard_scheduling::{
    Appointment, BookingRequest, Opening, OpeningQuery, ScheduleBackend, SledSchedule, Timestamp,
};

pub const PRACTICE: &str = "clinic";
pub const ZONE: &str = "America/Chicago";
pub const HOUR: i64 = 3_600_000;
pub const DAY: i64 = 24 * HOUR;
pub const MINUTE: i64 = 60_000;

/// Two providers, two locations; dr-a works mornings Monday to Friday at
/// `main` (visits and procedures), dr-b Monday and Wednesday afternoons.
pub fn clinic_json() -> String {
    r#"{
      "time_zone": "America/Chicago",
      "locations": [
        { "id": "main", "name": "Main Clinic", "address": "1 Main St" },
        { "id": "north", "name": "North Office" }
      ],
      "providers": [
        { "id": "dr-a", "name": "Dr. Ada", "locations": ["main", "north"] },
        { "id": "dr-b", "name": "Dr. Bo", "locations": ["main"] }
      ],
      "appointment_types": [
        { "code": "visit", "display": "Visit", "kind": "visit", "duration_minutes": 20 },
        { "code": "esi", "display": "Epidural", "kind": "procedure", "duration_minutes": 30 },
        { "code": "rfa", "display": "Ablation", "kind": "procedure", "duration_minutes": 60 },
        { "code": "tpi", "display": "Trigger points", "kind": "procedure", "duration_minutes": 45, "slot_step_minutes": 15 }
      ],
      "templates": [
        { "provider": "dr-a", "location": "main", "weekdays": ["mon", "tue", "wed", "thu", "fri"],
          "start": "08:00", "end": "12:00", "appointment_types": ["visit", "esi", "rfa", "tpi"] },
        { "provider": "dr-b", "location": "main", "weekdays": ["mon", "wed"],
          "start": "13:00", "end": "17:00", "appointment_types": ["visit"] }
      ]
    }"#
    .to_owned()
}

pub fn db() -> sled::Db {
    sled::Config::new().temporary(true).open().expect("temporary sled db")
}

/// A backend with the test clinic loaded as `clinic`.
pub fn clinic() -> SledSchedule {
    let schedule = SledSchedule::open(&db()).unwrap();
    schedule.load_config_json(PRACTICE, &clinic_json()).unwrap();
    schedule
}

pub fn date(text: &str) -> Date {
    text.parse().unwrap()
}

/// The instant of a local wall-clock time in `zone`.
pub fn local_in(zone: &str, day: &str, hhmm: &str) -> Timestamp {
    let tz = TimeZone::get(zone).unwrap();
    let dt = date(day).to_datetime(hhmm.parse().unwrap());
    tz.to_ambiguous_timestamp(dt).compatible().unwrap().as_millisecond()
}

/// A Chicago wall-clock time.
pub fn local(day: &str, hhmm: &str) -> Timestamp {
    local_in(ZONE, day, hhmm)
}

/// "Now" for most tests: Monday 2027-03-01, 00:00 in Chicago.
pub fn now() -> Timestamp {
    local("2027-03-01", "00:00")
}

pub fn utc(text: &str) -> Timestamp {
    text.parse::<jiff::Timestamp>().unwrap().as_millisecond()
}

/// Local `HH:MM` of an instant in Chicago.
pub fn hhmm(at: Timestamp) -> String {
    let dt = TimeZone::get(ZONE).unwrap().to_datetime(jiff::Timestamp::from_millisecond(at).unwrap());
    format!("{:02}:{:02}", dt.hour(), dt.minute())
}

pub fn query(kind: &str, from: Timestamp, until: Timestamp, max: u32) -> OpeningQuery {
    OpeningQuery::new(kind, from, until, max)
}

pub fn openings(s: &(impl ScheduleBackend + ?Sized), q: &OpeningQuery) -> Vec<Opening> {
    s.find_openings(PRACTICE, q, now()).unwrap()
}

/// The first opening of `kind` on a local day (any provider unless given).
pub fn first_opening(s: &(impl ScheduleBackend + ?Sized), kind: &str, day: &str, provider: Option<&str>) -> Opening {
    let mut q = query(kind, local(day, "00:00"), local(day, "23:59"), 1);
    q.provider_id = provider.map(str::to_owned);
    openings(s, &q).into_iter().next().expect("an opening")
}

pub fn request(slot_id: &str, patient: &str) -> BookingRequest {
    BookingRequest {
        slot_id: slot_id.to_owned(),
        patient_id: patient.to_owned(),
        needs_review: false,
        patient_instruction: None,
    }
}

pub fn book(s: &(impl ScheduleBackend + ?Sized), slot_id: &str, patient: &str) -> Appointment {
    s.book(PRACTICE, &request(slot_id, patient), now()).unwrap()
}

/// A slot id for any provider/location/type/start, bypassing the search
/// (the backend must validate it on its own).
pub fn slot(provider: &str, location: &str, kind: &str, start: Timestamp) -> String {
    format!("s1.{provider}.{location}.{kind}.{}", start / MINUTE)
}

/// Asserts that no two time-holding appointments of one provider overlap.
pub fn assert_no_overlap(appointments: &[Appointment]) {
    let mut held: Vec<&Appointment> = appointments.iter().filter(|a| a.status.occupies()).collect();
    held.sort_by_key(|a| (a.provider_id.clone(), a.start));
    for pair in held.windows(2) {
        if pair[0].provider_id == pair[1].provider_id {
            assert!(pair[0].end() <= pair[1].start, "double booking: {:?} and {:?}", pair[0], pair[1]);
        }
    }
}
