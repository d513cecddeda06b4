//! How opening search and booking cost grow with the size of a schedule.
//!
//! A practice of 1, 10 or 50 providers, each with a full week template
//! (Monday to Friday, 08:00-12:00 and 13:00-17:00, visits and procedures)
//! and one hour-long procedure booked every weekday at 09:00 for a year, so
//! searches also step over bookings. Measured:
//! - `first_10`: the common question, "the next ten openings", over a week
//!   and over a year;
//! - `no_match`: a query nothing satisfies (a start before 07:00), so the
//!   search walks every day and provider of the window: the worst case;
//! - `book`: one booking (its transaction and slot check) on that schedule;
//!   each booking is cancelled again outside the timed part.
//!
//! Run: `cargo bench -p switchboard-scheduling --target-dir target/sched`.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use switchboard_scheduling::{
    AppointmentKind, AppointmentType, BookingRequest, Location, OpeningQuery, Provider, ScheduleBackend,
    ScheduleConfig, SledSchedule, Template, Timestamp, Weekday,
};

const PRACTICE: &str = "bench";
const DAY: i64 = 24 * 3_600_000;
const SIZES: [usize; 3] = [1, 10, 50];

/// `hour`:00 in Chicago, `days` after Monday 2027-01-04.
fn local(days: i64, hour: i8) -> Timestamp {
    let tz = jiff::tz::TimeZone::get("America/Chicago").unwrap();
    let date = jiff::civil::date(2027, 1, 4).checked_add(jiff::Span::new().days(days)).unwrap();
    tz.to_ambiguous_timestamp(date.at(hour, 0, 0, 0)).compatible().unwrap().as_millisecond()
}

fn now() -> Timestamp {
    local(0, 0)
}

fn config(providers: usize) -> ScheduleConfig {
    let kind = |code: &str, kind, duration_minutes| AppointmentType {
        code: code.into(),
        display: code.into(),
        kind,
        duration_minutes,
        slot_step_minutes: None,
    };
    let weekdays = vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];
    let types = vec!["visit".to_string(), "esi".into(), "rfa".into()];
    let mut templates = Vec::new();
    for p in 0..providers {
        for (start, end) in [("08:00", "12:00"), ("13:00", "17:00")] {
            templates.push(Template {
                provider: format!("dr-{p}"),
                location: "main".into(),
                weekdays: weekdays.clone(),
                start: start.into(),
                end: end.into(),
                appointment_types: types.clone(),
            });
        }
    }
    ScheduleConfig {
        time_zone: "America/Chicago".into(),
        booking_notice_minutes: 0,
        locations: vec![Location { id: "main".into(), name: "Main".into(), address: String::new() }],
        providers: (0..providers)
            .map(|p| Provider { id: format!("dr-{p}"), name: format!("Dr. {p}"), locations: vec!["main".into()] })
            .collect(),
        appointment_types: vec![
            kind("visit", AppointmentKind::Visit, 20),
            kind("esi", AppointmentKind::Procedure, 30),
            kind("rfa", AppointmentKind::Procedure, 60),
        ],
        templates,
        exceptions: Vec::new(),
    }
}

/// The first opening of `kind` for a provider on day `days`, at or after `hour`:00 local.
fn slot_at(schedule: &SledSchedule, provider: usize, kind: &str, days: i64, hour: i8) -> Option<String> {
    let mut q = OpeningQuery::new(kind, local(days, hour), local(days + 1, 0), 1);
    q.provider_id = Some(format!("dr-{provider}"));
    schedule.find_openings(PRACTICE, &q, now()).unwrap().into_iter().next().map(|o| o.slot_id)
}

fn request(slot_id: String) -> BookingRequest {
    BookingRequest { slot_id, patient_id: "p-bench".into(), needs_review: false, patient_instruction: None }
}

/// A practice of `providers` with a 09:00 ablation on every weekday of the year.
fn practice(providers: usize) -> SledSchedule {
    let db = sled::Config::new().temporary(true).open().unwrap();
    let schedule = SledSchedule::open(&db).unwrap();
    schedule.load_config(PRACTICE, &config(providers)).unwrap();
    for day in 0..365 {
        for p in 0..providers {
            if let Some(slot) = slot_at(&schedule, p, "rfa", day, 9) {
                schedule.book(PRACTICE, &request(slot), now()).unwrap();
            }
        }
    }
    schedule
}

fn searches(c: &mut Criterion) {
    let mut group = c.benchmark_group("find_openings");
    group.sample_size(20).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    for providers in SIZES {
        let schedule = practice(providers);
        for (window, days) in [("week", 7), ("year", 365)] {
            let first = OpeningQuery::new("esi", now(), now() + days * DAY, 10);
            group.bench_with_input(BenchmarkId::new(format!("first_10/{window}"), providers), &first, |b, q| {
                b.iter(|| black_box(schedule.find_openings(PRACTICE, q, now()).unwrap()))
            });
            let mut none = OpeningQuery::new("esi", now(), now() + days * DAY, 10);
            none.latest_minute = Some(7 * 60);
            group.bench_with_input(BenchmarkId::new(format!("no_match/{window}"), providers), &none, |b, q| {
                b.iter(|| assert!(schedule.find_openings(PRACTICE, q, now()).unwrap().is_empty()))
            });
        }
    }
    group.finish();
}

fn booking(c: &mut Criterion) {
    let mut group = c.benchmark_group("book");
    group.sample_size(50).measurement_time(Duration::from_secs(4)).warm_up_time(Duration::from_secs(1));
    for providers in SIZES {
        let schedule = practice(providers);
        // Free esi slots spread over providers and the year.
        let slots: Vec<String> =
            (0..200).filter_map(|i| slot_at(&schedule, i % providers, "esi", ((i * 37) % 360) as i64, 13)).collect();
        assert!(!slots.is_empty());
        group.bench_function(BenchmarkId::from_parameter(providers), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for i in 0..iters as usize {
                    let slot = slots[i % slots.len()].clone();
                    let started = Instant::now();
                    let booked = schedule.book(PRACTICE, &request(slot), now()).unwrap();
                    total += started.elapsed();
                    schedule.cancel(PRACTICE, &booked.id, "", now()).unwrap();
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, searches, booking);
criterion_main!(benches);
