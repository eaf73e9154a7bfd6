//! The indicator pages.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use serde::Deserialize;

use binhdang_core::FieldError;
use binhdang_core::indicators::{
    Formula, Indicator, Measure, Target, TargetDirection, parse_targets, plain_number, trim_number,
};
use binhdang_store::indicators::{IndicatorVersion, StoredIndicator};

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::page::{Page, after_save, field_error, see_other};

/// An indicator as listed.
pub struct Row {
    code: String,
    programme: String,
    name: String,
    sign: &'static str,
    target_2025: String,
    target_2030: String,
    source: String,
    confirmed: bool,
    retired: bool,
}

fn target_text(i: &Indicator, year: i32) -> String {
    i.target(year).map(|v| format!("{}{}", trim_number(v), i.unit.suffix())).unwrap_or_default()
}

fn row(s: &StoredIndicator) -> Row {
    let i = &s.indicator;
    Row {
        code: i.code.clone(),
        programme: i.programme.clone(),
        name: i.name.clone(),
        sign: i.direction.sign(),
        target_2025: target_text(i, 2025),
        target_2030: target_text(i, 2030),
        source: i.source.clone(),
        confirmed: i.confirmed,
        retired: i.retired,
    }
}

#[derive(Template)]
#[template(path = "indicators/list.html")]
struct List {
    page: Page,
    rows: Vec<Row>,
    retired: bool,
    can_edit: bool,
}

/// Query of the list.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    retired: Option<String>,
}

/// `GET /indicators`.
pub async fn list(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Query(q): Query<ListQuery>,
) -> PageResult<Html<String>> {
    let retired = q.retired.is_some();
    let rows = state.store.indicators(retired).await?.iter().map(row).collect();
    let can_edit = super::require_catalog_admin(&state, &user).await.is_ok();
    Ok(Html(List { page, rows, retired, can_edit }.render()?))
}

/// The indicator form's fields, as text.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct IndicatorForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    programme: String,
    #[serde(default)]
    objective: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    name_en: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    targets: String,
    #[serde(default)]
    baseline: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    confirmed: Option<String>,
    #[serde(default)]
    numerator: String,
    #[serde(default)]
    denominator: String,
    #[serde(default)]
    factor: String,
    #[serde(default)]
    formula_note: String,
    #[serde(default)]
    baseline_source: String,
    #[serde(default)]
    version: i64,
}

fn targets_text(targets: &[Target]) -> String {
    targets.iter().map(|t| format!("{}={}", t.year, plain_number(t.value))).collect::<Vec<_>>().join("; ")
}

impl IndicatorForm {
    fn of(s: &StoredIndicator) -> Self {
        let i = &s.indicator;
        Self {
            code: i.code.clone(),
            programme: i.programme.clone(),
            objective: i.objective.to_string(),
            name: i.name.clone(),
            name_en: i.name_en.clone(),
            unit: i.unit.as_str().to_owned(),
            direction: i.direction.as_str().to_owned(),
            targets: targets_text(&i.targets),
            baseline: i.baseline.map(|b| targets_text(&[b])).unwrap_or_default(),
            source: i.source.clone(),
            confirmed: i.confirmed.then(|| "1".to_owned()),
            numerator: i.formula.as_ref().map(|f| f.numerator.clone()).unwrap_or_default(),
            denominator: i.formula.as_ref().and_then(|f| f.denominator.clone()).unwrap_or_default(),
            factor: i.formula.as_ref().map(|f| plain_number(f.factor).replace(',', ".")).unwrap_or_default(),
            formula_note: i.formula_note.clone(),
            baseline_source: i.baseline_source.clone(),
            version: s.version,
        }
    }

    /// The indicator, or every problem with the form.
    fn indicator(&self, retired: bool) -> Result<Indicator, AppError> {
        let mut errors = Vec::new();
        let unit = self.unit.parse::<Measure>().map_err(|e| errors.extend(field_errors(e))).ok();
        let direction = self.direction.parse::<TargetDirection>().map_err(|e| errors.extend(field_errors(e))).ok();
        let objective = self
            .objective
            .trim()
            .parse::<u8>()
            .map_err(|_| errors.push(FieldError::new("objective", "mục tiêu là một số từ 1 đến 9")))
            .ok();
        let targets = parse_targets(&self.targets).map_err(|e| errors.push(e)).ok();
        let baseline = parse_targets(&self.baseline)
            .map_err(|e| errors.push(FieldError::new("baseline", e.message)))
            .ok()
            .and_then(|b| b.first().copied());
        let formula = if self.numerator.trim().is_empty() {
            None
        } else {
            let factor = self.factor.trim().replace(',', ".").parse::<f64>().unwrap_or(0.0);
            Some(Formula {
                numerator: self.numerator.trim().to_owned(),
                denominator: Some(self.denominator.trim().to_owned()).filter(|d| !d.is_empty()),
                factor,
            })
        };
        let (Some(unit), Some(direction), Some(objective), Some(targets), true) =
            (unit, direction, objective, targets, errors.is_empty())
        else {
            return Err(AppError::Invalid(errors));
        };
        let i = Indicator {
            code: self.code.trim().to_owned(),
            programme: self.programme.trim().to_owned(),
            objective,
            name: self.name.trim().to_owned(),
            name_en: self.name_en.trim().to_owned(),
            unit,
            direction,
            baseline,
            targets,
            source: self.source.trim().to_owned(),
            confirmed: self.confirmed.is_some(),
            formula,
            formula_note: self.formula_note.trim().to_owned(),
            baseline_source: self.baseline_source.trim().to_owned(),
            retired,
        };
        i.validate()?;
        Ok(i)
    }
}

fn field_errors(e: binhdang_core::Error) -> Vec<FieldError> {
    match e {
        binhdang_core::Error::Invalid(f) => f,
        other => vec![FieldError::new("form", other.to_string())],
    }
}

#[derive(Template)]
#[template(path = "indicators/show.html")]
struct Show {
    page: Page,
    indicator: Option<StoredIndicator>,
    history: Vec<IndicatorVersion>,
    form: IndicatorForm,
    units: Vec<(&'static str, bool)>,
    directions: Vec<(&'static str, &'static str, bool)>,
    can_edit: bool,
    errors: Vec<FieldError>,
}

impl Show {
    fn error(&self, field: &str) -> String {
        field_error(&self.errors, field)
    }

    fn targets(&self) -> String {
        self.indicator.as_ref().map(|s| targets_text(&s.indicator.targets)).unwrap_or_default()
    }

    /// The formula in words: each side named by its data element and option.
    fn formula_text(&self) -> String {
        let Some(f) = self.indicator.as_ref().and_then(|s| s.indicator.formula.as_ref()) else { return String::new() };
        let lang = self.page.lang;
        let name = |selector: &str| {
            let (code, option) = selector.split_once('.').map_or((selector, None), |(c, o)| (c, Some(o)));
            let Some(el) = binhdang_core::reporting::element(code) else { return selector.to_owned() };
            let option = option.and_then(|o| {
                binhdang_core::reporting::CATEGORIES
                    .iter()
                    .flat_map(|c| c.options.iter())
                    .find(|(c, _, _)| *c == o)
                    .map(|x| lang.option_label(x))
            });
            match option {
                Some(o) => format!("{} ({o})", lang.pick(el.name_vi, el.name_en)),
                None => lang.pick(el.name_vi, el.name_en).to_owned(),
            }
        };
        match &f.denominator {
            Some(d) => format!("{} / {} × {}", name(&f.numerator), name(d), trim_number(f.factor)),
            None => format!("{} × {}", name(&f.numerator), trim_number(f.factor)),
        }
    }

    fn baseline_text(&self) -> String {
        self.indicator
            .as_ref()
            .and_then(|s| s.indicator.baseline.map(|b| (b, s.indicator.baseline_source.clone())))
            .map(|(b, source)| {
                let text = format!("{}: {}", b.year, trim_number(b.value));
                if source.is_empty() { text } else { format!("{text} ({source})") }
            })
            .unwrap_or_default()
    }
}

async fn render(
    state: &AppState,
    page: Page,
    user: &binhdang_core::users::User,
    code: Option<&str>,
    form: Option<IndicatorForm>,
    errors: Vec<FieldError>,
) -> PageResult<Html<String>> {
    let indicator = match code {
        Some(c) => Some(state.store.indicator(c).await?),
        None => None,
    };
    let history = match code {
        Some(c) => state.store.indicator_history(c).await?,
        None => Vec::new(),
    };
    let form = form.unwrap_or_else(|| indicator.as_ref().map(IndicatorForm::of).unwrap_or_default());
    let units = Measure::ALL.iter().map(|m| (m.as_str(), m.as_str() == form.unit)).collect();
    let directions = [TargetDirection::AtLeast, TargetDirection::AtMost, TargetDirection::Exactly]
        .iter()
        .map(|d| (d.as_str(), d.sign(), d.as_str() == form.direction))
        .collect();
    let can_edit = super::require_catalog_admin(state, user).await.is_ok();
    Ok(Html(Show { page, indicator, history, form, units, directions, can_edit, errors }.render()?))
}

/// `GET /indicators/{code}`.
pub async fn show(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(code): Path<String>,
) -> PageResult<Html<String>> {
    render(&state, page, &user, Some(&code), None, Vec::new()).await
}

/// `GET /indicators/new`.
pub async fn new_form(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
) -> PageResult<Html<String>> {
    super::require_catalog_admin(&state, &user).await?;
    let form = IndicatorForm {
        unit: "percent".into(),
        direction: "at_least".into(),
        factor: "100".into(),
        ..IndicatorForm::default()
    };
    render(&state, page, &user, None, Some(form), Vec::new()).await
}

/// `POST /indicators`.
pub async fn create(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    axum::Form(f): axum::Form<IndicatorForm>,
) -> PageResult<Response> {
    let result = match f.indicator(false) {
        Ok(i) => super::create(&state, &user, &i).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    after_save(
        result,
        |s| see_other(&format!("/indicators/{}", s.indicator.code)),
        Some("code"),
        async |errors| render(&state, page, &user, None, Some(f), errors).await,
    )
    .await
}

/// `POST /indicators/{code}`.
pub async fn update(
    State(state): State<AppState>,
    page: Page,
    CurrentUser(user): CurrentUser,
    Path(code): Path<String>,
    axum::Form(f): axum::Form<IndicatorForm>,
) -> PageResult<Response> {
    let retired = state.store.indicator(&code).await?.indicator.retired;
    let result = match f.indicator(retired) {
        Ok(i) => super::update(&state, &user, &code, &i, f.version).await.map_err(AppError::from),
        Err(e) => Err(e),
    };
    after_save(
        result,
        |_| see_other(&format!("/indicators/{code}")),
        Some("version"),
        async |errors| render(&state, page, &user, Some(&code), Some(f), errors).await,
    )
    .await
}

/// The retire form.
#[derive(Debug, Deserialize)]
pub struct RetireForm {
    version: i64,
}

/// `POST /indicators/{code}/retire`.
pub async fn retire(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(code): Path<String>,
    axum::Form(f): axum::Form<RetireForm>,
) -> PageResult<Response> {
    super::retire(&state, &user, &code, f.version).await?;
    Ok(see_other(&format!("/indicators/{code}")))
}
