//! The recogniser on the tuning corpus and on hand-written edge cases.

use super::*;

// Accuracy on the labelled corpus is tested in tests/corpus.rs.

/// Messages written for this test (not from any corpus): the traps the
/// rules are built around, each with its exact label set.
#[test]
fn hand_written_traps() {
    let cases: &[(&str, bool, &[&str])] = &[
        // Figures of speech are not emergencies.
        ("I'd kill for an earlier appointment", false, &["appointment"]),
        // Asking for an earlier time or a visit by its name is booking.
        ("do you have anything earlier", false, &["appointment"]),
        ("I'd like an earlier time", false, &["appointment"]),
        ("I need a med check", false, &["appointment"]),
        // "Schedule" as an idiom is not a scheduling request.
        ("do you guys ever allow refills ahead of schedule", false, &["policy-early-refill"]),
        // A crisis next to an opt-out keeps both: the conversation answers
        // the crisis first.
        ("stop texting me, i want to die", false, &["emergency-suicide", "opt-out"]),
        ("this back pain is killing me, need my norco refilled", false, &["refill"]),
        ("u guys better approve it today or im going to the ER", false, &["medication-question"]),
        // Negated symptoms are not red flags; resolved ones neither.
        ("Norco makes me itchy, no swelling or trouble breathing", false, &["medication-question"]),
        ("my leg fell asleep from sitting but it's fine now", true, &["other"]),
        // Future intent is a suicidal crisis, not an overdose (yet).
        ("I'm going to overdose on purpose tonight", false, &["emergency-suicide"]),
        ("I took all my xanax because I want to die", false, &["emergency-overdose", "emergency-suicide"]),
        // "approve" is pressure, unless insurance or a procedure is meant.
        ("just approve it", false, &["medication-question"]),
        ("has my insurance approved the epidural", false, &["prior-auth"]),
        ("J U S T  A P P R O V E  it", false, &["medication-question"]),
        // Early and lost refills are policy questions.
        ("can I get my refill early, I'm traveling", false, &["policy-early-refill"]),
        ("someone stole my oxycodone", false, &["policy-lost-stolen"]),
        // A pump refill is a visit; a pump alarm is urgent.
        ("i need to schedule my pump refill", true, &["appointment"]),
        ("my pump is beeping", true, &["urgent-pump"]),
        // Emergencies in many words; trouble breathing after taking too
        // much is the overdose; a child chewing a patch is one, a dog not.
        ("i cant get my mom to wake up she took her oxycodone", false, &["emergency-overdose"]),
        ("I took double my fentanyl dose and now I can't breathe right", false, &["emergency-overdose"]),
        ("my toddler chewed on my fentanyl patch", false, &["emergency-overdose"]),
        ("my dog ate my pills", true, &["policy-lost-stolen"]),
        ("the gabapentin makes it hard to wake up in the morning, is that normal", false, &["medication-question"]),
        ("I wrote a goodbye note", false, &["emergency-suicide"]),
        ("I've been leaking urine and can't feel it", false, &["emergency-cauda-equina"]),
        ("my face is puffing up after the shot", false, &["emergency-allergy"]),
        // An emergency overrides the rest of the message.
        ("hives and my throat is closing after my injection", false, &["emergency-allergy"]),
        // Opt-out keywords are a texting convention.
        ("STOP", false, &["opt-out"]),
        ("stop", true, &["other"]),
        ("0", true, &["person"]),
        // Greetings only when nothing else is said.
        ("hi good morning", true, &["greeting"]),
        ("hi I need a refill", false, &["refill"]),
        ("", false, &["other"]),
        ("asdfjkl", false, &["other"]),
        // Speech: split words and text-speak.
        ("i need a refill on my hydro codone", true, &["refill"]),
        ("pls refil my percs thx", false, &["refill"]),
        ("r u open sat", false, &["policy-hours"]),
    ];
    for (text, voice, expected) in cases {
        assert_eq!(&classify(text, *voice), expected, "{text:?}");
    }
}

#[test]
fn labels_come_in_the_stable_order_and_are_deterministic() {
    let text = "need my perc refilled and can a real person call me back, also is it ok to take with advil";
    let first = classify(text, false);
    assert_eq!(first, ["refill", "person", "medication-question"]);
    for _ in 0..10 {
        assert_eq!(classify(text, false), first);
    }
    let order: Vec<&str> = Label::ALL.iter().map(|l| l.as_str()).collect();
    for text in
        ["Missed my appt today, can I reschedule?", "Is my facet injection approved? If so I want to schedule it"]
    {
        let got = classify(text, false);
        let positions: Vec<usize> = got.iter().map(|l| order.iter().position(|o| o == l).unwrap()).collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{got:?}");
    }
}
