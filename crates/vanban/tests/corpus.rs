//! Corpus test: parses every letter in `tests/corpus/` and compares it field by field with the
//! ground truth next to it, printing an accuracy table (`cargo test -p vanban --test corpus --
//! --nocapture`). The seed pair must parse perfectly; the whole corpus must stay at or above
//! [`MIN_ACCURACY`].

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use serde_json::Value;

/// Overall field-level accuracy the parser reaches on the corpus, rounded down. A new batch of
/// letters is committed with the floor its first sight allows; the parser's fixes raise it.
const MIN_ACCURACY: f64 = 0.94;

/// Batches of the corpus, by first and last letter number, printed apart: each was committed
/// with its ground truth before any parser change for it (see `docs/benchmarks.md`).
const BATCHES: [(&str, u32, u32); 62] = [
    ("001-030 (before #15)", 1, 30),
    ("batch 1 (031-050, no 042)", 31, 50),
    ("batch 2 (051-069)", 51, 69),
    ("batch 3 (070-087)", 70, 87),
    ("batch 4 (088-091)", 88, 91),
    ("batch 5 (092-111)", 92, 111),
    ("batch 6 (112-131)", 112, 131),
    ("batch 7 (132-151)", 132, 151),
    ("batch 8 (152-171)", 152, 171),
    ("batch 9 (172-181)", 172, 181),
    ("batch 10 (182-201)", 182, 201),
    ("batch 11 (202-221)", 202, 221),
    ("batch 12 (222-241)", 222, 241),
    ("batch 13 (242-261)", 242, 261),
    ("batch 14 (262-281)", 262, 281),
    ("batch 15 (282-301)", 282, 301),
    ("batch 16 (302-321)", 302, 321),
    ("batch 17 (322-341)", 322, 341),
    ("batch 18 (342-361)", 342, 361),
    ("batch 19 (362-381)", 362, 381),
    ("batch 20 (382-401)", 382, 401),
    ("batch 21 (402-406)", 402, 406),
    ("batch 22 (407-426)", 407, 426),
    ("batch 23 (427-446)", 427, 446),
    ("batch 24 (447-466)", 447, 466),
    ("batch 25 (467-486)", 467, 486),
    ("batch 26 (487-506)", 487, 506),
    ("batch 27 (507-526)", 507, 526),
    ("batch 28 (527-546)", 527, 546),
    ("batch 29 (547-566)", 547, 566),
    ("batch 30 (567-586)", 567, 586),
    ("batch 31 (587-606)", 587, 606),
    ("batch 32 (607-626)", 607, 626),
    ("batch 33 (627-646)", 627, 646),
    ("batch 34 (647-666)", 647, 666),
    ("batch 35 (667-683)", 667, 683),
    ("batch 36 (687-706)", 687, 706),
    ("batch 37 (707-726)", 707, 726),
    ("batch 38 (727-746)", 727, 746),
    ("batch 39 (747-766)", 747, 766),
    ("batch 40 (767-786)", 767, 786),
    ("batch 41 (787-806)", 787, 806),
    ("batch 42 (807-826)", 807, 826),
    ("batch 43 (827-846)", 827, 846),
    ("batch 44 (847-866)", 847, 866),
    ("batch 45 (867-886)", 867, 886),
    ("batch 46 (887-906)", 887, 906),
    ("batch 47 (907-926)", 907, 926),
    ("batch 48 (927-946)", 927, 946),
    ("batch 49 (947-956)", 947, 956),
    ("batch 50 (967-976)", 967, 976),
    ("batch 51 (977-985)", 977, 985),
    ("batch 53 (1017-1027)", 1017, 1027),
    ("batch 54 (1037-1049)", 1037, 1049),
    ("batch 55 (1057-1069)", 1057, 1069),
    ("batch 56 (1077-1080)", 1077, 1080),
    ("batch 57 (1097-1111)", 1097, 1111),
    ("batch 58 (1117-1132)", 1117, 1132),
    ("batch 59 (1137-1156)", 1137, 1156),
    ("batch 60 (1157-1170)", 1157, 1170),
    ("batch 61 (1177-1195)", 1177, 1195),
    ("batch 62 (1197-1216)", 1197, 1216),
];

const SEED: &str = "seed-1152-356";

/// Fields compared, in table order.
const FIELDS: [&str; 16] = [
    "issuer",
    "parent_issuer",
    "number",
    "symbol",
    "full_code",
    "doc_type",
    "place",
    "date",
    "subject",
    "recipients",
    "cc",
    "signer_name",
    "signer_title",
    "signing_authority_prefix",
    "references",
    "assignments",
];

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests").join("corpus")
}

fn null() -> Value {
    Value::Null
}

/// The codes a reference may carry: the printed one and its aliases.
fn codes_of(reference: &Value) -> Vec<String> {
    let mut codes: Vec<String> =
        reference.get("full_code").and_then(Value::as_str).map(str::to_string).into_iter().collect();
    if let Some(aliases) = reference.get("aliases").and_then(Value::as_array) {
        codes.extend(aliases.iter().filter_map(Value::as_str).map(str::to_string));
    }
    codes
}

fn references_match(expected: &Value, actual: &Value) -> bool {
    let (Some(exp), Some(act)) = (expected.as_array(), actual.as_array()) else {
        return false;
    };
    if exp.len() != act.len() {
        return false;
    }
    let mut used = vec![false; act.len()];
    exp.iter().all(|e| {
        let found = act.iter().enumerate().position(|(i, a)| {
            !used[i]
                && a.get("doc_type") == e.get("doc_type")
                && a.get("date").unwrap_or(&Value::Null) == e.get("date").unwrap_or(&Value::Null)
                && a.get("full_code").and_then(Value::as_str).is_some_and(|code| codes_of(e).iter().any(|c| c == code))
        });
        found.is_some_and(|i| {
            used[i] = true;
            true
        })
    })
}

fn assignment_key(a: &Value) -> (String, Vec<String>, Value) {
    let coordinators = a
        .get("coordinators")
        .and_then(Value::as_array)
        .map(|c| c.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default();
    (
        a.get("lead").and_then(Value::as_str).unwrap_or("").to_string(),
        coordinators,
        a.get("deadline").cloned().unwrap_or(Value::Null),
    )
}

fn assignments_match(expected: &Value, actual: &Value) -> bool {
    let (Some(exp), Some(act)) = (expected.as_array(), actual.as_array()) else {
        return false;
    };
    let mut e: Vec<_> = exp.iter().map(assignment_key).collect();
    let mut a: Vec<_> = act.iter().map(assignment_key).collect();
    e.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
    a.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
    e == a
}

/// Duties compared one by one rather than per letter: how many the ground truth holds, how many
/// the parser read, and how many of those are the same (lead, coordinators and deadline), each
/// matched at most once. Reported beside the all-or-nothing field, which hides partial reads.
fn duties_counted(expected: &Value, actual: &Value) -> (usize, usize, usize) {
    let keys = |v: &Value| v.as_array().map(|a| a.iter().map(assignment_key).collect::<Vec<_>>()).unwrap_or_default();
    let (exp, mut act) = (keys(expected), keys(actual));
    let read = act.len();
    let mut same = 0;
    for e in &exp {
        if let Some(at) = act.iter().position(|a| a == e) {
            act.swap_remove(at);
            same += 1;
        }
    }
    (exp.len(), read, same)
}

#[test]
fn duties_are_counted_one_by_one() {
    let duty = |lead: &str| serde_json::json!({"lead": lead, "coordinators": [], "action": "x", "deadline": null});
    let expected = Value::Array(vec![duty("Sở Y tế"), duty("Sở Y tế"), duty("Sở Tài chính")]);
    let actual = Value::Array(vec![duty("Sở Y tế"), duty("Sở Nội vụ")]);
    assert_eq!(duties_counted(&expected, &actual), (3, 2, 1));
    assert_eq!(duties_counted(&expected, &Value::Null), (3, 0, 0));
}

fn field_matches(field: &str, expected: &Value, actual: &Value) -> bool {
    match field {
        "subject" => match (expected.as_str(), actual.as_str()) {
            (Some(e), Some(a)) => e.to_lowercase() == a.to_lowercase(),
            _ => expected.is_null() && actual.is_null(),
        },
        "references" => references_match(expected, actual),
        "assignments" => assignments_match(expected, actual),
        _ => expected == actual,
    }
}

struct Tally {
    per_field: BTreeMap<&'static str, (usize, usize)>,
    per_batch: BTreeMap<&'static str, (usize, usize)>,
    /// Per batch ("all" for the whole corpus): duties in the ground truth, read, the same.
    duties: BTreeMap<&'static str, (usize, usize, usize)>,
    seed: (usize, usize),
    mismatches: Vec<String>,
}

/// Ground-truth keys that annotate a record rather than being parser output.
const ANNOTATIONS: [&str; 2] = ["forwards", "signer_title_note"];

fn output_keys(record: &Value) -> Vec<String> {
    let mut keys: Vec<String> = record
        .as_object()
        .map(|o| o.keys().filter(|k| !ANNOTATIONS.contains(&k.as_str())).cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

impl Tally {
    /// Scores the `k`-th record of corpus entry `name`.
    fn score(&mut self, name: &str, k: usize, exp: &Value, act: &Value) {
        if act.is_object() {
            assert_eq!(output_keys(exp), output_keys(act), "{name}[{k}] serialises to the ground-truth shape");
        }
        let number: Option<u32> = name.parse().ok();
        let batch = BATCHES.iter().find(|(_, lo, hi)| number.is_some_and(|n| (*lo..=*hi).contains(&n)));
        let (truth, read, same) = duties_counted(
            &exp.get("assignments").cloned().unwrap_or_else(null),
            &act.get("assignments").cloned().unwrap_or_else(null),
        );
        for key in std::iter::once("all").chain(batch.map(|(label, _, _)| *label)) {
            let entry = self.duties.entry(key).or_insert((0, 0, 0));
            *entry = (entry.0 + truth, entry.1 + read, entry.2 + same);
        }
        for field in FIELDS {
            let e = exp.get(field).cloned().unwrap_or_else(null);
            let a = act.get(field).cloned().unwrap_or_else(null);
            let ok = field_matches(field, &e, &a);
            let entry = self.per_field.entry(field).or_insert((0, 0));
            entry.1 += 1;
            if ok {
                entry.0 += 1;
            } else {
                self.mismatches.push(format!("{name}[{k}].{field}\n    expected {e}\n    actual   {a}"));
            }
            if let Some((batch, _, _)) = batch {
                let entry = self.per_batch.entry(batch).or_insert((0, 0));
                entry.1 += 1;
                if ok {
                    entry.0 += 1;
                }
            }
            if name == SEED {
                self.seed.1 += 1;
                if ok {
                    self.seed.0 += 1;
                }
            }
        }
    }
}

#[test]
fn corpus_accuracy() {
    let mut names: Vec<String> = fs::read_dir(corpus_dir())
        .expect("corpus directory exists")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".json")).map(str::to_string))
        .collect();
    names.sort();
    assert!(names.len() >= 16, "corpus has the samples and the seed");

    let mut tally = Tally {
        per_field: BTreeMap::new(),
        per_batch: BTreeMap::new(),
        duties: BTreeMap::new(),
        seed: (0, 0),
        mismatches: Vec::new(),
    };
    for name in &names {
        let dir = corpus_dir();
        let text = fs::read_to_string(dir.join(format!("{name}.txt"))).expect("text file");
        let truth: Value =
            serde_json::from_str(&fs::read_to_string(dir.join(format!("{name}.json"))).expect("json file"))
                .expect("valid json");
        let expected: Vec<Value> = match truth {
            Value::Array(items) => items,
            single => vec![single],
        };
        let letters = vanban::parse(&text);
        if name == SEED {
            assert_eq!(letters.first().and_then(|l| l.forwards.as_deref()), Some("356/LĐTBXH-BĐG"));
        }
        let parsed: Vec<Value> = letters.iter().map(|l| serde_json::to_value(l).expect("letter serialises")).collect();
        for (k, exp) in expected.iter().enumerate() {
            let act = parsed.get(k).cloned().unwrap_or(Value::Null);
            tally.score(name, k, exp, &act);
        }
    }

    let (mut correct, mut total) = (0, 0);
    println!("{:<26} {:>7}", "field", "correct");
    for field in FIELDS {
        let (c, t) = tally.per_field.get(field).copied().unwrap_or((0, 0));
        correct += c;
        total += t;
        println!("{field:<26} {c:>3}/{t:<3}");
    }
    let accuracy = f64::from(u32::try_from(correct).expect("small count"))
        / f64::from(u32::try_from(total.max(1)).expect("small count"));
    println!("{:<26} {correct:>3}/{total:<3} = {:.1}%", "overall", accuracy * 100.0);
    println!("{:<26} {:>3}/{:<3}", "seed", tally.seed.0, tally.seed.1);
    for (batch, _, _) in BATCHES {
        let (c, t) = tally.per_batch.get(batch).copied().unwrap_or((0, 0));
        println!("{batch:<26} {c:>3}/{t:<3}");
    }
    println!("{:<26} {:>5} {:>5} {:>5}", "duties one by one", "truth", "read", "same");
    for key in std::iter::once("all").chain(BATCHES.iter().map(|(label, _, _)| *label)) {
        let (truth, read, same) = tally.duties.get(key).copied().unwrap_or((0, 0, 0));
        println!("duties {key:<19} {truth:>5} {read:>5} {same:>5}");
    }
    for m in &tally.mismatches {
        println!("MISMATCH {m}");
    }
    assert_eq!(tally.seed.0, tally.seed.1, "the seed pair parses perfectly");
    assert!(accuracy >= MIN_ACCURACY, "corpus accuracy {accuracy:.3} fell below {MIN_ACCURACY}");
}

/// Fields still read when a letter's every line break is lost (a web page that flattened it),
/// over the whole corpus except the two-document seed, rounded down (0.83 until batches 34 and
/// 35, whose crawled pages read worse flattened, brought it to 0.825; 0.82 until batch 37; 0.81
/// until batches 40 and 41; 0.80 until batches 46 and 47).
const MIN_FLATTENED_ACCURACY: f64 = 0.79;

/// Each corpus letter with all its line breaks lost, scored against its ground truth: the
/// header, title and signature must be read from prose.
#[test]
fn flattened_copies_keep_most_fields() {
    let dir = corpus_dir();
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("corpus directory exists")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".json")).map(str::to_string))
        .filter(|n| n != SEED)
        .collect();
    names.sort();
    let mut per_field: BTreeMap<&str, usize> = BTreeMap::new();
    let mut correct = 0;
    for name in &names {
        let text = fs::read_to_string(dir.join(format!("{name}.txt"))).expect("text file");
        let truth: Value =
            serde_json::from_str(&fs::read_to_string(dir.join(format!("{name}.json"))).expect("json file"))
                .expect("valid json");
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let letters = vanban::parse(&flat);
        let act = letters.first().map_or(Value::Null, |l| serde_json::to_value(l).expect("letter serialises"));
        for field in FIELDS {
            let e = truth.get(field).cloned().unwrap_or_else(null);
            let a = act.get(field).cloned().unwrap_or_else(null);
            if field_matches(field, &e, &a) {
                *per_field.entry(field).or_default() += 1;
                correct += 1;
            }
        }
    }
    let total = names.len() * FIELDS.len();
    for field in FIELDS {
        println!("flattened {field:<26} {:>3}/{}", per_field.get(field).copied().unwrap_or(0), names.len());
    }
    let accuracy = f64::from(u32::try_from(correct).expect("small count"))
        / f64::from(u32::try_from(total.max(1)).expect("small count"));
    println!("flattened overall {correct}/{total} = {:.1}%", accuracy * 100.0);
    assert!(accuracy >= MIN_FLATTENED_ACCURACY, "flattened accuracy {accuracy:.3} fell below {MIN_FLATTENED_ACCURACY}");
}

/// Truncated, sliced and shuffled-line versions of every corpus text parse without panicking.
#[test]
fn damaged_input_never_panics() {
    for entry in fs::read_dir(corpus_dir()).expect("corpus directory exists").filter_map(Result::ok) {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) != Some("txt") {
            continue;
        }
        let text = fs::read_to_string(&path).expect("text file");
        // Every 401st character, and at most 40 cuts a letter: a long decree cut every 401
        // characters would parse its whole length hundreds of times.
        let step = (text.chars().count() / 40).max(401);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(step).collect();
        for &cut in &boundaries {
            let _ = vanban::parse(&text[..cut]);
            let _ = vanban::parse(&text[cut..]);
        }
        let mut lines: Vec<&str> = text.lines().collect();
        lines.reverse();
        let _ = vanban::parse(&lines.join("\n"));
        let _ = vanban::parse(&text.to_uppercase());
        let _ = vanban::parse(&text.replace(' ', ""));
        // A web copy that lost every line break.
        let _ = vanban::parse(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    }
}
