use pain_management::*;
use switchboard_sdk::Channel;
fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let n: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let bytes = prepare_config(include_str!("../demo-config.toml")).unwrap();
    let lines = ["", "uh yeah i need my per cocet refilled at the walgreens on fifth street and can you up my dose", "yes", "no"];
    let text = lines[1];
    let extras = vec![];
    for _ in 0..n {
        match which.as_str() {
            "conv" => {
                let mut state: Option<Vec<u8>> = None;
                for (i, line) in lines.iter().enumerate() {
                    let config = PreparedConfig::decode(&bytes).unwrap();
                    let turn = Turn { conversation_id: "c".into(), channel: Channel::Voice, caller: "+15025553344".into(), called: "+1".into(),
                        text: (!line.is_empty()).then(|| line.to_string()), digits: None, confidence: None, first_turn: i == 0, received_at: 0 };
                    let mut host = RecordingHost::default();
                    let out = run_turn_native(&config, &turn, state.as_deref(), &mut host).unwrap();
                    state = Some(out.state);
                }
            }
            "join" => { std::hint::black_box(switchboard_common::normalize::Utterance::new(text, |w| medications::is_vocabulary_word(w, &extras))); }
            "med" => { let u = switchboard_common::normalize::Utterance::new(text, |_| false); std::hint::black_box(medications::find(u.tokens(), &extras)); }
            "guard" => { std::hint::black_box(switchboard_common::guard::check("Refill requests for controlled medications are reviewed by a clinician within 2 business days.")); }
            _ => {}
        }
    }
}
