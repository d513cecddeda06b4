//! Policy answers: the practice's text, word for word, every time.

use super::*;
use crate::config::Policy;

#[test]
fn every_policy_is_answered_word_for_word_and_the_same_every_time() {
    let config = prepare(DEMO).unwrap();
    let questions = [
        (
            Policy::EarlyRefill,
            "what's your policy on early refills",
            "is there any way to get my norco early this month",
        ),
        (Policy::LostStolen, "What is your policy for lost medication?", "my pills got stolen what do i do"),
        (
            Policy::UrineDrugScreen,
            "Do I have to do a urine test at every visit?",
            "do i need to do the urine drug screen",
        ),
        (Policy::OpioidAgreement, "do i have to sign the opioid agreement again", "i need to renew my opioid contract"),
        (Policy::MissedAppointment, "whats the no show fee", "i missed my appointment yesterday what happens now"),
        (Policy::OfficeHours, "What are your hours?", "what time do you guys open"),
        (Policy::Location, "What's your address?", "where is your office located"),
        (Policy::NewPatientReferral, "Are you accepting new patients?", "i'd like to become a patient there"),
    ];
    for (policy, typed, spoken) in questions {
        let text = config.policies.text(policy).unwrap();
        let mut answers = Vec::new();
        for (channel, question) in [(Channel::Sms, typed), (Channel::Voice, spoken), (Channel::Sms, typed)] {
            let mut c = Convo::new(channel, config.clone());
            if channel == Channel::Voice {
                c.silence();
            }
            c.says(question);
            let reply = c.reply();
            let at = reply.find(text).unwrap_or_else(|| panic!("{policy:?}: {reply}"));
            answers.push(reply[at..at + text.len()].to_owned());
        }
        assert!(answers.iter().all(|a| a == text), "{policy:?}");
    }
}

#[test]
fn an_unwritten_policy_gets_a_staff_callback() {
    let minimal = r#"
practice-name = "Test Pain"
staff-callback-hours = "Staff call back within one business day."
[refills]
controlled-timeline = "Controlled refills are reviewed within 2 business days."
non-controlled-timeline = "Other refills are reviewed within 1 business day."
run-out-instructions = "If you will run out, call the office."
"#;
    let mut c = Convo::new(Channel::Sms, prepare(minimal).unwrap());
    c.says("what are your hours").expect(&["I've asked our staff to call you back about that."]);
    let item = c.item();
    assert_eq!(field(item, "reason"), Some("policy-question"));
    assert_eq!(field(item, "patient-said"), Some("what are your hours"));
}

#[test]
fn several_policies_in_one_message() {
    let config = prepare(DEMO).unwrap();
    let mut c = Convo::sms();
    c.says("what are your hours and where do I park?");
    c.expect(&[config.policies.text(Policy::OfficeHours).unwrap(), config.policies.text(Policy::Location).unwrap()]);
    assert!(c.items().is_empty());
}

#[test]
fn details_sent_after_a_front_desk_hand_over_reach_its_staff() {
    let mut c = Convo::sms();
    c.says("I got a new insurance card").expect(&["member ID", "group number"]);
    c.says("its Anthem, member id XJH4471 group 2200")
        .expect(&["added that for our staff"])
        .refuse(&["didn't understand"]);
    let item = c.item();
    assert_eq!(field(item, "details-for"), Some("insurance-update"));
    assert_eq!(field(item, "patient-said"), Some("its Anthem, member id XJH4471 group 2200"));
    assert_eq!(field(item, "callback"), Some(CALLER));
    // A thank-you is no detail.
    c.says("thanks");
    assert!(c.items().is_empty());

    let mut c = Convo::voice();
    c.silence();
    c.says("i was hurt at work and its a workers comp case").expect(&["claim number"]);
    c.says("liberty mutual claim number eight eight one two three four").expect(&["added that"]);
    assert!(c.item().summary.starts_with("Details:"), "{}", c.item().summary);
}

/// A question after a hand-over gets the practice's answer (and still
/// reaches the staff with the request); one the practice wrote nothing for
/// is passed on, never "I've added that".
#[test]
fn a_question_after_a_hand_over_gets_the_practices_answer() {
    let config = prepare(DEMO).unwrap();
    let desk = &config.desk;
    for (first, question, answer) in [
        ("I got a new insurance card", "can I text a pic of front and back?", desk.new_card.as_deref()),
        ("i need a disability form filled out", "fax or drop off?", desk.records_how_to_send.as_deref()),
        ("my lawyer needs my records", "do I need to sign something?", desk.records_authorization.as_deref()),
        ("I need my FMLA paperwork done", "how long does it take?", desk.records_turnaround.as_deref()),
        ("I was hurt at work, it's workers comp", "how does that work with you guys?", desk.injury_claims.as_deref()),
    ] {
        let mut c = Convo::sms();
        c.says(first);
        c.says(question).expect(&[answer.unwrap()]).refuse(&["added that", "didn't understand"]);
        assert_eq!(field(c.item(), "patient-said"), Some(question), "staff see the question too");
    }
    let mut bare = prepare(DEMO).unwrap();
    bare.desk.new_card = None;
    let mut c = Convo::new(Channel::Sms, bare);
    c.says("I got a new insurance card");
    c.says("can I email a photo of it?").expect(&["passed your question to our staff"]);
}

#[test]
fn in_spanish_the_practices_spanish_answer() {
    let mut c = Convo::sms();
    c.host.language = Some("es".into());
    c.says("tengo una tarjeta nueva del seguro");
    c.says("puedo mandar foto?").expect(&["No podemos recibir fotos de tarjetas por mensaje de texto."]);
}

#[test]
fn a_second_plan_asked_about_is_checked_too() {
    let mut c = Convo::sms();
    c.says("do you take humana medicare?");
    c.says("What about WellCare if I switch?").expect(&["check whether our practice accepts your plan"]);
    assert_eq!(field(c.item(), "reason"), Some("insurance-question"));
}

/// Blind set c: a copy of an MRI and "salgo de trabajar" went to billing
/// (one letter from "copay" and "saldo"), and an attorney's records request
/// for an accident claim to the claims staff.
#[test]
fn look_alike_words_do_not_send_a_request_to_the_wrong_staff() {
    for text in [
        "ok and she wants a copy of her MRI report too",
        "¿hay algo la otra semana en la tarde? yo la llevo y salgo de trabajar a las 3",
    ] {
        let mut c = Convo::sms();
        c.says("hi");
        c.says(text).refuse(&["billing staff", "facturación"]);
    }
    let mut c = Convo::voice();
    c.silence();
    c.says("we need his treatment records since march related to his car accident claim").expect(&["records staff"]);
    assert_eq!(field(c.item(), "reason"), Some("records-request"));
}
