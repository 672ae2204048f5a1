//! The `hireguide` binary: everything lives in the library's `cli` module.

fn main() -> std::process::ExitCode {
    hireguide::cli::main()
}
