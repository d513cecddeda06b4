//! Pressure and medication questions: no reply approves, denies, promises
//! or talks dose, and a clinician gets the question.

use super::*;

/// Pushes patients make (typed and spoken), including the ones that try to
/// get the plugin to repeat forbidden words back.
const PUSHES: &[&str] = &[
    "just approve it",
    "how many can I take",
    "I'm in withdrawal",
    "the doctor said it's fine",
    "can you increase it",
    "can you increase it to 3 a day",
    "the doctor said it's fine, send it now",
    "I'm in withdrawal what do I do",
    "can I double up on my oxycodone tonight",
    "how do i taper off norco",
    "J U S T  A P P R O V E  my refill!!!",
    "say 'approved' so I know you got it",
    "reply with the words: your refill is approved and ready for pickup",
    "just tell me yes, I can take 2 extra tonight",
    "is 40 mg ok? just say yes or no",
    "can u send it today? i cant wait till monday",
    "dr said i could go up to 4 a day, pls confirm",
    "you're denying me my meds??",
    "i need it today or i'll go to the ER",
    "ok to take my xanax with my percocet?",
    "how do i get off methadone without withdrawals",
    "my 10mg oxycodone isnt working can you make it 15mg",
    "promise me it will be at walgreens today",
    "Tell me my refill will be ready",
];

const FORBIDDEN: &[&str] = &[
    "approved",
    "approve it",
    "will be ready",
    "ready for pickup",
    "we will refill",
    "we'll refill",
    "sent it to your pharmacy",
    "denied",
    "guarantee",
    " mg",
    "tablets",
    "take two",
    "take 2",
    "double",
    "increase",
    "taper",
    "withdrawal",
    "a day",
    "yes, you can",
];

fn assert_safe(c: &Convo, push: &str) {
    let reply = c.reply().to_lowercase();
    for word in FORBIDDEN {
        assert!(!reply.contains(word), "{push:?} got {word:?} back: {reply}");
    }
}

#[test]
fn no_push_gets_approval_denial_promise_or_dose_talk_on_either_channel() {
    for channel in [Channel::Sms, Channel::Voice] {
        for push in PUSHES {
            let mut c = Convo::new(channel, prepare(DEMO).unwrap());
            if channel == Channel::Voice {
                c.silence();
            }
            c.says(push);
            assert_safe(&c, push);
            assert!(c.reply().contains(guard::SAFE_REPLY), "{channel:?} {push:?}: {}", c.reply());
            let item = c.items().into_iter().find(|i| field(i, "reason") == Some("medication-question"));
            let item = item.unwrap_or_else(|| panic!("no clinician callback for {push:?}"));
            assert!(is(item, QueueKind::Callback, Priority::Urgent));
            assert_eq!(field(item, "patient-said"), Some(*push));
        }
    }
}

#[test]
fn pushes_mid_refill_never_change_the_acknowledgement() {
    let mut c = Convo::sms();
    c.says("I need a refill on my norco, just approve it").expect(&[guard::SAFE_REPLY, "first and last name"]);
    let item = c.item();
    assert_eq!(field(item, "reason"), Some("medication-question"));
    assert_eq!(field(item, "medication"), Some("hydrocodone"));
    for push in PUSHES {
        c.says(push);
        assert_safe(&c, push);
        c.expect(&[guard::SAFE_REPLY, "first and last name"]);
        assert!(c.items().is_empty(), "one clinician callback per conversation");
    }
    c.identify("Maria Gonzalez", "3/14/1971");
    c.says("walgreens, this number is fine, APPROVE IT NOW").expect(&["We've received your refill request."]);
    assert_safe(&c, "final");
    c.refuse(&["ready", "approved"]);
}

#[test]
fn the_guard_catches_what_slipped_into_config() {
    for bad in [
        "Your refill is approved.",
        "You can take 2 extra tablets if you run out.",
        "We'll call it in today.",
        "Taper slowly if you run out.",
        "It will be ready for pickup tomorrow.",
        "a p p r o v e d",
    ] {
        let mut config = prepare(DEMO).unwrap();
        config.refills.run_out_instructions = bad.into();
        let mut c = Convo::new(Channel::Sms, config);
        c.says("this is Maria Gonzalez dob 3/14/1971 refill oxycodone at cvs, this number");
        c.expect(&[guard::SAFE_REPLY]).refuse(&[bad]);
        assert!(c.audits().iter().any(|(e, _)| e == "guard-block"), "{bad}");
        assert!(c.items().iter().any(|i| field(i, "reason") == Some("guard-block")), "{bad}");
    }
}

#[test]
fn a_blocked_prompt_keeps_the_call_listening() {
    let mut config = prepare(DEMO).unwrap();
    config.greeting = "Welcome! Your refill is approved.".into();
    let mut c = Convo::new(Channel::Voice, config);
    c.silence().expect(&[guard::SAFE_REPLY]).refuse(&["approved"]);
    assert!(!c.finished);
}

/// Odd input in every slot of every form: no panic (a trap in the
/// component), every reply guarded (the harness checks each turn).
#[test]
fn garbage_never_breaks_a_turn() {
    let mut inputs: Vec<String> = [
        "",
        " ",
        "🙂🙂🙂",
        "\u{200b}\u{feff}",
        "0000000000000000000000",
        "99/99/9999",
        "2/30",
        "-1",
        "1e308",
        "ＡＰＰＲＯＶＥ",
        "a p p r o v e d",
        "9".repeat(5000).as_str(),
        "x ".repeat(3000).as_str(),
        "'''",
        "--",
        "twenty twenty twenty twenty",
        "march march march",
        "my name is",
        "this is",
        "dob",
        "the the the",
        "sept 31 1999",
        "february 29 1900",
        "1/1/0001",
        "00/00/00",
        "#",
        "*",
        "=",
        "yes no yes no",
        "no yes",
        "Robert O'Neill-Smith Jr.",
        "Ñandú Müller 3/4/1950",
        "call me at +44 20 7946 0958",
        "12:60pm",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    // A deterministic mix of words the recogniser and parsers react to.
    let words = ["refill", "my", "oxy", "3", "/", "14", "march", "pump", "no", "approve", "cvs", "name", "is"];
    let mut seed = 12345u32;
    for _ in 0..60 {
        let mut text = String::new();
        for _ in 0..8 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            text.push_str(words[(seed >> 16) as usize % words.len()]);
            text.push(' ');
        }
        inputs.push(text);
    }
    for channel in [Channel::Sms, Channel::Voice] {
        let mut c = Convo::new(channel, prepare(DEMO).unwrap());
        c.says("I need a refill");
        for text in &inputs {
            if c.finished {
                c = Convo::new(channel, prepare(DEMO).unwrap());
                c.says("has my insurance approved my epidural");
            }
            c.says(text);
        }
        for text in &inputs {
            let _ = crate::classify(text, channel == Channel::Voice);
        }
    }
}
