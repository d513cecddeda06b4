//! Linking a plugin of any supported contract version to the host's one
//! implementation of the contract.
//!
//! The contract's compatibility rules (wit/COMPATIBILITY.md) let a minor
//! release only *add*: every function of `0.1` exists in `0.2` and `0.3`
//! with the same signature, and every type it uses has the same shape. The
//! component model checks imports and exports structurally — record
//! fields, enum cases and variant cases by name and type, never the Rust
//! type behind them — so the host functions generated from today's `wit/`
//! satisfy a `0.1` or `0.2` component's imports as they are. This module
//! registers them under each supported version's names
//! (`switchboard:plugin/calls@0.1.0`, `…@0.2.0`, `…@0.3.0`) and finds a
//! component's exports under its own version.
//!
//! One implementation, one registration path: a plugin built against an
//! earlier minor version runs the same host code as a current one, and a
//! signature that broke the rules would fail to link in the tests (see
//! `tests::every_supported_world_links`), not at a practice.

use wasmtime::component::{Component, ComponentExportIndex, Instance, Linker};
use wasmtime::{Store, StoreContextMut};

use super::bindings::switchboard::plugin::{
    calls, escalation, log, patients, practice, scheduling, texts, understanding,
};
use super::bindings::{ConfigError, PluginInfo, Task, Turn, TurnOutcome};
use super::contract::{ContractVersion, PACKAGE};
use crate::capabilities::HostState;

/// Register one interface's host functions under `name`. A function with a
/// result is `"wit-name" => method(arg: Type, ...)`; one without is
/// `"wit-name" => method(...) -> ()`.
macro_rules! host_interface {
    ($linker:expr, $name:expr, $host:path { $($wit:literal => $method:ident($($arg:ident: $ty:ty),*) $(-> $unit:tt)?),* $(,)? }) => {{
        let mut instance = $linker.instance(&$name)?;
        $(host_interface!(@func instance, $host, $wit, $method, ($($arg: $ty),*) $(, $unit)?);)*
    }};
    (@func $instance:ident, $host:path, $wit:literal, $method:ident, ($($arg:ident: $ty:ty),*)) => {
        $instance.func_wrap($wit, |mut cx: StoreContextMut<'_, HostState>, ($($arg,)*): ($($ty,)*)| {
            Ok((<HostState as $host>::$method(cx.data_mut(), $($arg),*)?,))
        })?;
    };
    (@func $instance:ident, $host:path, $wit:literal, $method:ident, ($($arg:ident: $ty:ty),*), ()) => {
        $instance.func_wrap($wit, |mut cx: StoreContextMut<'_, HostState>, ($($arg,)*): ($($ty,)*)| {
            <HostState as $host>::$method(cx.data_mut(), $($arg),*)
        })?;
    };
}

/// Register every host function of the contract under `version`'s names.
/// Functions added after `version` are registered too; a component of that
/// version does not import them, and extra exports of an instance are
/// allowed.
pub(super) fn add_contract(linker: &mut Linker<HostState>, version: ContractVersion) -> wasmtime::Result<()> {
    let name = |interface: &str| format!("{PACKAGE}/{interface}@{version}");
    // `types` has no functions, but a component that uses its types imports
    // it as an instance.
    linker.instance(&name("types"))?;
    host_interface!(linker, name("calls"), calls::Host {
        "say" => say(text: String),
        "ask" => ask(prompt: String, options: calls::AskOptions),
        "transfer" => transfer(number: String, announce: Option<String>),
        "hang-up" => hang_up(),
        "place-call" => place_call(to: String, prompt: String, state: Vec<u8>),
    });
    host_interface!(linker, name("texts"), texts::Host {
        "reply" => reply(body: String),
        "send" => send(to: String, body: String),
    });
    host_interface!(linker, name("scheduling"), scheduling::Host {
        "find-openings" => find_openings(query: scheduling::OpeningQuery),
        "book" => book(request: scheduling::BookingRequest),
        "cancel" => cancel(appointment_id: String, reason: String),
        "reschedule" => reschedule(appointment_id: String, new_slot_id: String),
        "appointments-for" => appointments_for(patient_id: String),
        "get-appointment" => get_appointment(appointment_id: String),
        // Since 0.3.0 (older components do not import it).
        "get-location" => get_location(location_id: String),
        "join-waitlist" => join_waitlist(patient_id: String, appointment_type: String),
        "prior-auth-status" => prior_auth_status(patient_id: String, procedure: String),
        "offer-opening" => offer_opening(slot_id: String, max_recipients: u32),
        "open-offers-for" => open_offers_for(patient_id: String),
        "accept-offer" => accept_offer(
            offer_id: String,
            waitlist_entry_id: String,
            needs_review: bool,
            patient_instruction: Option<String>
        ),
        "schedule-task" => schedule_task(request: scheduling::TaskRequest),
        "cancel-task" => cancel_task(task_id: String),
    });
    host_interface!(linker, name("escalation"), escalation::Host {
        "enqueue" => enqueue(item: escalation::QueueItem),
        "page-on-call" => page_on_call(summary: String, item_id: String),
        "transfer-to-on-call" => transfer_to_on_call(item_id: String, announce: String),
        "report-emergency" => report_emergency(kind: escalation::EmergencyKind, fields: Vec<super::bindings::Field>),
    });
    host_interface!(linker, name("practice"), practice::Host {
        "info" => info(),
        "config" => config(),
        "now" => now(),
        "utc-offset-minutes" => utc_offset_minutes(at: i64),
        "office-hours" => office_hours(),
        // Since 0.3.0 (older components do not import it).
        "language" => language(),
    });
    host_interface!(linker, name("patients"), patients::Host {
        "lookup" => lookup(query: patients::LookupQuery),
    });
    host_interface!(linker, name("log"), log::Host {
        "write" => write(level: log::Level, message: String) -> (),
        "audit" => audit(event: String, fields: Vec<super::bindings::Field>) -> (),
    });
    // Since 0.3.0; registered under older names too, which their
    // components never import.
    host_interface!(linker, name("understanding"), understanding::Host {
        "classify" => classify(utterance: String, examples: Vec<understanding::LabelledExample>),
    });
    Ok(())
}

/// Where a component's `plugin` exports are, found once at load under the
/// contract version it was built against.
#[derive(Clone, Copy)]
pub(super) struct PluginExports {
    describe: ComponentExportIndex,
    validate_config: ComponentExportIndex,
    handle_turn: ComponentExportIndex,
    on_task: ComponentExportIndex,
}

impl PluginExports {
    pub(super) fn find(component: &Component, version: ContractVersion) -> Result<PluginExports, String> {
        let interface = format!("{PACKAGE}/plugin@{version}");
        let (_, plugin) = component
            .get_export(None, &interface)
            .ok_or_else(|| format!("the component does not export {interface}"))?;
        let function = |name: &str| {
            component
                .get_export(Some(&plugin), name)
                .map(|(_, index)| index)
                .ok_or_else(|| format!("{interface} has no function `{name}`"))
        };
        Ok(PluginExports {
            describe: function("describe")?,
            validate_config: function("validate-config")?,
            handle_turn: function("handle-turn")?,
            on_task: function("on-task")?,
        })
    }

    /// Check every export's signature in a fresh instance, so a component
    /// whose `plugin` interface does not match is refused at load.
    pub(super) fn typecheck(&self, instance: &Instance, store: &mut Store<HostState>) -> wasmtime::Result<()> {
        instance.get_typed_func::<(), (PluginInfo,)>(&mut *store, self.describe)?;
        instance.get_typed_func::<(&str,), (Result<Vec<u8>, Vec<ConfigError>>,)>(&mut *store, self.validate_config)?;
        instance
            .get_typed_func::<(&Turn, Option<&[u8]>), (Result<TurnOutcome, String>,)>(&mut *store, self.handle_turn)?;
        instance.get_typed_func::<(&Task,), (Result<(), String>,)>(&mut *store, self.on_task)?;
        Ok(())
    }

    pub(super) fn describe(&self, instance: &Instance, store: &mut Store<HostState>) -> wasmtime::Result<PluginInfo> {
        let func = instance.get_typed_func::<(), (PluginInfo,)>(&mut *store, self.describe)?;
        Ok(func.call(store, ())?.0)
    }

    pub(super) fn validate_config(
        &self,
        instance: &Instance,
        store: &mut Store<HostState>,
        config: &str,
    ) -> wasmtime::Result<Result<Vec<u8>, Vec<ConfigError>>> {
        let func = instance
            .get_typed_func::<(&str,), (Result<Vec<u8>, Vec<ConfigError>>,)>(&mut *store, self.validate_config)?;
        Ok(func.call(store, (config,))?.0)
    }

    pub(super) fn handle_turn(
        &self,
        instance: &Instance,
        store: &mut Store<HostState>,
        turn: &Turn,
        state: Option<&[u8]>,
    ) -> wasmtime::Result<Result<TurnOutcome, String>> {
        let func = instance
            .get_typed_func::<(&Turn, Option<&[u8]>), (Result<TurnOutcome, String>,)>(&mut *store, self.handle_turn)?;
        Ok(func.call(store, (turn, state))?.0)
    }

    pub(super) fn on_task(
        &self,
        instance: &Instance,
        store: &mut Store<HostState>,
        task: &Task,
    ) -> wasmtime::Result<Result<(), String>> {
        let func = instance.get_typed_func::<(&Task,), (Result<(), String>,)>(&mut *store, self.on_task)?;
        Ok(func.call(store, (task,))?.0)
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use wit_component::{ComponentEncoder, StringEncoding, dummy_module, embed_component_metadata, semver_check};
    use wit_parser::{ManglingAndAbi, Resolve};

    use super::*;
    use crate::runtime::Runtime;
    use crate::runtime::limits::TurnLimits;

    /// The WIT directory of each supported version, newest first.
    fn wit_dirs() -> Vec<(ContractVersion, PathBuf)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../wit");
        let dirs: Vec<_> = [("0.3.0", "."), ("0.2.0", "v0.2"), ("0.1.0", "v0.1")]
            .into_iter()
            .map(|(version, dir)| (ContractVersion::parse(version).unwrap(), root.join(dir)))
            .collect();
        assert_eq!(dirs.iter().map(|(v, _)| *v).collect::<Vec<_>>(), super::super::contract::SUPPORTED);
        dirs
    }

    /// A component that imports every function of the world and exports
    /// its `plugin` interface (bodies that trap): what a plugin built
    /// against that version looks like to the linker.
    fn whole_world_component(dir: &Path, version: ContractVersion) -> Vec<u8> {
        let mut resolve = Resolve::default();
        let (package, _) = resolve.push_dir(dir).unwrap();
        let declared = resolve.packages[package].name.version.as_ref().map(|v| v.to_string());
        assert_eq!(declared, Some(version.to_string()), "{} declares another version", dir.display());
        let world = resolve.select_world(&[package], Some("specialty-plugin")).unwrap();
        let mut module = dummy_module(&resolve, world, ManglingAndAbi::Standard32);
        embed_component_metadata(&mut module, &resolve, world, StringEncoding::UTF8).unwrap();
        ComponentEncoder::default().module(&module).unwrap().validate(true).encode().unwrap()
    }

    #[test]
    fn every_supported_world_links_to_the_one_host_implementation() {
        let runtime = Runtime::new(TurnLimits::default()).unwrap();
        for (version, dir) in wit_dirs() {
            let bytes = whole_world_component(&dir, version);
            let component = Component::new(runtime.engine(), &bytes).unwrap();
            assert_eq!(super::super::contract::check(runtime.engine(), &component), Ok(version));
            let pre = runtime
                .linker()
                .instantiate_pre(&component)
                .unwrap_or_else(|e| panic!("a {version} component does not link: {e:#}"));
            let exports = PluginExports::find(&component, version).unwrap();
            let ctx = crate::capabilities::TurnContext::detached("test".into(), 0);
            let mut store = Store::new(runtime.engine(), HostState::new(ctx, runtime.limits().clone(), None));
            store.set_epoch_deadline(u64::MAX / 2);
            let instance = pre.instantiate(&mut store).unwrap();
            exports.typecheck(&instance, &mut store).unwrap_or_else(|e| panic!("{version} exports: {e:#}"));
        }
    }

    /// The policy's "a minor release only adds", checked by the component
    /// model's own subtyping: the current world must be usable wherever the
    /// previous one was.
    #[test]
    fn the_contract_only_grows_between_minor_versions() {
        let dirs = wit_dirs();
        let mut resolve = Resolve::default();
        let worlds: Vec<_> = dirs
            .iter()
            .map(|(_, dir)| {
                let (package, _) = resolve.push_dir(dir).unwrap();
                resolve.select_world(&[package], Some("specialty-plugin")).unwrap()
            })
            .collect();
        for pair in worlds.windows(2) {
            semver_check(resolve.clone(), pair[1], pair[0]).unwrap_or_else(|e| panic!("{e:#}"));
        }
    }
}
