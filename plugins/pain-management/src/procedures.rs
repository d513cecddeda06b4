//! The procedures patients ask about (the practice's catalogue from
//! `[prior-auth]`), and finding one in what they said.

use serde::{Deserialize, Serialize};
use switchboard_common::fuzzy;

/// The checked `[prior-auth]` section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriorAuthConfig {
    /// How the practice handles authorizations (said verbatim).
    pub process: String,
    /// How long they usually take (said verbatim).
    pub timeline: String,
    pub procedures: Vec<Procedure>,
}

/// One catalogue entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Procedure {
    /// The code staff records use, e.g. `lumbar-esi`.
    pub code: String,
    /// The display name, as written.
    pub name: String,
    /// The name and aliases, normalized, one per line: one string rather
    /// than one each, because the config is decoded on every turn.
    pub names: String,
}

impl Procedure {
    /// The name and aliases, normalized.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.split('\n')
    }
}

/// The procedure named in `tokens`: the longest name found (most words),
/// then the earliest in the message, then catalogue order. Words of five
/// letters or more tolerate typos (see `switchboard_common::fuzzy`).
pub fn find<'c, S: AsRef<str>>(tokens: &[S], catalogue: &'c [Procedure]) -> Option<&'c Procedure> {
    let mut best: Option<(usize, usize, &Procedure)> = None;
    for procedure in catalogue {
        for name in procedure.names() {
            let words: Vec<&str> = name.split(' ').collect();
            for start in 0..tokens.len() {
                let fits = words.iter().enumerate().all(|(i, w)| {
                    tokens.get(start + i).is_some_and(|t| {
                        let t = t.as_ref();
                        t == *w || (w.len() >= 5 && fuzzy::similar(t, w))
                    })
                });
                if fits && best.is_none_or(|(n, s, _)| words.len() > n || (words.len() == n && start < s)) {
                    best = Some((words.len(), start, procedure));
                }
            }
        }
    }
    best.map(|(_, _, p)| p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_common::normalize::Utterance;

    fn catalogue() -> Vec<Procedure> {
        let p = |code: &str, names: &[&str]| Procedure {
            code: code.into(),
            name: names[0].into(),
            names: names.join("\n"),
        };
        vec![
            p("lumbar-esi", &["lumbar epidural steroid injection", "epidural", "lumbar epidural"]),
            p("cervical-esi", &["cervical epidural steroid injection", "neck epidural", "cervical epidural"]),
            p("radiofrequency-ablation", &["radiofrequency ablation", "rfa", "ablation", "radio frequency ablation"]),
        ]
    }

    fn code(text: &str) -> Option<String> {
        let u = Utterance::new(text, |_| false);
        find(u.tokens(), &catalogue()).map(|p| p.code.clone())
    }

    #[test]
    fn finds_by_name_alias_and_typo() {
        assert_eq!(code("my epidural").as_deref(), Some("lumbar-esi"));
        assert_eq!(code("the neck epidural").as_deref(), Some("cervical-esi"));
        assert_eq!(code("the cervical epidural steroid injection").as_deref(), Some("cervical-esi"));
        assert_eq!(code("RFA").as_deref(), Some("radiofrequency-ablation"));
        assert_eq!(code("radio frequency ablation").as_deref(), Some("radiofrequency-ablation"));
        assert_eq!(code("my abalation").as_deref(), Some("radiofrequency-ablation"));
        assert_eq!(code("an MRI"), None);
    }
}
