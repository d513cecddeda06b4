//! Phone calls: speech arrives lowercase and unpunctuated, words split by
//! the recogniser; keypad digits arrive on their own.

use super::*;

fn last_ask(c: &Convo) -> (String, Vec<String>, Option<u32>) {
    c.host
        .actions
        .iter()
        .rev()
        .find_map(|a| match a {
            Action::Ask { prompt, hints, num_digits } => Some((prompt.clone(), hints.clone(), *num_digits)),
            _ => None,
        })
        .expect("the turn should end with a prompt")
}

#[test]
fn refill_call_start_to_finish() {
    let mut c = Convo::voice().from(MARIA_PHONE);
    c.silence().expect(&["Thank you for contacting Riverside Pain & Spine.", "press 0"]);
    let (_, hints, digits) = last_ask(&c);
    assert!(hints.contains(&"refill".to_owned()));
    assert_eq!(digits, Some(1));

    c.says("i need a refill on my oxy codone");
    c.expect(&["Got it: oxycodone.", "please tell me your first and last name"]);
    c.says("maria gonzalez").expect(&["date of birth"]);
    let (_, hints, digits) = last_ask(&c);
    assert!(hints.contains(&"March".to_owned()));
    assert_eq!(digits, None, "a date can be keyed as 8 digits");
    c.says("march fourteenth nineteen seventy one").expect(&["Thank you.", "Which pharmacy do you use?"]);
    let (_, hints, _) = last_ask(&c);
    assert!(hints.contains(&"Walgreens".to_owned()));

    c.says("walgreens on fifth street").expect(&["number ending in 9 0 0 1", "press 1 for yes"]);
    c.says("yes that's right");
    c.expect(&[
        "We've received your refill request for oxycodone.",
        "Your request has been sent to our clinical team.",
        "within 2 business days",
        "Is there anything else I can help you with?",
    ]);
    let item = c.item();
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert_eq!(field(item, "medication-as-said"), Some("oxycodone"));
    assert_eq!(field(item, "pharmacy"), Some("walgreens on fifth street"));
    assert_eq!(field(item, "channel"), Some("voice"));
    assert!(!c.finished);

    c.says("no thanks").expect(&["Goodbye."]);
    assert!(matches!(c.host.actions.last(), Some(Action::HangUp)));
    assert!(c.finished);
}

#[test]
fn split_brand_names_and_keypad_answers() {
    let mut c = Convo::voice();
    c.silence();
    c.keys("1").expect(&["first and last name"]);
    c.says("robert o'neill");
    c.keys("01301949").expect(&["Thank you.", "Which medication do you need refilled?"]);
    assert_eq!(c.lookups()[0].full_name, "robert o'neill");
    let (_, hints, _) = last_ask(&c);
    assert!(hints.contains(&"Percocet".to_owned()) && hints.contains(&"gabapentin".to_owned()));
    c.says("per cocet").expect(&["Got it: oxycodone with acetaminophen."]);
    c.says("the kroger on dixie highway");
    c.keys("2").expect(&["Please say or key in the best phone number"]);
    assert_eq!(last_ask(&c).2, None);
    c.keys("5025550123").expect(&["We've received your refill request"]);
    assert_eq!(field(c.item(), "callback"), Some("+15025550123"));
    assert_eq!(field(c.item(), "patient-id"), Some("demo-p004"));
}

#[test]
fn spoken_phone_number() {
    let mut c = Convo::voice();
    c.silence();
    c.says("refill hydro codone at the c v s");
    c.identify("dorothy baker", "may seventeenth nineteen sixty two");
    c.says("no call five oh two five five five oh one two three");
    assert_eq!(field(c.item(), "callback"), Some("+15025550123"));
    assert_eq!(field(c.item(), "medication"), Some("hydrocodone"));
    assert_eq!(field(c.item(), "pharmacy"), Some("cvs"));
}

#[test]
fn zero_or_representative_transfers_to_staff() {
    for input in ["0", "representative"] {
        let mut c = Convo::voice();
        c.silence();
        if input == "0" {
            c.keys(input)
        } else {
            c.says(input)
        };
        let item = c.item();
        assert_eq!(field(item, "reason"), Some("person-request"));
        match c.host.actions.last() {
            Some(Action::Transfer { number, announce }) => {
                assert_eq!(number, "+15025550142");
                assert!(announce.contains("connect you to our staff"));
            }
            other => panic!("expected a transfer, got {other:?}"),
        }
        assert!(c.finished);
    }
}

#[test]
fn without_a_staff_line_staff_call_back() {
    let mut config = prepare(DEMO).unwrap();
    config.transfer_number = None;
    let mut c = Convo::new(Channel::Voice, config);
    c.silence();
    c.says("operator please").expect(&["I've asked our staff to call you back.", "Goodbye."]);
    assert!(matches!(c.host.actions.last(), Some(Action::HangUp)));
    assert_eq!(field(c.item(), "reason"), Some("person-request"));
}

#[test]
fn silence_reprompts_then_hands_over() {
    let mut c = Convo::voice();
    c.silence();
    c.says("refill please");
    c.silence().expect(&["Sorry, I didn't hear anything.", "first and last name"]);
    c.keys("").expect(&["Sorry, I didn't hear anything."]);
    assert!(c.items().is_empty());
    c.silence().expect(&["I've asked our staff to call you back.", "Goodbye."]);
    assert_eq!(field(c.item(), "reason"), Some("no-input"));
    assert!(c.finished);
}

#[test]
fn speech_resets_the_silence_count() {
    let mut c = Convo::voice();
    c.silence();
    c.silence();
    c.silence();
    c.says("refill");
    c.silence();
    c.silence().expect(&["Sorry, I didn't hear anything."]);
    assert!(!c.finished);
}

#[test]
fn policy_answers_are_the_same_on_both_channels() {
    let config = prepare(DEMO).unwrap();
    let hours = config.policies.text(crate::config::Policy::OfficeHours).unwrap().to_owned();
    let mut v = Convo::voice();
    v.silence();
    v.says("what are your office hours").expect(&[&hours, "anything else"]);
    let mut s = Convo::sms();
    s.says("what are your office hours?").expect(&[&hours]);
}

#[test]
fn dose_questions_on_a_call() {
    let mut c = Convo::voice();
    c.silence();
    c.says("can the doctor increase my oxycodone it's not working");
    c.expect(&[guard::SAFE_REPLY, "anything else"]);
    assert_eq!(field(c.item(), "reason"), Some("medication-question"));

    let mut c = Convo::voice();
    c.silence();
    c.says("how many of my pills can i take").expect(&[guard::SAFE_REPLY, "anything else"]);
    c.says("no").expect(&["Goodbye."]);
    assert!(c.finished);
}

#[test]
fn a_failed_date_is_reworded_and_an_impossible_one_questioned() {
    let mut c = Convo::voice();
    c.silence();
    c.says("refill");
    c.says("maria gonzalez");
    c.says("february thirtieth nineteen seventy one")
        .expect(&["That date doesn't look right.", "for example, March 14th"]);
    c.says("i don't remember").expect(&["the month, the day and the year"]);
    c.says("march fourteenth nineteen seventy one").expect(&["Thank you.", "Which medication"]);
}
