//! The criteria the safety net screens for, with their default levels and
//! the practice-facing defaults of their wording, in English and Spanish.

use serde::{Deserialize, Serialize};

/// How hard a finding escalates. Ordered: a practice may raise a
/// criterion's level, never lower it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// A same-day clinical call back: an urgent item, paged.
    Urgent,
    /// Call 911 (988 for a suicidal crisis) now: a stat item, paged.
    Emergency,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Urgent => "urgent",
            Level::Emergency => "emergency",
        }
    }
}

/// What the patient must be told to do, which the reply is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Instruction {
    /// 911.
    Call911,
    /// 911, and give naloxone if there is some.
    Call911Naloxone,
    /// 988 (and 911 in immediate danger).
    Call988,
    /// A same-day clinical call back (urgent level).
    SameDayCallback,
}

/// One criterion: its id (as practices name it in settings), default level
/// and default wording.
#[derive(Debug, Clone, Copy)]
pub struct Criterion {
    pub id: &'static str,
    /// The plain name staff read on the item.
    pub title: &'static str,
    pub level: Level,
    pub instruction: Instruction,
    pub wording_en: &'static str,
    pub wording_es: &'static str,
}

impl Criterion {
    /// The instruction at `level` (a practice may raise an urgent criterion
    /// to an emergency: then it says 911).
    pub fn instruction_at(&self, level: Level) -> Instruction {
        match (self.instruction, level) {
            (Instruction::SameDayCallback, Level::Emergency) => Instruction::Call911,
            (i, _) => i,
        }
    }
}

const URGENT_EN: &str = "Thank you for telling us. This needs a clinician today: we have flagged it as urgent and a \
clinician will call you back as soon as possible today. If it gets worse or you feel unsafe, call 911.";
const URGENT_ES: &str = "Gracias por avisarnos. Esto necesita atención clínica hoy: lo marcamos como urgente y un \
profesional clínico le llamará lo antes posible hoy. Si empeora o se siente en peligro, llame al 911.";

pub const CRITERIA: &[Criterion] = &[
    Criterion {
        id: "overdose",
        title: "possible overdose",
        level: Level::Emergency,
        instruction: Instruction::Call911Naloxone,
        wording_en: "This may be an overdose: call 911 now. If you have naloxone (Narcan), give it now and stay with \
them. Naloxone wears off, so they still need emergency care even if they wake up.",
        wording_es: "Esto puede ser una sobredosis: llame al 911 ahora. Si tiene naloxona (Narcan), désela ahora y \
quédese con la persona. La naloxona deja de hacer efecto, así que necesita atención de emergencia aunque despierte.",
    },
    Criterion {
        id: "suicide",
        title: "suicidal crisis",
        level: Level::Emergency,
        instruction: Instruction::Call988,
        wording_en: "You matter, and help is available right now: call or text 988, the Suicide & Crisis Lifeline. \
If you or someone else is in immediate danger, call 911.",
        wording_es: "Usted importa y hay ayuda ahora mismo: llame al 988 y oprima 2 para español, o envíe AYUDA por \
texto al 988. Si usted u otra persona está en peligro inmediato, llame al 911.",
    },
    Criterion {
        id: "cauda-equina",
        title: "possible cauda equina",
        level: Level::Emergency,
        instruction: Instruction::Call911,
        wording_en: "New numbness in the groin or both legs, or losing control of your bladder or bowels, needs \
emergency care now: call 911 or go to the nearest emergency department.",
        wording_es: "Adormecimiento nuevo en la ingle o en las dos piernas, o perder el control de la orina o del \
intestino, necesita atención de emergencia ahora: llame al 911 o vaya a la sala de emergencias más cercana.",
    },
    Criterion {
        id: "allergy",
        title: "severe allergic reaction",
        level: Level::Emergency,
        instruction: Instruction::Call911,
        wording_en: "Swelling of the throat, tongue or face, or trouble breathing or swallowing, is an emergency: \
call 911 now.",
        wording_es: "La hinchazón de la garganta, la lengua o la cara, o la dificultad para respirar o tragar, es \
una emergencia: llame al 911 ahora.",
    },
    Criterion {
        id: "chest-pain",
        title: "chest pain or pressure",
        level: Level::Emergency,
        instruction: Instruction::Call911,
        wording_en: "Chest pain or pressure can be a heart attack: call 911 now. Do not drive yourself.",
        wording_es: "El dolor o la presión en el pecho puede ser un infarto: llame al 911 ahora. No maneje usted \
mismo.",
    },
    Criterion {
        id: "stroke",
        title: "stroke signs",
        level: Level::Emergency,
        instruction: Instruction::Call911,
        wording_en: "These can be signs of a stroke: call 911 now, and note the time the symptoms started.",
        wording_es: "Estas pueden ser señales de un derrame cerebral: llame al 911 ahora y anote la hora en que \
empezaron los síntomas.",
    },
    Criterion {
        id: "breathing",
        title: "severe trouble breathing",
        level: Level::Emergency,
        instruction: Instruction::Call911,
        wording_en: "Severe trouble breathing is an emergency: call 911 now.",
        wording_es: "La dificultad grave para respirar es una emergencia: llame al 911 ahora.",
    },
    Criterion {
        id: "seizure",
        title: "seizure",
        level: Level::Emergency,
        instruction: Instruction::Call911,
        wording_en: "For a seizure, call 911 now. Keep the person on their side, away from hard objects, and put \
nothing in their mouth.",
        wording_es: "Para una convulsión, llame al 911 ahora. Ponga a la persona de lado, lejos de objetos duros, y \
no le ponga nada en la boca.",
    },
    Criterion {
        id: "bleeding",
        title: "bleeding that will not stop",
        level: Level::Emergency,
        instruction: Instruction::Call911,
        wording_en: "For bleeding that will not stop, press firmly on it with a clean cloth and call 911 now.",
        wording_es: "Si el sangrado no para, presione con firmeza con un paño limpio y llame al 911 ahora.",
    },
    Criterion {
        id: "weakness-after-procedure",
        title: "new weakness or numbness after a procedure",
        level: Level::Emergency,
        instruction: Instruction::Call911,
        wording_en: "New weakness or numbness after a procedure needs to be checked right away: call 911 or go to \
the nearest emergency department now.",
        wording_es: "La debilidad o el adormecimiento nuevo después de un procedimiento se debe revisar de \
inmediato: llame al 911 o vaya ahora a la sala de emergencias más cercana.",
    },
    Criterion {
        id: "withdrawal",
        title: "withdrawal symptoms",
        level: Level::Urgent,
        instruction: Instruction::SameDayCallback,
        wording_en: URGENT_EN,
        wording_es: URGENT_ES,
    },
    Criterion {
        id: "device-site",
        title: "stimulator or pump site problem",
        level: Level::Urgent,
        instruction: Instruction::SameDayCallback,
        wording_en: URGENT_EN,
        wording_es: URGENT_ES,
    },
    Criterion {
        id: "post-procedure",
        title: "post-procedure symptoms",
        level: Level::Urgent,
        instruction: Instruction::SameDayCallback,
        wording_en: URGENT_EN,
        wording_es: URGENT_ES,
    },
    Criterion {
        id: "pump",
        title: "pain pump alarm",
        level: Level::Urgent,
        instruction: Instruction::SameDayCallback,
        wording_en: URGENT_EN,
        wording_es: URGENT_ES,
    },
];

pub fn criterion(id: &str) -> Option<&'static Criterion> {
    CRITERIA.iter().find(|c| c.id == id)
}
