//! The third reading of a message: the full sentence model
//! (`switchboard_understanding::contextual`), which reads word order,
//! negation and who a message is about, where the static table sees only
//! words. It only adds: it never overrules another detector (on blind-c,
//! letting it overrule the static table's findings would have dropped
//! true emergencies with the false alarms).
//!
//! It costs milliseconds per message, where the rest of the screen costs
//! microseconds (`BENCHMARKS.md`), so it skips what cannot carry an
//! emergency on its own: messages of one or two words ("yes", a name, a
//! keypad digit), which the rules read in full, and messages made only of
//! a date, a time or a number ("march fourteenth nineteen seventy one",
//! "el 3 de mayo del 71"): the answers to a form's questions, which the
//! model, trained on requests and symptoms, once read as a procedure
//! problem and sent a caller giving a date of birth to the on-call.

use switchboard_understanding::contextual::{self, Contextual};

/// The probability at which the model's reading counts, by the
/// criterion's default level. Chosen on blind-e with two adapters fitted
/// without it (`BENCHMARKS.md`): at 0.5 the model added 13–14 emergencies
/// of 150 and 24–45 false alarms of 374; at 0.8, 9–11 and 13–23; at 0.9,
/// 4–7 and 7–13. A miss costs more than a false alarm, so 0.8. Its urgent
/// findings added one urgent line of 53 and seven false alarms (an urgent
/// finding on a call transfers the caller to the on-call), so 0.9 at
/// first. Once the static-table readers left the net, urgent recall fell
/// to 90% on blind-g; swept on the tuning sets (`safety_report
/// --contextual-sweep`), 0.7 flags 58 of 61 urgent lines there against 55
/// (blind-e: 52 of 53 against 50; blind-f: 50 of 51 either way) for one
/// more urgent false alarm in 414 and none at the emergency level.
pub const THRESHOLDS: Thresholds = Thresholds { emergency: 0.8, urgent: 0.7, together: 1.2 };
/// Messages shorter than this many words are not read by the model.
pub const MIN_WORDS: usize = 3;

/// Cut-offs for the model's probabilities, by the criterion's default
/// level: an urgent finding on a call transfers the caller to the on-call,
/// so it may need more certainty than a miss of it costs.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub emergency: f32,
    pub urgent: f32,
    /// When no physical emergency clears `emergency` on its own, the sum of
    /// their probabilities at which the likeliest counts (English only):
    /// "like a belt being tightened around my ribs and my left arm tingles"
    /// reads 0.64 chest pain, 0.72 stroke, 0.37 weakness. The model is sure
    /// something is physically wrong and unsure only which criterion it is;
    /// the instruction (911) is the same for all of them. On blind-c, e and
    /// f this added no false alarm in English; in Spanish, where the
    /// model's readings follow topic, it did, so Spanish is left out.
    pub together: f32,
}

/// Whether `id` is an emergency whose instruction is plain 911, which
/// [`Thresholds::together`] may sum (a crisis needs 988 and an overdose
/// naloxone: they must be named).
fn physical(id: &str) -> bool {
    super::criteria::criterion(id).is_some_and(|c| c.instruction == super::criteria::Instruction::Call911)
}

/// The criteria the model gives at least their [`THRESHOLDS`], with their
/// probabilities; empty when the message is too short to read or the
/// model is not loaded (the rest of the screen still runs: see [`warm`]).
pub fn found(text: &str) -> Vec<(&'static str, f32)> {
    above(&probabilities(text), THRESHOLDS, super::language::is_english(text))
}

/// The model's probability for every criterion, or nothing for a message
/// it does not read.
pub fn probabilities(text: &str) -> Vec<(&'static str, f32)> {
    if text.split_whitespace().count() < MIN_WORDS || only_a_date_or_number(text) {
        return Vec::new();
    }
    let Some(model) = model() else { return Vec::new() };
    let anchored = super::language::is_english(text) || super::rules::Words::new(text).mentions(CRISIS_WORDS);
    model
        .scores(text)
        .into_iter()
        .filter_map(|(label, p)| Some((super::criteria::criterion(label)?.id, p)))
        .map(|(id, p)| if id == "suicide" && !anchored { (id, 0.0) } else { (id, p) })
        .collect()
}

/// The model was pretrained on English. On text that is not, its crisis
/// output follows the topic, not the meaning: on blind-f it gave Spanish
/// refill requests, opt-outs and dose questions 0.82–0.99, as high as the
/// Spanish crises it caught (20 of the 46 false alarms). So outside
/// English its crisis reading counts only beside a word of the concept:
/// dying, killing, living, waking, goodbyes, not being here, ending it,
/// being a burden or better off without, saving pills, hurting oneself.
/// A Spanish crisis stated plainly is the rules' to read.
const CRISIS_WORDS: &[&str] = &[
    "morir*",
    "morire",
    "moriria",
    "muero",
    "muer*",
    "mata*",
    "mate",
    "mato",
    "suicid*",
    "vivir*",
    "viviendo",
    "vivo",
    "vida",
    "despert*",
    "despedi*",
    "despido",
    "adios",
    "para siempre",
    "estar aqui",
    "voy a estar",
    "estare",
    "acabar con",
    "acabar de una vez",
    "terminar con",
    "quitarme",
    "irme",
    "desaparec*",
    "sin mi",
    "carga",
    "estorbo",
    "vale la pena",
    "veo sentido",
    "sin sentido",
    "sentido a nada",
    "aguanto",
    "puedo mas",
    "juntando",
    "guardad*",
    "guardando",
    "ahorrando",
    "tirarme",
    "aventarme",
    "colgarme",
    "cortarme",
    "cortando",
    "me corto",
    "hacerme dano",
    "lastimarme",
    "pistola",
    "arma",
    "puente",
    "ultima vez",
    "cansad* de",
    // English words inside Spanglish.
    "die",
    "dead",
    "kill*",
    "live",
    "end it",
    "goodbye",
];

/// The criteria of `probabilities` at or above their cut-off, and (for an
/// `english` message) the likeliest physical emergency when they together
/// reach [`Thresholds::together`].
pub fn above(probabilities: &[(&'static str, f32)], thresholds: Thresholds, english: bool) -> Vec<(&'static str, f32)> {
    let mut found: Vec<(&'static str, f32)> = probabilities
        .iter()
        .copied()
        .filter(|(id, p)| {
            let urgent = super::criteria::criterion(id).is_some_and(|c| c.level == super::Level::Urgent);
            *p >= if urgent { thresholds.urgent } else { thresholds.emergency }
        })
        .collect();
    let physical_readings = || probabilities.iter().filter(|(id, _)| physical(id));
    if english && !found.iter().any(|(id, _)| physical(id)) {
        let sum: f32 = physical_readings().map(|(_, p)| p).sum();
        if sum >= thresholds.together
            && let Some(&likeliest) = physical_readings().max_by(|a, b| a.1.total_cmp(&b.1))
        {
            found.push(likeliest);
        }
    }
    found
}

/// Words a spoken or typed date, time or number is made of, in English
/// and Spanish (accents folded).
const DATE_AND_NUMBER_WORDS: &[&str] = &[
    // months
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    // numbers and ordinals
    "zero",
    "oh",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "hundred",
    "thousand",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
    "thirtieth",
    "cero",
    "uno",
    "un",
    "una",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciseis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidos",
    "veintitres",
    "veinticuatro",
    "veinticinco",
    "veintiseis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
    "treinta",
    "cuarenta",
    "cincuenta",
    "sesenta",
    "setenta",
    "ochenta",
    "noventa",
    "cien",
    "ciento",
    "mil",
    "primero",
    "novecientos",
    // the words between them
    "of",
    "the",
    "and",
    "on",
    "in",
    "at",
    "de",
    "del",
    "y",
    "el",
    "st",
    "nd",
    "rd",
    "th",
    "am",
    "pm",
    "my",
    "birthday",
    "is",
    "born",
    "date",
    "birth",
    "dob",
    "mi",
    "fecha",
    "nacimiento",
    "naci",
    "es",
];

/// A message that is only a date, a time or a number (digits, separators
/// and [`DATE_AND_NUMBER_WORDS`]).
fn only_a_date_or_number(text: &str) -> bool {
    let folded = super::language::fold(text);
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .all(|w| number_or_ordinal(w) || DATE_AND_NUMBER_WORDS.contains(&w))
}

/// "14", "1971", "2nd", "23rd".
fn number_or_ordinal(word: &str) -> bool {
    let digits = word.trim_end_matches(['s', 't', 'n', 'd', 'r', 'h']);
    !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) && word.len() - digits.len() <= 2
}

fn model() -> Option<&'static Contextual> {
    match contextual::bundled() {
        Ok(model) => Some(model),
        Err(error) => {
            static LOGGED: std::sync::Once = std::sync::Once::new();
            LOGGED.call_once(|| tracing::error!(%error, "the safety net's sentence model is not loaded"));
            None
        }
    }
}

/// Load the model now. The server refuses to start without it: a net
/// that silently lost a third of its reading is not one a practice chose.
pub fn warm() -> Result<(), &'static contextual::ContextualError> {
    contextual::bundled().map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::only_a_date_or_number;

    #[test]
    fn dates_times_and_numbers_are_told_from_messages() {
        for answer in [
            "march fourteenth nineteen seventy one",
            "january thirtieth nineteen forty nine",
            "3/14/1971",
            "my birthday is may 2nd 1980",
            "el catorce de marzo de mil novecientos setenta y uno",
            "14 de marzo del 71",
        ] {
            assert!(only_a_date_or_number(answer), "{answer:?}");
        }
        for message in
            ["i took ten of my pills", "my dad fell on march 3rd and can't move his legs", "no puedo respirar"]
        {
            assert!(!only_a_date_or_number(message), "{message:?}");
        }
    }
}
