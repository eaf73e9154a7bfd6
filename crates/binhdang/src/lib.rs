//! The `binhdang` program: configuration, the reference data shipped in the binary, the demo
//! loader and the server. `main.rs` holds the command line.
#![deny(missing_docs)]

pub mod backup;
pub mod config;
pub mod data;
pub mod demo;
pub mod server;
pub mod values;
