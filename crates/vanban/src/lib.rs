//! `vanban`: a toolkit for Vietnamese administrative documents (văn bản hành chính).
//!
//! It owns text normalisation and diacritic folding; it does no I/O.
#![deny(missing_docs)]

pub mod text;

pub use text::fold;
