//! After a refill request is filed, the thread stays open: a question
//! about it gets the timeline, a new pharmacy updates it.

use super::*;

fn filed_gabapentin(c: &mut Convo) {
    c.says("hi its maria gonzalez, can i get a refill on my gabapentin? almost out");
    c.says("Maria Gonzalez 3/14/71");
    c.says("walgreens on preston hwy");
    c.says("this number is fine").expect(&["We've received your refill request."]);
    assert_eq!(c.items().len(), 1);
}

#[test]
fn a_new_pharmacy_updates_the_request_just_filed() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    filed_gabapentin(&mut c);
    c.says("ugh ok. wait actually send the gabapentin to the kroger on poplar level instead, walgreens is always out")
        .expect(&["I've passed the change to our clinical team", "kroger on poplar level"]);
    c.refuse(&["first and last name", "date of birth"]);
    let item = c.item();
    assert!(is(item, QueueKind::Refill, Priority::Routine));
    assert_eq!(item.summary, "Refill request update: a different pharmacy");
    assert_eq!(field(item, "patient-id"), Some("demo-p001"));
    assert_eq!(field(item, "medication"), Some("gabapentin"));
    assert_eq!(field(item, "replaces-pharmacy"), Some("walgreens on preston hwy"));
    assert_eq!(field(item, "pharmacy"), Some("kroger on poplar level"));
    assert_eq!(field(item, "callback"), Some(MARIA_PHONE));
    c.says("ok thanks").expect(&["Take care."]);
    assert!(c.items().is_empty(), "a thank-you files nothing more");
    assert!(c.finished);
}

#[test]
fn another_medication_is_another_request() {
    let mut c = Convo::sms().from(MARIA_PHONE);
    filed_gabapentin(&mut c);
    c.says("also my oxycodone please, same walgreens");
    c.refuse(&["I've passed the change"]);
    assert!(c.items().iter().all(|i| i.summary != "Refill request update: a different pharmacy"));
}

#[test]
fn asking_for_a_decision_gets_the_timeline_never_an_answer() {
    for question in ["so is that a yes or a no", "when will I know?", "can you just okay it today"] {
        let mut c = Convo::sms().from(MARIA_PHONE);
        filed_gabapentin(&mut c);
        c.says(question).expect(&["Only a clinician can decide", "reviewed by a clinician within 2 business days"]);
        c.refuse(&["approved", "yes,", "first and last name", "didn't understand"]);
        assert!(!c.finished, "{question}");
    }
}

#[test]
fn on_a_call_too_and_in_spanish() {
    let mut c = Convo::voice();
    c.host.language = Some("es".into());
    c.says("");
    c.says("necesito un resurtido de mi gabapentina");
    c.says("maria gonzalez");
    c.says("catorce de marzo de mil novecientos setenta y uno");
    c.says("walgreens en preston");
    c.says("si");
    assert!(c.items().iter().any(|i| i.kind == QueueKind::Refill), "filed");
    c.says("y cuando me avisan si ya esta").expect(&["Solo un profesional clínico puede decidir"]);
    c.says("mejor mandenla al kroger de poplar level").expect(&["su solicitud de resurtido ahora indica"]);
    assert_eq!(c.item().summary, "Refill request update: a different pharmacy");
}
