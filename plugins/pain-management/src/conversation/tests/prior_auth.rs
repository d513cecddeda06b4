//! Prior-authorization status questions.

use switchboard_sdk::scheduling::{AuthorizationStatus, PriorAuth};

use super::*;

fn record(status: AuthorizationStatus) -> PriorAuth {
    PriorAuth {
        patient_id: "demo-p001".into(),
        procedure: "radiofrequency-ablation".into(),
        status,
        note: Some("payer ref 123".into()),
        updated_at: NOW,
    }
}

fn convo_with(channel: Channel, status: Option<AuthorizationStatus>) -> Convo {
    let mut c = Convo::new(channel, prepare(DEMO).unwrap()).from(MARIA_PHONE);
    c.host.prior_auths.extend(status.map(record));
    c
}

#[test]
fn an_identified_patient_hears_process_timeline_and_status_and_can_ask_for_staff() {
    let mut c = convo_with(Channel::Sms, Some(AuthorizationStatus::PendingPayer));
    c.says("any update on the prior auth for my RFA?").expect(&["first and last name"]);
    c.identify("Maria Gonzalez", "3/14/1971");
    c.expect(&[
        "Thank you.",
        "Our authorization staff send your insurance company the request",
        "Most insurance companies decide within 5 to 15 business days",
        "Our records show that your insurance is still reviewing the request.",
        "Would you like our authorization staff to contact you about it? Reply YES or NO.",
    ]);
    // Minimum necessary: the text does not name the procedure.
    c.refuse(&["ablation", "payer ref"]);
    c.says("yes").expect(&["I've asked our authorization staff to contact you."]);
    assert!(!c.finished, "a text thread stays open after the request");
    let item = c.item();
    assert!(is(item, QueueKind::PriorAuth, Priority::Routine));
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert_eq!(field(item, "procedure"), Some("radiofrequency-ablation"));
    assert_eq!(field(item, "recorded-status"), Some("pending-payer"));
    assert_eq!(field(item, "channel"), Some("sms"));
}

#[test]
fn every_status_in_plain_words() {
    use AuthorizationStatus::*;
    for (status, words) in [
        (NotRequired, "no prior authorization is needed"),
        (NotStarted, "has not been sent to your insurance yet"),
        (Submitted, "has been sent to your insurance"),
        (PendingPayer, "still reviewing"),
        (Approved, "your insurance has given the authorization"),
        (Denied, "did not grant the authorization"),
        (Expired, "has expired"),
    ] {
        let mut c = convo_with(Channel::Voice, Some(status));
        c.silence();
        c.says("i'm calling to see if the prior authorization went through for my radio frequency ablation");
        c.identify("maria gonzalez", "march fourteenth nineteen seventy one");
        c.expect(&["About the authorization for your radiofrequency ablation:", words, "press 1 for yes"]);
        c.keys("2").expect(&["All right.", "anything else"]);
        assert!(c.items().is_empty(), "{status:?}");
    }
}

#[test]
fn an_unmatched_caller_hears_the_same_as_a_patient_without_a_record() {
    let run = |name: &str, status: Option<AuthorizationStatus>| {
        let mut c = convo_with(Channel::Sms, status);
        c.says("has my insurance approved the epidural yet");
        c.identify(name, "3/14/1971");
        c.reply()
    };
    let no_record = run("Maria Gonzalez", None);
    let stranger = run("Pat Example", Some(AuthorizationStatus::Approved));
    assert_eq!(no_record, stranger);
    assert!(no_record.contains("I don't have a status on record"), "{no_record}");
}

#[test]
fn the_procedure_is_asked_for_when_not_named() {
    let mut c = convo_with(Channel::Sms, Some(AuthorizationStatus::Submitted));
    c.says("has the insurance approved my procedure yet");
    c.identify("Maria Gonzalez", "3/14/1971").expect(&["Which procedure is the authorization for?"]);
    c.says("the thing on my back")
        .expect(&["Sorry, I didn't catch that.", "For example: lumbar epidural steroid injection"]);
    c.says("oh the ablation").expect(&["has been sent to your insurance"]);
    c.says("no").expect(&["All right."]);
    assert!(!c.finished, "a text thread stays open after the request");
}

#[test]
fn an_unknown_procedure_goes_to_the_authorization_staff() {
    let mut c = convo_with(Channel::Sms, None);
    c.says("any news on my prior authorization");
    c.identify("Maria Gonzalez", "3/14/1971");
    for _ in 0..3 {
        c.says("the knee thing");
    }
    c.expect(&["I've asked our authorization staff to contact you."]);
    let item = c.item();
    assert_eq!(item.kind, QueueKind::PriorAuth);
    assert_eq!(field(item, "patient-said"), Some("the knee thing"));
    assert!(!c.finished, "a text thread stays open after the request");
}

#[test]
fn a_status_lookup_failure_is_no_status() {
    let mut c = convo_with(Channel::Sms, Some(AuthorizationStatus::Approved));
    c.host.fail.push("prior_auth_status");
    c.says("did my insurance approve my rfa");
    c.identify("Maria Gonzalez", "3/14/1971").expect(&["I don't have a status on record"]);
}
