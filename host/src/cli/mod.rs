//! The command line. `serve` runs the host; `practice` and `plugin` talk
//! to a running host over its admin API (the data directory is locked by
//! the server, and going through the API keeps one set of checks and one
//! audit trail).

mod audit;
mod backup;
mod chat;
mod client;
mod registry;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::server::{Host, ServeOptions, shutdown_signal};

#[derive(Parser)]
#[command(
    name = "switchboard",
    version,
    about = "WebAssembly plugin host for specialty conversation scripts in medical practices"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the gateways and the API (installs the demo practice unless told not to).
    Serve(ServeArgs),
    /// Add, list, show and change practices on a running server.
    Practice {
        #[command(flatten)]
        server: client::ServerArgs,
        #[command(subcommand)]
        command: PracticeCommand,
    },
    /// Play conversation transcripts (TOML) against a plugin component in the
    /// real sandbox; exits non-zero with a readable diff on any failure.
    Test {
        /// Transcript files, or folders of them (*.toml); when none are
        /// given, a package's own tests, or (with no --plugin) the bundled
        /// pain-management suite.
        files: Vec<PathBuf>,
        /// The plugin: a package or a component (.wasm); the bundled pain-management plugin by default.
        #[arg(long)]
        plugin: Option<PathBuf>,
        /// The practice config (TOML); the demo config by default.
        #[arg(long)]
        config: Option<PathBuf>,
        /// The patient directory (CSV); the demo directory by default.
        #[arg(long)]
        patients: Option<PathBuf>,
        /// The practice's schedule (JSON); the demo schedule by default.
        #[arg(long)]
        schedule: Option<PathBuf>,
    },
    /// Back up the whole data directory to FILE: from the running server
    /// (consistent while it serves), or with --data from a stopped one.
    Backup {
        #[command(flatten)]
        server: client::ServerArgs,
        file: PathBuf,
        /// Read a stopped server's data directory instead of asking the server.
        #[arg(long)]
        data: Option<PathBuf>,
    },
    /// Restore a backup into a new data directory, then check every audit chain.
    Restore {
        file: PathBuf,
        /// The new data directory (must not hold a database yet).
        #[arg(long)]
        data: PathBuf,
    },
    /// Check a practice's audit log offline (stop the server first).
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Package, sign, publish and list plugins.
    Plugin {
        #[command(flatten)]
        server: client::ServerArgs,
        #[command(subcommand)]
        command: registry::PluginCommand,
    },
    /// Talk to a plugin in the terminal (the real component in the real
    /// sandbox, on a throwaway store), seeing its actions, queue items and
    /// outbound texts as they happen.
    Chat {
        /// The plugin: a package file or a .wasm component.
        #[arg(long)]
        plugin: PathBuf,
        /// The practice config (TOML); the package's example config by default.
        #[arg(long)]
        config: Option<PathBuf>,
        /// The patient directory (CSV); the package's test directory, else the demo's.
        #[arg(long)]
        patients: Option<PathBuf>,
        /// A phone call instead of a text thread.
        #[arg(long)]
        voice: bool,
        /// The patient's number.
        #[arg(long, default_value = "+15550199001")]
        caller: String,
    },
}

#[derive(Args)]
struct ServeArgs {
    /// A config file (TOML: listen, public_url, data, demo, log_format,
    /// [secrets], [limits]); flags given here override it.
    #[arg(long)]
    config: Option<PathBuf>,
    /// The data directory (created if missing) [default: ./switchboard-data].
    #[arg(long)]
    data: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long)]
    listen: Option<SocketAddr>,
    /// The public URL gateways use to reach this server (signature checks, gather URLs).
    /// Defaults to http:// plus the listen address.
    #[arg(long)]
    public_url: Option<String>,
    /// Do not install the demo practice (an existing one is left as it is).
    #[arg(long)]
    no_demo: bool,
}

#[derive(Subcommand)]
enum PracticeCommand {
    /// List practices.
    List,
    /// Show one practice.
    Show { id: String },
    /// Add a practice; prints its gateway and staff tokens once.
    Add(PracticeArgs),
    /// Change a practice; options not given keep their values.
    Update(PracticeArgs),
    /// Issue new gateway and staff tokens (the old ones stop working).
    RotateTokens { id: String },
    /// Load the practice's patient directory from CSV
    /// (id,given_name,family_name,date_of_birth,phones).
    ImportPatients {
        id: String,
        file: PathBuf,
        /// Add to and update the directory instead of replacing it.
        #[arg(long)]
        merge: bool,
    },
    /// Load the practice's schedule (providers, templates, exceptions) from JSON.
    LoadSchedule { id: String, file: PathBuf },
    /// List appointments on a local day (YYYY-MM-DD) or for a patient.
    Appointments {
        id: String,
        #[arg(long, conflicts_with = "patient", required_unless_present = "patient")]
        date: Option<String>,
        #[arg(long)]
        patient: Option<String>,
    },
    /// Install, upgrade, roll back and inspect the practice's plugin.
    Plugin {
        #[command(subcommand)]
        command: registry::PracticePluginCommand,
    },
    /// Record a prior authorization's status for a patient and procedure.
    SetPriorAuth {
        id: String,
        patient: String,
        procedure: String,
        /// not-required, not-started, submitted, pending-payer, approved, denied, expired
        #[arg(long)]
        status: String,
        #[arg(long)]
        note: Option<String>,
    },
}

#[derive(Args)]
struct PracticeArgs {
    /// Practice id (lowercase letters, digits, dashes).
    id: String,
    #[arg(long)]
    name: Option<String>,
    /// IANA time zone, e.g. America/Chicago.
    #[arg(long)]
    time_zone: Option<String>,
    /// A phone number (E.164) routed to the practice; repeat for several.
    #[arg(long = "number")]
    numbers: Vec<String>,
    /// The Twilio (or SignalWire) auth token that signs this practice's webhooks.
    #[arg(long)]
    twilio_token: Option<String>,
    /// The plugin, as name@version.
    #[arg(long)]
    plugin: Option<String>,
    /// The plugin config file (TOML).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Office hours (JSON: `{"weekly": {"mon": "08:00-17:00", …}, "holidays": ["YYYY-MM-DD"]}`).
    #[arg(long)]
    hours: Option<PathBuf>,
    /// The on-call rota (JSON: `{"primary": "+1…", "backup": "+1…", "ack_minutes": 15}`).
    #[arg(long)]
    on_call: Option<PathBuf>,
    /// The safety net's settings (JSON: `{"criteria": {"withdrawal": {"level": "emergency"}}}`):
    /// raise a criterion's level, reword its instruction, add phrases.
    #[arg(long)]
    safety: Option<PathBuf>,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Walk the practice's hash chain and report the first broken link
    /// (exit status 1 when broken).
    Verify {
        /// The practice id.
        practice: String,
        /// The data directory the server uses.
        #[arg(long, default_value = "./switchboard-data")]
        data: PathBuf,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Serve(_)) {
        // One-shot commands only say what went wrong.
        let format = crate::server::config::LogFormat::from_env().ok().flatten().unwrap_or_default();
        init_logging(format, "warn");
    }
    let result = match cli.command {
        Command::Serve(args) => serve(args),
        Command::Practice { server, command } => practice(&server, command),
        Command::Plugin { server, command } => registry::plugin(&server, command),
        Command::Backup { server, file, data } => backup::backup(&server, data.as_deref(), &file),
        Command::Restore { file, data } => match backup::restore(&file, &data) {
            Ok(code) => return code,
            Err(e) => Err(e),
        },
        Command::Chat { plugin, config, patients, voice, caller } => {
            chat::run(chat::ChatOptions { plugin, config, patients, voice, caller })
        }
        Command::Audit { command: AuditCommand::Verify { practice, data } } => match audit::verify(&data, &practice) {
            Ok(code) => return code,
            Err(e) => Err(e),
        },
        Command::Test { files, plugin, config, patients, schedule } => {
            return transcripts(files, crate::transcripts::SuiteOptions { plugin, config, patients, schedule });
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(args: ServeArgs) -> anyhow::Result<()> {
    use crate::server::config::{LogFormat, ServeConfig, secret};
    let config = match &args.config {
        Some(path) => ServeConfig::load(path)?,
        None => ServeConfig::default(),
    };
    let log_format = LogFormat::from_env().map_err(anyhow::Error::msg)?.or(config.log_format).unwrap_or_default();
    init_logging(log_format, "info,wasmtime=warn,cranelift=warn");
    let data = args.data.or(config.data.clone()).unwrap_or_else(|| PathBuf::from("./switchboard-data"));
    let listen = args.listen.or(config.listen).unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 8080)));
    let admin_token = secret(config.secrets.admin_token.as_ref(), "secrets.admin_token", "SWITCHBOARD_ADMIN_TOKEN")
        .map_err(anyhow::Error::msg)?;
    let vendor_token =
        secret(config.secrets.vendor_token.as_ref(), "secrets.vendor_token", crate::gateways::vendor::ENV)
            .map_err(anyhow::Error::msg)?;
    let demo = !args.no_demo && config.demo.unwrap_or(true);
    let limits = config.connection_limits();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {listen}: {e}"))?;
        let bound = listener.local_addr()?;
        let public_url = args.public_url.or(config.public_url).unwrap_or_else(|| format!("http://{bound}"));
        let options = ServeOptions { data, public_url: public_url.clone(), limits, demo, admin_token, vendor_token };
        let host = Host::open(&options)?;
        tracing::info!(listen = %bound, public_url = %public_url, demo, "switchboard is serving");
        println!("switchboard listening on http://{bound} (public URL {public_url})");
        host.run(listener, shutdown_signal()).await
    })
}

/// Logs go to stderr: text for a terminal, or one JSON object a line.
/// `SWITCHBOARD_LOG` filters them (`info`, `switchboard=debug`, …).
pub fn init_logging(format: crate::server::config::LogFormat, default_filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("SWITCHBOARD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        crate::server::config::LogFormat::Text => builder.try_init(),
        crate::server::config::LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

fn transcripts(paths: Vec<PathBuf>, options: crate::transcripts::SuiteOptions) -> ExitCode {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(&path)
                .map(|entries| {
                    entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect()
                })
                .unwrap_or_default();
            found.sort();
            files.extend(found);
        } else {
            files.push(path);
        }
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (passed, failed) = runtime.block_on(async {
        let mut suite = match crate::transcripts::Suite::new(&options) {
            Ok(suite) => suite,
            Err(e) => {
                eprintln!("error: {e:#}");
                return (0, 1);
            }
        };
        let (mut passed, mut failed) = (0, 0);
        let mut outcomes = Vec::new();
        if files.is_empty()
            && let Some(path) = &options.plugin
        {
            let plugin = match crate::transcripts::PluginUnderTest::read(path) {
                Ok(plugin) => plugin,
                Err(e) => {
                    eprintln!("error: {e:#}");
                    return (0, 1);
                }
            };
            for (name, text) in &plugin.tests {
                outcomes.push((PathBuf::from(name), suite.run_text(name, text).await));
            }
        }
        if files.is_empty() && options.plugin.is_none() {
            for (name, text) in switchboard_artifacts::PAIN_MANAGEMENT_TRANSCRIPTS {
                outcomes.push((PathBuf::from(name), suite.run_text(name, text).await));
            }
        }
        for file in &files {
            outcomes.push((file.clone(), suite.run_file(file).await));
        }
        for (file, outcome) in outcomes {
            let file = &file;
            if outcome.failures.is_empty() {
                passed += 1;
                println!("PASS {} ({} turns) — {}", outcome.name, outcome.turns, file.display());
            } else {
                failed += 1;
                println!("FAIL {} — {}", outcome.name, file.display());
                for failure in &outcome.failures {
                    print!("  {}", failure.replace('\n', "\n  ").trim_end_matches(' '));
                    println!();
                }
            }
        }
        (passed, failed)
    });
    println!("{passed} passed, {failed} failed");
    if failed == 0 && passed > 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

fn practice(server: &client::ServerArgs, command: PracticeCommand) -> anyhow::Result<()> {
    let api = client::Api::new(server);
    let output = match command {
        PracticeCommand::List => api.get("/v1/practices")?,
        PracticeCommand::Show { id } => api.get(&format!("/v1/practices/{id}"))?,
        PracticeCommand::Add(args) => api.post_json("/v1/practices", &spec(args, true)?)?,
        PracticeCommand::Update(args) => {
            let id = args.id.clone();
            api.patch_json(&format!("/v1/practices/{id}"), &spec(args, false)?)?
        }
        PracticeCommand::RotateTokens { id } => {
            api.post_json(&format!("/v1/practices/{id}/tokens/rotate"), &serde_json::json!({}))?
        }
        PracticeCommand::ImportPatients { id, file, merge } => {
            let csv = std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            let mode = if merge { "merge" } else { "replace" };
            api.put_bytes(&format!("/v1/practices/{id}/patients?mode={mode}"), "text/csv", csv)?
        }
        PracticeCommand::LoadSchedule { id, file } => {
            let json = std::fs::read(&file).map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
            api.put_bytes(&format!("/v1/practices/{id}/schedule"), "application/json", json)?
        }
        PracticeCommand::Appointments { id, date, patient } => {
            let query = match (date, patient) {
                (Some(date), _) => format!("date={date}"),
                (None, Some(patient)) => format!("patient={patient}"),
                (None, None) => anyhow::bail!("give --date YYYY-MM-DD or --patient ID"),
            };
            api.get(&format!("/v1/practices/{id}/appointments?{query}"))?
        }
        PracticeCommand::Plugin { command } => registry::practice_plugin(&api, command)?,
        PracticeCommand::SetPriorAuth { id, patient, procedure, status, note } => api.put_json(
            &format!("/v1/practices/{id}/prior-auths/{patient}/{procedure}"),
            &serde_json::json!({ "status": status, "note": note }),
        )?,
    };
    println!("{}", serde_json::to_string_pretty(&output)?);
    Ok(())
}

fn spec(args: PracticeArgs, include_id: bool) -> anyhow::Result<crate::practices::PracticeSpec> {
    let config = match &args.config {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| anyhow::anyhow!("cannot read the config file {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let json_file = |path: &Option<PathBuf>, what: &str| -> anyhow::Result<Option<serde_json::Value>> {
        let Some(path) = path else { return Ok(None) };
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the {what} file {}: {e}", path.display()))?;
        let value =
            serde_json::from_str(&text).map_err(|e| anyhow::anyhow!("the {what} file {}: {e}", path.display()))?;
        Ok(Some(value))
    };
    let hours = json_file(&args.hours, "hours")?
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| anyhow::anyhow!("the hours file: {e}"))?;
    let on_call = json_file(&args.on_call, "on-call")?
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| anyhow::anyhow!("the on-call file: {e}"))?;
    let safety = json_file(&args.safety, "safety")?
        .map(serde_json::from_value)
        .transpose()
        .map_err(|e| anyhow::anyhow!("the safety file: {e}"))?;
    Ok(crate::practices::PracticeSpec {
        id: include_id.then_some(args.id),
        name: args.name,
        time_zone: args.time_zone,
        numbers: (!args.numbers.is_empty()).then_some(args.numbers),
        twilio_auth_token: args.twilio_token,
        plugin: args.plugin,
        config,
        outbound_gateway: None,
        hours,
        on_call,
        safety,
        voices: None,
    })
}
