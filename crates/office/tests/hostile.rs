//! Hostile uploads, built here rather than kept as binary fixtures: each must be refused (or
//! read within the limits) quickly and without a large allocation. This file is its own test
//! process, so the peak resident memory read from `/proc/self/status` is what these files cost
//! (all of them together, since the tests run side by side).

use std::time::{Duration, Instant};

use binhdang_office::{text, xlsx};

/// Generous for a debug build; the extraction deadline itself is 10 s.
const MAX_TIME: Duration = Duration::from_secs(15);
/// Peak resident memory of the whole test process.
const MAX_PEAK_RSS_MIB: u64 = 400;

/// The process's peak resident set (`VmHWM`), in MiB; `None` where `/proc` is missing.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

/// Runs `f`, checks its time and the process's peak memory, and prints both.
fn bounded<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let out = f();
    let elapsed = start.elapsed();
    let peak = peak_rss_mib();
    eprintln!("{what}: {elapsed:.2?}, peak RSS {peak:?} MiB");
    assert!(elapsed < MAX_TIME, "{what} took {elapsed:?}");
    if let Some(peak) = peak {
        assert!(peak < MAX_PEAK_RSS_MIB, "{what}: peak RSS {peak} MiB");
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Builders

/// The body of one part: `head`, then `unit` repeated until the part is `total` bytes long (or
/// just over), then `tail`; written in pieces so that a bomb is never whole in memory here.
struct Body<'a> {
    head: &'a str,
    unit: &'a str,
    tail: &'a str,
    total: usize,
}

impl<'a> Body<'a> {
    fn plain(text: &'a str) -> Self {
        Self { head: text, unit: "", tail: "", total: 0 }
    }
}

/// `bytes` as raw deflate blocks that stand alone: ending on a full flush (so that more blocks
/// may follow, even copies of these) or, with `last`, ending the stream.
fn deflate(bytes: &[u8], last: bool) -> Vec<u8> {
    let mut compress = flate2::Compress::new(flate2::Compression::best(), false);
    let mut out = Vec::with_capacity(bytes.len() + 1024);
    let flush = if last { flate2::FlushCompress::Finish } else { flate2::FlushCompress::Full };
    compress.compress_vec(bytes, &mut out, flush).expect("a compressor writes into a large enough buffer");
    assert_eq!(compress.total_in(), bytes.len() as u64);
    out
}

/// The deflated data, CRC-32 and size of a body: the repeated middle is one megabyte compressed
/// once and its blocks copied, so a bomb costs milliseconds to build.
fn deflate_body(body: &Body<'_>) -> (Vec<u8>, u32, u64) {
    let mut crc = flate2::Crc::new();
    let mut data = deflate(body.head.as_bytes(), false);
    crc.update(body.head.as_bytes());
    let mut size = body.head.len();
    if !body.unit.is_empty() {
        let chunk = body.unit.repeat((1 << 20) / body.unit.len()).into_bytes();
        let block = deflate(&chunk, false);
        while size < body.total {
            data.extend_from_slice(&block);
            crc.update(&chunk);
            size += chunk.len();
        }
    }
    data.extend_from_slice(&deflate(body.tail.as_bytes(), true));
    crc.update(body.tail.as_bytes());
    size += body.tail.len();
    (data, crc.sum(), size as u64)
}

/// A zip package of the given parts, each deflated; written by hand (with ZIP64 sizes) so
/// that a bomb is built from one compressed chunk instead of by compressing all of it.
fn package(parts: &[(&str, Body<'_>)]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, body) in parts {
        let (data, crc, size) = deflate_body(body);
        let offset = out.len() as u64;
        let zip64 = |extra: &mut Vec<u8>, with_offset: bool| {
            extra.extend_from_slice(&1u16.to_le_bytes());
            extra.extend_from_slice(&(if with_offset { 24u16 } else { 16u16 }).to_le_bytes());
            extra.extend_from_slice(&size.to_le_bytes());
            extra.extend_from_slice(&(data.len() as u64).to_le_bytes());
            if with_offset {
                extra.extend_from_slice(&offset.to_le_bytes());
            }
        };
        let mut local_extra = Vec::new();
        zip64(&mut local_extra, false);
        out.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
        out.extend_from_slice(&45u16.to_le_bytes()); // version needed
        out.extend_from_slice(&0u16.to_le_bytes()); // flags
        out.extend_from_slice(&8u16.to_le_bytes()); // deflated
        out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date (1980-01-01)
        out.extend_from_slice(&crc.to_le_bytes());
        out.extend_from_slice(&u32::MAX.to_le_bytes());
        out.extend_from_slice(&u32::MAX.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&(local_extra.len() as u16).to_le_bytes());
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&local_extra);
        out.extend_from_slice(&data);
        let mut central_extra = Vec::new();
        zip64(&mut central_extra, true);
        central.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
        central.extend_from_slice(&45u16.to_le_bytes()); // made by
        central.extend_from_slice(&45u16.to_le_bytes()); // needed
        central.extend_from_slice(&0u16.to_le_bytes());
        central.extend_from_slice(&8u16.to_le_bytes());
        central.extend_from_slice(&[0, 0, 0x21, 0]);
        central.extend_from_slice(&crc.to_le_bytes());
        central.extend_from_slice(&u32::MAX.to_le_bytes());
        central.extend_from_slice(&u32::MAX.to_le_bytes());
        central.extend_from_slice(&(name.len() as u16).to_le_bytes());
        central.extend_from_slice(&(central_extra.len() as u16).to_le_bytes());
        central.extend_from_slice(&[0; 6]); // comment length, disk, internal attributes
        central.extend_from_slice(&0u32.to_le_bytes()); // external attributes
        central.extend_from_slice(&u32::MAX.to_le_bytes()); // offset: in the ZIP64 field
        central.extend_from_slice(name.as_bytes());
        central.extend_from_slice(&central_extra);
    }
    let central_offset = out.len() as u64;
    out.extend_from_slice(&central);
    let zip64_end = out.len() as u64;
    let count = parts.len() as u64;
    out.extend_from_slice(&0x0606_4b50u32.to_le_bytes());
    out.extend_from_slice(&44u64.to_le_bytes());
    out.extend_from_slice(&45u16.to_le_bytes());
    out.extend_from_slice(&45u16.to_le_bytes());
    out.extend_from_slice(&[0; 8]); // disk numbers
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&count.to_le_bytes());
    out.extend_from_slice(&(central.len() as u64).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0x0706_4b50u32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&zip64_end.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&u16::MAX.to_le_bytes());
    out.extend_from_slice(&u16::MAX.to_le_bytes());
    out.extend_from_slice(&u32::MAX.to_le_bytes());
    out.extend_from_slice(&u32::MAX.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Chỉ tiêu" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;

/// A workbook of one sheet "Chỉ tiêu" with the given `sheetData` rows and shared strings.
fn workbook(rows: &str, shared_strings: Option<Body<'_>>) -> Vec<u8> {
    let sheet = format!("{SHEET_HEAD}{rows}</sheetData></worksheet>");
    let mut parts = vec![
        ("[Content_Types].xml", Body::plain(CONTENT_TYPES)),
        ("_rels/.rels", Body::plain(ROOT_RELS)),
        ("xl/workbook.xml", Body::plain(WORKBOOK)),
        ("xl/_rels/workbook.xml.rels", Body::plain(WORKBOOK_RELS)),
        ("xl/worksheets/sheet1.xml", Body::plain(&sheet)),
    ];
    if let Some(sst) = shared_strings {
        parts.push(("xl/sharedStrings.xml", sst));
    }
    package(&parts)
}

/// A `.docx` whose `word/document.xml` is the given body.
fn docx(document_xml: Body<'_>) -> Vec<u8> {
    package(&[
        (
            "[Content_Types].xml",
            Body::plain(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
            ),
        ),
        (
            "_rels/.rels",
            Body::plain(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
            ),
        ),
        ("word/document.xml", document_xml),
    ])
}

const W: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;

use binhdang_office::fixtures::pdf;

/// Adler-32 (the zlib checksum) of `bytes`, continuing from `sum`.
fn adler32(sum: u32, bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (sum & 0xffff, sum >> 16);
    for chunk in bytes.chunks(5552) {
        for &x in chunk {
            a += u32::from(x);
            b += a;
        }
        a %= 65_521;
        b %= 65_521;
    }
    (b << 16) | a
}

/// A `/FlateDecode` stream object whose content is `head` then spaces up to `size` bytes.
fn flate_stream(head: &[u8], size: usize) -> Vec<u8> {
    let mut data = vec![0x78, 0xDA];
    data.extend_from_slice(&deflate(head, false));
    let mut sum = adler32(1, head);
    let chunk = vec![b' '; 1 << 20];
    let block = deflate(&chunk, false);
    let mut written = head.len();
    while written + chunk.len() <= size {
        data.extend_from_slice(&block);
        sum = adler32(sum, &chunk);
        written += chunk.len();
    }
    let rest = vec![b' '; size.saturating_sub(written)];
    data.extend_from_slice(&deflate(&rest, true));
    sum = adler32(sum, &rest);
    data.extend_from_slice(&sum.to_be_bytes());
    [format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", data.len()).as_bytes(), &data, b"\nendstream"].concat()
}

/// `pages` pages that all draw one shared content stream of `size` bytes (mostly spaces).
fn shared_stream_pdf(pages: usize, size: usize) -> Vec<u8> {
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", i + 5)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} /Resources << /Font << /F1 3 0 R >> >> >>", kids.join(" "))
            .into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_vec(),
        flate_stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET\n", size),
    ];
    for _ in 0..pages {
        objects.push(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec());
    }
    pdf(&objects)
}

/// The builders make files that read, so that the refusals below are not for a broken package.
#[test]
fn builders_make_readable_files() {
    let book = workbook(r#"<row r="2"><c r="B2" t="inlineStr"><is><t>Nữ</t></is></c></row>"#, None);
    let sheets = xlsx::read_text(&book).unwrap();
    assert_eq!(sheets, vec![("Chỉ tiêu".to_owned(), vec![vec![], vec![String::new(), "Nữ".to_owned()]])]);
    let unit = "<w:p><w:r><w:t>Bình đẳng</w:t></w:r></w:p>";
    let letter = docx(Body { head: W, unit, tail: "</w:body></w:document>", total: 3 << 20 });
    let text = text::extract("a.docx", &letter).unwrap();
    assert!(text.lines().all(|l| l == "Bình đẳng"));
    assert!(text.lines().count() >= (3 << 20) / unit.len());
    let pdf = shared_stream_pdf(2, 3 << 20);
    assert_eq!(text::extract("a.pdf", &pdf).unwrap(), "Hello\n\x0cHello");
}

// ---------------------------------------------------------------------------------------------
// Workbooks

/// One cell at A1 and one at XFD1048576: a dense reader would allocate ~17 billion cells.
#[test]
fn xlsx_dense_range_is_refused() {
    let bytes = workbook(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
        None,
    );
    assert!(bytes.len() < 4096, "{} bytes", bytes.len());
    let e = bounded("xlsx A1 + XFD1048576", || xlsx::read_text(&bytes)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "không đọc được tệp Excel (.xlsx): trang \"Chỉ tiêu\", ô XFD1048576: vượt quá giới hạn đọc 10.000 dòng × 256 cột"
    );
}

/// `xl/sharedStrings.xml` inflates to 300 MB.
#[test]
fn xlsx_shared_strings_bomb_is_refused() {
    let sst = Body {
        head: r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4000000000">"#,
        unit: "<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>",
        tail: "</sst>",
        total: 300 * 1024 * 1024,
    };
    let bytes = workbook(r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, Some(sst));
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    let e = bounded("xlsx sharedStrings bomb", || xlsx::read_text(&bytes)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "không đọc được tệp Excel (.xlsx): phần xl/sharedStrings.xml vượt quá 32 MiB khi giải nén"
    );
}

// ---------------------------------------------------------------------------------------------
// Letters

/// 200 pages that all draw one content stream inflating to 50 MB: each page would inflate it
/// again.
#[test]
fn pdf_pages_sharing_a_huge_stream_are_bounded() {
    let bytes = shared_stream_pdf(200, 50 * 1024 * 1024);
    assert!(bytes.len() < 200 * 1024, "{} bytes", bytes.len());
    let result = bounded("pdf 200 pages × shared 50 MB stream", || text::extract("chung.pdf", &bytes));
    let e = result.unwrap_err();
    assert!(matches!(e, text::ExtractError::TooMuchData { .. }), "{e:?}");
    assert!(e.to_string().starts_with("Tệp chung.pdf: dữ liệu sau khi giải nén vượt quá giới hạn"), "{e}");
}

/// The same with a stream each page may inflate (20 MB), so that it is the total across pages
/// that stops it, after three pages.
#[test]
fn pdf_pages_sharing_a_stream_stop_at_the_total() {
    let bytes = shared_stream_pdf(200, 20 * 1024 * 1024);
    let e = bounded("pdf 200 pages × shared 20 MB stream", || text::extract("chung.pdf", &bytes)).unwrap_err();
    assert_eq!(
        e,
        text::ExtractError::TooMuchData { file: "chung.pdf".into(), limit: text::MAX_TOTAL_DECOMPRESSED_BYTES }
    );
    assert_eq!(
        e.to_string(),
        "Tệp chung.pdf: dữ liệu sau khi giải nén vượt quá giới hạn 64 MiB; \
         hãy lưu lại tệp (hoặc in ra PDF) rồi tải lên lại"
    );
}

/// `word/document.xml` inflates to 400 MB.
#[test]
fn docx_document_bomb_is_refused() {
    let bytes = docx(Body { head: W, unit: "<w:p/>", tail: "</w:body></w:document>", total: 400 * 1024 * 1024 });
    assert!(bytes.len() < 2 * 1024 * 1024, "{} bytes", bytes.len());
    let e = bounded("docx 400 MB document.xml", || text::extract("bom.docx", &bytes)).unwrap_err();
    assert_eq!(e, text::ExtractError::TooMuchData { file: "bom.docx".into(), limit: text::MAX_DECOMPRESSED_BYTES });
}

/// Millions of empty paragraphs in a part that is under the size limit: the text must not cost
/// many times the XML.
#[test]
fn docx_many_empty_paragraphs_stay_small() {
    let bytes = docx(Body { head: W, unit: "<w:p/>", tail: "</w:body></w:document>", total: 30 * 1024 * 1024 });
    let result = bounded("docx 30 MB of empty paragraphs", || text::extract("rong.docx", &bytes));
    // Five million XML events take seconds in a debug build on a busy machine: the deadline may
    // come first.
    match result {
        Ok(text) => assert_eq!(text, ""),
        Err(e) => assert!(matches!(e, text::ExtractError::TooSlow { .. }), "{e:?}"),
    }
}
