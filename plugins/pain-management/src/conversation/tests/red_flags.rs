//! Red flags in any turn: 911 (988) first, reported once; urgent problems
//! get the on-call wording and an urgent item.

use super::*;

#[test]
fn red_flags_in_any_turn() {
    let mut c = Convo::sms();
    c.says("refill please");
    c.says("Maria Gonzalez");
    c.says("my husband took too many pills and wont wake up");
    let reply = c.reply();
    assert!(reply.starts_with("If someone may have taken too much medication"), "{reply}");
    c.expect(&["call 911 now", "I've also alerted our clinical team."]);
    let reports = c.emergencies();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].0, EmergencyKind::Overdose);
    let said = reports[0].1.iter().find(|(k, _)| k == "patient-said").map(|(_, v)| v.as_str());
    assert_eq!(said, Some("my husband took too many pills and wont wake up"));
    assert!(c.items().is_empty(), "the host makes the stat item from the report");
    assert_eq!(c.audits()[0].0, "red-flag");
    assert!(!c.finished);

    // Said again: the message again, the report once.
    c.says("he is barely breathing").expect(&["call 911 now"]);
    assert!(c.emergencies().is_empty());
}

#[test]
fn each_red_flag_gets_its_own_direction() {
    let cases = [
        ("I want to kill myself", "988", EmergencyKind::SuicidalCrisis),
        ("i dont want to live anymore", "988", EmergencyKind::SuicidalCrisis),
        ("I can't feel my legs and I wet myself", "emergency department", EmergencyKind::CaudaEquina),
        ("numbness in my groin since this morning", "911", EmergencyKind::CaudaEquina),
        ("my throat is swelling after the new pill", "911", EmergencyKind::SevereAllergicReaction),
        ("i think i overdosed", "911", EmergencyKind::Overdose),
    ];
    for (text, expected, kind) in cases {
        let mut c = Convo::sms();
        c.says(text).expect(&[expected]);
        let reply = c.reply();
        assert!(!reply.starts_with("Thank you for contacting"), "emergency first: {reply}");
        assert_eq!(c.emergencies()[0].0, kind, "{text}");
    }
}

#[test]
fn emergency_on_a_call_hangs_up_after_directing_to_help() {
    let mut c = Convo::voice();
    c.silence();
    c.says("i have been thinking about suicide");
    c.expect(&["call or text 988", "Please hang up and call or text 988 now"]);
    assert!(matches!(c.host.actions.last(), Some(Action::HangUp)));
    assert_eq!(c.emergencies()[0].0, EmergencyKind::SuicidalCrisis);

    let mut c = Convo::voice();
    c.silence();
    c.says("he's not breathing he took all his oxy");
    c.expect(&["Please hang up and call 911 now."]);
}

#[test]
fn a_refused_report_becomes_a_stat_item_and_a_refused_item_is_not_claimed() {
    let mut c = Convo::sms();
    c.host.fail.push("report_emergency");
    c.says("i overdosed on my oxycodone").expect(&["911", "I've also alerted our clinical team."]);
    assert!(is(c.item(), QueueKind::ClinicalUrgent, Priority::Stat));

    let mut c = Convo::sms();
    c.host.fail.extend(["report_emergency", "enqueue"]);
    c.says("i overdosed on my oxycodone").expect(&["911"]).refuse(&["alerted"]);
    assert_eq!(c.audits().last().unwrap().0, "emergency-not-recorded");
}

#[test]
fn urgent_problems_page_the_on_call_about_an_urgent_item() {
    for (text, label, criterion) in [
        (
            "I had an epidural on Monday and now I have a fever of 101.5 and chills",
            "urgent-post-procedure",
            "post-procedure-infection",
        ),
        (
            "Had my epidural 2 days ago, terrible headache when I sit up",
            "urgent-post-procedure",
            "post-epidural-headache",
        ),
        ("my pain pump is alarming", "urgent-pump", "pump-alarm"),
    ] {
        let mut c = Convo::sms();
        c.says(text).expect(&["call 911", "I've paged our on-call clinician"]);
        let item = c.item();
        assert!(is(item, QueueKind::ClinicalUrgent, Priority::Urgent), "{text}");
        assert_eq!(field(item, "urgent-label"), Some(label));
        assert_eq!(field(item, "criterion"), Some(criterion));
        let pages: Vec<&Action> = c.host.actions.iter().filter(|a| matches!(a, Action::Page { .. })).collect();
        assert_eq!(pages.len(), 1, "{text}");
        let Action::Page { summary, item_id } = pages[0] else { unreachable!() };
        assert_eq!(item_id, "item-1");
        assert!(!summary.contains("pump") && !summary.contains("epidural") && !summary.contains("fever"), "{summary}");
        assert!(!c.finished);
    }
}

#[test]
fn urgent_mid_refill_on_a_text_pages_and_keeps_the_refill_going() {
    let mut c = Convo::sms();
    c.says("refill my norco");
    c.says("my pump is beeping").expect(&["I've paged our on-call clinician", "first and last name"]);
    assert_eq!(c.item().kind, QueueKind::ClinicalUrgent);
    assert!(!c.finished);
}

#[test]
fn urgent_mid_refill_on_a_call_goes_to_the_on_call() {
    let mut c = Convo::voice();
    c.silence();
    c.says("refill my norco");
    c.says("my pump is beeping").expect(&["pump alarm"]).refuse(&["first and last name"]);
    assert_eq!(c.item().kind, QueueKind::ClinicalUrgent);
    // The transfer is about the urgent item (ids count every host record,
    // the refill's idle timer too).
    assert!(
        matches!(c.host.actions.last(), Some(Action::TransferOnCall { item_id, .. }) if item_id.starts_with("item-"))
    );
    assert!(c.finished);
}

#[test]
fn without_an_on_call_the_patient_is_not_told_it_was_paged() {
    let mut c = Convo::sms();
    c.host.fail.push("page_on_call");
    c.says("my pain pump is alarming").expect(&["marked this as urgent"]).refuse(&["paged"]);
    assert_eq!(c.item().priority, Priority::Urgent);
    let mut c = Convo::voice();
    c.host.fail.push("transfer_to_on_call");
    c.silence();
    c.says("my pain pump is alarming").expect(&["marked this as urgent", "hang up and call 911"]);
    assert!(matches!(c.host.actions.last(), Some(Action::HangUp)));
}

#[test]
fn emergencies_page_the_on_call_too() {
    let mut c = Convo::sms();
    c.says("I took too many of my pills and I feel like I can't breathe").expect(&["911"]);
    assert!(c.host.actions.iter().any(|a| matches!(a, Action::Page { .. })));
}

#[test]
fn a_practice_can_raise_a_criterion_to_an_emergency() {
    let toml = format!(
        "{DEMO}\n[escalation.criteria.pump-alarm]\nlevel = \"emergency\"\nmessage = \"A pump alarm is an emergency. Call 911 now.\"\n"
    );
    let config = crate::config::prepare(&toml).unwrap();
    let mut c = Convo::new(Channel::Sms, config);
    c.says("my pain pump is alarming").expect(&["A pump alarm is an emergency. Call 911 now."]);
    assert_eq!(c.emergencies().len(), 1);
}

#[test]
fn after_hours_a_symptom_callback_comes_with_a_time() {
    let mut c = Convo::sms();
    // Closed; opens Monday 08:00 in a UTC practice (2026-11-30T08:00Z).
    c.host.hours = Some(crate::host::OfficeHours { open_now: false, next_open: Some(1_796_025_600_000) });
    c.says("my back pain is getting worse and I have a new rash")
        .expect(&["Our office is closed right now, so someone from our team will call you back by noon"]);
    let item = c.item();
    assert_eq!(field(item, "reason"), Some("symptom"));
    assert_eq!(field(item, "after-hours"), Some("yes"));
    assert!(field(item, "callback-by").is_some_and(|by| by.starts_with("by noon")));
}

#[test]
fn after_an_emergency_the_direction_is_repeated_not_the_menu() {
    let mut c = Convo::sms();
    c.says("I dont want to live anymore").expect(&["988"]);
    c.says("ok").expect(&["Please call or text 988 now"]).refuse(&["didn't understand", "refill"]);
    let mut c = Convo::sms();
    c.says("my son took some of my pills and is hard to wake").expect(&["911"]);
    c.says("what").expect(&["Please call 911 now."]);
    c.says("ok thanks").expect(&["Take care."]);
}

#[test]
fn a_bare_no_to_a_question_is_a_failed_try_not_a_goodbye() {
    let mut c = Convo::voice();
    c.silence();
    c.says("i need my norco");
    c.says("no").expect(&["Sorry, I didn't catch that."]);
    assert!(!c.finished);
    c.says("never mind").expect(&["Goodbye."]);
    assert!(c.finished);
}

#[test]
fn other_symptoms_reach_a_clinician_unless_they_are_over() {
    let mut c = Convo::sms();
    c.says("my back pain is getting worse and I have a new rash")
        .expect(&["a clinician will call you back", "call 911"]);
    let item = c.item();
    assert!(is(item, QueueKind::Callback, Priority::Urgent));
    assert_eq!(field(item, "reason"), Some("symptom"));
    let mut c = Convo::sms();
    c.says("had some tingling in my right foot but it went away").expect(&["How can I help?"]);
    assert!(c.items().is_empty());
}

#[test]
fn a_crisis_beats_an_opt_out_in_the_same_message() {
    for text in
        ["stop texting me, I'm going to kill myself", "STOP. i want to die", "unsubscribe me i have a plan to end it"]
    {
        let mut c = Convo::sms();
        c.says(text).expect(&["988"]);
        assert_eq!(c.emergencies()[0].0, EmergencyKind::SuicidalCrisis, "{text}");
        assert!(!c.finished, "{text}: the conversation stays open after a crisis");
    }
    // Without a crisis the opt-out is confirmed and nothing else is said.
    let mut c = Convo::sms();
    c.says("cancel my appt and stop texting me");
    assert!(c.emergencies().is_empty());
    assert!(c.finished);
}

use crate::config::escalation::{Criterion, Level};

/// Each new criterion, said four ways: the patient and a caregiver, in
/// English and in Spanish.
struct Case {
    criterion: Criterion,
    patient: &'static str,
    caregiver: &'static str,
    patient_es: &'static str,
    caregiver_es: &'static str,
}

const NEW_CRITERIA: &[Case] = &[
    Case {
        criterion: Criterion::ChestPain,
        patient: "i have a crushing pressure in my chest and it goes down my left arm",
        caregiver: "my husband says his chest feels tight and heavy and hes sweating a lot",
        patient_es: "tengo un dolor fuerte en el pecho y me falta el aire",
        caregiver_es: "a mi mamá le duele mucho el pecho y se le va al brazo",
    },
    Case {
        criterion: Criterion::Stroke,
        patient: "all of a sudden my words are coming out slurred and my right hand wont grip",
        caregiver: "my wife's face is drooping on one side and she cant lift her arm",
        patient_es: "de repente no puedo mover el brazo derecho y tengo la cara chueca",
        caregiver_es: "a mi papá se le cayó la cara de un lado y habla raro",
    },
    Case {
        criterion: Criterion::TroubleBreathing,
        patient: "i cant catch my breath and im gasping, my inhaler isnt helping",
        caregiver: "my son is gasping for air and cant finish a sentence, he has asthma",
        patient_es: "no puedo respirar bien y me estoy ahogando",
        caregiver_es: "mi esposo no puede respirar, está jadeando",
    },
    Case {
        criterion: Criterion::Seizure,
        patient: "i think i just had a seizure, i woke up on the floor and bit my tongue",
        caregiver: "my mom is on the floor shaking all over and not answering me",
        patient_es: "creo que tuve una convulsión, me mordí la lengua",
        caregiver_es: "mi hijo está convulsionando y no responde",
    },
    Case {
        criterion: Criterion::UncontrolledBleeding,
        patient: "the injection site is bleeding through the bandage and it wont stop",
        caregiver: "my dad is coughing up blood, a lot of it",
        patient_es: "me sangra mucho la herida y no para",
        caregiver_es: "mi esposa está vomitando sangre",
    },
    Case {
        criterion: Criterion::WeaknessAfterProcedure,
        patient: "since my epidural yesterday my left leg keeps giving out and i can barely walk",
        caregiver: "my husband had a nerve block this morning and now his right leg is weak and numb",
        patient_es: "desde la inyección de ayer tengo la pierna izquierda débil y casi no puedo caminar",
        caregiver_es: "a mi mamá le hicieron el bloqueo y ahora no puede levantar el pie",
    },
    Case {
        criterion: Criterion::Withdrawal,
        patient: "ran out of my oxycodone 3 days ago and im sweating, shaking and throwing up",
        caregiver: "my wife stopped her methadone last week and now she has diarrhea and chills and aches all over",
        patient_es: "me quedé sin mis pastillas y estoy temblando y sudando",
        caregiver_es: "a mi hijo se le acabó la medicina y tiene escalofríos y vómito",
    },
    Case {
        criterion: Criterion::DeviceSite,
        patient: "the skin over my stimulator battery is red and hot and draining",
        caregiver: "my husbands pump site is swollen and red and there is pus",
        patient_es: "la piel encima de la batería del estimulador está roja e hinchada",
        caregiver_es: "la herida de la bomba de mi papá está abierta y le sale líquido",
    },
];

fn check_case(criterion: Criterion, text: &str, spanish: bool, channel: Channel, mid_refill: bool) {
    let rules = crate::config::escalation::Escalation::default().rule(criterion);
    let mut c = Convo::new(channel, prepare(DEMO).unwrap());
    if channel == Channel::Voice {
        c.silence();
    }
    if mid_refill {
        c.says("I need a refill of my oxycodone").expect(&["first and last name"]);
    }
    c.says(text);
    let reply = c.reply();
    let context = format!("{criterion:?} {channel:?} mid-refill {mid_refill}: {text:?} → {reply}");
    let wording = if spanish { &rules.message_es } else { &rules.message };
    assert!(reply.contains(wording.as_str()), "{context}");
    // Nothing about the refill form, a drug name never turns it into one.
    assert!(!reply.contains("first and last name") || rules.level == Level::Urgent, "{context}");
    assert!(!reply.contains("pharmacy do you use"), "{context}");
    // Urgent means today: never "tomorrow".
    assert!(!reply.to_lowercase().contains("tomorrow") && !reply.contains("mañana"), "{context}");
    match rules.level {
        Level::Emergency => {
            assert!(reply.contains(if spanish { "Llame al 911 ahora" } else { "911" }), "{context}");
            let reports = c.emergencies();
            assert_eq!(reports.len(), 1, "{context}");
            let criterion_field = reports[0].1.iter().find(|(k, _)| k == "criterion").map(|(_, v)| v.as_str());
            assert_eq!(criterion_field, Some(criterion.as_str()), "{context}");
            if channel == Channel::Voice {
                let last_words = if spanish {
                    "Por favor, cuelgue y llame al 911 ahora."
                } else {
                    "Please hang up and call 911 now."
                };
                assert!(reply.contains(last_words), "{context}");
                assert!(matches!(c.host.actions.last(), Some(Action::HangUp)), "{context}");
            }
        }
        _ => {
            assert!(reply.contains(if spanish { "hoy" } else { "today" }), "{context}");
            let item = c.items().into_iter().find(|i| field(i, "criterion") == Some(criterion.as_str()));
            let item = item.unwrap_or_else(|| panic!("no urgent item: {context}"));
            assert!(is(item, QueueKind::ClinicalUrgent, Priority::Urgent), "{context}");
            if channel == Channel::Voice {
                assert!(matches!(c.host.actions.last(), Some(Action::TransferOnCall { .. })), "{context}");
            } else {
                assert!(reply.contains("I've paged our on-call clinician"), "{context}");
            }
        }
    }
}

#[test]
fn every_new_criterion_in_english_and_spanish_from_patients_and_caregivers_on_both_channels() {
    for case in NEW_CRITERIA {
        for (text, spanish) in
            [(case.patient, false), (case.caregiver, false), (case.patient_es, true), (case.caregiver_es, true)]
        {
            for channel in [Channel::Sms, Channel::Voice] {
                check_case(case.criterion, text, spanish, channel, false);
            }
        }
    }
}

#[test]
fn every_new_criterion_mid_refill() {
    for case in NEW_CRITERIA {
        for (text, spanish) in [(case.patient, false), (case.caregiver_es, true)] {
            for channel in [Channel::Sms, Channel::Voice] {
                check_case(case.criterion, text, spanish, channel, true);
            }
        }
    }
}

#[test]
fn a_spanish_crisis_gets_988_in_spanish_on_both_channels() {
    for text in ["ya no quiero vivir", "mi hermana dijo que se va a matar si le quitan la medicina"] {
        let mut c = Convo::sms();
        c.says(text).expect(&["llame al 988 y oprima 2, o envíe AYUDA por texto al 988"]);
        assert_eq!(c.emergencies()[0].0, EmergencyKind::SuicidalCrisis);
        let mut c = Convo::voice();
        c.silence();
        c.says(text).expect(&["Por favor, cuelgue y llame al 988 y oprima 2"]).refuse(&["Please hang up"]);
        // After it, where to get help again, still in Spanish.
        let mut c = Convo::sms();
        c.says(text);
        c.says("¿qué?").expect(&["llame al 988 y oprima 2"]);
    }
}

#[test]
fn spanglish_gets_both_wordings_spanish_first() {
    let mut c = Convo::sms();
    c.says("my mom se desmayó y está temblando all over and she is not answering me");
    let reply = c.reply();
    let seizure = crate::config::escalation::Escalation::default().rule(Criterion::Seizure);
    let (es, en) = (reply.find(&seizure.message_es).unwrap(), reply.find(&seizure.message).unwrap());
    assert!(es < en, "{reply}");
}

#[test]
fn a_practices_spanish_wording_is_what_the_patient_reads() {
    let toml = format!(
        "{DEMO}\n[escalation.criteria.stroke]\nmessage-es = \"Puede ser un derrame. Llame al 911 ahora, no espere.\"\n"
    );
    let mut c = Convo::new(Channel::Sms, crate::config::prepare(&toml).unwrap());
    c.says("a mi esposo se le cayó la cara de un lado")
        .expect(&["Puede ser un derrame. Llame al 911 ahora, no espere."]);
}

#[test]
fn naloxone_given_is_an_overdose_even_when_they_come_around() {
    for text in [
        "i gave my husband narcan and hes coming around now",
        "we had to use the narcan on my brother, hes awake and talking and says hes fine",
        "le pusimos el narcan a mi tío y ya está hablando",
    ] {
        let mut c = Convo::sms();
        c.says(text).expect(&["911"]);
        assert!(c.reply().contains("naloxone") || c.reply().contains("naloxona"), "{text}: {}", c.reply());
        assert_eq!(c.emergencies()[0].0, EmergencyKind::Overdose, "{text}");
    }
}

#[test]
fn a_drug_name_never_turns_an_overdose_into_a_refill() {
    for text in [
        "found him with an empty bottle of his oxycodone next to him",
        "my mom took her Percocet twice and is really hard to rouse",
        "my dad took his oxycodone twice this morning and now he keeps nodding off and his breathing is slow",
    ] {
        for channel in [Channel::Sms, Channel::Voice] {
            let mut c = Convo::new(channel, prepare(DEMO).unwrap());
            if channel == Channel::Voice {
                c.silence();
            }
            c.says(text).expect(&["911", "naloxone"]).refuse(&["refill", "pharmacy", "first and last name"]);
            assert_eq!(crate::classify(text, channel == Channel::Voice), ["emergency-overdose"], "{text}");
            assert_eq!(c.emergencies().len(), 1, "{text}");
        }
    }
}

#[test]
fn indirect_suicidal_thoughts_and_a_spouses_report_get_988() {
    for text in [
        "I won't be around by next month anyway",
        "sometimes on the way to my appointments i imagine crashing the car into a wall",
        "my husband told me last night that if they cut his meds again hes going to end it",
        "everyone would be better off without me",
        "I've been saving up my pills",
    ] {
        let mut c = Convo::sms();
        c.says(text).expect(&["988"]);
        assert_eq!(c.emergencies()[0].0, EmergencyKind::SuicidalCrisis, "{text}");
    }
}

#[test]
fn figures_of_speech_raise_no_alarm() {
    for text in [
        "I'm dying to know if my MRI came back",
        "I had an overdose of coffee this morning haha, what time do you open?",
        "passed out on the couch after work, best nap ever. does my copay change?",
        "this bill is killing me, who do I talk to about billing",
        "the waiting is going to give me a stroke, can I move my appointment",
        "I nearly had a heart attack when I saw the bill",
        "shot myself in the foot waiting till friday, are you open saturday?",
        "casi me da un infarto cuando vi la factura",
        "me muero de ganas de saber cuándo es mi cita",
        "I had a seizure years ago, none since. Is the stimulator safe for me?",
        "what are the signs of an overdose? just curious",
    ] {
        for channel in [Channel::Sms, Channel::Voice] {
            let mut c = Convo::new(channel, prepare(DEMO).unwrap());
            if channel == Channel::Voice {
                c.silence();
            }
            c.says(text).refuse(&["call 911 now", "naloxone", "988", "llame al 911"]);
            assert!(c.emergencies().is_empty(), "{text}: {:?}", c.emergencies());
            assert!(
                !c.items().iter().any(|i| i.kind == QueueKind::ClinicalUrgent),
                "{text}: no urgent item: {:?}",
                c.items()
            );
        }
    }
}

/// The measured bug: a withdrawal made an urgent item but was told "someone
/// will call you back by noon tomorrow". Every urgent criterion, after
/// hours, with a request for a person in the same message or the next one:
/// the on-call today, never tomorrow.
#[test]
fn after_hours_an_urgent_red_flag_is_never_told_tomorrow() {
    // Closed; opens tomorrow at 08:00 (NOW is 2023-11-14T22:13Z).
    let hours = crate::host::OfficeHours { open_now: false, next_open: Some(NOW + 10 * 3_600_000) };
    let urgent = [
        "ran out two days ago, shaking and vomiting",
        "ran out two days ago, shaking and vomiting. can a nurse call me",
        "the skin over my stimulator battery is red and hot and draining, can someone call me back",
        "I had an epidural on Monday and now I have a fever of 101.5 and chills",
        "Had my epidural 2 days ago, terrible headache when I sit up",
        "my pain pump is alarming",
        "me quedé sin mi medicina hace dos días y estoy temblando y vomitando",
    ];
    for text in urgent {
        let mut c = Convo::sms();
        c.host.hours = Some(hours);
        c.says(text).expect(&["I've paged our on-call clinician"]).refuse(&["tomorrow", "mañana", "by noon"]);
        assert!(c.items().iter().any(|i| is(i, QueueKind::ClinicalUrgent, Priority::Urgent)), "{text}");
        for item in c.items() {
            assert_eq!(field(item, "callback-by"), None, "{text}: {item:?}");
        }
        // Asking for a person afterwards does not defer it either.
        if !c.finished {
            c.says("can someone call me").refuse(&["tomorrow", "by noon", "weekdays"]);
        }
    }
    // The measured message says "today".
    let mut c = Convo::sms();
    c.host.hours = Some(hours);
    c.says("ran out two days ago, shaking and vomiting").expect(&["today"]);
    assert_eq!(field(c.items()[0], "criterion"), Some("withdrawal"));
}
