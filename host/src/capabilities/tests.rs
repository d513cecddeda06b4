//! The host capabilities called directly, with no Wasm at all.

use std::sync::Arc;

use super::*;
use crate::runtime::bindings::switchboard::plugin::{calls::Host as _, escalation, texts::Host as _};

fn state(channel: Channel, grants: &[Capability]) -> HostState {
    let mut ctx = TurnContext::detached("plugin:test@1".into(), 42);
    ctx.channel = Some(channel);
    ctx.grants = Grants::from_capabilities(grants);
    ctx.practice_id = "alpha".into();
    ctx.conversation_id = "sms:+15550001111".into();
    ctx.caller = "+15550001111".into();
    HostState::new(ctx, Arc::new(TurnLimits::default()), None)
}

const ALL: &[Capability] = &[Capability::Calls, Capability::Texts, Capability::Escalation, Capability::Patients];

#[test]
fn output_on_the_wrong_channel_is_an_invalid_result_not_an_action() {
    let mut sms = state(Channel::Sms, ALL);
    assert!(matches!(sms.say("hello".into()).unwrap(), Err(HostError::Invalid(_))));
    assert!(sms.out.actions.is_empty());
    let mut voice = state(Channel::Voice, ALL);
    assert!(matches!(voice.reply("hello".into()).unwrap(), Err(HostError::Invalid(_))));
    assert!(voice.say("hello".into()).unwrap().is_ok());
    assert_eq!(voice.out.actions, vec![Action::Say { text: "hello".into() }]);
}

#[test]
fn ungranted_capabilities_are_denied() {
    let mut sms = state(Channel::Sms, &[Capability::Calls]);
    assert!(matches!(sms.reply("hi".into()).unwrap(), Err(HostError::Denied(_))));
    let item = escalation::QueueItem {
        kind: escalation::QueueKind::Callback,
        priority: escalation::Priority::Routine,
        summary: "x".into(),
        fields: vec![],
    };
    assert!(matches!(escalation::Host::enqueue(&mut sms, item).unwrap(), Err(HostError::Denied(_))));
}

#[test]
fn unbuilt_capabilities_say_unavailable() {
    let mut sms = state(Channel::Sms, &[Capability::Texts, Capability::TextsOutbound, Capability::Patients]);
    assert!(matches!(sms.send("+15550002222".into(), "hi".into()).unwrap(), Err(HostError::Unavailable(_))));
    let query = crate::runtime::bindings::switchboard::plugin::patients::LookupQuery {
        full_name: "Maria Gonzalez".into(),
        date_of_birth: "1971-03-14".into(),
        phone: None,
    };
    let lookup = crate::runtime::bindings::switchboard::plugin::patients::Host::lookup(&mut sms, query).unwrap();
    assert!(matches!(lookup, Err(HostError::Unavailable(_))));
}

#[test]
fn oversized_text_and_too_many_actions_trap_and_are_recorded() {
    let mut sms = state(Channel::Sms, ALL);
    assert!(sms.reply("x".repeat(1601)).is_err(), "an oversized reply traps");
    assert!(sms.out.violation.as_deref().unwrap().contains("1601 characters"));

    let mut sms = state(Channel::Sms, ALL);
    for _ in 0..16 {
        sms.reply("ok".into()).unwrap().unwrap();
    }
    assert!(sms.reply("one too many".into()).is_err());
    assert!(sms.out.violation.as_deref().unwrap().contains("actions"));
}

#[test]
fn ask_hints_are_clamped_not_fatal() {
    let mut voice = state(Channel::Voice, ALL);
    let options = crate::runtime::bindings::switchboard::plugin::calls::AskOptions {
        input: crate::runtime::bindings::switchboard::plugin::calls::InputMode::Speech,
        hints: (0..500).map(|i| format!("{i}{}", "h".repeat(300))).collect(),
        timeout_seconds: 10_000,
        num_digits: Some(0),
    };
    voice.ask("Say something".into(), options).unwrap().unwrap();
    let Action::Ask { hints, timeout_seconds, num_digits, .. } = &voice.out.actions[0] else { panic!() };
    assert_eq!(hints.len(), 100);
    assert!(hints.iter().all(|h| h.chars().count() <= 100));
    assert_eq!(*timeout_seconds, 60);
    assert_eq!(*num_digits, Some(1));
}

#[test]
fn transfers_need_an_e164_number() {
    let mut voice = state(Channel::Voice, ALL);
    assert!(matches!(voice.transfer("911; <Play>".into(), None).unwrap(), Err(HostError::Invalid(_))));
    assert!(voice.transfer("+15550003333".into(), Some("Connecting you".into())).unwrap().is_ok());
}

/// A turn with a store (for ids), an on-call rota and an outbound gateway.
fn paging_state(channel: Channel) -> (tempfile::TempDir, HostState) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut state = state(channel, &[Capability::Calls, Capability::Texts, Capability::Escalation, Capability::Paging]);
    state.ctx.on_call = Some(crate::store::OnCall {
        primary: "+15550009111".into(),
        backup: Some("+15550009112".into()),
        ack_minutes: 10,
    });
    state.ctx.outbound_configured = true;
    state.ctx.practice_name = "Alpha Pain".into();
    state.store = Some(store);
    (dir, state)
}

fn enqueue(state: &mut HostState, priority: escalation::Priority) -> String {
    let item = escalation::QueueItem {
        kind: escalation::QueueKind::ClinicalUrgent,
        priority,
        summary: "Urgent: pump alarm".into(),
        fields: vec![],
    };
    escalation::Host::enqueue(state, item).unwrap().unwrap()
}

#[test]
fn a_page_is_an_urgent_text_to_the_primary_about_an_item_of_this_turn() {
    let (_dir, mut sms) = paging_state(Channel::Sms);
    let id = enqueue(&mut sms, escalation::Priority::Urgent);
    let summary = "A patient reported an urgent problem.";
    escalation::Host::page_on_call(&mut sms, summary.into(), id.clone()).unwrap().unwrap();
    let page = &sms.out.outbox[0];
    assert!(page.urgent, "pages go through quiet hours");
    assert_eq!(page.to, "+15550009111");
    assert!(page.body.starts_with("Alpha Pain: URGENT on-call page.") && page.body.contains(&id), "{}", page.body);
    let (watched, watch) = &sms.out.paging[0];
    assert_eq!(watched, &id);
    assert_eq!(watch.next_due, Some(42 + 10 * 60_000));
    // Paging the same item twice in a turn sends one page.
    escalation::Host::page_on_call(&mut sms, summary.into(), id).unwrap().unwrap();
    assert_eq!(sms.out.outbox.len(), 1);
}

#[test]
fn pages_are_refused_for_unknown_or_routine_items_and_identifying_summaries() {
    let (_dir, mut sms) = paging_state(Channel::Sms);
    let routine = enqueue(&mut sms, escalation::Priority::Routine);
    let urgent = enqueue(&mut sms, escalation::Priority::Urgent);
    let page = |s: &mut HostState, summary: &str, id: &str| {
        escalation::Host::page_on_call(s, summary.into(), id.into()).unwrap()
    };
    assert!(matches!(page(&mut sms, "Urgent.", &routine), Err(HostError::Invalid(_))));
    assert!(matches!(page(&mut sms, "Urgent.", "q0000000000009999"), Err(HostError::Invalid(_))));
    assert!(matches!(page(&mut sms, "Call +15550001111 born 1971", &urgent), Err(HostError::Invalid(_))));
    assert!(sms.out.outbox.is_empty());
    sms.ctx.outbound_configured = false;
    assert!(matches!(page(&mut sms, "Urgent.", &urgent), Err(HostError::Unavailable(_))));
    sms.ctx.on_call = None;
    assert!(matches!(page(&mut sms, "Urgent.", &urgent), Err(HostError::Unavailable(_))));
}

#[test]
fn a_transfer_to_the_on_call_is_voice_only_and_names_its_item() {
    let (_dir, mut sms) = paging_state(Channel::Sms);
    let id = enqueue(&mut sms, escalation::Priority::Urgent);
    let refused = escalation::Host::transfer_to_on_call(&mut sms, id, "Connecting you.".into()).unwrap();
    assert!(matches!(refused, Err(HostError::Invalid(_))));

    let (_dir, mut voice) = paging_state(Channel::Voice);
    let id = enqueue(&mut voice, escalation::Priority::Urgent);
    escalation::Host::transfer_to_on_call(&mut voice, id.clone(), "Connecting you.".into()).unwrap().unwrap();
    assert_eq!(
        voice.out.actions,
        vec![Action::Transfer {
            number: "+15550009111".into(),
            announce: Some("Connecting you.".into()),
            on_call_item: Some(id),
        }]
    );
}
