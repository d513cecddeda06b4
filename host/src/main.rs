//! The `switchboard` binary: set up tracing, then hand over to the CLI.

fn main() -> std::process::ExitCode {
    // The server logs its turns; one-shot commands only say what went wrong.
    let serving = std::env::args().nth(1).as_deref() == Some("serve");
    let default_filter = if serving { "info,wasmtime=warn,cranelift=warn" } else { "warn" };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SWITCHBOARD_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default_filter)),
        )
        .with_writer(std::io::stderr)
        .init();
    switchboard::cli::main()
}
