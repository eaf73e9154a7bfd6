//! Bounds on what a search or a list may ask for, checked at the edge with a clear message:
//! every query word becomes a `LIKE` condition, and an offset is rows the database must skip.

use crate::Error;

/// Words of a search query.
pub const MAX_QUERY_WORDS: usize = 12;
/// Characters of a search query.
pub const MAX_QUERY_CHARS: usize = 200;
/// The furthest row a list may start at.
pub const MAX_OFFSET: u32 = 1_000_000;

/// Refuses a query with too many words or characters.
pub fn check_query(field: &str, q: Option<&str>) -> Result<(), Error> {
    let Some(q) = q else { return Ok(()) };
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::invalid(field, format!("từ khóa tìm kiếm dài quá {MAX_QUERY_CHARS} ký tự; hãy rút gọn")));
    }
    if q.split_whitespace().count() > MAX_QUERY_WORDS {
        return Err(Error::invalid(field, format!("tìm theo tối đa {MAX_QUERY_WORDS} từ; hãy bớt từ khóa")));
    }
    Ok(())
}

/// Refuses an offset past [`MAX_OFFSET`].
pub fn check_offset(field: &str, offset: u32) -> Result<u32, Error> {
    if offset > MAX_OFFSET {
        return Err(Error::invalid(field, format!("vị trí bắt đầu quá lớn (tối đa {MAX_OFFSET}); hãy lọc bớt")));
    }
    Ok(offset)
}

/// The first row of page `page` (from 0) of `size` rows, refusing pages past [`MAX_OFFSET`].
pub fn page_offset(page: u32, size: u32) -> Result<u32, Error> {
    page.checked_mul(size)
        .filter(|o| *o <= MAX_OFFSET)
        .ok_or_else(|| Error::invalid("page", format!("trang {page} vượt quá số trang có thể xem; hãy lọc bớt")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_bounded_in_words_and_characters() {
        assert!(check_query("q", None).is_ok());
        assert!(check_query("q", Some("bình đẳng giới")).is_ok());
        assert!(check_query("q", Some(&["binh"; MAX_QUERY_WORDS].join(" "))).is_ok());
        assert!(check_query("q", Some(&["binh"; MAX_QUERY_WORDS + 1].join(" "))).is_err());
        assert!(check_query("q", Some(&"a".repeat(MAX_QUERY_CHARS + 1))).is_err());
    }

    #[test]
    fn pages_never_wrap() {
        assert_eq!(page_offset(2, 50).unwrap(), 100);
        assert!(page_offset(u32::MAX, 50).is_err());
        assert!(page_offset(MAX_OFFSET / 50 + 1, 50).is_err());
        assert!(check_offset("offset", u32::MAX).is_err());
        assert_eq!(check_offset("offset", 10).unwrap(), 10);
    }
}
