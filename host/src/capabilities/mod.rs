//! The host side of each WIT interface the plugin imports, one module per
//! interface. Host calls never touch the patient directly: they record
//! actions, queue items and audit events into [`TurnOutput`], which the turn
//! commits in one transaction after the plugin returns.
//!
//! Guest input is checked and clamped, never panicked on. A call that breaks
//! a sandbox bound records the violation and traps, which ends the turn with
//! the safe fallback.

mod calls;
mod escalation;
mod log;
mod patients;
mod practice;
mod scheduling;
#[cfg(test)]
mod tests;
mod texts;
mod understanding;

use std::sync::Arc;

use wasmtime::component::ResourceTable;
use wasmtime::{ResourceLimiter, StoreLimits};
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

use crate::actions::{Action, Channel};
use crate::runtime::bindings::{Capability, HostError, switchboard::plugin::types};
use crate::runtime::limits::TurnLimits;
use crate::store::{AuditEvent, OutboxMessage, OutboxStatus, QueueItem, Store, TimerRecord};

/// What the host knows about the turn being run; read-only for the plugin.
#[derive(Debug, Clone)]
pub struct TurnContext {
    pub practice_id: String,
    pub practice_name: String,
    pub time_zone: String,
    pub main_number: String,
    /// The bytes the plugin's `validate-config` produced for this practice.
    pub config: Arc<[u8]>,
    /// `None` outside a conversation (describe, validate-config, on-task).
    pub channel: Option<Channel>,
    pub caller: String,
    pub conversation_id: String,
    pub now_ms: i64,
    pub grants: Grants,
    /// `plugin:NAME@VERSION`, the actor in audit events.
    pub actor: String,
    /// Whether the practice has an outbound gateway for `texts.send`.
    pub outbound_configured: bool,
    /// The practice's office hours; `practice.office-hours` works out open
    /// or closed only when a plugin asks (most turns never do).
    pub hours: Option<crate::hours::OfficeHours>,
    /// Who `page-on-call` and `transfer-to-on-call` reach.
    pub on_call: Option<crate::store::OnCall>,
    /// The conversation's language (`practice.language`).
    pub language: crate::language::Language,
}

impl TurnContext {
    /// The context for a call into `plugin` on behalf of `practice`:
    /// grants are what the plugin declared, the config is the practice's.
    pub fn for_practice(
        practice: &crate::store::Practice,
        plugin: &crate::runtime::LoadedPlugin,
        channel: Option<Channel>,
        caller: &str,
        conversation_id: &str,
        now_ms: i64,
    ) -> Self {
        TurnContext {
            practice_id: practice.id.clone(),
            practice_name: practice.name.clone(),
            time_zone: practice.time_zone.clone(),
            main_number: practice.numbers.first().cloned().unwrap_or_default(),
            config: Arc::from(practice.prepared_config.as_slice()),
            channel,
            caller: caller.to_string(),
            conversation_id: conversation_id.to_string(),
            now_ms,
            // What the plugin declared, narrowed to what the practice grants
            // (installs already refuse more; this holds for older versions
            // still finishing conversations after a policy change). The
            // capabilities `describe` cannot name are the practice's alone.
            grants: Grants::from_capabilities(&plugin.description.capabilities)
                .union(Grants::UNDECLARED)
                .intersect(Grants::from_policy(&practice.plugin_policy)),
            actor: plugin.actor(),
            outbound_configured: practice.outbound.is_some(),
            hours: practice.hours.clone(),
            on_call: practice.on_call.clone(),
            language: crate::language::Language::English,
        }
    }

    /// A context for calls outside any practice (describe at publish time).
    pub fn detached(actor: String, now_ms: i64) -> Self {
        TurnContext {
            practice_id: String::new(),
            practice_name: String::new(),
            time_zone: "UTC".into(),
            main_number: String::new(),
            config: Arc::from(Vec::new()),
            channel: None,
            caller: String::new(),
            conversation_id: String::new(),
            now_ms,
            grants: Grants::NONE,
            actor,
            outbound_configured: false,
            hours: None,
            on_call: None,
            language: crate::language::Language::English,
        }
    }
}

/// The capabilities a practice granted its plugin, as a bit set: the
/// contract's `capability` enum in its low bits, and from the top bit down
/// the capabilities added since, which the enum cannot name (a minor
/// release may not add a case to it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Grants(u16);

impl Grants {
    pub const NONE: Grants = Grants(0);

    /// `understanding` (since contract 0.3.0).
    pub const UNDERSTANDING: Grants = Grants(1 << 15);

    /// The capabilities a plugin cannot declare in `describe`, so has
    /// whenever the practice grants them.
    pub const UNDECLARED: Grants = Grants::UNDERSTANDING;

    fn bit(capability: Capability) -> u16 {
        1 << (capability as u16)
    }

    pub fn from_capabilities(capabilities: &[Capability]) -> Self {
        Grants(capabilities.iter().fold(0, |bits, c| bits | Self::bit(*c)))
    }

    /// Every capability of the contract.
    pub const ALL: Grants = Grants(u16::MAX);

    /// What a practice's policy grants (`None`: everything).
    pub fn from_policy(policy: &crate::store::PluginPolicy) -> Self {
        match &policy.grants {
            None => Grants::ALL,
            Some(names) => names.iter().fold(Grants::NONE, |grants, name| grants.union(Grants::named(name))),
        }
    }

    /// The grant a policy's name stands for (`NONE` for an unknown name).
    fn named(name: &str) -> Grants {
        if name == UNDERSTANDING {
            return Grants::UNDERSTANDING;
        }
        capability_from_name(name).map_or(Grants::NONE, |c| Grants(Self::bit(c)))
    }

    pub fn intersect(self, other: Grants) -> Grants {
        Grants(self.0 & other.0)
    }

    pub fn union(self, other: Grants) -> Grants {
        Grants(self.0 | other.0)
    }

    pub fn allows(self, capability: Capability) -> bool {
        self.0 & Self::bit(capability) != 0
    }

    /// Whether every capability in `other` is granted.
    pub fn contains(self, other: Grants) -> bool {
        self.0 & other.0 == other.0
    }
}

/// Everything the plugin produced during one call.
#[derive(Debug, Default)]
pub struct TurnOutput {
    pub actions: Vec<Action>,
    pub queue_items: Vec<QueueItem>,
    pub audit: Vec<AuditEvent>,
    /// Texts to send after the turn commits.
    pub outbox: Vec<OutboxMessage>,
    /// Timers scheduled, and timer ids cancelled, in this call.
    pub timers: Vec<TimerRecord>,
    pub removed_timers: Vec<String>,
    /// Paging watches started this turn, by queue item id.
    pub paging: Vec<(String, crate::store::Paging)>,
    /// Set when a host call broke a sandbox bound (the call also trapped).
    pub violation: Option<String>,
    log_lines: usize,
}

/// The data of one wasmtime `Store`: one call into one fresh instance.
pub struct HostState {
    pub ctx: TurnContext,
    pub out: TurnOutput,
    pub limits: Arc<TurnLimits>,
    pub memory: MemoryLimiter,
    store: Option<Store>,
    wasi: WasiCtx,
    table: ResourceTable,
    stderr: MemoryOutputPipe,
}

impl HostState {
    /// `store` gives host calls fresh ids; `None` where no turn is committed.
    pub fn new(ctx: TurnContext, limits: Arc<TurnLimits>, store: Option<Store>) -> Self {
        let stderr = MemoryOutputPipe::new(limits.max_stderr_bytes);
        // WASI grants nothing: no preopened directories, no environment, no
        // arguments, no stdin, no sockets. Only stderr is kept, bounded, so a
        // panic's message can reach the log.
        let wasi = WasiCtx::builder()
            .stderr(stderr.clone())
            .allow_tcp(false)
            .allow_udp(false)
            .allow_ip_name_lookup(false)
            .build();
        HostState {
            memory: MemoryLimiter::new(limits.memory_bytes),
            ctx,
            out: TurnOutput::default(),
            limits,
            store,
            wasi,
            table: ResourceTable::new(),
            stderr,
        }
    }

    /// What the guest wrote to stderr (bounded), lossily decoded.
    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.contents()).into_owned()
    }

    /// Record a sandbox violation and return the trap that ends the turn.
    fn violation(&mut self, what: String) -> wasmtime::Error {
        let error = wasmtime::Error::msg(format!("sandbox bound exceeded: {what}"));
        self.out.violation.get_or_insert(what);
        error
    }

    /// Check a piece of text against the per-text bound.
    fn check_text(&mut self, what: &str, text: &str) -> wasmtime::Result<()> {
        let chars = text.chars().count();
        if chars > self.limits.max_text_chars {
            let limit = self.limits.max_text_chars;
            return Err(self.violation(format!("{what} of {chars} characters (limit {limit})")));
        }
        Ok(())
    }

    /// Record an action, enforcing the per-turn action bound.
    fn push_action(&mut self, action: Action) -> wasmtime::Result<()> {
        if self.out.actions.len() >= self.limits.max_actions {
            let limit = self.limits.max_actions;
            return Err(self.violation(format!("more than {limit} actions in one turn")));
        }
        self.out.actions.push(action);
        Ok(())
    }

    fn require(&self, capability: Capability) -> Result<(), HostError> {
        if self.ctx.grants.allows(capability) {
            Ok(())
        } else {
            Err(HostError::Denied(format!("the practice has not granted {capability:?}")))
        }
    }

    fn require_channel(&self, channel: Channel) -> Result<(), HostError> {
        match self.ctx.channel {
            Some(c) if c == channel => Ok(()),
            Some(other) => Err(HostError::Invalid(format!(
                "this is a {} turn; {} output is not possible",
                other.as_str(),
                channel.as_str()
            ))),
            None => Err(HostError::Invalid("there is no conversation in progress".into())),
        }
    }

    fn new_id(&self) -> wasmtime::Result<String> {
        match &self.store {
            Some(store) => Ok(store.new_queue_item_id()?),
            None => Err(wasmtime::Error::msg("no store for this call")),
        }
    }

    fn new_outbox_id(&self) -> wasmtime::Result<String> {
        match &self.store {
            Some(store) => Ok(store.new_outbox_id()?),
            None => Err(wasmtime::Error::msg("no store for this call")),
        }
    }

    /// Put a checked outbound text or call on this turn's outbox (written
    /// with the turn, delivered by the outbox worker); its id. Past the
    /// per-turn bound the plugin is faulted, as for queue items.
    fn queue_outbound(
        &mut self,
        channel: Channel,
        to: String,
        body: String,
        call_state: Vec<u8>,
    ) -> wasmtime::Result<String> {
        if self.out.outbox.len() >= self.limits.max_queue_items {
            let limit = self.limits.max_queue_items;
            return Err(self.violation(format!("more than {limit} outbound messages in one turn")));
        }
        let id = self.new_outbox_id()?;
        let now = self.ctx.now_ms;
        self.out.outbox.push(OutboxMessage {
            id: id.clone(),
            practice: self.ctx.practice_id.clone(),
            channel,
            to,
            body,
            urgent: false,
            status: OutboxStatus::Pending,
            attempts: 0,
            next_attempt_at: now,
            last_error: None,
            gateway_sid: None,
            carrier_status: None,
            carrier_error: None,
            carrier_updated_at: None,
            source: self.ctx.conversation_id.clone(),
            call_state,
            created_at: now,
            updated_at: now,
        });
        Ok(id)
    }
}

impl types::Host for HostState {}

impl WasiView for HostState {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

/// Caps linear memory and remembers whether the cap was what stopped the
/// guest, so the fault can be reported as a memory blow-up.
pub struct MemoryLimiter {
    inner: StoreLimits,
    max: usize,
    pub exhausted: bool,
    /// The largest linear memory the guest asked for (bytes), for sizing
    /// the pool (a CPython component starts far larger than a Rust one).
    pub peak: usize,
}

impl MemoryLimiter {
    fn new(max: usize) -> Self {
        let inner = wasmtime::StoreLimitsBuilder::new()
            .memory_size(max)
            .table_elements(100_000)
            .instances(32)
            .tables(32)
            .memories(8)
            .build();
        MemoryLimiter { inner, max, exhausted: false, peak: 0 }
    }
}

impl ResourceLimiter for MemoryLimiter {
    fn memory_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        self.peak = self.peak.max(desired);
        if desired > self.max {
            self.exhausted = true;
            // A trap rather than a failed grow: a Rust guest would abort on
            // allocation failure anyway, and a trap names the cause.
            return Err(wasmtime::Error::msg(format!("memory limit of {} bytes exceeded", self.max)));
        }
        self.inner.memory_growing(current, desired, maximum)
    }

    fn table_growing(&mut self, current: usize, desired: usize, maximum: Option<usize>) -> wasmtime::Result<bool> {
        self.inner.table_growing(current, desired, maximum)
    }

    fn instances(&self) -> usize {
        self.inner.instances()
    }

    fn tables(&self) -> usize {
        self.inner.tables()
    }

    fn memories(&self) -> usize {
        self.inner.memories()
    }
}

pub use calls::is_e164 as calls_is_e164;

/// Every capability, in contract order.
pub const CAPABILITIES: [Capability; 7] = [
    Capability::Calls,
    Capability::Texts,
    Capability::TextsOutbound,
    Capability::Scheduling,
    Capability::Escalation,
    Capability::Paging,
    Capability::Patients,
];

/// A capability's name as the WIT spells it (`texts-outbound`).
pub fn capability_name(capability: Capability) -> &'static str {
    match capability {
        Capability::Calls => "calls",
        Capability::Texts => "texts",
        Capability::TextsOutbound => "texts-outbound",
        Capability::Scheduling => "scheduling",
        Capability::Escalation => "escalation",
        Capability::Paging => "paging",
        Capability::Patients => "patients",
    }
}

pub fn capability_from_name(name: &str) -> Option<Capability> {
    CAPABILITIES.into_iter().find(|c| capability_name(*c) == name)
}

/// The name a practice grants `understanding.classify` by. Not a case of
/// the contract's `capability` enum (see [`Grants`]), so no plugin
/// declares it.
pub const UNDERSTANDING: &str = "understanding";

/// Every name a practice's policy may grant, in contract order.
pub fn grant_names() -> Vec<&'static str> {
    CAPABILITIES.into_iter().map(capability_name).chain([UNDERSTANDING]).collect()
}

/// Whether a practice's policy may name `name`.
pub fn is_grant_name(name: &str) -> bool {
    grant_names().contains(&name)
}

fn field_pairs(fields: Vec<types::Field>) -> Vec<(String, String)> {
    fields.into_iter().map(|f| (f.name, f.value)).collect()
}
