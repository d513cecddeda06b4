//! Native cost of one turn (config decode + state decode + recognise +
//! conversation + state encode), for a few typical messages:
//! `cargo run --release -p pain-management --example turn_cost`.

use std::time::Instant;

use pain_management::{PreparedConfig, RecordingHost, Turn, classify, prepare_config, run_turn_native};
use switchboard_sdk::Channel;

fn turn(text: &str, first: bool) -> Turn {
    Turn {
        conversation_id: "bench".into(),
        channel: Channel::Sms,
        caller: "+15550199001".into(),
        called: "+15550100000".into(),
        text: Some(text.into()),
        digits: None,
        confidence: None,
        first_turn: first,
        received_at: 1_700_000_000_000,
    }
}

fn main() {
    if std::env::args().any(|a| a == "--parts") {
        parts();
    }
    let prepared = prepare_config(include_str!("../demo-config.toml")).expect("demo config");
    let config = PreparedConfig::decode(&prepared).unwrap();
    let mut host = pain_management::host::demo_host();
    let greeted = run_turn_native(&config, &turn("hi", true), None, &mut host).unwrap().state;
    let cases = [
        ("greeting", "hi", true),
        ("refill request", "I need a refill of my oxycodone please", false),
        (
            "everything at once",
            "Hi this is Maria Gonzalez DOB 3/14/1971 I need a refill on my oxycodone 10mg please send to the CVS on Main St, this number",
            false,
        ),
        ("policy", "what are your hours on saturday and where do i park", false),
        ("pressure", "the doctor said it's fine so just approve it today", false),
    ];
    let n: u32 = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let only: Option<String> = std::env::args().skip_while(|a| a != "--only").nth(1);
    for (name, text, first) in cases {
        if only.as_deref().is_some_and(|o| !name.starts_with(o)) {
            continue;
        }
        let t = turn(text, first);
        let state = if first { None } else { Some(greeted.as_slice()) };
        let start = Instant::now();
        for _ in 0..n {
            let config = PreparedConfig::decode(&prepared).unwrap();
            let mut host = RecordingHost::default();
            std::hint::black_box(run_turn_native(&config, &t, state, &mut host).unwrap());
        }
        println!("{name:<20} {:>7.2} µs/turn", start.elapsed().as_secs_f64() * 1e6 / f64::from(n));
    }
    let start = Instant::now();
    for _ in 0..n {
        std::hint::black_box(classify(
            "can you send my oxy refill to the pharmacy today? i cant wait till monday",
            false,
        ));
    }
    println!("{:<20} {:>7.2} µs", "classify alone", start.elapsed().as_secs_f64() * 1e6 / f64::from(n));
}

#[allow(dead_code)]
fn parts() {
    use switchboard_common::normalize::Utterance;
    let text = "can you send my oxy refill to the pharmacy today? i cant wait till monday";
    const N: u32 = 20_000;
    let start = Instant::now();
    for _ in 0..N {
        std::hint::black_box(Utterance::new(text, |w| pain_management::medications::is_vocabulary_word(w, &[])));
    }
    println!("utterance {:.2}", start.elapsed().as_secs_f64() * 1e6 / f64::from(N));
    let u = Utterance::new(text, |_| false);
    let start = Instant::now();
    for _ in 0..N {
        std::hint::black_box(pain_management::medications::find(u.tokens(), &[]));
    }
    println!("med find {:.2}", start.elapsed().as_secs_f64() * 1e6 / f64::from(N));
    let start = Instant::now();
    for _ in 0..N {
        std::hint::black_box(pain_management::recognise::recognise(u.tokens(), false, true));
    }
    println!("recognise {:.2}", start.elapsed().as_secs_f64() * 1e6 / f64::from(N));
    let prepared = prepare_config(include_str!("../demo-config.toml")).expect("demo config");
    let start = Instant::now();
    for _ in 0..N {
        std::hint::black_box(PreparedConfig::decode(&prepared).unwrap());
    }
    println!("config decode {:.2} ({} bytes)", start.elapsed().as_secs_f64() * 1e6 / f64::from(N), prepared.len());
    let config = PreparedConfig::decode(&prepared).unwrap();
    let sections = [
        ("booking", config.booking.as_ref().map_or(0, |s| s.encoded_len())),
        ("prior-auth", config.prior_auth.as_ref().map_or(0, |s| s.encoded_len())),
        ("escalation", config.escalation.encoded_len()),
    ];
    for (name, len) in sections {
        println!("  section {name}: {len} bytes, decoded only when a turn reads it");
    }
    let start = Instant::now();
    for _ in 0..N {
        let config = PreparedConfig::decode(&prepared).unwrap();
        std::hint::black_box((config.booking(), config.prior_auth(), config.escalation()));
    }
    println!("config decode, every section read {:.2}", start.elapsed().as_secs_f64() * 1e6 / f64::from(N));
    let reply = [
        "Thank you for contacting Riverside Pain & Spine.",
        "Got it: oxycodone.",
        "To get started, what is your first and last name?",
    ];
    let start = Instant::now();
    for _ in 0..N {
        std::hint::black_box(switchboard_common::guard::check_all(&reply));
    }
    println!("guard {:.2}", start.elapsed().as_secs_f64() * 1e6 / f64::from(N));
}
