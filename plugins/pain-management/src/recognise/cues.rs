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
    /// An insurer's "no" and what follows it: a denial, an appeal.
    Denial,
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
    /// Someone asked them to do something ("they told me I have to", "I'm
    /// due for", "me dijeron que tengo que"): with a drug screen, a visit
    /// to book, not a question about the policy.
    ToldTo,
    /// Why, what or when about a drug screen: the policy, not a visit.
    WhyQ,
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
    // Overdose, beyond the strong signs.
    /// The word itself ("overdosed"): an emergency unless it is about
    /// coffee or Netflix.
    OdWord,
    /// Everyday things one "overdoses" on in a figure of speech.
    Everyday,
    /// Passed out, unconscious, slumped over: an overdose with medication
    /// in the picture, a seizure with jerking, a nap on the couch otherwise.
    Collapsed,
    /// "Best nap ever", "snoring like a chainsaw": ordinary sleep.
    Nap,
    /// A grey or blue colour: an overdose sign, unless it is the chest pain's.
    OdColor,
    /// "Found him", "found her on the floor".
    Found,
    /// An empty bottle or pill organizer.
    EmptyBottle,
    /// Naloxone (Narcan) was given: an overdose even if they came around.
    NarcanGiven,
    /// Alcohol with the medication.
    OdMix,
    // What is not happening now.
    /// "What happens if I…", "just asking": a question, not an event.
    Hypothetical,
    /// A question about a condition in general ("what are the signs of").
    General,
    /// Long ago ("years ago", "as a kid", "back in 2019").
    Past,
    /// Over and handled ("fully recovered", "clean now", "nothing since").
    Over,
    /// Happening now or again ("right now", "again", "it's back").
    Ongoing,
    /// Bleeding that has stopped.
    Stopped,
    // Chest pain.
    ChestPain,
    /// A tight chest: chest pain, unless the face is swelling too.
    ChestTight,
    HeartAttack,
    /// "Nearly had a heart attack when I saw the bill".
    HeartIdiom,
    // Stroke.
    /// A face drooping, slurred or garbled speech, a thunderclap headache,
    /// vision lost like a curtain.
    StrokeSign,
    /// Balance, vision or confusion: a stroke sign when sudden.
    StrokeSoft,
    /// Slurred, garbled or jumbled speech.
    StrokeSpeech,
    /// "The worst headache of my life", out of nowhere.
    Thunderclap,
    /// "Worst ever", "like being hit": a thunderclap when a headache came
    /// on suddenly.
    ThunderSoft,
    PassiveWake,
    /// Waking at night or in pain: not a wish to die.
    WakeIdiom,
    /// "Can I get another one?": a replacement for what was lost.
    ReplaceAsk,
    /// "Losing my mind": not a lost prescription.
    NotLost,
    /// "Where's the entrance": where, even from the parking lot.
    LocationStrong,
    /// "When is my…": when a visit is, unless it is the drug screen.
    WhenIs,
    /// "Call me back at 555-…": where to reach them, not a request for a
    /// person.
    CallAt,
    StrokeWord,
    /// "This waiting is going to give me a stroke", "a stroke of luck".
    StrokeIdiom,
    Sudden,
    /// One side of the body.
    OneSide,
    ArmHand,
    /// One leg (both legs are `Legs`).
    LegOne,
    // Breathing.
    BreathHard,
    /// Asthma, COPD, pneumonia, an inhaler: breathing trouble of its own.
    Asthma,
    // Seizures.
    Seizure,
    Shaking,
    Jerk,
    /// "Can gabapentin cause seizures?": a question about a medication.
    SeizureQ,
    // Bleeding.
    BleedHeavy,
    /// "Won't stop", "keeps coming", "for over an hour".
    Persist,
    Soaked,
    // Withdrawal.
    WdSymptom,
    /// Ran out, stopped, cut down.
    WdCause,
    /// "Withdrawal is killing me", "dope sick".
    WdStrong,
    // Implanted devices.
    Device,
    DeviceSymptom,
    /// The skin, site, incision or pocket over a device.
    SkinSite,
    /// "Poking through the skin".
    DeviceStrong,
    /// A stimulator trial (temporary leads): a procedure, not a device.
    Trial,
    // Allergy context.
    Hives,
    /// "A little", "a bit": a mild symptom, not a severe one.
    Mild,
    /// A symptom named only to say it is absent ("no chest pain"): set
    /// by the negation check, not by a phrase.
    Negated,
    AllergyTrigger,
}

// Every cue has a bit in `Cues`.
const _: () = assert!((Cue::AllergyTrigger as usize) < 192);

/// The cues found in a message, one bit each.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Cues([u64; 3]);

impl Cues {
    pub fn has(&self, cue: Cue) -> bool {
        let bit = cue as usize;
        self.0[bit / 64] & (1 << (bit % 64)) != 0
    }

    fn add(&mut self, cue: Cue) {
        let bit = cue as usize;
        self.0[bit / 64] |= 1 << (bit % 64);
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
    // Spanish names the medication list does not know (accents folded).
    (MedName, &[
        "hidrocodona", "hidro codona", "oxicodona", "oxi codona", "morfina", "gabapentina", "duloxetina",
        "metadona", "buprenorfina", "pregabalina", "ciclobenzaprina", "relajante muscular", "clonazepam",
        "hidromorfona", "fentanilo",
    ]),
    (MedWord, &[
        "medication", "medications", "medicine", "medicines", "pill", "pills", "prescription",
        "prescriptions", "bottle", "patch", "patches", "tablet", "tablets", "capsules", "narcotics",
        "painkillers", "pain killers",
        "medicina", "medicinas", "pastillas", "medicamento", "medicamentos",
        "antibiotic", "antibiotics", "penicillin", "sulfa", "aspirin", "blood thinner", "blood thinners", "films", "receta", "pastilla",
    ]),
    // Signs of the state someone is in now.
    (OdStrong, &[
        "not breathing", "stopped breathing", "isnt breathing", "barely breathing",
        "breathing * slow", "breathing * slowly", "breathing * shallow", "breathing * * slow", "slow breathing",
        "shallow breathing", "unresponsive", "not responding", "wont respond",
        "pinpoint", "breathing weird", "breathing funny", "breathing * weird",
        "breathing strange", "open her eyes", "open his eyes",
        "gurgling", "snoring * weird", "snoring * strange", "rattling", "death rattle",
        "pupils * tiny", "tiny pupils", "pupils * small", "small pupils", "no respira", "no despierta", "no se despierta",
        "respira raro", "respira * lento", "respira * despacio", "no responde",
    ]),
    (OdWord, &[
        "overdose", "overdosed", "overdosing", "od!", "odd on", "think * odd", "he odd", "she odd",
        "i odd", "has odd", "sobredosis",
    ]),
    (Everyday, &[
        "coffee", "caffeine", "netflix", "sugar", "candy", "chocolate", "tv!", "television", "pizza", "cake",
        "cookies", "turkey", "shopping!", "sunshine", "youtube", "tiktok", "memes", "carbs!", "tacos",
        "ice cream", "caffeine", "espresso", "cafe", "cafecito", "christmas", "halloween", "love", "fun!",
        "work!", "reality", "shows!", "podcasts", "donuts", "snacks", "food!",
    ]),
    (Collapsed, &[
        "passed out", "unconscious", "slumped over", "slumped", "collapsed", "on the floor", "se desmayo",
        "desmayado", "desmayada", "desmayo", "inconsciente", "tirado en el piso", "tirada en el piso",
        "se cayo", "fell down and", "fell to the floor", "dropped to the floor",
    ]),
    (Nap, &[
        "best nap", "nap ever", "after work", "watching the game", "watching tv", "watching a movie",
        "like a chainsaw", "like a log", "like a baby", "food coma", "on the couch after",
        "like a freight train",
    ]),
    (OdColor, &[
        "lips * blue", "blue lips", "turning blue", "lips * gray", "lips * grey", "grey lips", "gray lips",
        "lips * bluish", "lips * blueish", "bluish", "blueish", "hes blue", "shes blue", "is blue", "looks blue",
        "turned blue", "face * grey", "face * gray", "looks grey", "looks gray", "turning gray", "turning grey",
        "hes gray", "hes grey", "shes gray", "shes grey", "is gray", "is grey", "kind of gray", "kind of grey",
        "funny color", "weird color", "strange color", "labios morados", "labios azules", "morado", "morada",
        "blue around",
        "lips * purple", "face * purple",
    ]),
    (Found, &[
        "found him", "found her", "found them", "found my husband", "found my wife", "found my son",
        "found my daughter", "found my mom", "found my dad", "found my brother", "found my sister",
        "found my roommate", "found my boyfriend", "found my girlfriend", "lo encontre", "la encontre",
        "lo encontramos", "la encontramos",
    ]),
    (EmptyBottle, &[
        "empty bottle", "empty bottles", "empty pill bottle", "bottle * empty", "bottles * empty",
        "organizer * empty", "pill box * empty", "pillbox * empty", "frasco vacio", "bote vacio",
    ]),
    (NarcanGiven, &[
        "gave * narcan", "give * narcan", "used * narcan", "use * narcan", "gave * * narcan", "used * * narcan",
        "use * * narcan", "gave * * naloxone", "narcan on", "narcaned!",
        "sprayed * narcan", "given * narcan", "needed narcan", "gave * naloxone", "give * naloxone",
        "given * naloxone", "used * naloxone", "le pusimos * narcan", "le puse * narcan", "le di * narcan",
        "le dimos * narcan", "le aplique * narcan", "le dieron * narcan", "le pusieron * narcan",
        "narcan * worked", "after * narcan", "le di * naloxona", "le pusimos * naloxona",
        "narcan was given", "narcan * given", "was given narcan", "naloxone was given",
    ]),
    (OdMix, &["drank", "been drinking!", "drunk!", "shots! of", "had * drinks", "a few drinks", "bebio", "tomo alcohol"]),
    (Hypothetical, &[
        "what happens if", "what would happen if", "what if i", "what if he", "what if she", "if i took",
        "if i take", "if he took", "if she took", "if i ever", "if someone", "hypothetically", "just asking",
        "solo pregunto", "solo quiero saber", "no lo he hecho", "havent done it", "i havent done", "in case",
        "que pasa si", "que hago si", "how do i use", "how to use", "where does it go", "should he keep",
        "should she keep", "keep narcan", "if i get",
    ]),
    (General, &[
        "asking generally", "in general", "just curious", "what are the signs", "signs of", "the signs",
        "senales de", "what does * look like", "what to watch for", "what to look for", "difference between",
        "what counts as", "how would i know", "is it true", "not an emergency", "not having either",
        "doesnt have one now", "he doesnt have one", "she doesnt have one", "cuales son", "what is cauda",
        "asking for a friend",
        "what does * feel like", "asking for my mom", "asking for my dad", "asking for my wife", "asking for my husband",
        "what happens in", "my neighbor asked", "just wondering",
        "runs in my family", "family history", "risk of", "for my chart",
        "not right now", "not at the moment", "what should i do if someone",
    ]),
    (Past, &[
        "years ago", "year ago", "yrs ago", "months ago", "last year", "back in #", "as a kid", "as a child",
        "when i was a kid", "when i was young", "when i was little", "as a teenager", "in the past",
        "years back", "a while back", "hace anos", "hace * anos", "de nina", "de nino", "cuando era nina",
        "cuando era nino", "cuando tenia",
    ]),
    (Over, &[
        "fully recovered", "recovered", "all better", "ya estoy bien", "nothing since", "none since",
        "no problems since", "it was fine", "was revived", "clean now", "been clean", "got sober", "been sober",
        "got help", "doing good now", "doing well now", "doing better now", "handled it", "well controlled",
        "under control", "treated me", "tests normal", "tests were normal", "im fine now", "fine now",
        "said im fine", "im fine right now", "ya paso",
    ]),
    (Ongoing, &[
        "right now", "just now", "again", "is back", "are back", "its back", "a little back", "back this",
        "happening now", "still", "this morning", "tonight", "today!", "ahorita", "ahora mismo", "de nuevo",
        "otra vez", "keep thinking", "keeps!", "im having", "is having", "hes having", "shes having",
        "happening", "started", "en este momento", "but now", "now im", "getting worse", "each day",
        "worse every day",
    ]),
    (Stopped, &[
        "stopped after", "it stopped", "has stopped", "had stopped", "finally stopped", "stopped bleeding!",
        "bleeding! stopped", "ya paro", "ya se paro", "dejo de sangrar",
    ]),
    (ChestPain, &[
        "chest pain", "chest pains", "pain in my chest", "pain in * chest", "chest hurts", "chest is hurting",
        "chest * hurts", "chest * hurting", "hurts in my chest", "chest * pressure", "pressure in * chest",
        "pressure on * chest", "pressure chest", "chest pressure", "squeezing! * chest", "chest * squeezing!",
        "chest * heavy", "heavy * chest", "heaviness in * chest", "elephant", "sitting on * chest",
        "crushing! pain", "crushing! pressure", "crushing! feeling", "crushing! * chest", "chest is killing",
        "dolor en el pecho", "dolor de pecho", "dolor * pecho", "dolor * * pecho", "duele * pecho",
        "duele * * pecho", "pecho * duele", "presion * pecho",
        "aprieta * pecho", "apretaran", "presion en el pecho", "like a band", "band around * chest",
        "standing on * chest", "weight on * chest", "clutching * chest", "holding * chest", "grabbing * chest", "center of * chest", "middle of * chest", "chest * spreading!", "se agarra el pecho",
        "chest * * pain", "pain * * chest", "chest * * pains", "pains * * chest", "chest * * hurts", "hurts * * chest", "chest * * hurting", "hurting * * chest", "chest * * aching!", "aching! * * chest", "chest * * pressure", "pressure * * chest", "chest * * heavy", "heavy * * chest", "chest * * heaviness", "heaviness * * chest", "chest * * burning", "burning * * chest", "chest * * squeezing!", "squeezing! * * chest", "chest * * crushing", "crushing * * chest", "in a vice", "like a vice", "breastbone", "sternum", "pecho * * dolor", "dolor * * pecho", "duele * * pecho", "pecho * * duele", "presion * * pecho", "pecho * * presion",
        "chest * * discomfort", "discomfort * * chest", "chest discomfort", "sharp * * chest",
        "chest * * tightness", "tightness * * chest", "chest * * discomfort", "discomfort * * chest", "heart * * hurts", "heart * * hurting", "heart * * pain", "pain * * heart", "pecho pesado", "pecho * * pesado",
    ]),
    (ChestTight, &[
        "chest * tight", "tight * chest", "chest tightness", "tightness in * chest", "tight chest",
        "pecho apretado", "opresion en el pecho",
        "chest * * tight", "tight * * chest", "pecho * * apretado",
    ]),
    (HeartAttack, &["heart attack", "infarto", "ataque al corazon", "ataque cardiaco", "cardiac arrest"]),
    (HeartIdiom, &[
        "heart goes out", "my heart goes", "heart skipped", "broke my heart", "bless your heart",
        "nearly had a heart attack", "almost had a heart attack", "give me a heart attack",
        "gave me a heart attack", "give me * heart attack", "heart attack when", "casi me da un infarto",
        "me va a dar un infarto", "me dio un infarto cuando", "casi me dio", "me va a dar",
    ]),
    (StrokeSign, &[
        "face * drooping!", "drooping!", "droopy!", "droop!", "droops!", "face * crooked", "crooked * face",
        "smile * crooked", "mouth! * crooked", "face * lopsided", "smile * lopsided", "lopsided smile",
        "one side of * face", "side of * face", "face * one side", "face * hanging", "mouth! * hanging",
        "side of * mouth!", "mouth! isnt moving", "mouth! wont move", "cayo la cara", "cara * de un lado",
        "cara chueca", "boca chueca", "boca torcida", "cara torcida", "cayo la boca",
        "cant see out of", "like a curtain!", "curtain! came down", "went blind",
        "blind in one eye", "perdio la vista",
        "lost vision", "lost * vision", "lost the sight", "vision in * eye went", "cant see out of * eye",
        "vision * * black!", "face * * numb", "numb on * side", "torcio la boca", "boca * torcida", "se le torcio",
        "mitad de la cara", "cara * no se mueve", "cara no se mueve", "boca no se mueve", "face looks weird on one side",
    ]),
    (ThunderSoft, &["worst ever", "like being hit", "hit with a bat", "explosive", "exploding", "excruciating"]),
    (Thunderclap, &[
        "worst headache of my life", "worst headache ever", "worst headache i have ever", "thunderclap",
        "peor dolor de cabeza", "headache came out of nowhere", "never had a headache like",
    ]),
    (StrokeSpeech, &[
        "slurred", "slurring * words", "speech * slurred", "words * jumbled", "jumbled", "gibberish", "garbled",
        "talking funny", "talking weird", "talking strange", "words coming out wrong", "words * wrong",
        "cant say my name", "cant say * name", "no puede hablar", "no puede hablar bien", "habla raro",
        "habla * raro", "habla como borracho", "habla como borracha", "arrastra las palabras",
        "no le salen las palabras", "none of it makes sense", "makes no sense", "typing weird",
        "cant find * words", "cant form words",
        "cant get * words out", "cant get * words out right",
    ]),
    (StrokeSoft, &[
        "cant walk straight", "tipping! to", "leaning! to one side", "leaning! to", "falling to one side",
        "lost * balance", "loss of balance", "confused", "doesnt know where", "doesnt recognize",
        "confundido", "confundida", "cant see", "no puede ver", "blurry", "double vision",
        "vision", "one eye", "la vista", "stumbling",
        "cant talk", "cant speak", "speech * off", "speech is off", "falling to the", "cant say anything",
    ]),
    (StrokeWord, &["having a stroke", "think * stroke", "a stroke right now", "stroke symptoms", "derrame", "embolia"]),
    (StrokeIdiom, &[
        "give me a stroke", "give * stroke", "going to give me a stroke", "almost had a stroke",
        "nearly had a stroke", "stroke of", "had a stroke when", "me va a dar un derrame",
    ]),
    (Sudden, &[
        "all of a sudden", "suddenly", "sudden", "out of nowhere", "de repente", "de la nada", "was fine at",
        "fine an hour ago", "minutes ago", "min ago", "just started", "woke up from", "woke up with",
        "started # min", "started # minutes",
        "woke up and", "amanecio", "se desperto",
    ]),
    (OneSide, &[
        "one side", "left side", "right side", "un lado", "lado izquierdo", "lado derecho", "left arm",
        "right arm", "left hand", "right hand", "left leg", "right leg", "izquierdo", "izquierda", "derecho",
        "derecha", "to the right", "to the left",
    ]),
    (ArmHand, &["arm!", "arms!", "hand!", "hands!", "brazo", "brazos", "mano!", "manos!", "grip!"]),
    (LegOne, &["leg!", "thigh", "foot!", "pierna!", "pie!", "muslo"]),
    (BreathHard, &[
        "gasping", "gasp!", "cant get enough air", "cant get air", "hard to get air", "get air in",
        "cant get a full breath", "full breath", "cant take a deep breath", "hurts to breathe",
        "struggling for air", "working * hard * breath", "hard for each breath", "each breath",
        "stopping to breathe", "stop to breathe", "middle of a sentence", "finish a sentence",
        "cant say more than", "more than a couple words", "full sentences", "wheezing", "breathing super fast",
        "breathing fast", "breathing * fast", "fast and shallow", "falta el aire", "falta de aire", "ahogando!",
        "jadeando", "respirar bien", "dificultad para respirar", "asthma attack", "inhaler isnt",
        "inhaler is not", "inhaler doesnt", "inhaler not", "nebulizer isnt", "nebulizer not",
        "collapsed lung", "lung collapsed", "punctured lung", "cant get the words out",
        "inhaler did nothing", "inhaler * nothing", "suffocating", "cant get * breath", "cant catch * breath", "out of breath just", "me asfixio", "se asfixia",
        "breathing * hard", "breathing * * fast", "breathing hard",
        "lung * collapsed", "lung feels collapsed", "ribs * sucking in", "chest is heaving",
        "choking sounds", "is choking", "cant stop choking",
    ]),
    (Asthma, &[
        "asthma", "asthmatic", "copd", "epoc", "asma!", "pneumonia", "neumonia", "inhaler", "nebulizer",
        "emphysema", "bronchitis",
    ]),
    (Seizure, &[
        "seizure", "seizures", "seizing", "seized", "convulsion", "convulsions", "convulsing", "convulsed!",
        "convulsionando", "convulsiona", "convulsiono", "convulsiones", "having a fit", "had a fit",
        "fitting!", "foaming at the mouth!", "foaming", "eyes rolled back", "eyes rolling back", "eyes rolled",
        "went stiff", "went rigid", "bit * tongue", "mordio la lengua", "ataque epileptico", "epileptic fit",
        "grand mal", "le dio un ataque",
        "se puso rigida", "se puso rigido", "tuvo un ataque", "le dio un ataque",
        "ataque de epilepsia", "un ataque de",
    ]),
    (Shaking, &["shaking", "shakes", "temblando", "tiembla", "trembling", "sacudiendo", "se sacude"]),
    (Jerk, &[
        "started jerking", "jerking and", "and jerking", "arms and legs * jerking", "whole body * jerking",
        "twitching and jerking", "jerking all over", "body is jerking", "jerking uncontrollably",
    ]),
    (SeizureQ, &[
        "cause seizures", "cause a seizure", "cause * seizures", "seizures more likely", "more likely to",
        "risk of", "seizure risk", "seizure threshold", "trigger seizures", "trigger a seizure",
    ]),
    (BleedHeavy, &[
        "gushing", "spurting!", "pouring blood", "blood pouring", "pooling", "coughing! up blood",
        "cough! up blood", "coughing! blood", "coughed up blood", "throwing! up blood", "threw! up blood",
        "vomiting blood", "vomited blood", "puking! blood", "blood in * vomit", "coffee grounds",
        "spitting! up blood", "lot of blood", "lots of blood", "so much blood", "tons of blood",
        "blood everywhere", "blood all over", "blood keeps coming", "mucha! sangre", "sangra mucho!",
        "sangrando mucho!", "no para de sangrar", "no deja de sangrar", "vomitando sangre", "vomito sangre",
        "tosiendo sangre", "tose sangre", "wont stop bleeding!", "keeps bleeding!", "keep bleeding!",
        "bleeding! through!", "bled through!", "bleeding! heavily", "bleeding! a lot", "bleeding! badly",
        "heavy bleeding!",
        "coughing up * blood", "cough up * blood", "throwing up * blood", "vomiting * blood", "spitting up * blood", "threw up * blood", "tosiendo * sangre", "vomitando * sangre",
        "sangre en * vomito", "vomito con sangre", "filling! up with blood", "keeps filling!", "full of blood",
        "blood is running", "blood running", "running down", "burst open", "para la sangre", "sangre * no para", "no le para",
    ]),
    (Persist, &[
        "wont stop", "wont quit", "not stopping", "doesnt stop", "didnt stop", "keeps coming",
        "still bleeding!", "through! the bandage", "through! the dressing", "through! the gauze", "for over an hour",
        "for an hour", "for hours", "over an hour", "holding pressure", "held pressure", "pressure for",
        "pinching", "changed! it", "no para", "no deja", "aprieto", "apretando",
        "to stop bleeding", "stop the bleeding", "been an hour", "been bleeding for", "hasnt stopped", "keeps dripping", "even with pressure", "with pressure",
    ]),
    (Soaked, &["soaked", "soaking!", "saturated", "empape", "empapado", "empapada", "empapadas", "empapo"]),
    (WdSymptom, &[
        "sweating!", "sweats", "sweaty", "shaking", "shaky", "shakes", "tremors", "trembling", "vomiting",
        "throwing up", "puking!", "threw up", "diarrhea", "diarrhoea", "the runs", "goosebumps", "goose bumps",
        "chills", "hot and cold", "cold flashes", "aching all over", "ache all over", "body aches",
        "body ache", "whole body aches", "body * aches", "achy", "restless", "cant stop moving",
        "crawling out of my skin", "anxious", "anxiety", "ansioso", "ansiosa", "ansiedad", "cant sleep",
        "runny nose", "nose is running", "nose running", "yawning", "stomach cramps", "stomach is a mess",
        "flu!", "so sick", "im sick", "feel awful", "feels awful", "escalofrios", "sudor", "sudando", "sudores",
        "vomito", "vomitando", "temblando", "temblor", "temblores", "diarrea", "sin dormir",
        "no puede dormir", "no puedo dormir", "dolor de cuerpo", "me duele todo",
        "really sick", "sick because",
    ]),
    (WdCause, &[
        "ran out", "run out of", "out of my", "out of her", "out of his", "without my", "without her",
        "without his", "no meds", "no medication", "havent had my", "hasnt had", "stopped my", "stopped his",
        "stopped her", "stopped taking", "quit taking", "quit my", "cold turkey", "cut back", "cutting back",
        "cut down", "cutting down", "taper!", "tapering", "went too fast", "missed # days", "missed * doses",
        "forgot my", "since they cut", "they cut my", "cut my dose", "lowered my dose", "me quede sin",
        "se quedo sin", "se le acabo", "se me acabo", "se me termino", "se le termino", "deje de tomar",
        "dejo de tomar", "sin su medicina", "sin mi medicina", "sin mis pastillas", "sin sus pastillas",
        "se me acabaron", "se le acabaron", "se acabaron", "se me terminaron", "se le terminaron",
        "missed her", "missed his", "missed my doses", "missed # doses",
        "deje la medicina", "dejo la medicina", "desde que deje", "deje las pastillas", "dejo las pastillas",
        "didnt have my", "couldnt get my", "couldnt fill", "havent been able to get my", "pharmacy didnt have",
    ]),
    (WdStrong, &[
        "withdrawal * killing", "withdrawl * killing", "in withdrawal", "going through! withdrawal",
        "going into withdrawal", "getting * withdrawal", "having withdrawal", "having * withdrawal",
        "withdrawal symptoms", "withdrawals are", "withdrawal sweats", "dope sick", "dopesick",
        "sick because i ran out", "sick from running out", "sick since i ran out", "im withdrawing",
        "abstinencia",
        "sick because my", "really sick because",
    ]),
    (Device, &[
        "stimulator", "scs!", "battery", "generator", "ipg!", "pump!", "pumps!", "estimulador", "bateria",
        "bomba!", "implant", "wire!", "wires!",
    ]),
    (Trial, &["trial"]),
    (SkinSite, &[
        "skin", "site", "incision", "pocket", "over it", "around it", "around the", "area!", "wound!", "edges",
        "herida", "piel", "zona", "where the battery", "sitio", "cicatriz", "scar",
        "over my", "over the", "on top of",
    ]),
    (DeviceSymptom, &[
        "opening", "hole", "split!", "splitting!", "thin!", "poking!", "purple", "shiny!", "bump!", "pimple",
        "abierta", "abierto", "le sale", "liquido", "supura", "supurando", "roja", "rojo", "caliente",
        "hinchada", "hinchado", "leaking!", "oozing", "draining!", "drainage",
    ]),
    (DeviceStrong, &[
        "poking! through!", "poking! out", "sticking out", "through! the skin", "through! my skin",
        "coming through!", "see the edge", "can see * wire", "se le ve", "se ve el",
    ]),
    (Mild, &["a little", "a bit", "slightly", "kind of", "un poco", "a tad", "mild", "mildly", "just a scratch", "a scratch"]),
    (Hives, &["hives", "welts", "broke out", "breaking out", "bumpy", "ronchas", "urticaria", "rash"]),
    (AllergyTrigger, &[
        "new pill", "new medication", "new medicine", "new med", "first dose", "first pill", "started the new",
        "since starting", "after starting", "after taking!", "after the shot", "after the injection",
        "after my injection", "contrast!", "dye!", "antibiotic", "allergic", "reaction", "pastilla nueva",
        "medicina nueva", "despues de la inyeccion", "despues de la pastilla",
    ]),
    (OdFuture, &["going to overdose", "want to overdose", "overdose on purpose", "going to take"]),
    (OdIngest, &[
        "took too many", "taken too many", "took too much", "taken too much", "too many pills", "too many of",
        "used too much", "used too many", "way too much", "way too many",
        "took a whole bunch", "whole bunch of", "took a bunch", "bunch of his", "bunch of her",
        "se tomo varias", "se tomo * pastillas", "tomo mas pastillas", "mas pastillas de las que", "se tomo como",
        "se tomo todas", "se tomo todo", "tomo de mas", "se tomo el frasco",
        "took all my", "took all of my", "took all his", "took all her", "took all the",
        "swallowed!", "took the whole", "took a bunch",
        "ate * pills", "ate some of", "handful", "took double", "doubled! up",
        "took every pill", "every pill i have", "all of my pills",
        "took * whole bottle", "swallowed * whole bottle", "took * entire bottle", "drank * bottle",
        "# times my dose", "times my dose", "triple my dose", "tripled", "took # times",
        "took way more", "way more of", "more than he should", "more than she should", "more than i should", "more than prescribed", "more than they should",
        "took a lot of his", "took a lot of her", "took a lot of my",
    ]),
    (OdWake, &[
        "wont wake", "cant wake", "can not wake", "cannot wake", "hard to wake", "not waking", "barely wake",
        "hardly wake", "rouse!", "hard to rouse!", "wont rouse!", "cant rouse!", "no lo puedo despertar",
        "no la puedo despertar", "no puedo despertarlo", "no puedo despertarla",
    ]),
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
        "took # instead", "took * instead of", "instead of #", "took it again", "again an hour later",
        "mixed up my", "took the wrong", "forgot to take * off", "forgot to take * * off", "old one off", "forgot * old one", "two patches",
        "dos veces", "por error", "sin querer",
        "put on # more", "two more patches", "extra patch", "extra patches", "another patch", "new patch and",
    ]),
    (Sedation, &[
        "sleepy!", "cant stay awake", "can not stay awake", "drowsy", "lethargic", "confused",
        "slurring!", "nodding off", "out of it", "falling asleep",
        "barely stay awake", "hard to stay awake", "stay awake", "barely awake", "keep my eyes open", "keep her eyes open", "keep his eyes open",
        "fading", "pass out", "passing out", "blacking out", "blacked out", "nodding", "loopy", "cant think straight", "really dizzy", "so dizzy",
        "floppy", "drugged", "going under", "so heavy", "super heavy", "out of it", "groggy", "mareado", "mareada",
        "dormido", "dormida", "muy dormido",
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
        "if i was gone", "if i were gone", "i have a plan", "on myself", "shoot! myself",
        "hang myself", "take them all", "take all my pills", "taking all my pills", "to end it", "saving up my pills",
        "saving my pills", "stockpiling", "thoughts of hurting", "thoughts of killing",
        "thoughts of suicide", "my own life", "want it all to end", "want it to end", "all to end",
        "goodbye note", "suicide note", "goodbye letter", "on purpose", "going to overdose", "want to overdose",
        "worth living",
        // Indirect: not being around, goodbyes, a crash imagined, a burden,
        // pills put aside, a relative's report of a threat.
        "wont be around", "not be around", "be around much longer", "wont be here much longer",
        "not be here much longer", "wont be here next", "tell my * i love",
        "tell * i love her", "tell * i love him", "said goodbye", "goodbye message", "goodbye post",
        "posted a goodbye", "se despidio", "despidiendo", "at peace now", "thank you all for trying",
        "this will be my last", "this is my last message", "my final message", "final goodbye",
        "pills lined up", "lined up * pills", "said sorry mom", "said sorry dad", "crash my car", "crash the car",
        "into a wall", "into the wall", "into the bridge", "into a bridge", "bridge wall", "into oncoming",
        "into a tree", "turning the wheel", "turn the wheel", "swerve into", "swerving! into",
        "crash on the way", "crashing! on the way", "imagine * crash", "imagine * crashing!", "picture * crash",
        "think about * crash", "thinking about * crash", "hope * crash", "wish * crash", "being done with it",
        "be done with it", "whats the point anymore", "what is the point anymore", "point anymore",
        "no point anymore", "make it stop myself", "end it myself", "life insurance money",
        "better with the life insurance", "than with me", "im a burden", "a burden to", "such a burden",
        "una carga!", "mejor sin mi", "estarian mejor", "tengo un plan", "putting * pills aside",
        "know how many i need", "how many it would take", "going to end it", "gonna end it",
        "threatened to", "se va a matar", "va a matar", "se quiere morir", "quiere morirse", "quiere morir",
        "quitarse la vida", "me quiero morir", "matarse", "tomarme todas", "tomar todas las pastillas",
        "todas las pastillas de una vez", "no quiero seguir", "ya no quiero seguir",
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
        "asleep and never wake up",
        "ending it", "end this", "saved up", "tonight im done", "done with life", "done living", "taking all the pills", "take all the pills", "matarme", "suicidarme", "quitarme la vida", "no quiero vivir", "quiero morir",
        "doesnt want to be alive", "doesnt want to live", "dont want to exist", "doesnt want to be here", "car off the road", "off the road", "driving off", "drive my car into", "driving into", "se quiere matar", "quiere matarse", "quiere quitarse la vida",
        "take all * pills", "take all * * pills", "going to take all", "ending things", "cant take this anymore", "cant take it anymore", "cant do it anymore", "texted * goodbye", "sorry for everything", "wrote * goodbye",
        "cant keep living", "keep living with", "want it all to stop", "shooting! himself", "shooting! herself", "shoot! himself", "shoot! herself", "better without me", "be better without me",
        "kill myself", "kill * myself", "kill himself", "kill * himself", "kill herself", "kill * herself", "kill themselves", "kill * themselves", "hang myself", "hang * myself", "hang himself", "hang * himself", "hang herself", "hang * herself", "hang themselves", "hang * themselves", "shoot! myself", "shoot! * myself", "shoot! himself", "shoot! * himself", "shoot! herself", "shoot! * herself", "shoot! themselves", "shoot! * themselves", "hurt myself", "hurt * myself", "hurt himself", "hurt * himself", "hurt herself", "hurt * herself", "hurt themselves", "hurt * themselves", "harm myself", "harm * myself", "harm himself", "harm * himself", "harm herself", "harm * herself", "harm themselves", "harm * themselves", "cut myself", "cut * myself", "cut himself", "cut * himself", "cut herself", "cut * herself", "cut themselves", "cut * themselves", "going to jump", "gonna jump", "want to jump", "jump in front", "hanging myself", "hanging himself", "hanging herself", "if i died", "care if i died", "better if i died", "if i was gone", "dont want to go on", "go on anymore", "want to disappear", "wants to disappear", "se mata", "me mato", "mejor me muero", "me voy a matar", "wanna die", "want to die", "ready to die", "rather be gone",
    ]),
    // Wishing not to wake up: a passive wish to die, unless it is about
    // waking at night or in pain (`WakeIdiom`).
    (PassiveWake, &[
        "wish i wouldnt wake up", "wish i would not wake up", "wish i never woke up", "never wake up again",
        "wishes * wouldnt wake up", "wish * wouldnt wake up", "wish * would not wake up", "wish * didnt wake up",
        "wish * never wake up", "and not wake up", "not wake up anymore", "no despertar!",
        "no volver a despertar!", "dormir * no despertar!",
    ]),
    (WakeIdiom, &[
        "every night", "at # am", "at #am", "middle of the night", "wake up in pain", "wake up from the pain",
        "wake up during", "sleep through the night", "wake up with pain",
    ]),
    (ReplaceAsk, &[
        "another one", "another prescription", "new prescription", "replacement prescription",
        "replacement script", "resend", "re send", "send another", "send a new", "get another",
        "otra receta", "nueva receta",
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
        "trying to pee", "nothing comes out", "cant go pee", "cant empty my bladder", "leaked urine",
        "leak urine", "leaked pee", "se me salio la orina", "no aguanta la orina", "no aguanto la orina",
        "sin darme cuenta", "cant tell if i need to pee", "cant tell when i need to",
        "no puede orinar", "no puedo orinar", "no puede hacer pipi",
    ]),
    (Saddle, &[
        "saddle", "sitting on nothing", "toilet paper when i wipe", "feel * when i wipe",
        "cant feel the toilet paper", "entre las piernas",
    ]),
    (SaddleSite, &[
        "groin", "inner thigh", "inner thighs", "private area", "private parts", "privates",
        "between my legs", "my bottom", "buttocks", "down there", "genitals", "genital",
        "crotch", "rectum", "seat area", "butt!", "butt cheeks", "nalgas", "entrepierna",
    ]),
    (Numb, &[
        "numb", "numbness", "cant feel", "no feeling", "lost feeling", "went numb", "dormidas", "adormecidas",
        "entumidas", "no siento", "going numb", "dormida", "adormecida", "entumida", "feel dead", "feels dead",
    ]),
    (Legs, &["legs!", "either leg", "piernas", "both feet", "las dos piernas", "ambas piernas"]),
    (Weak, &[
        "weak", "weakness", "weaker", "gave out", "giving out", "give out", "cant move",
        "cant lift", "cant walk", "barely walk", "cant stand", "paralyzed", "collapsed",
        "debiles", "debil!", "cant hold", "cant grip", "wont work right", "dead and heavy", "dropping things",
        "keep dropping", "tripping over", "dragging!", "drags!", "arrastra", "no puede levantar",
        "no puedo levantar", "no puede mover", "no puedo mover", "no puedo caminar", "no puede caminar",
        "wont hold me up", "cant put weight", "needs a walker", "buckling", "like jelly", "trouble walking!",
        "limp", "dead weight", "buckles", "keep falling", "keeps falling", "floppy",
    ]),
    (AlStrong, &[
        "anaphylaxis", "anaphylactic", "allergic reaction", "severe allergic", "epipen",
        "epi pen", "hives all over", "hives everywhere", "broke out in hives", "closing up", "covered in hives",
        "reaccion alergica",
    ]),
    (Breath, &[
        "cant breathe", "can not breathe", "cannot breathe", "trouble breathing",
        "hard to breathe", "difficulty breathing", "short of breath", "shortness of breath",
        "struggling to breathe", "cant catch my breath", "breathing problems", "barely breathe",
        "hardly breathe",
        "no puedo respirar", "no puede respirar", "me cuesta respirar", "le cuesta respirar",
        "cant get * breath", "cant catch * breath", "catch * breath", "out of breath", "get * breath",
        "cuesta * respirar", "cuesta mucho respirar",
    ]),
    (SwellSite, &[
        "throat", "tongue", "lips!", "lip!", "face!", "mouth!", "eyelids", "garganta", "lengua!", "labios!",
        "eyes!", "ojos!", "cara!",
    ]),
    (Swell, &[
        "swelling!", "swollen", "swelled", "swell!", "swells!", "puffy", "puffing", "puffed", "closing", "tight!",
        "huge!", "thick!", "hinchada", "hinchado", "hinchazon", "hinchando", "hinchandose", "se hincha",
        "balloon", "pica la garganta",
    ]),
    (Procedure, &[
        "epidural", "epidurals", "injection", "injections", "shot!", "shots!", "nerve block",
        "block!", "blocks!", "ablation", "rfa!", "procedure", "procedures", "surgery",
        "incision", "stimulator", "scs!", "trial", "leads", "implant", "needle", "kyphoplasty",
        "vertebroplasty", "spinal tap", "lumbar puncture", "facet!", "radiofrequency", "esi!",
        "trigger point", "infusion", "sacroiliac", "si joint", "botox",
        "bloqueo", "inyeccion", "inyecciones", "ablacion", "procedimiento", "cirugia", "estimulador",
        "pump put in", "pump * put in", "pump surgery", "pump implanted", "pump replaced",
    ]),
    (PpSymptom, &[
        "fever!", "fevers!", "feverish", "temperature", "temp!", "chills", "pus!", "drainage",
        "draining!", "oozing", "leaking!", "infected!", "infection!", "infections!", "red!", "hot!", "swollen",
        "warm!", "discharge", "fiebre", "escalofrios", "roja!", "rojo!", "caliente", "temperatura", "supura",
        "infectada", "infectado", "calentura",
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
        "bleeding!", "bleed!", "bleeds!", "blood all over", "soaked with blood", "soaked in blood",
        "covered in blood", "blood everywhere", "full of blood", "dripping blood", "blood keeps coming",
        "nosebleed", "sangra", "sangrando", "sangrado",
    ]),
    // "Blood" alone is bleeding unless it is a thinner, a pressure or a test.
    (Blood, &["blood", "sangre"]),
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
        "sit up", "sitting up", "stand up", "standing!", "when i sit", "when i stand", "lie down",
        "lying down", "laying down", "lay down", "lying flat", "laying flat", "upright",
    ]),
    (Pump, &["pump!", "pumps!", "bomba!"]),
    (PumpAlarm, &[
        "alarm", "alarms", "alarming", "beeping", "beep!", "beeps!", "beeped", "empty",
        "tones!", "tone!", "chiming", "chirping", "noise", "sound", "not working",
        "stopped working", "malfunction", "malfunctioning", "error",
        "ran out", "run out", "running out", "out of medicine", "out of medication", "low!", "running low",
        "working anymore", "isnt working", "not working anymore", "stopped working", "running dry", "ran dry",
        "alarma", "pitando",
        "sonando", "suena", "hace ruido", "beep",
    ]),
    (PaPhrase, &[
        "prior auth!", "prior authorization", "prior authorizations", "prior approval",
        "preauth", "pre auth!", "preauthorization", "pre authorization", "preapproval",
        "pre approval", "precert", "pre cert", "precertification", "pre certification",
        "authorization", "authorizations", "auth!",
        "needs a pa", "need a pa", "needs a prior", "necesita autorizacion", "la autorizacion",
    ]),
    (Denial, &[
        "denied", "deny!", "denial", "denying", "appeal", "appeals", "appealing", "appealed",
        "nego", "negaron", "negado", "rechazaron", "rechazado", "apelar", "apelacion",
    ]),
    (Approval, &[
        "approve", "approved", "approval", "approving", "approves", "denied", "deny!",
        "denial", "denying", "declined", "rejected!", "went through", "go through",
        "gone through", "authorized", "authorize", "ok my", "okd!", "okayed",
       
        "aprobo", "aprobado", "aprobar",
    ]),
    (Insurance, &[
        "insurance", "insurer", "payer", "aetna", "cigna", "humana!", "united healthcare",
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
        "been taking her", "been taking his", "been taking my", "counts are off", "count is off", "count was off", "down the drain", "storm drain", "down the sink", "down the toilet", "al inodoro", "tiro * al", "tiro mis", "se me cayeron", "se cayeron", "se me perdieron", "se perdio", "se me perdio", "perdi mis", "perdi la receta", "me robaron",
    ]),
    (NotLost, &[
        "lose my mind", "losing my mind", "lost my mind", "lose it", "losing it", "lost my patience",
        "lose my patience", "lost track", "lose track",
    ]),
    (LostCtx, &["package", "pharmacy", "police report", "mailed"]),
    (Early, &["early", "earlier", "sooner", "antes"]),
    (EarlyStrong, &[
        "early refill", "early refills", "refill early", "before its due", "before it is due",
        "too early", "too soon", "isnt due", "not due", "before the due date", "ahead of time",
        "ahead of schedule", "before schedule", "refills ahead", "early fill",
        "ran out early", "run out early", "running out early", "ran short", "run short", "running short", "few days before", "days before its due", "days early", "day early", "months of", "month supply", "months supply", "extra supply", "vacation supply",
        "going to run out", "run out on", "run out before", "running out before", "before my refill", "before my next refill",
        "antes de tiempo", "before i go", "antes de irme", "antes de que me vaya",
    ]),
    (FillCtx, &[
        "refill", "refills", "fill!", "filled", "pick up", "pickup", "prescription", "get my",
        "refilled", "refill it", "it filled",
        "get it", "pick it up", "receta", "recoger", "surtir", "resurtido",
    ]),
    (Travel, &[
        "vacation", "out of town", "out of state", "out of the country", "traveling",
        "travelling", "travel", "trip!", "cruise", "leaving town", "going away", "be away", "funeral",
        "flying",
        "before i leave", "while im gone", "while i am away", "while im away",
        "viajar", "viaje!",
        "de viaje", "me voy a", "me voy de", "voy a viajar",
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
        "se me paso la cita", "falte a mi cita", "falte a la cita", "no llegue a mi cita", "no pude ir a mi cita", "se me olvido la cita", "perdi la cita de",
    ]),
    (NoShow, &["no show", "noshow", "no showed", "no shows!", "no showing", "late cancellation", "late cancel", "cancel late", "cancelling late", "canceling late"]),
    (Uds, &[
        "urine test", "urine tests", "urine screen", "urine drug", "urine sample", "urine testing!",
        "urine * test", "urine * screen", "drug test", "drug tests", "drug testing!", "drug screen",
        "drug screens", "drug screening", "uds!", "tox screen", "toxicology", "pee test",
        "pee in a cup", "urinalysis",
        "drug tested!", "getting tested!", "testing! me", "urine!",
        "examen de orina", "prueba de orina", "prueba de drogas",
    ]),
    (Agreement, &["agreement", "agreements", "contract!", "contracts!", "acuerdo", "contrato!"]),
    (AgreementCtx, &[
        "pain!", "opioid", "opioids", "opiate", "narcotic", "narcotics", "controlled",
        "medication", "treatment", "management", "sign!", "signed", "signing", "renew",
        "renewed", "renewal", "expired", "copy!",
        "opioides", "firme", "firmar", "firmo", "medicamentos",
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
        "open appointment", "open up", "an opening", "open her", "open his", "eyes", "opened", "wound!", "incision", "site!", "closing up",
        "pharmacy is closed", "pharmacy closed", "pharmacy closes", "pharmacy is open",
        "pharmacy will be", "pharmacy * closed", "pharmacy closes",
    ]),
    (Location, &[
        "address", "located", "location", "locations", "directions", "direction",
        "where is * office", "where * office", "where * clinic", "where are you", "where * you located", "where is the clinic",
        "where do i park", "where to park", "parking", "park!",
        "donde estan", "donde esta la oficina", "donde esta la clinica", "donde queda", "donde quedan",
        "ubicados", "ubicada", "ubicado", "ubicacion", "direccion", "como llego", "como llegar",
        "estacionamiento", "estacionarme", "me estaciono", "estaciono", "what floor", "which floor",
        "floor are you", "same building!", "which building!", "your building!", "the building!",
        "what building!", "how do i get there", "how to get there", "get to your office",
        "find your office", "cross street", "entrance", "bus stop", "bus line", "bus route", "near the office", "near your office", "office in", "an office", "clinic in", "offices!",
        "office * near", "located near", "train station", "subway", "metro!", "close to the", "far from", "how far", "nearest", "what street", "which street", "find you", "the building!",
        "different building!", "where exactly", "where do i go", "where should i go", "where do i check in", "where is it",
        "suite!",
        "right building!", "wrong building!", "right office", "right place", "wrong place", "right floor", "train!", "uber", "shuttle", "which office", "what office", "st office", "street office",
        "a bus", "bus that", "bus to", "bus goes",
        "office on", "the one downtown", "downtown", "donde queda", "donde esta la clinica", "estacionamiento", "estacionar", "estaciono", "direccion", "como llego",
    ]),
    (LocationStrong, &["entrance", "which floor", "what floor", "wheres the", "where is the"]),
    (NotLocation, &[
        "parking form", "parking placard", "parking permit", "parking sticker", "parking pass",
        "far apart", "change my address", "new address", "update my address", "my address",
        "im in the parking", "parking spot", "parking space",
        "freight train", "like a train",
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
        "make an appointment", "set up an appointment", "what time is my",
        "confirm my", "confirming my", "confirm * appointment", "cancel * appointment",
        "cancel * appointments", "cancel my visit", "follow up appointment", "pump refill",
        "pump refilled",
        "rebook", "re book", "anything earlier", "earlier time", "earlier slot", "sooner time", "med check", "medication check", "book again", "cancellation list", "any cancellations", "anything available", "available on", "set up my next", "set up an", "when do i come in", "when am i scheduled", "when am i supposed to", "is my appointment", "appointment still", "sooner date", "earlier date",
        "=appointment", "=appointments", "=schedule", "still scheduled", "still set for", "still happening", "still good for", "get back on the schedule", "still on for", "book * follow up",
        "booked!", "get * booked", "una cita",
        "proxima cita", "mi proxima", "a cancellation", "is it still at", "still at #", "have anything", "anything friday", "anything on", "do you have anything", "hacer una cita", "sacar una cita", "otra cita", "dar otra",
    ]),
    (CallAt, &["call me back at #", "call me at #", "reach me at #", "back at #"]),
    (WhenIs, &["when is my", "when am i", "cuando es mi"]),
    (ApptAction, &["cancel!", "move!", "change!", "switch", "push back", "confirm", "confirming", "set up", "can we do", "any day", "push!", "cambiar", "cancelar", "confirmar", "mover", "cambiar mi", "reprogramar"]),
    (ApptNoun, &["appointment", "appointments", "visit!", "follow up", "followup", "consult", "telehealth", "cita"]),
    (AnAppointment, &[
        "an appointment", "a appointment", "new appointment", "next appointment",
        "another appointment", "get in to see", "appointment with", "come in earlier",
        "come in sooner", "get in sooner", "get in earlier", "see the doctor", "see a doctor",
        "see doctor", "can i get in", "get me in", "get in this", "get in next",
        "need * appointment", "want * appointment", "need * follow up", "need * visit!",
        // "tengo cita esta semana?", "do I still have my shot next tuesday"
        "tengo cita", "tengo una cita", "tengo mi cita", "do i still have", "still have my",
        "do i have an appointment", "do i have a appointment", "cambiar la cita", "cambiar mi cita",
    ]),
    (ScheduleWord, &["schedule", "scheduling", "scheduled"]),
    (ScheduleIdiom, &[
        "ahead of schedule", "behind schedule", "on schedule", "schedule ii",
        "schedule 2", "schedule two", "schedule iv", "schedule 4", "schedule four",
        "refill schedule!",
        "work schedule", "my schedule", "busy schedule", "school schedule",
    ]),
    (NotApptAction, &["called to cancel", "call to cancel", "tried to cancel", "did cancel", "already cancel", "cant move", "no puedo mover", "no puede mover", "cant change", "wont move"]),
    (Threat, &["miss another", "if i miss", "kicked out", "dismissed", "discharged from", "discharge me"]),
    (ApptAgain, &["a new one", "another one", "new date", "another date", "another time", "another day", "new time", "new day"]),
    (ToldTo, &[
        "told me", "they said i", "said i have to", "said i need", "due for", "im due", "i am due",
        "got a letter", "letter saying", "have to come in and", "need to come in and",
        "me dijeron", "me pidieron", "tengo que hacer", "necesito hacer", "tengo que ir a hacer",
    ]),
    // A question about why or what ("why do I have to", "¿por qué tengo
    // que…?", "what does that mean"): the policy, not a visit to book.
    (WhyQ, &["why", "por que", "porque", "what does", "what do", "cuando", "when", "how often", "do i have to", "tengo que hacer la prueba cada"]),
    (ComeIn, &["come in", "get in for", "get him in", "get her in", "get me in", "be seen", "come see", "coming in", "be there", "see you", "get back in", "still come", "can i still come", "ok to come", "okay to come"]),
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
        "not responding", "unresponsive", "wont respond", "no responde", "doesnt respond",
        "cannot get * to respond", "get him to respond", "get her to respond",
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
        "the contract!", "my contract!", "the agreement", "my agreement", "against the agreement",
        "violate * agreement", "break * agreement", "breaking * agreement", "pain contract!",
        "el contrato", "contrato!",
    ]),
    (DoctorSaid, &[
        "doctor said", "doctor says", "doctor told me", "doctor knows", "doctor already", "told me i could",
        "said i could",
    ]),
    (PharmacySend, &["send * to * pharmacy", "to the pharmacy", "to my pharmacy", "send my * to", "a la farmacia", "farmacia de"]),
    (After, &["since", "after", "following", "ever since"]),
    (MissedWord, &["missed!", "miss!"]),
    (SwallowTrouble, &[
        "cant swallow", "can not swallow", "hard to swallow", "trouble swallowing", "me cuesta tragar",
        "no puedo tragar", "no puede tragar", "le cuesta tragar",
    ]),
    (PersonStrong, &[
        "real person", "live person", "actual person", "a person", "=person", "human!",
        "humans!", "operator", "representative", "receptionist!", "agent!", "agents!", "=0",
        "=zero", "transfer me", "have someone", "have somebody", "someone to call", "somebody to call",
        "customer service",
       
        "=front desk", "front desk please", "front desk call", "to the front desk", "with the front desk", "someone at the front desk",
        "hablar con alguien",
        "doctor now", "nurse now",
        "call me back", "call us back", "returning a call", "returning your call", "returning a phone call", "nurse available", "doctor available", "me pueden llamar", "me puede llamar", "volver a llamar", "me llame!", "me llamen!", "llamarme", "llamenme", "hablar con alguien", "hablar con una persona",
    ]),
    (Talk, &[
        "talk to", "talk with", "speak to", "speak with",
        "connect me", "put me through", "call me", "get me", "call back", "callback", "give me a call",
        "a call from",
        "transfer!",
        "hablar con", "hablar a", "comunicarme con",
    ]),
    (Human, &[
        "person", "someone", "somebody", "anyone", "anybody", "nurse", "nurses", "doctor",
        "staff!", "receptionist", "front desk", "office", "representative", "manager",
        "provider", "physician", "scheduler!", "billing",
        "enfermera", "alguien", "persona", "doctora",
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
        "today!", "tonight", "asap!", "right away", "immediately", "right now", "this morning",
        "this afternoon",
    ]),
    (Send, &["send", "sent", "call in", "fill it", "put it through"]),
    (DoseQ, &[
        "how many * take", "how many * can i", "how many * day", "how many pills",
        "how much * take", "how much * can i", "how often", "go up to", "go up on",
        "up my dose", "up the dose", "higher dose", "lower dose", "stronger dose", "more mg", "stronger", "prescribe more", "prescribe me more", "more medication", "something else for", "different medication", "switch me",
        "switch my medication",
        "increase", "decrease", "dose!", "doses!", "dosage", "dosis", "preguntas sobre", "double", "extra pill", "extra dose",
        "take an extra", "take extra", "instead of #", "a day instead", "# * a day", "# times a day",
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
        "can she use", "can he use", "can i use", "heating pad", "se toma", "como se toma", "cuando se toma", "puedo partir", "partir la pastilla", "a la mitad", "should i still take", "should i still hold", "hold my", "do i still need to", "need to watch", "can take", "can he take", "can she take", "how do i use", "how to use", "should he keep", "should she keep", "keep narcan", "puedo tomar", "puede tomar", "en vez de",
    ]),
    (EffectQ, &[
        "side effect", "side effects", "makes! me", "making! me", "made! me", "make you", "makes you",
        "sleepy!", "drowsy", "constipated",
        "constipation", "since i started", "since starting", "feel sick", "feeling sick", "nauseous", "nausea", "dizzy", "itchy", "itching", "sweating!",
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
        "affect", "affects", "from the medicine", "from the medication", "is that from", "gaining weight", "comezon", "efecto secundario", "efectos secundarios", "me da mucha",
        // blind-j (tuned after its first score): a medication named with an
        // effect or a question, in Spanish, is no refill.
        "is making my", "making my", "es de la pastilla", "es por la medicina", "es por la pastilla",
        "es de la medicina", "por la medicina", "desde que empezo con", "desde que empece con", "pesadillas",
        // ("combinar" is one letter from "cambiar" to the typo-tolerant
        // matcher, so it is not listed.)
        "boca seca", "es verdad", "no se debe", "se puede manejar", "puedo manejar", "cuantas horas",
        "cada cuanto", "entre pastilla y pastilla", "should she stop", "should he stop", "can she stop",
        "can he stop", "if she can stop", "if he can stop",
    ]),
    (MedQ, &[
        "is that normal", "is this normal", "is it normal", "is that ok", "is that okay",
        "is it ok", "is it okay", "is that safe", "normal to", "too much", "cause!", "causes!", "get off", "getting off",
        "what happens if i",
        "dangerous", "a problem", "be a problem", "have * in it", "safe for me", "safer!", "combo", "actually ok", "is that * ok", "more likely", "make seizures", "que pasa si", "es normal", "me da",
        "ok for me", "okay for me", "is * safe", "is it ok if",
        "ok for him", "ok for her", "safe for him", "safe for her",
    ]),
    (StopTaper, &[
        "taper!", "tapering", "tapered", "wean!", "weaning", "weaned", "come off",
        "coming off", "get off the", "get off of", "get off my", "withdrawal", "withdrawals",
        "withdrawl", "withdrawing", "cold turkey", "stop my", "stop taking", "quit taking",
        "quit my", "cutting down", "cut down", "cut back", "cutting back", "detox",
        "if i stop", "just stop taking", "if i just stop",
    ]),
    (RefillWord, &["refill", "refills", "refilled", "refilling", "renew my prescription", "renew * prescription", "resurtido", "resurtir", "resurtan", "rellenar la receta"]),
    (NewRx, &[
        "new prescription", "prescription sent", "need * prescription", "send * prescription",
        "prescription for", "fill my prescription", "another prescription", "more of my",
        "necesito mi receta", "necesita su receta", "mi receta de", "su receta de", "la receta de", "la receta del", "manden la receta", "mandenme la receta", "manden mi receta", "otra receta", "nueva receta", "pedir un refil", "pedir una receta",
    ]),
    (Need, &[
        "need!", "needs!", "want!", "requesting", "request", "out of", "almost out",
        "running low", "run out", "ran out", "runs out", "running out", "get my", "send my",
        "necesito", "necesita", "se me acabo", "se le acabo", "casi se me acaba", "casi se le acaba", "ya casi se le acaba", "quisiera pedir", "me quede sin",
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
#[rustfmt::skip]
const NEGATABLE: &[Cue] = &[
    CeBladder, Numb, Weak, AlStrong, Breath, BreathHard, Swell, PpSymptom, Bleeding, Blood, Headache, ChestPain,
    ChestTight, StrokeSign, StrokeSpeech, Seizure, BleedHeavy, Hives, WdSymptom, DeviceSymptom,
];
const NEGATORS: &[&str] = &[
    "no", "not", "without", "never", "denies", "nor", "dont", "didnt", "doesnt", "havent", "hasnt", "isnt", "none",
    "nothing",
];
/// Words just before "right now", "today" that make it the opposite of a
/// symptom happening now ("I'm fine right now").
const NOT_ONGOING: &[&str] =
    &["fine", "ok", "okay", "good", "better", "normal", "well", "bien", "not", "if", "someone", "somebody"];
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
    let mut negations = false;
    let accept = |m: switchboard_common::intent::Match<Cue>| {
        if m.label == Ongoing {
            let before = &tokens[m.start.saturating_sub(2)..m.start];
            return !before.iter().any(|t| NOT_ONGOING.contains(&t.as_ref()));
        }
        let dropped = NEGATABLE.contains(&m.label) && negated(tokens, m.start);
        negations |= dropped;
        !dropped
    };
    for cue in MATCHER.find_indexed(tokens, &INDEX, accept) {
        cues.add(cue);
    }
    if negations {
        cues.add(Negated);
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

/// Every phrase occurrence in `tokens`, as "Cue: the words it covered":
/// what a tuner reads to see which phrase (perhaps a typo-tolerant match)
/// raised a cue.
pub(super) fn spans<S: AsRef<str>>(tokens: &[S]) -> Vec<String> {
    MATCHER
        .find_spans(tokens)
        .into_iter()
        .map(|m| {
            let words: Vec<&str> = tokens[m.start..m.end].iter().map(AsRef::as_ref).collect();
            format!("{:?}: {}", m.label, words.join(" "))
        })
        .collect()
}

/// A text-message opt-out: the carrier keywords on their own, or a plain
/// request to stop texting.
pub(super) fn is_opt_out<S: AsRef<str>>(tokens: &[S]) -> bool {
    const KEYWORDS: &[&str] =
        &["stop", "stopall", "unsubscribe", "end", "quit", "revoke", "optout", "cancel", "baja", "alto", "parar"];
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
            "remove her number",
            "remove his number",
            "remove my mothers number",
            "remove my fathers number",
            "no mas mensajes",
            "no mas textos",
            "no me manden mas",
            "ya no me manden",
            "dejen de mandar",
            "dejen de enviar",
            "dejen de mandarme",
            "no quiero recibir",
            "quitenme de la lista",
            "no quiero mas mensajes",
            // blind-j (tuned after its first score)
            "no more reminder texts",
            "no more reminders",
            "off your text list",
            "remove it from your list",
            "remove it from the list",
            "basta de mensajes",
            "basta de textos",
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
        "buenas",
        "buenos",
        "lifesavers",
        "lifesaver",
    ];
    // With praise and the figures of speech that come with thanks ("you
    // saved my life lol", "you all are the bomb").
    const FILLER: &[&str] = &[
        "good",
        "you",
        "so",
        "much",
        "ok",
        "okay",
        "yes",
        "have",
        "a",
        "nice",
        "great",
        "there",
        "again",
        "cool",
        "alright",
        "see",
        "ya",
        "take",
        "it",
        "very",
        "all",
        "awesome",
        "perfect",
        "and",
        "oh",
        "um",
        "uh",
        "well",
        "for",
        "your",
        "help",
        "the",
        "everyone",
        "guys",
        "folks",
        "night",
        "weekend",
        "too",
        "kind",
        "how",
        "are",
        "doing",
        "whats",
        "up",
        "today",
        "muchas",
        "buenos",
        "buenas",
        "dias",
        "tardes",
        "noches",
        "are",
        "is",
        "saved",
        "my",
        "life",
        "lol",
        "haha",
        "jaja",
        "jajaja",
        "bomb",
        "best",
        "everything",
        "do",
        "what",
        "lifesavers",
        "lifesaver",
        "por",
        "todo",
        "ustedes",
        "me",
        "salvaron",
        "la",
        "vida",
        "de",
        "verdad",
        "u",
        "yall",
        "wonderful",
        "amazing",
        // blind-j (tuned after its first score)
        "mil",
        "que",
        "tenga",
        "buen",
        "helping",
        "dad",
        "mom",
        "mama",
        "papa",
        "that",
        "was",
        "squeezing",
        "in",
        "atender",
        "a",
        "mi",
        "tan",
        "rapido",
        "doctora",
        "salvo",
        "con",
        "esa",
    ];
    // An emoji ("🙏") goes with thanks.
    let filler = |t: &str| FILLER.contains(&t) || !t.chars().any(char::is_alphanumeric);
    tokens.iter().any(|t| CORE.contains(&t.as_ref()))
        && tokens.iter().all(|t| CORE.contains(&t.as_ref()) || filler(t.as_ref()))
}
