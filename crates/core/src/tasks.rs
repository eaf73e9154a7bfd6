//! Tasks: work assigned by a letter or a leader's direction to a lead agency, with coordinating
//! agencies, a deadline, a status and progress. "Quá hạn" (overdue) is computed from the deadline
//! and today, never stored. A lead agency passes work down as sub-tasks.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::documents::DocumentId;
use crate::units::UnitId;
use crate::{Error, FieldError};

/// The identity of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TaskId(pub i64);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

crate::named_enum! {
    /// Where a task stands (as stored; overdue is computed).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum TaskStatus: "status", "trạng thái" {
        /// Mới.
        New = "new", "Mới", "New";
        /// Đang thực hiện.
        InProgress = "in_progress", "Đang thực hiện", "In progress";
        /// Hoàn thành.
        Done = "done", "Hoàn thành", "Completed";
        /// Tạm dừng.
        Paused = "paused", "Tạm dừng", "On hold";
        /// Hủy.
        Cancelled = "cancelled", "Hủy", "Cancelled";
    }
}

impl TaskStatus {
    /// Closed tasks are never overdue.
    #[must_use]
    pub fn is_closed(self) -> bool {
        matches!(self, Self::Done | Self::Cancelled)
    }
}

/// How a deadline was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DeadlineRule {
    /// A calendar date ("trước ngày 15/12/2021").
    Date {
        /// The date.
        date: NaiveDate,
    },
    /// N working days after the start.
    WorkingDays {
        /// N.
        days: u32,
    },
    /// "Ngay": at once, meaning the configured number of working days.
    AtOnce,
    /// No deadline.
    None,
}

impl DeadlineRule {
    /// Parses the form fields: `kind` is `date`, `working_days`, `at_once` or `none`.
    pub fn from_fields(kind: &str, date: Option<&str>, days: Option<&str>) -> Result<Self, Error> {
        match kind {
            "date" => {
                let text = date.unwrap_or("").trim();
                let date = crate::units::read_date(text).ok_or_else(|| {
                    Error::invalid(
                        "deadline_date",
                        format!("hạn \"{text}\" không đúng dạng ngày/tháng/năm (ví dụ 15/12/2021)"),
                    )
                })?;
                Ok(Self::Date { date })
            }
            "working_days" => {
                let text = days.unwrap_or("").trim();
                let days = text.parse::<u32>().ok().filter(|d| (1..=365).contains(d)).ok_or_else(|| {
                    Error::invalid("deadline_days", format!("số ngày làm việc \"{text}\" phải từ 1 đến 365"))
                })?;
                Ok(Self::WorkingDays { days })
            }
            "at_once" => Ok(Self::AtOnce),
            "none" | "" => Ok(Self::None),
            other => Err(Error::invalid("deadline_kind", format!("kiểu hạn \"{other}\" không tồn tại"))),
        }
    }

    /// A short description for the task page ("ngay (5 ngày làm việc)").
    #[must_use]
    pub fn describe(&self, at_once_days: u32) -> String {
        match self {
            Self::Date { date } => format!("trước ngày {}", date.format("%d/%m/%Y")),
            Self::WorkingDays { days } => format!("{days} ngày làm việc"),
            Self::AtOnce => format!("ngay ({at_once_days} ngày làm việc)"),
            Self::None => "không có hạn".into(),
        }
    }

    /// [`DeadlineRule::describe`] in English ("at once (5 working days)").
    #[must_use]
    pub fn describe_en(&self, at_once_days: u32) -> String {
        match self {
            Self::Date { date } => format!("by {}", date.format("%d/%m/%Y")),
            Self::WorkingDays { days: 1 } => "1 working day".into(),
            Self::WorkingDays { days } => format!("{days} working days"),
            Self::AtOnce => format!("at once ({at_once_days} working days)"),
            Self::None => "no deadline".into(),
        }
    }

    /// The due date, counting working days from `start` on `calendar`.
    #[must_use]
    pub fn due(&self, start: NaiveDate, calendar: &vanban::date::Calendar, at_once_days: u32) -> Option<NaiveDate> {
        match *self {
            Self::Date { date } => Some(date),
            Self::WorkingDays { days } => calendar.add_working_days(start, i64::from(days)),
            Self::AtOnce => calendar.add_working_days(start, i64::from(at_once_days)),
            Self::None => None,
        }
    }
}

/// Whether a task is overdue today.
#[must_use]
pub fn is_overdue(deadline: Option<NaiveDate>, status: TaskStatus, today: NaiveDate) -> bool {
    !status.is_closed() && deadline.is_some_and(|d| d < today)
}

crate::named_enum! {
    /// The inbox buckets of an agency.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum Bucket: "bucket", "nhóm" {
        /// Open tasks.
        Todo = "todo", "Cần làm", "To do";
        /// Open and past the deadline.
        Overdue = "overdue", "Quá hạn", "Overdue";
        /// Open and due by the end of this week (Sunday).
        DueThisWeek = "due_this_week", "Đến hạn tuần này", "Due this week";
        /// Done or cancelled.
        Done = "done", "Đã xong", "Closed";
    }
}

impl Bucket {
    /// Whether a task belongs in this bucket today.
    #[must_use]
    pub fn holds(self, deadline: Option<NaiveDate>, status: TaskStatus, today: NaiveDate) -> bool {
        match self {
            Self::Todo => !status.is_closed(),
            Self::Overdue => is_overdue(deadline, status, today),
            Self::DueThisWeek => {
                let sunday = today + Duration::days(i64::from(6 - today.weekday().num_days_from_monday()));
                !status.is_closed() && deadline.is_some_and(|d| d >= today && d <= sunday)
            }
            Self::Done => status.is_closed(),
        }
    }
}

/// A task to create.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    /// The document that assigned it.
    pub document: Option<DocumentId>,
    /// The task it was passed down from.
    pub parent: Option<TaskId>,
    /// Who assigned it.
    pub assigner: UnitId,
    /// Who leads (chủ trì).
    pub lead: UnitId,
    /// Who coordinates (phối hợp).
    pub coordinators: Vec<UnitId>,
    /// What to do.
    pub description: String,
    /// The start date for working-day deadlines (usually the document's date).
    pub start: NaiveDate,
    /// How the deadline was given.
    pub rule: DeadlineRule,
    /// The computed due date.
    pub deadline: Option<NaiveDate>,
}

impl NewTask {
    /// Checks the fields.
    pub fn validate(&self) -> Result<(), Error> {
        let mut errors = Vec::new();
        if self.description.trim().is_empty() {
            errors.push(FieldError::new("description", "nội dung nhiệm vụ không được để trống"));
        }
        if self.coordinators.contains(&self.lead) {
            errors.push(FieldError::new("coordinators", "cơ quan chủ trì không đồng thời là cơ quan phối hợp"));
        }
        if self.deadline.is_some_and(|d| d < self.start) {
            errors.push(FieldError::new("deadline_date", "hạn không thể trước ngày giao"));
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
    }
}

/// A stored task.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    /// Identity.
    pub id: TaskId,
    /// The document that assigned it.
    pub document: Option<DocumentId>,
    /// The task it was passed down from.
    pub parent: Option<TaskId>,
    /// Who assigned it.
    pub assigner: UnitId,
    /// Who leads.
    pub lead: UnitId,
    /// Who coordinates.
    pub coordinators: Vec<UnitId>,
    /// What to do.
    pub description: String,
    /// Start date.
    pub start: NaiveDate,
    /// How the deadline was given.
    pub rule: DeadlineRule,
    /// Due date.
    pub deadline: Option<NaiveDate>,
    /// Status as stored.
    pub status: TaskStatus,
    /// Percent complete from the latest progress report.
    pub percent: u8,
    /// Created.
    pub created_at: String,
    /// Incremented by every change; a change based on an older version is a conflict.
    pub version: i64,
}

impl Task {
    /// Overdue today.
    #[must_use]
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        is_overdue(self.deadline, self.shown_status(), today)
    }

    /// The status to show and count: the stored one, except that a task reported at 100 % is
    /// done.
    #[must_use]
    pub fn shown_status(&self) -> TaskStatus {
        if self.percent >= 100 && !self.status.is_closed() { TaskStatus::Done } else { self.status }
    }

    /// Whether the task belongs in an inbox bucket today.
    #[must_use]
    pub fn in_bucket(&self, bucket: Bucket, today: NaiveDate) -> bool {
        bucket.holds(self.deadline, self.shown_status(), today)
    }
}

crate::named_enum! {
    /// What a progress entry is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub enum ProgressKind: "kind", "loại cập nhật" {
        /// The lead agency's report.
        Progress = "progress";
        /// A coordinating agency's contribution.
        Contribution = "contribution";
    }
}

/// A stored progress entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Progress {
    /// Identity.
    pub id: i64,
    /// Report or contribution.
    pub kind: ProgressKind,
    /// The day it reports on.
    pub date: NaiveDate,
    /// What was done.
    pub text: String,
    /// Percent complete.
    pub percent: Option<u8>,
    /// The reporting agency.
    pub unit: Option<UnitId>,
    /// When it was written.
    pub created_at: String,
    /// Name of the attached file, if any.
    pub attachment_name: Option<String>,
}

/// A progress report or a coordinator's contribution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProgress {
    /// The day it reports on.
    pub date: NaiveDate,
    /// What was done.
    pub text: String,
    /// Percent complete (lead agency's reports only).
    pub percent: Option<u8>,
}

impl NewProgress {
    /// Checks the fields.
    pub fn validate(&self, today: NaiveDate) -> Result<(), Error> {
        let mut errors = Vec::new();
        if self.text.trim().is_empty() {
            errors.push(FieldError::new("text", "nội dung tiến độ không được để trống"));
        }
        if self.percent.is_some_and(|p| p > 100) {
            errors.push(FieldError::new("percent", "tỷ lệ hoàn thành từ 0 đến 100"));
        }
        if self.date > today {
            errors.push(FieldError::new("date", "ngày báo cáo không thể sau hôm nay"));
        }
        if errors.is_empty() { Ok(()) } else { Err(Error::Invalid(errors)) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn at_once_means_the_configured_working_days() {
        let cal = vanban::date::Calendar::new();
        // Thursday 25/02/2021 + 5 working days = Thursday 04/03/2021.
        assert_eq!(DeadlineRule::AtOnce.due(d(2021, 2, 25), &cal, 5), Some(d(2021, 3, 4)));
        assert_eq!(DeadlineRule::WorkingDays { days: 1 }.due(d(2021, 2, 26), &cal, 5), Some(d(2021, 3, 1)));
        assert_eq!(DeadlineRule::None.due(d(2021, 2, 25), &cal, 5), None);
    }

    #[test]
    fn overdue_is_computed_and_closed_tasks_never_are() {
        let today = d(2021, 3, 10);
        assert!(is_overdue(Some(d(2021, 3, 4)), TaskStatus::InProgress, today));
        assert!(!is_overdue(Some(d(2021, 3, 4)), TaskStatus::Done, today));
        assert!(!is_overdue(Some(d(2021, 3, 10)), TaskStatus::New, today));
        assert!(!is_overdue(None, TaskStatus::New, today));
        // Wednesday: due this week runs to Sunday 14/03.
        assert!(Bucket::DueThisWeek.holds(Some(d(2021, 3, 14)), TaskStatus::New, today));
        assert!(!Bucket::DueThisWeek.holds(Some(d(2021, 3, 15)), TaskStatus::New, today));
    }

    #[test]
    fn deadline_fields_are_checked() {
        assert_eq!(
            DeadlineRule::from_fields("date", Some("2021-12-15"), None).unwrap(),
            DeadlineRule::Date { date: d(2021, 12, 15) }
        );
        assert!(DeadlineRule::from_fields("working_days", None, Some("0")).is_err());
        assert_eq!(
            DeadlineRule::from_fields("date", Some("15/12/2021"), None).unwrap(),
            DeadlineRule::Date { date: d(2021, 12, 15) }
        );
        assert!(DeadlineRule::from_fields("date", Some("12/15/2021"), None).is_err());
        assert_eq!(DeadlineRule::from_fields("at_once", None, None).unwrap(), DeadlineRule::AtOnce);
    }
}
