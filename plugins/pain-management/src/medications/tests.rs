use super::*;
use switchboard_common::normalize::Utterance;

fn lookup_with(text: &str, extras: &[ExtraMedication]) -> Option<Found> {
    let u = Utterance::new(text, |w| is_vocabulary_word(w, extras));
    find(u.tokens(), extras)
}

fn lookup(text: &str) -> Option<(String, Option<Schedule>)> {
    lookup_with(text, &[]).map(|f| (f.name, f.schedule))
}

#[test]
fn finds_generics_and_brands_with_their_schedule() {
    let cases = [
        ("I need my oxycodone", "oxycodone", Some(II)),
        ("OxyContin 20", "oxycodone", Some(II)),
        ("refill on percocet please", "oxycodone with acetaminophen", Some(II)),
        ("norco", "hydrocodone", Some(II)),
        ("Dilaudid", "hydromorphone", Some(II)),
        ("my MS Contin", "morphine", Some(II)),
        ("suboxone", "buprenorphine", Some(III)),
        ("Tylenol #3", "codeine with acetaminophen", Some(III)),
        ("tylenol with codeine", "codeine with acetaminophen", Some(III)),
        ("tylenol", "acetaminophen", None),
        ("Ultram", "tramadol", Some(IV)),
        ("soma", "carisoprodol", Some(IV)),
        ("xanax", "alprazolam", Some(IV)),
        ("lyrica", "pregabalin", Some(V)),
        ("gabapentin", "gabapentin", None),
        ("meloxicam", "meloxicam", None),
    ];
    for (text, name, schedule) in cases {
        assert_eq!(lookup(text), Some((name.to_owned(), schedule)), "{text}");
    }
}

#[test]
fn tolerates_misspellings() {
    for (text, name) in [
        ("oxicodone", "oxycodone"),
        ("percoset", "oxycodone with acetaminophen"),
        ("perkocet", "oxycodone with acetaminophen"),
        ("hydrocodon", "hydrocodone"),
        ("vicoden", "hydrocodone"),
        ("norko", "hydrocodone"),
        ("dilauded", "hydromorphone"),
        ("xanex", "alprazolam"),
        ("tramadal", "tramadol"),
        ("suboxen", "buprenorphine"),
        ("oxycotton", "oxycodone"),
        ("klonopen", "clonazepam"),
        ("clonazepam", "clonazepam"),
        ("lorazepam", "lorazepam"),
    ] {
        assert_eq!(lookup(text).map(|f| f.0), Some(name.to_owned()), "{text}");
    }
}

#[test]
fn joins_speech_split_names() {
    for (said, name) in [
        ("i need my oxy codone refilled", "oxycodone"),
        ("per cocet", "oxycodone with acetaminophen"),
        ("hydro codone", "hydrocodone"),
        ("tram a dol", "tramadol"),
        ("dill audid", "hydromorphone"),
    ] {
        assert_eq!(lookup(said).map(|f| f.0), Some(name.to_owned()), "{said}");
    }
    let f = lookup_with("my oxy codone", &[]).unwrap();
    assert_eq!(f.as_said, "oxycodone");
}

#[test]
fn keeps_what_was_said() {
    let f = lookup_with("pls refil my Percoset 5/325", &[]).unwrap();
    assert_eq!(f.as_said, "percoset");
    assert_eq!(f.name, "oxycodone with acetaminophen");
}

#[test]
fn ignores_ordinary_words() {
    for text in ["I need a refill", "I'm alive", "this is roxy", "my t4 levels", "call me back", "some stuff", ""] {
        assert_eq!(lookup(text), None, "{text}");
    }
}

#[test]
fn practice_entries_win_and_are_found_by_alias() {
    let extras = [ExtraMedication {
        name: "gabapentin".into(),
        schedule: V,
        names: vec!["gabapentin".into(), "neurontin".into(), "gralise".into()],
    }];
    let f = lookup_with("neurontin", &extras).unwrap();
    assert_eq!((f.name.as_str(), f.schedule), ("gabapentin", Some(V)));
    let f = lookup_with("gaba pentin", &extras).unwrap();
    assert_eq!(f.schedule, Some(V));
}

#[test]
fn leftmost_name_wins() {
    assert_eq!(lookup("xanax and oxycodone").unwrap().0, "alprazolam");
}

#[test]
fn schedules_parse() {
    assert_eq!(Schedule::parse("ii"), Some(II));
    assert_eq!(Schedule::parse("C-IV"), Some(IV));
    assert_eq!(Schedule::parse("CV"), Some(V));
    assert_eq!(Schedule::parse("3"), Some(III));
    assert_eq!(Schedule::parse("VI"), None);
    assert_eq!(Schedule::parse(""), None);
    assert_eq!(V.as_str(), "V");
}
