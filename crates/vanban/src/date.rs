//! Dates: Vietnamese date expressions in text, the Vietnamese lunar calendar (UTC+7) and a
//! working-day calendar with the public holidays of the Labour Code 2019 (art. 112).
//!
//! The lunar calendar follows Hồ Ngọc Đức's method: new moons and the sun's longitude from
//! Meeus' astronomical series, months starting on the local (UTC+7) day of the new moon, month
//! 11 holding the winter solstice, and the first month without a major solar term being the leap
//! month.

use std::collections::BTreeSet;
use std::f64::consts::PI;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// A date found in text: byte span and the calendar date; `date` is `None` when the day and
/// month read but the year is malformed (e.g. `08/6/20210`), so a caller may supply the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateMatch {
    /// Byte offset of the first digit.
    pub start: usize,
    /// Byte offset just past the year.
    pub end: usize,
    /// Day of month as printed.
    pub day: u32,
    /// Month as printed.
    pub month: u32,
    /// The date, when day, month and year form a valid date.
    pub date: Option<NaiveDate>,
}

fn read_number(bytes: &[u8], at: usize, max_digits: usize) -> Option<(u32, usize)> {
    let mut end = at;
    while end < bytes.len() && bytes[end].is_ascii_digit() {
        end += 1;
    }
    let len = end - at;
    if len == 0 || len > max_digits {
        return None;
    }
    let mut value: u32 = 0;
    for b in &bytes[at..end] {
        value = value.saturating_mul(10).saturating_add(u32::from(b - b'0'));
    }
    Some((value, end))
}

fn skip_spaces(text: &str, at: usize) -> usize {
    let rest = &text[at..];
    at + (rest.len() - rest.trim_start().len())
}

/// Matches `word` case-insensitively at `at` (after optional spaces); returns the end offset.
fn match_word(text: &str, at: usize, word: &str) -> Option<usize> {
    let start = skip_spaces(text, at);
    let mut chars = text[start..].char_indices();
    for expected in word.chars() {
        let (_, c) = chars.next()?;
        if c.to_lowercase().ne(expected.to_lowercase()) {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(i, _)| start + i))
}

fn make(start: usize, end: usize, day: u32, month: u32, year: Option<u32>) -> Option<DateMatch> {
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) {
        return None;
    }
    let date = year.and_then(|y| NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, month, day));
    Some(DateMatch { start, end, day, month, date })
}

/// Reads the year at `at`: exactly four digits make a year; five or six digits (a typo such as
/// `20210`) make a match without a date.
fn read_year(bytes: &[u8], at: usize) -> Option<(Option<u32>, usize)> {
    let (value, end) = read_number(bytes, at, 6)?;
    // A year split in two by a stray space ("20 21").
    if end - at == 2
        && bytes.get(end) == Some(&b' ')
        && let Some((low, split_end)) = read_number(bytes, end + 1, 2)
        && split_end - end == 3
        && (19..=21).contains(&value)
        && !bytes.get(split_end).is_some_and(u8::is_ascii_alphanumeric)
    {
        return Some((Some(value * 100 + low), split_end));
    }
    match end - at {
        4 if (1900..=2199).contains(&value) => Some((Some(value), end)),
        5 | 6 => Some((None, end)),
        _ => None,
    }
}

fn date_at(text: &str, at: usize) -> Option<DateMatch> {
    let bytes = text.as_bytes();
    let (day, after_day) = read_number(bytes, at, 2)?;
    // A stray space before the first slash ("ngày 04 /01/2012"), taken only when a full year
    // follows.
    let spaced_day = bytes.get(after_day) == Some(&b' ') && bytes.get(after_day + 1) == Some(&b'/');
    let sep_at = after_day + usize::from(spaced_day);
    // Numeric form: dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy.
    if let Some(&sep) = bytes.get(sep_at)
        && matches!(sep, b'/' | b'-' | b'.')
        && let Some((month, after_month)) = read_number(bytes, sep_at + 1, 2)
        && bytes.get(after_month) == Some(&sep)
        && let spaced = (sep == b'/' && bytes.get(after_month + 1) == Some(&b' '))
        // A stray space after the slash, before a full year ("08/9/ 2016").
        && let Some((year, end)) = read_year(bytes, after_month + 1 + usize::from(spaced))
        && (!(spaced || spaced_day) || year.is_some())
        // A word glued to the year ("06/02/2014của") ends it; a digit or a capital does not.
        && !bytes.get(end).is_some_and(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return make(at, end, day, month, year);
    }
    // Worded form: dd tháng mm năm yyyy.
    let after_thang = match_word(text, after_day, "tháng")?;
    let month_at = skip_spaces(text, after_thang);
    let (mut month, mut after_month) = read_number(bytes, month_at, 2)?;
    // A month's leading zero split off by a stray space ("tháng 0 6").
    if month == 0
        && after_month == month_at + 1
        && bytes.get(after_month) == Some(&b' ')
        && let Some((digit, end)) = read_number(bytes, after_month + 1, 1)
    {
        (month, after_month) = (digit, end);
    }
    // "năm" as fonts and OCR print it: with a caron for the breve ("nǎm"), an acute ("nám"), or
    // a stray letter ("ngăm"); "tháng" typed again in its place ("ngày 15 tháng 9 tháng 2022")
    // counts only before a full year.
    let (after_nam, retyped) = match ["năm", "nǎm", "nám", "ngăm"].iter().find_map(|w| match_word(text, after_month, w))
    {
        Some(end) => (end, false),
        None => (match_word(text, after_month, "tháng")?, true),
    };
    let year_at = skip_spaces(text, after_nam);
    let (year, end) = read_year(bytes, year_at)?;
    if retyped && year.is_none() {
        return None;
    }
    // A footnote's mark printed against the written-out year ("ngày 23 tháng 02 năm 20264" in
    // the Official Gazette): four digits of a year, then one mark from 1 to 9.
    let year = match year {
        None if end - year_at == 5 => {
            let value = bytes[year_at..year_at + 4].iter().fold(0u32, |v, b| v * 10 + u32::from(b - b'0'));
            ((1900..=2199).contains(&value) && bytes[end - 1] != b'0').then_some(value)
        }
        year => year,
    };
    make(at, end, day, month, year)
}

/// Every date in `text`: "ngày 25 tháng 02 năm 2021", "25/02/2021", "25-2-2021", "25.2.2021"
/// (case-insensitive, any spacing), in order of appearance.
#[must_use]
pub fn find_dates(text: &str) -> Vec<DateMatch> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        // A day glued to "ngày" by a lost space ("Phú Yên, ngày19 tháng 02 năm 2021") starts one.
        let glued_day = || text.is_char_boundary(i) && ["ngày", "Ngày", "NGÀY"].iter().any(|w| text[..i].ends_with(w));
        let starts_number = bytes[i].is_ascii_digit()
            && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'/' || glued_day());
        if starts_number && let Some(m) = date_at(text, i) {
            i = m.end;
            found.push(m);
            continue;
        }
        i += 1;
    }
    found
}

/// The first valid date in `text` ("ngày 19/02/2021" → 2021-02-19).
#[must_use]
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    find_dates(text).into_iter().find_map(|m| m.date)
}

/// Vietnam's time zone for the lunar calendar, hours east of UTC.
const TIME_ZONE: f64 = 7.0;
/// Mean synodic month in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;
/// Julian day of the new moon of 1900-01-01 that starts the lunation count.
const NEW_MOON_EPOCH: f64 = 2_415_021.076_998_695;

fn julian_day(date: NaiveDate) -> i32 {
    date.num_days_from_ce() + 1_721_425
}

fn from_julian_day(jd: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(jd - 1_721_425)
}

/// The local (UTC+7) Julian day of the `k`-th new moon after the one of 1900-01-01.
fn new_moon_day(k: i32) -> i32 {
    let kf = f64::from(k);
    let t = kf / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let rad = PI / 180.0;
    let mut jd = 2_415_020.759_33 + 29.530_588_68 * kf + 0.000_117_8 * t2 - 0.000_000_155 * t3;
    jd += 0.000_33 * ((166.56 + 132.87 * t - 0.009_173 * t2) * rad).sin();
    let sun_anomaly = 359.2242 + 29.105_356_08 * kf - 0.000_033_3 * t2 - 0.000_003_47 * t3;
    let moon_anomaly = 306.0253 + 385.816_918_06 * kf + 0.010_730_6 * t2 + 0.000_012_36 * t3;
    let latitude = 21.2964 + 390.670_506_46 * kf - 0.001_652_8 * t2 - 0.000_002_39 * t3;
    let (m, mp, f) = (sun_anomaly * rad, moon_anomaly * rad, latitude * rad);
    let correction = (0.1734 - 0.000_393 * t) * m.sin() + 0.0021 * (2.0 * m).sin() - 0.4068 * mp.sin()
        + 0.0161 * (2.0 * mp).sin()
        - 0.0004 * (3.0 * mp).sin()
        + 0.0104 * (2.0 * f).sin()
        - 0.0051 * (m + mp).sin()
        - 0.0074 * (m - mp).sin()
        + 0.0004 * (2.0 * f + m).sin()
        - 0.0004 * (2.0 * f - m).sin()
        - 0.0006 * (2.0 * f + mp).sin()
        + 0.0010 * (2.0 * f - mp).sin()
        + 0.0005 * (2.0 * mp + m).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000_839 * t + 0.000_226_1 * t2 - 0.000_008_45 * t3 - 0.000_000_081 * t * t3
    } else {
        -0.000_278 + 0.000_265 * t + 0.000_262 * t2
    };
    let new_moon = jd + correction - delta_t;
    (new_moon + 0.5 + TIME_ZONE / 24.0).floor() as i32
}

/// The sun's apparent longitude at local midnight starting Julian day `jd`, as one of the
/// twelve 30° sectors (0 = vernal equinox … 9 = winter solstice).
fn sun_sector(jd: i32) -> i32 {
    let t = (f64::from(jd) - 2_451_545.5 - TIME_ZONE / 24.0) / 36525.0;
    let t2 = t * t;
    let rad = PI / 180.0;
    let mean_anomaly = 357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t * t2;
    let mean_longitude = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let m = mean_anomaly * rad;
    let centre = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * m.sin()
        + (0.019_993 - 0.000_101 * t) * (2.0 * m).sin()
        + 0.000_290 * (3.0 * m).sin();
    let longitude = ((mean_longitude + centre) * rad).rem_euclid(2.0 * PI);
    (longitude / PI * 6.0).floor() as i32
}

/// Julian day on which lunar month 11 (the month of the winter solstice) of `year` starts.
fn month_11_start(year: i32) -> Option<i32> {
    let dec31 = julian_day(NaiveDate::from_ymd_opt(year, 12, 31)?);
    let k = ((f64::from(dec31) - 2_415_021.0) / SYNODIC_MONTH).floor() as i32;
    let new_moon = new_moon_day(k);
    Some(if sun_sector(new_moon) >= 9 { new_moon_day(k - 1) } else { new_moon })
}

fn lunation_index(jd: i32) -> i32 {
    ((f64::from(jd) - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5).floor() as i32
}

/// Offset (in months after month 11) of the leap month in the lunar year starting at `a11`.
fn leap_month_offset(a11: i32) -> i32 {
    let k = lunation_index(a11);
    let mut i = 1;
    let mut sector = sun_sector(new_moon_day(k + i));
    loop {
        let last = sector;
        i += 1;
        sector = sun_sector(new_moon_day(k + i));
        if sector == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// A date of the Vietnamese lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    /// Day of the month, 1..=30.
    pub day: u32,
    /// Month, 1..=12.
    pub month: u32,
    /// Lunar year (the solar year in which its Tết falls).
    pub year: i32,
    /// Whether the month is the leap (intercalary) month.
    pub leap: bool,
}

/// Converts a solar date to the Vietnamese lunar calendar.
#[must_use]
pub fn solar_to_lunar(date: NaiveDate) -> Option<LunarDate> {
    let jd = julian_day(date);
    let k = ((f64::from(jd) - NEW_MOON_EPOCH) / SYNODIC_MONTH).floor() as i32;
    let mut month_start = new_moon_day(k + 1);
    if month_start > jd {
        month_start = new_moon_day(k);
    }
    let mut a11 = month_11_start(date.year())?;
    let mut b11 = a11;
    let mut year = date.year();
    if a11 >= month_start {
        a11 = month_11_start(date.year() - 1)?;
    } else {
        year += 1;
        b11 = month_11_start(date.year() + 1)?;
    }
    let day = u32::try_from(jd - month_start + 1).ok()?;
    let diff = (month_start - a11) / 29;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_offset = leap_month_offset(a11);
        if diff >= leap_offset {
            month = diff + 10;
            if diff == leap_offset {
                leap = true;
            }
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        year -= 1;
    }
    Some(LunarDate { day, month: u32::try_from(month).ok()?, year, leap })
}

/// Converts a lunar date to the solar calendar; `None` for a leap flag on a month that is not
/// leap that year, or out-of-range input.
#[must_use]
pub fn lunar_to_solar(lunar: LunarDate) -> Option<NaiveDate> {
    if !(1..=30).contains(&lunar.day) || !(1..=12).contains(&lunar.month) {
        return None;
    }
    let (a11, b11) = if lunar.month < 11 {
        (month_11_start(lunar.year - 1)?, month_11_start(lunar.year)?)
    } else {
        (month_11_start(lunar.year)?, month_11_start(lunar.year + 1)?)
    };
    let k = lunation_index(a11);
    let mut offset = i32::try_from(lunar.month).ok()? - 11;
    if offset < 0 {
        offset += 12;
    }
    if b11 - a11 > 365 {
        let leap_offset = leap_month_offset(a11);
        let mut leap_month = leap_offset - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if lunar.leap && i32::try_from(lunar.month).ok()? != leap_month {
            return None;
        }
        if lunar.leap || offset >= leap_offset {
            offset += 1;
        }
    } else if lunar.leap {
        return None;
    }
    let start = new_moon_day(k + offset);
    from_julian_day(start + i32::try_from(lunar.day).ok()? - 1)
}

/// The first day of the lunar year that starts in solar year `year` (Tết Nguyên đán).
#[must_use]
pub fn tet(year: i32) -> Option<NaiveDate> {
    lunar_to_solar(LunarDate { day: 1, month: 1, year, leap: false })
}

/// Public holidays of the Labour Code 2019 (art. 112) for one solar year, before yearly
/// adjustments: 01/01; Tết (the last day of the old lunar year and days 1–4 of the new one);
/// Hùng Kings' day (10/3 lunar); 30/04; 01/05; 02/09 and 03/09.
#[must_use]
pub fn statutory_holidays(year: i32) -> BTreeSet<NaiveDate> {
    let mut days = BTreeSet::new();
    for (month, day) in [(1, 1), (4, 30), (5, 1), (9, 2), (9, 3)] {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            days.insert(d);
        }
    }
    if let Some(first) = tet(year) {
        for offset in -1..=3i64 {
            let d = if offset < 0 {
                first.checked_sub_days(Days::new(offset.unsigned_abs()))
            } else {
                first.checked_add_days(Days::new(offset.unsigned_abs()))
            };
            days.extend(d);
        }
    }
    days.extend(lunar_to_solar(LunarDate { day: 10, month: 3, year, leap: false }));
    days
}

/// The statutory holidays of `year` plus the days off in lieu: each holiday falling on a
/// Saturday or Sunday gives the next free weekday off (Labour Code 2019, art. 111).
#[must_use]
pub fn statutory_days_off(year: i32) -> BTreeSet<NaiveDate> {
    let holidays = statutory_holidays(year);
    let mut days = holidays.clone();
    for holiday in holidays.iter().filter(|h| is_weekend(**h)) {
        let mut candidate = *holiday;
        while let Some(next) = candidate.succ_opt() {
            candidate = next;
            if !is_weekend(candidate) && !days.contains(&candidate) {
                days.insert(candidate);
                break;
            }
        }
    }
    days
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A working-day calendar: Monday to Friday, minus the statutory holidays and the days off in
/// lieu of holidays that fall on a weekend, with the government's yearly adjustments (days
/// swapped, extra days off, make-up working Saturdays) configured as extra holidays and extra
/// working days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    extra_holidays: BTreeSet<NaiveDate>,
    extra_working_days: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// The statutory calendar without adjustments.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a day off (e.g. a day swapped next to Tết).
    #[must_use]
    pub fn with_extra_holiday(mut self, date: NaiveDate) -> Self {
        self.extra_working_days.remove(&date);
        self.extra_holidays.insert(date);
        self
    }

    /// Adds a working day (e.g. a make-up Saturday, or a statutory default moved elsewhere).
    #[must_use]
    pub fn with_extra_working_day(mut self, date: NaiveDate) -> Self {
        self.extra_holidays.remove(&date);
        self.extra_working_days.insert(date);
        self
    }

    fn statutory_day_off(date: NaiveDate) -> bool {
        statutory_days_off(date.year()).contains(&date)
    }

    /// Whether `date` is a holiday or day off (weekends not counted) in this calendar.
    #[must_use]
    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        if self.extra_working_days.contains(&date) {
            return false;
        }
        self.extra_holidays.contains(&date) || Self::statutory_day_off(date)
    }

    /// Whether civil servants work on `date`.
    #[must_use]
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        if self.extra_working_days.contains(&date) {
            return true;
        }
        !is_weekend(date) && !self.is_holiday(date)
    }

    /// The `n`-th working day after `start` (`n` negative: before); `n == 0` gives `start`.
    /// `None` only past the end of the calendar.
    #[must_use]
    pub fn add_working_days(&self, start: NaiveDate, n: i64) -> Option<NaiveDate> {
        let mut date = start;
        let mut left = n.unsigned_abs();
        while left > 0 {
            date = if n > 0 { date.succ_opt()? } else { date.pred_opt()? };
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        Some(date)
    }
}

/// [`Calendar::is_working_day`] on the statutory calendar.
#[must_use]
pub fn is_working_day(date: NaiveDate) -> bool {
    Calendar::new().is_working_day(date)
}

/// [`Calendar::add_working_days`] on the statutory calendar.
#[must_use]
pub fn add_working_days(start: NaiveDate, n: i64) -> Option<NaiveDate> {
    Calendar::new().add_working_days(start, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    #[test]
    fn parses_worded_and_numeric_dates() {
        assert_eq!(parse_date("Kiên Giang, ngày 25 tháng 02 năm 2021"), Some(d(2021, 2, 25)));
        assert_eq!(parse_date("25/02/2021"), Some(d(2021, 2, 25)));
        assert_eq!(parse_date("25-2-2021"), Some(d(2021, 2, 25)));
        assert_eq!(parse_date("ngày 19/02/2021 của Bộ"), Some(d(2021, 2, 19)));
        assert_eq!(parse_date("NGÀY 27 THÁNG 7 NĂM 2013"), Some(d(2013, 7, 27)));
        assert_eq!(parse_date("ngày 30  tháng 11\nnăm 2012"), Some(d(2012, 11, 30)));
        assert_eq!(parse_date("Phú Yên, ngày19  tháng 02 năm 2021"), Some(d(2021, 2, 19)));
        assert_eq!(parse_date("giai đoạn 2021-2030"), None);
        assert_eq!(parse_date("số 356/LĐTBXH-BĐG"), None);
        assert_eq!(parse_date("Lai Châu, ngày        tháng      năm 2025"), None);
        assert_eq!(parse_date("Hà Nội, ngày 14 tháng 0 9 năm 2019"), Some(d(2019, 9, 14)));
        assert_eq!(parse_date("Hà Nội, ngày 23 tháng 02 năm 20264"), Some(d(2026, 2, 23)));
        assert_eq!(parse_date("Hà Nội, ngày 23 tháng 02 năm 20260"), None);
        assert_eq!(parse_date("ngày 22 tháng 12 nǎm 2024"), Some(d(2024, 12, 22)));
        assert_eq!(parse_date("ngày 22 tháng 12 nám 2024"), Some(d(2024, 12, 22)));
        assert_eq!(parse_date("ngày 08 tháng 6 ngăm 2010"), Some(d(2010, 6, 8)));
        // "tháng" typed for "năm" before a full year; a stray space before the first slash.
        assert_eq!(parse_date("ngày 15 tháng 9 tháng 2022 của"), Some(d(2022, 9, 15)));
        assert!(find_dates("ngày 15 tháng 9 tháng 12345").is_empty());
        assert_eq!(parse_date("ngày 04 /01/2012 của UBND"), Some(d(2012, 1, 4)));
        assert!(find_dates("Điều 04 /01/20125").is_empty());
        assert_eq!(parse_date("ngày 08/9/ 2016 về"), Some(d(2016, 9, 8)));
        // A space after the slash before no full year leaves no date.
        assert_eq!(parse_date("ngày 08/9/ 16"), None);
        assert_eq!(parse_date("31/02/2021"), None);
        assert_eq!(parse_date(""), None);
    }

    #[test]
    fn malformed_year_keeps_day_and_month() {
        let found = find_dates("ngày 08/6/20210 của");
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].day, found[0].month, found[0].date), (8, 6, None));
    }

    #[test]
    fn finds_every_date_with_spans() {
        let text = "ngày 26/1/2021 và ngày 27 tháng 4 năm 2007";
        let found = find_dates(text);
        assert_eq!(found.len(), 2);
        assert_eq!(&text[found[0].start..found[0].end], "26/1/2021");
        assert_eq!(found[1].date, Some(d(2007, 4, 27)));
    }

    #[test]
    fn lunar_new_year_dates() {
        assert_eq!(tet(2021), Some(d(2021, 2, 12)));
        assert_eq!(tet(2023), Some(d(2023, 1, 22)));
        assert_eq!(tet(2024), Some(d(2024, 2, 10)));
        assert_eq!(tet(2025), Some(d(2025, 1, 29)));
        assert_eq!(tet(2007), Some(d(2007, 2, 17)));
    }

    #[test]
    fn lunar_round_trip_and_leap_months() {
        // 2023 has a leap second month; 2020 a leap fourth month.
        let leap = LunarDate { day: 1, month: 2, year: 2023, leap: true };
        assert_eq!(lunar_to_solar(leap), Some(d(2023, 3, 22)));
        assert_eq!(lunar_to_solar(LunarDate { day: 1, month: 5, year: 2023, leap: true }), None);
        assert_eq!(solar_to_lunar(d(2023, 3, 22)), Some(leap));
        assert_eq!(solar_to_lunar(d(2021, 2, 12)), Some(LunarDate { day: 1, month: 1, year: 2021, leap: false }));
        assert_eq!(solar_to_lunar(d(2021, 2, 11)), Some(LunarDate { day: 30, month: 12, year: 2020, leap: false }));
        // Hùng Kings' day.
        assert_eq!(lunar_to_solar(LunarDate { day: 10, month: 3, year: 2021, leap: false }), Some(d(2021, 4, 21)));
        assert_eq!(lunar_to_solar(LunarDate { day: 10, month: 3, year: 2024, leap: false }), Some(d(2024, 4, 18)));
    }

    #[test]
    fn statutory_calendar() {
        assert!(is_working_day(d(2021, 2, 25)));
        assert!(!is_working_day(d(2021, 2, 27)), "Saturday");
        assert!(!is_working_day(d(2021, 1, 1)));
        assert!(!is_working_day(d(2021, 2, 11)), "Tết eve");
        assert!(!is_working_day(d(2021, 2, 15)), "4th day of Tết");
        // Tết's Saturday and Sunday give two days in lieu.
        assert!(!is_working_day(d(2021, 2, 16)));
        assert!(!is_working_day(d(2021, 2, 17)));
        assert!(is_working_day(d(2021, 2, 18)));
        assert!(!is_working_day(d(2021, 4, 21)), "Hùng Kings");
        assert!(!is_working_day(d(2021, 4, 30)));
        // 01/05/2021 is a Saturday: Monday 03/05 is the day in lieu.
        assert!(!is_working_day(d(2021, 5, 3)));
        assert!(is_working_day(d(2021, 5, 4)));
        assert!(!is_working_day(d(2021, 9, 2)));
        assert!(!is_working_day(d(2021, 9, 3)));
    }

    #[test]
    fn adds_working_days_over_holidays() {
        // Wednesday 10/02/2021 + 1 working day skips Tết to Thursday 18/02.
        assert_eq!(add_working_days(d(2021, 2, 10), 1), Some(d(2021, 2, 18)));
        assert_eq!(add_working_days(d(2021, 2, 25), 0), Some(d(2021, 2, 25)));
        assert_eq!(add_working_days(d(2021, 2, 26), 1), Some(d(2021, 3, 1)));
        assert_eq!(add_working_days(d(2021, 3, 1), -1), Some(d(2021, 2, 26)));
    }

    #[test]
    fn yearly_adjustments() {
        let calendar = Calendar::new()
            .with_extra_holiday(d(2021, 2, 10))
            .with_extra_working_day(d(2021, 2, 20))
            .with_extra_working_day(d(2021, 9, 3));
        assert!(!calendar.is_working_day(d(2021, 2, 10)));
        assert!(calendar.is_working_day(d(2021, 2, 20)), "make-up Saturday");
        assert!(calendar.is_working_day(d(2021, 9, 3)));
        assert_eq!(calendar.add_working_days(d(2021, 2, 9), 1), Some(d(2021, 2, 18)));
        assert_eq!(calendar.add_working_days(d(2021, 2, 19), 1), Some(d(2021, 2, 20)));
    }
}
