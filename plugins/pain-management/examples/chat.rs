//! Talk to the pain-management conversation natively, one line per turn:
//! `cargo run -p pain-management --example chat [-- --voice] [--from +15550199001]`.
//! Uses the demo config, the demo patient directory and an in-memory
//! schedule of weekday openings; prints what the plugin says and every
//! record it makes. A line starting with `#` is
//! keypad digits on a call.

use std::io::BufRead;

use pain_management::{Action, PreparedConfig, Turn, prepare_config, run_turn_native};
use switchboard_sdk::Channel;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let voice = args.iter().any(|a| a == "--voice");
    let caller = args.iter().position(|a| a == "--from").and_then(|i| args.get(i + 1)).cloned();
    let caller = caller.unwrap_or_else(|| "+15025553344".into());
    let bytes = prepare_config(include_str!("../demo-config.toml")).expect("demo config");
    let config = PreparedConfig::decode(&bytes).expect("prepared config");
    let mut host = pain_management::host::demo_host();
    let now = 1_700_000_000_000;
    let codes: Vec<&str> = config.booking().into_iter().flat_map(|b| b.names.iter().map(|n| n.code.as_str())).collect();
    host.schedule = pain_management::host::FakeSchedule::weekdays(now, 28, &codes);
    let mut state: Option<Vec<u8>> = None;
    let mut turns = 0;
    let mut lines: Vec<String> = std::io::stdin().lock().lines().map_while(Result::ok).collect();
    if voice {
        // A call starts with no input.
        lines.insert(0, String::new());
    }
    for line in lines {
        let (text, digits) = match line.strip_prefix('#') {
            Some(d) => (None, Some(d.to_owned())),
            None if line.is_empty() => (None, None),
            None => (Some(line.clone()), None),
        };
        let turn = Turn {
            conversation_id: "chat".into(),
            channel: if voice { Channel::Voice } else { Channel::Sms },
            caller: caller.clone(),
            called: "+15550100000".into(),
            text,
            digits,
            confidence: None,
            first_turn: turns == 0,
            received_at: now,
        };
        turns += 1;
        host.clear();
        println!("> {line}");
        match run_turn_native(&config, &turn, state.as_deref(), &mut host) {
            Ok(outcome) => {
                for action in &host.actions {
                    match action {
                        Action::Say(t) => println!("  {t}"),
                        Action::Ask { prompt, .. } => println!("  ? {prompt}"),
                        other => println!("  [{other:?}]"),
                    }
                }
                if outcome.finished {
                    println!("  (finished)");
                    state = None;
                    turns = 0;
                } else {
                    state = Some(outcome.state);
                }
            }
            Err(e) => println!("  turn failed: {e}"),
        }
    }
}
