//! The prep a booked patient is given: the practice's configured texts for
//! the procedure, read verbatim, and the hold instruction for each blood
//! thinner or NSAID they said they take — always followed by the sentence
//! that sends them to the prescriber before stopping anything.

use crate::config::booking::{BookingConfig, Prep};

/// Said after every hold instruction (the wording).
pub(crate) const CONFIRM_WITH_PRESCRIBER: &str = "Please confirm with the doctor who prescribes it before stopping.";

/// Said when they take something the practice's table does not list.
pub(crate) const UNLISTED_DRUG: &str = "I've asked our staff to review your medications for this procedure; they will call you about holding anything before it.";

pub(crate) fn arrival(minutes: u16) -> String {
    format!("Please arrive {minutes} minutes before your appointment time.")
}

pub(crate) const RIDE: &str =
    "You will need an adult to drive you home after the procedure; please do not plan to drive yourself.";

/// Every prep sentence for `prep` and the drugs named (codes in its hold
/// table), in the order a front desk would read them: arrival, ride,
/// sedation, fasting, each hold, the practice's extra sentences.
pub(crate) fn sentences(config: &BookingConfig, prep: &Prep, drugs: &[String], unlisted: bool) -> Vec<String> {
    let mut out = vec![arrival(prep.arrival_minutes)];
    if prep.ride_required {
        out.push(RIDE.to_owned());
    }
    out.extend(prep.sedation.iter().cloned());
    out.extend(prep.fasting.iter().cloned());
    let table = prep.hold_table.and_then(|t| config.hold_tables.get(t));
    for drug in drugs {
        if let Some((_, hold)) = table.and_then(|t| t.get(drug)) {
            out.push(hold.instruction.clone());
            out.push(CONFIRM_WITH_PRESCRIBER.to_owned());
        }
    }
    if unlisted {
        out.push(UNLISTED_DRUG.to_owned());
    }
    out.extend(prep.extra.iter().cloned());
    out
}

/// The longest hold among `drugs`, in days (when the hold reminder goes).
pub(crate) fn longest_hold(config: &BookingConfig, prep: &Prep, drugs: &[String]) -> Option<u16> {
    held_longest(config, prep, drugs).map(|(_, days)| days)
}

/// The drug (its code) with the longest hold among `drugs`, and the days.
pub(crate) fn held_longest(config: &BookingConfig, prep: &Prep, drugs: &[String]) -> Option<(String, u16)> {
    let table = config.hold_tables.get(prep.hold_table?)?;
    let mut best: Option<(String, u16)> = None;
    for drug in drugs {
        if let Some((_, hold)) = table.get(drug)
            && best.as_ref().is_none_or(|(_, days)| hold.days > *days)
        {
            best = Some((drug.clone(), hold.days));
        }
    }
    best
}

/// How far ahead a procedure's fasting rule must be known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FastingLead {
    /// "Do not eat for 6 hours before": the start is at least this many
    /// hours away.
    Hours(u16),
    /// "Nothing after midnight before your appointment": not today.
    Midnight,
}

/// The lead a practice's fasting sentence needs, read from its own words
/// (the config keeps fasting as the sentence the patient hears): "after
/// midnight" means not today; otherwise the largest "N hours" (digits or
/// one to twelve in words). A sentence with neither sets no lead.
pub(crate) fn fasting_lead(text: &str) -> Option<FastingLead> {
    const NUMBERS: [&str; 12] =
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    if words.contains(&"midnight") {
        return Some(FastingLead::Midnight);
    }
    let number = |w: &str| -> Option<u16> {
        w.parse().ok().or_else(|| NUMBERS.iter().position(|n| *n == w).map(|i| i as u16 + 1))
    };
    words
        .windows(2)
        .filter(|pair| matches!(pair[1], "hour" | "hours" | "hr" | "hrs"))
        .filter_map(|pair| number(pair[0]))
        .filter(|h| (1..=48).contains(h))
        .max()
        .map(FastingLead::Hours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fasting_leads_from_the_practices_words() {
        let esi = "If you are having sedation, do not eat for 6 hours before your appointment; clear liquids are fine until 2 hours before.";
        assert_eq!(fasting_lead(esi), Some(FastingLead::Hours(6)));
        let scs = "Do not eat or drink anything after midnight before your appointment.";
        assert_eq!(fasting_lead(scs), Some(FastingLead::Midnight));
        assert_eq!(fasting_lead("Nothing to eat for eight hours beforehand."), Some(FastingLead::Hours(8)));
        assert_eq!(fasting_lead("Eat a light breakfast."), None);
    }
}
