//! The `switchboard` binary: the CLI sets up logging and does the rest.

fn main() -> std::process::ExitCode {
    switchboard::cli::main()
}
