//! The `gosym` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    gosym::cli::main_with(std::env::args_os())
}
