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
    let table = config.hold_tables.get(prep.hold_table?)?;
    drugs.iter().filter_map(|d| table.get(d).map(|(_, h)| h.days)).max()
}
