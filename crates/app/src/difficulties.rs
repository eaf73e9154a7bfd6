//! Difficulties (vướng mắc, kiến nghị) raised on a letter to the body that issued it: raising one
//! (from the letter or from a task of it, with files), answering it (shared with every agency the
//! letter was addressed to, or only with the raising agency), closing and reopening it; the
//! difficulties of a letter, those waiting for the user's body to answer (by letter and
//! province), those the user's agency raised, and the yearly list a report reads.
//!
//! Every permission is `core::access::decide` on `Record::Difficulty` over a reach of agencies
//! computed here from the store: the letter's addressees (for raising), its issuer (for
//! answering), and for reading the raiser, the issuer and, once an answer is shared, the
//! addressees — each with the agencies that carry on its work after the 2025 reform (the old
//! ministry's letter is answered by the Ministry of Home Affairs; Kiên Giang's labour department's
//! question is read by An Giang's Sở Nội vụ).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use binhdang_core::FieldError;
use binhdang_core::access::{self, Action, Record};
use binhdang_core::difficulties::{
    Answer, Difficulty, DifficultyId, DifficultyStatus, FileInfo, NewDifficulty, check_answer, check_files, check_text,
    letter_key,
};
use binhdang_core::documents::{Document, DocumentId};
use binhdang_core::tasks::TaskId;
use binhdang_core::units::{Unit, UnitId};
use binhdang_core::users::User;
use binhdang_store::difficulties::{DifficultyFilter, NewAnswer};
use binhdang_store::documents::StoredFile;

use crate::documents::{decode_base64, mime_of};
use crate::units::{actor, subject};
use crate::{Error, Services};

/// Most difficulties a list shows.
pub const LIST_LIMIT: u32 = 500;

/// A file sent with the API's JSON body.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DifficultyFile))]
pub struct FileInput {
    /// The file name.
    pub name: String,
    /// The bytes, base64.
    pub content_base64: String,
}

/// A difficulty as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DifficultyInput {
    /// The letter (the API takes it from the path).
    #[serde(default)]
    pub document_id: i64,
    /// The task of the letter it arose in.
    #[serde(default)]
    pub task_id: Option<i64>,
    /// The agency raising it (one the letter concerns, whose work the user's agency does); by
    /// default the first such agency.
    #[serde(default)]
    pub agency_id: Option<i64>,
    /// One line.
    #[serde(default)]
    pub subject: String,
    /// The question or difficulty.
    #[serde(default)]
    pub text: String,
    /// Files sent with the request (the API).
    #[serde(default)]
    pub files: Vec<FileInput>,
    /// Tokens of files kept on the server since an earlier attempt of the form.
    #[serde(default)]
    pub upload_tokens: Vec<String>,
}

/// An answer as submitted.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerInput {
    /// The answer.
    #[serde(default)]
    pub text: String,
    /// Shown to every agency the letter was addressed to.
    #[serde(default)]
    pub shared: bool,
    /// The version the answerer read.
    pub version: i64,
}

/// An answer with the answering agency's name.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerView {
    /// The answer.
    #[serde(flatten)]
    pub answer: Answer,
    /// The answering agency's name.
    pub answered_by_name: String,
}

/// A difficulty with what a page or a client shows of it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DifficultyView {
    /// The difficulty.
    #[serde(flatten)]
    pub difficulty: Difficulty,
    /// The letter's number and symbol ("356/LĐTBXH-BĐG").
    pub letter: String,
    /// The letter's subject.
    pub letter_subject: String,
    /// The raising agency's name.
    pub raised_by_name: String,
    /// The issuing body's name.
    pub addressed_to_name: String,
    /// The province of the raising agency.
    pub province_id: Option<UnitId>,
    /// Its name.
    pub province_name: String,
    /// The answers the user may read, oldest first.
    pub answers: Vec<AnswerView>,
    /// The attached files.
    pub files: Vec<FileInfo>,
    /// The user may answer, close or reopen it.
    pub may_answer: bool,
}

/// Per-request memory of the reaches computed, so a list costs a few statements per letter and
/// agency rather than per difficulty.
#[derive(Default)]
struct Reaches {
    successors: HashMap<UnitId, Vec<UnitId>>,
    addressees: HashMap<String, Vec<UnitId>>,
}

impl Reaches {
    async fn successors(&mut self, state: &Services, unit: UnitId) -> Result<&[UnitId], Error> {
        if let std::collections::hash_map::Entry::Vacant(e) = self.successors.entry(unit) {
            e.insert(state.store.successors_from(unit).await?);
        }
        Ok(self.successors.get(&unit).map_or(&[][..], Vec::as_slice))
    }

    /// The agencies a letter (every copy) was addressed to, with their successors.
    async fn addressees(&mut self, state: &Services, key: &str) -> Result<&[UnitId], Error> {
        if !self.addressees.contains_key(key) {
            // Keyed by an owned string: the entry API would clone the key on every call.
            let copies = copies_of_key(state, key).await?;
            let direct = state.store.letter_addressees(&copies).await?;
            let all = state.store.successors_of_all(&direct).await?;
            self.addressees.insert(key.to_owned(), all);
        }
        Ok(self.addressees.get(key).map_or(&[][..], Vec::as_slice))
    }

    /// Who may read a difficulty: the raiser, the issuer, and when an answer is shared the
    /// letter's addressees, each with its successors.
    async fn readers(&mut self, state: &Services, d: &Difficulty, shared: bool) -> Result<Vec<UnitId>, Error> {
        let mut reach = self.successors(state, d.raised_by).await?.to_vec();
        reach.extend_from_slice(self.successors(state, d.addressed_to).await?);
        if shared {
            reach.extend_from_slice(self.addressees(state, &d.letter_key).await?);
        }
        Ok(reach)
    }
}

/// The copies of the letter a key names.
async fn copies_of_key(state: &Services, key: &str) -> Result<Vec<DocumentId>, Error> {
    let parts: Vec<&str> = key.split('|').collect();
    match parts.as_slice() {
        ["doc", id] => Ok(id.parse().map(|i| vec![DocumentId(i)]).unwrap_or_default()),
        [issuer, code, year] => match (issuer.parse(), year.parse()) {
            (Ok(i), Ok(y)) => Ok(state.store.letter_copies(UnitId(i), code, y).await?),
            _ => Ok(Vec::new()),
        },
        _ => Ok(Vec::new()),
    }
}

/// The key of a letter's difficulties, or why none can be raised on it.
fn key_of(doc: &Document) -> Result<(String, UnitId), Error> {
    use chrono::Datelike;
    let Some(issuer) = doc.issuer_id else {
        return Err(binhdang_core::Error::invalid(
            "document",
            "cơ quan ban hành văn bản này chưa được xác định trong danh mục nên chưa gửi được vướng mắc",
        )
        .into());
    };
    Ok((letter_key(doc.id, issuer, doc.code_key.as_deref(), doc.date.map(|d| d.year())), issuer))
}

/// The key under which a letter's difficulties are kept (`None` when its issuer is unknown).
#[must_use]
pub fn key_of_letter(doc: &Document) -> Option<String> {
    key_of(doc).ok().map(|(k, _)| k)
}

/// The agencies the user may raise a difficulty on this letter as: those the letter (any copy)
/// was addressed or assigned to whose work the user's agency carries on, the ones existing today
/// first; refused (with the reason) when there is none.
pub async fn require_raise(state: &Services, user: &User, doc: &Document) -> Result<Vec<Unit>, Error> {
    let (key, _) = key_of(doc)?;
    let who = subject(state, user).await?;
    let mut reaches = Reaches::default();
    let reach = reaches.addressees(state, &key).await?.to_vec();
    access::decide(&who, Record::Difficulty, Action::Write, &reach)?;
    let copies = copies_of_key(state, &key).await?;
    let direct = state.store.letter_addressees(&copies).await?;
    let mine = state.store.predecessors_from(user.agency_id).await?;
    let today = state.clock.today();
    let mut out = Vec::new();
    for id in direct.into_iter().filter(|a| mine.contains(a)) {
        out.push(state.store.unit(id).await?);
    }
    if out.is_empty() {
        return Err(Error::Forbidden(
            "cơ quan bạn không được giao thực hiện văn bản này nên không phản ánh vướng mắc về văn bản này được".into(),
        ));
    }
    out.sort_by_key(|u| (!u.validity.contains(today), u.id != user.agency_id, u.name.clone()));
    Ok(out)
}

/// [`require_raise`] for offering the form: empty when the user may not raise one.
pub async fn raise_options(state: &Services, user: &User, doc: &Document) -> Result<Vec<Unit>, Error> {
    match require_raise(state, user, doc).await {
        Ok(options) => Ok(options),
        Err(Error::Forbidden(_) | Error::Invalid(_)) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

/// The files of a submission: those sent with it and those kept since an earlier attempt (which
/// must belong to the user); returns the files and the pending uploads they came from.
async fn gather_files(
    state: &Services,
    user: &User,
    input: &DifficultyInput,
    extra: Vec<StoredFile>,
    errors: &mut Vec<FieldError>,
) -> Result<(Vec<StoredFile>, Vec<i64>), Error> {
    let mut files = extra;
    let mut taken = Vec::new();
    for f in &input.files {
        match decode_base64(&f.content_base64) {
            Some(bytes) => {
                files.push(StoredFile { name: f.name.trim().to_owned(), mime: mime_of(&f.name).into(), bytes });
            }
            None => errors.push(FieldError::new("files", format!("tệp {} bị hỏng khi gửi lên", f.name))),
        }
    }
    for token in input.upload_tokens.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        match crate::uploads::find(state, user, token).await? {
            Some(p) => {
                files.push(p.file);
                taken.push(p.id);
            }
            None => errors.push(FieldError::new(
                "files",
                "tệp đã tải lên không còn (quá 24 giờ) hoặc không phải của bạn; hãy chọn lại tệp",
            )),
        }
    }
    let sizes: Vec<(&str, usize)> = files.iter().map(|f| (f.name.as_str(), f.bytes.len())).collect();
    if let Err(binhdang_core::Error::Invalid(e)) = check_files(&sizes) {
        errors.extend(e);
    }
    Ok((files, taken))
}

/// Checks that a task belongs to the letter (it was given by it, or by a letter forwarding it).
async fn check_task(state: &Services, doc: &Document, task: i64) -> Result<TaskId, Error> {
    let task = state.store.task(TaskId(task)).await?;
    let from = match task.document {
        Some(d) if d == doc.id => true,
        Some(d) => state.store.document(d).await?.forwards == Some(doc.id),
        None => false,
    };
    if from {
        Ok(task.id)
    } else {
        Err(binhdang_core::Error::invalid("task_id", "nhiệm vụ này không thuộc văn bản đã chọn").into())
    }
}

/// Raises a difficulty on a letter to the body that issued it. `extra` are files the form sent,
/// read after [`require_raise`] allowed the user; the input's files and upload tokens are added.
pub async fn raise(
    state: &Services,
    user: &User,
    input: &DifficultyInput,
    extra: Vec<StoredFile>,
) -> Result<Difficulty, Error> {
    let doc = state.store.document(DocumentId(input.document_id)).await?;
    let (key, issuer) = key_of(&doc)?;
    let options = require_raise(state, user, &doc).await?;
    let mut errors = Vec::new();
    let text = check_text(&input.subject, &input.text);
    if let Err(binhdang_core::Error::Invalid(e)) = &text {
        errors.extend(e.iter().cloned());
    }
    let raised_by = match input.agency_id.filter(|a| *a > 0) {
        Some(a) => options.iter().find(|u| u.id.0 == a).map(|u| u.id),
        None => options.first().map(|u| u.id),
    };
    if raised_by.is_none() {
        errors.push(FieldError::new("agency_id", "hãy chọn cơ quan phản ánh trong danh sách các cơ quan được giao"));
    }
    let task = match input.task_id {
        Some(t) => match check_task(state, &doc, t).await {
            Ok(id) => Some(id),
            Err(Error::Invalid(e)) => {
                errors.extend(e);
                None
            }
            Err(e) => return Err(e),
        },
        None => None,
    };
    let (files, taken) = gather_files(state, user, input, extra, &mut errors).await?;
    let (Ok((subject, text)), Some(raised_by), true) = (text, raised_by, errors.is_empty()) else {
        return Err(Error::Invalid(errors));
    };
    let new = NewDifficulty {
        document: doc.id,
        task,
        letter_key: key,
        raised_by,
        addressed_to: issuer,
        subject,
        text,
        raised_on: state.clock.today(),
    };
    Ok(state.store.raise_difficulty(&new, &files, &taken, actor(state, user)).await?)
}

/// Refuses the user unless they may answer, close or reopen the difficulty.
async fn require_answerer(state: &Services, user: &User, d: &Difficulty) -> Result<(), Error> {
    let who = subject(state, user).await?;
    let reach = state.store.successors_from(d.addressed_to).await?;
    Ok(access::decide(&who, Record::Difficulty, Action::Issue, &reach)?)
}

/// Answers a difficulty (the issuing body or its successor); `shared` shows the answer, and the
/// difficulty, to every agency the letter was addressed to.
pub async fn answer(state: &Services, user: &User, id: DifficultyId, input: &AnswerInput) -> Result<Difficulty, Error> {
    let d = state.store.difficulty(id).await?;
    require_answerer(state, user, &d).await?;
    let text = check_answer(&input.text)?;
    // The body that issued the letter answers while it exists (a 2021 answer is the old
    // ministry's); after the reform its successor answers in its own name.
    let today = state.clock.today();
    let by = if d.addressed_to != user.agency_id && state.store.unit(d.addressed_to).await?.validity.contains(today) {
        d.addressed_to
    } else {
        user.agency_id
    };
    let answer = NewAnswer { text: &text, shared: input.shared, by, on: today };
    Ok(state.store.answer_difficulty(id, input.version, &answer, actor(state, user)).await?)
}

/// Closes a difficulty.
pub async fn close(state: &Services, user: &User, id: DifficultyId, version: i64) -> Result<Difficulty, Error> {
    let d = state.store.difficulty(id).await?;
    require_answerer(state, user, &d).await?;
    Ok(state.store.set_difficulty_status(id, version, DifficultyStatus::Closed, actor(state, user)).await?)
}

/// Reopens a closed difficulty (answered again if it has answers, else waiting).
pub async fn reopen(state: &Services, user: &User, id: DifficultyId, version: i64) -> Result<Difficulty, Error> {
    let d = state.store.difficulty(id).await?;
    require_answerer(state, user, &d).await?;
    if d.status != DifficultyStatus::Closed {
        return Err(Error::Conflict("vướng mắc này chưa đóng".into()));
    }
    Ok(state.store.set_difficulty_status(id, version, DifficultyStatus::Open, actor(state, user)).await?)
}

/// The views of the difficulties the user may read among `list`, in its order; the answers not
/// shared are shown only to the raiser and the issuer.
async fn views(state: &Services, user: &User, list: Vec<Difficulty>) -> Result<Vec<DifficultyView>, Error> {
    let who = subject(state, user).await?;
    let ids: Vec<DifficultyId> = list.iter().map(|d| d.id).collect();
    let mut answers = state.store.difficulty_answers(&ids).await?;
    let mut files = state.store.difficulty_files(&ids).await?;
    let mut reaches = Reaches::default();
    let mut kept = Vec::new();
    for d in list {
        let own = answers.remove(&d.id).unwrap_or_default();
        let shared = own.iter().any(|a| a.shared);
        let readers = reaches.readers(state, &d, shared).await?;
        if access::decide(&who, Record::Difficulty, Action::Read, &readers).is_err() {
            continue;
        }
        let parties = reaches.readers(state, &d, false).await?;
        let party = parties.contains(&who.agency);
        let answerers = reaches.successors(state, d.addressed_to).await?.to_vec();
        let may_answer = access::decide(&who, Record::Difficulty, Action::Issue, &answerers).is_ok();
        let own: Vec<Answer> = own.into_iter().filter(|a| a.shared || party).collect();
        kept.push((d, own, may_answer));
    }
    let mut units: BTreeSet<UnitId> = BTreeSet::new();
    let mut documents: BTreeMap<DocumentId, (String, String)> = BTreeMap::new();
    for (d, own, _) in &kept {
        units.extend([d.raised_by, d.addressed_to]);
        units.extend(own.iter().map(|a| a.answered_by));
        if let std::collections::btree_map::Entry::Vacant(e) = documents.entry(d.document) {
            let doc = state.store.document(d.document).await?;
            e.insert((doc.title(), doc.subject.clone()));
        }
    }
    let raisers: Vec<UnitId> = kept.iter().map(|(d, _, _)| d.raised_by).collect();
    let provinces = state.store.provinces_of(&raisers).await?;
    units.extend(provinces.values().copied());
    let names = state.store.names_of(&units.into_iter().collect::<Vec<_>>()).await?;
    let name = |u: UnitId| names.get(&u).cloned().unwrap_or_default();
    Ok(kept
        .into_iter()
        .map(|(d, own, may_answer)| {
            let (letter, letter_subject) = documents.get(&d.document).cloned().unwrap_or_default();
            let province_id = provinces.get(&d.raised_by).copied();
            DifficultyView {
                letter,
                letter_subject,
                raised_by_name: name(d.raised_by),
                addressed_to_name: name(d.addressed_to),
                province_name: province_id.map(name).unwrap_or_default(),
                province_id,
                answers: own
                    .into_iter()
                    .map(|a| AnswerView { answered_by_name: name(a.answered_by), answer: a })
                    .collect(),
                files: files.remove(&d.id).unwrap_or_default(),
                may_answer,
                difficulty: d,
            }
        })
        .collect())
}

/// One difficulty, if the user may read it.
pub async fn show(state: &Services, user: &User, id: DifficultyId) -> Result<DifficultyView, Error> {
    let d = state.store.difficulty(id).await?;
    views(state, user, vec![d]).await?.pop().ok_or_else(|| {
        Error::Forbidden("vướng mắc này không gửi đến, không do cơ quan bạn phản ánh và chưa có trả lời chung".into())
    })
}

/// An attached file, if the user may read the difficulty.
pub async fn file(state: &Services, user: &User, id: DifficultyId, file: i64) -> Result<StoredFile, Error> {
    show(state, user, id).await?;
    Ok(state.store.difficulty_file(id, file).await?)
}

/// The difficulties on a letter (every copy of it) that the user may read, oldest first. The
/// caller has checked that the user may read the letter.
pub async fn for_letter(state: &Services, user: &User, doc: &Document) -> Result<Vec<DifficultyView>, Error> {
    let Some(key) = key_of_letter(doc) else { return Ok(Vec::new()) };
    let list = state.store.difficulties_of_letter(&key).await?;
    views(state, user, list).await
}

/// Filters of the issuing body's list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InboxFilter {
    /// `open` (the default), `answered`, `closed` or `all`.
    #[serde(default)]
    pub status: Option<String>,
    /// Only this letter (its key).
    #[serde(default)]
    pub letter: Option<String>,
    /// Only from this province.
    #[serde(default)]
    pub province: Option<i64>,
}

/// The difficulties addressed to the user's body (or the bodies it carries on from), grouped by
/// letter and province, with the letters and provinces to filter by.
#[derive(Debug, Clone, Serialize)]
pub struct Inbox {
    /// The difficulties matching every filter, by letter then province then newest.
    pub items: Vec<DifficultyView>,
    /// Letters with a difficulty of the chosen status: (key, number and symbol, subject, count).
    pub letters: Vec<(String, String, String, usize)>,
    /// Provinces with one: (id, name, count).
    pub provinces: Vec<(i64, String, usize)>,
}

fn statuses_of(status: Option<&str>) -> Result<Vec<DifficultyStatus>, Error> {
    match status.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(vec![DifficultyStatus::Open]),
        Some("all") => Ok(Vec::new()),
        Some(s) => Ok(vec![s.parse()?]),
    }
}

/// The issuing body's list.
pub async fn inbox(state: &Services, user: &User, filter: &InboxFilter) -> Result<Inbox, Error> {
    let statuses = statuses_of(filter.status.as_deref())?;
    let bodies = state.store.predecessors_from(user.agency_id).await?;
    let list = state
        .store
        .difficulties(&DifficultyFilter { addressed_to: bodies, statuses, limit: LIST_LIMIT, ..Default::default() })
        .await?;
    let all = views(state, user, list).await?;
    let mut letters: BTreeMap<String, (String, String, usize)> = BTreeMap::new();
    let mut provinces: BTreeMap<i64, (String, usize)> = BTreeMap::new();
    for v in &all {
        letters.entry(v.difficulty.letter_key.clone()).or_insert((v.letter.clone(), v.letter_subject.clone(), 0)).2 +=
            1;
        if let Some(p) = v.province_id {
            provinces.entry(p.0).or_insert((v.province_name.clone(), 0)).1 += 1;
        }
    }
    let letter = filter.letter.as_deref().filter(|l| !l.is_empty());
    let province = filter.province.filter(|p| *p > 0);
    let mut items: Vec<DifficultyView> = all
        .into_iter()
        .filter(|v| letter.is_none_or(|l| v.difficulty.letter_key == l))
        .filter(|v| province.is_none_or(|p| v.province_id.map(|u| u.0) == Some(p)))
        .collect();
    items.sort_by(|a, b| {
        (&a.letter, &a.province_name, std::cmp::Reverse(a.difficulty.id)).cmp(&(
            &b.letter,
            &b.province_name,
            std::cmp::Reverse(b.difficulty.id),
        ))
    });
    let mut letters: Vec<_> = letters.into_iter().map(|(k, (t, s, n))| (k, t, s, n)).collect();
    letters.sort_by(|a, b| b.3.cmp(&a.3).then_with(|| a.1.cmp(&b.1)));
    let mut provinces: Vec<_> = provinces.into_iter().map(|(id, (name, n))| (id, name, n)).collect();
    provinces.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(Inbox { items, letters, provinces })
}

/// The difficulties the user's agency (or those it carries on from) raised, newest first;
/// `statuses` empty for all.
pub async fn raised_by_mine(
    state: &Services,
    user: &User,
    statuses: Vec<DifficultyStatus>,
) -> Result<Vec<DifficultyView>, Error> {
    let agencies = state.store.predecessors_from(user.agency_id).await?;
    let list = state
        .store
        .difficulties(&DifficultyFilter { raised_by: agencies, statuses, limit: LIST_LIMIT, ..Default::default() })
        .await?;
    views(state, user, list).await
}

/// A difficulty as a yearly report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RaisedInYear {
    /// Identity.
    pub id: DifficultyId,
    /// The letter's number and symbol.
    pub letter: String,
    /// Subject.
    pub subject: String,
    /// Text.
    pub text: String,
    /// The raising agency's name.
    pub raised_by_name: String,
    /// The day raised.
    pub raised_on: chrono::NaiveDate,
    /// Where it stands.
    pub status: DifficultyStatus,
    /// The answers' texts, oldest first, one paragraph each.
    pub answer: Option<String>,
}

/// The difficulties raised in a calendar year by a unit: an agency (and those whose work it
/// carries on), or an area (every agency that served it or an area it carries on from). For the
/// yearly report; the caller has checked the user may read that report.
pub async fn raised_in_year(state: &Services, unit: UnitId, year: i32) -> Result<Vec<RaisedInYear>, Error> {
    let u = state.store.unit(unit).await?;
    let mut agencies = state.store.predecessors_from(unit).await?;
    if u.kind.is_area() {
        agencies = state.store.agencies_of_areas(&agencies).await?;
        agencies = state.store.predecessors_of_all(&agencies).await?;
    }
    let (from, to) = (chrono::NaiveDate::from_ymd_opt(year, 1, 1), chrono::NaiveDate::from_ymd_opt(year, 12, 31));
    if agencies.is_empty() || from.is_none() {
        return Ok(Vec::new());
    }
    let list = state
        .store
        .difficulties(&DifficultyFilter { raised_by: agencies, from, to, limit: LIST_LIMIT, ..Default::default() })
        .await?;
    let ids: Vec<DifficultyId> = list.iter().map(|d| d.id).collect();
    let mut answers = state.store.difficulty_answers(&ids).await?;
    let names = state.store.names_of(&list.iter().map(|d| d.raised_by).collect::<Vec<_>>()).await?;
    let mut out = Vec::new();
    for d in list.into_iter().rev() {
        let texts: Vec<String> = answers.remove(&d.id).unwrap_or_default().into_iter().map(|a| a.text).collect();
        out.push(RaisedInYear {
            id: d.id,
            letter: state.store.document(d.document).await?.title(),
            subject: d.subject,
            text: d.text,
            raised_by_name: names.get(&d.raised_by).cloned().unwrap_or_default(),
            raised_on: d.raised_on,
            status: d.status,
            answer: (!texts.is_empty()).then(|| texts.join("\n\n")),
        });
    }
    Ok(out)
}

/// The counts and first rows of "my work": difficulties waiting for the user's body to answer,
/// and those the user's agency raised that were answered.
#[derive(Debug, Clone, Default)]
pub struct WorkBuckets {
    /// Waiting for an answer from the user's body (the first rows).
    pub waiting: Vec<DifficultyView>,
    /// How many wait.
    pub waiting_total: usize,
    /// Raised by the user's agency and answered (the first rows).
    pub answered: Vec<DifficultyView>,
    /// How many.
    pub answered_total: usize,
}

/// The buckets of "my work", `rows` of each.
pub async fn work_buckets(state: &Services, user: &User, rows: usize) -> Result<WorkBuckets, Error> {
    let waiting = inbox(state, user, &InboxFilter::default()).await?.items;
    let answered = raised_by_mine(state, user, vec![DifficultyStatus::Answered]).await?;
    Ok(WorkBuckets {
        waiting_total: waiting.len(),
        waiting: waiting.into_iter().take(rows).collect(),
        answered_total: answered.len(),
        answered: answered.into_iter().take(rows).collect(),
    })
}
