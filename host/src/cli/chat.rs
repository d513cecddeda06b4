//! `switchboard chat`: talk to a plugin in the terminal, as a patient
//! would, against the real component in the real sandbox and the real turn
//! pipeline (a throwaway data directory). Every action the plugin takes and
//! every queue item and outbound text it produces is printed as it happens.
//!
//! Text mode: each line is a text message. Voice mode (`--voice`): the call
//! starts at once; each line is what the caller says, an empty line is
//! silence, `#123` keys digits; a hang-up ends the call and the next line
//! starts a new one. In both modes `/new` starts a new conversation and
//! `/quit` (or end of input) leaves.

use std::io::{BufRead, Write};
use std::path::PathBuf;

use anyhow::Context;

use crate::actions::{Action, Channel};
use crate::runtime::Runtime;
use crate::runtime::limits::TurnLimits;
use crate::store::{OutboxMessage, QueueItem};
use crate::transcripts::{PluginUnderTest, Suite};
use crate::turn::TurnAnswer;

pub struct ChatOptions {
    pub plugin: PathBuf,
    pub config: Option<PathBuf>,
    pub patients: Option<PathBuf>,
    pub voice: bool,
    pub caller: String,
}

pub fn run(options: ChatOptions) -> anyhow::Result<()> {
    let plugin = PluginUnderTest::read(&options.plugin)?;
    let config = match &options.config {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
        None => plugin.example_config.clone().unwrap_or_default(),
    };
    let patients = match &options.patients {
        Some(path) => std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?,
        None => plugin.test_patients.clone().unwrap_or_else(|| crate::demo::DEMO_PATIENTS.to_string()),
    };
    let tokio = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    tokio.block_on(async move {
        let runtime = Runtime::new(TurnLimits::default())?;
        let suite = Suite::with_runtime(
            &runtime,
            &plugin.component,
            &config,
            "America/New_York",
            &patients,
            crate::demo::DEMO_SCHEDULE,
        )?;
        let channel = if options.voice { Channel::Voice } else { Channel::Sms };
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "Chatting with {} over {} as {} (/new starts over, /quit leaves{}).",
            suite.plugin(),
            channel.as_str(),
            options.caller,
            if options.voice { "; empty line = silence, #digits = keypad" } else { "" }
        )?;
        let mut conversation = 1;
        let mut call_live = false;
        let stdin = std::io::stdin();
        let mut lines = stdin.lock().lines();
        loop {
            if options.voice && !call_live {
                writeln!(out, "--- call {conversation} starts ---")?;
                let result = suite.turn(channel, &options.caller, &id(conversation), None, None).await?;
                call_live = show(&mut out, &result)?;
            }
            write!(out, "you> ")?;
            out.flush()?;
            let Some(line) = lines.next() else { break };
            let line = line?;
            let line = line.trim();
            match line {
                "/quit" => break,
                "/new" => {
                    conversation += 1;
                    call_live = false;
                    writeln!(out)?;
                    continue;
                }
                _ => {}
            }
            if !options.voice && line.is_empty() {
                continue;
            }
            let (text, digits) = match line.strip_prefix('#') {
                Some(digits) if options.voice => (None, Some(digits.to_string())),
                _ => ((!line.is_empty()).then(|| line.to_string()), None),
            };
            if !options.voice {
                // Echo piped input so a transcript of the session reads well.
                writeln!(out, "{line}")?;
            } else {
                writeln!(out, "{}", if line.is_empty() { "(silence)" } else { line })?;
            }
            let result = suite.turn(channel, &options.caller, &id(conversation), text, digits).await?;
            let live = show(&mut out, &result)?;
            if options.voice && !live {
                writeln!(out, "--- call {conversation} ended ---")?;
                conversation += 1;
                call_live = false;
            }
        }
        writeln!(out)?;
        Ok(())
    })
}

fn id(n: u32) -> String {
    format!("chat-{n}")
}

/// Print one turn; returns whether a call is still live after it.
fn show(
    out: &mut impl Write,
    (answer, items, texts): &(TurnAnswer, Vec<QueueItem>, Vec<OutboxMessage>),
) -> anyhow::Result<bool> {
    let asks = answer.actions.iter().any(|a| matches!(a, Action::Ask { .. }));
    let mut live = true;
    for action in &answer.actions {
        match action {
            Action::Reply { body } => writeln!(out, "plugin> {body}")?,
            Action::Say { text } => writeln!(out, "plugin says> {text}")?,
            Action::Ask { prompt, input, .. } => writeln!(
                out,
                "plugin asks> {prompt}  [listening: {}]",
                serde_json::to_value(input)?.as_str().unwrap_or("?")
            )?,
            Action::Transfer { number, announce, .. } => {
                if let Some(announce) = announce {
                    writeln!(out, "plugin says> {announce}")?;
                }
                writeln!(out, "[transfer] to {number}")?;
                live = false;
            }
            Action::HangUp => {
                writeln!(out, "[hang up]")?;
                live = false;
            }
        }
    }
    if answer.fallback {
        writeln!(out, "[host fallback] the plugin failed; the host answered and queued a callback")?;
    }
    for item in items {
        let fields: Vec<String> = item.fields.iter().map(|f| format!("{}={:?}", f.name, f.value)).collect();
        writeln!(
            out,
            "[queue] {} {}: {} {}",
            serde_json::to_value(item.kind)?.as_str().unwrap_or("?"),
            serde_json::to_value(item.priority)?.as_str().unwrap_or("?"),
            item.summary,
            fields.join(" ")
        )?;
    }
    for text in texts {
        writeln!(out, "[outbox] to {}: {}", text.to, text.body)?;
    }
    // On a call, only a prompt keeps the line open (as `<Gather>` does).
    Ok(live && asks)
}
