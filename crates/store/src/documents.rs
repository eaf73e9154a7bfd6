//! The document registers in the database: registering with consecutive numbers per register and
//! year and a duplicate check, reading with recipients and citations, search over a folded copy
//! of the text, citations resolved by code key at read time (so a placeholder becomes a link as
//! soon as the cited letter is registered), forwarding, and leaders' directions.

use chrono::NaiveDate;
use sqlx::Row;
use sqlx::any::AnyRow;

use binhdang_core::documents::{
    Citation, Direction, Document, DocumentId, LeaderDirection, NewDocument, Recipient, SymbolTemplates, Urgency,
    code_key,
};
use binhdang_core::units::UnitId;

use crate::audit::{self, Actor, instant};
use crate::{Result, Store, StoreError, conflict_on_unique};

pub(crate) const DOC_COLUMNS: &str = "id, direction, register_agency_id, register_year, register_number, arrival_date, issuer_name, \
     issuer_id, parent_issuer, number, symbol, code_key, doc_type, place, doc_date, subject, signer_name, signer_title, \
     signing_authority_prefix, urgency, receiving_unit, body, cc, assignments, forwards_id, file_name, created_at";

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn parse_day(text: Option<String>) -> Result<Option<NaiveDate>> {
    text.map(|t| NaiveDate::parse_from_str(&t, "%Y-%m-%d").map_err(|_| StoreError::Corrupt(format!("ngày \"{t}\""))))
        .transpose()
}

pub(crate) fn document_from_row(row: &AnyRow) -> Result<Document> {
    let direction: String = row.try_get("direction")?;
    let urgency: String = row.try_get("urgency")?;
    let cc: String = row.try_get("cc")?;
    let assignments: String = row.try_get("assignments")?;
    Ok(Document {
        id: DocumentId(row.try_get("id")?),
        direction: direction.parse().map_err(|_| StoreError::Corrupt(direction.clone()))?,
        register_agency: UnitId(row.try_get("register_agency_id")?),
        register_year: i32::try_from(row.try_get::<i64, _>("register_year")?).unwrap_or_default(),
        register_number: row.try_get("register_number")?,
        arrival_date: parse_day(row.try_get("arrival_date")?)?,
        issuer_name: row.try_get("issuer_name")?,
        issuer_id: row.try_get::<Option<i64>, _>("issuer_id")?.map(UnitId),
        parent_issuer: row.try_get("parent_issuer")?,
        number: row.try_get("number")?,
        symbol: row.try_get("symbol")?,
        code_key: row.try_get("code_key")?,
        doc_type: row.try_get("doc_type")?,
        place: row.try_get("place")?,
        date: parse_day(row.try_get("doc_date")?)?,
        subject: row.try_get("subject")?,
        signer_name: row.try_get("signer_name")?,
        signer_title: row.try_get("signer_title")?,
        signing_authority_prefix: row.try_get("signing_authority_prefix")?,
        urgency: urgency.parse::<Urgency>().map_err(|_| StoreError::Corrupt(urgency.clone()))?,
        receiving_unit: row.try_get("receiving_unit")?,
        body: row.try_get("body")?,
        cc: serde_json::from_str(&cc).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        assignments: serde_json::from_str(&assignments).map_err(|e| StoreError::Corrupt(e.to_string()))?,
        forwards: row.try_get::<Option<i64>, _>("forwards_id")?.map(DocumentId),
        file_name: row.try_get("file_name")?,
        created_at: row.try_get("created_at")?,
    })
}

/// An uploaded original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    /// File name as uploaded.
    pub name: String,
    /// MIME type.
    pub mime: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// Filters of a document search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocumentFilter {
    /// Words that must all appear (number, symbol, subject, issuer, text), compared folded.
    pub q: Option<String>,
    /// Register year.
    pub year: Option<i32>,
    /// Type ("Công văn").
    pub doc_type: Option<String>,
    /// Issuer name contains (folded).
    pub issuer: Option<String>,
    /// Register.
    pub direction: Option<Direction>,
    /// Only documents readable from this area.
    pub scope_area: Option<UnitId>,
    /// Page size.
    pub limit: u32,
    /// Rows to skip.
    pub offset: u32,
}

/// A cited document, resolved to registered documents when any match.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResolvedCitation {
    /// The citation as printed.
    #[serde(flatten)]
    pub citation: Citation,
    /// Registered documents with the same code (and year, when the citation has a date) that
    /// the reader may read.
    pub registered: Vec<Document>,
    /// How many more are registered in registers the reader may not read: only their existence
    /// is told.
    pub registered_elsewhere: u64,
}

/// The key space of the advisory locks that order registrations (`PostgreSQL`): the register
/// agency's id in the low bits.
const REGISTER_LOCK: i64 = 0x5245_4700_0000_0000;

/// Escapes `%`, `_` and `\` for LIKE with `ESCAPE '\'`.
fn like_escape(text: &str) -> String {
    text.chars().fold(String::new(), |mut out, c| {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
        out
    })
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Binds a search's parameters in the order its SQL numbers them.
fn bind_filter<'q>(q: AnyQuery<'q>, f: &DocumentFilter, issuer: Option<String>, words: &[String]) -> AnyQuery<'q> {
    let q = q
        .bind(f.year.map(i64::from))
        .bind(f.doc_type.clone().filter(|t| !t.is_empty()))
        .bind(f.direction.map(Direction::as_str))
        .bind(f.scope_area.map(|a| format!("%,{},%", a.0)))
        .bind(issuer);
    words.iter().fold(q, |q, w| q.bind(w.clone()))
}

/// The folded text a document is found by.
fn search_text(d: &NewDocument) -> String {
    let mut parts = vec![
        d.full_code().unwrap_or_default(),
        d.issuer_name.clone(),
        d.doc_type.clone(),
        d.subject.clone(),
        d.signer_name.clone().unwrap_or_default(),
        d.body.clone(),
    ];
    parts.extend(d.recipients.iter().map(|r| r.name.clone()));
    vanban::fold(&parts.join(" \n "))
}

/// Writes a new document's recipients and citations.
async fn insert_parts(tx: &mut sqlx::Transaction<'_, sqlx::Any>, id: i64, d: &NewDocument) -> Result<()> {
    for (i, r) in d.recipients.iter().enumerate() {
        sqlx::query("INSERT INTO document_recipients (document_id, position, name, unit_id) VALUES ($1, $2, $3, $4)")
            .bind(id)
            .bind(i as i64)
            .bind(&r.name)
            .bind(r.unit_id.map(|u| u.0))
            .execute(&mut **tx)
            .await?;
    }
    for (i, c) in d.citations.iter().enumerate() {
        sqlx::query(
            "INSERT INTO document_citations (document_id, position, doc_type, full_code, code_key, cited_date) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(&c.doc_type)
        .bind(&c.full_code)
        .bind(code_key(&c.full_code))
        .bind(c.date.map(day))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Registers a document in one transaction: the next number of its register (or the
    /// outgoing number given), its recipients and citations, and the audit entry. A document with
    /// the same code from the same issuer in the same register and year is a conflict unless
    /// `allow_duplicate` is set.
    #[allow(clippy::too_many_lines, reason = "one INSERT binding the register's thirty-odd columns")]
    pub async fn register_document(
        &self,
        d: &NewDocument,
        file: Option<&StoredFile>,
        scope_path: &str,
        actor: Actor,
    ) -> Result<Document> {
        let mut tx = self.write_tx().await?;
        // Registrations into one agency's registers take turns, so that numbers have no gap and
        // no clash. SQLite's write transaction already excludes every other writer.
        if self.backend() == crate::Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(REGISTER_LOCK | d.register_agency.0)
                .execute(&mut *tx)
                .await?;
        }
        let year = i64::from(d.register_year(actor.at.date_naive()));
        let key = d.full_code().as_deref().and_then(code_key);
        if let (Some(key), false) = (&key, d.allow_duplicate) {
            let existing = sqlx::query(
                "SELECT register_number, register_year FROM documents WHERE direction = $1 AND register_agency_id = $2 \
                 AND code_key = $3 AND issuer_name = $4 AND register_year = $5",
            )
            .bind(d.direction.as_str())
            .bind(d.register_agency.0)
            .bind(key)
            .bind(&d.issuer_name)
            .bind(year)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(row) = existing {
                let n: i64 = row.try_get("register_number")?;
                return Err(StoreError::Conflict(format!(
                    "văn bản {key} của {} đã vào sổ năm {year} với số {n}; đánh dấu \"vẫn vào sổ\" nếu đây là bản khác",
                    d.issuer_name
                )));
            }
        }
        let number = if let (Direction::Outgoing, Some(n)) = (d.direction, d.outgoing_number) {
            n
        } else {
            let max: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(register_number) FROM documents WHERE direction = $1 AND register_agency_id = $2 AND register_year = $3",
            )
            .bind(d.direction.as_str())
            .bind(d.register_agency.0)
            .bind(year)
            .fetch_one(&mut *tx)
            .await?;
            max.unwrap_or(0).checked_add(1).filter(|n| *n <= binhdang_core::documents::MAX_REGISTER_NUMBER).ok_or_else(
                || {
                    StoreError::Conflict(format!(
                        "sổ năm {year} đã hết số (tối đa {})",
                        binhdang_core::documents::MAX_REGISTER_NUMBER
                    ))
                },
            )?
        };
        // An outgoing document numbered by the register carries that number.
        let number_text = d.number.clone().or_else(|| (d.direction == Direction::Outgoing).then(|| number.to_string()));
        let key = match (&number_text, &d.symbol) {
            (Some(n), Some(s)) => code_key(&format!("{n}/{s}")),
            _ => key,
        };
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO documents (direction, register_agency_id, register_year, register_number, arrival_date, \
             issuer_name, issuer_folded, issuer_id, parent_issuer, number, symbol, code_key, doc_type, place, doc_date, \
             subject, signer_name, signer_title, signing_authority_prefix, urgency, receiving_unit, body, cc, assignments, \
             search_text, scope_path, forwards_id, file_name, file_mime, file_bytes, created_at, created_by) VALUES \
             ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, \
             $24, $25, $26, $27, $28, $29, $30, $31, $32) RETURNING id",
        )
        .bind(d.direction.as_str())
        .bind(d.register_agency.0)
        .bind(year)
        .bind(number)
        .bind(d.arrival_date.map(day))
        .bind(&d.issuer_name)
        .bind(vanban::fold(&d.issuer_name))
        .bind(d.issuer_id.map(|u| u.0))
        .bind(&d.parent_issuer)
        .bind(&number_text)
        .bind(&d.symbol)
        .bind(&key)
        .bind(&d.doc_type)
        .bind(&d.place)
        .bind(d.date.map(day))
        .bind(&d.subject)
        .bind(&d.signer_name)
        .bind(&d.signer_title)
        .bind(&d.signing_authority_prefix)
        .bind(d.urgency.as_str())
        .bind(&d.receiving_unit)
        .bind(&d.body)
        .bind(serde_json::to_string(&d.cc).unwrap_or_else(|_| "[]".into()))
        .bind(serde_json::to_string(&d.assignments).unwrap_or_else(|_| "[]".into()))
        .bind(search_text(d))
        .bind(scope_path)
        .bind(d.forwards.map(|f| f.0))
        .bind(file.map(|f| f.name.clone()))
        .bind(file.map(|f| f.mime.clone()))
        .bind(file.map(|f| f.bytes.clone()))
        .bind(instant(actor.at))
        .bind(actor.user.map(|u| u.0))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            conflict_on_unique(e, || {
                format!("số {number} năm {year} đã có trong {} của cơ quan này", d.direction.label_vi().to_lowercase())
            })
        })?;
        insert_parts(&mut tx, id, d).await?;
        audit::record(
            &mut tx,
            actor,
            "document.register",
            "document",
            &id.to_string(),
            &serde_json::json!({"direction": d.direction.as_str(), "number": number, "year": year, "code": key, "subject": d.subject}),
        )
        .await?;
        tx.commit().await?;
        self.document(DocumentId(id)).await
    }

    /// One document.
    pub async fn document(&self, id: DocumentId) -> Result<Document> {
        let row = sqlx::query(&format!("SELECT {DOC_COLUMNS} FROM documents WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(self.pool())
            .await?
            .ok_or_else(|| StoreError::NotFound(format!("không có văn bản số {id}")))?;
        document_from_row(&row)
    }

    /// Whether a document can be read from an area (see the migration's `scope_path`).
    pub async fn document_readable_from(&self, id: DocumentId, area: UnitId) -> Result<bool> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE id = $1 AND scope_path LIKE $2")
            .bind(id.0)
            .bind(format!("%,{},%", area.0))
            .fetch_one(self.pool())
            .await?;
        Ok(n > 0)
    }

    /// The original file of a document.
    pub async fn document_file(&self, id: DocumentId) -> Result<Option<StoredFile>> {
        let row = sqlx::query(
            "SELECT file_name, file_mime, file_bytes FROM documents WHERE id = $1 AND file_name IS NOT NULL",
        )
        .bind(id.0)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            Ok(StoredFile {
                name: r.try_get("file_name")?,
                mime: r.try_get("file_mime")?,
                bytes: r.try_get("file_bytes")?,
            })
        })
        .transpose()
    }

    /// A document's recipients, in printed order.
    pub async fn document_recipients(&self, id: DocumentId) -> Result<Vec<Recipient>> {
        let rows =
            sqlx::query("SELECT name, unit_id FROM document_recipients WHERE document_id = $1 ORDER BY position")
                .bind(id.0)
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(Recipient { name: r.try_get("name")?, unit_id: r.try_get::<Option<i64>, _>("unit_id")?.map(UnitId) })
            })
            .collect()
    }

    /// A document's citations, each with the registered documents it resolves to that can be
    /// read from `reader` (see [`Store::document_readable_from`]); the others are only counted.
    pub async fn document_citations(&self, id: DocumentId, reader: UnitId) -> Result<Vec<ResolvedCitation>> {
        let rows = sqlx::query(
            "SELECT doc_type, full_code, code_key, cited_date FROM document_citations WHERE document_id = $1 ORDER BY position",
        )
        .bind(id.0)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let citation = Citation {
                doc_type: r.try_get("doc_type")?,
                full_code: r.try_get("full_code")?,
                date: parse_day(r.try_get("cited_date")?)?,
            };
            let key: Option<String> = r.try_get("code_key")?;
            let (registered, registered_elsewhere) = match key {
                Some(key) => {
                    let all = self.documents_by_key(&key, citation.date).await?;
                    let total = all.len();
                    let mut readable = Vec::with_capacity(total);
                    for d in all {
                        if self.document_readable_from(d.id, reader).await? {
                            readable.push(d);
                        }
                    }
                    let elsewhere = (total - readable.len()) as u64;
                    (readable, elsewhere)
                }
                None => (Vec::new(), 0),
            };
            out.push(ResolvedCitation { citation, registered, registered_elsewhere });
        }
        Ok(out)
    }

    /// Registered documents with a code key (issued on `date`'s year when given), in every
    /// register: callers filter by what the user may read.
    pub async fn documents_by_key(&self, key: &str, date: Option<NaiveDate>) -> Result<Vec<Document>> {
        use chrono::Datelike;
        let rows = sqlx::query(&format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE code_key = $1 AND ($2 IS NULL OR doc_date LIKE $2) ORDER BY id"
        ))
        .bind(key)
        .bind(date.map(|d| format!("{}-%", d.year())))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(document_from_row).collect()
    }

    /// Documents readable from `reader` that cite this one (by its code key and year).
    pub async fn documents_citing(&self, doc: &Document, reader: UnitId) -> Result<Vec<Document>> {
        let Some(key) = &doc.code_key else { return Ok(Vec::new()) };
        let year = doc.date.map(|d| d.format("%Y-%%").to_string());
        let rows = sqlx::query(&format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE id IN (SELECT document_id FROM document_citations \
             WHERE code_key = $1 AND ($2 IS NULL OR cited_date IS NULL OR cited_date LIKE $2)) AND id <> $3 \
             AND scope_path LIKE $4 ORDER BY id"
        ))
        .bind(key)
        .bind(year)
        .bind(doc.id.0)
        .bind(format!("%,{},%", reader.0))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(document_from_row).collect()
    }

    /// Documents readable from `reader` that forward this one.
    pub async fn documents_forwarding(&self, id: DocumentId, reader: UnitId) -> Result<Vec<Document>> {
        let rows = sqlx::query(&format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE forwards_id = $1 AND scope_path LIKE $2 ORDER BY id"
        ))
        .bind(id.0)
        .bind(format!("%,{},%", reader.0))
        .fetch_all(self.pool())
        .await?;
        rows.iter().map(document_from_row).collect()
    }

    /// Searches the registers; returns a page and the number of all matches.
    pub async fn search_documents(&self, f: &DocumentFilter) -> Result<(Vec<Document>, u64)> {
        let words: Vec<String> =
            f.q.as_deref()
                .map(vanban::fold)
                .unwrap_or_default()
                .split_whitespace()
                .take(binhdang_core::search::MAX_QUERY_WORDS)
                .map(|w| format!("%{}%", like_escape(w)))
                .collect();
        let mut conditions = vec![
            "($1 IS NULL OR register_year = $1)".to_owned(),
            "($2 IS NULL OR doc_type = $2)".to_owned(),
            "($3 IS NULL OR direction = $3)".to_owned(),
            "($4 IS NULL OR scope_path LIKE $4)".to_owned(),
            "($5 IS NULL OR issuer_folded LIKE $5 ESCAPE '\\')".to_owned(),
        ];
        for i in 0..words.len() {
            conditions.push(format!("search_text LIKE ${} ESCAPE '\\'", i + 6));
        }
        let condition = conditions.join(" AND ");
        let issuer = f
            .issuer
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| format!("%{}%", like_escape(&vanban::fold(s))));
        let count_sql = format!("SELECT COUNT(*) AS n FROM documents WHERE {condition}");
        let page_sql = format!(
            "SELECT {DOC_COLUMNS} FROM documents WHERE {condition} ORDER BY COALESCE(doc_date, arrival_date, created_at) DESC, id DESC \
             LIMIT {} OFFSET {}",
            f.limit, f.offset
        );
        let total: i64 = bind_filter(sqlx::query(&count_sql), f, issuer.clone(), &words)
            .fetch_one(self.pool())
            .await?
            .try_get("n")?;
        let rows = bind_filter(sqlx::query(&page_sql), f, issuer, &words).fetch_all(self.pool()).await?;
        let docs = rows.iter().map(document_from_row).collect::<Result<Vec<_>>>()?;
        Ok((docs, total.max(0) as u64))
    }

    /// Records a leader's direction on a document.
    pub async fn add_direction(
        &self,
        id: DocumentId,
        leader: &str,
        date: NaiveDate,
        text: &str,
        actor: Actor,
    ) -> Result<LeaderDirection> {
        let mut tx = self.write_tx().await?;
        let did: i64 = sqlx::query_scalar(
            "INSERT INTO directions (document_id, leader, direction_date, text, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(id.0)
        .bind(leader)
        .bind(day(date))
        .bind(text)
        .bind(instant(actor.at))
        .bind(actor.user.map(|u| u.0))
        .fetch_one(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "document.direction",
            "document",
            &id.to_string(),
            &serde_json::json!({"leader": leader, "text": text}),
        )
        .await?;
        tx.commit().await?;
        Ok(LeaderDirection { id: did, leader: leader.to_owned(), date, text: text.to_owned() })
    }

    /// A document's directions, oldest first.
    pub async fn directions(&self, id: DocumentId) -> Result<Vec<LeaderDirection>> {
        let rows =
            sqlx::query("SELECT id, leader, direction_date, text FROM directions WHERE document_id = $1 ORDER BY id")
                .bind(id.0)
                .fetch_all(self.pool())
                .await?;
        rows.iter()
            .map(|r| {
                Ok(LeaderDirection {
                    id: r.try_get("id")?,
                    leader: r.try_get("leader")?,
                    date: parse_day(r.try_get("direction_date")?)?
                        .ok_or_else(|| StoreError::Corrupt("ngày chỉ đạo".into()))?,
                    text: r.try_get("text")?,
                })
            })
            .collect()
    }

    /// The agency whose folded name is one of `names`, valid on `on`.
    pub async fn agency_by_folded_name(
        &self,
        names: &[String],
        on: NaiveDate,
    ) -> Result<Option<binhdang_core::units::Unit>> {
        for name in names {
            let (units, _) = self
                .list_units(&binhdang_core::units::UnitFilter {
                    as_of: on,
                    q: Some(name.clone()),
                    kind: None,
                    parent: None,
                    limit: 20,
                    offset: 0,
                })
                .await?;
            if let Some(u) = units.into_iter().find(|u| !u.kind.is_area() && vanban::fold(&u.name) == *name) {
                return Ok(Some(u));
            }
        }
        Ok(None)
    }
}

impl Store {
    /// An agency's outgoing-symbol templates.
    pub async fn symbol_templates(&self, agency: UnitId) -> Result<Option<SymbolTemplates>> {
        let row = sqlx::query("SELECT symbol_template, letter_symbol FROM register_settings WHERE agency_id = $1")
            .bind(agency.0)
            .fetch_optional(self.pool())
            .await?;
        row.map(|r| {
            Ok(SymbolTemplates {
                symbol_template: r.try_get("symbol_template")?,
                letter_symbol: r.try_get("letter_symbol")?,
            })
        })
        .transpose()
    }

    /// Sets an agency's outgoing-symbol templates.
    pub async fn set_symbol_templates(&self, agency: UnitId, t: &SymbolTemplates, actor: Actor) -> Result<()> {
        let mut tx = self.write_tx().await?;
        sqlx::query("DELETE FROM register_settings WHERE agency_id = $1").bind(agency.0).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO register_settings (agency_id, symbol_template, letter_symbol, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(agency.0)
        .bind(&t.symbol_template)
        .bind(&t.letter_symbol)
        .bind(instant(actor.at))
        .bind(actor.user.map(|u| u.0))
        .execute(&mut *tx)
        .await?;
        audit::record(
            &mut tx,
            actor,
            "unit.symbols",
            "unit",
            &agency.to_string(),
            &serde_json::to_value(t).unwrap_or_default(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}
