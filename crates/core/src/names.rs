//! The string forms of the domain's enums, written once per enum: [`named_enum!`](crate::named_enum) declares the
//! enum together with its table — each variant's API and database name and, where people read
//! it, its Vietnamese and English labels — and derives from that one table `ALL`, `as_str`,
//! `label_vi` / `label_en` and `FromStr` (whose refusal names the field and the valid names).
//! Serde's names must be the same as `as_str`'s; a test of each module checks it.

/// Declares an enum of unit variants with its one table of names.
///
/// ```
/// binhdang_core::named_enum! {
///     /// How urgent.
///     #[derive(Debug, Clone, Copy, PartialEq, Eq)]
///     pub enum Mark: "mark", "độ khẩn" {
///         /// Ordinary.
///         Normal = "normal", "Thường", "Ordinary";
///         /// Urgent.
///         Urgent = "urgent", "Khẩn", "Urgent";
///     }
/// }
/// assert_eq!("urgent".parse::<Mark>().unwrap(), Mark::Urgent);
/// assert_eq!(Mark::Normal.label_en(), "Ordinary");
/// assert_eq!(Mark::ALL.len(), 2);
/// ```
#[macro_export]
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $ty:ident : $field:literal, $noun:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $name:literal, $vi:literal, $en:literal; )+
        }
    ) => {
        $crate::named_enum! { @base $(#[$meta])* $vis enum $ty : $field, $noun { $( $(#[$vmeta])* $variant = $name; )+ } }
        impl $ty {
            /// The Vietnamese label.
            #[must_use]
            pub fn label_vi(self) -> &'static str {
                match self { $( Self::$variant => $vi, )+ }
            }

            /// The English label.
            #[must_use]
            pub fn label_en(self) -> &'static str {
                match self { $( Self::$variant => $en, )+ }
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $ty:ident : $field:literal, $noun:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $name:literal; )+
        }
    ) => {
        $crate::named_enum! { @base $(#[$meta])* $vis enum $ty : $field, $noun { $( $(#[$vmeta])* $variant = $name; )+ } }
    };
    (
        @base
        $(#[$meta:meta])*
        $vis:vis enum $ty:ident : $field:literal, $noun:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $name:literal; )+
        }
    ) => {
        $(#[$meta])*
        $vis enum $ty {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $ty {
            /// Every value, in the table's order.
            pub const ALL: [Self; [$( $name ),+].len()] = [$( Self::$variant ),+];

            /// The name used in the API, the database and forms.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $( Self::$variant => $name, )+ }
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $crate::Error;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Self::ALL.into_iter().find(|v| v.as_str() == s).ok_or_else(|| {
                    $crate::Error::invalid(
                        $field,
                        format!(
                            "{} \"{s}\" không tồn tại; hợp lệ: {}",
                            $noun,
                            Self::ALL.map(Self::as_str).join(", ")
                        ),
                    )
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::activities::ActivityType;
    use crate::difficulties::DifficultyStatus;
    use crate::documents::{Direction, Urgency};
    use crate::indicators::{Measure, TargetDirection};
    use crate::plans::PlanStatus;
    use crate::progress::Progress;
    use crate::reporting::{PeriodType, Status};
    use crate::tasks::{Bucket, ProgressKind, TaskStatus};
    use crate::units::{LineageKind, UnitKind};
    use crate::users::Role;

    /// Each value's serde name is its table name, and the table name reads back to the value.
    macro_rules! same_names {
        ($($ty:ty),+ $(,)?) => {$(
            for v in <$ty>::ALL {
                assert_eq!(serde_json::to_value(v).expect("serialises"), v.as_str(), "{}", stringify!($ty));
                assert_eq!(v.as_str().parse::<$ty>().ok(), Some(v), "{}", stringify!($ty));
            }
            let refused = "không-có".parse::<$ty>().expect_err("an unknown name is refused").to_string();
            assert!(refused.contains(<$ty>::ALL[0].as_str()), "the refusal lists the valid names: {refused}");
        )+};
    }

    #[test]
    fn serde_and_the_table_give_the_same_names() {
        same_names!(
            ActivityType,
            DifficultyStatus,
            Direction,
            Urgency,
            Measure,
            TargetDirection,
            PlanStatus,
            Progress,
            PeriodType,
            Status,
            Bucket,
            ProgressKind,
            TaskStatus,
            LineageKind,
            UnitKind,
            Role,
        );
    }
}
