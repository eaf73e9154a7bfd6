//! `vanban`: a toolkit for Vietnamese administrative documents (văn bản hành chính).
//!
//! It owns text normalisation and diacritic folding ([`text`]), dates and working days
//! ([`date`]), document codes ([`code`]) and the parser that reads letters into records
//! ([`letter`]); it does no I/O.
//!
//! ```
//! let text = "BỘ XÂY DỰNG\nSố: 2428/BXD-QLN\nV/v hỗ trợ người có công về nhà ở\n\
//!             Hà Nội, ngày 15 tháng 11 năm 2013\n\n\
//!             Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương\n\n\
//!             Giao Sở Xây dựng chủ trì, phối hợp với Sở Tài chính báo cáo trước ngày 25/11/2013./.\n\n\
//!             KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\n\nNguyễn Trần Nam";
//! let letters = vanban::parse(text);
//! let letter = &letters[0];
//! assert_eq!(letter.full_code.as_deref(), Some("2428/BXD-QLN"));
//! assert_eq!(letter.issuer.as_deref(), Some("Bộ Xây dựng"));
//! assert_eq!(letter.signer_title.as_deref(), Some("Thứ trưởng"));
//! assert_eq!(letter.assignments[0].lead, "Sở Xây dựng");
//! assert_eq!(letter.assignments[0].coordinators, ["Sở Tài chính"]);
//!
//! let deadline = letter.assignments[0].deadline.expect("dated");
//! assert!(vanban::date::is_working_day(deadline));
//! ```
#![deny(missing_docs)]

pub mod code;
pub mod date;
pub mod letter;
pub mod text;

pub use letter::{Letter, parse};
pub use text::fold;
