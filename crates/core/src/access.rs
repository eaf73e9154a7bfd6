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
}

impl Record {
    /// Every kind.
    pub const ALL: [Self; 8] =
        [Self::Unit, Self::Document, Self::Task, Self::Plan, Self::Activity, Self::Indicator, Self::User, Self::Report];
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
    /// approved by the level above.
    Issue,
    /// Manage it as an administrator (move units, add users, restore deleted records).
    Administer,
}

impl Action {
    /// Every action.
    pub const ALL: [Self; 4] = [Self::Read, Self::Write, Self::Issue, Self::Administer];
}

/// Who asks: the role and the area the user's agency serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject {
    /// The user's role.
    pub role: Role,
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
    use Record::{Activity, Document, Indicator, Plan, Report, Task, Unit, User};
    match (record, action) {
        (Indicator, Write | Administer) => Some((Role::Admin, true)),
        (User, Read | Write) | (Unit | Document | Task | Plan | Activity | User | Report, Administer) => {
            Some((Role::Admin, false))
        }
        (Unit | Document | Task | Plan | Activity | Indicator | Report, Read) => Some((Role::Viewer, false)),
        (Unit | Document | Task | Plan | Activity | Report, Write) => Some((Role::Officer, false)),
        (Plan | Report, Issue) => Some((Role::Leader, false)),
        (Unit | Document | Task | Activity | Indicator | User, Issue) => None,
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

    /// Scopes: (name, area, national, in the record's reach).
    const SCOPES: [(&str, UnitId, bool, bool); 6] = [
        ("the ward itself", WARD, false, true),
        ("another ward", OTHER_WARD, false, false),
        ("the province before the reform", KIEN_GIANG, false, true),
        ("the province it became", AN_GIANG, false, true),
        ("another province", HA_NOI, false, false),
        ("the ministry", NATION, true, true),
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
                for role in Role::ALL {
                    for (name, area, national, in_reach) in SCOPES {
                        let who = Subject { role, area, national };
                        let expected = expected_need.is_some_and(|(min, only_national)| {
                            role >= min
                                && (!only_national || national)
                                && (in_reach || (record == Record::Indicator && action == Action::Read))
                        });
                        assert_eq!(
                            decide(&who, record, action, &REACH).is_ok(),
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
        let viewer = Subject { role: Role::Viewer, area: AN_GIANG, national: false };
        let e = decide(&viewer, Record::Activity, Action::Write, &REACH).unwrap_err();
        assert!(e.to_string().contains("chỉ được đọc"), "{e}");
        let officer = Subject { role: Role::Officer, area: HA_NOI, national: false };
        let e = decide(&officer, Record::Activity, Action::Write, &REACH).unwrap_err();
        assert!(e.to_string().contains("ngoài phạm vi"), "{e}");
        let admin = Subject { role: Role::Admin, area: AN_GIANG, national: false };
        let e = decide(&admin, Record::Indicator, Action::Write, &[NATION]).unwrap_err();
        assert!(e.to_string().contains("cấp quốc gia"), "{e}");
    }
}
