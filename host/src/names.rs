//! How people write a name, and whether what a caller typed or said is the
//! name on file. Pure: the directory asks it once per patient with the
//! same date of birth.
//!
//! People type "Robert ONeill", "o neill robert", "Maria Garcia" for
//! "María García López", "Maria E. Gonzalez", "GONZALEZ, Maria". They are
//! one person's name when, after folding case, accents and apostrophes:
//! - the given name's first word is the same, whatever middle names or
//!   initials come with it on either side, and
//! - the family name is the same written together or apart
//!   ("O Neill" = "O'Neill", "García-López" = "Garcia Lopez"), or is the
//!   first of two surnames, or adds a second surname to the one on file,
//! - in either order (given first, or family first).
//!
//! A single typing slip in a name of six letters or more is a [`Typo`]:
//! the directory accepts it only when the caller's number is on file too.
//! Everything else is no match: being wrong costs more than asking again.
//!
//! [`Typo`]: NameMatch::Typo

use unicode_normalization::UnicodeNormalization;

/// How close a typed name is to the one on file, closest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NameMatch {
    /// The same words (given and family), in either order.
    Exact,
    /// The same person's name written another way: a middle name or
    /// initial added or left out, one surname of two.
    Variant,
    /// One slip of the keyboard in one of the names.
    Typo,
}

/// A name's words, lowercase, accents folded, apostrophes closed up and
/// every other mark a word break: "  GONZÁLEZ-Ruiz, María " →
/// `["gonzalez", "ruiz", "maria"]`, "O’Neill" → `["oneill"]`.
pub fn words(name: &str) -> Vec<String> {
    let folded: String = name
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, '\'' | '’' | '‘' | '`' | '´'))
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    folded.split_whitespace().map(str::to_string).collect()
}

/// A name's words joined with single spaces (for display and keys).
pub fn normalize(name: &str) -> String {
    words(name).join(" ")
}

/// How `typed` compares with the name on file (`given`, `family`), or
/// `None` when it is not that name.
pub fn compare(typed: &str, given: &str, family: &str) -> Option<NameMatch> {
    let typed = words(typed);
    let (given, family) = (words(given), words(family));
    if typed.len() < 2 || given.is_empty() || family.is_empty() {
        return None;
    }
    let mut best: Option<NameMatch> = None;
    // Every way of cutting the typed words into a given and a family part,
    // given first or family first ("GONZALEZ, Maria").
    for cut in 1..typed.len() {
        for (typed_given, typed_family) in [(&typed[..cut], &typed[cut..]), (&typed[cut..], &typed[..cut])] {
            let found = join(compare_given(typed_given, &given), compare_family(typed_family, &family));
            if found.is_some() && (best.is_none() || found < best) {
                best = found;
            }
        }
    }
    best
}

/// Both halves' verdicts as one: the weaker of the two, and never two
/// slips.
fn join(given: Option<NameMatch>, family: Option<NameMatch>) -> Option<NameMatch> {
    let (given, family) = (given?, family?);
    if given == NameMatch::Typo && family == NameMatch::Typo {
        return None;
    }
    Some(given.max(family))
}

fn compare_given(typed: &[String], on_file: &[String]) -> Option<NameMatch> {
    if typed.concat() == on_file.concat() {
        return Some(NameMatch::Exact);
    }
    // The first given name decides; middle names and initials on either
    // side do not ("Maria E. Gonzalez", "Maria Elena" on file as "Maria").
    if typed[0] == on_file[0] {
        return Some(NameMatch::Variant);
    }
    one_slip(&typed[0], &on_file[0]).then_some(NameMatch::Typo)
}

fn compare_family(typed: &[String], on_file: &[String]) -> Option<NameMatch> {
    let (typed_joined, on_file_joined) = (typed.concat(), on_file.concat());
    if typed_joined == on_file_joined {
        // Together or apart: "ONeill", "O Neill", "Garcia-Lopez".
        return Some(if typed.len() == on_file.len() { NameMatch::Exact } else { NameMatch::Variant });
    }
    // Two surnames: the first alone ("Maria Garcia" for "García López"),
    // or a second one the file does not have.
    if (typed.len() == 1 && on_file.len() == 2 && typed[0] == on_file[0])
        || (typed.len() == 2 && on_file.len() == 1 && typed[0] == on_file[0])
    {
        return Some(NameMatch::Variant);
    }
    one_slip(&typed_joined, &on_file_joined).then_some(NameMatch::Typo)
}

/// One letter added, dropped, changed or two neighbours swapped, in a word
/// long enough that one slip still leaves it unmistakable.
fn one_slip(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a == b || a.len().max(b.len()) < 6 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
    let (la, lb) = (a.len(), b.len());
    if la == lb {
        // One changed letter, or two neighbours swapped.
        prefix + suffix + 1 >= la
            || (prefix + 2 <= la
                && a[prefix] == b[prefix + 1]
                && a[prefix + 1] == b[prefix]
                && a[prefix + 2..] == b[prefix + 2..])
    } else {
        // One letter more on one side.
        prefix + suffix >= la.min(lb)
    }
}

#[cfg(test)]
mod tests {
    use super::NameMatch::*;
    use super::*;

    #[test]
    fn words_fold_case_accents_and_apostrophes() {
        assert_eq!(words("  GONZÁLEZ-Ruiz, María "), ["gonzalez", "ruiz", "maria"]);
        assert_eq!(words("O’Neill"), ["oneill"]);
        assert_eq!(words("O'Neill"), ["oneill"]);
        assert_eq!(words("Nuñez"), ["nunez"]);
        assert_eq!(normalize("Zoë  Ångström"), "zoe angstrom");
    }

    #[test]
    fn the_ways_people_type_one_name() {
        let oneill = |t| compare(t, "Robert", "O'Neill");
        assert_eq!(oneill("Robert O'Neill"), Some(Exact));
        assert_eq!(oneill("robert oneill"), Some(Exact));
        assert_eq!(oneill("ROBERT ONEILL"), Some(Exact));
        assert_eq!(oneill("Robert O Neill"), Some(Variant));
        assert_eq!(oneill("O'Neill, Robert"), Some(Exact));
        assert_eq!(oneill("oneill robert"), Some(Exact));
        assert_eq!(oneill("Robert J. O'Neill"), Some(Variant));
        assert_eq!(oneill("Robert James ONeill"), Some(Variant));

        let garcia = |t| compare(t, "María", "García López");
        assert_eq!(garcia("Maria Garcia Lopez"), Some(Exact));
        assert_eq!(garcia("maria garcia-lopez"), Some(Exact));
        assert_eq!(garcia("Maria Garcia"), Some(Variant));
        assert_eq!(garcia("García López, María"), Some(Exact));
        assert_eq!(garcia("maria elena garcia lopez"), Some(Variant));
        assert_eq!(compare("María García López", "Maria", "Garcia"), Some(Variant));
    }

    #[test]
    fn a_different_name_is_no_match() {
        assert_eq!(
            compare("Mario Gonzalez", "Maria", "Gonzalez"),
            None,
            "a five-letter given name has no room for a slip"
        );
        assert_eq!(compare("Maria Lopez", "Maria", "García López"), None, "the second surname alone is not enough");
        assert_eq!(compare("Robert Neilson", "Robert", "O'Neill"), None);
        // A dropped "O" is one slip: it needs the number on file.
        assert_eq!(compare("Robert Neill", "Robert", "O'Neill"), Some(Typo));
        assert_eq!(compare("Maria", "Maria", "Gonzalez"), None, "one word is never a name");
        assert_eq!(compare("Gonzalez Gonzalez", "Maria", "Gonzalez"), None);
        assert_eq!(compare("Roberta Oneil", "Robert", "O'Neill"), None, "two slips");
        assert_eq!(compare("", "Maria", "Gonzalez"), None);
    }

    #[test]
    fn one_slip_in_a_long_name_is_a_typo() {
        assert_eq!(compare("Maria Gonzales", "Maria", "Gonzalez"), Some(Typo));
        assert_eq!(compare("Maria Gonzlaez", "Maria", "Gonzalez"), Some(Typo), "swapped neighbours");
        assert_eq!(compare("Maria Gonzalezz", "Maria", "Gonzalez"), Some(Typo));
        assert_eq!(compare("Robert ONeil", "Robert", "O'Neill"), Some(Typo));
        assert_eq!(compare("Robbert ONeill", "Robert", "O'Neill"), Some(Typo));
        assert_eq!(compare("Maria Gomez", "Maria", "Gamez"), None, "too short for a slip");
        assert!(!one_slip("gonzalez", "gonzalez"));
        assert!(!one_slip("gonzalez", "gomzales"));
    }
}
