//! `[escalation]`: the red-flag criteria, their levels and their wording,
//! and what after-hours callers are told about callbacks.
//!
//! Every criterion has a default level and default messages, in English and
//! in Spanish, written for a pain practice. A practice may reword a message
//! and may raise a level (say, make a pump alarm an emergency), but never
//! lower one: a clinical lead can be more cautious than the defaults, the
//! configuration cannot make the plugin less so. Emergency messages must
//! tell the patient to call 911 in both languages (a suicidal crisis: 988
//! too; an overdose: naloxone), and every message passes the outbound guard
//! like any other practice text.
//!
//! ```toml
//! [escalation]
//! callback-within-hours = 4          # after-hours callbacks: "by noon" after an 8:00 opening
//! [escalation.criteria.pump-alarm]
//! level = "emergency"
//! message = "..."
//! message-es = "..."                 # said when the patient writes or speaks Spanish
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use switchboard_sdk::ConfigError;

use super::{MAX_TEXT, check_text, error};

/// How a criterion is escalated, least to most urgent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Level {
    /// A clinician calls back on the next business day.
    NextBusinessDay,
    /// The on-call clinician, now: a warm transfer on a call, a page on a
    /// text, and an urgent queue item.
    Urgent,
    /// 911 (988 for a suicidal crisis), a stat queue item, and a page.
    Emergency,
}

impl Level {
    fn parse(text: &str) -> Option<Level> {
        match text {
            "next-business-day" => Some(Level::NextBusinessDay),
            "urgent" => Some(Level::Urgent),
            "emergency" => Some(Level::Emergency),
            _ => None,
        }
    }
}

/// The escalation criteria the plugin recognises. (New criteria go at the
/// end: conversation state records them.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Criterion {
    Overdose,
    SuicidalThoughts,
    CaudaEquina,
    SevereAllergicReaction,
    PostProcedureInfection,
    PostEpiduralHeadache,
    /// Bleeding that will not stop (an emergency since the label guide
    /// made it one; it was urgent before).
    UncontrolledBleeding,
    PumpAlarm,
    ChestPain,
    Stroke,
    TroubleBreathing,
    Seizure,
    WeaknessAfterProcedure,
    Withdrawal,
    DeviceSite,
}

impl Criterion {
    pub const ALL: [Criterion; 15] = [
        Criterion::Overdose,
        Criterion::SuicidalThoughts,
        Criterion::CaudaEquina,
        Criterion::SevereAllergicReaction,
        Criterion::PostProcedureInfection,
        Criterion::PostEpiduralHeadache,
        Criterion::UncontrolledBleeding,
        Criterion::PumpAlarm,
        Criterion::ChestPain,
        Criterion::Stroke,
        Criterion::TroubleBreathing,
        Criterion::Seizure,
        Criterion::WeaknessAfterProcedure,
        Criterion::Withdrawal,
        Criterion::DeviceSite,
    ];

    /// The key in `[escalation.criteria]`, also the queue item's `criterion`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Criterion::Overdose => "overdose",
            Criterion::SuicidalThoughts => "suicidal-thoughts",
            Criterion::CaudaEquina => "cauda-equina",
            Criterion::SevereAllergicReaction => "severe-allergic-reaction",
            Criterion::PostProcedureInfection => "post-procedure-infection",
            Criterion::PostEpiduralHeadache => "post-epidural-headache",
            Criterion::UncontrolledBleeding => "uncontrolled-bleeding",
            Criterion::PumpAlarm => "pump-alarm",
            Criterion::ChestPain => "chest-pain",
            Criterion::Stroke => "stroke",
            Criterion::TroubleBreathing => "trouble-breathing",
            Criterion::Seizure => "seizure",
            Criterion::WeaknessAfterProcedure => "weakness-after-procedure",
            Criterion::Withdrawal => "withdrawal",
            Criterion::DeviceSite => "device-site",
        }
    }

    pub const fn default_level(self) -> Level {
        match self {
            Criterion::Overdose
            | Criterion::SuicidalThoughts
            | Criterion::CaudaEquina
            | Criterion::SevereAllergicReaction
            | Criterion::UncontrolledBleeding
            | Criterion::ChestPain
            | Criterion::Stroke
            | Criterion::TroubleBreathing
            | Criterion::Seizure
            | Criterion::WeaknessAfterProcedure => Level::Emergency,
            Criterion::PostProcedureInfection
            | Criterion::PostEpiduralHeadache
            | Criterion::PumpAlarm
            | Criterion::Withdrawal
            | Criterion::DeviceSite => Level::Urgent,
        }
    }

    pub const fn default_message(self) -> &'static str {
        match self {
            Criterion::Overdose => {
                "If someone may have taken too much medication, is hard to wake, or is breathing slowly or not at all, call 911 now. Give naloxone (Narcan) if you have it. Naloxone can wear off, so they still need emergency care even if they wake up."
            }
            Criterion::SuicidalThoughts => {
                "If you are thinking about suicide or hurting yourself, please call or text 988 now to reach the Suicide and Crisis Lifeline. If you are in immediate danger, call 911."
            }
            Criterion::CaudaEquina => {
                "New numbness or weakness in both legs, numbness in the groin or inner thighs, or new loss of bladder or bowel control needs emergency care now. Call 911 or go to the nearest emergency department."
            }
            Criterion::SevereAllergicReaction => {
                "Trouble breathing or swelling of the throat, tongue or lips can be a severe allergic reaction. Call 911 now."
            }
            Criterion::PostProcedureInfection => {
                "Fever, chills, redness, swelling or drainage where you had a procedure needs prompt attention. If your symptoms are severe, call 911 or go to the nearest emergency department."
            }
            Criterion::PostEpiduralHeadache => {
                "A bad headache that is worse sitting or standing after an epidural needs prompt attention. If it is severe or comes with fever, a stiff neck or confusion, call 911 or go to the nearest emergency department."
            }
            Criterion::UncontrolledBleeding => {
                "Bleeding that won't stop, or vomiting or coughing up blood, is an emergency. Call 911 now. If it is a wound, press firmly on it with a clean cloth and keep pressing."
            }
            Criterion::PumpAlarm => {
                "A pump alarm can mean your pump is no longer giving medication, which can become dangerous quickly. If you feel very unwell, call 911 or go to the nearest emergency department."
            }
            Criterion::ChestPain => {
                "Chest pain, pressure or tightness, especially with sweating, nausea, shortness of breath or pain spreading to the arm, jaw or back, can be a heart attack. Call 911 now. Do not drive yourself."
            }
            Criterion::Stroke => {
                "A drooping face, weakness or numbness on one side, slurred speech, sudden confusion, loss of vision or balance, or a sudden severe headache can be a stroke. Call 911 now and note the time it started."
            }
            Criterion::TroubleBreathing => "Severe trouble breathing is an emergency. Call 911 now.",
            Criterion::Seizure => {
                "A seizure that is happening now or just happened needs emergency care. Call 911 now. Keep the person on their side, away from anything hard, and put nothing in their mouth."
            }
            Criterion::WeaknessAfterProcedure => {
                "New weakness or numbness in a leg or arm, or new trouble walking, after a procedure needs emergency care now. Call 911 or go to the nearest emergency department."
            }
            Criterion::Withdrawal => {
                "Feeling very sick after running out of or stopping a medication needs a clinician today. If you have chest pain, a seizure or confusion, or cannot keep fluids down, call 911 now."
            }
            Criterion::DeviceSite => {
                "Redness, warmth, swelling, drainage or an opening in the skin over your stimulator, battery or pump needs a clinician today. Keep it clean and covered, and do not press on it. If you have a fever with chills or feel very unwell, call 911."
            }
        }
    }

    /// The default message for a patient writing or speaking Spanish.
    pub const fn default_message_es(self) -> &'static str {
        match self {
            Criterion::Overdose => {
                "Si alguien pudo haber tomado demasiado medicamento, está muy difícil de despertar o respira despacio o no respira, llame al 911 ahora. Si tiene naloxona (Narcan), désela. La naloxona puede dejar de hacer efecto, así que la persona necesita atención de emergencia aunque despierte."
            }
            Criterion::SuicidalThoughts => {
                "Si está pensando en el suicidio o en hacerse daño, llame al 988 y oprima 2, o envíe AYUDA por texto al 988, para hablar con alguien ahora. Si está en peligro inmediato, llame al 911."
            }
            Criterion::CaudaEquina => {
                "El adormecimiento o la debilidad nueva en las dos piernas, el adormecimiento en la ingle o entre las piernas, o perder el control de la orina o del intestino necesita atención de emergencia. Llame al 911 ahora o vaya a la sala de emergencias más cercana."
            }
            Criterion::SevereAllergicReaction => {
                "La dificultad para respirar o la hinchazón de la garganta, la lengua o los labios puede ser una reacción alérgica grave. Llame al 911 ahora."
            }
            Criterion::PostProcedureInfection => {
                "La fiebre, los escalofríos, el enrojecimiento, la hinchazón o el drenaje donde le hicieron un procedimiento necesita atención pronto. Si los síntomas son graves, llame al 911 o vaya a la sala de emergencias más cercana."
            }
            Criterion::PostEpiduralHeadache => {
                "Un dolor de cabeza fuerte que empeora al sentarse o pararse después de una epidural necesita atención pronto. Si es muy fuerte o viene con fiebre, rigidez en el cuello o confusión, llame al 911 o vaya a la sala de emergencias más cercana."
            }
            Criterion::UncontrolledBleeding => {
                "El sangrado que no para, o vomitar o toser sangre, es una emergencia. Llame al 911 ahora. Si es una herida, presione firmemente con un paño limpio sin soltar."
            }
            Criterion::PumpAlarm => {
                "La alarma de la bomba puede significar que la bomba ya no le está dando el medicamento, y eso puede volverse peligroso rápido. Si se siente muy mal, llame al 911 o vaya a la sala de emergencias más cercana."
            }
            Criterion::ChestPain => {
                "El dolor, la presión o la opresión en el pecho, sobre todo con sudor, náuseas, falta de aire o dolor que se pasa al brazo, la mandíbula o la espalda, puede ser un ataque al corazón. Llame al 911 ahora. No maneje usted mismo."
            }
            Criterion::Stroke => {
                "La cara caída de un lado, la debilidad o el adormecimiento de un lado del cuerpo, hablar raro, la confusión repentina, perder la vista o el equilibrio, o un dolor de cabeza fuerte y repentino pueden ser un derrame cerebral. Llame al 911 ahora y anote la hora en que empezó."
            }
            Criterion::TroubleBreathing => "La dificultad grave para respirar es una emergencia. Llame al 911 ahora.",
            Criterion::Seizure => {
                "Una convulsión que está pasando o que acaba de pasar necesita atención de emergencia. Llame al 911 ahora. Ponga a la persona de lado, lejos de cosas duras, y no le ponga nada en la boca."
            }
            Criterion::WeaknessAfterProcedure => {
                "La debilidad o el adormecimiento nuevo en una pierna o un brazo, o la dificultad nueva para caminar, después de un procedimiento necesita atención de emergencia. Llame al 911 ahora o vaya a la sala de emergencias más cercana."
            }
            Criterion::Withdrawal => {
                "Sentirse muy mal después de quedarse sin un medicamento o de dejar de tomarlo necesita atención clínica hoy. Si tiene dolor en el pecho, una convulsión o confusión, o no puede retener líquidos, llame al 911 ahora."
            }
            Criterion::DeviceSite => {
                "El enrojecimiento, el calor, la hinchazón, el drenaje o una abertura en la piel sobre su estimulador, su batería o su bomba necesita atención clínica hoy. Manténgalo limpio y cubierto, y no lo apriete. Si tiene fiebre con escalofríos o se siente muy mal, llame al 911."
            }
        }
    }

    /// The page's minimum-necessary line: the level only, never the
    /// criterion (that is clinical detail; it stays in the queue).
    pub const fn page_summary(level: Level) -> &'static str {
        match level {
            Level::Emergency => "A patient reported an emergency and was told to call emergency services.",
            _ => "A patient reported an urgent problem and needs a call back.",
        }
    }
}

/// `[escalation]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawEscalation {
    #[serde(default)]
    pub criteria: BTreeMap<String, RawCriterion>,
    pub callback_within_hours: Option<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawCriterion {
    pub level: Option<String>,
    pub message: Option<String>,
    pub message_es: Option<String>,
}

/// One criterion as the conversation uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rule {
    pub criterion: Criterion,
    pub level: Level,
    pub message: String,
    /// The message for a patient writing or speaking Spanish.
    pub message_es: String,
}

/// The checked `[escalation]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// One rule per criterion, in [`Criterion::ALL`] order.
    pub rules: Vec<Rule>,
    /// After hours, a callback is promised this many hours after the next
    /// opening ("by noon on Monday" after an 8:00 opening).
    pub callback_within_hours: u8,
}

pub const DEFAULT_CALLBACK_WITHIN_HOURS: u8 = 4;

impl Escalation {
    pub fn rule(&self, criterion: Criterion) -> Rule {
        self.rules.iter().find(|r| r.criterion == criterion).cloned().unwrap_or_else(|| Rule {
            criterion,
            level: criterion.default_level(),
            message: criterion.default_message().to_owned(),
            message_es: criterion.default_message_es().to_owned(),
        })
    }
}

impl Default for Escalation {
    fn default() -> Self {
        check(&mut Vec::new(), &RawEscalation::default())
    }
}

pub fn check(errors: &mut Vec<ConfigError>, raw: &RawEscalation) -> Escalation {
    for key in raw.criteria.keys() {
        if !Criterion::ALL.iter().any(|c| c.as_str() == key) {
            let known: Vec<&str> = Criterion::ALL.iter().map(|c| c.as_str()).collect();
            errors.push(error(
                &format!("escalation.criteria.{key}"),
                format!("unknown criterion; the criteria are {}", known.join(", ")),
            ));
        }
    }
    let rules = Criterion::ALL
        .iter()
        .map(|&criterion| {
            let path = format!("escalation.criteria.{}", criterion.as_str());
            let raw = raw.criteria.get(criterion.as_str());
            let level = match raw.and_then(|r| r.level.as_deref()) {
                None => criterion.default_level(),
                Some(text) => match Level::parse(text) {
                    Some(level) if level >= criterion.default_level() => level,
                    Some(_) => {
                        errors.push(error(
                            &format!("{path}.level"),
                            format!(
                                "may be raised but not lowered below its default ({})",
                                level_name(criterion.default_level())
                            ),
                        ));
                        criterion.default_level()
                    }
                    None => {
                        errors.push(error(&format!("{path}.level"), "must be emergency, urgent or next-business-day"));
                        criterion.default_level()
                    }
                },
            };
            let mut text_of = |key: &str, given: Option<&str>, default: &str| match given {
                None => default.to_owned(),
                Some(text) => {
                    check_text(errors, &format!("{path}.{key}"), text, MAX_TEXT);
                    text.trim().to_owned()
                }
            };
            let message = text_of("message", raw.and_then(|r| r.message.as_deref()), criterion.default_message());
            let message_es =
                text_of("message-es", raw.and_then(|r| r.message_es.as_deref()), criterion.default_message_es());
            for (key, text) in [("message", &message), ("message-es", &message_es)] {
                let path = format!("{path}.{key}");
                if level == Level::Emergency && !text.contains("911") {
                    errors.push(error(&path, "an emergency message must tell the patient to call 911"));
                }
                if criterion == Criterion::SuicidalThoughts && !text.contains("988") {
                    errors.push(error(&path, "must give the 988 Suicide and Crisis Lifeline"));
                }
                if criterion == Criterion::Overdose && !text.to_lowercase().contains("naloxon") {
                    errors.push(error(&path, "an overdose message must tell them to give naloxone (Narcan)"));
                }
            }
            Rule { criterion, level, message, message_es }
        })
        .collect();
    let callback_within_hours = raw.callback_within_hours.unwrap_or(DEFAULT_CALLBACK_WITHIN_HOURS);
    if !(1..=12).contains(&callback_within_hours) {
        errors.push(error("escalation.callback-within-hours", "must be 1 to 12"));
    }
    Escalation { rules, callback_within_hours }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::NextBusinessDay => "next-business-day",
        Level::Urgent => "urgent",
        Level::Emergency => "emergency",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checked(toml_text: &str) -> Result<Escalation, Vec<ConfigError>> {
        let raw: RawEscalation = toml::from_str(toml_text).unwrap();
        let mut errors = Vec::new();
        let escalation = check(&mut errors, &raw);
        if errors.is_empty() { Ok(escalation) } else { Err(errors) }
    }

    #[test]
    fn defaults_cover_every_criterion_at_its_level() {
        let defaults = Escalation::default();
        assert_eq!(defaults.rules.len(), Criterion::ALL.len());
        assert_eq!(defaults.rule(Criterion::Overdose).level, Level::Emergency);
        assert!(defaults.rule(Criterion::Overdose).message.contains("naloxone"));
        assert!(defaults.rule(Criterion::SuicidalThoughts).message.contains("988"));
        assert_eq!(defaults.rule(Criterion::PumpAlarm).level, Level::Urgent);
        assert_eq!(defaults.callback_within_hours, 4);
    }

    #[test]
    fn every_default_passes_its_own_checks_in_both_languages() {
        let mut errors = Vec::new();
        let defaults = check(&mut errors, &RawEscalation::default());
        assert!(errors.is_empty(), "{errors:?}");
        for rule in &defaults.rules {
            for text in [&rule.message, &rule.message_es] {
                assert!(switchboard_common::guard::classify(text).is_none(), "{:?}: {text}", rule.criterion);
                // Urgent means today: no default defers to tomorrow.
                assert!(!text.contains("tomorrow") && !text.contains("mañana"), "{text}");
                // Every message says where to go if it gets worse, so a
                // practice can raise any criterion without rewording it.
                assert!(text.contains("911"), "{:?}: {text}", rule.criterion);
            }
            if rule.level == Level::Emergency && rule.criterion != Criterion::SuicidalThoughts {
                assert!(
                    rule.message_es.contains("Llame al 911 ahora") || rule.message_es.contains("llame al 911 ahora")
                );
            }
        }
        let suicidal = defaults.rule(Criterion::SuicidalThoughts);
        assert!(suicidal.message_es.contains("llame al 988 y oprima 2, o envíe AYUDA por texto al 988"));
        assert!(defaults.rule(Criterion::Overdose).message_es.contains("naloxona"));
    }

    #[test]
    fn the_new_criteria_have_their_levels() {
        let defaults = Escalation::default();
        for criterion in [
            Criterion::ChestPain,
            Criterion::Stroke,
            Criterion::TroubleBreathing,
            Criterion::Seizure,
            Criterion::UncontrolledBleeding,
            Criterion::WeaknessAfterProcedure,
        ] {
            assert_eq!(defaults.rule(criterion).level, Level::Emergency, "{criterion:?}");
        }
        for criterion in [Criterion::Withdrawal, Criterion::DeviceSite, Criterion::PumpAlarm] {
            assert_eq!(defaults.rule(criterion).level, Level::Urgent, "{criterion:?}");
        }
        // Raising an urgent one to an emergency keeps 911 in both wordings.
        let raised = checked("[criteria.withdrawal]\nlevel = \"emergency\"\n").unwrap();
        assert_eq!(raised.rule(Criterion::Withdrawal).level, Level::Emergency);
    }

    #[test]
    fn spanish_wording_is_checked_like_the_english() {
        let errors = checked(
            r#"[criteria.chest-pain]
level = "urgent"
[criteria.uncontrolled-bleeding]
level = "urgent"
[criteria.stroke]
message-es = "Vaya al hospital."
[criteria.suicidal-thoughts]
message-es = "Llame al 911."
[criteria.overdose]
message = "Call 911 now."
message-es = "Llame al 911 ahora."
[criteria.device-site]
message-es = "Llamaremos pronto. Si empeora, llame al 911."
"#,
        )
        .unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "escalation.criteria.overdose.message",
                "escalation.criteria.overdose.message-es",
                "escalation.criteria.suicidal-thoughts.message-es",
                "escalation.criteria.uncontrolled-bleeding.level",
                "escalation.criteria.chest-pain.level",
                "escalation.criteria.stroke.message-es",
            ],
            "{errors:?}"
        );
        let reworded = checked("[criteria.device-site]\nmessage-es = \"Llamaremos hoy. Si empeora, llame al 911.\"\n")
            .unwrap()
            .rule(Criterion::DeviceSite);
        assert_eq!(reworded.message_es, "Llamaremos hoy. Si empeora, llame al 911.");
        assert_eq!(reworded.message, Criterion::DeviceSite.default_message());
    }

    #[test]
    fn a_level_can_be_raised_and_reworded() {
        let escalation = checked(
            r#"[criteria.pump-alarm]
level = "emergency"
message = "A pump alarm is an emergency for us. Call 911 now, then call the pump company."
"#,
        )
        .unwrap();
        let rule = escalation.rule(Criterion::PumpAlarm);
        assert_eq!(rule.level, Level::Emergency);
        assert!(rule.message.starts_with("A pump alarm is an emergency"));
    }

    #[test]
    fn lowering_unknown_keys_and_missing_911_are_rejected_by_path() {
        let errors = checked(
            r#"callback-within-hours = 0
[criteria.overdose]
level = "urgent"
[criteria.suicidal-thoughts]
message = "Please call 911 if you are in danger."
[criteria.cauda-equina]
message = "Go to the emergency department."
[criteria.back-pain]
level = "urgent"
"#,
        )
        .unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "escalation.criteria.back-pain",
                "escalation.criteria.overdose.level",
                "escalation.criteria.suicidal-thoughts.message",
                "escalation.criteria.cauda-equina.message",
                "escalation.callback-within-hours",
            ],
            "{errors:?}"
        );
    }
}
