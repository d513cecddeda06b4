//! The recogniser's second opinion on red flags: when the phrase rules find
//! none, the message is matched against the plugin's own examples
//! (`red_flag_examples.tsv`) through the host's `understanding.classify`,
//! so a paraphrase nobody listed still gets its emergency or urgent
//! handling. The plugin ships no model; a host that cannot answer (not
//! granted, an older host) leaves the rules' labels as they are.
//!
//! It is asked only where it helps more than it alarms (measured on the
//! corpus with `corpus_report --second-opinion`): English messages the
//! rules left as `other` or a medication question that describe a symptom
//! or a state, and that are not about something over, long ago, in general
//! or hypothetical. Asked of every `other` message it raised 29 false
//! alarms over the corpora ("you guys saved my life", "this is her daughter
//! susan my number is good") for 10 catches, every one of which the host's
//! safety net also makes; with a symptom required, 5 for 7. Calm Spanish messages score as
//! close to the examples as Spanish emergencies do under the host's
//! English-distilled model, and a message the rules read as a request
//! (a refill, a visit, a policy) almost never hides an unnamed emergency —
//! at the first thresholds the second opinion raised an emergency for 5% of
//! the corpus's calm messages ("gracias", "¿a qué hora cierran hoy?").

use super::{Label, Labels};
use crate::host::Host;

static EXAMPLES: &str = include_str!("red_flag_examples.tsv");

/// An emergency label wins when its best example is this close (urgent
/// labels are left to the rules: a false urgent item costs a clinician's
/// call, and the host's net is the floor beneath both)...
const THRESHOLD: f32 = 0.55;
/// ...and this much closer than the best look-alike.
const MARGIN: f32 = 0.06;
/// The fewest words a message needs for the second opinion.
const MIN_WORDS: usize = 5;

fn examples() -> Vec<(String, String)> {
    EXAMPLES
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_once('\t'))
        .map(|(label, text)| (label.to_string(), text.to_string()))
        .collect()
}

/// A symptom that is over ("it went away") is no emergency, however close
/// its words are to one.
const OVER: &[&str] = &[
    "went away",
    "gone now",
    "is gone",
    "back to normal",
    "fine now",
    "all good",
    "resolved",
    "se me quito",
    "ya paso",
];

/// The host's scores for `text` against the examples, best first (for the
/// corpus report's `--semantic`).
pub fn scores<H: Host + ?Sized>(host: &mut H, text: &str) -> Vec<(String, f32)> {
    host.classify(text, &examples()).unwrap_or_default()
}

/// `labels` with the semantic red flag added, when the rules found none
/// (see the module comment for when it is asked).
pub(crate) fn with_red_flag<H: Host + ?Sized>(host: &mut H, text: &str, spanish: bool, labels: Labels) -> Labels {
    let lower = text.to_lowercase();
    // A short Spanish line can read as English to the word lists ("no
    // nunca he ido allí soy nuevo"); the conversation's language settles it.
    if spanish
        || host.language() == "es"
        || labels.any(|l| !matches!(l, Label::Other | Label::MedicationQuestion))
        || text.trim().is_empty()
        // A few words ("I'm his daughter Karen") carry too little meaning
        // for the sentence model; the rules read short messages.
        || text.split_whitespace().count() < MIN_WORDS
        || OVER.iter().any(|o| lower.contains(o))
        || !labels.wants_second_opinion()
    {
        return labels;
    }
    let Ok(scores) = host.classify(text, &examples()) else { return labels };
    let none = scores.iter().find(|(l, _)| l == "none").map_or(f32::MIN, |s| s.1);
    let Some((label, score)) = scores.iter().find(|(l, _)| l != "none") else { return labels };
    if *score < THRESHOLD || *score < none + MARGIN {
        return labels;
    }
    let Some(found) = Label::ALL.into_iter().find(|l| l.as_str() == label && l.is_emergency()) else { return labels };
    let mut out = labels;
    // The emergency is what must be acted on: the rules' "other" or a
    // policy answer gives way to it.
    out.remove(Label::Other);
    out.remove(Label::MedicationQuestion);
    out.add(found);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::RecordingHost;

    /// The rules' labels for `text`, as the conversation gets them.
    fn rules(text: &str) -> Labels {
        let utterance = crate::recognise::utterance(text, &[]);
        let named = crate::medications::find(utterance.tokens(), &[]).is_some();
        crate::recognise::recognise(utterance.tokens(), false, named)
    }

    #[test]
    fn a_paraphrase_the_rules_leave_is_labelled_through_the_host() {
        let mut host = RecordingHost::default();
        let text = "there is a heavy weight on my heart and my arm aches";
        assert!(!rules(text).any(Label::is_emergency), "the rules miss it");
        let labels = with_red_flag(&mut host, text, false, rules(text));
        assert!(labels.has(Label::EmergencyChestPain), "{:?}", labels.iter().collect::<Vec<_>>());
        assert!(!labels.has(Label::Other));
        // A look-alike stays as the rules left it.
        let quiet = with_red_flag(&mut host, "this bill is killing me", false, rules("this bill is killing me"));
        assert_eq!(quiet, rules("this bill is killing me"));
    }

    #[test]
    fn a_host_that_cannot_classify_leaves_the_rules_labels() {
        let mut host = RecordingHost::default();
        host.fail.push("classify");
        let text = "there is a heavy weight on my heart and my arm aches";
        assert_eq!(with_red_flag(&mut host, text, false, rules(text)), rules(text));
    }

    /// Each of these is close enough to an example to raise an emergency
    /// if the host were asked (measured with `corpus_report --semantic`).
    #[test]
    fn it_is_not_asked_where_it_alarms_more_than_it_helps() {
        let mut host = RecordingHost::default();
        for (text, spanish) in [
            // Calm Spanish scores as close as a Spanish emergency.
            ("¿Ya aprobó el seguro la autorización para mi inyección?", true),
            ("quiero confirmar mi cita del martes y donde me estaciono", true),
            // A request the rules read.
            ("any update on the prior auth for my nerve block", false),
            // Over, long ago, in general.
            ("my leg was tingly after the trial but that stopped yesterday, no problems since", false),
            ("my grandma had a stroke back in 2015 and fully recovered, is a stimulator ok for her", false),
            ("Is it normal to feel chest pain when you're anxious? asking generally", false),
            // A medication question with no symptom in it.
            (
                "my daughter wants to know if her dad can take benadryl at night with his morphine to help him sleep",
                false,
            ),
        ] {
            let labels = rules(text);
            assert!(!labels.any(Label::is_emergency), "{text}");
            assert_eq!(with_red_flag(&mut host, text, spanish, labels), labels, "{text}");
        }
    }

    /// Lines of blind conversations the sentence model read as a stroke, a
    /// crisis or an overdose (0.56–0.69), which sent callers to 911: none
    /// describes a symptom, so the host is not asked.
    #[test]
    fn a_message_with_no_symptom_is_left_to_the_rules() {
        let mut host = RecordingHost::default();
        for text in [
            "this is her daughter susan my number is good",
            "she was in the hospital that day she fell and broke her wrist",
            "you guys saved my life honestly, thank you",
        ] {
            let labels = rules(text);
            assert!(!labels.wants_second_opinion(), "{text}");
            assert_eq!(with_red_flag(&mut host, text, false, labels), labels, "{text}");
        }
        // A short Spanish line the word lists take for English: the
        // conversation's language decides.
        let text = "no nunca he ido allí soy nuevo";
        host.language = Some("es".into());
        assert_eq!(with_red_flag(&mut host, text, false, rules(text)), rules(text));
    }

    #[test]
    fn every_example_names_a_red_flag_label_or_none() {
        for (label, _) in examples() {
            assert!(
                label == "none"
                    || Label::ALL.iter().any(|l| l.as_str() == label && (l.is_emergency() || l.is_urgent())),
                "{label}"
            );
        }
    }
}
