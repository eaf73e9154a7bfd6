//! Difficulties (vướng mắc, kiến nghị): what an agency carrying out a letter raises to the body
//! that issued it ("nếu có vướng mắc đề nghị phản ánh về Bộ", as the 2021 guidance ends), the
//! answers, and the rules on their size: a subject, a text, a few attached files, and a status
//! that goes open → answered → closed (and back to open when the issuing body reopens it).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::documents::DocumentId;
use crate::tasks::TaskId;
use crate::units::UnitId;
use crate::{Error, FieldError};

/// The identity of a difficulty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DifficultyId(pub i64);

impl fmt::Display for DifficultyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Longest subject, in characters.
pub const MAX_SUBJECT_CHARS: usize = 300;
/// Longest text of a difficulty or an answer, in characters.
pub const MAX_TEXT_CHARS: usize = 10_000;
/// Most files attached to one difficulty.
pub const MAX_FILES: usize = 5;
/// Largest attached file.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Largest total of the files attached to one difficulty.
pub const MAX_FILES_TOTAL_BYTES: usize = 20 * 1024 * 1024;

crate::named_enum! {
    /// Where a difficulty stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum DifficultyStatus: "status", "trạng thái" {
        /// Waiting for the issuing body's answer.
        Open = "open", "Chờ trả lời", "Awaiting an answer";
        /// Answered; the raising agency reads the answer.
        Answered = "answered", "Đã trả lời", "Answered";
        /// Closed by the issuing body.
        Closed = "closed", "Đã đóng", "Closed";
    }
}

/// A difficulty as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Difficulty {
    /// Identity.
    pub id: DifficultyId,
    /// The letter it is about (the copy in the raising agency's registers, or the issuer's).
    pub document: DocumentId,
    /// The task of that letter it arose in, if any.
    pub task: Option<TaskId>,
    /// Groups the copies of one letter in different registers: the issuer, the code and the year.
    pub letter_key: String,
    /// The agency that raised it.
    pub raised_by: UnitId,
    /// The body that issued the letter, to which it is addressed (its successors answer).
    pub addressed_to: UnitId,
    /// What it is about, in one line.
    pub subject: String,
    /// The question or difficulty.
    pub text: String,
    /// Where it stands.
    pub status: DifficultyStatus,
    /// The day it was raised.
    pub raised_on: chrono::NaiveDate,
    /// Optimistic version.
    pub version: i64,
}

/// An answer of the issuing body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    /// Identity.
    pub id: i64,
    /// The answer.
    pub text: String,
    /// Whether every agency the letter was addressed to may read it (and the difficulty).
    pub shared: bool,
    /// The agency that answered.
    pub answered_by: UnitId,
    /// The day it was given.
    pub answered_on: chrono::NaiveDate,
}

/// An attached file, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileInfo {
    /// Identity (for the download link).
    pub id: i64,
    /// The file name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

/// A new difficulty, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDifficulty {
    /// The letter.
    pub document: DocumentId,
    /// The task, if raised from one.
    pub task: Option<TaskId>,
    /// The letter's key (see [`Difficulty::letter_key`]).
    pub letter_key: String,
    /// The raising agency.
    pub raised_by: UnitId,
    /// The issuing body.
    pub addressed_to: UnitId,
    /// Subject.
    pub subject: String,
    /// Text.
    pub text: String,
    /// The day it is raised.
    pub raised_on: chrono::NaiveDate,
}

/// Checks a subject and a text as submitted; returns them trimmed, or the messages per field.
pub fn check_text(subject: &str, text: &str) -> Result<(String, String), Error> {
    let mut errors = Vec::new();
    let subject = subject.trim();
    let text = text.trim();
    if subject.is_empty() {
        errors.push(FieldError::new("subject", "hãy ghi nội dung vướng mắc trong một dòng (tiêu đề)"));
    } else if subject.chars().count() > MAX_SUBJECT_CHARS {
        errors.push(FieldError::new("subject", format!("tiêu đề dài quá {MAX_SUBJECT_CHARS} ký tự")));
    }
    if text.is_empty() {
        errors.push(FieldError::new("text", "hãy trình bày vướng mắc, kiến nghị"));
    } else if text.chars().count() > MAX_TEXT_CHARS {
        errors.push(FieldError::new("text", format!("nội dung dài quá {MAX_TEXT_CHARS} ký tự")));
    }
    if errors.is_empty() { Ok((subject.to_owned(), text.to_owned())) } else { Err(Error::Invalid(errors)) }
}

/// Checks an answer's text; returns it trimmed.
pub fn check_answer(text: &str) -> Result<String, Error> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::invalid("answer", "hãy ghi nội dung trả lời"));
    }
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(Error::invalid("answer", format!("nội dung trả lời dài quá {MAX_TEXT_CHARS} ký tự")));
    }
    Ok(text.to_owned())
}

/// Checks the attached files' number and sizes: `(name, size)` each.
pub fn check_files(files: &[(&str, usize)]) -> Result<(), Error> {
    let mb = |b: usize| b / 1024 / 1024;
    if files.len() > MAX_FILES {
        return Err(Error::invalid("files", format!("chỉ đính kèm được tối đa {MAX_FILES} tệp")));
    }
    let mut errors = Vec::new();
    for (name, size) in files {
        if name.trim().is_empty() || *size == 0 {
            errors.push(FieldError::new("files", "có tệp đính kèm rỗng hoặc không có tên"));
        } else if *size > MAX_FILE_BYTES {
            errors.push(FieldError::new("files", format!("tệp {name} lớn hơn {} MB", mb(MAX_FILE_BYTES))));
        }
    }
    if files.iter().map(|(_, s)| s).sum::<usize>() > MAX_FILES_TOTAL_BYTES {
        errors.push(FieldError::new(
            "files",
            format!("các tệp đính kèm cộng lại lớn hơn {} MB", mb(MAX_FILES_TOTAL_BYTES)),
        ));
    }
    if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
}

/// The key that groups the copies of one letter: the issuing body, the code key and the year of
/// the letter's date (numbers restart every year), or the document itself when it has no code.
#[must_use]
pub fn letter_key(document: DocumentId, issuer: UnitId, code_key: Option<&str>, year: Option<i32>) -> String {
    match (code_key.filter(|k| !k.is_empty()), year) {
        (Some(k), Some(y)) => format!("{}|{k}|{y}", issuer.0),
        _ => format!("doc|{}", document.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(e: Error) -> Vec<String> {
        match e {
            Error::Invalid(f) => f.into_iter().map(|f| f.field).collect(),
            other => vec![other.to_string()],
        }
    }

    #[test]
    fn subject_and_text_are_required_and_bounded() {
        assert_eq!(fields(check_text(" ", "").unwrap_err()), ["subject", "text"]);
        let long = "a".repeat(MAX_SUBJECT_CHARS + 1);
        assert_eq!(fields(check_text(&long, "x").unwrap_err()), ["subject"]);
        assert_eq!(check_text(" Kinh phí ", " Xin hướng dẫn ").unwrap(), ("Kinh phí".into(), "Xin hướng dẫn".into()));
        assert_eq!(fields(check_answer("  ").unwrap_err()), ["answer"]);
        assert_eq!(fields(check_answer(&"b".repeat(MAX_TEXT_CHARS + 1)).unwrap_err()), ["answer"]);
    }

    #[test]
    fn files_are_bounded_in_number_and_size() {
        assert!(check_files(&[("a.pdf", 10), ("b.docx", MAX_FILE_BYTES)]).is_ok());
        let six = [("a.pdf", 1); MAX_FILES + 1];
        assert_eq!(fields(check_files(&six).unwrap_err()), ["files"]);
        let e = check_files(&[("big.pdf", MAX_FILE_BYTES + 1)]).unwrap_err();
        assert!(e.to_string().contains("big.pdf"), "{e}");
        let three = [("a.pdf", MAX_FILE_BYTES), ("b.pdf", MAX_FILE_BYTES), ("c.pdf", 1)];
        assert!(check_files(&three).unwrap_err().to_string().contains("cộng lại"));
        assert!(check_files(&[("", 0)]).is_err());
    }

    #[test]
    fn copies_of_one_letter_share_a_key() {
        let a = letter_key(DocumentId(1), UnitId(7), Some("356/ldtbxh-bdg"), Some(2021));
        let b = letter_key(DocumentId(2), UnitId(7), Some("356/ldtbxh-bdg"), Some(2021));
        assert_eq!(a, b);
        assert_ne!(a, letter_key(DocumentId(2), UnitId(7), Some("356/ldtbxh-bdg"), Some(2022)));
        assert_eq!(letter_key(DocumentId(3), UnitId(7), None, Some(2021)), "doc|3");
        assert_eq!("answered".parse::<DifficultyStatus>().unwrap(), DifficultyStatus::Answered);
        assert!("pending".parse::<DifficultyStatus>().is_err());
    }
}
