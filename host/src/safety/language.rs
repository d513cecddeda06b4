//! Which language a message is in, as far as the safety net needs it:
//! Spanish or not, from common function words (deterministic, no model).

/// Function words common in Spanish and rare in English patient messages.
const SPANISH: &[&str] = &[
    "el",
    "la",
    "los",
    "las",
    "de",
    "del",
    "que",
    "y",
    "en",
    "un",
    "una",
    "por",
    "para",
    "con",
    "no",
    "mi",
    "mis",
    "su",
    "se",
    "le",
    "lo",
    "es",
    "esta",
    "estoy",
    "tengo",
    "tiene",
    "puedo",
    "puede",
    "muy",
    "pero",
    "como",
    "porque",
    "ya",
    "hoy",
    "ayer",
    "ahora",
    "despues",
    "desde",
    "hola",
    "gracias",
    "ayuda",
    "quiero",
    "necesito",
    "esposo",
    "esposa",
    "hijo",
    "hija",
    "mama",
    "papa",
    "dolor",
    "pecho",
    "cabeza",
    "pierna",
    "piernas",
    "brazo",
    "respira",
    "respirar",
    "despierta",
    "sangre",
    "favor",
    "usted",
    "senor",
    "senora",
    "medicina",
    "pastillas",
];

const ENGLISH: &[&str] = &[
    "the", "and", "is", "my", "i", "to", "a", "of", "it", "he", "she", "his", "her", "can", "cant", "you", "have",
    "has", "with", "not", "but", "this", "that", "was", "me", "im", "in", "on", "for", "what", "please", "help",
];

/// True when `text` reads as Spanish (more Spanish than English function
/// words, and at least one).
pub fn is_spanish(text: &str) -> bool {
    let (es, en) = function_words(text);
    es > en
}

/// True when `text` reads as English: at least two English function words
/// and more of them than Spanish ones.
pub fn is_english(text: &str) -> bool {
    let (es, en) = function_words(text);
    en >= 2 && en > es
}

/// How many Spanish and English function words `text` has.
fn function_words(text: &str) -> (u32, u32) {
    let folded = fold(text);
    let (mut es, mut en) = (0, 0);
    for word in folded.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        // "no" is both; count it for neither.
        if word == "no" {
            continue;
        }
        es += SPANISH.contains(&word) as u32;
        en += ENGLISH.contains(&word) as u32;
    }
    (es, en)
}

/// Lowercase with the accents Spanish uses removed.
pub fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            '’' | '‘' | '`' => '\'',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_and_english_are_told_apart() {
        assert!(is_spanish("Hola, mi esposo no despierta"));
        assert!(is_spanish("se le cayó la cara de un lado"));
        assert!(is_spanish("ya no quiero vivir"));
        assert!(!is_spanish("my husband took too many pills"));
        assert!(!is_spanish("no"));
        assert!(!is_spanish("I need my refill please"));
    }
}
