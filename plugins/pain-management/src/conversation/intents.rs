//! Small answers the conversation needs besides the recogniser's labels
//! (`crate::recognise`): which number to call, "that's all", "help".
//! Yes and no come from `switchboard_common::parse::yes_no`.

use switchboard_common::intent::Matcher;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aux {
    /// "This number" / "the number I'm calling from": the caller's number
    /// is the one to use, whichever question was asked.
    ThisNumber,
    /// "Not this number", "a different number".
    OtherNumber,
    /// Nothing more ("that's all", "bye", "never mind").
    Done,
    /// Asks what they can do ("help", "menu"): the menu again.
    Help,
    /// Describes a symptom that is not a red flag ("my pain is worse", "a
    /// rash"): a clinician should call back.
    Symptom,
    /// The symptom is over ("it went away", "fine now").
    Resolved,
}

use Aux::*;

#[rustfmt::skip]
const RULES: &[(Aux, &[&str])] = &[
    (OtherNumber, &[
        "not this number", "not the best", "not that number", "dont call this", "different number",
        "another number", "other number", "new number",
    ]),
    (ThisNumber, &[
        "this number", "same number", "this phone", "number im calling from",
        "number i am calling from", "number i called from", "this cell", "number on file",
    ]),
    (Done, &[
        "thats all", "that is all", "thats it", "nothing else", "no thanks", "no thank you",
        "=no", "bye", "goodbye", "=thanks", "=thank you", "im good", "all set", "=done", "=nope",
        "never mind", "nevermind", "forget it",
        "=ok thanks", "=okay thanks", "=ok thank you", "=okay thank you", "=ok thx", "thanks that helps",
        "that helps thanks", "=thank you kindly", "=thanks so much", "=thank you so much", "=great thanks",
        "=perfect thanks", "=thanks again",
        "=gracias", "=muchas gracias", "gracias adios", "=ok gracias", "=esta bien gracias", "=bueno gracias",
        "=no gracias", "eso es todo", "=adios",
    ]),
    (Help, &[
        "=help", "=menu", "=options", "what can you do", "=are you there", "what are my options",
        // Carrier opt-in keywords (the carrier confirms them itself).
        "=start", "=unstop",
    ]),
    (Symptom, &[
        "pain is worse", "pain is getting worse", "worse pain", "more pain", "pain is bad",
        "rash", "tingling", "numb!", "numbness", "fever!", "headache", "dizzy", "nausea",
        "nauseous", "vomiting", "throwing up", "threw up", "swollen", "swelling", "bruising",
        "spasms", "cramping", "flare up", "flared up", "cant sleep", "shooting pain", "new pain",
        "hurts more", "pain got worse", "fell!", "fall!", "confused", "confusion", "foggy", "wobbly",
        "mareado", "mareada", "mareos", "confundido", "confundida", "vomitando", "fiebre",
    ]),
    (Resolved, &["went away", "fine now", "better now", "gone now", "resolved", "its fine", "it passed"]),
];

pub(crate) const AUX: Matcher<'static, Aux> = Matcher::new(RULES);
