//! Which language a message is written or said in, as far as the reply
//! needs it: English, Spanish, or both (Spanglish). Deterministic and
//! cheap: one pass over the message's words, counting common function
//! words and everyday words of each language.
//!
//! Also the accent folding the recogniser reads Spanish with.

/// The language of a message, for choosing the wording of a reply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Spanish,
    /// Spanish and English mixed: both wordings, Spanish first.
    Both,
}

/// Words that mark a Spanish message and are not (common) English words.
/// Accents are folded before lookup. "no" and "a" are both languages' and
/// count for neither.
#[rustfmt::skip]
const SPANISH: &[&str] = &[
    "el", "la", "los", "las", "del", "al", "de", "que", "y", "en", "un", "una", "unos", "unas", "por", "para",
    "con", "sin", "mi", "mis", "tu", "su", "sus", "se", "le", "les", "lo", "nos", "es", "son", "esta", "estan",
    "estoy", "esta", "tengo", "tiene", "tienen", "tuvo", "puedo", "puede", "pueden", "quiero", "quiere",
    "necesito", "necesita", "muy", "mucho", "mucha", "pero", "como", "porque", "cuando", "donde", "ya", "hoy",
    "ayer", "ahora", "ahorita", "despues", "desde", "hace", "hola", "gracias", "ayuda", "favor", "usted",
    "ustedes", "esposo", "esposa", "hijo", "hija", "mama", "papa", "abuela", "abuelo", "hermano", "hermana",
    "dolor", "pecho", "cabeza", "pierna", "piernas", "brazo", "cara", "boca", "respirar", "respira",
    "despierta", "sangre", "medicina", "pastillas", "pastilla", "receta", "cita", "tambien", "algo", "nada",
    "todo", "todos", "otra", "otro", "dijo", "dice", "hablar", "llamar", "mas", "bien", "mal", "si", "estaba",
    "fue", "hay", "ser", "ella", "ellos", "mañana", "manana", "noche", "dias", "semana", "buenos", "buenas",
    "senor", "senora", "doctora", "enfermera", "farmacia", "seguro", "aqui", "alla", "solo", "siento", "vivir",
    "morir", "quiere", "cual", "que", "quien", "estas", "este", "eso", "esto",
];

/// Words that mark an English message.
#[rustfmt::skip]
const ENGLISH: &[&str] = &[
    "the", "and", "is", "my", "i", "to", "of", "it", "he", "she", "his", "her", "you", "have", "has", "with",
    "this", "that", "was", "im", "in", "on", "for", "what", "please", "can", "cant", "not", "but", "are", "be",
    "get", "just", "from", "at", "we", "they", "him", "them", "your", "been", "dont", "wont", "its", "hes",
    "shes", "will", "would", "all", "out", "up", "now", "after", "took", "need", "help", "got", "our", "if",
    "when", "about", "there", "do", "did", "had", "an", "or",
];

/// The language of a normalized message (lowercase words; accents may be
/// present or not): both when each language has at least two of its
/// words, otherwise Spanish when its Spanish words outnumber its English
/// ones.
pub fn language<S: AsRef<str>>(tokens: &[S]) -> Language {
    let (mut es, mut en) = (0u32, 0u32);
    for token in tokens {
        let word = token.as_ref();
        let folded;
        let word = if word.is_ascii() {
            word
        } else {
            folded = fold(word);
            folded.as_str()
        };
        es += u32::from(SPANISH.contains(&word));
        en += u32::from(ENGLISH.contains(&word));
    }
    if es >= 2 && en >= 2 {
        Language::Both
    } else if es > en {
        Language::Spanish
    } else {
        Language::English
    }
}

/// Lowercase letters with Spanish accents removed ("convulsión" →
/// "convulsion", "mañana" → "manana").
pub fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' | 'Á' => 'a',
            'é' | 'è' | 'ë' | 'ê' | 'É' => 'e',
            'í' | 'ì' | 'ï' | 'î' | 'Í' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'Ó' => 'o',
            'ú' | 'ù' | 'ü' | 'û' | 'Ú' => 'u',
            'ñ' | 'Ñ' => 'n',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(text: &str) -> Language {
        let tokens: Vec<String> = switchboard_common::normalize::normalize(text).split(' ').map(String::from).collect();
        language(&tokens)
    }

    #[test]
    fn spanish_english_and_spanglish_are_told_apart() {
        for text in [
            "ya no quiero vivir",
            "Mi papá tiene dolor en el pecho y le falta el aire",
            "no puedo respirar",
            "mi esposo no despierta",
            "Se le cayó la cara de un lado a mi abuela",
            "ayuda",
        ] {
            assert_eq!(lang(text), Language::Spanish, "{text}");
        }
        for text in
            ["my husband took too many pills and wont wake up", "no", "I need my refill please", "sobredosis", ""]
        {
            assert_eq!(lang(text), Language::English, "{text}");
        }
        for text in [
            "my mom se desmayó y está temblando all over and she is not answering",
            "Lo siento, I miss the cita today, my son was sick. There is a penalty?",
            "mi esposo se tomo como cinco de sus oxy y no lo puedo despertar he is breathing really slow",
        ] {
            assert_eq!(lang(text), Language::Both, "{text}");
        }
    }

    #[test]
    fn accents_fold_to_plain_letters() {
        assert_eq!(fold("convulsión"), "convulsion");
        assert_eq!(fold("mañana"), "manana");
        assert_eq!(fold("plain"), "plain");
    }
}
