//! The `capsule` command: parse the arguments, run, exit with the contract's code.

fn main() {
    std::process::exit(capsule::cli::run());
}
