//! `switchboard serve`: open the store, install the demo practice, and run
//! the HTTP server until shutdown. `run` takes a bound listener and a
//! shutdown future (as mini-redis does) so tests can bind port 0.

pub mod config;
pub mod connections;

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use tokio::net::TcpListener;

use crate::gateways::{AppState, router};
use crate::runtime::limits::TurnLimits;
use crate::runtime::{PluginSlots, Runtime};
use crate::store::Store;
use crate::turn::TurnService;

pub struct ServeOptions {
    pub data: PathBuf,
    pub public_url: String,
    pub limits: connections::ConnectionLimits,
    /// Install and keep up to date the demo practice (its fictional
    /// patients included); a production host says no.
    pub demo: bool,
    /// The host admin token; when `None`, the stored hash, else a new
    /// token printed once.
    pub admin_token: Option<String>,
    /// The plugin vendor token; when `None`, the stored hash stays.
    pub vendor_token: Option<String>,
}

/// Everything a running server needs, built from the data directory.
pub struct Host {
    pub state: AppState,
    /// The one client for every request to a carrier (TLS, timeouts).
    outbound: ureq::Agent,
    limits: connections::ConnectionLimits,
}

impl Host {
    pub fn open(options: &ServeOptions) -> anyhow::Result<Self> {
        std::fs::create_dir_all(&options.data)
            .with_context(|| format!("cannot create the data directory {}", options.data.display()))?;
        let store = Store::open(&options.data.join("db"))
            .with_context(|| format!("cannot open the store in {}", options.data.display()))?;
        let runtime = Runtime::new(TurnLimits::default()).context("cannot start the Wasm runtime")?;
        // The safety net's model loads now, not on the first patient's turn.
        crate::safety::contextual::warm()
            .map_err(|e| anyhow::anyhow!("cannot load the safety net's sentence model: {e}"))?;
        // A bad SSL_CERT_FILE stops the start, rather than every page failing later.
        let roots = crate::scheduler::http::TrustedRoots::from_env().context("cannot load trusted TLS roots")?;
        tracing::info!(roots = roots.len(), sources = ?roots.sources, "outbound TLS roots loaded");
        let outbound = crate::scheduler::http::agent(&roots);
        let mut secrets = crate::demo::GeneratedSecrets::default();
        let admin_token_hash = admin_token_hash(&store, options.admin_token.as_deref(), &mut secrets)?;
        // Practices can always run the bundled plugin; only the demo
        // practice (with its fictional patients) is optional.
        let bundled = crate::demo::register_bundled(&store, &runtime).context("cannot register the bundled plugin")?;
        if options.demo {
            crate::demo::install(&store, &runtime, &bundled, &mut secrets)
                .context("cannot install the demo practice")?;
        }
        crate::gateways::vendor::configure(&store, options.vendor_token.as_deref())?;
        store.make_durable()?;
        if !secrets.lines.is_empty() {
            // Printed once, to the terminal, not the log: only hashes are kept.
            println!("Generated secrets (shown once; set these variables to choose your own):");
            for (var, value) in &secrets.lines {
                println!("  {var}={value}");
            }
        }
        let slots = PluginSlots::new(runtime.clone(), store.clone());
        let turns = TurnService::new(store.clone(), slots);
        let public_url: Arc<str> = options.public_url.trim_end_matches('/').into();
        let guesses = crate::gateways::guesses::GuessLimiter::new(options.limits.refused_credentials_per_minute);
        let state = AppState { turns, store, runtime, public_url, admin_token_hash: admin_token_hash.into(), guesses };
        Ok(Host { state, outbound, limits: options.limits })
    }

    /// Serve until `shutdown` resolves; in-flight turns finish and the store
    /// is flushed before this returns.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let store = self.state.store.clone();
        let (stop_worker, worker_stopped) = tokio::sync::watch::channel(false);
        let worker = tokio::spawn(
            crate::scheduler::OutboxWorker::new(store.clone(), &self.state.public_url, self.outbound.clone())
                .run(worker_stopped.clone()),
        );
        let timers = crate::scheduler::TimerWorker::new(store.clone(), self.state.turns.slots().clone());
        let timer_worker = tokio::spawn(timers.run(worker_stopped.clone()));
        let pager = tokio::spawn(crate::scheduler::PageWorker::new(store.clone()).run(worker_stopped));
        connections::serve(listener, router(self.state), self.limits, shutdown).await;
        let _ = stop_worker.send(true);
        let _ = worker.await;
        let _ = timer_worker.await;
        let _ = pager.await;
        tokio::task::spawn_blocking(move || store.make_durable()).await??;
        tracing::info!("stopped; every answered turn is on disk");
        Ok(())
    }
}

/// The configured admin token when there is one; otherwise the stored
/// hash; otherwise a new token, printed once.
fn admin_token_hash(
    store: &Store,
    configured: Option<&str>,
    secrets: &mut crate::demo::GeneratedSecrets,
) -> anyhow::Result<String> {
    const KEY: &str = "admin_token_sha256";
    if let Some(token) = configured {
        let hash = crate::tokens::hash(token);
        store.meta_set(KEY, hash.as_bytes())?;
        return Ok(hash);
    }
    if let Some(hash) = store.meta_get(KEY)? {
        return Ok(String::from_utf8_lossy(&hash).into_owned());
    }
    let token = crate::tokens::generate();
    secrets.lines.push(("SWITCHBOARD_ADMIN_TOKEN".into(), token.clone()));
    let hash = crate::tokens::hash(&token);
    store.meta_set(KEY, hash.as_bytes())?;
    Ok(hash)
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
