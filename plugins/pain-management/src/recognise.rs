//! What a patient's message is about: the labels the conversation acts on.
//!
//! Two stages, both deterministic:
//!
//! 1. **Cues** (`cues.rs`): one pass of a typo-tolerant phrase table over
//!    the normalized tokens finds small facts — "a procedure is mentioned",
//!    "something is swelling", "an approval word", "both legs". A cue that
//!    describes a symptom is dropped when a negation comes just before it
//!    ("no swelling or trouble breathing").
//! 2. **Rules** (`labels` below): plain boolean logic over the cues, so
//!    that a label can need two facts anywhere in the message ("approved" +
//!    "insurance" is a prior-authorization question; "approve" alone is
//!    pressure for a prescription).
//!
//! Precedence (see `labels`): an emergency overrides medication questions,
//! policies and urgent labels (the emergency is what must be acted on);
//! early-refill and lost/stolen questions are policy questions, not refill
//! requests; a greeting counts only when nothing else was said; "other"
//! only when no label applies.

mod cues;

use switchboard_common::normalize::Utterance;

use crate::medications::{self, ExtraMedication};
use cues::{Cue, Cues};

/// Every label, in the stable order [`classify`] reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    Refill,
    Person,
    MedicationQuestion,
    PolicyEarlyRefill,
    PolicyLostStolen,
    PolicyUrineDrugScreen,
    PolicyOpioidAgreement,
    PolicyMissedAppointment,
    PolicyHours,
    PolicyLocation,
    PolicyNewPatient,
    PriorAuth,
    EmergencyOverdose,
    EmergencySuicide,
    EmergencyCaudaEquina,
    EmergencyAllergy,
    UrgentPostProcedure,
    UrgentPump,
    Appointment,
    OptOut,
    Greeting,
    Other,
}

use Label::*;

impl Label {
    pub const ALL: [Label; 22] = [
        Refill,
        Person,
        MedicationQuestion,
        PolicyEarlyRefill,
        PolicyLostStolen,
        PolicyUrineDrugScreen,
        PolicyOpioidAgreement,
        PolicyMissedAppointment,
        PolicyHours,
        PolicyLocation,
        PolicyNewPatient,
        PriorAuth,
        EmergencyOverdose,
        EmergencySuicide,
        EmergencyCaudaEquina,
        EmergencyAllergy,
        UrgentPostProcedure,
        UrgentPump,
        Appointment,
        OptOut,
        Greeting,
        Other,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Refill => "refill",
            Person => "person",
            MedicationQuestion => "medication-question",
            PolicyEarlyRefill => "policy-early-refill",
            PolicyLostStolen => "policy-lost-stolen",
            PolicyUrineDrugScreen => "policy-urine-drug-screen",
            PolicyOpioidAgreement => "policy-opioid-agreement",
            PolicyMissedAppointment => "policy-missed-appointment",
            PolicyHours => "policy-hours",
            PolicyLocation => "policy-location",
            PolicyNewPatient => "policy-new-patient",
            PriorAuth => "prior-auth",
            EmergencyOverdose => "emergency-overdose",
            EmergencySuicide => "emergency-suicide",
            EmergencyCaudaEquina => "emergency-cauda-equina",
            EmergencyAllergy => "emergency-allergy",
            UrgentPostProcedure => "urgent-post-procedure",
            UrgentPump => "urgent-pump",
            Appointment => "appointment",
            OptOut => "opt-out",
            Greeting => "greeting",
            Other => "other",
        }
    }

    pub const fn is_emergency(self) -> bool {
        matches!(self, EmergencyOverdose | EmergencySuicide | EmergencyCaudaEquina | EmergencyAllergy)
    }

    pub const fn is_urgent(self) -> bool {
        matches!(self, UrgentPostProcedure | UrgentPump)
    }
}

/// A set of labels (one bit each, iterated in the stable order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Labels(u32);

impl Labels {
    pub fn has(self, label: Label) -> bool {
        self.0 & (1 << label as u32) != 0
    }

    fn add(&mut self, label: Label) {
        self.0 |= 1 << label as u32;
    }

    fn remove(&mut self, label: Label) {
        self.0 &= !(1 << label as u32);
    }

    fn set(&mut self, label: Label, on: bool) {
        if on {
            self.add(label);
        }
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn iter(self) -> impl Iterator<Item = Label> {
        Label::ALL.into_iter().filter(move |l| self.has(*l))
    }

    pub fn any(self, pred: impl Fn(Label) -> bool) -> bool {
        self.iter().any(pred)
    }
}

/// The labels of `text` ("other" alone when nothing else applies), in the
/// stable order. `voice` is true for speech-recognition text: opt-out
/// keywords are a text-message convention only.
///
/// This is the recogniser the conversation uses (with the practice's extra
/// medication names added to the vocabulary).
pub fn classify(text: &str, voice: bool) -> Vec<&'static str> {
    let utterance = utterance(text, &[]);
    let named = medications::find(utterance.tokens(), &[]).is_some();
    recognise(utterance.tokens(), voice, named).iter().map(Label::as_str).collect()
}

/// The cues `classify` found in `text`, by name: what a tuner reads to see
/// why a message got the labels it got (the corpus report prints them for
/// every miss).
pub fn explain(text: &str) -> Vec<String> {
    let utterance = utterance(text, &[]);
    let named = medications::find(utterance.tokens(), &[]).is_some();
    cues::find(utterance.tokens(), named).names()
}

/// The labels of a normalized message; `named_medication` is whether it
/// names a medication (looked up once by the caller).
pub fn recognise<S: AsRef<str>>(tokens: &[S], voice: bool, named_medication: bool) -> Labels {
    let mut labels = Labels::default();
    if tokens.is_empty() {
        labels.add(Other);
        return labels;
    }
    // An opt-out can come with something else ("cancel my appt and stop
    // texting me", or a crisis): the conversation decides what goes first.
    if !voice && cues::is_opt_out(tokens) {
        labels.add(OptOut);
    }
    let c = cues::find(tokens, named_medication);
    rules(&c, &mut labels);
    if labels.is_empty() && cues::is_greeting(tokens) {
        labels.add(Greeting);
    }
    if labels.is_empty() {
        labels.add(Other);
    }
    labels
}

fn rules(c: &Cues, labels: &mut Labels) {
    use Cue::*;
    let med = c.has(MedName) || c.has(MedWord);

    // Emergencies.
    // "going to overdose" is a suicidal crisis, not (yet) an overdose.
    let taken = c.has(OdIngest) || c.has(OdAccident) || c.has(OdStrong) || c.has(OdWake);
    let overdose = (c.has(OdStrong) && !c.has(OdFuture))
        || (c.has(OdIngest) && !c.has(Pet) && !c.has(OdFuture))
        || (c.has(OdAccident) && (c.has(Sedation) || c.has(Breath)))
        // "He won't wake up", "I can't get him to wake up" — but not "it
        // makes it hard to wake up in the morning" (a side effect).
        || ((c.has(OdWake) || (c.has(WakeTrouble) && c.has(Cannot))) && !c.has(Habitual))
        // "She's not answering me" after her Dilaudid.
        || (c.has(Unresponsive) && (c.has(MedName) || c.has(MedWord)))
        // A child who chewed or swallowed medication is an emergency; a
        // dog that did is a lost prescription.
        || (c.has(Child) && c.has(Chewed) && (c.has(MedName) || c.has(MedWord)) && !c.has(Pet));
    labels.set(EmergencyOverdose, overdose);
    labels.set(EmergencySuicide, c.has(Suicide) || (c.has(NoWaking) && !c.has(Procedure)));
    let cauda = c.has(CeBladder)
        || c.has(Saddle)
        || (c.has(SaddleSite) && c.has(Numb))
        || (c.has(Legs) && (c.has(Weak) || c.has(Numb)));
    labels.set(EmergencyCaudaEquina, cauda);
    // Trouble breathing after taking too much is the overdose, not an
    // allergy.
    // "Hard to swallow" about a big pill is not an allergic reaction.
    let allergy = c.has(AlStrong)
        || (c.has(Breath) && !(taken && overdose))
        || (c.has(SwellSite) && c.has(Swell))
        || (c.has(SwallowTrouble) && !med);
    labels.set(EmergencyAllergy, allergy);
    let emergency = labels.any(Label::is_emergency);

    // Urgent, unless an emergency already covers it.
    // A headache counts after a procedure ("since my epidural") or when it
    // changes with position; "do you do botox for migraines" is neither.
    // "The headache went away, all good now" is not urgent; "the fever
    // went away but the site is still red" is.
    let passed = c.has(Resolved) && !c.has(Still);
    // Blood soaking a dressing ("blood all over my bandage and it keeps
    // coming") is a procedure or wound site even when none is named.
    let bleeding = c.has(Bleeding) || (c.has(Blood) && !c.has(NotBleeding));
    let post_procedure = ((c.has(Procedure) && (c.has(PpSymptom) || bleeding))
        || c.has(PpStrong)
        || (c.has(WoundSite) && (bleeding || c.has(PpSymptom)))
        || (c.has(Procedure) && c.has(Headache) && c.has(After))
        || (c.has(Headache) && c.has(Position)))
        && !passed;
    let pump = c.has(Pump) && c.has(PumpAlarm);
    if !emergency {
        labels.set(UrgentPostProcedure, post_procedure && !pump);
        labels.set(UrgentPump, pump);
    }
    let urgent = labels.any(Label::is_urgent);

    // Prior authorization: an approval word means insurance when a payer
    // or a procedure is in the message.
    let payer_or_procedure = c.has(Insurance) || c.has(Procedure);
    let prior_auth = c.has(PaPhrase)
        || (c.has(Approval) && payer_or_procedure)
        || (c.has(StatusQ) && payer_or_procedure)
        || (c.has(PaShort) && payer_or_procedure && !c.has(Talk));
    labels.set(PriorAuth, prior_auth);

    // Policies.
    // "My dog ate my pills" is a lost prescription, not an overdose.
    let lost = (c.has(Lost) && (med || c.has(LostCtx))) || (c.has(Pet) && (c.has(OdIngest) || c.has(Chewed)) && med);
    let early = (c.has(Early) && (c.has(FillCtx) || med)) || c.has(EarlyStrong) || (c.has(Travel) && c.has(FillCtx));
    let visit_named = c.has(ApptNoun) || c.has(Procedure) || c.has(Day) || c.has(ApptAgain);
    let missed = c.has(Missed)
        || c.has(NoShow)
        || (c.has(MissedWord) && visit_named && !med && !c.has(DoseQ) && !c.has(MedWord));
    if !emergency && !urgent {
        labels.set(PolicyLostStolen, lost);
        labels.set(PolicyEarlyRefill, early && !lost);
        labels.set(PolicyUrineDrugScreen, c.has(Uds));
        labels.set(
            PolicyOpioidAgreement,
            ((c.has(Agreement) && c.has(AgreementCtx)) || c.has(AgreementStrong)) && !c.has(NotAgreement),
        );
        labels.set(PolicyMissedAppointment, missed);
        labels.set(PolicyHours, c.has(HoursPhrase) || (c.has(OpenClose) && !c.has(NotHours)));
        labels.set(PolicyLocation, c.has(Location) && !c.has(NotLocation));
        labels.set(PolicyNewPatient, c.has(NewPatient));
    }

    // Appointments: a scheduling action, not just the word (a missed
    // appointment or "before my appointment" is something else).
    let strong = c.has(ApptStrong) || (c.has(ScheduleWord) && !c.has(ScheduleIdiom));
    let action = c.has(ApptAction) && !c.has(NotApptAction);
    let appointment = strong
        || (action && (c.has(ApptNoun) || c.has(Procedure)))
        || (action && c.has(Day) && !med && !c.has(RefillWord) && !emergency)
        || (c.has(AnAppointment) && !missed)
        || (c.has(ApptAgain) && (missed || c.has(ApptNoun)) && !c.has(Threat))
        // "Come in today" for a random drug screen is the screening policy.
        || (c.has(ComeIn)
            && !c.has(Uds)
            && (c.has(Day) || c.has(Early) || c.has(Urgency) || (c.has(Need) && !c.has(NewPatient))))
        || c.has(CantMakeIt)
        || (c.has(Early) && c.has(ApptNoun) && !c.has(FillCtx) && !med);
    labels.set(Appointment, appointment);

    // A person.
    let person = c.has(PersonStrong) || (c.has(Talk) && c.has(Human));
    labels.set(Person, person);

    // Medication questions: dose, effects, interactions, stopping, and
    // pressure to approve or hurry (an approval word that is not about
    // insurance).
    // "Why was my early refill denied?" asks about the policy.
    let pressure = (c.has(Approval) && !prior_auth && !early && !lost)
        || (c.has(Pressure) && !c.has(Excited) && (med || !prior_auth))
        || (c.has(DoctorSaid) && (med || c.has(RefillWord) || c.has(NewRx) || c.has(Approval) || c.has(Send)))
        || (c.has(Urgency) && (c.has(Send) || c.has(RefillWord)) && !labels.has(PolicyHours));
    // "How often do you drug test?" is about the screening policy.
    let dose = c.has(DoseQ) && (c.has(MedName) || !c.has(Uds));
    let question = dose
        || c.has(StopTaper)
        || c.has(EffectQ)
        || (c.has(MedQ) && med)
        || (c.has(TakeQ) && (c.has(MedName) || !c.has(Uds)));
    if !emergency && !urgent {
        labels.set(MedicationQuestion, pressure || question);
    }

    // Refill requests. Early and lost refills are policy questions; a pump
    // refill is an appointment; a bare medication name is a request.
    let refill_context = early || lost || (c.has(Pump) && appointment);
    // With an emergency, only an explicit refill request counts (the
    // medication named is part of the emergency).
    let refill = (c.has(RefillWord) && !c.has(Gratitude))
        || (!emergency
            && ((c.has(NewRx) && !c.has(OtherTopic))
                || (c.has(PharmacySend) && !c.has(OtherTopic))
                || (c.has(MedName) && c.has(Need) && !labels.any(|l| l == MedicationQuestion || is_policy(l)))
                || (med && c.has(Need) && labels.is_empty() && !c.has(OtherTopic))
                || (c.has(MedName) && labels.is_empty() && !c.has(OtherTopic))));
    labels.set(Refill, refill && !refill_context);
    if labels.has(PriorAuth) && !c.has(RefillWord) {
        labels.remove(Refill);
    }
}

fn is_policy(label: Label) -> bool {
    matches!(
        label,
        PolicyEarlyRefill
            | PolicyLostStolen
            | PolicyUrineDrugScreen
            | PolicyOpioidAgreement
            | PolicyMissedAppointment
            | PolicyHours
            | PolicyLocation
            | PolicyNewPatient
    )
}

/// A message as the recogniser reads it: normalized, split words joined
/// (with the practice's medication names), and letter-spaced words
/// ("J U S T  A P P R O V E") read out.
pub(crate) fn utterance(text: &str, extras: &[ExtraMedication]) -> Utterance {
    // Before text-speak expansion, which would read the "u" and "r" of
    // "J U S T" as "you" and "are".
    let plain = switchboard_common::normalize::normalize(text);
    let words: Vec<&str> = plain.split(' ').collect();
    let single = |t: &&str| t.len() == 1 && t.bytes().all(|b| b.is_ascii_alphabetic());
    if !words.windows(4).any(|w| w.iter().all(single)) {
        return Utterance::new(text, |w| is_vocabulary(w, extras));
    }
    Utterance::new(&spelled_out(&words), |w| is_vocabulary(w, extras))
}

/// Runs of four or more single letters joined, and the words the
/// recogniser cares about inside them spelled out as their own tokens.
fn spelled_out(tokens: &[&str]) -> String {
    const WORDS: &[&str] = &["just", "approve", "refill", "send", "now", "today", "please", "stop"];
    let mut out = String::new();
    let mut i = 0;
    while i < tokens.len() {
        let run = tokens[i..].iter().take_while(|t| t.len() == 1 && t.bytes().all(|b| b.is_ascii_alphabetic())).count();
        if run >= 4 {
            let joined: String = tokens[i..i + run].concat();
            out.push_str(&joined);
            for word in WORDS.iter().filter(|w| joined.contains(**w)) {
                out.push(' ');
                out.push_str(word);
            }
            i += run;
        } else {
            out.push_str(tokens[i]);
            i += 1;
        }
        out.push(' ');
    }
    out
}

/// Words speech recognition may split that are worth joining again: the
/// medication names plus the plugin's own keywords.
pub(crate) fn is_vocabulary(word: &str, extras: &[ExtraMedication]) -> bool {
    const OWN: &[&str] = &[
        "refill",
        "prescription",
        "representative",
        "pharmacy",
        "walgreens",
        "operator",
        "receptionist",
        "overdose",
        "overdosed",
        "suicide",
        "suicidal",
        "anaphylaxis",
        "incontinence",
        "intrathecal",
        "epidural",
        "stimulator",
        "authorization",
        "preauthorization",
        "radiofrequency",
        "appointment",
        "reschedule",
        "narcan",
        "naloxone",
        "myself",
        // Pharmacy names recognisers spell out ("c v s").
        "cvs",
        "heb",
    ];
    OWN.contains(&word) || medications::is_vocabulary_word(word, extras)
}

#[cfg(test)]
mod tests;
