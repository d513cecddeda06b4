//! `[prior-auth]`: how authorization works at the practice, and the
//! procedures patients ask about (codes match the records staff keep).

use serde::Deserialize;
use switchboard_sdk::ConfigError;

use super::{MAX_TEXT, check_spoken_name, check_text, error};
use crate::procedures::{PriorAuthConfig, Procedure};

const MAX_PROCEDURES: usize = 40;
const MAX_CODE: usize = 40;
const MAX_PROCEDURE_NAME: usize = 80;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawPriorAuth {
    pub process: String,
    pub timeline: String,
    #[serde(default)]
    pub procedures: Vec<RawProcedure>,
}

/// One `[[prior-auth.procedures]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawProcedure {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
}

pub(super) fn check(errors: &mut Vec<ConfigError>, raw: &RawPriorAuth) -> PriorAuthConfig {
    check_text(errors, "prior-auth.process", &raw.process, MAX_TEXT);
    check_text(errors, "prior-auth.timeline", &raw.timeline, MAX_TEXT);
    if raw.procedures.len() > MAX_PROCEDURES {
        errors.push(error("prior-auth.procedures", format!("at most {MAX_PROCEDURES} procedures")));
    }
    let mut procedures: Vec<Procedure> = Vec::new();
    for (i, p) in raw.procedures.iter().enumerate() {
        let base = format!("prior-auth.procedures[{i}]");
        let code = p.code.trim();
        let code_ok = !code.is_empty()
            && code.len() <= MAX_CODE
            && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !code_ok {
            errors.push(error(
                &format!("{base}.code"),
                format!("must be 1 to {MAX_CODE} lowercase letters, digits or dashes, like lumbar-esi"),
            ));
        } else if procedures.iter().any(|q| q.code == code) {
            errors.push(error(&format!("{base}.code"), format!("\"{code}\" is listed more than once")));
        }
        let mut names = Vec::new();
        let labelled = core::iter::once((format!("{base}.name"), &p.name))
            .chain(p.aliases.iter().enumerate().map(|(j, a)| (format!("{base}.aliases[{j}]"), a)));
        for (path, name) in labelled {
            let Some(normalized) = check_spoken_name(errors, &path, name, MAX_PROCEDURE_NAME) else { continue };
            if names.contains(&normalized) || procedures.iter().any(|q| q.names().any(|n| n == normalized)) {
                errors.push(error(&path, format!("\"{name}\" is listed more than once")));
            } else {
                names.push(normalized);
            }
        }
        if code_ok && !names.is_empty() {
            procedures.push(Procedure {
                code: code.to_owned(),
                name: p.name.trim().to_owned(),
                names: names.join("\n"),
            });
        }
    }
    PriorAuthConfig { process: raw.process.trim().to_owned(), timeline: raw.timeline.trim().to_owned(), procedures }
}
