//! The blocking part of a turn: resume the conversation, call the plugin,
//! settle the outcome (the plugin's output, or the fallback on a fault),
//! commit everything in one transaction and flush.

use super::{InboundTurn, TurnAnswer, TurnError, fallback};
use crate::actions::{Action, Channel};
use crate::capabilities::{TurnContext, TurnOutput};
use crate::language::{self, Language};
use crate::runtime::bindings::{Turn, TurnOutcome, WitChannel};
use crate::runtime::{Fault, PluginSlots, RuntimeError};
use crate::safety::net::{self, SafetyRecord};
use crate::store::{
    AuditEvent, Conversation, ExcerptLine, FaultRecord, Inbound, OptKeyword, OutboxMessage, Paging, PluginRef,
    Practice, QueueItem, Store, TimerRecord, TurnRecord, TurnWrite, WorkRecord, opt_keyword,
};

/// A text thread with no message for this long starts a new conversation.
const SMS_THREAD_IDLE_MS: i64 = super::CONVERSATION_IDLE_MS;

/// Where the conversation stands before this turn.
struct Resume {
    /// The state the last turn left; `None` starts a new conversation.
    previous: Option<Vec<u8>>,
    /// A conversation finishes on the plugin version it started on.
    plugin: PluginRef,
    started_at: i64,
    seq: u32,
    /// The conversation's language so far (`None` on a new one); once this
    /// turn's language is decided, that one.
    language: Option<Language>,
}

/// What the turn will commit.
struct Settled {
    actions: Vec<Action>,
    queue_items: Vec<QueueItem>,
    outbox: Vec<OutboxMessage>,
    timers: Vec<TimerRecord>,
    removed_timers: Vec<String>,
    /// Paging watches started this turn, by queue item id.
    paging: Vec<(String, Paging)>,
    audit: Vec<AuditEvent>,
    state: Vec<u8>,
    finished: bool,
    fault: Option<FaultRecord>,
    safety: Option<SafetyRecord>,
}

pub(super) fn run_and_commit(
    store: &Store,
    slots: &PluginSlots,
    practice: &Practice,
    conversation_id: String,
    inbound: InboundTurn,
) -> Result<TurnAnswer, TurnError> {
    let started = std::time::Instant::now();
    let now = crate::clock::now_ms();
    let mut resume = resume(store, practice, &conversation_id, now)?;
    let remembered = store.caller_language(&practice.id, &inbound.caller)?;
    // "Para español, oprima 2": the answer to a call's greeting.
    let first_key =
        (inbound.channel == Channel::Voice && resume.seq <= 2).then_some(inbound.digits.as_deref()).flatten();
    let language = language::decide(inbound.text.as_deref(), first_key, resume.language, remembered);
    resume.language = Some(language);
    tracing::Span::current().record("plugin", tracing::field::display(&resume.plugin));
    let inbound_record = Inbound { text: inbound.text.clone(), digits: inbound.digits.clone() };
    let (outcome, out) = call_plugin(store, slots, practice, &conversation_id, &inbound, &resume, now);
    let settled = match outcome {
        Ok(outcome) => Settled {
            actions: out.actions,
            queue_items: out.queue_items,
            outbox: out.outbox,
            timers: out.timers,
            removed_timers: out.removed_timers,
            paging: out.paging,
            audit: out.audit,
            state: outcome.state,
            finished: outcome.finished,
            fault: None,
            safety: None,
        },
        Err(fault) => fall_back(store, &fault, &resume, &conversation_id, &inbound, &inbound_record, now)?,
    };
    // The host's own screen, on the plugin's answer or the fallback alike.
    let mut settled = safety_net(store, practice, &conversation_id, &inbound, settled, now)?;
    // A new conversation from a number that reported an emergency a little
    // while ago opens with its instruction again.
    let spanish = language == Language::Spanish;
    if resume.previous.is_none()
        && settled.safety.is_none()
        && !settled.queue_items.iter().any(|i| i.priority == crate::store::Priority::Stat)
        && let Some(recent) = store.recent_emergency(&practice.id, &inbound.caller)?
    {
        settled.safety = crate::safety::recall::apply(
            &recent,
            &practice.safety,
            inbound.channel,
            &conversation_id,
            now,
            &mut settled.actions,
            &mut settled.audit,
        );
    }
    let reported = crate::safety::recall::reported(&settled.queue_items, spanish, now);
    // Metrics hook: latency and faults per practice and plugin version.
    let (plugin, fault) = (resume.plugin.to_string(), settled.fault.as_ref().map(|f| f.kind.clone()));
    let answer_caller = inbound.caller.clone();
    let frame = Frame { conversation_id, inbound, inbound_record, resume, now, language };
    let (slot_plugin, open) = (frame.resume.plugin.clone(), !settled.finished);
    let answer = commit(store, practice, frame, settled)?;
    if remembered != Some(language) {
        // Flushed with the turn; kept for the patient's next conversation.
        store.set_caller_language(&practice.id, &answer_caller, language)?;
    }
    if let Some(reported) = reported {
        // For a call back about it (`safety::recall`).
        store.set_recent_emergency(&practice.id, &answer_caller, &reported)?;
    }
    crate::metrics::observe_turn(&practice.id, &plugin, fault.as_deref(), started.elapsed());
    // Only now, with the turn durable, does the slot's count of open
    // conversations change (an old version may unload here).
    slots.note_turn(&practice.id, &slot_plugin, &answer.conversation_id, open, now);
    Ok(answer)
}

/// The turn's facts, fixed before the plugin runs.
struct Frame {
    conversation_id: String,
    inbound: InboundTurn,
    inbound_record: Inbound,
    resume: Resume,
    now: i64,
    language: Language,
}

fn resume(store: &Store, practice: &Practice, conversation_id: &str, now: i64) -> Result<Resume, TurnError> {
    Ok(match store.conversation(&practice.id, conversation_id)? {
        Some(c) if continues(&c, now) => Resume {
            seq: c.turns + 1,
            previous: Some(c.state),
            plugin: c.plugin,
            started_at: c.started_at,
            // A call the plugin placed opens with no turn and no language.
            language: c.language.as_deref().and_then(Language::from_tag),
        },
        // Ended or idle: a new conversation on the practice's current plugin.
        Some(c) => Resume {
            previous: None,
            plugin: practice.plugin.clone(),
            started_at: now,
            seq: c.turns + 1,
            language: None,
        },
        None => Resume { previous: None, plugin: practice.plugin.clone(), started_at: now, seq: 1, language: None },
    })
}

/// Run `handle-turn` in a fresh instance; a turn that reaches nobody is a
/// fault too (the patient would be left in silence).
fn call_plugin(
    store: &Store,
    slots: &PluginSlots,
    practice: &Practice,
    conversation_id: &str,
    inbound: &InboundTurn,
    resume: &Resume,
    now: i64,
) -> (Result<TurnOutcome, Fault>, TurnOutput) {
    let plugin = match slots.get(&practice.id, &resume.plugin) {
        Ok(plugin) => plugin,
        Err(e) => return (Err(load_fault(e)), TurnOutput::default()),
    };
    // A conversation still on an older version gets that version's own
    // config (a prepared config is in the plugin's private encoding).
    let earlier;
    let practice = if resume.plugin.hash == practice.plugin.hash {
        practice
    } else {
        match store.revision_for(&practice.id, &resume.plugin.hash) {
            Ok(Some(revision)) => {
                earlier = Practice {
                    config: revision.config,
                    prepared_config: revision.prepared_config,
                    plugin: revision.plugin,
                    ..practice.clone()
                };
                &earlier
            }
            // Changed outside the registry (no revision kept): the current config.
            Ok(None) => practice,
            Err(e) => {
                let fault = Fault::Instantiation(format!("cannot read the plugin history: {e}"));
                return (Err(fault), TurnOutput::default());
            }
        }
    };
    let mut ctx =
        TurnContext::for_practice(practice, &plugin, Some(inbound.channel), &inbound.caller, conversation_id, now);
    ctx.language = resume.language.unwrap_or_default();
    let turn = Turn {
        conversation_id: conversation_id.to_string(),
        channel: match inbound.channel {
            Channel::Sms => WitChannel::Sms,
            Channel::Voice => WitChannel::Voice,
        },
        caller: inbound.caller.clone(),
        called: inbound.called.clone(),
        text: inbound.text.clone(),
        digits: inbound.digits.clone(),
        confidence: inbound.confidence,
        first_turn: resume.previous.is_none(),
        received_at: now,
    };
    let call = plugin.handle_turn(ctx, &turn, resume.previous.as_deref(), store.clone());
    let result = call
        .result
        .and_then(|o| if reaches_patient(inbound.channel, &call.out.actions) { Ok(o) } else { Err(Fault::Silent) });
    (result, call.out)
}

/// The fault path: the channel's fallback, an urgent callback item with what
/// the patient said, and a `plugin.fault` audit event. Whatever the failed
/// call produced is discarded: a half-finished turn must not reach the
/// patient or the queues.
fn fall_back(
    store: &Store,
    fault: &Fault,
    resume: &Resume,
    conversation_id: &str,
    inbound: &InboundTurn,
    inbound_record: &Inbound,
    now: i64,
) -> Result<Settled, TurnError> {
    if let Fault::Panic(message) = fault {
        tracing::warn!(fault = fault.kind(), panic = %message, "plugin fault; answering with the fallback");
    } else {
        tracing::warn!(fault = fault.kind(), "plugin fault; answering with the fallback");
    }
    let item = fallback::FallbackItem {
        id: store.new_queue_item_id()?,
        fault,
        plugin: resume.plugin.to_string(),
        channel: inbound.channel,
        caller: &inbound.caller,
        conversation_id,
        inbound: inbound_record,
        at: now,
    }
    .into_item();
    let audit = vec![AuditEvent {
        actor: "host".into(),
        action: "plugin.fault".into(),
        subject: Some(conversation_id.to_string()),
        detail: serde_json::json!({
            "plugin": format!("plugin:{}", resume.plugin),
            "fault": fault.kind(),
            "detail": fault.detail(),
            "queue-item": item.id,
        }),
    }];
    Ok(Settled {
        actions: fallback::actions(inbound.channel, resume.language.unwrap_or_default()),
        queue_items: vec![item],
        outbox: Vec::new(),
        timers: Vec::new(),
        removed_timers: Vec::new(),
        paging: Vec::new(),
        audit,
        // Keep the last good state so the next turn carries on from there; a
        // voice fallback hangs up, which ends the call.
        state: resume.previous.clone().unwrap_or_default(),
        finished: inbound.channel == Channel::Voice,
        fault: Some(FaultRecord { kind: fault.kind().into(), detail: fault.detail() }),
        safety: None,
    })
}

/// The safety net over what the turn is about to commit: the plugin cannot
/// turn it off, and it runs on the fault fallback too.
fn safety_net(
    store: &Store,
    practice: &Practice,
    conversation_id: &str,
    inbound: &InboundTurn,
    mut settled: Settled,
    now: i64,
) -> Result<Settled, TurnError> {
    let facts = net::TurnFacts {
        channel: inbound.channel,
        caller: &inbound.caller,
        conversation_id,
        text: inbound.text.as_deref(),
        practice_id: &practice.id,
        practice_name: &practice.name,
        settings: &practice.safety,
        on_call: practice.on_call.as_ref(),
        outbound_configured: practice.outbound.is_some(),
        now,
    };
    let committing = net::Committing {
        actions: &mut settled.actions,
        queue_items: &mut settled.queue_items,
        outbox: &mut settled.outbox,
        paging: &mut settled.paging,
        audit: &mut settled.audit,
    };
    settled.safety = net::apply(&facts, committing, &mut StoreIds(store))?;
    if let Some(record) = &settled.safety {
        tracing::info!(level = record.level.as_str(), criteria = record.criteria.len(), "safety net intervened");
        // A voice turn the net hands to the on-call ends the call's
        // conversation here, as the plugin's own transfer would.
        if record.transferred {
            settled.finished = true;
        }
    }
    Ok(settled)
}

/// The store's id generator, called before the turn's transaction.
struct StoreIds<'a>(&'a Store);

impl net::Ids for StoreIds<'_> {
    fn queue_item_id(&mut self) -> Result<String, crate::store::StoreError> {
        self.0.new_queue_item_id()
    }

    fn outbox_id(&mut self) -> Result<String, crate::store::StoreError> {
        self.0.new_outbox_id()
    }
}

/// One transaction for everything the turn wrote, then the flush.
fn commit(store: &Store, practice: &Practice, frame: Frame, mut settled: Settled) -> Result<TurnAnswer, TurnError> {
    let Frame { conversation_id, inbound, inbound_record, resume, now, language } = frame;
    for item in &mut settled.queue_items {
        item.created_at = now;
    }
    settled.audit.push(AuditEvent {
        actor: "host".into(),
        action: "turn.handled".into(),
        subject: Some(conversation_id.clone()),
        detail: serde_json::json!({
            "turn": resume.seq,
            "channel": inbound.channel.as_str(),
            "plugin": resume.plugin.to_string(),
            "outcome": if settled.fault.is_some() { "fallback" } else { "ok" },
            "queue-items": settled.queue_items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        }),
    });
    let conversation = Conversation {
        id: conversation_id.clone(),
        channel: inbound.channel,
        caller: inbound.caller.clone(),
        plugin: resume.plugin.clone(),
        state: settled.state,
        turns: resume.seq,
        finished: settled.finished,
        started_at: resume.started_at,
        updated_at: now,
        language: Some(language.tag().to_string()),
    };
    let fallback = settled.fault.is_some();
    let record = TurnRecord {
        seq: resume.seq,
        received_at: now,
        channel: inbound.channel,
        inbound: inbound_record,
        actions: settled.actions,
        plugin: resume.plugin,
        fault: settled.fault,
        safety: settled.safety,
        language,
    };
    let work = work_records(store, &practice.id, &record, &settled.queue_items, settled.paging)?;
    // Carriers act on STOP/START themselves; the host records it with the
    // turn, for every gateway, so the outbox never texts a number that
    // opted out.
    let opt_out = match inbound.channel {
        Channel::Sms => {
            inbound.text.as_deref().and_then(opt_keyword).map(|k| (inbound.caller.as_str(), k == OptKeyword::Stop))
        }
        Channel::Voice => None,
    };
    if let Some((_, out)) = opt_out {
        settled.audit.push(AuditEvent {
            actor: "patient".into(),
            action: if out { "sms.opted-out" } else { "sms.opted-in" }.into(),
            subject: Some(conversation_id.clone()),
            detail: serde_json::Value::Null,
        });
    }
    store.commit_turn(&TurnWrite {
        practice: &practice.id,
        conversation: Some(&conversation),
        turn: Some(&record),
        queue_items: &settled.queue_items,
        work: &work,
        audit: &settled.audit,
        outbox: &settled.outbox,
        timers: &settled.timers,
        removed_timers: &settled.removed_timers,
        dedupe_key: inbound.dedupe_key.as_deref(),
        opt_out,
        at: now,
    })?;
    store.make_durable()?;
    Ok(TurnAnswer { conversation_id, turn: resume.seq, actions: record.actions, fallback, replayed: false, language })
}

/// Turns of the conversation copied onto each new item, so staff see the
/// context without opening the transcript.
const EXCERPT_TURNS: usize = 3;
const EXCERPT_LINE_CHARS: usize = 500;

/// The new items' work records: a transcript excerpt (the last few turns,
/// this one included) and any paging watch the turn started.
fn work_records(
    store: &Store,
    practice: &str,
    this_turn: &TurnRecord,
    items: &[QueueItem],
    mut paging: Vec<(String, Paging)>,
) -> Result<Vec<(String, WorkRecord)>, TurnError> {
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let conversation = &items[0].conversation_id;
    let earlier = store.turns(practice, conversation)?;
    let start = earlier.len().saturating_sub(EXCERPT_TURNS - 1);
    let excerpt: Vec<ExcerptLine> = earlier[start..].iter().chain([this_turn]).flat_map(excerpt_lines).collect();
    Ok(items
        .iter()
        .map(|item| {
            let watch = paging.iter().position(|(id, _)| *id == item.id).map(|at| paging.swap_remove(at).1);
            (item.id.clone(), WorkRecord { excerpt: excerpt.clone(), paging: watch, ..WorkRecord::default() })
        })
        .collect())
}

fn excerpt_lines(turn: &TurnRecord) -> Vec<ExcerptLine> {
    let line = |from: &str, text: &str| ExcerptLine {
        from: from.into(),
        text: text.chars().take(EXCERPT_LINE_CHARS).collect(),
    };
    let mut lines = Vec::new();
    if let Some(text) = turn.inbound.text.as_deref().filter(|t| !t.trim().is_empty()) {
        lines.push(line("patient", text));
    } else if let Some(digits) = &turn.inbound.digits {
        lines.push(line("patient", &format!("(keyed {digits})")));
    }
    for action in &turn.actions {
        match action {
            Action::Reply { body: text } | Action::Say { text } | Action::Ask { prompt: text, .. } => {
                lines.push(line("practice", text))
            }
            _ => {}
        }
    }
    lines
}

/// Does the next turn continue this conversation, or start a new one?
fn continues(conversation: &Conversation, now: i64) -> bool {
    let idle = conversation.channel == Channel::Sms && now - conversation.updated_at > SMS_THREAD_IDLE_MS;
    !conversation.finished && !idle
}

/// A plugin that cannot even be loaded is a fault like any other for the
/// patient; the detail goes to the audit log.
fn load_fault(error: RuntimeError) -> Fault {
    Fault::Instantiation(error.to_string())
}

/// Does the turn put something in front of the patient on this channel?
fn reaches_patient(channel: Channel, actions: &[Action]) -> bool {
    actions.iter().any(|a| match (channel, a) {
        (Channel::Sms, Action::Reply { body }) => !body.trim().is_empty(),
        (Channel::Voice, Action::Say { text }) => !text.trim().is_empty(),
        (Channel::Voice, Action::Ask { prompt, .. }) => !prompt.trim().is_empty(),
        (Channel::Voice, Action::Transfer { .. }) => true,
        _ => false,
    })
}
