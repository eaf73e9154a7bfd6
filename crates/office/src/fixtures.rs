//! Small files built by code, for tests and load tests: a PDF with a correct cross-reference
//! table from its objects. The readers' tests, the hostile-file tests and the server's tests build
//! their letters with it rather than each keeping a copy.

/// A PDF with a correct xref table from its objects (numbered from 1; the catalog is object 1).
#[must_use]
pub fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A scanned letter: a PDF whose pages are the given JPEG images (grey or colour), each drawn
/// over a whole A4 page, without any text layer.
///
/// # Panics
///
/// When a page is not a JPEG.
#[must_use]
pub fn scan_pdf(pages: &[Vec<u8>]) -> Vec<u8> {
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 3 + 3 * i)).collect();
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).into_bytes(),
    ];
    for (i, jpeg) in pages.iter().enumerate() {
        let (width, height) = crate::ocr::jpeg_size(jpeg).expect("a JPEG page");
        let components = jpeg_components(jpeg);
        let (content, image) = (4 + 3 * i, 5 + 3 * i);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R \
                 /Resources << /XObject << /Im {image} 0 R >> >> >>"
            )
            .into_bytes(),
        );
        let draw = b"q 595 0 0 842 0 0 cm /Im Do Q";
        objects.push([format!("<< /Length {} >>\nstream\n", draw.len()).as_bytes(), draw, b"\nendstream"].concat());
        let space = if components == 1 { "/DeviceGray" } else { "/DeviceRGB" };
        objects.push(
            [
                format!(
                    "<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {space} \
                     /BitsPerComponent 8 /Filter /DCTDecode /Length {} >>\nstream\n",
                    jpeg.len()
                )
                .as_bytes(),
                jpeg,
                b"\nendstream",
            ]
            .concat(),
        );
    }
    pdf(&objects)
}

/// The colour components of a JPEG (1 grey, 3 colour), from its start-of-frame segment.
fn jpeg_components(jpeg: &[u8]) -> u8 {
    jpeg.windows(2)
        .position(|w| w[0] == 0xFF && matches!(w[1], 0xC0..=0xC2))
        .and_then(|i| jpeg.get(i + 9).copied())
        .unwrap_or(3)
}

/// A letter's text as a flat `OpenDocument` text (`.fodt`) that `LibreOffice` prints as a
/// paper letter would be: one paragraph per non-empty line, Liberation Serif 13 pt, A4 with the
/// margins of Decree 30; lines that are rows of a table flattened into text (`| a | b |`, as web
/// pages give a letter's header and signature) become a borderless table again, cell beside
/// cell as on paper. The scan tests render it, rasterise it and read it back by OCR.
#[must_use]
pub fn letter_fodt(text: &str) -> String {
    use std::fmt::Write as _;
    let escape = |line: &str| {
        line.chars().filter(|c| !c.is_control() || *c == '\t').fold(String::new(), |mut s, c| {
            match c {
                '&' => s.push_str("&amp;"),
                '<' => s.push_str("&lt;"),
                '>' => s.push_str("&gt;"),
                _ => s.push(c),
            }
            s
        })
    };
    let paragraph = |body: &mut String, text: &str| {
        body.push_str("<text:p text:style-name=\"P\">");
        body.push_str(&escape(text));
        body.push_str("</text:p>\n");
    };
    let mut body = String::new();
    let mut rows: Vec<Vec<&str>> = Vec::new();
    let flush = |body: &mut String, rows: &mut Vec<Vec<&str>>| {
        let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
        if columns == 0 {
            return;
        }
        let _ = writeln!(
            body,
            "<table:table table:name=\"T{}\"><table:table-column table:number-columns-repeated=\"{columns}\"/>",
            body.len()
        );
        for row in rows.drain(..) {
            body.push_str("<table:table-row>");
            for i in 0..columns {
                body.push_str("<table:table-cell office:value-type=\"string\">");
                paragraph(body, row.get(i).copied().unwrap_or(""));
                body.push_str("</table:table-cell>");
            }
            body.push_str("</table:table-row>\n");
        }
        body.push_str("</table:table>\n");
    };
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if let Some(inner) = line.strip_prefix('|') {
            let inner = inner.strip_suffix('|').unwrap_or(inner);
            let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
            // The rule under a Markdown table's first row.
            if !cells.iter().all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' '))) {
                rows.push(cells);
            }
            continue;
        }
        flush(&mut body, &mut rows);
        paragraph(&mut body, line);
    }
    flush(&mut body, &mut rows);
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Liberation Serif" svg:font-family="'Liberation Serif'"/></office:font-face-decls>
<office:styles><style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.12cm"/><style:text-properties style:font-name="Liberation Serif" fo:font-size="13pt"/></style:style></office:styles>
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="3cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text>
{body}</office:text></office:body></office:document>
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flattened_table_is_a_table_again() {
        let fodt = letter_fodt("| BỘ Y TẾ | CỘNG HÒA |\n|---|---|\n| Số: 1/BYT |\n\nKính gửi: A & B <C>\n");
        assert!(fodt.contains("table:number-columns-repeated=\"2\""), "{fodt}");
        assert_eq!(fodt.matches("<table:table-row>").count(), 2, "{fodt}");
        assert!(fodt.contains("<text:p text:style-name=\"P\">Số: 1/BYT</text:p>\n</table:table-cell><table:table-cell office:value-type=\"string\"><text:p text:style-name=\"P\"></text:p>"), "{fodt}");
        assert!(
            fodt.contains("</table:table>\n<text:p text:style-name=\"P\">Kính gửi: A &amp; B &lt;C&gt;</text:p>"),
            "{fodt}"
        );
    }
}
