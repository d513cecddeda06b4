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
pub mod semantic;
pub(crate) mod spanish;

pub use spanish::{Language, language};

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
    EmergencyChestPain,
    EmergencyStroke,
    EmergencyBreathing,
    EmergencySeizure,
    EmergencyBleeding,
    EmergencyWeaknessAfterProcedure,
    UrgentPostProcedure,
    UrgentPump,
    UrgentWithdrawal,
    UrgentDeviceSite,
    Appointment,
    OptOut,
    Greeting,
    Other,
}

use Label::*;

impl Label {
    pub const ALL: [Label; 30] = [
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
        EmergencyChestPain,
        EmergencyStroke,
        EmergencyBreathing,
        EmergencySeizure,
        EmergencyBleeding,
        EmergencyWeaknessAfterProcedure,
        UrgentPostProcedure,
        UrgentPump,
        UrgentWithdrawal,
        UrgentDeviceSite,
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
            EmergencyChestPain => "emergency-chest-pain",
            EmergencyStroke => "emergency-stroke",
            EmergencyBreathing => "emergency-breathing",
            EmergencySeizure => "emergency-seizure",
            EmergencyBleeding => "emergency-bleeding",
            EmergencyWeaknessAfterProcedure => "emergency-weakness-after-procedure",
            UrgentPostProcedure => "urgent-post-procedure",
            UrgentPump => "urgent-pump",
            UrgentWithdrawal => "urgent-withdrawal",
            UrgentDeviceSite => "urgent-device-site",
            Appointment => "appointment",
            OptOut => "opt-out",
            Greeting => "greeting",
            Other => "other",
        }
    }

    pub const fn is_emergency(self) -> bool {
        matches!(
            self,
            EmergencyOverdose
                | EmergencySuicide
                | EmergencyCaudaEquina
                | EmergencyAllergy
                | EmergencyChestPain
                | EmergencyStroke
                | EmergencyBreathing
                | EmergencySeizure
                | EmergencyBleeding
                | EmergencyWeaknessAfterProcedure
        )
    }

    pub const fn is_urgent(self) -> bool {
        matches!(self, UrgentPostProcedure | UrgentPump | UrgentWithdrawal | UrgentDeviceSite)
    }
}

/// A set of labels (one bit each, iterated in the stable order), and
/// whether the semantic second opinion is wanted (the top bit, which no
/// label uses: see [`Labels::wants_second_opinion`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Labels(u32);

/// The bit after every label's.
const SECOND_OPINION: u32 = 1 << 31;
const _: () = assert!(Label::ALL.len() < 31);

impl Labels {
    /// Whether the rules, which found no red flag, leave the message open
    /// to a semantic second opinion: not when it is about something over,
    /// long ago, in general or hypothetical ("it went away", "years ago",
    /// "just curious", "what if"), and only when it describes a symptom or
    /// a state ("…and now I'm so sleepy"): "can you just approve it" or
    /// "that injection was a lifesaver" does not need the host's model
    /// (and the sentence model reads the second as a crisis). Found in the
    /// same pass over the cues as the labels.
    pub fn wants_second_opinion(self) -> bool {
        self.0 & SECOND_OPINION != 0
    }

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
        self.0 & !SECOND_OPINION == 0
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

/// The labels the conversation acts on: the rules' reading of an
/// utterance, with the host's semantic second opinion on red flags where
/// the rules found none (`semantic.rs`). `named_medication` as for
/// [`recognise`].
pub fn understand<H: crate::host::Host + ?Sized>(
    host: &mut H,
    text: &str,
    utterance: &Utterance,
    voice: bool,
    named_medication: bool,
) -> Labels {
    if utterance.is_empty() {
        return Labels::default();
    }
    let rules = recognise(utterance.tokens(), voice, named_medication);
    let spanish = !matches!(language(utterance.tokens()), Language::English);
    semantic::with_red_flag(host, text, spanish, rules)
}

/// [`classify`] with the host's second opinion, as the conversation gets it
/// (the corpus report's `--second-opinion`).
pub fn classify_with_host<H: crate::host::Host + ?Sized>(host: &mut H, text: &str, voice: bool) -> Vec<&'static str> {
    let utterance = utterance(text, &[]);
    let named = medications::find(utterance.tokens(), &[]).is_some();
    understand(host, text, &utterance, voice, named).iter().map(Label::as_str).collect()
}

/// The cues `classify` found in `text`, by name: what a tuner reads to see
/// why a message got the labels it got (the corpus report prints them for
/// every miss).
pub fn explain(text: &str) -> Vec<String> {
    let utterance = utterance(text, &[]);
    let named = medications::find(utterance.tokens(), &[]).is_some();
    let folded: Vec<String> = utterance.tokens().iter().map(|t| spanish::fold(t)).collect();
    cues::find(&folded, named).names()
}

/// Every phrase of the cue table found in `text`, with the words it
/// covered (`corpus_report --explain TEXT`), for tuning.
pub fn explain_spans(text: &str) -> Vec<String> {
    let utterance = utterance(text, &[]);
    let folded: Vec<String> = utterance.tokens().iter().map(|t| spanish::fold(t)).collect();
    cues::spans(&folded)
}

/// The labels of a normalized message; `named_medication` is whether it
/// names a medication (looked up once by the caller).
pub fn recognise<S: AsRef<str>>(tokens: &[S], voice: bool, named_medication: bool) -> Labels {
    if tokens.iter().all(|t| t.as_ref().is_ascii()) {
        return recognise_folded(tokens, voice, named_medication);
    }
    let folded: Vec<String> = tokens.iter().map(|t| spanish::fold(t.as_ref())).collect();
    recognise_folded(&folded, voice, named_medication)
}

/// [`recognise`] over tokens with Spanish accents folded ("convulsión" →
/// "convulsion"), so the cue table is written in plain letters.
fn recognise_folded<S: AsRef<str>>(tokens: &[S], voice: bool, named_medication: bool) -> Labels {
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
    if second_opinion(&c, labels) {
        labels.0 |= SECOND_OPINION;
    }
    labels
}

/// See [`Labels::wants_second_opinion`].
fn second_opinion(c: &Cues, labels: Labels) -> bool {
    use Cue::*;
    if labels.any(|l| !matches!(l, Other | MedicationQuestion)) {
        return false;
    }
    let over = c.has(Past) || c.has(Over) || c.has(General) || c.has(Hypothetical) || c.has(Stopped);
    // A symptom named to say it is absent ("no chest pain, just saying
    // thanks"), or a bill or a form, reads like an emergency to a sentence
    // model that does not see the "no".
    let settled = ((over || (c.has(Resolved) && !c.has(Still))) && !c.has(Ongoing))
        || c.has(Negated)
        || c.has(OtherTopic)
        || c.has(HeartIdiom);
    const SYMPTOMS: &[Cue] = &[
        Sedation,
        Breath,
        BreathHard,
        Numb,
        Weak,
        Swell,
        SwellSite,
        Hives,
        SwallowTrouble,
        Bleeding,
        Blood,
        Headache,
        PpSymptom,
        WdSymptom,
        Shaking,
        Jerk,
        Collapsed,
        OdStrong,
        OdWake,
        OdColor,
        OdIngest,
        OdAccident,
        Unresponsive,
        StrokeSoft,
        StrokeSpeech,
        ChestTight,
        Suicide,
        Legs,
        LegOne,
        ArmHand,
        Sudden,
    ];
    !settled && SYMPTOMS.iter().any(|&cue| c.has(cue))
}

fn rules(c: &Cues, labels: &mut Labels) {
    use Cue::*;
    let med = c.has(MedName) || c.has(MedWord);
    let emergency = emergencies(c, labels);

    // Urgent, unless an emergency already covers it.
    // A headache counts after a procedure ("since my epidural") or when it
    // changes with position; "do you do botox for migraines" is neither.
    // "The headache went away, all good now" is not urgent; "the fever
    // went away but the site is still red" is.
    let passed = (c.has(Resolved) && !c.has(Still)) || c.has(Stopped);
    let asking = (c.has(General) || c.has(Hypothetical)) && !c.has(Ongoing);
    // Blood soaking a dressing ("blood all over my bandage and it keeps
    // coming") is a procedure or wound site even when none is named.
    let bleeding = c.has(Bleeding) || (c.has(Blood) && !c.has(NotBleeding));
    let post_procedure = ((c.has(Procedure) && (c.has(PpSymptom) || bleeding))
        || c.has(PpStrong)
        || (c.has(WoundSite) && (bleeding || c.has(PpSymptom)))
        || (c.has(Procedure) && c.has(Headache) && c.has(After))
        || (c.has(Headache) && c.has(Position)))
        && !passed
        && !asking;
    let pump = c.has(Pump) && c.has(PumpAlarm);
    // The skin over an implanted stimulator, battery or pump: red, hot,
    // swollen, draining, opening, or the hardware showing through. A
    // stimulator trial's leads come out with the trial: a procedure site.
    let device_site = c.has(Device)
        && !c.has(Trial)
        && (c.has(DeviceStrong) || (c.has(SkinSite) && (c.has(PpSymptom) || c.has(DeviceSymptom) || c.has(Swell))))
        && !passed
        && !asking;
    // Sick after running out of or stopping a medication: a cause and a
    // symptom, or the word with either ("withdrawal is killing me since I
    // ran out"). A bare "I'm in withdrawal, what do I do?" is a medication
    // question (the safe reply and a clinician's callback). A pump running
    // dry is the pump's alarm.
    let withdrawal = ((c.has(WdCause) && c.has(WdSymptom))
        || (c.has(WdStrong) && (c.has(WdCause) || c.has(WdSymptom))))
        && !c.has(Pump)
        && !asking
        && !c.has(Past);
    if !emergency {
        labels.set(UrgentDeviceSite, device_site);
        labels.set(UrgentPostProcedure, post_procedure && !pump && !device_site);
        labels.set(UrgentPump, pump);
        labels.set(UrgentWithdrawal, withdrawal);
    }
    let urgent = labels.any(Label::is_urgent);

    // Prior authorization: an approval word means insurance when a payer
    // or a procedure is in the message.
    let payer_or_procedure = c.has(Insurance) || c.has(Procedure);
    // "Why was it denied?", "can you appeal it?": with no medication or
    // refill in the message, a denial is the insurer's.
    let denial = c.has(Denial) && !med && !c.has(RefillWord) && !c.has(NewRx);
    let prior_auth = c.has(PaPhrase)
        || (c.has(Approval) && payer_or_procedure)
        || denial
        || (c.has(StatusQ) && payer_or_procedure)
        || (c.has(PaShort) && payer_or_procedure && !c.has(Talk));
    // With an emergency, an insurer's denial is not what must be acted on.
    labels.set(PriorAuth, prior_auth && !emergency);

    // Policies.
    // "My dog ate my pills" is a lost prescription, not an overdose.
    let lost = (c.has(Lost) && (med || c.has(LostCtx)) && !c.has(NotLost))
        || (c.has(Pet) && (c.has(OdIngest) || c.has(Chewed)) && med);
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
        labels.set(PolicyLocation, c.has(LocationStrong) || (c.has(Location) && !c.has(NotLocation)));
        labels.set(PolicyNewPatient, c.has(NewPatient));
    }

    // Appointments: a scheduling action, not just the word (a missed
    // appointment or "before my appointment" is something else).
    let strong = c.has(ApptStrong) || (c.has(ScheduleWord) && !c.has(ScheduleIdiom)) || (c.has(WhenIs) && !c.has(Uds));
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
        // "They told me I have to come in and do a urine test."
        || (c.has(Uds) && c.has(ToldTo) && !c.has(WhyQ))
        || c.has(CantMakeIt)
        || (c.has(Early) && c.has(ApptNoun) && !c.has(FillCtx) && !med);
    // "Are you taking new patients, how long is the waitlist?" is about
    // becoming a patient, not a visit to book.
    let joining = c.has(NewPatient) && !c.has(ApptNoun) && !c.has(Day) && !c.has(ApptAction) && !c.has(ScheduleWord);
    labels.set(Appointment, appointment && !joining);

    // A person.
    let person = (c.has(PersonStrong) || (c.has(Talk) && c.has(Human))) && (!c.has(CallAt) || c.has(Human));
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
    // "I get them 3 times a day" about our texts is not a dose.
    let dose = c.has(DoseQ) && (c.has(MedName) || (!c.has(Uds) && !labels.has(OptOut)));
    // "A rash from the patch" asks about the medication.
    let question = (c.has(Hives) && med)
        || dose
        || c.has(StopTaper)
        || c.has(EffectQ)
        || (c.has(MedQ) && med)
        || (c.has(TakeQ) && (c.has(MedName) || !c.has(Uds)));
    if !emergency && !urgent {
        labels.set(MedicationQuestion, pressure || question);
    }

    // Refill requests. Early and lost refills are policy questions; a pump
    // refill is an appointment; a bare medication name is a request.
    // Asking for a replacement of what was lost is a refill request too.
    let refill_context = early
        || (lost && !c.has(ReplaceAsk))
        || (c.has(Pump) && (appointment || (c.has(PumpAlarm) && !c.has(MedName))));
    // With an emergency or an urgent problem, only an explicit refill
    // request counts (the medication named is part of the problem).
    // "If I miss my appointment, will you still refill?" asks about the
    // policy.
    let refill = (c.has(RefillWord) && !c.has(Gratitude) && !(c.has(Threat) && missed))
        || (lost && c.has(ReplaceAsk))
        || (!emergency && !urgent && c.has(NewRx) && !c.has(OtherTopic))
        || (!emergency
            && !urgent
            && ((c.has(PharmacySend) && !c.has(OtherTopic))
                || (c.has(MedName) && c.has(Need) && !labels.any(|l| l == MedicationQuestion || is_policy(l)))
                || (med && c.has(Need) && labels.is_empty() && !c.has(OtherTopic))
                || (c.has(MedName) && labels.is_empty() && !c.has(OtherTopic) && !c.has(Over) && !c.has(Past))));
    labels.set(Refill, refill && !refill_context);
    if labels.has(PriorAuth) && !c.has(RefillWord) && !c.has(NewRx) {
        labels.remove(Refill);
    }
}

/// The emergencies and crises in a message; returns whether there is one.
///
/// Figures of speech ("overdosed on Netflix", "gonna give me a stroke"),
/// past events that are over ("I had a seizure years ago, none since") and
/// questions in general ("what are the signs of a stroke?") are not
/// emergencies; what is happening now ("again", "right now") is, however
/// it is asked. Signs of a current state (cannot wake, not breathing, blue
/// lips) stand even in a question.
fn emergencies(c: &Cues, labels: &mut Labels) -> bool {
    use Cue::*;
    let med = c.has(MedName) || c.has(MedWord);
    let now = c.has(Ongoing);
    let asking = (c.has(General) || c.has(Hypothetical)) && !now;
    let history = (c.has(Past) || c.has(Over)) && !now;
    let not_now = asking || history;
    let breathing_trouble = c.has(Breath) || c.has(BreathHard);

    // Overdose. What was taken (evidence) can be hypothetical or long ago;
    // the state someone is in (signs) is now.
    let od_idiom = c.has(OdWord) && c.has(Everyday) && !med;
    let ingested = c.has(OdIngest) && !c.has(Pet) && !c.has(OdFuture);
    let evidence = (ingested
        || (c.has(OdWord) && !c.has(OdFuture) && !od_idiom)
        || c.has(NarcanGiven)
        || (c.has(OdAccident) && (c.has(Sedation) || breathing_trouble || c.has(OdStrong)))
        || (c.has(MedName) && c.has(OdMix) && c.has(Sedation))
        || (c.has(Found) && c.has(EmptyBottle))
        // A child who chewed or swallowed medication is an emergency; a
        // dog that did is a lost prescription.
        // (With a pet in the story too, a sleepy child still is.)
        || (c.has(Child) && (c.has(Chewed) || c.has(OdIngest)) && med && (!c.has(Pet) || c.has(Sedation))))
        && !not_now;
    // Blue or grey: an overdose, unless it comes with an asthma attack or
    // chest pain and no medication.
    let own_cause = (c.has(Asthma) || breathing_trouble || c.has(ChestPain) || c.has(HeartAttack)) && !med;
    let signs = c.has(OdStrong)
        // "He won't wake up", "I can't get him to wake up" — but not "it
        // makes it hard to wake up in the morning" (a side effect).
        || ((c.has(OdWake) || (c.has(WakeTrouble) && c.has(Cannot))) && !c.has(Habitual))
        // "She's not answering me" after her Dilaudid.
        || (c.has(Unresponsive) && med)
        || (c.has(OdColor) && !own_cause)
        || (c.has(Collapsed) && (med || c.has(Found) || c.has(EmptyBottle)) && !c.has(Nap) && !history);
    // A seizure explains collapsing and not answering; an overdose needs
    // something taken as well.
    let seizure = (c.has(Seizure) || c.has(Jerk) || (c.has(Shaking) && (c.has(Unresponsive) || c.has(Collapsed))))
        && (!c.has(SeizureQ) || now)
        && !not_now;
    // Gasping or an asthma attack with no medication in the picture is the
    // breathing's, unless they cannot be woken.
    let breath_only = own_cause && !c.has(OdWake) && !c.has(Collapsed);
    let overdose = evidence || (signs && !seizure && !breath_only);
    labels.set(EmergencyOverdose, overdose);
    labels.set(EmergencySeizure, seizure);

    // "Going to overdose" is a suicidal crisis, not (yet) an overdose; an
    // old crisis that was handled is a question.
    let passive = c.has(PassiveWake) && !c.has(WakeIdiom);
    labels.set(EmergencySuicide, (c.has(Suicide) || passive || (c.has(NoWaking) && !c.has(Procedure))) && !history);

    // Both legs, the saddle or the bladder. One leg after a procedure is
    // the procedure's weakness; a seizure explains wetting oneself.
    let saddle = c.has(Saddle) || (c.has(SaddleSite) && c.has(Numb));
    let legs = c.has(Legs) && (c.has(Weak) || c.has(Numb)) && !c.has(Procedure);
    let cauda = (saddle || legs || (c.has(CeBladder) && !seizure)) && !asking;
    labels.set(EmergencyCaudaEquina, cauda);

    // Trouble breathing after taking too much is the overdose; with hives
    // or a swelling face, or after a new medicine, an allergic reaction.
    // "Hard to swallow" about a big pill is not an allergic reaction.
    let swelling = c.has(SwellSite) && c.has(Swell);
    let allergy = (c.has(AlStrong)
        || swelling
        || (c.has(SwallowTrouble) && !med)
        || (breathing_trouble
            && (c.has(Hives) || (c.has(AllergyTrigger) && !c.has(BreathHard)))
            && !(ingested && overdose)))
        && !not_now;
    labels.set(EmergencyAllergy, allergy);

    // Chest pain; a tight chest with a swelling face is the allergy.
    // A tight chest from asthma is the breathing's.
    let asthma = c.has(Asthma) || c.has(BreathHard);
    let chest =
        (c.has(ChestPain) || (c.has(ChestTight) && !allergy && !asthma) || (c.has(HeartAttack) && !c.has(HeartIdiom)))
            && !not_now;
    labels.set(EmergencyChestPain, chest);

    // Severe trouble breathing: "a little short of breath on the stairs" is
    // not, unless it is one of the hard signs (gasping, no full sentence).
    let severe = c.has(BreathHard) || (c.has(Breath) && !c.has(Mild));
    let breathing = severe && !allergy && !overdose && !chest && !not_now;
    labels.set(EmergencyBreathing, breathing);

    // Stroke: the face, the speech (unless something was taken), one arm
    // or hand, vision, balance or confusion that came on suddenly.
    let one_arm = c.has(ArmHand) && (c.has(Weak) || c.has(Numb)) && (c.has(Sudden) || c.has(OneSide));
    let one_side = c.has(OneSide) && (c.has(Weak) || c.has(Numb)) && c.has(Sudden);
    let one_leg = c.has(LegOne) && c.has(Weak) && c.has(Sudden) && (c.has(OneSide) || c.has(StrokeSoft));
    // The worst headache of one's life is a stroke sign, unless it is the
    // positional headache after an epidural.
    let thunderclap = (c.has(Thunderclap) || (c.has(ThunderSoft) && c.has(Headache) && c.has(Sudden)))
        && !(c.has(Procedure) && c.has(Position));
    let stroke = (c.has(StrokeSign)
        || thunderclap
        // Speech that is slurred from what was taken, or short from
        // breathlessness, is the overdose's or the breathing's.
        || (c.has(StrokeSpeech) && !evidence && !breathing_trouble)
        || (c.has(StrokeWord) && !c.has(StrokeIdiom))
        || (c.has(StrokeSoft) && c.has(Sudden))
        || ((one_arm || one_leg || one_side) && !c.has(Procedure) && !chest))
        && !not_now;
    labels.set(EmergencyStroke, stroke);

    // Bleeding that will not stop; a little blood at a site is urgent.
    let bleeding = c.has(Bleeding) || (c.has(Blood) && !c.has(NotBleeding));
    let heavy =
        (c.has(BleedHeavy) || (bleeding && (c.has(Persist) || c.has(Soaked))) || (c.has(WoundSite) && c.has(Soaked)))
            && !c.has(Stopped)
            && (!c.has(Resolved) || c.has(Still))
            && !not_now;
    labels.set(EmergencyBleeding, heavy);

    // New weakness or numbness in a limb after a spinal or nerve
    // procedure (with the bladder or the saddle, cauda equina).
    let limb = c.has(LegOne) || c.has(ArmHand) || c.has(Legs);
    let passed = c.has(Resolved) && !c.has(Still);
    let weakness =
        c.has(Procedure) && limb && (c.has(Weak) || c.has(Numb)) && !saddle && !c.has(CeBladder) && !passed && !not_now;
    labels.set(EmergencyWeaknessAfterProcedure, weakness);

    labels.any(Label::is_emergency)
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
pub fn utterance(text: &str, extras: &[ExtraMedication]) -> Utterance {
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
