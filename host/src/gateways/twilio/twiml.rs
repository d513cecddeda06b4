//! Rendering a turn's actions as TwiML. Messaging TwiML allows only
//! `<Message>`; voice TwiML uses `<Say>`, `<Gather>`, `<Dial>`, `<Hangup>`.
//! Every `<Gather>` is followed by a `<Redirect>` back to the voice route,
//! because with no input Twilio falls through to the next verb.

use std::fmt::Write;

use crate::actions::{Action, InputMode};
use crate::language::Language;
use crate::safety::language::is_spanish;
use crate::store::Voices;

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;
/// How long the on-call's phone rings before the page-by-text fallback:
/// about four rings, short of most voicemail pickup.
pub const ON_CALL_RING_SECONDS: u32 = 20;
/// How long a plain transfer rings before the caller is told staff will
/// call back (about five rings).
const TRANSFER_RING_SECONDS: u32 = 25;

pub fn sms(actions: &[Action]) -> String {
    let mut xml = format!("{HEADER}<Response>");
    for action in actions {
        if let Action::Reply { body } = action {
            let _ = write!(xml, "<Message>{}</Message>", escape(body));
        }
    }
    xml.push_str("</Response>");
    xml
}

/// `voice_url` is where gathers and redirects post back (the public URL of
/// `/twilio/voice`). For a conversation in English; see [`voice_in`].
pub fn voice(actions: &[Action], voice_url: &str) -> String {
    voice_in(actions, voice_url, Language::English, &Voices::default())
}

/// `<Say>` for `text`: read in Spanish when the text is Spanish (whatever
/// the conversation's language, so English wording from a plugin is never
/// read in Spanish, nor Spanish in English), by the practice's voice for
/// that language when it chose one.
fn say(text: &str, voices: &Voices) -> String {
    let language = if is_spanish(text) { Language::Spanish } else { Language::English };
    let mut xml = String::from("<Say");
    if let Some(voice) = voices.for_language(language) {
        // Validated on the practice: letters, digits, `.-_` only.
        let _ = write!(xml, r#" voice="{}""#, escape(voice));
    }
    if language == Language::Spanish {
        let _ = write!(xml, r#" language="{}""#, language.twiml());
    }
    let _ = write!(xml, ">{}</Say>", escape(text));
    xml
}

/// [`voice`] for a conversation in `language` (gathers listen for it),
/// read by the practice's `voices`.
pub fn voice_in(actions: &[Action], voice_url: &str, language: Language, voices: &Voices) -> String {
    let listen = language.twiml();
    let url = escape(voice_url);
    let mut xml = format!("{HEADER}<Response>");
    let mut ended = false;
    for action in actions {
        match action {
            Action::Say { text } => xml.push_str(&say(text, voices)),
            Action::Ask { prompt, input, hints, timeout_seconds, num_digits } => {
                let input = match input {
                    InputMode::Speech => "speech",
                    InputMode::Dtmf => "dtmf",
                    InputMode::SpeechAndDtmf => "speech dtmf",
                };
                let _ = write!(
                    xml,
                    r#"<Gather input="{input}" action="{url}" method="POST" timeout="{timeout_seconds}" speechTimeout="auto" language="{listen}""#
                );
                if !hints.is_empty() {
                    let _ = write!(xml, r#" hints="{}""#, escape(&hints.join(",")));
                }
                if let Some(n) = num_digits {
                    let _ = write!(xml, r#" numDigits="{n}""#);
                }
                let _ = write!(xml, r#">{}</Gather><Redirect method="POST">{url}</Redirect>"#, say(prompt, voices));
                ended = true;
                break;
            }
            Action::Transfer { number, announce, on_call_item } => {
                if let Some(text) = announce {
                    xml.push_str(&say(text, voices));
                }
                // Twilio posts the dial's outcome to `action`, and what the
                // host answers there is what the caller hears next (nothing
                // after `<Dial>` runs). The gather URL may carry the turn it
                // follows; the dial result goes beside the plain voice path.
                let base = voice_url.split('?').next().unwrap_or(voice_url);
                match on_call_item {
                    // The host pages by text if the on-call did not answer.
                    Some(item) => {
                        let action = escape(&format!("{base}/on-call?item={item}"));
                        let _ = write!(
                            xml,
                            r#"<Dial timeout="{ON_CALL_RING_SECONDS}" action="{action}" method="POST">{}</Dial>"#,
                            escape(number)
                        );
                    }
                    // A transfer nobody answers becomes a callback item.
                    None => {
                        let action = escape(&format!("{base}/transfer"));
                        let _ = write!(
                            xml,
                            r#"<Dial timeout="{TRANSFER_RING_SECONDS}" action="{action}" method="POST">{}</Dial>"#,
                            escape(number)
                        );
                    }
                }
                ended = true;
                break;
            }
            Action::HangUp => {
                xml.push_str("<Hangup/>");
                ended = true;
                break;
            }
            Action::Reply { .. } => {}
        }
    }
    if !ended {
        xml.push_str("<Hangup/>");
    }
    xml.push_str("</Response>");
    xml
}

/// XML text and attribute escaping; control characters other than tab and
/// newline are dropped (they are not allowed in XML 1.0).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sms_escapes_and_keeps_only_messages() {
        let xml = sms(&[Action::Reply { body: "a < b & \"c\"".into() }, Action::HangUp]);
        assert_eq!(xml, format!("{HEADER}<Response><Message>a &lt; b &amp; &quot;c&quot;</Message></Response>"));
    }

    #[test]
    fn gather_is_followed_by_a_redirect_and_nothing_after_it_is_rendered() {
        let ask = Action::Ask {
            prompt: "How can we help?".into(),
            input: InputMode::SpeechAndDtmf,
            hints: vec!["refill".into(), "oxycodone".into()],
            timeout_seconds: 5,
            num_digits: None,
        };
        let xml = voice(
            &[Action::Say { text: "Hi".into() }, ask, Action::Say { text: "never".into() }],
            "https://h/twilio/voice",
        );
        assert!(xml.contains(r#"<Gather input="speech dtmf" action="https://h/twilio/voice""#));
        assert!(xml.contains(r#"hints="refill,oxycodone""#));
        assert!(xml.contains(r#"</Gather><Redirect method="POST">https://h/twilio/voice</Redirect></Response>"#));
        assert!(!xml.contains("never"));
    }

    #[test]
    fn voice_without_a_terminal_verb_hangs_up() {
        let xml = voice(&[Action::Say { text: "Bye".into() }], "https://h/v");
        assert!(xml.ends_with("<Say>Bye</Say><Hangup/></Response>"));
    }

    #[test]
    fn an_on_call_transfer_posts_its_outcome_back() {
        let transfer = Action::Transfer {
            number: "+15550100911".into(),
            announce: Some("Connecting you to the on-call clinician.".into()),
            on_call_item: Some("q0000000000000007".into()),
        };
        let xml = voice(&[transfer], "https://h/twilio/voice");
        assert!(
            xml.contains(r#"<Dial timeout="20" action="https://h/twilio/voice/on-call?item=q0000000000000007" method="POST">+15550100911</Dial></Response>"#),
            "{xml}"
        );
    }

    #[test]
    fn the_practices_voice_reads_each_language() {
        let voices = Voices { english: Some("Polly.Joanna-Neural".into()), spanish: Some("Polly.Lupe-Neural".into()) };
        let actions = [
            Action::Say { text: "Thank you for calling.".into() },
            Action::Say { text: "Gracias por llamar. Para español, oprima 2.".into() },
        ];
        let xml = voice_in(&actions, "https://h/v", Language::English, &voices);
        assert!(xml.contains(r#"<Say voice="Polly.Joanna-Neural">Thank you for calling.</Say>"#), "{xml}");
        assert!(xml.contains(r#"<Say voice="Polly.Lupe-Neural" language="es-US">Gracias"#), "{xml}");
        let english_only = Voices { english: Some("alice".into()), spanish: None };
        let xml = voice_in(&actions, "https://h/v", Language::English, &english_only);
        assert!(xml.contains(r#"<Say language="es-US">Gracias"#), "{xml}");
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(escape("a\u{0}b\u{1b}c"), "abc");
    }
}
