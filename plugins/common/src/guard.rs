//! The outbound guard: the last check on every sentence a plugin sends.
//!
//! Clinical safety rule: no reply may approve, deny or promise a
//! prescription, or discuss dose, quantity, frequency, tapering, withdrawal
//! management or medication changes. Plugins are written not to, but replies
//! also carry practice-configured text and echoes of what the patient said,
//! so every sentence passes through [`check`]; a sentence that trips a rule
//! is replaced by [`SAFE_REPLY`] and the caller audits the block.
//!
//! The guard is deliberately conservative (it blocks "twice" and "double"),
//! matches exactly (we wrote the text, so typos are not expected), and sees
//! through the cheap disguises an echoed input could carry: letter spacing
//! ("a p p r o v e d"), digits for letters ("appr0ved"), full-width and
//! Cyrillic look-alike letters, zero-width characters. Negations of our own
//! standard wording ("I can't approve") are allowed by an explicit list, not
//! by general negation handling, so "not approved" still counts as a denial.

use crate::intent::{Matcher, PhraseIndex, phrase_count};
use crate::normalize::{expand, normalize};

/// What a blocked reply is replaced with. It is true only if the plugin
/// actually passes the message on, so callers queue a callback when they
/// use it.
pub const SAFE_REPLY: &str = "I can't advise on medications or approve requests, but I've passed your message to our clinical team, who will follow up.";

/// [`SAFE_REPLY`] for a conversation in Spanish.
pub const SAFE_REPLY_ES: &str = "No puedo dar consejos sobre medicamentos ni dar respuesta a solicitudes, pero le pasé su mensaje a nuestro equipo clínico, que le dará seguimiento.";

/// Which safety rule a sentence broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GuardRule {
    /// Approving a request ("approved", "authorized").
    Approval,
    /// Denying or judging one ("denied", "too early").
    Denial,
    /// Promising an outcome ("we will refill", "sent to your pharmacy").
    Promise,
    /// Dose, quantity or frequency ("10 mg", "take two", "twice a day").
    Dose,
    /// Changing a medication ("increase", "switch to").
    MedicationChange,
    /// Tapering or withdrawal management ("taper", "wean").
    Withdrawal,
}

impl GuardRule {
    /// A stable name for audit records.
    pub const fn as_str(self) -> &'static str {
        match self {
            GuardRule::Approval => "approval",
            GuardRule::Denial => "denial",
            GuardRule::Promise => "promise",
            GuardRule::Dose => "dose",
            GuardRule::MedicationChange => "medication-change",
            GuardRule::Withdrawal => "withdrawal",
        }
    }
}

/// The guard's answer for one sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardVerdict {
    /// The text to send: the original, or [`SAFE_REPLY`] if blocked.
    pub text: String,
    /// The rule that blocked it, if any.
    pub blocked: Option<GuardRule>,
}

/// Why a sentence would be blocked: the rule and the words that tripped it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: GuardRule,
    pub words: String,
}

use GuardRule::*;

// Kept compact: one rule's phrases read as a list, not one per line.
#[rustfmt::skip]
const BLOCK: &[(GuardRule, &[&str])] = &[
    (Approval, &[
        "approve", "approved", "approves", "approving", "authorize", "authorized",
        "authorizing", "authorise", "authorised", "authorising", "aprove", "aproved", "okayed",
        "okd", "signed off", "sign off on", "green light", "green lit", "greenlit",
        "go ahead and refill", "refill is ready", "good to go", "youre all set", "you are all set",
    
        // Spanish (accents are folded before matching).
        "aprobado", "aprobada", "aprobamos", "aprobo", "autorizado", "autorizada", "autorizamos", "ya esta autorizado", "le damos el visto bueno",
    ]),
    (Denial, &[
        "deny", "denied", "denies", "denying", "decline", "declined", "declining", "reject",
        "rejected", "refuse", "refused", "not eligible", "ineligible", "too early", "too soon",
        "wont refill", "will not refill", "cant refill", "cannot refill", "can not refill",
        "wont be refilled", "not be refilled", "no more refills", "not going to refill",
        "cant be refilled", "cannot be refilled", "can not be refilled", "cant be filled",
        "cannot be filled", "unable to refill", "not able to refill", "dont refill", "do not refill",
        "no refills", "not allowed to have",
    
        // Spanish (accents are folded before matching).
        "negado", "negada", "negamos", "rechazado", "rechazada", "rechazamos", "demasiado pronto", "no le podemos resurtir", "no se puede resurtir", "no califica",
    ]),
    (Promise, &[
        "guarantee", "guaranteed", "guarantees", "promise", "promised", "promises", "i assure",
        "rest assured", "will refill", "well refill", "ill refill", "going to refill",
        "can refill", "will be refilled", "been refilled", "was refilled", "is refilled",
        "refilled it", "refilled your", "will be approved", "will approve",
        "sent * to your pharmacy", "sent * to the pharmacy", "send * to your pharmacy",
        "sending * to your pharmacy", "called it in", "called in your", "call it in",
        "phoned it in", "pharmacy will have", "ready for pickup", "ready for pick up",
        "ready to pick up", "ready at your pharmacy", "ready at the pharmacy", "will be ready",
        "on its way", "is ready", "be ready", "ready today", "filled today", "will be filled",
        "sent it", "sent your prescription", "sent your refill", "sent over", "been called in",
        "call it into", "called it into", "phone it in", "e prescribed", "eprescribed",
        "sent electronically", "can pick it up", "pick it up today", "pick up your medication",
        "pick up your prescription", "pick up your refill", "taken care of", "of course you can",
    
        // Spanish (accents are folded before matching).
        "le garantizo", "garantizado", "garantizada", "le prometo", "prometemos", "estara lista", "estara listo", "ya esta lista", "ya esta listo", "enviamos su receta", "enviaremos su receta", "mandamos su receta", "le vamos a resurtir", "vamos a resurtir", "le resurtiremos", "puede recogerla hoy", "lista para recoger",
    ]),
    (Dose, &[
        "# mg", "# mgs", "# milligram", "# milligrams", "# mcg", "# microgram",
        "# micrograms", "# ml", "# cc", "# tablet", "# tablets", "# tab", "# tabs", "# pill",
        "# pills", "# capsule", "# capsules", "# patch", "# patches", "# dose", "# doses",
        "# units", "# puffs", "# times", "# refills", "# day supply", "mg", "mcg",
        "milligrams", "dose", "doses", "dosage", "dosing", "double", "doubling", "doubled",
        "extra pill", "extra dose", "extra tablet", "another pill", "another dose",
        "another tablet", "more pills", "fewer pills", "half a pill", "half a tablet",
        "split the pill", "take #", "take another", "take an extra", "take extra",
        "take more", "take less", "take half", "take a half", "you can take",
        "you should take", "should take", "every # hours", "every # hour", "every hour",
        "every other day", "times a day", "times daily", "times per day", "once a day",
        "once daily", "twice", "per day", "as needed", "prn", "bid", "tid", "qid",
        "at bedtime", "day supply", "days supply", "how many pills", "# a day", "# at a time",
        "# every", "no more than", "maximum dose", "max dose", "up to # a day", "up to # pills",
        "up to # tablets", "additional tablet", "additional pill", "additional dose", "one more pill",
        "try #", "refills left", "refills remaining", "# refill", "q # h", "qhs",
    
        // Spanish.
        "dosis", "miligramos", "veces al dia", "cada # horas", "tome #", "tomese #", "pastillas al dia", "una pastilla mas", "pastilla extra", "doble dosis", "media pastilla",
    ]),
    (MedicationChange, &[
        "increase", "increased", "increasing", "decrease", "decreased", "decreasing",
        "raise your", "raise the", "reduce your", "reduce the", "lower your", "lower the",
        "cut back", "cut down", "stronger", "switch to", "switch you", "switch your",
        "switching", "change your medication", "change your medications",
        "change your prescription", "change the medication", "change medications",
        "stop taking", "stop your", "start taking", "try a different", "instead of your", "adjust your",
        "adjust the", "adjusted", "bump up", "bump it up", "go up on", "go down on", "stop abruptly",
        "stop suddenly", "prescribe you", "skip a dose", "skip your",
    
        // Spanish.
        "aumentar su", "aumentarle", "disminuir su", "bajarle la", "subirle la", "cambiar su medicamento", "cambiarle el medicamento", "suspenda su", "deje de tomar", "empiece a tomar",
    ]),
    (Withdrawal, &[
        "taper", "tapering", "tapered", "wean", "weaning", "weaned", "detox", "detoxing",
        "cold turkey", "come off", "coming off", "manage * withdrawal",
        "managing * withdrawal", "treat * withdrawal", "treating * withdrawal",
        "ease * withdrawal", "easing * withdrawal", "avoid * withdrawal",
        "prevent * withdrawal", "help with * withdrawal", "for withdrawal",
        "withdrawal management", "withdrawal medication", "withdrawal medicine", "withdrawal",
        "withdrawals",
    
        // Spanish.
        "desintoxicacion", "reducir gradualmente", "dejarlo poco a poco",
    ]),
];

/// Our own standard wording that would otherwise trip a rule. A block match
/// overlapping one of these spans is ignored.
#[rustfmt::skip]
const ALLOW: &[((), &[&str])] = &[((), &[
    "i cant advise on medications or approve requests", "cant approve", "cannot approve",
    "can not approve", "unable to approve", "not able to approve", "cant promise",
    "cannot promise", "cant guarantee", "cannot guarantee", "double check", "double checking",
    "double checked",
])];

const BLOCKER: Matcher<'static, GuardRule> = Matcher::exact(BLOCK);
/// Every reply is checked; the index (built at compile time) lets a clean
/// reply try only the phrases that start like one of its words.
static BLOCK_INDEX: PhraseIndex<{ phrase_count(BLOCK) }> = PhraseIndex::new(BLOCK);
const ALLOWER: Matcher<'static, ()> = Matcher::exact(ALLOW);

/// Check one outgoing sentence.
pub fn check(text: &str) -> GuardVerdict {
    match classify(text) {
        None => GuardVerdict { text: text.to_owned(), blocked: None },
        Some(finding) => GuardVerdict { text: SAFE_REPLY.to_owned(), blocked: Some(finding.rule) },
    }
}

/// Check every sentence of one reply. Returns a verdict per sentence, in
/// order.
///
/// Equivalent to calling [`check`] on each, but a reply is usually clean, so
/// the sentences are first checked together (one tokenization, one pass of
/// the rules), separated by a token no phrase contains so that no rule
/// matches across a boundary it could not match within. Only a reply that
/// trips a rule is checked sentence by sentence.
pub fn check_all(sentences: &[&str]) -> Vec<GuardVerdict> {
    const SEPARATOR: &str = " qqsentenceqq ";
    let joined = sentences.join(SEPARATOR);
    if classify(&joined).is_none() {
        return sentences.iter().map(|s| GuardVerdict { text: (*s).to_owned(), blocked: None }).collect();
    }
    sentences.iter().map(|s| check(s)).collect()
}

/// Whether `text` would be blocked, and why (the first rule in table order).
pub fn classify(text: &str) -> Option<Finding> {
    let plain = guard_text(text);
    let toks: Vec<&str> = plain.split(' ').filter(|t| !t.is_empty()).collect();
    // Nearly every reply is clean: find out with the index first, and only
    // then collect every span to report the first finding in table order.
    if BLOCKER.find_indexed(&toks, &BLOCK_INDEX, |_| true).is_empty() {
        return None;
    }
    let blocks = BLOCKER.find_spans(&toks);
    let allowed = ALLOWER.find_spans(&toks);
    blocks
        .into_iter()
        .find(|m| !allowed.iter().any(|a| a.start < m.end && m.start < a.end))
        .map(|m| Finding { rule: m.label, words: toks[m.start..m.end].join(" ") })
}

/// The text's tokens, space-separated, with disguises undone: look-alike
/// letters folded, runs of single letters joined, digits inside words read
/// as letters.
fn guard_text(text: &str) -> String {
    // Only non-ASCII characters are folded or dropped.
    let normalized = if text.is_ascii() {
        normalize(text)
    } else {
        normalize(&text.chars().filter_map(fold_char).collect::<String>())
    };
    // Undo disguises before text-speak expansion, which would otherwise read
    // the "r" of "a p p r o v e d" as "are".
    let words: Vec<&str> = normalized.split(' ').collect();
    let mut plain = String::with_capacity(normalized.len());
    let mut i = 0;
    while i < words.len() {
        if !plain.is_empty() {
            plain.push(' ');
        }
        let run = words[i..].iter().take_while(|t| is_single_letter(t)).count();
        if run >= 3 {
            words[i..i + run].iter().for_each(|w| plain.push_str(w));
            i += run;
        } else {
            unleet(words[i], &mut plain);
            i += 1;
        }
    }
    let mut expanded = String::with_capacity(plain.len() + 8);
    expand(&plain, &mut expanded);
    expanded
}

fn is_single_letter(t: &str) -> bool {
    let mut chars = t.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic())
}

/// Write `token` to `out`, reading digits inside a word that also has
/// letters as the letters they imitate ("appr0ved"); plain numbers, and
/// numbers glued to a unit ("10mg"), are left alone.
fn unleet(token: &str, out: &mut String) {
    let has_letter = token.bytes().any(|b| b.is_ascii_alphabetic()) || !token.is_ascii();
    let leading_digits = token.bytes().take_while(u8::is_ascii_digit).count();
    let glued_unit = leading_digits > 0 && token[leading_digits..].chars().all(char::is_alphabetic);
    let has_digit = token.bytes().any(|b| b.is_ascii_digit());
    if !(has_letter && has_digit) || glued_unit {
        out.push_str(token);
        return;
    }
    out.extend(token.chars().map(|c| match c {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '8' => 'b',
        other => other,
    }));
}

/// Drop invisible characters; fold full-width ASCII and the Cyrillic and
/// Greek letters that look like Latin ones.
fn fold_char(c: char) -> Option<char> {
    match c {
        '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{00ad}' => None,
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0),
        'а' | 'А' | 'α' | 'Α' => Some('a'),
        'е' | 'Е' | 'ε' | 'Ε' => Some('e'),
        'о' | 'О' | 'ο' | 'Ο' => Some('o'),
        'р' | 'Р' | 'ρ' | 'Ρ' => Some('p'),
        'с' | 'С' => Some('c'),
        'у' | 'У' => Some('y'),
        'х' | 'Х' | 'χ' | 'Χ' => Some('x'),
        'і' | 'І' | 'ι' | 'Ι' => Some('i'),
        'ѕ' | 'Ѕ' => Some('s'),
        'ԁ' => Some('d'),
        'ν' => Some('v'),
        'Β' => Some('b'),
        'Τ' | 'τ' => Some('t'),
        'Μ' => Some('m'),
        'Ν' => Some('n'),
        // Spanish accents, so one unaccented phrase covers both spellings.
        'á' | 'Á' => Some('a'),
        'é' | 'É' => Some('e'),
        'í' | 'Í' => Some('i'),
        'ó' | 'Ó' => Some('o'),
        'ú' | 'Ú' | 'ü' | 'Ü' => Some('u'),
        'ñ' | 'Ñ' => Some('n'),
        other => Some(other),
    }
}

#[cfg(test)]
mod tests;
