//! Identification: checked through the directory, never revealed.

use super::*;

/// Everything the caller heard from asking for a refill up to the
/// medication question, for a given name and birth date.
fn heard(name: &str, dob: &str, caller: &str) -> Vec<String> {
    let mut c = Convo::sms().from(caller);
    let mut heard = Vec::new();
    for text in ["I need a refill", name, dob] {
        c.says(text);
        heard.push(c.reply());
    }
    heard
}

#[test]
fn a_match_and_a_non_match_hear_exactly_the_same() {
    let matched = heard("Maria Gonzalez", "3/14/1971", MARIA_PHONE);
    let wrong_birthday = heard("Maria Gonzalez", "3/15/1971", MARIA_PHONE);
    let stranger = heard("Pat Example", "1/1/1980", CALLER);
    assert_eq!(matched, wrong_birthday);
    assert_eq!(matched, stranger);
    for reply in &matched {
        assert!(!reply.to_lowercase().contains("maria"), "never uses the name: {reply}");
        for leak in ["not a patient", "no record", "couldn't find", "could not find", "verified", "found you"] {
            assert!(!reply.to_lowercase().contains(leak), "{leak}: {reply}");
        }
    }
}

#[test]
fn a_caller_who_cannot_be_matched_is_still_helped() {
    let mut c = Convo::sms();
    c.says("refill please");
    c.identify("Pat Example", "January 1, 1980");
    c.says("oxycodone, cvs on main, this number").expect(&["We've received your refill request."]);
    let item = c.item();
    assert_eq!(field(item, "patient-id"), Some("unverified"));
    assert_eq!(field(item, "name-given"), Some("Pat Example"));
    assert_eq!(field(item, "date-of-birth-given"), Some("1980-01-01"));
    assert_eq!(field(item, "phone-matches"), None);
}

#[test]
fn the_directory_gets_the_name_as_written_and_a_middle_name_is_tried_without() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("refill");
    c.identify("Maria Elena Gonzalez", "1971-03-14");
    let names: Vec<&str> = c.lookups().iter().map(|q| q.full_name.as_str()).collect();
    assert_eq!(names, ["Maria Elena Gonzalez", "Maria Gonzalez"]);
    c.says("norco, cvs, this number");
    assert_eq!(field(c.item(), "patient-id"), Some("demo-p001"));
}

#[test]
fn lookups_are_bounded() {
    let mut c = Convo::sms();
    c.says("refill");
    c.identify("Maria Gonzalez", "1/1/1970");
    let mut per_turn = vec![c.lookups().len()];
    for dob in ["1/2/1970", "1/3/1970", "1/4/1970", "3/14/1971"] {
        c.says(&format!("actually my date of birth is {dob}")).expect(&["Thanks, I've updated that."]);
        per_turn.push(c.lookups().len());
    }
    // Three per conversation, so the right birthday is never confirmed by
    // trying one after another.
    assert_eq!(per_turn, [1, 1, 1, 0, 0]);
    c.says("oxycodone, cvs, this number");
    assert_eq!(field(c.item(), "patient-id"), Some("unverified"));
}

#[test]
fn a_failing_directory_is_treated_as_no_match() {
    let mut c = Convo::sms();
    c.host.fail.push("lookup_patient");
    c.says("refill");
    c.identify("Maria Gonzalez", "3/14/1971").expect(&["Thank you.", "Which medication"]);
    c.says("oxycodone, cvs, this number");
    assert_eq!(field(c.item(), "patient-id"), Some("unverified"));
}

#[test]
fn emergencies_never_wait_for_identification() {
    let mut c = Convo::sms();
    c.says("refill");
    c.says("Maria Gonzalez");
    c.says("i took too many of my pills and feel really sleepy");
    assert!(c.reply().starts_with("If someone may have taken too much medication"), "{}", c.reply());
    assert_eq!(c.emergencies().len(), 1);
}

#[test]
fn a_name_and_birth_date_given_after_a_refill_offer_take_it_up() {
    // The early-refill answer offers the refill; the patient answers the
    // question they expect next, with who they are.
    let mut c = Convo::sms().from(MARIA_PHONE);
    c.says("Can I pick up my oxycodone a few days early? I'm flying to see family on the 12th")
        .expect(&["reply REFILL"]);
    c.says("Maria Gonzalez").expect(&["date of birth"]);
    c.says("3/14/1971").expect(&["pharmacy"]);
    c.says("Walgreens on Dixie Hwy");
    c.says("yes").expect(&["We've received your refill request"]);
    let item = c.item();
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert_eq!(field(item, "medication-as-said"), Some("oxycodone"));
    assert_eq!(field(item, "early-refill"), Some("yes"));
    assert_eq!(field(item, "pharmacy"), Some("walgreens on dixie hwy"));
}

#[test]
fn a_yes_to_the_refill_offer_starts_the_request() {
    let mut c = Convo::sms();
    c.says("someone stole my purse with my hydrocodone in it").expect(&["police report", "reply REFILL"]);
    c.says("yes please").expect(&["first and last name"]);
}

#[test]
fn who_they_are_given_before_any_request_is_kept_for_it_and_never_misunderstood() {
    for (name, dob) in [("Maria Gonzalez", "3/14/1971"), ("Pat Example", "1/1/1980")] {
        let mut c = Convo::sms().from(MARIA_PHONE);
        c.says("hi");
        c.says(name).expect(&["Thank you. What can I help you with today?"]).refuse(&["didn't understand"]);
        c.says(dob).expect(&["What can I help you with today?"]);
        // Nothing said reveals whether the name is on file.
        assert!(c.lookups().is_empty());
        c.says("I need a refill of my oxycodone").expect(&["pharmacy"]).refuse(&["name", "date of birth"]);
        c.says("CVS on Main, this number").expect(&["We've received your refill request"]);
        assert_eq!(field(c.item(), "name-given"), Some(name));
    }
}

#[test]
fn a_caregiver_saying_who_they_are_is_not_taken_for_the_patient() {
    let mut c = Convo::sms();
    c.says("I need to cancel my mom's appointment");
    c.says("im her daughter karen").refuse(&["988", "911"]);
    let mut c = Convo::sms();
    c.says("hi");
    c.says("I'm his daughter Karen").expect(&["who is calling"]).refuse(&["Thank you. What can I help"]);
    // The request that follows is not filed under her name.
    c.says("he needs a refill of his gabapentin").expect(&["first and last name"]);
}

#[test]
fn a_spanish_name_and_spoken_birth_date_identify() {
    let mut c = Convo::voice().from(MARIA_PHONE);
    c.silence();
    c.says("necesito un resurtido de mi tramadol");
    c.says("me llamo maria gonzalez").expect(&["date of birth"]);
    c.says("catorce de marzo del setenta y uno").expect(&["pharmacy"]);
}

#[test]
fn a_dose_or_a_police_report_is_not_taken_for_the_pharmacy() {
    let mut c = Convo::voice().from(MARIA_PHONE);
    c.silence();
    c.says("i need a refill on my gabapentin");
    c.identify("maria gonzalez", "march fourteenth nineteen seventy one");
    c.says("the six hundred milligram ones").expect(&["pharmacy"]);
    c.says("yes i called the police i have a report number").expect(&["pharmacy"]);
    c.says("walgreens on bardstown road").expect(&["number ending in"]);
    c.says("yes");
    assert_eq!(field(c.item(), "pharmacy"), Some("walgreens on bardstown road"));
}

#[test]
fn a_caregiver_is_asked_for_the_patients_name_and_can_name_the_patient_up_front() {
    let mut c = Convo::voice().from("+15550199004");
    c.silence();
    c.says("hi im calling for my dad robert oneill he needs to get in for his follow up");
    c.expect(&["date of birth"]).refuse(&["first and last name"]);
    let mut c = Convo::sms();
    c.says("I need to cancel my mom's appointment").expect(&["first and last name"]);
    c.says("im her daughter karen").expect(&["What is the patient's first and last name?"]).refuse(&["didn't catch"]);
    c.says("Dorothy Baker").expect(&["date of birth"]);
}

/// Blind set c: a name said beside the first request was asked for again,
/// on every turn after.
#[test]
fn a_name_said_beside_a_request_is_not_asked_again() {
    let mut c = Convo::voice();
    c.silence();
    c.says("yeah this is james whitfield i need my oxy codone early i'm going out of town").expect(&["Early refills"]);
    c.says("november second nineteen fifty eight").refuse(&["first and last name"]);

    let mut c = Convo::sms();
    c.says("Hello, this is Dorothy Baker. My insurance is changing January 1st and I have a new card");
    c.says("May 17 1962");
    c.says("Also I have an appt coming up can you confirm when it is")
        .refuse(&["first and last name", "date of birth"]);

    // A relative's own name is not the patient's.
    let mut c = Convo::sms();
    c.says("This is Frank Baker, my wife Dorothy Baker has an appointment next week she can't make")
        .expect(&["date of birth"]);
    c.says("5/17/1962");
    let lookup = c.lookups().last().cloned().expect("looked up");
    assert_eq!(lookup.full_name, "Dorothy Baker");
}
