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
