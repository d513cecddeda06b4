//! The small facts the recogniser's rules are built from, and the one
//! phrase table that finds them (syntax: `switchboard_common::intent`;
//! `!` = exact, `*` = up to two words, `#` = a number, `=` = whole message).
//!
//! Phrases are written over normalized tokens: lowercase, apostrophes
//! dropped ("can't" → "cant"), text-speak expanded ("appt" →
//! "appointment", "rx" → "prescription"). Short words that are one typo
//! from a common word are exact ("fever!" vs "fewer", "contract!" vs
//! "contact", "human!" vs "humana").

use switchboard_common::intent::{Matcher, PhraseIndex, phrase_count};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cue {
    MedName,
    MedWord,
    // Overdose.
    OdStrong,
    OdWake,
    WakeTrouble,
    Habitual,
    Excited,
    Cannot,
    Child,
    Chewed,
    OdFuture,
    OdIngest,
    OdAccident,
    Sedation,
    Pet,
    // Suicide.
    Suicide,
    // Cauda equina.
    CeBladder,
    Saddle,
    SaddleSite,
    Numb,
    Legs,
    Weak,
    // Severe allergic reaction.
    AlStrong,
    Breath,
    SwellSite,
    Swell,
    // After a procedure; pumps.
    Procedure,
    PpSymptom,
    /// A complication named outright ("spinal headache", "wet tap").
    PpStrong,
    Blood,
    /// Blood that is not bleeding ("blood thinner", "blood pressure").
    NotBleeding,
    /// Wishing not to wake up, which is about a procedure's sedation when
    /// one is named ("I hope I don't wake up during the RFA").
    NoWaking,
    /// Where a wound is dressed ("bandage", "dressing").
    WoundSite,
    Bleeding,
    Headache,
    Position,
    Pump,
    PumpAlarm,
    // Prior authorization.
    PaPhrase,
    Approval,
    Insurance,
    // Policies.
    Lost,
    LostCtx,
    Early,
    EarlyStrong,
    FillCtx,
    Travel,
    Missed,
    NoShow,
    Uds,
    Agreement,
    AgreementCtx,
    NotAgreement,
    HoursPhrase,
    OpenClose,
    NotHours,
    Location,
    NotLocation,
    NewPatient,
    // Appointments.
    ApptStrong,
    ApptAction,
    ApptNoun,
    AnAppointment,
    /// "schedule", "scheduling": a scheduling request unless an idiom.
    ScheduleWord,
    /// "schedule" that is not scheduling: "ahead of schedule", "schedule II".
    ScheduleIdiom,
    /// A scheduling verb in the past: "I called to cancel".
    NotApptAction,
    /// "another one", "a new date": rebooking after a missed visit.
    ApptAgain,
    /// "if I miss another one": a question about the policy, not a request.
    Threat,
    /// "come in", "be seen": a visit, when a day comes with it.
    ComeIn,
    /// "can't make it": an upcoming visit to move or cancel.
    CantMakeIt,
    /// A day or a time: "Friday", "tomorrow", "8:45", "the 22nd".
    Day,
    /// Status words ("came back", "any word on"): a prior authorization
    /// with a payer or a procedure, never pressure.
    StatusQ,
    /// "the contract", "my agreement": the opioid agreement even without
    /// the word "opioid".
    AgreementStrong,
    /// "the doctor said": pressure only about a prescription.
    DoctorSaid,
    /// "send my … to the pharmacy": a refill request.
    PharmacySend,
    /// "since", "after": a symptom that followed something.
    After,
    /// "missed", "miss": a missed visit when a visit or a day is named.
    MissedWord,
    /// Trouble swallowing: an allergic reaction, unless it is about a pill.
    SwallowTrouble,
    /// "not answering me": an overdose only when medication is named.
    Unresponsive,
    /// "thanks for sending my refill": gratitude, not a request.
    Gratitude,
    /// "went away", "all good now": a symptom that has passed.
    Resolved,
    /// "but", "still": what follows a resolved symptom may not be.
    Still,
    /// "the PA": a prior authorization only with a procedure or payer
    /// (it is also a physician assistant).
    PaShort,
    // A person.
    PersonStrong,
    Talk,
    Human,
    // Medication questions.
    Pressure,
    Urgency,
    Send,
    DoseQ,
    TakeQ,
    EffectQ,
    MedQ,
    StopTaper,
    // Refills.
    RefillWord,
    NewRx,
    Need,
    /// Clearly about something else (bills, records, forms).
    OtherTopic,
}

/// The cues found in a message, one bit each.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Cues(u128);

impl Cues {
    pub fn has(&self, cue: Cue) -> bool {
        self.0 & (1 << cue as u32) != 0
    }

    fn add(&mut self, cue: Cue) {
        self.0 |= 1 << cue as u32;
    }

    /// The cues present, by name, in the phrase table's order.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for cue in [MedName].into_iter().chain(RULES.iter().map(|(cue, _)| *cue)) {
            let name = format!("{cue:?}");
            if self.has(cue) && !names.contains(&name) {
                names.push(name);
            }
        }
        names
    }
}

use Cue::*;

#[rustfmt::skip]
const RULES: &[(Cue, &[&str])] = &[
    (MedWord, &[
        "medication", "medications", "medicine", "medicines", "pill", "pills", "prescription",
        "prescriptions", "bottle", "patch", "patches", "tablet", "tablets", "capsules", "narcotics",
        "painkillers", "pain killers",
        "medicina", "medicinas", "pastillas", "medicamento", "medicamentos",
    ]),
    (OdStrong, &[
        "overdose", "overdosed", "overdosing", "od!", "odd on", "think * odd", "he odd", "she odd",
        "i odd", "has odd", "took too many", "taken too many",
        "take too many", "took too much", "taken too much", "too many pills", "too many of",
        "not breathing", "stopped breathing", "isnt breathing", "barely breathing",
        "breathing * slow", "breathing * slowly", "breathing * shallow", "slow breathing",
        "shallow breathing", "lips * blue", "blue lips", "turning blue", "lips * gray",
        "lips * grey", "grey lips", "gray lips", "unresponsive", "not responding", "wont respond",
        "pinpoint", "gave * narcan", "give * narcan", "used * narcan", "gave * naloxone",
        "passed out", "unconscious", "slumped over", "breathing weird", "breathing funny",
        "breathing strange", "breathing funny", "open her eyes", "open his eyes", "used too much", "used too many", "hes blue", "shes blue", "is blue",
        "looks blue", "turned blue", "gurgling", "snoring * weird", "snoring * strange",
        "way too much", "way too many", "pupils * tiny", "tiny pupils", "pupils * small", "small pupils", "sobredosis", "no respira", "no despierta", "labios morados",
    ]),
    (OdFuture, &["going to overdose", "want to overdose", "overdose on purpose", "going to take"]),
    (OdIngest, &[
        "took all my", "took all of my", "took all his", "took all her", "took all the",
        "swallowed!", "took the whole", "took a bunch",
        "ate * pills", "ate some of", "handful", "took double", "doubled! up",
        "took every pill", "every pill i have", "all of my pills",
        "took * whole bottle", "swallowed * whole bottle", "took * entire bottle", "drank * bottle",
    ]),
    (OdWake, &["wont wake", "cant wake", "can not wake", "cannot wake", "hard to wake", "not waking", "barely wake", "hardly wake"]),
    (WakeTrouble, &["wake him", "wake her", "wake them", "to wake", "stay awake", "keep * awake"]),
    (Habitual, &[
        "in the morning", "every morning", "in the mornings", "at night", "makes it", "makes me",
        "usually", "lately", "always", "side effect",
    ]),
    (Excited, &["cant wait to", "can not wait to", "cannot wait to"]),
    (Cannot, &["cant", "cannot", "can not", "wont", "not", "unable", "hard", "couldnt", "wouldnt", "doesnt"]),
    (Child, &[
        "toddler", "baby", "kid", "kids", "child", "son", "daughter", "grandson", "granddaughter",
        "grandkid", "grandchild",
    ]),
    (Chewed, &["chewed", "chewing", "ate!", "swallowed!", "got into", "sucked on", "put * in * mouth"]),
    (OdAccident, &[
        "accidentally", "by mistake", "by accident", "got into", "double dosed", "took * together",
        "took * twice", "put on # patches", "took some of", "took extra",
        "took # instead", "took * instead of",
        "mixed up my", "took the wrong",
    ]),
    (Sedation, &[
        "sleepy", "cant stay awake", "can not stay awake", "drowsy", "lethargic", "confused",
        "slurring", "nodding off", "out of it", "falling asleep",
        "barely stay awake", "hard to stay awake", "stay awake", "barely awake", "keep my eyes open", "keep her eyes open", "keep his eyes open",
        "fading", "pass out", "passing out", "blacking out", "blacked out", "nodding", "loopy", "cant think straight", "really dizzy", "so dizzy",
    ]),
    (Pet, &["dog", "cat!", "pet!", "puppy!"]),
    (Suicide, &[
        "suicide", "suicidal", "kill myself", "killing myself", "kill my self", "kill himself",
        "kill herself", "killing himself", "killing herself", "end my life", "ending my life",
        "end his life", "end her life", "end it all", "ending it all", "take my own life",
        "take my life", "want to die", "wants to die", "wish i was dead", "wish i were dead",
        "better off dead", "better off without me", "hurt myself", "hurting myself",
        "harm myself", "harming myself", "self harm", "cutting myself", "cut myself",
        "no reason to live", "nothing to live for", "dont want to live", "not want to live",
        "dont want to be alive", "dont want to be here", "dont want to wake up",
        "if i was gone", "if i were gone", "i have a plan", "on myself", "shoot myself",
        "hang myself", "take them all", "take all my pills", "taking all my pills", "to end it", "saving up my pills",
        "saving my pills", "stockpiling", "thoughts of hurting", "thoughts of killing",
        "thoughts of suicide", "my own life", "want it all to end", "want it to end", "all to end",
        "goodbye note", "suicide note", "goodbye letter", "on purpose", "going to overdose", "want to overdose",
        "worth living",
        // Passive and indirect wording a clinician would still treat as
        // suicidal ideation.
        "if i was dead", "if i were dead", "better off if i", "want to be done", "cant do this anymore",
        "cant go on", "no point in living", "no point living", "not be here anymore", "end things",
        "disappear forever",
        "reason to keep going", "no reason to go on", "in front of a car", "in front of a train", "in front of a bus", "in front of a truck", "jump off", "jumping off", "off a bridge", "off the bridge", "drive off", "drive into", "over for good", "gone for good", "letters to my", "letter to my", "say goodbye to", "said goodbye to", "saying goodbye to", "giving away my", "gave away my", "everyone would be better", "put an end to",
        "rather be dead", "rather die", "rather not wake up", "point of living", "point in living", "point of going on", "hurt himself", "hurt herself", "harm himself", "harm herself", "hurting himself", "hurting herself", "going to hurt", "want it to be over", "want it over", "want this to be over", "take every pill", "take all of my pills", "take the whole bottle", "all my pills tonight",
        // "I don't see the point in going on", "I just want to go to sleep
        // and never wake up" — anchored, because "any point in going on the
        // waitlist" and "I sleep and never wake up from the pain" are not.
        "see the point in going on", "see the point of going on", "no point in going on",
        "point in going on anymore", "point in going on like this", "to sleep and never wake up",
        "asleep and never wake up", "wish i wouldnt wake up", "wish i would not wake up",
        "wish i never woke up", "never wake up again",
        "ending it", "end this", "saved up", "tonight im done", "done with life", "done living", "taking all the pills", "take all the pills", "matarme", "suicidarme", "quitarme la vida", "no quiero vivir", "quiero morir",
    ]),
    (CeBladder, &[
        "control my bladder", "control of my bladder", "control of his bladder",
        "control of her bladder", "bladder control", "control my bowels", "control of my bowels",
        "control of his bowels", "control of her bowels", "bowel control", "loss of bladder",
        "loss of bowel", "lost bladder", "lost bowel", "wet myself", "wet himself", "wet herself",
        "peed myself", "peed himself", "peed herself", "pee myself", "pooped myself",
        "pooped himself", "pooped herself", "pooped my pants", "peed my pants", "wet my pants",
        "soiled myself", "messed myself", "cant pee", "can not pee", "cannot pee",
        "unable to pee", "cant urinate", "can not urinate", "cannot urinate", "unable to urinate",
        "feel when i pee", "feel * pee", "tell if i need to go", "incontinence", "incontinent",
        "leaking urine", "leak urine", "hold my urine", "hold my pee", "hold my bladder",
        "accident with my bowels", "accident with my bladder", "bowel accident", "bladder accident", "accident in my pants", "havent been able to pee", "hasnt been able to pee", "not been able to pee", "not able to pee", "havent been able to urinate", "hasnt been able to urinate", "havent peed", "hasnt peed", "couldnt pee", "dont feel when i", "didnt even feel it", "didnt feel it", "lost control of",
        "trying to pee", "nothing comes out", "cant go pee", "cant empty my bladder",
        "no puede orinar", "no puedo orinar", "no puede hacer pipi",
    ]),
    (Saddle, &["saddle", "sitting on nothing"]),
    (SaddleSite, &[
        "groin", "inner thigh", "inner thighs", "private area", "private parts", "privates",
        "between my legs", "my bottom", "buttocks", "down there", "genitals", "genital",
        "crotch", "rectum",
    ]),
    (Numb, &["numb", "numbness", "cant feel", "no feeling", "lost feeling", "went numb", "dormidas", "adormecidas", "entumidas", "no siento"]),
    (Legs, &["legs!", "either leg", "leg!", "piernas"]),
    (Weak, &[
        "weak", "weakness", "weaker", "gave out", "giving out", "give out", "cant move",
        "cant lift", "cant walk", "barely walk", "cant stand", "paralyzed", "collapsed",
        "debiles", "debil!",
    ]),
    (AlStrong, &[
        "anaphylaxis", "anaphylactic", "allergic reaction", "severe allergic", "epipen",
        "epi pen", "hives all over", "hives everywhere", "broke out in hives", "closing up", "covered in hives",
        "wheezing",
    ]),
    (Breath, &[
        "cant breathe", "can not breathe", "cannot breathe", "trouble breathing",
        "hard to breathe", "difficulty breathing", "short of breath", "shortness of breath",
        "struggling to breathe", "cant catch my breath", "breathing problems", "barely breathe",
        "hardly breathe",
        "no puedo respirar", "no puede respirar",
    ]),
    (SwellSite, &["throat", "tongue", "lips!", "lip!", "face!", "mouth", "eyelids", "garganta", "lengua!", "labios!"]),
    (Swell, &["swelling", "swollen", "swelled", "swell", "swells", "puffy", "puffing", "puffed", "closing", "tight!", "huge!", "thick!", "hinchada", "hinchado", "hinchazon"]),
    (Procedure, &[
        "epidural", "epidurals", "injection", "injections", "shot!", "shots!", "nerve block",
        "block!", "blocks!", "ablation", "rfa!", "procedure", "procedures", "surgery",
        "incision", "stimulator", "scs!", "trial", "leads", "implant", "needle", "kyphoplasty",
        "vertebroplasty", "spinal tap", "lumbar puncture", "facet", "radiofrequency", "esi!",
        "trigger point", "infusion", "sacroiliac", "si joint", "botox",
    ]),
    (PpSymptom, &[
        "fever!", "fevers!", "feverish", "temperature", "temp!", "chills", "pus!", "drainage",
        "draining", "oozing", "leaking", "infected!", "infection!", "infections!", "red!", "hot!", "swollen",
        "warm!", "discharge",
    ]),
    (NoWaking, &["hope i dont wake up", "hope i do not wake up", "hope i never wake up"]),
    (PpStrong, &[
        "spinal headache", "spinal headaches", "wet tap", "csf leak", "spinal fluid leak",
        "leaking spinal fluid", "spinal fluid leaking", "post dural", "postdural", "pdph!",
        "dural puncture",
    ]),
    (WoundSite, &[
        "bandage", "bandages", "dressing!", "dressings!", "gauze", "band aid", "band aids",
        "bandaid", "bandaids", "steri strips", "stitches!", "stiches!", "injection site",
        "needle site", "puncture site",
    ]),
    (Bleeding, &[
        "bleeding", "bleed!", "bleeds!", "blood all over", "soaked with blood", "soaked in blood",
        "covered in blood", "blood everywhere", "full of blood", "dripping blood", "blood keeps coming",
    ]),
    // "Blood" alone is bleeding unless it is a thinner, a pressure or a test.
    (Blood, &["blood"]),
    (NotBleeding, &[
        "blood thinner", "blood thinners", "blood pressure", "blood work", "bloodwork", "blood test",
        "blood tests", "blood sugar", "blood sugars", "blood draw", "blood type",
    ]),
    (Headache, &[
        "headache", "headaches", "head * pounding", "pounding head", "head hurts",
        "head is killing", "migraine", "head * throbbing",
        "head pounds", "head * pounds", "head throbs", "splitting headache", "head * splitting", "head is pounding",
    ]),
    (Position, &[
        "sit up", "sitting up", "stand up", "standing", "when i sit", "when i stand", "lie down",
        "lying down", "laying down", "lay down", "lying flat", "laying flat", "upright",
    ]),
    (Pump, &["pump!", "pumps!", "bomba"]),
    (PumpAlarm, &[
        "alarm", "alarms", "alarming", "beeping", "beep!", "beeps!", "beeped", "empty",
        "tones!", "tone!", "chiming", "chirping", "noise", "sound", "not working",
        "stopped working", "malfunction", "malfunctioning", "error",
        "ran out", "run out", "running out", "out of medicine", "out of medication", "low!", "running low",
        "alarma", "pitando",
    ]),
    (PaPhrase, &[
        "prior auth!", "prior authorization", "prior authorizations", "prior approval",
        "preauth", "pre auth!", "preauthorization", "pre authorization", "preapproval",
        "pre approval", "precert", "pre cert", "precertification", "pre certification",
        "authorization", "authorizations", "auth!",
    ]),
    (Approval, &[
        "approve", "approved", "approval", "approving", "approves", "denied", "deny!",
        "denial", "denying", "declined", "rejected!", "went through", "go through",
        "gone through", "authorized", "authorize", "ok my", "okd!", "okayed",
       
        "aprobo", "aprobado", "aprobar",
    ]),
    (Insurance, &[
        "insurance", "insurer", "payer", "aetna", "cigna", "humana", "united healthcare",
        "unitedhealthcare", "uhc!", "blue cross", "blue shield", "bcbs!", "anthem", "medicare",
        "medicaid", "tricare", "kaiser", "molina", "ambetter", "wellcare", "caresource",
        "highmark",
        "seguro!",
    ]),
    (Lost, &[
        "lost!", "lose!", "losing", "misplaced", "stolen", "stole!", "steal!", "robbed",
        "broke into", "break in", "cant find", "can not find", "cannot find", "never got",
        "never received", "never came", "never arrived", "dropped * down", "dropped * in",
        "spilled", "flushed", "chewed", "destroyed", "ruined", "washed", "threw away",
        "thrown away", "fell in", "fell into", "police report", "left my", "missing", "thrown out", "threw out",
        "someone took", "somebody took", "were taken", "was taken", "got taken", "took them",
        "wrong count", "shorted", "miscounted",
        "out of my purse", "from my purse", "out of my bag", "from my bag", "out of my car", "from my car", "from my house", "theyre gone", "they are gone", "its gone", "went missing", "disappeared", "stealing!", "been taking my pills",
        "was short", "came up short", "bottle short",
        "robada", "robado", "robaron", "se llevaron", "perdi!",
    ]),
    (LostCtx, &["package", "pharmacy", "police report", "mailed"]),
    (Early, &["early", "earlier", "sooner", "antes"]),
    (EarlyStrong, &[
        "early refill", "early refills", "refill early", "before its due", "before it is due",
        "too early", "too soon", "isnt due", "not due", "before the due date", "ahead of time",
        "ahead of schedule", "before schedule", "refills ahead", "early fill",
        "ran out early", "run out early", "running out early", "ran short", "run short", "running short", "few days before", "days before its due", "days early", "day early", "months of", "month supply", "months supply", "extra supply", "vacation supply",
        "going to run out", "run out on", "run out before", "running out before", "before my refill", "before my next refill",
    ]),
    (FillCtx, &[
        "refill", "refills", "fill!", "filled", "pick up", "pickup", "prescription", "get my",
        "refilled", "refill it", "it filled",
    ]),
    (Travel, &[
        "vacation", "out of town", "out of state", "out of the country", "traveling",
        "travelling", "travel", "trip!", "cruise", "leaving town", "going away", "be away", "funeral",
        "flying",
        "before i leave", "while im gone", "while i am away", "while im away",
        "viajar", "viaje!",
    ]),
    (Missed, &[
        "missed * appointment", "missed * appointments", "missed * visit", "missed * follow up",
        "miss * appointment", "miss * appointments", "missing * appointment",
        "didnt make * appointment", "couldnt make * appointment", "forgot * appointment",
        "skipped * appointment", "missed appointment", "make it to * appointment",
        "didnt go to * appointment", "didnt show up to", "didnt show up for",
        "missed my #", "missed * #", "dont show up", "didnt show", "no call no show", "can you miss", "can i miss", "allowed to miss", "miss before", "make it to my visit", "make it to * visit", "didnt make it", "couldnt make it", "fee for missing", "fee for not", "missed fee", "missed visit fee", "charged for missing", "missing appointments", "missing visits", "forgot to come", "forgot to show", "forgot about my", "slept through", "overslept", "didnt come in", "didnt make it in", "late to my", "late for my", "late to * appointment", "late for * appointment", "running late",
        "# late", "# minutes late", "# min late", "# mins late", "minutes late", "min late", "mins late", "hour late", "be late", "running * late", "late policy", "miss another", "dropped from", "missed * procedure", "missed * injection", "missed * epidural", "missed * visit",
        "perdi la cita", "perdi mi cita",
    ]),
    (NoShow, &["no show", "noshow", "no showed", "no shows", "no showing", "late cancellation", "late cancel", "cancel late", "cancelling late", "canceling late"]),
    (Uds, &[
        "urine test", "urine tests", "urine screen", "urine drug", "urine sample", "urine testing",
        "urine * test", "urine * screen", "drug test", "drug tests", "drug testing", "drug screen",
        "drug screens", "drug screening", "uds!", "tox screen", "toxicology", "pee test",
        "pee in a cup", "urinalysis",
        "drug tested", "getting tested", "testing! me", "urine!",
        "examen de orina", "prueba de orina", "prueba de drogas",
    ]),
    (Agreement, &["agreement", "agreements", "contract!", "contracts!"]),
    (AgreementCtx, &[
        "pain!", "opioid", "opioids", "opiate", "narcotic", "narcotics", "controlled",
        "medication", "treatment", "management", "sign!", "signed", "signing", "renew",
        "renewed", "renewal", "expired", "copy!",
    ]),
    (NotAgreement, &["payment", "financial", "billing", "bill!"]),
    (HoursPhrase, &[
        "your hours", "office hours", "business hours", "=hours", "hours on", "hours today",
        "hours tomorrow", "hours this", "what are * hours", "hours of operation",
        "holiday hours", "weekend hours", "hours for", "what hours",
        "lunch break", "lunch hour", "closed for lunch", "close for lunch", "at lunch", "what time does", "what time do you",
        "a que hora", "abren", "cierran", "horario",
    ]),
    (OpenClose, &["open!", "opens!", "opening", "close!", "closes!", "closed!", "closing"]),
    (NotHours, &[
        "anything open", "open sooner", "openings", "opening for", "open slot", "open slots",
        "open appointment", "open up", "an opening", "open her", "open his", "eyes", "opened", "wound", "incision", "site!", "closing up",
        "pharmacy is closed", "pharmacy closed", "pharmacy closes", "pharmacy is open",
    ]),
    (Location, &[
        "address", "located", "location", "locations", "directions", "direction",
        "where is * office", "where * office", "where * clinic", "where are you", "where * you located", "where is the clinic",
        "where do i park", "where to park", "parking", "park!", "what floor", "which floor",
        "floor are you", "same building!", "which building!", "your building!", "the building!",
        "what building!", "how do i get there", "how to get there", "get to your office",
        "find your office", "cross street", "entrance", "bus stop", "bus line", "bus route", "near the office", "near your office", "office in", "an office", "clinic in", "offices!",
        "office * near", "located near", "train station", "subway", "metro!", "close to the", "far from", "how far", "nearest", "what street", "which street", "find you", "the building",
        "different building", "where exactly", "where do i go", "where should i go", "where do i check in", "where is it",
        "suite!",
        "right building", "wrong building", "right office", "right place", "wrong place", "right floor", "train!", "uber", "shuttle", "which office", "what office", "st office", "street office",
        "a bus", "bus that", "bus to", "bus goes",
    ]),
    (NotLocation, &[
        "parking form", "parking placard", "parking permit", "parking sticker", "parking pass",
        "far apart", "change my address", "new address", "update my address", "my address",
        "im in the parking", "parking spot", "parking space",
    ]),
    (NewPatient, &[
        "new patient", "new patients", "become a patient", "becoming a patient", "be a patient",
        "referral", "referrals", "referred", "referring", "refer me", "accepting patients", "accepting new",
        "take new", "taking new", "taking patients", "take patients", "new pain doctor", "get started", "first visit", "be seen there", "be seen by",
        "first time patient", "first time seeing", "first appointment", "transfer my care", "transfer * care", "moving from", "just moved", "moved here", "new to the area", "switch to your practice", "establish care", "start seeing", "start care with", "accepting anyone", "take on new", "taking on new", "intake", "pcp sent", "pcp referred", "primary care * sent", "sent me to you", "told me to call you", "wants me to see you", "never been seen", "not a patient", "looking for a pain", "find a pain", "need a pain doctor", "need a pain management",
        "self refer", "self referral", "1st visit", "1st appointment", "need a referral", "does my doctor have to", "new patient paperwork",
        "transferring care", "transferring my care", "take over my", "take transfers", "transfer patients", "pacientes nuevos", "paciente nuevo", "nueva paciente", "nuevo paciente",
    ]),
    (ApptStrong, &[
        "reschedule", "rescheduling", "book!", "booking", "wait list",
        "waitlist", "waiting list", "an opening", "any openings", "a follow up", "follow up visit", "anything sooner", "anything open", "sooner appointment",
        "earlier appointment", "open sooner", "next available", "telehealth", "appointments available", "appointment available",
        "available appointment", "availability", "any appointments",
        "make an appointment", "set up an appointment", "what time is my", "when is my",
        "confirm my", "confirming my", "confirm * appointment", "cancel * appointment",
        "cancel * appointments", "cancel my visit", "follow up appointment", "pump refill",
        "pump refilled",
        "rebook", "re book", "anything earlier", "earlier time", "earlier slot", "sooner time", "med check", "medication check", "book again", "cancellation list", "any cancellations", "anything available", "available on", "set up my next", "set up an", "when do i come in", "when am i scheduled", "when am i supposed to", "is my appointment", "appointment still", "sooner date", "earlier date",
        "=appointment", "=appointments", "=schedule", "still scheduled", "still set for", "still happening", "still good for", "get back on the schedule", "still on for", "book * follow up",
        "booked!", "get * booked", "una cita",
    ]),
    (ApptAction, &["cancel!", "move!", "change!", "switch", "push back", "confirm", "confirming", "set up", "can we do", "any day", "push!", "cambiar", "cancelar"]),
    (ApptNoun, &["appointment", "appointments", "visit!", "follow up", "followup", "consult", "telehealth", "cita"]),
    (AnAppointment, &[
        "an appointment", "a appointment", "new appointment", "next appointment",
        "another appointment", "get in to see", "appointment with", "come in earlier",
        "come in sooner", "get in sooner", "get in earlier", "see the doctor", "see a doctor",
        "see doctor", "can i get in", "get me in", "get in this", "get in next",
        "need * appointment", "want * appointment", "need * follow up", "need * visit!",
    ]),
    (ScheduleWord, &["schedule", "scheduling", "scheduled"]),
    (ScheduleIdiom, &[
        "ahead of schedule", "behind schedule", "on schedule", "schedule ii",
        "schedule 2", "schedule two", "schedule iv", "schedule 4", "schedule four",
        "refill schedule!",
        "work schedule", "my schedule", "busy schedule", "school schedule",
    ]),
    (NotApptAction, &["called to cancel", "call to cancel", "tried to cancel", "did cancel", "already cancel"]),
    (Threat, &["miss another", "if i miss", "kicked out", "dismissed", "discharged from", "discharge me"]),
    (ApptAgain, &["a new one", "another one", "new date", "another date", "another time", "another day", "new time", "new day"]),
    (ComeIn, &["come in", "be seen", "come see", "coming in", "be there", "see you", "get back in"]),
    (CantMakeIt, &[
        "cant make it", "wont make it", "unable to make it", "cant come in", "wont be able to come",
        "wont be able to make", "cant be there", "wont be there", "not going to make it", "cant do #",
        "not able to make it",
    ]),
    (Day, &[
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon!", "tue!",
        "tues!", "wed!", "thu!", "thur!", "thurs!", "fri!", "sat!", "tomorrow", "next week", "this week",
        "morning", "afternoon", "# am", "# pm", "#am!", "#pm!", "noon", "oclock", "on the #", "january",
        "february", "march!", "april", "june!", "july!", "august", "september", "october", "november",
        "december",
        "1st!", "2nd!", "3rd!", "4th!", "5th!", "6th!", "7th!", "8th!", "9th!", "10th!", "11th!", "12th!", "13th!", "14th!", "15th!", "16th!", "17th!", "18th!", "19th!", "20th!", "21st!", "22nd!", "23rd!", "24th!", "25th!", "26th!", "27th!", "28th!", "29th!", "30th!", "31st!", "# 30", "# 15", "# 45", "# 00",
    ]),
    (PaShort, &["pa!", "pas!"]),
    (Unresponsive, &[
        "not answering me", "wont answer me", "not answering", "cant get her to respond", "cant get him to respond",
        "not making sense",
    ]),
    (Gratitude, &[
        "thanks for sending", "thank you for sending", "thanks for getting", "thank you for getting",
        "thanks for the refill", "thank you for the refill",
    ]),
    (Resolved, &["went away", "gone now", "all good now", "fine now", "better now", "resolved", "cleared up", "is gone"]),
    (Still, &["but!", "still", "now i have", "worse", "again"]),
    (StatusQ, &[
        "come back", "came back", "heard back", "hear back", "back yet", "any word on", "any news on",
        "update on", "status of", "status on",
    ]),
    (AgreementStrong, &[
        "the contract", "my contract", "the agreement", "my agreement", "against the agreement",
        "violate * agreement", "break * agreement", "breaking * agreement", "pain contract",
        "el contrato", "contrato!",
    ]),
    (DoctorSaid, &[
        "doctor said", "doctor says", "doctor told me", "doctor knows", "doctor already", "told me i could",
        "said i could",
    ]),
    (PharmacySend, &["send * to * pharmacy", "to the pharmacy", "to my pharmacy", "send my * to"]),
    (After, &["since", "after", "following", "ever since"]),
    (MissedWord, &["missed!", "miss!"]),
    (SwallowTrouble, &["cant swallow", "can not swallow", "hard to swallow", "trouble swallowing"]),
    (PersonStrong, &[
        "real person", "live person", "actual person", "a person", "=person", "human!",
        "humans!", "operator", "representative", "receptionist", "agent!", "agents!", "=0",
        "=zero", "transfer me", "have someone", "have somebody", "someone to call", "somebody to call",
        "customer service",
       
        "=front desk", "front desk please", "front desk call", "to the front desk", "with the front desk", "someone at the front desk",
        "hablar con alguien",
        "doctor now", "nurse now",
    ]),
    (Talk, &[
        "talk to", "talk with", "speak to", "speak with",
        "connect me", "put me through", "call me", "get me",
        "transfer!",
    ]),
    (Human, &[
        "person", "someone", "somebody", "anyone", "anybody", "nurse", "nurses", "doctor",
        "staff!", "receptionist", "front desk", "office", "representative", "manager",
        "provider", "physician", "scheduler", "billing",
    ]),
    (Pressure, &[
        "just approve", "approve it", "just send", "call it in", "phone it in",
       
        "said its fine", "said its ok", "said its okay", "said it was fine",
        "said it was ok", "cant wait", "can not wait", "need it now", "need it today",
        "or else", "better approve", "promise", "promised", "guarantee", "tell me * will",
        "say * approved", "just say", "say yes", "confirm * will",
        "sign off", "just sign", "hurry up",
    ]),
    (Urgency, &[
        "today", "tonight", "asap!", "right away", "immediately", "right now", "this morning",
        "this afternoon",
    ]),
    (Send, &["send", "sent", "call in", "fill it", "put it through"]),
    (DoseQ, &[
        "how many * take", "how many * can i", "how many * day", "how many pills",
        "how much * take", "how much * can i", "how often", "go up to", "go up on",
        "up my dose", "up the dose", "higher dose", "lower dose", "stronger dose", "more mg", "stronger", "prescribe more", "prescribe me more", "more medication", "something else for", "different medication", "switch me",
        "switch my medication",
        "increase", "decrease", "dose!", "doses!", "dosage", "double", "extra pill", "extra dose",
        "an extra", "take extra", "instead of #", "a day instead", "# * a day", "# times a day",
        "every # hours", "every # hour", "in half", "split", "half a pill", "skip a dose",
        "missed a dose", "missed my dose", "take two", "take another", "take #", "# extra",
        "# mg ok", "# mg okay", "# mg safe", "# mg too", "is # mg",
        "bumped up", "bump up", "bump it up", "bump me up", "raise my", "raise the", "most * allowed", "allowed to take", "maximum", "max!", "how much * allowed", "how many * allowed", "in # hours",
        "most * i can take", "most * can i", "lowering", "lower the", "lower my", "raising",
    ]),
    (TakeQ, &[
        "can i take", "should i take", "ok to take", "okay to take", "safe to take",
        "alright to take", "fine to take", "bad to take", "bad to mix", "to take * with", "can i drink", "can i mix", "can i cut", "can i split",
        "can i stop", "should i stop", "what can i take", "is it safe", "do i need to stop",
        "should i keep taking", "keep taking", "can i still take", "if i take", "take * late", "can i drive", "safe to drive", "drive after",
        "puede tomar", "puedo tomar", "tomarlo con", "tomar con",
    ]),
    (EffectQ, &[
        "side effect", "side effects", "makes! me", "making! me", "made! me", "make you", "makes you",
        "sleepy!", "drowsy", "constipated",
        "constipation", "since i started", "since starting", "feel sick", "feeling sick", "nauseous", "nausea", "dizzy", "itchy", "itching", "sweating",
        "foggy", "groggy", "weight gain", "not working", "isnt working", "stopped working", "doesnt work",
        "dont work", "arent working", "arent helping", "no longer working", "start working", "kick in",
        "not helping", "isnt helping", "doesnt help", "isnt doing anything",
        "not doing anything", "falling off", "fell off", "wont stick", "not sticking", "wearing off", "wears off", "wore off", "interact",
        "interaction", "interactions", "mixing", "at the same time", "alcohol", "wine!",
        "beer!",
        "switch to something",
        "gives! me a",
        "giving! me a",
        "gave! me a",
    ]),
    (MedQ, &[
        "is that normal", "is this normal", "is it normal", "is that ok", "is that okay",
        "is it ok", "is it okay", "is that safe", "normal to", "too much", "cause!", "causes!", "get off", "getting off",
        "what happens if i",
    ]),
    (StopTaper, &[
        "taper!", "tapering", "tapered", "wean!", "weaning", "weaned", "come off",
        "coming off", "get off the", "get off of", "get off my", "withdrawal", "withdrawals",
        "withdrawl", "withdrawing", "cold turkey", "stop my", "stop taking", "quit taking",
        "quit my", "cutting down", "cut down", "cut back", "cutting back", "detox",
        "if i stop", "just stop taking", "if i just stop",
    ]),
    (RefillWord, &["refill", "refills", "refilled", "refilling", "renew my prescription", "renew * prescription"]),
    (NewRx, &[
        "new prescription", "prescription sent", "need * prescription", "send * prescription",
        "prescription for", "fill my prescription", "another prescription", "more of my",
    ]),
    (Need, &[
        "need!", "needs!", "want!", "requesting", "request", "out of", "almost out",
        "running low", "run out", "ran out", "runs out", "running out", "get my", "send my",
    ]),
    (OtherTopic, &[
        "bill!", "billing", "statement", "charge", "payment", "records", "fax!", "form!",
        "forms!", "paperwork", "work note", "disability", "fmla!", "lawyer", "results",
        "picked up", "no problems", "no problem", "just wanted to let you know", "letter for", "a letter", "note for work", "fyi",
        "just letting you know", "no action needed",
    ]),
];

const MATCHER: Matcher<'static, Cue> = Matcher::new(RULES);
/// Built at compile time: a message only tries the phrases that start like
/// one of its words.
static INDEX: PhraseIndex<{ phrase_count(RULES) }> = PhraseIndex::new(RULES);

/// Cues describing a symptom: a negation just before them ("no swelling",
/// "not bleeding") drops them.
const NEGATABLE: &[Cue] = &[CeBladder, Numb, Weak, AlStrong, Breath, Swell, PpSymptom, Bleeding, Blood, Headache];
const NEGATORS: &[&str] =
    &["no", "not", "without", "never", "denies", "nor", "dont", "didnt", "doesnt", "havent", "hasnt", "isnt", "none"];
/// Words that end a negation's reach ("no fever but the site is red").
const BREAKS: &[&str] = &["but", "and", "just", "though", "except", "however", "now", "still"];
/// How many words before a cue a negation reaches.
const NEGATION_REACH: usize = 4;

/// Every cue in `tokens`.
pub(super) fn find<S: AsRef<str>>(tokens: &[S], named_medication: bool) -> Cues {
    let mut cues = Cues::default();
    if named_medication {
        cues.add(MedName);
    }
    let accept =
        |m: switchboard_common::intent::Match<Cue>| !(NEGATABLE.contains(&m.label) && negated(tokens, m.start));
    for cue in MATCHER.find_indexed(tokens, &INDEX, accept) {
        cues.add(cue);
    }
    cues
}

fn negated<S: AsRef<str>>(tokens: &[S], start: usize) -> bool {
    tokens[start.saturating_sub(NEGATION_REACH)..start]
        .iter()
        .rev()
        .map(AsRef::as_ref)
        .take_while(|t| !BREAKS.contains(t))
        .any(|t| NEGATORS.contains(&t))
}

/// A text-message opt-out: the carrier keywords on their own, or a plain
/// request to stop texting.
pub(super) fn is_opt_out<S: AsRef<str>>(tokens: &[S]) -> bool {
    const KEYWORDS: &[&str] = &["stop", "stopall", "unsubscribe", "end", "quit", "revoke", "optout", "cancel"];
    const PHRASES: &[((), &[&str])] = &[(
        (),
        &[
            "=opt out",
            "=stop all",
            "=stop please",
            "=please stop",
            "stop texting",
            "quit texting",
            "no more texts",
            "no more text",
            "no more messages",
            "dont want texts",
            "dont want these texts",
            "take me off your list",
            "take me off the list",
            "stop the texts",
            "stop these texts",
            "remove this number",
            "remove my number",
            "take me off",
            "from your text list",
            "off your list",
            "never signed up for these",
            "stop messaging",
            "stop sending",
            "unsubscribe me",
            "remove me from",
            "dont text me",
            "do not text me",
        ],
    )];
    const OPT_OUT: Matcher<'static, ()> = Matcher::exact(PHRASES);
    matches!(tokens, [only] if KEYWORDS.contains(&only.as_ref())) || OPT_OUT.matches(tokens, ())
}

/// A message that is only a greeting or a goodbye ("hi", "ok thx", "thanks
/// have a good day").
pub(super) fn is_greeting<S: AsRef<str>>(tokens: &[S]) -> bool {
    const CORE: &[&str] = &[
        "hi",
        "hello",
        "hey",
        "hiya",
        "howdy",
        "morning",
        "afternoon",
        "evening",
        "thanks",
        "thank",
        "bye",
        "goodbye",
        "day",
        "care",
        "later",
        "appreciate",
        "cheers",
        "yo",
        "gracias",
        "hola",
    ];
    const FILLER: &[&str] = &[
        "good", "you", "so", "much", "ok", "okay", "yes", "have", "a", "nice", "great", "there", "again", "cool",
        "alright", "see", "ya", "take", "it", "very", "all", "awesome", "perfect", "and", "oh", "um", "uh", "well",
        "for", "your", "help", "the", "everyone", "guys", "folks", "night", "weekend", "too", "kind", "how", "are",
        "doing", "whats", "up", "today", "muchas", "buenos", "buenas", "dias", "tardes", "noches",
    ];
    tokens.iter().any(|t| CORE.contains(&t.as_ref()))
        && tokens.iter().all(|t| CORE.contains(&t.as_ref()) || FILLER.contains(&t.as_ref()))
}
