//! The yearly report on the web: the form choosing an area (one the user may read) and a year,
//! the draft as a printable page, its `.docx` (Decree 30) and `.xlsx` downloads, and the JSON
//! twin under `/api/v1/yearly-reports`. The use case is `binhdang_app::yearly`.

pub mod api;
pub mod pages;

pub use binhdang_app::yearly::*;

use binhdang_core::Error as DomainError;

/// The year of a path or a form, named `year` in the message when it is not one.
pub fn parse_year(text: &str) -> Result<i32, DomainError> {
    text.trim().parse::<i32>().ok().filter(|y| binhdang_core::reporting::YEARS.contains(y)).ok_or_else(|| {
        DomainError::invalid("year", format!("năm \"{}\" phải là một năm từ 2000 đến 2100", text.trim()))
    })
}

/// An area code as typed into an address: letters, digits and dashes only.
pub fn check_code(text: &str) -> Result<String, DomainError> {
    let code = text.trim();
    if code.is_empty() || code.len() > 40 || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(DomainError::invalid(
            "unit",
            format!("mã địa bàn \"{code}\" không hợp lệ; chọn địa bàn trong danh sách"),
        ));
    }
    Ok(code.to_owned())
}
