//! Registering letters (incoming and outgoing): the input as the register form or the API sends
//! it, the checks (register agency as of the letter's day, issuer and recipients matched to
//! agencies, citations, forwarding), the read check every related letter passes, and turning a
//! parsed letter into a register request.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use binhdang_core::documents::{
    AssignmentDraft, Citation, Direction, Document, DocumentId, LeaderDirection, NewDocument, Recipient, Urgency,
    agency_name_candidates,
};
use binhdang_core::units::{Unit, parse_date};
use binhdang_core::users::User;
use binhdang_core::{Error as DomainError, FieldError};
use binhdang_store::documents::StoredFile;

use crate::Error;
use crate::Services;
use crate::fields::{Expect, Fields};
use binhdang_core::access::{Action, Record};

use crate::units::{actor, require, scope_of};

/// Largest original file kept with a document.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;

/// A citation as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CitationInput {
    /// Type word.
    #[serde(default)]
    pub doc_type: String,
    /// Code as printed.
    pub full_code: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<String>,
}

/// A document to register, as submitted (JSON body, or the register form converted).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentInput {
    /// `incoming` or `outgoing`.
    #[cfg_attr(feature = "openapi", schema(value_type = binhdang_core::documents::Direction))]
    pub direction: String,
    /// The code of the agency whose register it goes in.
    pub register_agency_code: String,
    /// `YYYY-MM-DD` (incoming).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub arrival_date: Option<String>,
    /// The outgoing number to use (default: the next one).
    #[serde(default)]
    pub outgoing_number: Option<i64>,
    /// Issuer.
    #[serde(default)]
    pub issuer_name: String,
    /// Superior body of the issuer.
    #[serde(default)]
    pub parent_issuer: Option<String>,
    /// Number.
    #[serde(default)]
    pub number: Option<String>,
    /// Symbol.
    #[serde(default)]
    pub symbol: Option<String>,
    /// Type.
    #[serde(default)]
    pub doc_type: String,
    /// Place.
    #[serde(default)]
    pub place: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(format = Date))]
    pub date: Option<String>,
    /// Subject.
    #[serde(default)]
    pub subject: String,
    /// "Kính gửi".
    #[serde(default)]
    pub recipients: Vec<String>,
    /// "Nơi nhận".
    #[serde(default)]
    pub cc: Vec<String>,
    /// Signer.
    #[serde(default)]
    pub signer_name: Option<String>,
    /// Signer's title.
    #[serde(default)]
    pub signer_title: Option<String>,
    /// Authority prefix.
    #[serde(default)]
    pub signing_authority_prefix: Option<String>,
    /// `normal`, `urgent`, `very_urgent`, `immediate`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<binhdang_core::documents::Urgency>))]
    pub urgency: Option<String>,
    /// Passed to (incoming).
    #[serde(default)]
    pub receiving_unit: Option<String>,
    /// The text.
    #[serde(default)]
    pub body: String,
    /// Cited documents.
    #[serde(default)]
    pub references: Vec<CitationInput>,
    /// Assigned work, as read.
    #[serde(default)]
    pub assignments: Vec<AssignmentDraft>,
    /// The id of the registered document this one forwards.
    #[serde(default)]
    pub forwards_id: Option<i64>,
    /// Register even if already registered this year.
    #[serde(default)]
    pub allow_duplicate: bool,
    /// Original file name.
    #[serde(default)]
    pub file_name: Option<String>,
    /// Original file, base64 (API clients sending a small file with the letter).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(content_encoding = "base64"))]
    pub file_base64: Option<String>,
    /// The token of an upload kept on the server since the letter was read (the register form):
    /// the register keeps exactly the bytes that arrived.
    #[serde(default)]
    pub upload_token: Option<String>,
}

/// Lower-case hexadecimal SHA-256.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    use std::fmt::Write;
    Sha256::digest(bytes).iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn opt(text: Option<&str>) -> Option<String> {
    text.map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

/// "Tỉnh Kiên Giang" → "tỉnh Kiên Giang", as agency names carry it.
fn area_suffix(area: &Unit) -> String {
    let mut chars = area.name.chars();
    chars.next().map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// Finds the agency a printed name means on a day, trying the name as printed and then with the
/// sender's area appended ("Sở Y tế" in a Kiên Giang letter is Sở Y tế tỉnh Kiên Giang).
pub async fn match_agency(
    state: &Services,
    printed: &str,
    context: Option<&Unit>,
    on: NaiveDate,
) -> Result<Option<Unit>, Error> {
    let area = match context {
        Some(u) if u.kind.is_area() => Some(u.clone()),
        Some(u) => match u.area_id {
            Some(a) => Some(state.store.unit(a).await?),
            None => None,
        },
        None => None,
    };
    let suffix = area.as_ref().filter(|a| a.kind == binhdang_core::units::UnitKind::Province).map(area_suffix);
    let names = agency_name_candidates(printed, suffix.as_deref());
    Ok(state.store.agency_by_folded_name(&names, on).await?)
}

/// Decodes standard base64 (the original file carried through the register form).
#[must_use]
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for b in text.bytes().filter(|b| !b.is_ascii_whitespace() && *b != b'=') {
        let v = ALPHABET.iter().position(|&a| a == b)? as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Encodes standard base64.
#[must_use]
pub fn encode_base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The MIME type of an original by its extension.
pub fn mime_of(name: &str) -> &'static str {
    let extension = std::path::Path::new(name).extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("pdf") => "application/pdf",
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("png") => "image/png",
        _ => "text/plain; charset=utf-8",
    }
}

/// The original file carried by the form, checked.
fn decode_file(input: &DocumentInput, fields: &mut Fields) -> Option<StoredFile> {
    match (&input.file_name, &input.file_base64) {
        (Some(name), Some(b64)) if !name.is_empty() && !b64.is_empty() => match decode_base64(b64) {
            Some(bytes) if bytes.len() <= MAX_FILE_BYTES => {
                Some(StoredFile { name: name.clone(), mime: mime_of(name).to_owned(), bytes })
            }
            Some(_) => {
                fields.push("file", format!("tệp {name} lớn hơn {} MB", MAX_FILE_BYTES / 1024 / 1024));
                None
            }
            None => {
                fields.push("file", format!("tệp {name} bị hỏng khi gửi lên"));
                None
            }
        },
        _ => None,
    }
}

/// Matches the issuer (under its printed superior) and the recipients (in the issuer's area) to
/// agencies as of the document's date; unmatched names stay as printed.
async fn match_parties(
    state: &Services,
    input: &DocumentInput,
    register_agency: &Unit,
    on: NaiveDate,
) -> Result<(Option<Unit>, Vec<Recipient>), Error> {
    let issuer = if input.issuer_name.trim().is_empty() {
        None
    } else {
        let context = match opt(input.parent_issuer.as_deref()) {
            Some(parent) => match_agency(state, &parent, None, on).await?,
            None => None,
        };
        match match_agency(state, input.issuer_name.trim(), context.as_ref(), on).await? {
            Some(u) => Some(u),
            // "Văn phòng" under "UBND tỉnh Kiên Giang": the office of that committee.
            None => match &context {
                Some(parent) => {
                    match_agency(state, &format!("{} {}", input.issuer_name.trim(), parent.name), None, on).await?
                }
                None => None,
            },
        }
    };
    let context = issuer.as_ref().unwrap_or(register_agency);
    let mut recipients = Vec::new();
    for name in input.recipients.iter().map(|r| r.trim()).filter(|r| !r.is_empty()) {
        let unit = match_agency(state, name, Some(context), on).await?;
        recipients.push(Recipient { name: name.to_owned(), unit_id: unit.map(|u| u.id) });
    }
    Ok((issuer, recipients))
}

/// Checks an input, resolves its codes and names, and registers it.
#[allow(clippy::too_many_lines, reason = "the fields are checked in form order so every problem is reported at once")]
pub async fn register(state: &Services, user: &User, input: &DocumentInput) -> Result<Document, Error> {
    let today = state.clock.today();
    let mut fields = Fields::new();
    let direction = fields.take(input.direction.parse::<Direction>())?;
    let urgency = fields
        .take(input.urgency.as_deref().filter(|u| !u.is_empty()).map(str::parse::<Urgency>).transpose())?
        .flatten()
        .unwrap_or_default();
    let date = fields.optional_date("date", input.date.as_deref());
    // Each assignment names who leads and what is to be done (the officer may have edited the
    // ones the parser found, or added one).
    for (k, a) in input.assignments.iter().enumerate() {
        if a.lead.trim().is_empty() {
            fields.push(format!("assignments.{k}.lead"), "phân công cần có cơ quan chủ trì");
        }
        if a.action.trim().is_empty() {
            fields.push(format!("assignments.{k}.action"), "phân công cần ghi việc cần làm");
        }
    }
    let arrival_date = fields.optional_date("arrival_date", input.arrival_date.as_deref());
    let mut citations = Vec::new();
    for c in &input.references {
        if c.full_code.trim().is_empty() {
            continue;
        }
        citations.push(Citation {
            doc_type: c.doc_type.trim().to_owned(),
            full_code: c.full_code.trim().to_owned(),
            date: fields.optional_date("references", c.date.as_deref()),
        });
    }
    // The register is the agency's as it was when the letter arrived (or was sent): a 2021
    // letter goes in the register of 2021's Văn phòng UBND tỉnh Kiên Giang.
    let register_day = match direction {
        Some(Direction::Incoming) => arrival_date.or(date),
        _ => date,
    }
    .unwrap_or(today);
    let register_agency = fields
        .unit(state, "register_agency_code", &input.register_agency_code, &[register_day], Expect::Agency)
        .await?;
    if input.register_agency_code.trim().is_empty() {
        fields.push("register_agency_code", "cần chọn sổ văn bản của cơ quan");
    }
    // The original: an upload kept on the server since the letter was read (the form), or a small
    // file sent with the request (the API).
    let (file, staged) = match input.upload_token.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        Some(token) => {
            if let Some(p) = crate::uploads::find(state, user, token).await? {
                (Some(p.file), Some(p.id))
            } else {
                fields.push("file", crate::uploads::GONE);
                (None, None)
            }
        }
        None => (decode_file(input, &mut fields), None),
    };
    let (Some(direction), Some(register_agency), true) = (direction, register_agency, fields.is_empty()) else {
        return Err(Error::Invalid(fields.into_errors()));
    };
    require(state, user, Record::Document, Action::Write, &register_agency).await?;
    // A covering letter points only at a document the officer may read.
    if let Some(forwarded) = input.forwards_id {
        let forwarded = match state.store.document(binhdang_core::documents::DocumentId(forwarded)).await {
            Ok(d) => d,
            Err(binhdang_store::StoreError::NotFound(_)) => {
                return Err(Error::Invalid(vec![FieldError::new(
                    "forwards_id",
                    format!("không có văn bản số {forwarded} để chuyển kèm"),
                )]));
            }
            Err(e) => return Err(e.into()),
        };
        require_read(state, user, &forwarded).await?;
    }

    let on = date.unwrap_or(today);
    let (issuer, recipients) = match_parties(state, input, &register_agency, on).await?;
    let mut symbol = opt(input.symbol.as_deref());
    if direction == Direction::Outgoing
        && symbol.is_none()
        && let Some(t) = state.store.symbol_templates(register_agency.id).await?
    {
        symbol = Some(t.symbol_for(&input.doc_type));
    }
    let new = NewDocument {
        direction,
        register_agency: register_agency.id,
        arrival_date,
        outgoing_number: if direction == Direction::Outgoing {
            input.outgoing_number.or_else(|| input.number.as_deref().and_then(|n| n.trim().parse().ok()))
        } else {
            None
        },
        issuer_name: input.issuer_name.trim().to_owned(),
        issuer_id: issuer.as_ref().map(|u| u.id),
        parent_issuer: opt(input.parent_issuer.as_deref()),
        number: opt(input.number.as_deref()),
        symbol,
        doc_type: input.doc_type.trim().to_owned(),
        place: opt(input.place.as_deref()),
        date,
        subject: input.subject.trim().to_owned(),
        recipients,
        cc: input.cc.iter().map(|c| c.trim().to_owned()).filter(|c| !c.is_empty()).collect(),
        signer_name: opt(input.signer_name.as_deref()),
        signer_title: opt(input.signer_title.as_deref()),
        signing_authority_prefix: opt(input.signing_authority_prefix.as_deref()),
        urgency,
        receiving_unit: opt(input.receiving_unit.as_deref()),
        body: input.body.clone(),
        citations,
        assignments: input.assignments.clone(),
        forwards: input.forwards_id.map(binhdang_core::documents::DocumentId),
        allow_duplicate: input.allow_duplicate,
    };
    new.validate(today)?;
    if let Some(f) = new.forwards {
        let forwarded = state.store.document(f).await?;
        require_read(state, user, &forwarded).await?;
    }
    let scope_path = state.store.scope_path(&register_agency).await?;
    let document = state.store.register_document(&new, file.as_ref(), &scope_path, actor(state, user)).await?;
    if let Some(id) = staged {
        state.store.remove_pending_upload(id).await?;
    }
    Ok(document)
}

/// Records a leader's direction after the checks .
pub async fn add_direction(
    state: &Services,
    user: &User,
    id: DocumentId,
    leader: &str,
    date: &str,
    text: &str,
) -> Result<LeaderDirection, Error> {
    let doc = state.store.document(id).await?;
    let register_agency = state.store.unit(doc.register_agency).await?;
    require(state, user, Record::Document, Action::Write, &register_agency).await?;
    let mut errors = Vec::new();
    if leader.trim().is_empty() {
        errors.push(FieldError::new("leader", "cần ghi lãnh đạo cho ý kiến"));
    }
    if text.trim().is_empty() {
        errors.push(FieldError::new("text", "nội dung chỉ đạo không được để trống"));
    }
    let date = match parse_date("date", date) {
        Ok(d) => Some(d),
        Err(DomainError::Invalid(mut e)) => {
            errors.append(&mut e);
            None
        }
        Err(e) => return Err(e.into()),
    };
    if let Some(d) = date {
        if doc.arrival_date.or(doc.date).is_some_and(|start| d < start) {
            errors.push(FieldError::new("date", "ngày chỉ đạo không thể trước ngày văn bản đến"));
        }
        if d > state.clock.today() {
            errors.push(FieldError::new("date", "ngày chỉ đạo không thể sau hôm nay"));
        }
    }
    match (date, errors.is_empty()) {
        (Some(d), true) => Ok(state.store.add_direction(id, leader.trim(), d, text.trim(), actor(state, user)).await?),
        _ => Err(Error::Invalid(errors)),
    }
}

/// Turns a letter read by the parser into a register request.
#[must_use]
pub fn input_from_parsed(
    letter: &vanban::Letter,
    direction: Direction,
    register_agency_code: &str,
    arrival: Option<NaiveDate>,
) -> DocumentInput {
    let mut input = input_from_letter(letter, direction, register_agency_code, arrival.unwrap_or_default());
    input.arrival_date = arrival.map(|d| d.to_string());
    input
}

/// The registered document a user means by a code ("12/KH-SLĐTBXH") or a number: among the
/// documents with that code, the newest the user may read.
pub async fn find_for(state: &Services, user: &User, text: &str) -> Result<Option<Document>, Error> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return match state.store.document(binhdang_core::documents::DocumentId(n)).await {
            Ok(d) => Ok(require_read(state, user, &d).await.is_ok().then_some(d)),
            Err(binhdang_store::StoreError::NotFound(_)) => Ok(None),
            Err(e) => Err(e.into()),
        };
    }
    let Some(key) = binhdang_core::documents::code_key(text) else { return Ok(None) };
    for doc in state.store.documents_by_key(&key, None).await?.into_iter().rev() {
        if require_read(state, user, &doc).await.is_ok() {
            return Ok(Some(doc));
        }
    }
    Ok(None)
}

/// Refuses reading a document outside the user's scope.
pub async fn require_read(state: &Services, user: &User, doc: &Document) -> Result<(), Error> {
    let scope = scope_of(state, user).await?;
    if state.store.document_readable_from(doc.id, scope.area).await? {
        Ok(())
    } else {
        Err(Error::Forbidden("văn bản này thuộc sổ của cơ quan ngoài phạm vi của bạn".into()))
    }
}

/// Turns a parsed letter into the input of the register form.
#[must_use]
pub fn input_from_letter(
    letter: &vanban::Letter,
    direction: Direction,
    register_agency_code: &str,
    today: NaiveDate,
) -> DocumentInput {
    DocumentInput {
        direction: direction.as_str().to_owned(),
        register_agency_code: register_agency_code.to_owned(),
        arrival_date: (direction == Direction::Incoming).then(|| today.to_string()),
        outgoing_number: None,
        issuer_name: letter.issuer.clone().unwrap_or_default(),
        parent_issuer: letter.parent_issuer.clone(),
        number: letter.number.clone(),
        symbol: letter.symbol.clone(),
        doc_type: letter.doc_type.clone().unwrap_or_default(),
        place: letter.place.clone(),
        date: letter.date.map(|d| d.to_string()),
        subject: letter.subject.clone().unwrap_or_default(),
        recipients: letter.recipients.clone(),
        cc: letter.cc.clone(),
        signer_name: letter.signer_name.clone(),
        signer_title: letter.signer_title.clone(),
        signing_authority_prefix: letter.signing_authority_prefix.clone(),
        urgency: Some(
            match letter.urgency {
                Some(vanban::letter::Urgency::HoaToc) => Urgency::Immediate,
                Some(vanban::letter::Urgency::ThuongKhan) => Urgency::VeryUrgent,
                Some(vanban::letter::Urgency::Khan) => Urgency::Urgent,
                None => Urgency::Normal,
            }
            .as_str()
            .to_owned(),
        ),
        receiving_unit: None,
        body: letter.body.clone(),
        references: letter
            .references
            .iter()
            .map(|r| CitationInput {
                doc_type: r.doc_type.clone(),
                full_code: r.full_code.clone(),
                date: r.date.map(|d| d.to_string()),
            })
            .collect(),
        assignments: letter
            .assignments
            .iter()
            .map(|a| AssignmentDraft {
                lead: a.lead.clone(),
                coordinators: a.coordinators.clone(),
                action: a.action.clone(),
                deadline: a.deadline,
                at_once: a.deadline.is_none()
                    && a.action.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|w| w == "ngay"),
            })
            .collect(),
        forwards_id: None,
        allow_duplicate: false,
        file_name: None,
        file_base64: None,
        upload_token: None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_round_trips() {
        for text in [&b""[..], b"a", b"ab", b"abc", "Bình đẳng giới".as_bytes()] {
            assert_eq!(super::decode_base64(&super::encode_base64(text)).unwrap(), text);
        }
        assert_eq!(super::encode_base64(b"ab"), "YWI=");
    }
}
