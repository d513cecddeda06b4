//! The language a conversation is held in: English or Spanish, the two a
//! US pain practice's patients use. The host decides it, every plugin
//! reads it (`practice.language`), and a call's speech is read and
//! recognised in it.
//!
//! Decided per turn, in this order: an explicit choice ("ESPAÑOL",
//! "spanish please", "english"; on a call's first prompt, key 2 for
//! Spanish); a message that is plainly Spanish; else the language the
//! conversation already had; else, on a new conversation, the language
//! the patient used last time with this practice; else English.

use serde::{Deserialize, Serialize};

use crate::safety::language::{fold, is_english, is_spanish};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    English,
    #[serde(rename = "es")]
    Spanish,
}

impl Language {
    /// The primary language tag, as the contract and the records use it.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Spanish => "es",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Language> {
        match tag {
            "en" => Some(Language::English),
            "es" => Some(Language::Spanish),
            _ => None,
        }
    }

    /// How TwiML names it for `<Say>` and `<Gather>`.
    pub fn twiml(self) -> &'static str {
        match self {
            Language::English => "en-US",
            Language::Spanish => "es-US",
        }
    }
}

/// A message that only chooses a language ("ESPAÑOL", "in spanish
/// please", "english"), or none.
pub fn chosen(text: &str) -> Option<Language> {
    let folded = fold(text);
    let words: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    // A short message about the language itself, not "my spanish
    // teacher's appointment".
    if words.is_empty() || words.len() > 5 {
        return None;
    }
    let spanish = words.iter().any(|w| matches!(*w, "espanol" | "spanish" | "castellano"));
    let english = words.iter().any(|w| matches!(*w, "english" | "ingles"));
    match (spanish, english) {
        // "no hablo ingles" / "I don't speak English": the other one.
        (false, true) if words.iter().any(|w| matches!(*w, "no" | "hablo")) => Some(Language::Spanish),
        (true, false) => Some(Language::Spanish),
        (false, true) => Some(Language::English),
        _ => None,
    }
}

/// The language of this turn, from what was said (`text`), what was keyed
/// in answer to a call's first prompt (`first_key`: the caller passes it
/// only then), the conversation's language so far and the patient's
/// remembered one.
pub fn decide(
    text: Option<&str>,
    first_key: Option<&str>,
    conversation: Option<Language>,
    remembered: Option<Language>,
) -> Language {
    if let Some(choice) = text.and_then(chosen) {
        return choice;
    }
    if first_key == Some("2") {
        return Language::Spanish;
    }
    if text.is_some_and(is_spanish) {
        return Language::Spanish;
    }
    // A new conversation opened in plain English is English, whatever was
    // remembered; within a conversation a name or a drug does not switch it.
    if conversation.is_none() && text.is_some_and(is_english) {
        return Language::English;
    }
    conversation.or(remembered).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::Language::*;
    use super::*;

    #[test]
    fn a_choice_beats_everything_and_is_only_a_choice_in_a_short_message() {
        assert_eq!(chosen("ESPAÑOL"), Some(Spanish));
        assert_eq!(chosen("espanol por favor"), Some(Spanish));
        assert_eq!(chosen("Spanish please"), Some(Spanish));
        assert_eq!(chosen("no hablo inglés"), Some(Spanish));
        assert_eq!(chosen("english"), Some(English));
        assert_eq!(chosen("can my spanish speaking daughter call you back about my refill"), None);
        assert_eq!(decide(Some("english"), None, Some(Spanish), Some(Spanish)), English);
        assert_eq!(decide(Some("español"), None, Some(English), None), Spanish);
    }

    #[test]
    fn plain_spanish_switches_and_a_conversation_keeps_its_language() {
        assert_eq!(decide(Some("Hola, necesito una cita para la próxima semana"), None, None, None), Spanish);
        assert_eq!(decide(Some("Maria Gonzalez"), None, Some(Spanish), None), Spanish, "a name keeps Spanish");
        assert_eq!(decide(Some("3/14/1971"), None, None, Some(Spanish)), Spanish, "remembered");
        assert_eq!(decide(Some("I need a refill"), None, None, None), English);
        assert_eq!(decide(Some("I need a refill please"), None, None, Some(Spanish)), English, "a new one in English");
        assert_eq!(decide(Some("I need a refill please"), None, Some(Spanish), None), Spanish, "mid-conversation");
        assert_eq!(decide(None, Some("2"), None, None), Spanish, "key 2 on the first prompt");
        assert_eq!(decide(None, Some("2"), Some(English), None), Spanish, "2 after the greeting");
        assert_eq!(decide(None, None, Some(English), None), English);
    }
}
