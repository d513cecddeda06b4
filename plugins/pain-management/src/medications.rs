//! Which medication a patient named, and whether it is a controlled
//! substance.
//!
//! The built-in list covers the controlled substances common in pain
//! practice with their federal schedule (DOMAIN.md), and common
//! non-controlled pain medications so that those are recognised too. Each
//! entry carries generic and brand names, slang and misspellings that typo
//! tolerance does not reach. A practice adds state-scheduled drugs (e.g.
//! gabapentin as Schedule V) through `[refills] extra-controlled`; those win
//! over a built-in non-controlled entry of the same name.
//!
//! Lookup works on normalized tokens (see `switchboard_common::normalize`),
//! after speech-split words are joined using [`is_vocabulary_word`].

use serde::{Deserialize, Serialize};
use switchboard_common::fuzzy;

/// A federal (or practice-configured) controlled-substance schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Schedule {
    II,
    III,
    IV,
    V,
}

impl Schedule {
    /// The Roman numeral, as staff write it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Schedule::II => "II",
            Schedule::III => "III",
            Schedule::IV => "IV",
            Schedule::V => "V",
        }
    }

    /// Parse "II", "C-II", "CII" or "2" (any case).
    pub fn parse(text: &str) -> Option<Schedule> {
        let upper = text.trim().to_ascii_uppercase();
        let bare = upper.strip_prefix("C-").or_else(|| upper.strip_prefix('C')).unwrap_or(&upper);
        Some(match bare {
            "II" | "2" => Schedule::II,
            "III" | "3" => Schedule::III,
            "IV" | "4" => Schedule::IV,
            "V" | "5" => Schedule::V,
            _ => return None,
        })
    }
}

/// One built-in medication: its display name, schedule (`None` when not
/// federally controlled) and every name it goes by (normalized).
#[derive(Debug, Clone, Copy)]
pub struct Medication {
    pub name: &'static str,
    pub schedule: Option<Schedule>,
    pub names: &'static [&'static str],
}

const fn c(name: &'static str, s: Schedule, names: &'static [&'static str]) -> Medication {
    Medication { name, schedule: Some(s), names }
}

const fn nc(name: &'static str, names: &'static [&'static str]) -> Medication {
    Medication { name, schedule: None, names }
}

use Schedule::*;

/// The built-in list. Multi-word names are matched as a whole before their
/// first word ("tylenol 3" before "tylenol"). A name ending in `!` must be
/// spelled exactly (it is one typo from a common word). Names that are also
/// first names or other drugs' nicknames ("Roxy", "T3", "T4") are left out.
#[rustfmt::skip]
pub const BUILT_IN: &[Medication] = &[
    c("oxycodone", II, &["oxycodone", "oxycontin", "roxicodone", "oxy", "oxys", "oxaydo", "xtampza", "oxycotton"]),
    c("oxycodone with acetaminophen", II, &["percocet", "percocets", "percs", "perc", "endocet", "roxicet"]),
    c("hydrocodone", II, &["hydrocodone", "hydros", "norco", "vicodin", "lortab", "hysingla", "zohydro", "lorcet"]),
    c("morphine", II, &["morphine", "ms contin", "kadian", "mscontin"]),
    c("hydromorphone", II, &["hydromorphone", "dilaudid", "exalgo"]),
    c("oxymorphone", II, &["oxymorphone", "opana"]),
    c("fentanyl", II, &["fentanyl", "duragesic", "fentanyl patch"]),
    c("methadone", II, &["methadone", "dolophine", "methadose"]),
    c("meperidine", II, &["meperidine", "demerol"]),
    c("tapentadol", II, &["tapentadol", "nucynta"]),
    // Single-entity codeine is Schedule II; the acetaminophen combinations
    // (below) are Schedule III.
    c("codeine", II, &["codeine"]),
    c("codeine with acetaminophen", III, &[
        "tylenol with codeine", "tylenol 3", "tylenol 4", "tylenol three", "tylenol four",
        "tylenol number 3", "tylenol number 4", "tylenol number three", "tylenol number four",
        "tylenol no 3", "tylenol no 4", "acetaminophen with codeine",
        // Speech recognition hears "Tylenol" as two words.
        "tie lenol 3", "tie lenol number 3", "tie lenol three", "tie lenol number three",
    ]),
    c("buprenorphine", III, &["buprenorphine", "butrans", "belbuca", "suboxone", "subutex", "zubsolv", "sublocade"]),
    c("ketamine", III, &["ketamine"]),
    c("tramadol", IV, &["tramadol", "ultram", "ultracet", "conzip"]),
    c("carisoprodol", IV, &["carisoprodol", "soma"]),
    c("diazepam", IV, &["diazepam", "valium"]),
    c("alprazolam", IV, &["alprazolam", "xanax"]),
    c("clonazepam", IV, &["clonazepam", "klonopin"]),
    c("lorazepam", IV, &["lorazepam", "ativan"]),
    c("zolpidem", IV, &["zolpidem", "ambien"]),
    c("pregabalin", V, &["pregabalin", "lyrica"]),
    // Not federally controlled; states may schedule some (gabapentin) and a
    // practice then lists them under `extra-controlled`.
    nc("gabapentin", &["gabapentin", "neurontin", "gralise", "horizant"]),
    nc("meloxicam", &["meloxicam", "mobic"]),
    nc("ibuprofen", &["ibuprofen", "motrin", "advil!"]),
    // "aleve" is one letter from "alive".
    nc("naproxen", &["naproxen", "aleve!", "naprosyn"]),
    nc("celecoxib", &["celecoxib", "celebrex"]),
    nc("diclofenac", &["diclofenac", "voltaren"]),
    nc("cyclobenzaprine", &["cyclobenzaprine", "flexeril"]),
    nc("tizanidine", &["tizanidine", "zanaflex"]),
    nc("baclofen", &["baclofen", "lioresal"]),
    nc("methocarbamol", &["methocarbamol", "robaxin"]),
    nc("duloxetine", &["duloxetine", "cymbalta"]),
    nc("amitriptyline", &["amitriptyline", "elavil"]),
    nc("nortriptyline", &["nortriptyline", "pamelor"]),
    nc("lidocaine", &["lidocaine", "lidoderm", "lidocaine patch"]),
    nc("acetaminophen", &["acetaminophen", "tylenol"]),
    nc("naloxone", &["naloxone", "narcan"]),
    nc("topiramate", &["topiramate", "topamax"]),
    nc("venlafaxine", &["venlafaxine", "effexor"]),
];

/// A practice-configured controlled medication, names normalized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraMedication {
    pub name: String,
    pub schedule: Schedule,
    /// The name itself and its aliases, normalized.
    pub names: Vec<String>,
}

/// What the patient named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The words as heard or typed (normalized), e.g. "per cocet" joined to
    /// "percocet", or "oxicodone".
    pub as_said: String,
    /// The display name of the matched entry, e.g. "oxycodone".
    pub name: String,
    /// `None` when not controlled.
    pub schedule: Option<Schedule>,
}

/// Every built-in name with the position of its entry, grouped by first
/// byte, built at compile time so that a lookup only ever looks at the
/// names that share the word's first letter (fuzzy matches must; see
/// `switchboard_common::fuzzy::distance`).
struct NameIndex {
    names: [(&'static str, u8); NAME_COUNT],
    /// `names[starts[b]..starts[b + 1]]` start with byte `b`.
    starts: [u16; 257],
}

const NAME_COUNT: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < BUILT_IN.len() {
        n += BUILT_IN[i].names.len();
        i += 1;
    }
    n
};

static INDEX: NameIndex = {
    let mut starts = [0u16; 257];
    let mut i = 0;
    while i < BUILT_IN.len() {
        let mut j = 0;
        while j < BUILT_IN[i].names.len() {
            starts[BUILT_IN[i].names[j].as_bytes()[0] as usize + 1] += 1;
            j += 1;
        }
        i += 1;
    }
    let mut b = 0;
    while b < 256 {
        starts[b + 1] += starts[b];
        b += 1;
    }
    let mut next = starts;
    let mut names = [("", 0u8); NAME_COUNT];
    let mut i = 0;
    while i < BUILT_IN.len() {
        let mut j = 0;
        while j < BUILT_IN[i].names.len() {
            let name = BUILT_IN[i].names[j];
            let b = name.as_bytes()[0] as usize;
            names[next[b] as usize] = (name, i as u8);
            next[b] += 1;
            j += 1;
        }
        i += 1;
    }
    NameIndex { names, starts }
};

/// The built-in names starting with `word`'s first byte, with their entry.
fn bucket(word: &str) -> &'static [(&'static str, u8)] {
    match word.as_bytes().first() {
        Some(&b) => {
            let (from, to) = (INDEX.starts[usize::from(b)], INDEX.starts[usize::from(b) + 1]);
            &INDEX.names[usize::from(from)..usize::from(to)]
        }
        None => &[],
    }
}

/// Whether `word` is (close to) a single-word medication name; used to join
/// words split by speech recognition. Long concatenations tolerate one edit,
/// so "dill audid" still joins; short ones must be exact.
pub fn is_vocabulary_word(word: &str, extras: &[ExtraMedication]) -> bool {
    // Runs for every pair and triple of words in every message: the cheap
    // tests (first byte, length) come before the edit distance.
    let close = |name: &str| {
        let name = name.strip_suffix('!').unwrap_or(name);
        name.as_bytes().first() == word.as_bytes().first()
            && name.len().abs_diff(word.len()) <= 1
            && (name == word
                || (word.len() >= 7 && !name.contains(' ') && fuzzy::distance_within(word, name, 1).is_some()))
    };
    bucket(word).iter().any(|(n, _)| close(n)) || extras.iter().flat_map(|m| m.names.iter()).any(|n| close(n))
}

/// The first medication named in `tokens` (leftmost; at one position the
/// longest name, then the closest spelling, then practice entries first).
pub fn find(tokens: &[String], extras: &[ExtraMedication]) -> Option<Found> {
    for start in 0..tokens.len() {
        let rest = &tokens[start..];
        // (words covered, distance, display name, schedule)
        let mut best: Option<(usize, usize, &str, Option<Schedule>)> = None;
        for extra in extras {
            for candidate in &extra.names {
                if let Some((words, dist)) = match_name(candidate, rest)
                    && best.is_none_or(|(w, d, ..)| words > w || (words == w && dist < d))
                {
                    best = Some((words, dist, extra.name.as_str(), Some(extra.schedule)));
                }
            }
        }
        for &(candidate, entry) in bucket(&tokens[start]) {
            let med = &BUILT_IN[usize::from(entry)];
            if let Some((words, dist)) = match_name(candidate, rest)
                && best.is_none_or(|(w, d, ..)| words > w || (words == w && dist < d))
            {
                best = Some((words, dist, med.name, med.schedule));
            }
        }
        if let Some((words, _, name, schedule)) = best {
            let as_said = tokens[start..start + words].join(" ");
            return Some(Found { as_said, name: name.to_owned(), schedule });
        }
    }
    None
}

/// If the (possibly multi-word) `name` matches the start of `tokens`,
/// how many tokens it covered and the total edit distance.
fn match_name(name: &str, tokens: &[String]) -> Option<(usize, usize)> {
    let mut total = 0;
    let mut count = 0;
    for word in name.split(' ') {
        let token = tokens.get(count)?;
        total += match word.strip_suffix('!') {
            Some(exact) => (exact == token).then_some(0)?,
            None => fuzzy::distance(token, word)?,
        };
        count += 1;
    }
    Some((count, total))
}

/// Names for the speech recogniser's hints, most common first; bounded
/// because the host bounds hints.
pub fn hints() -> Vec<&'static str> {
    const COMMON: &[&str] = &[
        "oxycodone",
        "Percocet",
        "OxyContin",
        "hydrocodone",
        "Norco",
        "morphine",
        "Dilaudid",
        "fentanyl",
        "methadone",
        "tapentadol",
        "Nucynta",
        "buprenorphine",
        "Suboxone",
        "Butrans",
        "Belbuca",
        "tramadol",
        "Tylenol with codeine",
        "Soma",
        "Xanax",
        "Valium",
        "Klonopin",
        "Ativan",
        "Ambien",
        "pregabalin",
        "Lyrica",
        "gabapentin",
        "Neurontin",
        "tizanidine",
        "cyclobenzaprine",
        "meloxicam",
        "baclofen",
        "duloxetine",
    ];
    COMMON.to_vec()
}

#[cfg(test)]
mod tests;
