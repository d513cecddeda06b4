//! The recogniser's second opinion on red flags: when the phrase rules find
//! none, the message is matched against the plugin's own examples
//! (`red_flag_examples.tsv`) through the host's `understanding.classify`,
//! so a paraphrase nobody listed still gets its emergency or urgent
//! handling. The plugin ships no model; a host that cannot answer (not
//! granted, an older host) leaves the rules' labels as they are.

use super::{Label, Labels};
use crate::host::Host;

static EXAMPLES: &str = include_str!("red_flag_examples.tsv");

/// An emergency label wins when its best example is this close (urgent
/// labels are left to the rules: a false urgent item costs a clinician's
/// call, and the host's net is the floor beneath both)...
const THRESHOLD: f32 = 0.55;
/// ...(closer for Spanish, which the English model reads less well)...
const THRESHOLD_SPANISH: f32 = 0.72;
/// ...and this much closer than the best look-alike.
const MARGIN: f32 = 0.04;

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

/// `labels` with the semantic red flag added, when the rules found none.
pub(crate) fn with_red_flag<H: Host + ?Sized>(host: &mut H, text: &str, spanish: bool, labels: Labels) -> Labels {
    let lower = text.to_lowercase();
    if labels.any(|l| l.is_emergency() || l.is_urgent())
        || text.trim().is_empty()
        || OVER.iter().any(|o| lower.contains(o))
    {
        return labels;
    }
    let Ok(scores) = host.classify(text, &examples()) else { return labels };
    let none = scores.iter().find(|(l, _)| l == "none").map_or(f32::MIN, |s| s.1);
    let threshold = if spanish { THRESHOLD_SPANISH } else { THRESHOLD };
    let Some((label, score)) = scores.iter().find(|(l, _)| l != "none") else { return labels };
    if *score < threshold || *score < none + MARGIN {
        return labels;
    }
    let Some(found) = Label::ALL.into_iter().find(|l| l.as_str() == label && l.is_emergency()) else { return labels };
    let mut out = labels;
    // The emergency is what must be acted on: the rules' "other" or a
    // policy answer gives way to it.
    out.remove(Label::Other);
    out.add(found);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::RecordingHost;

    #[test]
    fn a_paraphrase_the_rules_leave_is_labelled_through_the_host() {
        let mut host = RecordingHost::default();
        let text = "grandpa's face is sagging on one side and he can't get his words out";
        let labels = with_red_flag(&mut host, text, false, Labels::default());
        assert!(labels.has(Label::EmergencyStroke), "{:?}", labels.iter().collect::<Vec<_>>());
        // A look-alike stays as the rules left it.
        let quiet = with_red_flag(&mut host, "this bill is killing me", false, Labels::default());
        assert!(quiet.is_empty());
    }

    #[test]
    fn a_host_that_cannot_classify_leaves_the_rules_labels() {
        let mut host = RecordingHost::default();
        host.fail.push("classify");
        let text = "grandpa's face is sagging on one side and he can't get his words out";
        assert!(with_red_flag(&mut host, text, false, Labels::default()).is_empty());
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
