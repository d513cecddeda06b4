//! How the host's safety net does on labelled patient messages: per
//! criterion, how many emergencies and crises got their instruction (and
//! which detector found them), and the false alarms on everything else.
//! `cargo run --release -p switchboard --example safety_report -- FILE.tsv…`
//! (files in `plugins/pain-management/corpus/` by name, or paths). With
//! `--contextual-sweep`, the whole net at other cut-offs of the sentence
//! model; with `--dump`, every line's readings as TSV instead.

use std::collections::BTreeMap;

use switchboard::safety::{self, Level, SafetySettings};

/// The plugin's labels for red flags, as the net's criteria.
fn criterion_of(label: &str) -> Option<&'static str> {
    Some(match label {
        "emergency-overdose" => "overdose",
        "emergency-suicide" => "suicide",
        "emergency-cauda-equina" => "cauda-equina",
        "emergency-allergy" => "allergy",
        "emergency-chest-pain" => "chest-pain",
        "emergency-stroke" => "stroke",
        "emergency-breathing" => "breathing",
        "emergency-seizure" => "seizure",
        "emergency-bleeding" => "bleeding",
        "emergency-weakness-after-procedure" => "weakness-after-procedure",
        "urgent-withdrawal" => "withdrawal",
        "urgent-device-site" => "device-site",
        "urgent-post-procedure" => "post-procedure",
        "urgent-pump" => "pump",
        _ => return None,
    })
}

struct Line {
    channel: String,
    labels: Vec<String>,
    text: String,
}

fn load(name: &str) -> Vec<Line> {
    let path = if std::path::Path::new(name).exists() {
        name.to_string()
    } else {
        format!("{}/../plugins/pain-management/corpus/{name}", env!("CARGO_MANIFEST_DIR"))
    };
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.splitn(3, '\t');
            let (channel, labels, text) = (parts.next()?, parts.next()?, parts.next()?);
            Some(Line {
                channel: channel.to_string(),
                labels: labels.split(',').map(str::to_string).collect(),
                text: text.to_string(),
            })
        })
        .collect()
}

#[derive(Default)]
struct Tally {
    total: u32,
    caught: u32,
    right_instruction: u32,
    by_meaning: u32,
    /// The plugin's own recogniser labelled it an emergency (its first
    /// reply then carries 911 / 988: the corpus guardrail test), or the net
    /// caught it: what the patient gets from the two together.
    plugin_or_net: u32,
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--misses");
    let contextual_sweep = args.iter().any(|a| a == "--contextual-sweep");
    let dump = args.iter().any(|a| a == "--dump");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let settings = SafetySettings::default();
    for file in files {
        let lines = load(file);
        if dump {
            dump_readings(file, &lines, &settings);
            continue;
        }
        let mut per: BTreeMap<&str, Tally> = BTreeMap::new();
        let (mut controls, mut false_alarms, mut urgent_lines, mut urgent_caught) = (0u32, 0u32, 0u32, 0u32);
        let mut combined_false_alarms = 0u32;
        // Lines with no red flag that got any finding (an urgent one makes a
        // same-day item, and on a call a transfer to the on-call), and the
        // emergency false alarms that only the sentence model raised.
        let (mut any_flag_alarms, mut contextual_only_alarms) = (0u32, 0u32);
        let mut misses = Vec::new();
        for line in &lines {
            let findings = safety::screen(&line.text, &settings);
            let emergencies: Vec<&str> =
                line.labels.iter().filter(|l| l.starts_with("emergency-")).filter_map(|l| criterion_of(l)).collect();
            let urgents: Vec<&str> =
                line.labels.iter().filter(|l| l.starts_with("urgent-")).filter_map(|l| criterion_of(l)).collect();
            let found_emergency = findings.iter().any(|f| f.level == Level::Emergency);
            let voice = line.channel == "voice";
            let plugin_emergency =
                pain_management::classify(&line.text, voice).iter().any(|l| l.starts_with("emergency-"));
            for want in &emergencies {
                let t = per.entry(want).or_default();
                t.total += 1;
                t.plugin_or_net += (found_emergency || plugin_emergency) as u32;
                if found_emergency {
                    t.caught += 1;
                    // 988 for a crisis and naloxone for an overdose need that
                    // very criterion; any other emergency is told 911.
                    let right = match *want {
                        "suicide" | "overdose" => findings.iter().any(|f| f.criterion.id == *want),
                        _ => true,
                    };
                    t.right_instruction += right as u32;
                    if findings
                        .iter()
                        .any(|f| f.criterion.id == *want && matches!(f.detector, safety::Detector::Contextual(_)))
                    {
                        t.by_meaning += 1;
                    }
                    if !right {
                        misses.push(format!("wrong instruction ({want}): {}", line.text));
                    }
                } else {
                    misses.push(format!("missed {want}: {}", line.text));
                }
            }
            if emergencies.is_empty() && !urgents.is_empty() {
                urgent_lines += 1;
                if !findings.is_empty() {
                    urgent_caught += 1;
                } else {
                    misses.push(format!("missed urgent {}: {}", urgents.join(","), line.text));
                }
            }
            if emergencies.is_empty() && urgents.is_empty() {
                controls += 1;
                combined_false_alarms += (found_emergency || plugin_emergency) as u32;
                any_flag_alarms += !findings.is_empty() as u32;
                if !findings.is_empty() && !found_emergency {
                    let ids: Vec<String> =
                        findings.iter().map(|f| format!("{} by {}", f.criterion.id, f.detector.as_str())).collect();
                    misses.push(format!("urgent false alarm {ids:?}: {}", line.text));
                }
                if found_emergency
                    && findings
                        .iter()
                        .filter(|f| f.level == Level::Emergency)
                        .all(|f| matches!(f.detector, safety::Detector::Contextual(_)))
                {
                    contextual_only_alarms += 1;
                }
                if found_emergency {
                    false_alarms += 1;
                    let ids: Vec<String> =
                        findings.iter().map(|f| format!("{} by {}", f.criterion.id, f.detector.as_str())).collect();
                    misses.push(format!("false alarm {ids:?}: {}", line.text));
                }
            }
        }
        let (total, caught, right, both): (u32, u32, u32, u32) = per.values().fold((0, 0, 0, 0), |a, t| {
            (a.0 + t.total, a.1 + t.caught, a.2 + t.right_instruction, a.3 + t.plugin_or_net)
        });
        println!("## {file}: {} lines", lines.len());
        println!();
        println!(
            "| criterion | emergencies | net: an emergency instruction | net: the right one (988 / naloxone) | net: by meaning only | plugin or net |"
        );
        println!("|---|---|---|---|---|---|");
        for (c, t) in &per {
            println!(
                "| {c} | {} | {} | {} | {} | {} |",
                t.total, t.caught, t.right_instruction, t.by_meaning, t.plugin_or_net
            );
        }
        println!(
            "| **all** | {total} | {caught} ({:.1}%) | {right} ({:.1}%) | | {both} ({:.1}%) |",
            pct(caught, total),
            pct(right, total),
            pct(both, total)
        );
        println!();
        println!(
            "urgent-only lines flagged: {urgent_caught} / {urgent_lines} ({:.1}%)",
            pct(urgent_caught, urgent_lines)
        );
        println!(
            "false alarms (an emergency instruction on a line with no red flag): {false_alarms} / {controls} ({:.1}%)",
            pct(false_alarms, controls)
        );
        println!(
            "false alarms, plugin or net: {combined_false_alarms} / {controls} ({:.1}%)",
            pct(combined_false_alarms, controls)
        );
        println!(
            "  of which raised by the sentence model alone: {contextual_only_alarms}; any finding (urgent included) on a line with no red flag: {any_flag_alarms} / {controls} ({:.1}%)",
            pct(any_flag_alarms, controls)
        );
        if contextual_sweep {
            sweep_contextual(&lines, &settings);
        }
        if verbose {
            println!();
            for m in &misses {
                println!("- {m}");
            }
        }
        println!();
    }
}

/// The whole net with the sentence model's cut-offs moved: each line is
/// read by the model once.
fn sweep_contextual(lines: &[Line], settings: &SafetySettings) {
    let read: Vec<_> = lines
        .iter()
        .map(|l| (safety::contextual::probabilities(&l.text), safety::language::is_english(&l.text)))
        .collect();
    println!();
    println!(
        "| emergency cut-off | urgent cut-off | emergencies given an instruction | urgent-only flagged | false alarms | any finding on a line with no red flag |"
    );
    println!("|---|---|---|---|---|---|");
    for emergency in [0.5f32, 0.6, 0.7, 0.8, 0.9, 0.95, 1.01] {
        for urgent in [0.5f32, 0.7, 0.9, 1.01] {
            let thresholds = safety::contextual::Thresholds { emergency, urgent, ..safety::contextual::THRESHOLDS };
            let (mut hit, mut all, mut urg, mut urg_all, mut fa, mut any, mut ctl) = (0, 0, 0, 0, 0, 0, 0);
            for (line, (probabilities, english)) in lines.iter().zip(&read) {
                let found = safety::contextual::above(probabilities, thresholds, *english);
                let findings = safety::screen_given(&line.text, settings, found);
                let emergency_found = findings.iter().any(|f| f.level == Level::Emergency);
                let emergencies = line.labels.iter().filter(|l| l.starts_with("emergency-")).count() as u32;
                let urgent_line = emergencies == 0 && line.labels.iter().any(|l| l.starts_with("urgent-"));
                if emergencies > 0 {
                    all += emergencies;
                    hit += emergencies * emergency_found as u32;
                } else if urgent_line {
                    urg_all += 1;
                    urg += !findings.is_empty() as u32;
                } else {
                    ctl += 1;
                    fa += emergency_found as u32;
                    any += !findings.is_empty() as u32;
                }
            }
            println!(
                "| {emergency:.2} | {urgent:.2} | {hit} / {all} | {urg} / {urg_all} | {fa} / {ctl} ({:.1}%) | {any} ({:.1}%) |",
                pct(fa, ctl),
                pct(any, ctl)
            );
        }
    }
}

/// One TSV row per line with every reading the net combines, for fitting
/// its cut-offs outside Rust: the findings without the sentence model, the
/// criteria a finding by meaning would be dropped for (below the joke
/// exemption's probability), and the model's probabilities.
fn dump_readings(file: &str, lines: &[Line], settings: &SafetySettings) {
    let ids: Vec<&str> = safety::CRITERIA.iter().map(|c| c.id).collect();
    println!("file\tchannel\tlabels\tspanish\tbase\tsuppressed\tcontextual\ttext");
    for line in lines {
        let base: Vec<String> = safety::screen_given(&line.text, settings, Vec::new())
            .iter()
            .map(|f| format!("{}:{}:{}", f.criterion.id, f.level.as_str(), f.detector.as_str()))
            .collect();
        let suppressed: Vec<&str> =
            ids.iter().copied().filter(|id| safety::rules::meaning_suppressed(&line.text, id, 0.0)).collect();
        let scores = |v: Vec<(&str, f32)>| v.iter().map(|(id, p)| format!("{id}:{p:.4}")).collect::<Vec<_>>().join(",");
        println!(
            "{file}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            line.channel,
            line.labels.join(","),
            safety::language::is_spanish(&line.text),
            base.join(","),
            suppressed.join(","),
            scores(safety::contextual::probabilities(&line.text)),
            line.text
        );
    }
}

fn pct(a: u32, b: u32) -> f64 {
    if b == 0 { 0.0 } else { f64::from(a) * 100.0 / f64::from(b) }
}
