//! Letters that arrive as pictures: a PDF without a text layer (a scan) or a photo (`.jpg`,
//! `.jpeg`, `.png`) is read by optical character recognition (OCR) with Tesseract and its
//! Vietnamese model, the pages of a PDF first rasterised by Poppler's `pdftoppm`. Both are
//! external programs, run as child processes (Debian packages `tesseract-ocr`,
//! `tesseract-ocr-vie` and `poppler-utils`); they are optional: without them a scan is refused
//! with a message saying what to install, and every other file is read as before.
//!
//! [`read_letter`] is the one entry point for an uploaded letter: text files, `.docx` and PDFs
//! with a text layer go through [`crate::text::extract_with`] unchanged; a PDF whose text layer
//! holds no letter at all, or an image, goes through OCR. The text then goes through the same
//! parser (`vanban::parse`) and its cleaning of OCR damage as any other text. The page's text is
//! built from Tesseract's word boxes, so that the two columns of a header or a signature block
//! are read one after the other rather than interleaved line by line (`layout`).
//!
//! # Limits
//!
//! One reading is bounded whatever the file says about itself ([`OcrLimits`]): the pages of a
//! scan ([`MAX_OCR_PAGES`]); the time each page may take, rasterising and recognising together
//! ([`MAX_OCR_PAGE_TIME`]): past it the program is killed and the file refused; the size of a
//! rasterised page (its long side at [`RASTER_PIXELS`], A4 at 300 dpi, whatever the page's
//! size); the pixels of an uploaded image ([`MAX_IMAGE_PIXELS`], read from the PNG or JPEG
//! header before anything is decoded); the text produced ([`crate::text::Limits::text_bytes`]).
//! Tesseract runs on one thread (`OMP_THREAD_LIMIT=1`), so a reading occupies one core, as the
//! server's pool of workers for heavy uploads assumes. The pages live in a temporary folder that
//! is removed when the reading ends, whether it succeeded or not.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::text::{self, ExtractError, Limits, PdfContent};

mod layout;

/// The most pages of a scan read by OCR.
pub const MAX_OCR_PAGES: usize = 5;

/// The longest one page may take, rasterising and recognising together.
pub const MAX_OCR_PAGE_TIME: Duration = Duration::from_secs(30);

/// The most pixels (width × height) of an uploaded image: a 40-megapixel photo.
pub const MAX_IMAGE_PIXELS: u64 = 40_000_000;

/// The long side of a rasterised PDF page, in pixels (A4 at 300 dpi).
pub const RASTER_PIXELS: u32 = 3508;

/// The Tesseract language model used.
pub const LANGUAGE: &str = "vie";

/// What the server's administrator installs for OCR (Debian and Ubuntu package names).
pub const PACKAGES: &str = "tesseract-ocr, tesseract-ocr-vie và poppler-utils";

/// What one OCR reading may cost; [`OcrLimits::default`] is the `MAX_OCR_…` constants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OcrLimits {
    /// Pages of a scan.
    pub pages: usize,
    /// Time per page.
    pub page_time: Duration,
}

impl Default for OcrLimits {
    fn default() -> Self {
        Self { pages: MAX_OCR_PAGES, page_time: MAX_OCR_PAGE_TIME }
    }
}

/// The text of an uploaded letter and how it was had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reading {
    /// The text, pages separated by a form feed (`\x0c`).
    pub text: String,
    /// Pages read by OCR (0: the file had text).
    pub ocr_pages: usize,
    /// Time spent on OCR.
    pub ocr_time: Duration,
}

/// The extensions [`read_letter`] reads as images.
const IMAGE_EXTENSIONS: [&str; 3] = ["jpg", "jpeg", "png"];

/// Whether a file name is an image that [`read_letter`] reads by OCR.
#[must_use]
pub fn is_image(file_name: &str) -> bool {
    IMAGE_EXTENSIONS.contains(&extension(file_name).as_str())
}

fn extension(file_name: &str) -> String {
    Path::new(file_name).extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default()
}

/// The text of an uploaded letter (`.txt`, `.docx`, `.pdf`, `.jpg`, `.jpeg`, `.png`), by OCR
/// when it is a picture. See the module documentation.
pub fn read_letter(file_name: &str, bytes: &[u8], limits: &Limits, ocr: &OcrLimits) -> Result<Reading, ExtractError> {
    let file = file_name.to_owned();
    let ext = extension(file_name);
    let text_only = |text: String| Reading { text, ocr_pages: 0, ocr_time: Duration::ZERO };
    if IMAGE_EXTENSIONS.contains(&ext.as_str()) {
        if bytes.len() > text::MAX_UPLOAD_BYTES {
            return Err(ExtractError::TooLarge { file, size: bytes.len() });
        }
        if bytes.is_empty() {
            return Err(ExtractError::Empty { file });
        }
        let (format, (width, height)) = image_size(bytes).map_err(|detail| ExtractError::Corrupt {
            file: file.clone(),
            format: if ext == "png" { "png" } else { "jpg" },
            detail,
        })?;
        if u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS {
            return Err(ExtractError::ImageTooLarge { file, width, height, limit: MAX_IMAGE_PIXELS });
        }
        return recognise(&file, Source::Image(bytes, format), limits, ocr);
    }
    if ext != "pdf" {
        return text::extract_with(file_name, bytes, limits).map(text_only);
    }
    match text::pdf_content(file_name, bytes, limits)? {
        PdfContent::Text(text) => Ok(text_only(text)),
        PdfContent::Scan(pages) if pages > ocr.pages => {
            Err(ExtractError::ScanTooLong { file, pages, limit: ocr.pages })
        }
        PdfContent::Scan(pages) => recognise(&file, Source::Pdf(bytes, pages), limits, ocr),
    }
}

/// What OCR reads.
#[derive(Clone, Copy)]
enum Source<'a> {
    /// An image file and its format's extension (`png`, `jpg`).
    Image(&'a [u8], &'static str),
    /// A PDF and its pages.
    Pdf(&'a [u8], usize),
}

/// Whether the programs and the language model are installed: `Err` names what is missing.
pub fn check_installed() -> Result<(), String> {
    let tesseract = find_program("tesseract").ok_or_else(|| "chương trình tesseract".to_owned())?;
    if find_program("pdftoppm").is_none() {
        return Err("chương trình pdftoppm (gói poppler-utils)".to_owned());
    }
    let dir = tempfile::Builder::new()
        .prefix("binhdang-ocr-")
        .tempdir()
        .map_err(|e| format!("chỗ ghi tệp tạm cho tesseract ({e})"))?;
    let list = dir.path().join("ngon-ngu.txt");
    let mut cmd = Command::new(tesseract);
    cmd.arg("--list-langs");
    let unusable = |detail: String| format!("chương trình tesseract chạy được (lỗi: {detail})");
    run(cmd, dir.path(), Some(&list), Instant::now() + Duration::from_secs(10)).map_err(|e| match e {
        RunError::Timeout => unusable("không trả lời sau 10 giây".into()),
        RunError::Failed(detail) => unusable(detail),
    })?;
    let langs = std::fs::read(&list).unwrap_or_default();
    if !String::from_utf8_lossy(&langs).lines().any(|l| l.trim() == LANGUAGE) {
        return Err(format!("mô hình tiếng Việt của Tesseract (gói tesseract-ocr-{LANGUAGE})"));
    }
    Ok(())
}

/// A program on `PATH`.
fn find_program(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths).map(|dir| dir.join(name)).find(|p| {
            use std::os::unix::fs::PermissionsExt;
            p.metadata().is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        })
    })
}

fn recognise(file: &str, source: Source<'_>, limits: &Limits, ocr: &OcrLimits) -> Result<Reading, ExtractError> {
    check_installed().map_err(|missing| ExtractError::OcrMissing { file: file.to_owned(), missing })?;
    let failed = |detail: String| ExtractError::OcrFailed { file: file.to_owned(), detail };
    let start = Instant::now();
    // Removed when it goes out of scope, on every path out of this function.
    let dir = tempfile::Builder::new()
        .prefix("binhdang-ocr-")
        .tempdir()
        .map_err(|e| failed(format!("không tạo được thư mục tạm: {e}")))?;
    let mut text = String::new();
    let pages = match source {
        Source::Image(bytes, format) => {
            let image = dir.path().join(format!("anh.{format}"));
            std::fs::write(&image, bytes).map_err(|e| failed(format!("không ghi được tệp tạm: {e}")))?;
            let deadline = Instant::now() + ocr.page_time;
            text.push_str(&tesseract(&image, dir.path(), deadline, file, 1, ocr.page_time)?);
            1
        }
        Source::Pdf(bytes, pages) => {
            let pdf = dir.path().join("banquet.pdf");
            std::fs::write(&pdf, bytes).map_err(|e| failed(format!("không ghi được tệp tạm: {e}")))?;
            for page in 1..=pages {
                let deadline = Instant::now() + ocr.page_time;
                let image = rasterise(&pdf, page, dir.path(), deadline, file, ocr.page_time)?;
                if page > 1 {
                    text.push_str("\n\x0c");
                }
                text.push_str(&tesseract(&image, dir.path(), deadline, file, page, ocr.page_time)?);
                // One page on disk at a time.
                let _ = std::fs::remove_file(&image);
                if text.len() > limits.text_bytes {
                    return Err(ExtractError::TooMuchText { file: file.to_owned(), limit: limits.text_bytes });
                }
            }
            pages
        }
    };
    if text.len() > limits.text_bytes {
        return Err(ExtractError::TooMuchText { file: file.to_owned(), limit: limits.text_bytes });
    }
    Ok(Reading { text, ocr_pages: pages, ocr_time: start.elapsed() })
}

/// Page `page` of `pdf` as a grey PNG in `dir`, its long side [`RASTER_PIXELS`].
fn rasterise(
    pdf: &Path,
    page: usize,
    dir: &Path,
    deadline: Instant,
    file: &str,
    limit: Duration,
) -> Result<PathBuf, ExtractError> {
    let prefix = dir.join(format!("trang-{page}"));
    let mut cmd = Command::new("pdftoppm");
    cmd.args(["-gray", "-png", "-singlefile", "-scale-to"])
        .arg(RASTER_PIXELS.to_string())
        .arg("-f")
        .arg(page.to_string())
        .arg("-l")
        .arg(page.to_string())
        .arg(pdf)
        .arg(&prefix);
    run(cmd, dir, None, deadline).map_err(|e| e.into_error(file, page, limit, "pdftoppm"))?;
    Ok(prefix.with_extension("png"))
}

/// The text Tesseract reads in `image`, without its trailing page separator.
fn tesseract(
    image: &Path,
    dir: &Path,
    deadline: Instant,
    file: &str,
    page: usize,
    limit: Duration,
) -> Result<String, ExtractError> {
    let out = dir.join(format!("chu-{page}"));
    let mut cmd = Command::new("tesseract");
    cmd.arg(image).arg(&out).args(["-l", LANGUAGE, "tsv"]).env("OMP_THREAD_LIMIT", "1");
    run(cmd, dir, None, deadline).map_err(|e| e.into_error(file, page, limit, "tesseract"))?;
    let written = out.with_extension("tsv");
    let bytes = std::fs::read(&written).map_err(|e| ExtractError::OcrFailed {
        file: file.to_owned(),
        detail: format!("tesseract không cho ra chữ ở trang {page}: {e}"),
    })?;
    let _ = std::fs::remove_file(&written);
    Ok(layout::page_text(&String::from_utf8_lossy(&bytes)))
}

/// Why a program failed.
enum RunError {
    /// It ran past the deadline and was killed.
    Timeout,
    /// It could not start, or ended with an error; what it said.
    Failed(String),
}

impl RunError {
    fn into_error(self, file: &str, page: usize, limit: Duration, program: &str) -> ExtractError {
        let file = file.to_owned();
        match self {
            Self::Timeout => ExtractError::OcrTooSlow { file, page, limit },
            Self::Failed(detail) => {
                ExtractError::OcrFailed { file, detail: format!("{program}, trang {page}: {detail}") }
            }
        }
    }
}

/// Runs a program until it ends or `deadline` passes (then it is killed). Its output goes to
/// files (standard output to `stdout` when given), never to a pipe that could fill while it is
/// waited for.
fn run(mut cmd: Command, dir: &Path, stdout: Option<&Path>, deadline: Instant) -> Result<(), RunError> {
    let log = dir.join("loi.txt");
    let stderr = std::fs::File::create(&log).map_err(|e| RunError::Failed(e.to_string()))?;
    let stdout = match stdout {
        Some(path) => Stdio::from(std::fs::File::create(path).map_err(|e| RunError::Failed(e.to_string()))?),
        None => Stdio::null(),
    };
    let mut child = cmd
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(stderr)
        .spawn()
        .map_err(|e| RunError::Failed(format!("không chạy được: {e}")))?;
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let said = std::fs::read(&log).unwrap_or_default();
                let said = String::from_utf8_lossy(&said);
                let mut detail = status.to_string();
                if let Some(line) = said.lines().rev().find(|l| !l.trim().is_empty()) {
                    let _ = write!(detail, ": {}", line.chars().take(200).collect::<String>());
                }
                return Err(RunError::Failed(detail));
            }
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::Timeout);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(RunError::Failed(e.to_string()));
            }
        }
    }
}

/// The format (`png`, `jpg`) and size of an image, read from its header; an error says why the
/// file is not a PNG or JPEG.
fn image_size(bytes: &[u8]) -> Result<(&'static str, (u32, u32)), String> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if let Some(rest) = bytes.strip_prefix(PNG) {
        // The first chunk is IHDR: length (4), type (4), width (4), height (4).
        if rest.len() < 16 || &rest[4..8] != b"IHDR" {
            return Err("phần đầu PNG bị hỏng".into());
        }
        let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
        return Ok(("png", (be(&rest[8..12]), be(&rest[12..16]))));
    }
    if bytes.starts_with(b"\xFF\xD8") {
        return jpeg_size(bytes).map(|size| ("jpg", size)).ok_or_else(|| "phần đầu JPEG bị hỏng".into());
    }
    Err("không phải ảnh PNG hay JPEG".into())
}

/// The size in a JPEG's start-of-frame segment.
pub(crate) fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    loop {
        // Fill bytes before a marker.
        while *bytes.get(i)? == 0xFF && *bytes.get(i + 1)? == 0xFF {
            i += 1;
        }
        if *bytes.get(i)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(i + 1)?;
        // Markers without a length.
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            i += 2;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([*bytes.get(i + 2)?, *bytes.get(i + 3)?]));
        let start_of_frame = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if start_of_frame {
            let height = u16::from_be_bytes([*bytes.get(i + 5)?, *bytes.get(i + 6)?]);
            let width = u16::from_be_bytes([*bytes.get(i + 7)?, *bytes.get(i + 8)?]);
            return Some((u32::from(width), u32::from(height)));
        }
        if marker == 0xD9 || marker == 0xDA || length < 2 {
            return None;
        }
        i += 2 + length;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_headers_give_the_size() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&2481u32.to_be_bytes());
        png.extend_from_slice(&3508u32.to_be_bytes());
        assert_eq!(image_size(&png), Ok(("png", (2481, 3508))));
        // SOI, an APP0 segment of 16 bytes, then SOF0 with height 3000 and width 4000.
        let mut jpeg = b"\xFF\xD8\xFF\xE0\x00\x10JFIF\0\x01\x01\0\0\x01\0\x01\0\0".to_vec();
        jpeg.extend_from_slice(b"\xFF\xC0\x00\x11\x08\x0B\xB8\x0F\xA0\x03");
        assert_eq!(image_size(&jpeg), Ok(("jpg", (4000, 3000))));
        assert!(image_size(b"GIF89a").is_err());
        assert!(image_size(b"\xFF\xD8\xFF\xE0\x00").is_err());
        assert!(image_size(b"\x89PNG\r\n\x1a\n\0\0").is_err());
    }

    #[test]
    fn huge_and_false_images_are_refused_before_any_program_runs() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        png.extend_from_slice(&100_000u32.to_be_bytes());
        png.extend_from_slice(&100_000u32.to_be_bytes());
        let e = read_letter("anh.PNG", &png, &Limits::default(), &OcrLimits::default()).unwrap_err();
        assert!(matches!(e, ExtractError::ImageTooLarge { width: 100_000, .. }), "{e:?}");
        assert!(e.to_string().starts_with("Tệp anh.PNG: ảnh 100000 × 100000 điểm ảnh"), "{e}");
        let e = read_letter("anh.jpg", b"<html>", &Limits::default(), &OcrLimits::default()).unwrap_err();
        assert!(e.to_string().starts_with("Tệp anh.jpg: tệp .jpg bị hỏng"), "{e}");
        let e = read_letter("anh.jpeg", b"", &Limits::default(), &OcrLimits::default()).unwrap_err();
        assert_eq!(e, ExtractError::Empty { file: "anh.jpeg".into() });
    }

    /// A scan whose text layer holds only a page number is still a scan; its pages are counted
    /// before anything is rasterised, so a long one is refused at once.
    #[test]
    fn a_text_layer_without_letters_is_a_scan() {
        let page = |n: usize| {
            let content = format!("BT /F1 10 Tf 500 30 Td ({n}) Tj ET");
            (
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
                [format!("<< /Length {} >>\nstream\n", content.len()).as_bytes(), content.as_bytes(), b"\nendstream"]
                    .concat(),
            )
        };
        let (p, c) = page(1);
        let bytes = crate::fixtures::pdf(&[
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R 3 0 R] /Count 2 /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
            p,
            c,
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        ]);
        assert_eq!(text::pdf_content("quet.pdf", &bytes, &Limits::default()), Ok(PdfContent::Scan(2)));
        let ocr = OcrLimits { pages: 1, ..OcrLimits::default() };
        let e = read_letter("quet.pdf", &bytes, &Limits::default(), &ocr).unwrap_err();
        assert_eq!(e, ExtractError::ScanTooLong { file: "quet.pdf".into(), pages: 2, limit: 1 });
        assert!(e.to_string().contains("bản quét có 2 trang, nhận dạng chữ (OCR) chỉ đọc tối đa 1 trang"), "{e}");
    }

    #[test]
    fn text_files_are_read_without_ocr() {
        let r = read_letter("a.txt", "Số: 12/UBND-VX".as_bytes(), &Limits::default(), &OcrLimits::default()).unwrap();
        assert_eq!((r.text.as_str(), r.ocr_pages), ("Số: 12/UBND-VX", 0));
        let e = read_letter("a.gif", b"GIF89a", &Limits::default(), &OcrLimits::default()).unwrap_err();
        assert!(e.to_string().contains(".jpg"), "{e}");
    }

    #[test]
    fn a_program_past_its_deadline_is_killed() {
        let dir = tempfile::tempdir().unwrap();
        let mut cmd = Command::new("sleep");
        cmd.arg("30");
        let start = Instant::now();
        let e = run(cmd, dir.path(), None, Instant::now() + Duration::from_millis(200));
        assert!(matches!(e, Err(RunError::Timeout)));
        assert!(start.elapsed() < Duration::from_secs(5));
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo hỏng >&2; exit 3"]);
        match run(cmd, dir.path(), None, Instant::now() + Duration::from_secs(10)) {
            Err(RunError::Failed(detail)) => assert!(detail.ends_with(": hỏng"), "{detail}"),
            _ => panic!("a failing program is an error"),
        }
    }
}
