//! Prints what `vanban::parse` reads from each file named on the command line, as JSON.
//!
//! `cargo run -p vanban --example parse -- tests/corpus/001.txt`

use std::{env, fs, process::ExitCode};

fn main() -> ExitCode {
    let mut status = ExitCode::SUCCESS;
    for path in env::args().skip(1) {
        match fs::read_to_string(&path) {
            Ok(text) => {
                let letters = vanban::parse(&text);
                match serde_json::to_string_pretty(&letters) {
                    Ok(json) => println!("{json}"),
                    Err(error) => {
                        eprintln!("{path}: {error}");
                        status = ExitCode::FAILURE;
                    }
                }
            }
            Err(error) => {
                eprintln!("{path}: {error}");
                status = ExitCode::FAILURE;
            }
        }
    }
    status
}
