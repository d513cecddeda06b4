//! Console sessions: a random id in an HttpOnly, SameSite=Strict cookie; on
//! the server, the practice, the bearer token that signed in, a CSRF token
//! and the expiry.
//!
//! Why the bearer token is kept (in memory only, never in the cookie): every
//! console request re-authenticates it with the very check the JSON API
//! uses, so a rotated or revoked token ends its sessions at once, and every
//! action is recorded under the same actor as the API would record it.
//!
//! Sessions live in memory: a restart signs everyone out, which is the safe
//! direction, and nothing about a session needs to outlive the process.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use subtle::ConstantTimeEq;

use super::html::Flash;
use crate::gateways::auth::{Access, Caller};

/// Who signed in: what the API's check made of their token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    pub access: Access,
    /// The name audit events record them under.
    pub actor: String,
}

impl From<&Caller> for Who {
    fn from(caller: &Caller) -> Self {
        Who { access: caller.access, actor: caller.actor().to_string() }
    }
}

pub const COOKIE: &str = "switchboard_console";
/// A session ends after this long without a request…
pub const IDLE: Duration = Duration::from_secs(30 * 60);
/// …and after this long in any case (a working day).
pub const ABSOLUTE: Duration = Duration::from_secs(10 * 60 * 60);
/// More sessions than this and the oldest are dropped (a bound on memory).
const MAX_SESSIONS: usize = 10_000;

#[derive(Debug, Clone)]
pub struct Session {
    pub practice: String,
    pub token: String,
    pub who: Who,
    pub csrf: String,
    created: Instant,
    last_seen: Instant,
    pub flash: Option<Flash>,
}

impl Session {
    /// A practice administrator or the host administrator.
    pub fn is_admin(&self) -> bool {
        matches!(self.who.access, Access::Admin | Access::PracticeAdmin)
    }

    /// Only the host administrator may change the plugin and its config
    /// (the admin API's rule).
    pub fn can_configure(&self) -> bool {
        self.who.access == Access::Admin
    }

    /// Does a submitted form's token match this session's? Constant time.
    pub fn csrf_ok(&self, submitted: &str) -> bool {
        !submitted.is_empty() && bool::from(self.csrf.as_bytes().ct_eq(submitted.as_bytes()))
    }

    fn expired(&self, now: Instant) -> bool {
        now.duration_since(self.last_seen) > IDLE || now.duration_since(self.created) > ABSOLUTE
    }
}

/// The session table, keyed by the sha256 of the cookie value so a memory
/// dump does not hand out live cookies.
#[derive(Default)]
pub struct Sessions {
    table: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// Start a session; returns the cookie value.
    pub fn start(&self, practice: &str, token: &str, who: Who, now: Instant) -> String {
        let id = crate::tokens::generate();
        let session = Session {
            practice: practice.into(),
            token: token.into(),
            who,
            csrf: crate::tokens::generate(),
            created: now,
            last_seen: now,
            flash: None,
        };
        let mut table = self.table.lock().expect("session table");
        table.retain(|_, s| !s.expired(now));
        if table.len() >= MAX_SESSIONS
            && let Some(oldest) = table.iter().min_by_key(|(_, s)| s.last_seen).map(|(k, _)| k.clone())
        {
            table.remove(&oldest);
        }
        table.insert(crate::tokens::hash(&id), session);
        id
    }

    /// The live session for a cookie value (its pending flash taken out),
    /// refreshing its idle timer; an expired one is removed.
    pub fn touch(&self, id: &str, now: Instant) -> Option<Session> {
        let key = crate::tokens::hash(id);
        let mut table = self.table.lock().expect("session table");
        let session = table.get_mut(&key)?;
        if session.expired(now) {
            table.remove(&key);
            return None;
        }
        session.last_seen = now;
        let snapshot = session.clone();
        session.flash = None;
        Some(snapshot)
    }

    /// Leave a message for the next page this session sees.
    pub fn flash(&self, id: &str, flash: Flash) {
        if let Some(session) = self.table.lock().expect("session table").get_mut(&crate::tokens::hash(id)) {
            session.flash = Some(flash);
        }
    }

    pub fn end(&self, id: &str) {
        self.table.lock().expect("session table").remove(&crate::tokens::hash(id));
    }
}

/// The session cookie's value from a `Cookie` header.
pub fn cookie_value(headers: &axum::http::HeaderMap) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty())
}

/// `Set-Cookie` for a new session. `secure` when the console is served
/// over https (the public URL says so), so a proxy setup keeps it.
pub fn set_cookie(id: &str, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={id}; Path=/console; HttpOnly; SameSite=Strict; Max-Age={}{secure}", ABSOLUTE.as_secs())
}

pub fn clear_cookie() -> String {
    format!("{COOKIE}=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staff() -> Who {
        Who { access: Access::Staff, actor: "staff".into() }
    }

    fn admin() -> Who {
        Who { access: Access::Admin, actor: "admin".into() }
    }

    #[test]
    fn a_session_expires_when_idle_and_after_its_absolute_limit() {
        let sessions = Sessions::default();
        let t0 = Instant::now();
        let id = sessions.start("demo", "tok", staff(), t0);
        assert!(sessions.touch(&id, t0 + IDLE / 2).is_some());
        // Each request restarts the idle clock…
        assert!(sessions.touch(&id, t0 + IDLE).is_some());
        // …but not after a gap longer than the idle limit.
        assert!(sessions.touch(&id, t0 + IDLE * 2 + Duration::from_secs(1)).is_none());
        assert!(sessions.touch(&id, t0 + IDLE * 2).is_none(), "an expired session is gone");

        let id = sessions.start("demo", "tok", staff(), t0);
        let mut at = t0;
        while at < t0 + ABSOLUTE {
            at += IDLE / 2;
            let alive = sessions.touch(&id, at).is_some();
            assert_eq!(alive, at.duration_since(t0) <= ABSOLUTE, "at {:?}", at.duration_since(t0));
        }
    }

    #[test]
    fn unknown_cookies_csrf_and_flash() {
        let sessions = Sessions::default();
        let now = Instant::now();
        assert!(sessions.touch("made-up", now).is_none());
        let id = sessions.start("demo", "tok", admin(), now);
        let session = sessions.touch(&id, now).unwrap();
        assert!(session.is_admin());
        assert!(session.csrf_ok(&session.csrf.clone()));
        assert!(!session.csrf_ok("") && !session.csrf_ok("other"));
        sessions.flash(&id, Flash::Done("saved".into()));
        assert_eq!(sessions.touch(&id, now).unwrap().flash, Some(Flash::Done("saved".into())));
        assert_eq!(sessions.touch(&id, now).unwrap().flash, None, "a flash is shown once");
        sessions.end(&id);
        assert!(sessions.touch(&id, now).is_none());
    }

    #[test]
    fn the_cookie_is_read_among_others_and_set_strictly() {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(axum::http::header::COOKIE, "a=1; switchboard_console=abc; b=2".parse().unwrap());
        assert_eq!(cookie_value(&headers).as_deref(), Some("abc"));
        let cookie = set_cookie("abc", true);
        for part in ["HttpOnly", "SameSite=Strict", "Path=/console", "Secure", "Max-Age="] {
            assert!(cookie.contains(part), "{cookie}");
        }
    }
}
