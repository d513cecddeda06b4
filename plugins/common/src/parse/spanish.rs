//! Spanish dates as people say and type them ("catorce de marzo del
//! setenta y uno", "14 de marzo de 1971", "el 3 de mayo del 71"),
//! rewritten into the tokens the date reader already knows ("14 march
//! 71"): month names become English ones, a run of Spanish number words
//! becomes its digits, and "de", "del" and "el" go. Everything else is
//! left as it was, so an English date is untouched.

/// `tokens` (normalized: lowercase, no punctuation) with Spanish month
/// names and number words rewritten; `None` when none was there.
pub(crate) fn rewrite(tokens: &[&str]) -> Option<Vec<String>> {
    let folded: Vec<String> = tokens.iter().map(|t| fold(t)).collect();
    // "once" is also English: alone it is no reason to read Spanish.
    let spanish =
        |t: &String| t != "once" && (month(t).is_some() || unit(t).is_some() || hundreds(t).is_some() || t == "mil");
    if !folded.iter().any(spanish) {
        return None;
    }
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < folded.len() {
        let word = folded[i].as_str();
        if let Some(m) = month(word) {
            out.push(m.to_owned());
            i += 1;
        } else if let Some((value, used)) = number(&folded[i..]) {
            out.push(value.to_string());
            i += used;
        } else {
            // "de", "del", "el" only join a date's parts.
            if !matches!(word, "de" | "del" | "el") {
                out.push(tokens[i].to_owned());
            }
            i += 1;
        }
    }
    Some(out)
}

fn fold(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'á' | 'à' => 'a',
            'é' | 'è' => 'e',
            'í' | 'ì' => 'i',
            'ó' | 'ò' => 'o',
            'ú' | 'ü' => 'u',
            c => c,
        })
        .collect()
}

fn month(word: &str) -> Option<&'static str> {
    Some(match word {
        "enero" => "january",
        "febrero" => "february",
        "marzo" => "march",
        "abril" => "april",
        "mayo" => "may",
        "junio" => "june",
        "julio" => "july",
        "agosto" => "august",
        "septiembre" | "setiembre" => "september",
        "octubre" => "october",
        "noviembre" => "november",
        "diciembre" => "december",
        _ => return None,
    })
}

/// 1–29 and the tens, each one word.
fn unit(word: &str) -> Option<u32> {
    Some(match word {
        "uno" | "un" | "una" | "primero" | "primer" => 1,
        "dos" => 2,
        "tres" => 3,
        "cuatro" => 4,
        "cinco" => 5,
        "seis" => 6,
        "siete" => 7,
        "ocho" => 8,
        "nueve" => 9,
        "diez" => 10,
        "once" => 11,
        "doce" => 12,
        "trece" => 13,
        "catorce" => 14,
        "quince" => 15,
        "dieciseis" => 16,
        "diecisiete" => 17,
        "dieciocho" => 18,
        "diecinueve" => 19,
        "veinte" => 20,
        "veintiuno" | "veintiun" => 21,
        "veintidos" => 22,
        "veintitres" => 23,
        "veinticuatro" => 24,
        "veinticinco" => 25,
        "veintiseis" => 26,
        "veintisiete" => 27,
        "veintiocho" => 28,
        "veintinueve" => 29,
        "treinta" => 30,
        "cuarenta" => 40,
        "cincuenta" => 50,
        "sesenta" => 60,
        "setenta" => 70,
        "ochenta" => 80,
        "noventa" => 90,
        _ => return None,
    })
}

fn hundreds(word: &str) -> Option<u32> {
    Some(match word {
        "cien" | "ciento" => 100,
        "doscientos" => 200,
        "trescientos" => 300,
        "cuatrocientos" => 400,
        "quinientos" => 500,
        "seiscientos" => 600,
        "setecientos" => 700,
        "ochocientos" => 800,
        "novecientos" => 900,
        _ => return None,
    })
}

/// A run of number words at the start of `t`: its value and the words
/// used. "setenta y uno" is 71 ("y" only between a ten and a unit), "mil
/// novecientos ochenta y tres" 1983, "dos mil cinco" 2005.
fn number(t: &[String]) -> Option<(u32, usize)> {
    let (mut total, mut current, mut i) = (0u32, 0u32, 0usize);
    let mut any = false;
    while i < t.len() {
        let word = t[i].as_str();
        if word == "mil" {
            total += current.max(1) * 1000;
            current = 0;
        } else if let Some(h) = hundreds(word) {
            current += h;
        } else if let Some(u) = unit(word) {
            current += u;
            // "setenta y uno": the unit after a ten.
            if u >= 30
                && u % 10 == 0
                && t.get(i + 1).is_some_and(|w| w == "y")
                && let Some(next) = t.get(i + 2).and_then(|w| unit(w)).filter(|n| *n < 10)
            {
                current += next;
                i += 2;
            }
        } else {
            break;
        }
        any = true;
        i += 1;
    }
    any.then_some((total + current, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw(text: &str) -> String {
        let tokens: Vec<&str> = text.split(' ').collect();
        rewrite(&tokens).map(|t| t.join(" ")).unwrap_or_default()
    }

    #[test]
    fn spoken_and_typed_spanish_dates() {
        assert_eq!(rw("catorce de marzo del setenta y uno"), "14 march 71");
        assert_eq!(rw("nueve de septiembre del ochenta y tres"), "9 september 83");
        assert_eq!(rw("el primero de mayo de mil novecientos noventa"), "1 may 1990");
        assert_eq!(rw("veintidós de enero de dos mil cinco"), "22 january 2005");
        assert_eq!(rw("treinta y uno de diciembre de 1969"), "31 december 1969");
        assert_eq!(rw("14 de marzo de 1971"), "14 march 1971");
    }

    #[test]
    fn english_is_left_alone() {
        assert_eq!(rw("march fourteenth nineteen seventy one"), "");
    }
}
