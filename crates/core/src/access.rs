//! Who may do what: every permission decision of binhdang as one pure function of the user's
//! role, the area their agency serves, the kind of record, the action, and the record's *reach*
//! (the areas whose users may act on it: its place, the place's ancestors, and what the place
//! became across the reform). The store computes the reach; the rule is here, tested as a table
//! of every role × scope × record × action.
//!
//! The rule, in words:
//! - **read**: anyone whose area is in the record's reach (the indicator catalog: anyone logged
//!   in);
//! - **write**: an officer or above whose area is in the reach (for the catalog and for accounts,
//!   an administrator, and for the catalog only one whose area is the nation);
//! - **issue** (a plan; approving, returning or waiving a report, asked on the reach of the
//!   reporting area's parent): a leader or above whose area is in the reach;
//! - **administer** (the registry, accounts, restoring what was deleted): an administrator whose
//!   area is in the reach (the catalog: the nation's).
//!
//! A difficulty raised on a letter is decided on *agencies*, not areas: its reach lists the
//! agencies concerned and their successors, and the user's own agency must be among them. The
//! store computes which agencies, per action:
//! - **write** (raise one): the agencies the letter was addressed to or assigned to (its
//!   recipients, the agency whose incoming register holds it, the lead and coordinators of every
//!   task from it or from a letter forwarding it) — an officer or above;
//! - **read**: the raising agency, the issuing body and, once an answer is shared, every agency
//!   the letter was addressed to — anyone of them;
//! - **issue** (answer, close or reopen it): the body that issued the letter — an officer or
//!   above. A ministry's reach over the nation gives it no say over another body's letter.

use crate::Error;
use crate::units::UnitId;
use crate::users::Role;

/// The kinds of record a permission is asked about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// A unit of the registry (an area or an agency), its focal point and symbol templates.
    Unit,
    /// A letter in a register.
    Document,
    /// A task.
    Task,
    /// A plan.
    Plan,
    /// An activity.
    Activity,
    /// An indicator of the national catalog.
    Indicator,
    /// A user account.
    User,
    /// A periodic report of an area (its values and its workflow).
    Report,
    /// A difficulty raised on a letter to the body that issued it, with its answers.
    Difficulty,
}

impl Record {
    /// Every kind.
    pub const ALL: [Self; 9] = [
        Self::Unit,
        Self::Document,
        Self::Task,
        Self::Plan,
        Self::Activity,
        Self::Indicator,
        Self::User,
        Self::Report,
        Self::Difficulty,
    ];

    /// Whether the reach of this kind of record lists agencies (the user's agency must be in it)
    /// rather than areas (the user's scope area must be).
    #[must_use]
    pub const fn reach_lists_agencies(self) -> bool {
        matches!(self, Self::Difficulty)
    }
}

/// What is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// See it.
    Read,
    /// Create or change it.
    Write,
    /// Issue it (a plan) or approve it (a report: approve, return, waive) — the decision of a
    /// leader. For a report the reach asked about is the reporting area's parent's: a report is
    /// approved by the level above. For a difficulty: answer, close or reopen it, the issuing
    /// body's officers' work.
    Issue,
    /// Manage it as an administrator (move units, add users, restore deleted records).
    Administer,
}

impl Action {
    /// Every action.
    pub const ALL: [Self; 4] = [Self::Read, Self::Write, Self::Issue, Self::Administer];
}

/// Who asks: the role, the user's agency and the area it serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// The user's role.
    pub role: Role,
    /// The user's agency (for the records whose reach lists agencies).
    pub agency: UnitId,
    /// The area at the root of the user's scope.
    pub area: UnitId,
    /// Whether that area is the nation.
    pub national: bool,
}

/// What an action on a record needs: the weakest role, and whether only a national user may.
/// `None`: the action does not apply to the record (refused to everyone).
#[must_use]
pub fn needs(record: Record, action: Action) -> Option<(Role, bool)> {
    use Action::{Administer, Issue, Read, Write};
    use Record::{Activity, Difficulty, Document, Indicator, Plan, Report, Task, Unit, User};
    match (record, action) {
        (Indicator, Write | Administer) => Some((Role::Admin, true)),
        (User, Read | Write) | (Unit | Document | Task | Plan | Activity | User | Report, Administer) => {
            Some((Role::Admin, false))
        }
        (Unit | Document | Task | Plan | Activity | Indicator | Report | Difficulty, Read) => {
            Some((Role::Viewer, false))
        }
        (Unit | Document | Task | Plan | Activity | Report, Write) | (Difficulty, Write | Issue) => {
            Some((Role::Officer, false))
        }
        (Plan | Report, Issue) => Some((Role::Leader, false)),
        (Unit | Document | Task | Activity | Indicator | User, Issue) | (Difficulty, Administer) => None,
    }
}

/// Decides whether `who` may do `action` on a record of kind `record` with this reach; the
/// refusal says why, in Vietnamese.
pub fn decide(who: &Subject, record: Record, action: Action, reach: &[UnitId]) -> Result<(), Error> {
    let Some((role, national)) = needs(record, action) else {
        return Err(Error::Forbidden("thao tác này không áp dụng cho loại dữ liệu này".into()));
    };
    if who.role < role {
        return Err(Error::Forbidden(match role {
            Role::Viewer => "cần đăng nhập".into(),
            Role::Officer => "vai trò Xem chỉ được đọc, không được thay đổi dữ liệu".into(),
            Role::Leader => "chỉ lãnh đạo được quyết định việc này".into(),
            Role::Admin => "chỉ quản trị viên được làm việc này".into(),
        }));
    }
    if national && !who.national {
        return Err(Error::Forbidden("chỉ quản trị viên cấp quốc gia được làm việc này".into()));
    }
    // The catalog is national: reading it needs no reach.
    if record == Record::Indicator && action == Action::Read {
        return Ok(());
    }
    if record.reach_lists_agencies() {
        if !reach.contains(&who.agency) {
            return Err(Error::Forbidden(match action {
                Action::Write => {
                    "cơ quan bạn không được giao thực hiện văn bản này nên không phản ánh vướng mắc về văn bản này được"
                        .into()
                }
                Action::Issue => {
                    "chỉ cơ quan ban hành văn bản (hoặc cơ quan kế thừa) được trả lời, đóng hoặc mở lại vướng mắc"
                        .into()
                }
                _ => "vướng mắc này không gửi đến, không do cơ quan bạn phản ánh và chưa có trả lời chung".into(),
            }));
        }
        return Ok(());
    }
    if !reach.contains(&who.area) {
        return Err(Error::Forbidden("dữ liệu này nằm ngoài phạm vi của cơ quan bạn".into()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record placed in a ward of Kiên Giang before the reform: its reach is the ward, old
    /// Kiên Giang, the nation, and today's An Giang that Kiên Giang passed into.
    const WARD: UnitId = UnitId(30742);
    const KIEN_GIANG: UnitId = UnitId(91);
    const AN_GIANG: UnitId = UnitId(1091);
    const NATION: UnitId = UnitId(1);
    const OTHER_WARD: UnitId = UnitId(30745);
    const HA_NOI: UnitId = UnitId(101);
    const REACH: [UnitId; 4] = [WARD, KIEN_GIANG, NATION, AN_GIANG];

    /// Agencies, for the records whose reach lists agencies: a difficulty raised by Kiên Giang's
    /// labour department on the old ministry's letter reaches the department, the Sở Nội vụ that
    /// carries on its work, the old ministry and the ministry that succeeded it.
    const WARD_COMMITTEE: UnitId = UnitId(900_001);
    const OTHER_WARD_COMMITTEE: UnitId = UnitId(900_002);
    const KG_LABOUR: UnitId = UnitId(900_003);
    const AG_HOME_AFFAIRS: UnitId = UnitId(900_004);
    const HN_HOME_AFFAIRS: UnitId = UnitId(900_005);
    const MINISTRY: UnitId = UnitId(900_006);
    const AGENCY_REACH: [UnitId; 3] = [KG_LABOUR, AG_HOME_AFFAIRS, MINISTRY];

    /// Scopes: (name, agency, area, national, the agency in the agency reach, the area in the
    /// area reach). The ward's committee is under Kiên Giang but not concerned by the letter:
    /// areas and agencies give different answers on purpose.
    const SCOPES: [(&str, UnitId, UnitId, bool, bool, bool); 6] = [
        ("the ward itself", WARD_COMMITTEE, WARD, false, false, true),
        ("another ward", OTHER_WARD_COMMITTEE, OTHER_WARD, false, false, false),
        ("the province before the reform", KG_LABOUR, KIEN_GIANG, false, true, true),
        ("the province it became", AG_HOME_AFFAIRS, AN_GIANG, false, true, true),
        ("another province", HN_HOME_AFFAIRS, HA_NOI, false, false, false),
        ("the ministry", MINISTRY, NATION, true, true, true),
    ];

    /// A row: the record, the action, and what it needs (see [`needs`]).
    type Row = (Record, Action, Option<(Role, bool)>);

    /// The matrix, written out: for each record and action, the weakest role and whether only a
    /// national user may; `None` where the action does not apply. Every pair must appear once.
    const TABLE: &[Row] = &[
        (Record::Unit, Action::Read, Some((Role::Viewer, false))),
        (Record::Unit, Action::Write, Some((Role::Officer, false))),
        (Record::Unit, Action::Issue, None),
        (Record::Unit, Action::Administer, Some((Role::Admin, false))),
        (Record::Document, Action::Read, Some((Role::Viewer, false))),
        (Record::Document, Action::Write, Some((Role::Officer, false))),
        (Record::Document, Action::Issue, None),
        (Record::Document, Action::Administer, Some((Role::Admin, false))),
        (Record::Task, Action::Read, Some((Role::Viewer, false))),
        (Record::Task, Action::Write, Some((Role::Officer, false))),
        (Record::Task, Action::Issue, None),
        (Record::Task, Action::Administer, Some((Role::Admin, false))),
        (Record::Plan, Action::Read, Some((Role::Viewer, false))),
        (Record::Plan, Action::Write, Some((Role::Officer, false))),
        (Record::Plan, Action::Issue, Some((Role::Leader, false))),
        (Record::Plan, Action::Administer, Some((Role::Admin, false))),
        (Record::Activity, Action::Read, Some((Role::Viewer, false))),
        (Record::Activity, Action::Write, Some((Role::Officer, false))),
        (Record::Activity, Action::Issue, None),
        (Record::Activity, Action::Administer, Some((Role::Admin, false))),
        (Record::Indicator, Action::Read, Some((Role::Viewer, false))),
        (Record::Indicator, Action::Write, Some((Role::Admin, true))),
        (Record::Indicator, Action::Issue, None),
        (Record::Indicator, Action::Administer, Some((Role::Admin, true))),
        (Record::User, Action::Read, Some((Role::Admin, false))),
        (Record::User, Action::Write, Some((Role::Admin, false))),
        (Record::User, Action::Issue, None),
        (Record::User, Action::Administer, Some((Role::Admin, false))),
        (Record::Report, Action::Read, Some((Role::Viewer, false))),
        (Record::Report, Action::Write, Some((Role::Officer, false))),
        (Record::Report, Action::Issue, Some((Role::Leader, false))),
        (Record::Report, Action::Administer, Some((Role::Admin, false))),
        (Record::Difficulty, Action::Read, Some((Role::Viewer, false))),
        (Record::Difficulty, Action::Write, Some((Role::Officer, false))),
        (Record::Difficulty, Action::Issue, Some((Role::Officer, false))),
        (Record::Difficulty, Action::Administer, None),
    ];

    #[test]
    fn every_role_scope_record_and_action_is_decided_as_the_table_says() {
        let mut checked = 0;
        for record in Record::ALL {
            for action in Action::ALL {
                let rows: Vec<_> = TABLE.iter().filter(|(r, a, _)| *r == record && *a == action).collect();
                assert_eq!(rows.len(), 1, "the table must hold {record:?} × {action:?} exactly once");
                let expected_need = rows[0].2;
                assert_eq!(needs(record, action), expected_need, "{record:?} × {action:?}");
                let reach: &[UnitId] = if record.reach_lists_agencies() { &AGENCY_REACH } else { &REACH };
                for role in Role::ALL {
                    for (name, agency, area, national, agency_in, area_in) in SCOPES {
                        let who = Subject { role, agency, area, national };
                        let in_reach = if record.reach_lists_agencies() { agency_in } else { area_in };
                        let expected = expected_need.is_some_and(|(min, only_national)| {
                            role >= min
                                && (!only_national || national)
                                && (in_reach || (record == Record::Indicator && action == Action::Read))
                        });
                        assert_eq!(
                            decide(&who, record, action, reach).is_ok(),
                            expected,
                            "{role:?} of {name} × {record:?} × {action:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert_eq!(checked, Record::ALL.len() * Action::ALL.len() * Role::ALL.len() * SCOPES.len());
    }

    #[test]
    fn refusals_say_why() {
        let viewer = Subject { role: Role::Viewer, agency: AG_HOME_AFFAIRS, area: AN_GIANG, national: false };
        let e = decide(&viewer, Record::Activity, Action::Write, &REACH).unwrap_err();
        assert!(e.to_string().contains("chỉ được đọc"), "{e}");
        let officer = Subject { role: Role::Officer, agency: HN_HOME_AFFAIRS, area: HA_NOI, national: false };
        let e = decide(&officer, Record::Activity, Action::Write, &REACH).unwrap_err();
        assert!(e.to_string().contains("ngoài phạm vi"), "{e}");
        let admin = Subject { role: Role::Admin, agency: AG_HOME_AFFAIRS, area: AN_GIANG, national: false };
        let e = decide(&admin, Record::Indicator, Action::Write, &[NATION]).unwrap_err();
        assert!(e.to_string().contains("cấp quốc gia"), "{e}");
        let e = decide(&officer, Record::Difficulty, Action::Write, &AGENCY_REACH).unwrap_err();
        assert!(e.to_string().contains("không được giao"), "{e}");
        let province = Subject { role: Role::Leader, agency: AG_HOME_AFFAIRS, area: AN_GIANG, national: false };
        let e = decide(&province, Record::Difficulty, Action::Issue, &[MINISTRY]).unwrap_err();
        assert!(e.to_string().contains("cơ quan ban hành"), "{e}");
    }
}
