use super::*;

const DEMO: &str = include_str!("../../demo-config.toml");

const MINIMAL: &str = r#"
practice-name = "Test Pain"
staff-callback-hours = "Staff call back within one business day."
[refills]
controlled-timeline = "Controlled refills are reviewed within 2 business days."
non-controlled-timeline = "Other refills are reviewed within 1 business day."
run-out-instructions = "If you will run out, call the office."
"#;

fn errors(doc: &str) -> Vec<(String, String)> {
    prepare(doc).expect_err("config should be rejected").into_iter().map(|e| (e.path, e.message)).collect()
}

fn paths(doc: &str) -> Vec<String> {
    errors(doc).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn demo_config_is_valid_and_round_trips() {
    let config = prepare(DEMO).expect("demo config");
    assert_eq!(config.practice_name, "Riverside Pain & Spine");
    assert_eq!(config.transfer_number.as_deref(), Some("+15025550142"));
    assert_eq!(config.refills.controlled_steps.len(), 3);
    assert_eq!(config.extra_controlled[0].schedule, Schedule::V);
    assert_eq!(config.extra_controlled[0].names, ["gabapentin", "neurontin", "gralise", "horizant"]);
    for policy in crate::config::Policy::ALL {
        assert!(config.policies.text(policy).is_some(), "{policy:?}");
    }
    let prior_auth = config.prior_auth().unwrap();
    let codes: Vec<&str> = prior_auth.procedures.iter().map(|p| p.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "lumbar-esi",
            "cervical-esi",
            "medial-branch-block",
            "radiofrequency-ablation",
            "scs-trial",
            "pump-refill",
            "trigger-point",
            "si-joint"
        ]
    );
    assert_eq!(config.max_failed_tries, 3);
    let bytes = config.encode();
    assert_eq!(PreparedConfig::decode(&bytes).unwrap(), config);
}

#[test]
fn minimal_config_gets_defaults() {
    let config = prepare(MINIMAL).unwrap();
    assert_eq!(config.greeting, "Thank you for contacting Test Pain.");
    assert!(config.refills.controlled_steps.is_empty());
    assert!(config.extra_controlled.is_empty());
    assert_eq!(config.transfer_number, None);
    assert!(!config.texts_name_medications);
    assert!(config.policies.text(crate::config::Policy::OfficeHours).is_none());
    assert!(config.prior_auth.is_none());
    assert_eq!(config.max_failed_tries, crate::config::DEFAULT_MAX_FAILED_TRIES);
}

#[test]
fn decode_rejects_garbage() {
    assert!(PreparedConfig::decode(&[]).is_err());
    assert!(PreparedConfig::decode(&[9, 1, 2]).is_err());
    assert!(PreparedConfig::decode(&[FORMAT, 200]).is_err());
}

#[test]
fn unknown_keys_have_their_path() {
    let doc = format!("{MINIMAL}\nbogus = 1\n");
    assert_eq!(paths(&doc), ["refills.bogus"]);
    let doc = format!("colour = 'red'\n{MINIMAL}");
    assert_eq!(paths(&doc), ["colour"]);
    let doc = format!("{MINIMAL}\n[[refills.extra-controlled]]\nname = 'x'\nschedule = 'V'\nschedul = 'V'\n");
    assert_eq!(paths(&doc), ["refills.extra-controlled[0].schedul"]);
}

#[test]
fn missing_and_mistyped_keys_have_their_path() {
    let doc = MINIMAL.replace("run-out-instructions = \"If you will run out, call the office.\"", "");
    assert_eq!(errors(&doc), [("refills.run-out-instructions".into(), "is required".into())]);
    let doc = MINIMAL.replace("practice-name = \"Test Pain\"", "practice-name = 7");
    let errs = errors(&doc);
    assert_eq!(errs[0].0, "practice-name");
    assert!(errs[0].1.contains("expected a string"), "{errs:?}");
    assert_eq!(paths(""), ["practice-name"]);
    let doc = format!(
        "{MINIMAL}\n[[refills.extra-controlled]]\nname = 'x'\nschedule = 'V'\n[[refills.extra-controlled]]\nname = 'y'\n"
    );
    assert_eq!(paths(&doc), ["refills.extra-controlled[1].schedule"]);
}

#[test]
fn syntax_errors_say_where() {
    let errs = errors("practice-name = 'unterminated\n");
    assert_eq!(errs[0].0, "");
    assert!(errs[0].1.starts_with("line 1, column"), "{errs:?}");
}

#[test]
fn texts_the_guard_would_block_are_rejected() {
    let doc =
        MINIMAL.replace("If you will run out, call the office.", "If you run out, take 2 tablets of something else.");
    let errs = errors(&doc);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, "refills.run-out-instructions");
    assert!(errs[0].1.contains("dose language"), "{errs:?}");
    let doc = MINIMAL.replace("Controlled refills are reviewed", "Controlled refills are approved");
    assert_eq!(paths(&doc), ["refills.controlled-timeline"]);
}

#[test]
fn collects_every_semantic_problem() {
    let doc = r#"
practice-name = "  "
greeting = "Hi! Reply CANCEL to stop these."
staff-callback-hours = "Staff call back."
[refills]
controlled-timeline = "2 days."
controlled-steps = ["ok step", ""]
non-controlled-timeline = "1 day."
run-out-instructions = "Call us."
[[refills.extra-controlled]]
name = "gabapentin"
schedule = "VI"
aliases = ["percocet", "gabapentin", "!!"]
[transfer]
number = "502-555-0142"
"#;
    assert_eq!(
        paths(doc),
        [
            "practice-name",
            "greeting",
            "refills.controlled-steps[1]",
            "refills.extra-controlled[0].schedule",
            "refills.extra-controlled[0].aliases[0]",
            "refills.extra-controlled[0].aliases[1]",
            "refills.extra-controlled[0].aliases[2]",
            "transfer.number",
        ]
    );
}

#[test]
fn the_refill_acknowledgement_fits_in_a_text() {
    let step = format!("\"{}.\"", "Bring your photo ID".repeat(19));
    let steps = vec![step; 4].join(", ");
    let doc = MINIMAL.replace("[refills]", &format!("[refills]\ncontrolled-steps = [{steps}]"));
    let errs = errors(&doc);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, "refills");
    assert!(errs[0].1.contains("a text holds at most 1600"), "{errs:?}");
}

#[test]
fn practice_medication_names_must_pass_the_guard() {
    let doc = format!("{MINIMAL}\n[[refills.extra-controlled]]\nname = 'butalbital 50 mg'\nschedule = 'III'\n");
    assert_eq!(paths(&doc), ["refills.extra-controlled[0].name"]);
}

#[test]
fn text_length_is_bounded() {
    let doc = MINIMAL.replace("Test Pain", &"x".repeat(101));
    assert_eq!(errors(&doc), [("practice-name".into(), "must be at most 100 characters".into())]);
}

#[test]
fn schema_mentions_every_key() {
    for key in [
        "practice-name",
        "greeting",
        "staff-callback-hours",
        "controlled-timeline",
        "controlled-steps",
        "non-controlled-timeline",
        "run-out-instructions",
        "extra-controlled",
        "aliases",
        "[transfer]",
        "name-medications",
        "[policies]",
        "early-refill",
        "lost-stolen",
        "urine-drug-screen",
        "opioid-agreement",
        "missed-appointment",
        "office-hours",
        "location",
        "new-patient-referral",
        "[prior-auth]",
        "process",
        "timeline",
        "[[prior-auth.procedures]]",
        "code",
        "[conversation]",
        "max-failed-tries",
    ] {
        assert!(SCHEMA.contains(key), "{key}");
    }
}

#[test]
fn policy_prior_auth_and_conversation_errors_have_their_path() {
    let doc = format!(
        r#"{MINIMAL}
[policies]
office-hours = "Open 8 to 5."
early-refill = "Early refills are approved for travel."
location = ""
lost-stolen = "Reply STOP to end texts about lost medication."
colour = "red"
"#
    );
    assert_eq!(paths(&doc), ["policies.colour"]);
    let doc = doc.replace("colour = \"red\"\n", "");
    assert_eq!(paths(&doc), ["policies.early-refill", "policies.lost-stolen", "policies.location"]);

    let doc = format!(
        r#"{MINIMAL}
[prior-auth]
process = "Staff send the request."
timeline = "Insurers take up to 15 business days; we guarantee a call."
[[prior-auth.procedures]]
code = "Lumbar ESI"
name = "lumbar epidural"
[[prior-auth.procedures]]
code = "rfa"
name = "radiofrequency ablation"
aliases = ["Lumbar Epidural", "", "rfa 10 mg"]
[[prior-auth.procedures]]
code = "rfa"
name = "ablation"
[conversation]
max-failed-tries = 9
"#
    );
    assert_eq!(
        paths(&doc),
        [
            "prior-auth.timeline",
            "prior-auth.procedures[0].code",
            "prior-auth.procedures[1].aliases[1]",
            "prior-auth.procedures[1].aliases[2]",
            "prior-auth.procedures[2].code",
            "conversation.max-failed-tries",
        ]
    );
    let doc = format!("{MINIMAL}\n[prior-auth]\nprocess = 'x'\n");
    assert_eq!(errors(&doc), [("prior-auth.timeline".into(), "is required".into())]);
}

/// MINIMAL with a one-procedure catalogue and `booking` appended.
fn with_booking(booking: &str) -> String {
    format!(
        "{MINIMAL}\n[prior-auth]\nprocess = \"We send it.\"\ntimeline = \"About two weeks.\"\n[[prior-auth.procedures]]\ncode = \"lumbar-esi\"\nname = \"lumbar epidural\"\n{booking}"
    )
}

#[test]
fn demo_booking_catalogue_is_complete() {
    let config = prepare(DEMO).unwrap();
    let booking = config.booking().expect("the demo practice books");
    let codes: Vec<&str> = booking.names.iter().map(|n| n.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "med-management",
            "urine-drug-screen",
            "follow-up",
            "lumbar-esi",
            "cervical-esi",
            "medial-branch-block",
            "radiofrequency-ablation",
            "scs-trial",
            "pump-refill",
            "trigger-point",
            "si-joint"
        ]
    );
    // Every code is an appointment type of the demo schedule.
    let schedule = include_str!("../../../../host/scheduling/demo-schedule.json");
    for code in codes {
        assert!(schedule.contains(&format!("\"code\": \"{code}\"")), "{code} is not in the demo schedule");
    }
    let (_, esi) = booking.kind("lumbar-esi").unwrap();
    let prep = esi.prep.as_ref().unwrap();
    assert!(prep.prior_auth_required && prep.ride_required);
    let table = &booking.hold_tables[prep.hold_table.unwrap()];
    assert_eq!(table.name, "intermediate");
    let (_, hold) = table.find(&["plavix"]).unwrap();
    assert_eq!(hold.days, 7);
    assert_eq!(booking.kind("med-management").unwrap().1.follow_up_days, Some(28));
}

#[test]
fn bad_booking_entries_have_their_paths() {
    let doc = with_booking(
        r#"
[booking]
search-days = 0
[[booking.visits]]
code = "Follow Up"
name = "follow-up visit"
[[booking.visits]]
code = "med-management"
name = "lumbar epidural"
follow-up-days = 2
[[booking.procedures]]
code = "lumbar-esi"
prior-auth-required = true
ride-required = true
arrival-minutes = 30
hold-table = "high"
fasting = "Stop taking your pills 2 days before."
[[booking.procedures]]
code = "kyphoplasty"
prior-auth-required = true
ride-required = true
arrival-minutes = 30
[[booking.hold-tables.intermediate]]
drug = "warfarin"
days = 40
instruction = "Reply STOP to hold warfarin."
"#,
    );
    let errs = errors(&doc);
    let paths: Vec<&str> = errs.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "booking.search-days",
            "booking.hold-tables.intermediate[0].days",
            "booking.hold-tables.intermediate[0].instruction",
            "booking.visits[0].code",
            "booking.visits[1].name",
            "booking.visits[1].follow-up-days",
            "booking.procedures[0].fasting",
            "booking.procedures[0].hold-table",
            "booking.procedures[1].code",
        ],
        "{errs:?}"
    );
    let message = |path: &str| errs.iter().find(|(p, _)| p == path).unwrap().1.clone();
    assert!(message("booking.procedures[0].fasting").contains("medication-change"), "{errs:?}");
    assert!(message("booking.procedures[0].hold-table").contains("no [[booking.hold-tables.high]]"));
    assert!(message("booking.procedures[1].code").contains("not a [[prior-auth.procedures]] code"));
    assert!(message("booking.hold-tables.intermediate[0].instruction").contains("opt-out keyword"));
    // Mistyped and missing keys are found by serde with their paths too.
    let doc = with_booking(
        "[booking]\n[[booking.procedures]]\ncode = \"lumbar-esi\"\nride-required = true\narrival-minutes = 30\n",
    );
    assert_eq!(errors(&doc), [("booking.procedures[0].prior-auth-required".into(), "is required".into())]);
}

#[test]
fn booking_procedures_need_the_catalogue() {
    let doc = format!(
        "{MINIMAL}\n[booking]\n[[booking.procedures]]\ncode = \"lumbar-esi\"\nprior-auth-required = false\nride-required = false\narrival-minutes = 15\n"
    );
    assert_eq!(paths(&doc), ["booking.procedures[0].code"]);
}

#[test]
fn the_confirmation_call_follows_the_text() {
    let doc = with_booking("[booking]\nconfirm-hours-before = 48\nconfirm-call-hours-before = 72\n");
    assert_eq!(paths(&doc), ["booking.confirm-call-hours-before"]);
    let config = prepare(&with_booking("[booking]\nconfirm-call-hours-before = 24\n")).unwrap();
    assert_eq!(config.booking().unwrap().confirm_call_hours, Some(24));
}

#[test]
fn spanish_insurance_and_records_sections_are_checked_with_their_paths() {
    let doc = format!(
        "{MINIMAL}\n[insurance]\naccepted = [\"Aetna\", \"  \"]\n[records]\nturnaround = \"Forms are approved in 10 days.\"\n\
         [spanish]\ncontrolled-steps = [\"uno\"]\ngreeting = \"Su resurtido está aprobado.\"\n\
         [spanish.policies]\nlocation = \"Estamos en la calle Main.\"\n[spanish.prior-auth]\nprocess = \"x\"\n"
    );
    let found = paths(&doc);
    for path in [
        "insurance.accepted[1]",
        "records.turnaround",
        "spanish.controlled-steps",
        "spanish.greeting",
        "spanish.policies.location",
        "spanish.prior-auth",
    ] {
        assert!(found.iter().any(|p| p == path), "{path} missing from {found:?}");
    }
    // The demo's Spanish texts stand for its English ones.
    let demo = prepare(DEMO).unwrap();
    assert!(demo.spanish.get(&demo.greeting).is_some_and(|es| es.starts_with("Gracias")));
    assert_eq!(demo.desk.accepted_plans.first().map(String::as_str), Some("Medicare"));
}
