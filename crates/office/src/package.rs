//! Parts of an uploaded zip package (`.docx`, `.xlsx`), read without trusting what the package
//! says about itself.
//!
//! A part is inflated through `take(limit + 1)`, so a part that inflates past its limit is
//! refused once one byte more than the limit has come out, whatever size its header declares;
//! and every part read is charged to one budget for the whole file, so that a package cannot
//! ask for the same large part many times over.

use std::io::{Cursor, Read};

/// Why a part could not be had.
#[derive(Debug)]
pub(crate) enum PartError {
    /// The part inflates past its own limit (in bytes).
    TooLarge(usize),
    /// Reading the part would take the whole file past its budget (in bytes).
    OverBudget(usize),
    /// The zip data of the part is damaged.
    Damaged(String),
}

/// An open package and what is left of its budget.
pub(crate) struct Package<'a> {
    archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    budget: usize,
    spent: usize,
}

impl<'a> Package<'a> {
    /// Opens a package with `budget` decompressed bytes to spend across all its parts.
    pub(crate) fn open(bytes: &'a [u8], budget: usize) -> Result<Self, String> {
        let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        Ok(Self { archive, budget, spent: 0 })
    }

    /// The bytes of the part named `name` (exactly, else ignoring ASCII case, as Office does),
    /// at most `limit` of them; `Ok(None)` when there is no such part.
    pub(crate) fn read(&mut self, name: &str, limit: usize) -> Result<Option<Vec<u8>>, PartError> {
        let index = self
            .archive
            .index_for_name(name)
            .or_else(|| self.archive.file_names().position(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name))));
        let Some(index) = index else { return Ok(None) };
        let left = self.budget.saturating_sub(self.spent);
        let cap = limit.min(left);
        let mut part = self.archive.by_index(index).map_err(|e| PartError::Damaged(e.to_string()))?;
        let mut out = Vec::new();
        (&mut part).take(cap as u64 + 1).read_to_end(&mut out).map_err(|e| PartError::Damaged(e.to_string()))?;
        if out.len() > cap {
            return Err(if cap == limit { PartError::TooLarge(limit) } else { PartError::OverBudget(self.budget) });
        }
        self.spent += out.len();
        Ok(Some(out))
    }
}

/// Bytes as whole MiB, for messages.
pub(crate) fn mib(bytes: usize) -> usize {
    bytes / (1024 * 1024)
}
