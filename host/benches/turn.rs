//! Turn benchmarks (criterion). Run with `cargo bench -p switchboard`.
//!
//! - `runtime/instantiate_and_handle_turn`: a fresh instance of the bundled
//!   pain-management component from its `InstancePre`, one `handle-turn`
//!   (a refill request mid-conversation), output collected.
//! - `native/handle_turn`: the same conversation logic compiled natively,
//!   including the per-turn config decode the component does: the baseline
//!   for the Wasm overhead ratio.
//! - `router/sms_webhook_durable`: a signed Twilio SMS webhook through the
//!   axum router, plugin run, one sled transaction, flushed to disk.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use switchboard::actions::Channel;
use switchboard::capabilities::{Grants, TurnContext};
use switchboard::runtime::bindings::{Turn, WitChannel};
use switchboard::runtime::limits::TurnLimits;
use switchboard::runtime::{LoadedPlugin, Runtime};
use switchboard::store::Store;

fn turn(text: &str, first: bool) -> Turn {
    Turn {
        conversation_id: "sms:+15550199001".into(),
        channel: WitChannel::Sms,
        caller: "+15550199001".into(),
        called: "+15550100000".into(),
        text: Some(text.into()),
        digits: None,
        confidence: None,
        first_turn: first,
        received_at: 1_795_000_000_000,
    }
}

/// The same turn as the guest's SDK types, for the native baseline.
fn native_turn(text: &str, first: bool) -> pain_management::Turn {
    let t = turn(text, first);
    pain_management::Turn {
        conversation_id: t.conversation_id,
        channel: switchboard_sdk::Channel::Sms,
        caller: t.caller,
        called: t.called,
        text: t.text,
        digits: t.digits,
        confidence: t.confidence,
        first_turn: t.first_turn,
        received_at: t.received_at,
    }
}

fn runtime_turn(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let runtime = Runtime::new(TurnLimits::default()).unwrap();
    let plugin = LoadedPlugin::load(&runtime, switchboard_artifacts::PAIN_MANAGEMENT, Some(&store)).unwrap();
    let prepared = match plugin.validate_config(switchboard_artifacts::PAIN_MANAGEMENT_DEMO_CONFIG) {
        Ok(Ok(prepared)) => prepared,
        _ => panic!("demo config must validate"),
    };
    let config: Arc<[u8]> = Arc::from(prepared.as_slice());
    let context = || TurnContext {
        practice_id: "demo".into(),
        practice_name: "Demo".into(),
        time_zone: "America/New_York".into(),
        main_number: "+15550100000".into(),
        config: config.clone(),
        channel: Some(Channel::Sms),
        caller: "+15550199001".into(),
        conversation_id: "sms:+15550199001".into(),
        now_ms: 1_795_000_000_000,
        grants: Grants::from_capabilities(&plugin.description.capabilities),
        actor: plugin.actor(),
        outbound_configured: false,
        hours: Some(switchboard::demo::office_hours()),
        on_call: None,
        language: switchboard::language::Language::English,
    };
    // State after a greeting, so the measured turn is a mid-conversation one.
    let greeted = plugin.handle_turn(context(), &turn("hi", true), None, store.clone()).result.unwrap();
    let request = turn("I need a refill of my oxycodone please", false);
    c.bench_function("runtime/instantiate_and_handle_turn", |b| {
        b.iter(|| {
            let out = plugin.handle_turn(context(), &request, Some(&greeted.state), store.clone());
            assert!(out.result.is_ok());
            out
        })
    });

    let native_config = pain_management::PreparedConfig::decode(&prepared).unwrap();
    let mut host = pain_management::RecordingHost::default();
    let greeted = pain_management::run_turn_native(&native_config, &native_turn("hi", true), None, &mut host).unwrap();
    let request = native_turn("I need a refill of my oxycodone please", false);
    c.bench_function("native/handle_turn", |b| {
        b.iter(|| {
            let mut host = pain_management::RecordingHost::default();
            let config = pain_management::PreparedConfig::decode(&prepared).unwrap();
            pain_management::run_turn_native(&config, &request, Some(&greeted.state), &mut host).unwrap()
        })
    });
}

fn router_turn(c: &mut Criterion) {
    use axum::body::Body;
    use axum::http::Request;
    use tower::ServiceExt;

    let dir = tempfile::tempdir().unwrap();
    // SAFETY: set before any other thread reads the environment.
    unsafe {
        std::env::set_var("SWITCHBOARD_DEMO_TWILIO_TOKEN", "bench-twilio-token");
    }
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    let host = rt.block_on(async {
        switchboard::server::Host::open(&switchboard::server::ServeOptions {
            data: dir.path().join("data"),
            public_url: "http://bench.local".into(),
            limits: Default::default(),
            demo: true,
            admin_token: Some("bench-admin-token-0123".into()),
            vendor_token: None,
        })
        .unwrap()
    });
    let app = switchboard::gateways::router(host.state);
    const TEXT: &str = "I need a refill of my oxycodone please";
    let mut n = 0u64;
    let mut request = move || {
        n += 1;
        let params: Vec<(String, String)> = [
            ("MessageSid", format!("SMbench{n}")),
            ("From", format!("+1555030{:04}", n % 10_000)),
            ("To", "+15550100000".into()),
            ("Body", TEXT.into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let signature = switchboard::gateways::twilio::signature::sign(
            "bench-twilio-token",
            "http://bench.local/twilio/sms",
            &params,
        );
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(&params).finish();
        Request::post("/twilio/sms")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("x-twilio-signature", signature)
            .body(Body::from(body))
            .unwrap()
    };
    let mut group = c.benchmark_group("router");
    group.bench_function("sms_webhook_durable", |b| {
        b.iter(|| {
            let response = rt.block_on(app.clone().oneshot(request())).unwrap();
            assert!(response.status().is_success());
        })
    });
    // The same turn with the net's screen run once more beside it: the
    // difference to the line above is what the net costs inside a durable
    // turn, measured in the same run (the net itself cannot be switched off).
    let settings = switchboard::safety::SafetySettings::default();
    group.bench_function("sms_webhook_durable_plus_one_screen", |b| {
        b.iter(|| {
            let response = rt.block_on(app.clone().oneshot(request())).unwrap();
            assert!(response.status().is_success());
            std::hint::black_box(switchboard::safety::screen(TEXT, &settings));
        })
    });
    group.finish();
}

/// The host's safety net on one inbound message: the rules and the
/// sentence model, as every turn pays it.
fn safety_screen(c: &mut Criterion) {
    let settings = switchboard::safety::SafetySettings::default();
    switchboard::safety::contextual::warm().expect("the sentence model is where the build put it");
    c.bench_function("safety/screen_refill", |b| {
        b.iter(|| switchboard::safety::screen("I need a refill of my oxycodone please", &settings))
    });
    c.bench_function("safety/screen_long_emergency", |b| {
        b.iter(|| {
            switchboard::safety::screen(
                "hi this is his daughter, i wanted to ask about the bill from last month but also my dad is \
                 talking funny and one side of his face looks droopy since this morning, what should we do",
                &settings,
            )
        })
    });
}

criterion_group!(benches, runtime_turn, router_turn, safety_screen);
criterion_main!(benches);
