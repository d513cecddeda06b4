//! SMS opt-outs, per practice and number. Carriers treat STOP (and
//! STOPALL, UNSUBSCRIBE, END, QUIT, REVOKE, OPTOUT, CANCEL) as an opt-out
//! from every message of that practice number; START or UNSTOP opts back in.
//! Spanish speakers write BAJA, PARAR, ALTO, DETENER or CANCELAR, and ALTA
//! or INICIAR to come back; they are honoured the same way.
//! An opted-out number gets nothing more from the outbox.

use super::{Result, Store, keys};

/// What an inbound text's body means for the sender's opt-out status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptKeyword {
    Stop,
    Start,
}

/// The keyword, when the whole message is one (case and spacing ignored).
pub fn opt_keyword(body: &str) -> Option<OptKeyword> {
    let word: String = body.trim().trim_end_matches(['.', '!']).to_ascii_uppercase();
    match word.as_str() {
        "STOP" | "STOPALL" | "UNSUBSCRIBE" | "END" | "QUIT" | "REVOKE" | "OPTOUT" | "CANCEL" => Some(OptKeyword::Stop),
        "BAJA" | "PARAR" | "ALTO" | "DETENER" | "CANCELAR" => Some(OptKeyword::Stop),
        "START" | "UNSTOP" | "ALTA" | "INICIAR" => Some(OptKeyword::Start),
        _ => None,
    }
}

impl Store {
    pub fn set_opted_out(&self, practice: &str, number: &str, opted_out: bool, at: i64) -> Result<()> {
        let key = keys::scoped(practice, number.as_bytes());
        if opted_out {
            self.trees.optouts.insert(key, &at.to_be_bytes())?;
        } else {
            self.trees.optouts.remove(key)?;
        }
        Ok(())
    }

    pub fn opted_out(&self, practice: &str, number: &str) -> Result<bool> {
        Ok(self.trees.optouts.contains_key(keys::scoped(practice, number.as_bytes()))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_whole_message_keyword_counts() {
        assert_eq!(opt_keyword("STOP"), Some(OptKeyword::Stop));
        assert_eq!(opt_keyword(" cancel. "), Some(OptKeyword::Stop));
        assert_eq!(opt_keyword("Unsubscribe"), Some(OptKeyword::Stop));
        assert_eq!(opt_keyword("start"), Some(OptKeyword::Start));
        assert_eq!(opt_keyword("please cancel my appointment"), None);
        assert_eq!(opt_keyword("stop the pain"), None);
        assert_eq!(opt_keyword("BAJA"), Some(OptKeyword::Stop));
        assert_eq!(opt_keyword("parar"), Some(OptKeyword::Stop));
        assert_eq!(opt_keyword("Cancelar."), Some(OptKeyword::Stop));
        assert_eq!(opt_keyword("alta"), Some(OptKeyword::Start));
        assert_eq!(opt_keyword("cancelar mi cita"), None);
    }
}
