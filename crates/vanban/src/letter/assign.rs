//! Assignments: directives ("Giao …", "Yêu cầu …"), numbered duties with their subject, and
//! "Cơ quan chủ trì / Cơ quan phối hợp" allocations in a document's body.

mod table;

use super::Assignment;
use crate::date::find_dates;
use crate::text::fold;

const LEAD_HEADS: [&str; 61] = [
    "Bộ ",
    "Sở ",
    "Ủy ban",
    "Uỷ ban",
    "UBND",
    "Ban ",
    "Văn phòng",
    "Cục ",
    "Vụ ",
    "Chủ tịch",
    // The Party's secretaries and the State Bank's governor, asked by office ("Bí thư tỉnh ủy và
    // Chủ tịch Ủy ban nhân dân các tỉnh …", "Thống đốc Ngân hàng Nhà nước Việt Nam chỉ đạo …").
    "Bí thư ",
    "Thống đốc",
    "Giám đốc",
    "Cơ quan",
    "Thanh tra",
    "Tổng cục",
    "Tổng công ty",
    "Trung tâm",
    "Thủ trưởng",
    "Chánh",
    "Hội ",
    "Mặt trận",
    "Phòng",
    "Kho bạc",
    "Chính phủ",
    "Thủ tướng",
    "Đài ",
    "Trưởng ",
    "Công an",
    "Đoàn ",
    "Liên đoàn",
    "Trạm ",
    "Trường ",
    "Bệnh viện",
    "Chi cục",
    "Ngân hàng",
    "Viện ",
    "Đồng chí",
    "Hiệu trưởng",
    // A deputy named by office ("Phó Chủ tịch Văn xã UBND 13 phường").
    "Phó ",
    "BHXH",
    "Bảo hiểm xã hội",
    // The Fatherland Front's committee by its short name ("UBMTTQ Việt Nam tỉnh").
    "UBMTTQ",
    // An enterprise a letter answers ("… đề nghị Công ty căn cứ quy định …"), and an addressee
    // named politely ("Quý Cơ quan phản hồi …").
    "Công ty",
    "Quý cơ quan",
    "Quý Cơ quan",
    "Quý đơn vị",
    "Quý Đơn vị",
    // The tax and customs offices as named since 1 July 2025 ("Thuế tỉnh Gia Lai", "Thuế cơ sở 3
    // thành phố Hà Nội", "Chi cục Hải quan khu vực II"), state groups and corporations, the courts,
    // procuracies, the audit office, academies, universities and funds.
    "Thuế tỉnh",
    "Thuế thành phố",
    "Thuế cơ sở",
    "Hải quan ",
    "Tổng Công ty",
    "Tập đoàn",
    "Tòa án",
    "Viện kiểm sát",
    "Kiểm toán",
    "Học viện",
    "Đại học",
    "Quỹ ",
    "Thông tấn xã",
];

const LEAD_STOPS: [&str; 105] = [
    " chủ trì",
    " phối hợp",
    " chịu trách nhiệm",
    " có trách nhiệm",
    " thực hiện",
    " chủ động",
    " khẩn trương",
    " tổ chức",
    " hướng dẫn",
    " tiếp thu",
    " tiếp tục",
    " lập ",
    " xây dựng",
    " nghiên cứu",
    " rà soát",
    " hoàn thành",
    " theo dõi",
    " căn cứ",
    " tham mưu",
    " chỉ đạo",
    " triển khai",
    " thống kê",
    " đăng ",
    " báo cáo",
    " bố trí",
    " tập trung",
    " xem xét",
    " thông báo",
    " tăng cường",
    " đẩy mạnh",
    " quan tâm",
    " cân đối",
    " kiểm tra",
    " tuyên truyền",
    " giải quyết",
    " tiếp nhận",
    " gửi ",
    " cho ý kiến",
    " đôn đốc",
    " tạo điều kiện",
    // "Chủ tịch UBND cấp tỉnh quyết định thành lập …": the act, not the body.
    " quyết định ",
    // "… trong phạm vi quyền hạn của mình có trách nhiệm …": the bounds, not the body; so the
    // functions the work rests on ("… trên cơ sở chức năng nhiệm vụ được giao xây dựng …",
    // "… tùy theo chức năng, nhiệm vụ xây dựng …").
    " trong phạm vi",
    " trên cơ sở",
    " theo chức năng",
    " tùy theo",
    " tuỳ theo",
    // "… đề nghị các đơn vị như sau:", "… thực hiện một số nội dung sau:": what the intro
    // announces, not the body.
    " như sau",
    " một số nội dung",
    " các nội dung",
    " những nội dung",
    // A Party committee's request to its cells ("… yêu cầu các chi bộ lãnh đạo, chỉ đạo …").
    " lãnh đạo, chỉ đạo",
    " quán triệt",
    // The manner the work is asked in opens it ("… các đơn vị trực thuộc nghiêm túc chỉ đạo …").
    " nghiêm túc",
    " tích cực",
    // A campaign's work ("… đề nghị Hội LHPN các huyện và các đơn vị vận động cán bộ …").
    " vận động ",
    // What the bodies must or need do ("… yêu cầu các cấp, ngành liên quan phải tăng cường …",
    // "… các cấp, ngành, địa phương cần tập trung …").
    " phải ",
    " cần ",
    // Opinions asked of the bodies ("… đề nghị các phòng, ban tham gia ý kiến …").
    " tham gia ý kiến",
    " tham gia góp ý",
    // The other verbs of administrative work that follow the body asked for it. Verbs that
    // also name a body in small letters ("Hội đồng thẩm định", "Ủy ban bầu cử", "Ban quản lý")
    // are left out.
    " có văn bản",
    " có ý kiến",
    " cùng ",
    " sẽ ",
    " hưởng ứng",
    " phân công",
    " cử cán bộ",
    " cử đại diện",
    " chuẩn bị",
    " tham dự",
    " ban hành",
    " trình ",
    " bổ sung",
    " cung cấp",
    " phổ biến",
    " nắm ",
    " treo ",
    " đảm bảo",
    " bảo đảm",
    " ưu tiên",
    " tổng hợp",
    " sắp xếp",
    " kiện toàn",
    " khắc phục",
    " hoàn thiện",
    " công bố",
    " niêm yết",
    " đăng tải",
    " cập nhật",
    " tiến hành",
    " thành lập",
    " lựa chọn",
    " giới thiệu",
    " xác minh",
    " phê duyệt",
    " tạm dừng",
    " tuân thủ",
    " chấp hành",
    " duy trì",
    " nâng cao",
    " làm việc",
    " trả lời",
    " giải trình",
    " đề xuất",
    // "UBND xã chỉ xem xét …": the bounds of what it may do, not the body.
    " chỉ ",
    // An answer's closing request ("đề nghị Công ty liên hệ với cơ quan thuế …").
    " liên hệ",
];

const COORD_STOPS: [&str; 54] = [
    " tổ chức",
    " tổng hợp",
    " báo cáo",
    " gửi ",
    " xử lý",
    " thẩm định",
    " tham gia",
    " cung cấp",
    " bố trí",
    " đôn đốc",
    " phân bổ",
    " trình ",
    " ban hành",
    " hoàn chỉnh",
    " khẩn trương",
    " xem xét",
    " thống nhất",
    " đánh giá",
    " hướng dẫn",
    " hoàn thiện",
    " lập ",
    " xây dựng",
    " thực hiện",
    " triển khai",
    " căn cứ",
    ", căn cứ",
    " chịu trách nhiệm",
    " giúp",
    " đề xuất",
    " tiếp tục",
    " để ",
    " rà soát",
    " thiết lập",
    " tham mưu",
    " kiểm tra",
    " chỉ đạo",
    " giải quyết",
    " theo dõi",
    " nghiên cứu",
    " trong công tác",
    " trong việc",
    " trong quá trình",
    // Verbs of the work itself that end a list of coordinating bodies ("phối hợp với các đoàn
    // thể giám sát việc thực hiện").
    " giám sát",
    " tuyên truyền",
    " vận động",
    " tăng cường",
    " đẩy mạnh",
    " lồng ghép",
    " phát động",
    " làm việc",
    " có trách nhiệm",
    " công khai",
    " niêm yết",
    " cập nhật",
];

/// The first bytes the heads open with: most words tested open with none of them.
static LEAD_FIRST_BYTES: std::sync::LazyLock<[bool; 256]> = std::sync::LazyLock::new(|| {
    let mut table = [false; 256];
    for head in LEAD_HEADS {
        table[usize::from(head.as_bytes()[0])] = true;
    }
    table
});

fn is_lead_start(s: &str) -> bool {
    // "Ban hành …" is the verb, not a board; "Trường hợp …" a case, not a school.
    s.as_bytes().first().is_some_and(|b| LEAD_FIRST_BYTES[usize::from(*b)])
        && LEAD_HEADS.iter().any(|h| s.starts_with(h))
        && !s.starts_with("Ban hành")
        && !s.starts_with("Trường hợp")
}

/// A lead named in the plural inside a sentence ("đề nghị các bộ, ngành Trung ương và UBND các
/// tỉnh …").
fn is_plural_lead_start(s: &str) -> bool {
    [
        "các bộ",
        "các sở",
        "các cơ quan",
        "các địa phương",
        "các tỉnh",
        "các đồng chí",
        "các đơn vị",
        "các phòng",
        "các xã",
        "các phường",
        "các ấp",
        "các thôn",
        "các tổ dân phố",
        "các khu phố",
        "các chi bộ",
        "các cấp ủy",
        "các đoàn thể",
        "các ban, ngành",
        "các ngành",
        // "… yêu cầu các cấp, ngành liên quan phải tăng cường …".
        "các cấp,",
        "các trường",
        // The committees of a level ("đề nghị các UBND huyện, thị xã, thành phố …").
        "các ubnd",
        "các ủy ban nhân dân",
        "các uỷ ban nhân dân",
        // The heads of the bodies named in the plural ("yêu cầu lãnh đạo các sở, ban, ngành …,
        // thủ trưởng các đơn vị có liên quan …").
        "lãnh đạo các",
        "thủ trưởng các",
        "người đứng đầu các",
        "giám đốc các",
        // The members, bodies and units of a kind, named in the plural ("yêu cầu các thành viên
        // Ban chỉ đạo …", "đề nghị các tổ chức, cơ quan, đơn vị, doanh nghiệp …", "các cấp Hội
        // Liên hiệp phụ nữ thành phố").
        "các thành viên",
        "các tổ chức",
        "các cấp hội",
        "các hội",
        "các chi hội",
        "các cơ sở",
        "các doanh nghiệp",
        "các huyện",
        "các quận",
        "các ban",
        "các đảng bộ",
        "các chi, đảng bộ",
        "các trung tâm",
        "các bệnh viện",
        // The tax offices of the provinces, the customs branches, the groups and corporations
        // ("đề nghị các Thuế tỉnh, thành phố …"), and an enterprise a reply asks ("Đề nghị doanh
        // nghiệp căn cứ quy định …").
        "các thuế ",
        "các chi cục",
        "các cục ",
        "các tập đoàn",
        "các tổng công ty",
        "doanh nghiệp ",
        // One person asked by title ("đề nghị đồng chí Giám đốc Công an thành phố …", "Đ/c
        // Chủ tịch UBND tỉnh, thành phố …").
        "đồng chí ",
        "đ/c ",
    ]
    .iter()
    .any(|h| starts_with_ci(s, h))
}

/// Several bodies named together as one sentence's subject ("Bộ Tài chính, Bộ Kế hoạch và Đầu
/// tư", "Đài truyền thanh xã, các đồng chí Trưởng thôn") are each a lead: joined with "; ".
/// A comma inside one body's name ("Ủy ban nhân dân các tỉnh, thành phố …") is kept.
fn joint_lead(lead: &str) -> String {
    // The collective names of a level are one body each, commas and all.
    const COLLECTIVES: [&str; 12] = [
        // Names of one body that hold a comma ("Sở Văn hóa, Thể thao và Du lịch").
        "văn hóa, thể thao và du lịch",
        "văn hoá, thể thao và du lịch",
        "văn hóa, thông tin",
        "khoa học, công nghệ và môi trường",
        "bộ, cơ quan ngang bộ, cơ quan thuộc chính phủ",
        "sở, ban, ngành, đoàn thể",
        "tỉnh, thành phố trực thuộc trung ương",
        "sở, ban, ngành",
        "huyện, thị xã, thành phố",
        "huyện, thành phố",
        "xã, phường, thị trấn",
        "cấp ủy, tổ chức đảng",
    ];
    let lead = lead.split(" (sau đây").next().unwrap_or(lead).trim();
    // A short name given in brackets after the body ("… trực thuộc Trung ương (Ban Chỉ đạo Đại hội
    // cấp tỉnh)") is the same body.
    let lead = match lead.strip_suffix(')').and_then(|l| l.rfind(" (")) {
        Some(at) if at > 0 => lead[..at].trim(),
        _ => lead,
    };
    let mut protected = lead.to_string();
    for phrase in COLLECTIVES {
        // Every place the phrase stands ("các Sở Văn hóa, Thể thao và Du lịch …, các Sở Văn hóa,
        // Thể thao và Du lịch …"); a protected place no longer matches, its comma replaced.
        while let Some(at) = find_ci(&protected, phrase) {
            let end = at
                + protected[at..].char_indices().nth(phrase.chars().count()).map_or(protected.len() - at, |(i, _)| i);
            let kept = protected[at..end].replace(", ", "\u{1}");
            protected.replace_range(at..end, &kept);
        }
    }
    // The names a colon lists after a kind in the plural ("Bộ trưởng các Bộ: Quốc phòng, Công an")
    // are one lead, up to a semicolon.
    if let Some(colon) = protected.find(": ")
        && lists_names(&protected[..colon])
    {
        let end = protected[colon..].find(';').map_or(protected.len(), |e| colon + e);
        let kept = protected[colon..end].replace(", ", "\u{1}");
        protected.replace_range(colon..end, &kept);
    }
    let mut pieces: Vec<String> = Vec::new();
    for piece in protected.split(", ") {
        // The kinds of body named after a plural one belong to it ("các Sở, ban ngành, đoàn thể
        // tỉnh", "các cơ quan, đơn vị"): a kind in small letters, with at most a level after it.
        let kind = KINDS.iter().any(|k| piece == *k || piece.strip_prefix(k).is_some_and(|r| r.starts_with(' ')))
            && piece.split_whitespace().count() <= 4;
        // The levels of local government listed after one ("UBND các quận, huyện, thị xã",
        // "Sở … các tỉnh, thành phố") belong to the body named with the first.
        let level = |p: &str, at_end: bool| {
            LEVELS.iter().any(|l| {
                if at_end { p.ends_with(&format!(" {l}")) } else { p == *l || p.starts_with(&format!("{l} ")) }
            })
        };
        let after_level = level(piece, false) && pieces.last().is_some_and(|last| level(last, true));
        // "…, thị xã và các cơ sở giáo dục trực thuộc Sở": the level ends the body before, the
        // body after "và" is one more.
        if after_level
            && let Some(at) = piece.find(" và ")
            && is_body(&piece[at + " và ".len()..])
            && let Some(last) = pieces.last_mut()
        {
            last.push_str(", ");
            last.push_str(&piece[..at]);
            pieces.push(piece[at + " và ".len()..].to_string());
            continue;
        }
        let kind = kind || (after_level && piece.split_whitespace().count() <= 6);
        match pieces.last_mut() {
            Some(last) if kind => {
                last.push_str(", ");
                last.push_str(piece);
            }
            _ => pieces.push(piece.to_string()),
        }
    }
    // A list closed by "và" ("…, UBMTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh"):
    // the body after "và" is one more; so after a collective name ("các sở, ban, ngành, đoàn thể
    // tỉnh và UBND cấp huyện").
    if (pieces.len() > 1 || pieces.first().is_some_and(|p| p.contains('\u{1}')))
        && let Some(last) = pieces.pop()
    {
        match last.rfind(" và ") {
            Some(at) if is_body(&last[at + " và ".len()..]) => {
                pieces.push(last[..at].to_string());
                pieces.push(last[at + " và ".len()..].to_string());
            }
            _ => pieces.push(last),
        }
    }
    // Bodies joined by "và" inside one piece, the second named by a body's head ("Sở Khoa học và
    // Công nghệ và các cơ quan, đơn vị có liên quan", "Ủy ban nhân dân tỉnh và Sở Tài chính"); a
    // "và" inside one body's name is followed by no head ("Bộ Kế hoạch và Đầu tư").
    // The kinds in small letters after a body so split off go with it again ("các cơ quan, đơn
    // vị có liên quan"), and so do the bodies concerned closing a collective name of kinds ("các
    // sở, ban, ngành, địa phương và cơ quan liên quan" is one).
    let concerned =
        |p: &str| ["cơ quan ", "đơn vị ", "tổ chức "].iter().any(|k| p.starts_with(k)) && p.ends_with("liên quan");
    let mut split: Vec<String> = Vec::new();
    for piece in pieces.iter().flat_map(|p| split_at_and(p)) {
        match split.last_mut() {
            Some(last)
                if piece.starts_with(char::is_lowercase)
                    && (!is_body(&piece) || concerned(&piece) && last.starts_with(char::is_lowercase)) =>
            {
                last.push_str(", ");
                last.push_str(&piece);
            }
            _ => split.push(piece),
        }
    }
    let pieces = split;
    // The parts of the political system named together ("các cấp ủy đảng, chính quyền, Mặt trận
    // Tổ quốc, các tổ chức chính trị - xã hội") are each a body.
    let joined =
        if pieces.len() > 1 && pieces.iter().all(|p| is_body(p)) { pieces.join("; ") } else { protected.clone() };
    joined.replace('\u{1}', ", ")
}

/// A piece cut at each " và " that a body's head follows (a capitalised head or one in the
/// plural, not any "các").
fn split_at_and(piece: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = crate::text::find_str(&piece[search..], " và ") {
        let at = search + found;
        let rest = &piece[at + " và ".len()..];
        if at > from && (is_lead_start(rest) || is_plural_lead_start(rest)) {
            out.push(piece[from..at].to_string());
            from = at + " và ".len();
        }
        search = at + " và ".len();
    }
    out.push(piece[from..].to_string());
    out
}

/// The levels of local government, in small letters.
const LEVELS: [&str; 8] = ["tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn"];

/// Kinds of body a list names after a plural body, in small letters.
const KINDS: [&str; 7] = ["ban ngành", "ban", "ngành", "đoàn thể", "đơn vị", "địa phương", "hội"];

/// Whether `p` opens with a body's name, among them the parts of the political system.
fn is_body(p: &str) -> bool {
    is_lead_start(p)
        || is_plural_lead_start(p)
        || ["cơ quan", "ủy ban", "chính quyền", "các tổ chức", "tổ chức chính trị"].iter().any(|h| starts_with_ci(p, h))
        // Any kind named in the plural in a list of bodies ("các bảo tàng, các điểm di tích").
        || starts_with_ci(p, "các ")
}

/// Stops indexed by their second byte, built once for a list of stops: [`cut_at`] compares
/// at a place only the stops whose first two bytes stand there.
struct StopSet {
    stops: Vec<&'static [u8]>,
    by_second: Vec<Vec<u16>>,
    firsts: [u64; 4],
}

impl StopSet {
    fn new(stops: &[&'static str]) -> Self {
        let mut by_second = vec![Vec::new(); 256];
        let mut firsts = [0u64; 4];
        for (k, stop) in stops.iter().enumerate() {
            let bytes = stop.as_bytes();
            if let [a, b, ..] = bytes {
                firsts[usize::from(a >> 6)] |= 1 << (a & 63);
                by_second[usize::from(*b)].push(u16::try_from(k).unwrap_or(u16::MAX));
            }
        }
        Self { stops: stops.iter().map(|s| s.as_bytes()).collect(), by_second, firsts }
    }
}

static LEAD_STOP_SET: std::sync::LazyLock<StopSet> = std::sync::LazyLock::new(|| StopSet::new(&LEAD_STOPS));
static COORD_STOP_SET: std::sync::LazyLock<StopSet> = std::sync::LazyLock::new(|| StopSet::new(&COORD_STOPS));
static DECISION_STOP_SET: std::sync::LazyLock<StopSet> = std::sync::LazyLock::new(|| StopSet::new(&DECISION_VERBS));

/// `s` up to the earliest place after its start where one of `stops` begins.
fn cut_at<'a>(s: &'a str, stops: &StopSet) -> &'a str {
    // One pass over `s`, testing the stops only where the bytes start one of them. A stop that
    // `s` opens with does not count (not even further on).
    let bytes = s.as_bytes();
    let has_first = |b: u8| stops.firsts[usize::from(b >> 6)] & (1 << (b & 63)) != 0;
    let end = (1..bytes.len())
        .find(|&i| {
            has_first(bytes[i])
                && bytes.get(i + 1).is_some_and(|&second| {
                    stops.by_second[usize::from(second)].iter().any(|&k| {
                        let stop = stops.stops[usize::from(k)];
                        stop[0] == bytes[i]
                            && bytes[i..].starts_with(stop)
                            && !bytes.starts_with(stop)
                            // "các cơ quan, tổ chức", "… và các tổ chức chính trị - xã hội": the
                            // noun in a list of bodies, not the verb.
                            && !(stop == " tổ chức".as_bytes() && (bytes[i - 1] == b',' || after_cac(&bytes[..i])))
                            // "Ban chỉ đạo phòng, chống dịch …": the board's name, not the verb.
                            && !((stop == " chỉ đạo".as_bytes() || stop == " chỉ ".as_bytes())
                                && (bytes[..i].ends_with(b" Ban") || bytes[..i].ends_with(b" ban")))
                    })
                })
        })
        .unwrap_or(s.len());
    s[..end].trim().trim_end_matches([',', ';', ':', '.']).trim()
}

/// Whether `before` ends with the word "các" or "Các" (the plural before a noun).
fn after_cac(before: &[u8]) -> bool {
    let word = "các".as_bytes();
    before.len() >= word.len()
        && before[before.len() - word.len()..].eq_ignore_ascii_case(word)
        && (before.len() == word.len() || before[before.len() - word.len() - 1] == b' ')
}

/// Strips "Điều 2.", "3.", "a)", "- " from the start of a paragraph; returns the rest and
/// whether it was a numbered item.
fn strip_enumerator(p: &str) -> (&str, Option<char>) {
    let t = p.trim_start();
    if let Some(rest) = t.strip_prefix("Điều ") {
        let after = rest.trim_start_matches(|c: char| c.is_ascii_digit());
        if let Some(r) = after.strip_prefix('.') {
            return (r.trim_start(), Some('D'));
        }
    }
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 2 && t[digits..].starts_with(". ") {
        return (t[digits + 2..].trim_start(), Some('1'));
    }
    // A numbered item of a second level ("1.1. Các sở …", "2.3 Bộ Y tế …").
    if digits > 0 && digits <= 2 && t[digits..].starts_with('.') {
        let rest = &t[digits + 1..];
        let sub = rest.chars().take_while(char::is_ascii_digit).count();
        if (1..=2).contains(&sub) {
            let after = &rest[sub..];
            if let Some(text) = after.strip_prefix(". ").or_else(|| after.strip_prefix(' '))
                && text.starts_with(char::is_uppercase)
            {
                return (text.trim_start(), Some('2'));
            }
        }
    }
    // A number set off by a dash ("2 - Sở Lao động …").
    if digits > 0 && digits <= 2 && t[digits..].starts_with(" - ") {
        return (t[digits + 3..].trim_start(), Some('1'));
    }
    let mut cs = t.chars();
    if let (Some(c), Some(')')) = (cs.next(), cs.next())
        && c.is_alphabetic()
    {
        return (t[c.len_utf8() + 1..].trim_start(), Some('a'));
    }
    // Items of a lower level numbered in brackets ("(1) Phối hợp với …", "(2) Khẩn trương …").
    if let Some(inner) = t.strip_prefix('(')
        && let Some(close) = inner.find(") ")
        && (1..=2).contains(&close)
        && inner[..close].chars().all(|c| c.is_ascii_digit())
    {
        return (inner[close + 2..].trim_start(), Some('a'));
    }
    if let Some(r) = t.strip_prefix("- ") {
        return (r, Some('-'));
    }
    (t, None)
}

fn split_coordinators(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in s.split("; ") {
        let mut current = String::new();
        let words: Vec<&str> = part.split(' ').collect();
        let mut k = 0;
        while k < words.len() {
            let w = words[k];
            let rest = words[k + 1..].join(" ");
            // A body named on its own, then bodies in the plural ("Sở Văn hóa, Thể thao và Du
            // lịch, các cơ quan, đơn vị liên quan"); a list of plurals stays whole ("các ngành,
            // các cấp").
            let named_then_plural = || {
                w.ends_with(',')
                    && is_plural_lead_start(&rest)
                    && (is_lead_start(&current) || current.is_empty() && is_lead_start(w))
            };
            let splits_here = (w.ends_with(',') && is_lead_start(&rest))
                || named_then_plural()
                || (w == "và"
                    && !current.is_empty()
                    && (is_lead_start(&rest)
                        || rest.starts_with("các ")
                        // A known body, then kinds of body without "các" ("Sở Tài chính và cơ
                        // quan, đơn vị liên quan").
                        || super::agencies::is_known(&current) && opens_plural_kind(&rest)));
            if splits_here {
                if w != "và" {
                    if !current.is_empty() {
                        current.push(' ');
                    }
                    current.push_str(w.trim_end_matches(','));
                }
                if !current.trim().is_empty() {
                    out.push(current.trim().to_string());
                }
                current.clear();
            } else {
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(w);
            }
            k += 1;
        }
        if !current.trim().is_empty() {
            out.push(current.trim().trim_end_matches([',', '.']).to_string());
        }
    }
    out.into_iter().flat_map(split_after_known_name).collect()
}

/// Kinds of body a plural names after "các" ("các cơ quan, đơn vị có liên quan").
const PLURAL_KINDS: [&str; 8] = ["cơ quan", "đơn vị", "sở", "ban", "ngành", "tổ chức", "doanh nghiệp", "địa phương"];

/// Whether `s` opens with a kind of body as a whole word ("cơ quan, đơn vị …", not "ban hành").
fn opens_plural_kind(s: &str) -> bool {
    PLURAL_KINDS.iter().any(|k| s.strip_prefix(k).is_some_and(|r| r.is_empty() || r.starts_with([' ', ','])))
}

/// A known body's name followed by bodies in the plural without the comma between them ("Sở
/// Văn hóa, Thể thao và Du lịch các cơ quan, đơn vị có liên quan"): two entries.
fn split_after_known_name(entry: String) -> Vec<String> {
    if let Some(end) = super::agencies::known_prefix_end(&entry)
        && let Some(plural) = entry[end..].strip_prefix(" các ")
        && opens_plural_kind(plural)
    {
        return vec![entry[..end].to_string(), entry[end + 1..].to_string()];
    }
    vec![entry]
}

/// The bodies after "phối hợp (…) với" and the offset in `s` where their list ends.
fn coordinator_span(s: &str) -> Option<(Vec<String>, usize)> {
    let p = end_of_ci(s, "phối hợp")?;
    let after = &s[p..];
    let with = after.find("với ").filter(|w| after[..*w].split_whitespace().count() <= 2).map(|w| p + w + "với ".len());
    // "phối hợp" with the bodies right after it, without "với" ("Phối hợp Văn phòng UBND tỉnh
    // (Trung tâm Phục vụ hành chính công) xây dựng …", "phối hợp các sở, ban ngành tỉnh …").
    let bare = || {
        let named = after.trim_start();
        (named.starts_with(char::is_uppercase) && is_lead_start(named)
            || is_plural_lead_start(named)
            || starts_with_ci(named, "văn phòng "))
        .then(|| s.len() - named.len())
    };
    let list_start = with.or_else(bare)?;
    let tail = &s[list_start..];
    let plain = cut_at(tail, &COORD_STOP_SET);
    // Only a "có liên quan" inside the list: one further on closes another list.
    let cut = if let Some(q) = crate::text::find_str(plain, "có liên quan") {
        // "các Sở, ngành có liên quan, UBND huyện, thị xã, thành phố": the list may go on.
        // "… có liên quan và Chủ tịch UBND các huyện …" likewise.
        let head = q + "có liên quan".len();
        let more = [", ", " và "].iter().find_map(|sep| tail[head..].strip_prefix(sep).map(|m| (sep.len(), m)));
        match more {
            Some((sep, more)) if is_lead_start(more) => &tail[..head + sep + cut_at(more, &COORD_STOP_SET).len()],
            _ => &tail[..head],
        }
    } else {
        plain
    };
    let end = list_start + cut.len();
    // "phối hợp với các cơ quan chức năng: Sở Y tế, …": the bodies are the ones listed.
    let listed = cut.split_once(": ").map_or(cut, |(_, list)| list);
    Some((split_coordinators(listed.trim().trim_end_matches([',', '.', ';'])), end))
}

fn coordinators_in(s: &str) -> Vec<String> {
    coordinator_span(s).map(|(found, _)| found).unwrap_or_default()
}

fn deadline_in(s: &str) -> Option<chrono::NaiveDate> {
    // "… trước ngày 15/12/2024", "… chậm nhất (là / vào) ngày 4 tháng 3 năm 2021": the date the
    // work is due, close after the words that set it.
    ["trước ngày", "chậm nhất"].iter().filter_map(|k| find_ci(s, k)).min().and_then(|p| {
        let window: String = s[p..].chars().take(50).collect();
        find_dates(&window).first().filter(|d| d.start <= 30).and_then(|d| d.date)
    })
}

/// The work itself: the clause without its lead, "chủ trì, phối hợp với …" and deadline,
/// first sentence only.
fn action_of(lead: &str, text: &str) -> String {
    let mut rest = text.trim();
    for opener in ["Giao ", "Yêu cầu ", "yêu cầu "] {
        rest = rest.strip_prefix(opener).unwrap_or(rest);
    }
    if !lead.is_empty() {
        rest = rest.strip_prefix(lead).or_else(|| strip_joint(rest, lead)).unwrap_or(rest).trim_start();
        // The lead's short name in brackets, dropped from the lead.
        if let Some(after) = rest.strip_prefix('(').and_then(|r| r.split_once(") ")).map(|(_, a)| a) {
            rest = after.trim_start();
        }
    }
    if let Some((_, end)) = coordinator_span(rest)
        && find_ci(rest, "phối hợp").is_some_and(|p| rest[..p].split_whitespace().count() <= 2)
    {
        rest = &rest[end..];
    }
    // The bounds the body acts within are no part of the work.
    let mut trimmed = skip_bounds(rest.trim_start_matches([',', ' ', ':']));
    for verb in ["chủ trì,", "chủ trì", "có trách nhiệm", "chịu trách nhiệm", "phải "] {
        if starts_with_ci(trimmed, verb) {
            trimmed = trimmed.get(verb.len()..).unwrap_or(trimmed).trim_start_matches([',', ' ', ':']);
        }
    }
    let sentence = trimmed.split(". ").next().unwrap_or(trimmed);
    let mut action = sentence.trim().trim_end_matches(['.', '/', ';', ':']).trim().to_string();
    if let Some(p) = find_ci(&action, " trước ngày")
        && let Some(found) = find_dates(&action[p..]).first()
        && found.start < 20
    {
        let end = p + found.end;
        action = format!("{}{}", &action[..p], &action[end..]).trim().to_string();
    }
    let mut chars = action.chars();
    chars.next().map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// `text` after a joint lead's bodies, printed with commas or "và" between them where the lead
/// joins them with "; ".
fn strip_joint<'a>(text: &'a str, lead: &str) -> Option<&'a str> {
    let mut rest = text;
    for (k, piece) in lead.split("; ").enumerate() {
        if k > 0 {
            rest = [", ", " và ", "; ", ",và "].iter().find_map(|sep| rest.strip_prefix(sep))?;
        }
        rest = rest.strip_prefix(piece)?;
    }
    Some(rest)
}

fn make(lead: &str, text: &str) -> Assignment {
    Assignment {
        lead: lead.trim().to_string(),
        coordinators: coordinators_in(text),
        action: action_of(lead.trim(), text),
        deadline: deadline_in(text),
    }
}

fn is_generic(p: &str) -> bool {
    // Each clause holds "thi hành" or "hiệu lực" in some case: most paragraphs hold neither.
    if !["hành", "HÀNH", "hiệu", "Hiệu", "HIỆU"].iter().any(|k| p.contains(k)) {
        return false;
    }
    let f = fold(p);
    // The closing clauses: who executes the text and when it takes effect ("Quyết định này có
    // hiệu lực …"); a law's effect told in a sentence ("Luật … có hiệu lực từ ngày …") is not one.
    f.contains("chiu trach nhiem thi hanh")
        || f.contains("nay co hieu luc")
        || f.contains("co hieu luc ke tu ngay ky")
        || f.contains("co hieu luc thi hanh ke tu ngay ky")
        || f.starts_with("hieu luc")
        || f.contains("thuc hien nghiem tuc, hieu qua chi thi nay")
        // The closing call to comply ("Đề nghị Hiệu trưởng các đơn vị chấp hành nghiêm túc./.").
        || (f.contains("chap hanh nghiem tuc") && f.split(' ').count() <= 15)
}

/// The closing request to report problems met in carrying out the text ("Trong quá trình thực
/// hiện, nếu có vướng mắc, đề nghị các cơ quan, đơn vị phản ánh về Bộ Tài chính để xem xét, giải
/// quyết"): like the clause on who executes it, no assignment.
fn reports_problems(p: &str) -> bool {
    if !starts_with_ci(p, "trong quá trình") {
        return false;
    }
    let head = fold(&p[..p.char_indices().nth(90).map_or(p.len(), |(i, _)| i)]);
    head.find("neu co").is_some_and(|at| ["vuong mac", "kho khan"].iter().any(|k| head[at..].contains(k)))
}

/// The subject that opens `s` when it names a body ("Sở Tài chính chủ trì…"), cut before
/// its verb.
fn subject_lead(s: &str) -> Option<String> {
    if !is_lead_start(s) {
        return None;
    }
    let lead = cut_after_name(cut_at(s, &LEAD_STOP_SET));
    // The body named before a colon, its duties after it ("Giao Sở Văn hóa, Thể thao và Du lịch:
    // Chủ trì hướng dẫn …").
    // "Bộ trưởng các Bộ: Quốc phòng, Công an chỉ đạo …": a colon after a kind in the plural lists
    // the bodies' names, which are the lead's.
    let lead = match lead.split_once(':') {
        Some((body, _)) if lists_names(body) => lead,
        Some((body, _)) => body.trim_end(),
        None => lead,
    };
    // A short name in brackets after the body ("Sở Lao động - Thương binh và Xã hội
    // (LĐ-TB&XH)") is the same body.
    let lead = match lead.strip_suffix(')').and_then(|l| l.rfind(" (")) {
        Some(at) if at > 0 && lead[at..].split_whitespace().count() == 1 => lead[..at].trim(),
        _ => lead,
    };
    (lead.split_whitespace().count() <= 16 && !lead.is_empty()).then(|| lead.to_string())
}

/// Whether the text before a colon ends with a kind in the plural ("Bộ trưởng các Bộ", "Giám đốc
/// các Sở"), so that the colon lists the bodies' names ("… các Bộ: Quốc phòng, Công an").
fn lists_names(before_colon: &str) -> bool {
    before_colon.split_whitespace().rev().nth(1).is_some_and(|w| w.eq_ignore_ascii_case("các"))
}

/// Words in small letters that carry a body's name on after a known name: another body joined
/// to it, the body it belongs to, its level or area ("Hội Nông dân cấp xã", "Sở Y tế tỉnh …").
const NAME_GOES_ON: [&str; 14] =
    ["và", "các", "cùng", "hoặc", "thuộc", "trực", "của", "tại", "ở", "cấp", "khu", "trên", "đóng", "nơi"];

/// A lead ends where the name of the body it opens with ends: at a name of the table of known
/// agencies ("Bộ Nội vụ thẩm định …", "Sở Nội vụ kịp thời ban hành …") or after the place a body
/// serves ([`cut_after_place`]), when a word in small letters follows that does not carry the
/// name on.
fn cut_after_name(lead: &str) -> &str {
    if let Some(end) = super::agencies::known_prefix_end(lead)
        && let Some(rest) = lead[end..].strip_prefix(' ')
        && let Some(next) = rest.split(' ').next()
        && next.chars().next().is_some_and(char::is_lowercase)
        && !NAME_GOES_ON.contains(&next)
        && !LEVELS.iter().any(|l| rest.starts_with(l))
    {
        return &lead[..end];
    }
    cut_after_place(lead)
}

/// A body's name ends with the place it serves: a level of government and the place's name in
/// capitals ("Thuế thành phố Huế", "UBND tỉnh Bà Rịa - Vũng Tàu"). A word in small letters after
/// that name opens the sentence's verb, whatever the verb ("Đề nghị Thuế thành phố Huế đối chiếu
/// …"), unless it joins another body or name ("và", "cùng", "các") or is a lower level of the same
/// place ("xã Phú Hòa huyện …").
fn cut_after_place(lead: &str) -> &str {
    // Most leads name no level of government followed by more words: one scan first.
    if !LEVELS.iter().any(|l| crate::text::find_str(lead, l).is_some_and(|p| lead[p + l.len()..].starts_with(' '))) {
        return lead;
    }
    let words = super::word_starts(lead);
    let capital = |w: &str| w.chars().next().is_some_and(char::is_uppercase);
    let mut k = 0;
    while k < words.len() {
        let level = LEVELS.iter().find_map(|l| {
            let n = l.split(' ').count();
            let got: Vec<&str> = words.get(k..k + n)?.iter().map(|(_, w)| *w).collect();
            (got.join(" ") == *l).then_some(n)
        });
        let Some(n) = level else {
            k += 1;
            continue;
        };
        // The place's name: words in capitals, joined by hyphens ("Bà Rịa - Vũng Tàu").
        let mut end = k + n;
        while let Some((_, w)) = words.get(end) {
            let joined = matches!(*w, "-" | "–") && words.get(end + 1).is_some_and(|(_, n)| capital(n));
            if capital(w) || joined {
                end += 1;
            } else {
                break;
            }
        }
        // A body's name after the level word is no place ("Phó Chủ tịch Văn xã Ủy ban nhân dân …").
        let place = end > k + n && !is_lead_start(&lead[words[k + n].0..]);
        if place
            && let Some((at, next)) = words.get(end)
            && next.chars().next().is_some_and(char::is_lowercase)
            && !["và", "cùng", "các", "hoặc", "thuộc", "trực"].contains(next)
            && !LEVELS.iter().any(|l| lead[*at..].starts_with(l))
            && !words[end - 1].1.ends_with([',', ';', ':'])
        {
            return lead[..*at].trim_end();
        }
        k = end.max(k + 1);
    }
    lead
}

/// Joins lines wrapped mid-sentence into paragraphs.
fn paragraphs(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut open = false;
    for line in body.lines() {
        let t = line.trim();
        if t.is_empty() {
            open = false;
            continue;
        }
        let roman = roman_heading(t).is_some();
        let starts_item = strip_enumerator(t).1.is_some() || t.starts_with("Căn cứ") || roman;
        // "Điều 2." alone on its line, its text on the next.
        let after_bare_enumerator =
            out.last().is_some_and(|p: &String| strip_enumerator(p).1.is_some() && strip_enumerator(p).0.is_empty());
        if after_bare_enumerator
            && !starts_item
            && let Some(last) = out.last_mut()
        {
            last.push(' ');
            last.push_str(t);
            open = !t.ends_with(['.', ';', ':', '!', '?']);
            continue;
        }
        if open
            && !starts_item
            && let Some(last) = out.last_mut()
        {
            last.push(' ');
            last.push_str(t);
        } else {
            out.push(t.to_string());
        }
        // A section's heading ("I. Nhiệm vụ chung") is a line of its own.
        open = !t.ends_with(['.', ';', ':', '!', '?']) && !roman;
    }
    out.iter().flat_map(|p| sentences_giving_work(p)).collect()
}

/// The title of a line opening with a section's Roman numeral ("II. TỔ CHỨC THỰC HIỆN", "I.
/// Nhiệm vụ chung").
fn roman_heading(t: &str) -> Option<&str> {
    if !t.starts_with(['I', 'V', 'X']) {
        return None;
    }
    let (number, title) = t.split_once(". ")?;
    (!number.is_empty() && number.chars().all(|c| matches!(c, 'I' | 'V' | 'X'))).then_some(title)
}

/// A paragraph cut before each later sentence that gives work of its own ("UBND tỉnh yêu cầu
/// các sở … . UBND tỉnh giao Sở … chủ trì …"): a body opens it and a verb of request follows
/// the body's name.
fn sentences_giving_work(p: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut search = 0;
    while let Some(found) = crate::text::find_str(&p[search..], ". ") {
        let at = search + found + 2;
        search = at;
        let next = &p[at..];
        // Only a verb opening within 80 bytes counts: look for it in the sentence's head, not in
        // the whole rest of the paragraph (once per sentence, that was quadratic), and only
        // after a body opens the sentence.
        let verb = || {
            let mut head = next.len().min(96);
            while !next.is_char_boundary(head) {
                head += 1;
            }
            [" giao ", " yêu cầu ", " đề nghị ", " chủ trì", " phối hợp với "]
                .iter()
                .filter_map(|v| crate::text::find_str(&next[..head], v))
                .min()
        };
        // A sentence giving work after the closing clause in the same paragraph ("Quyết định này
        // có hiệu lực thi hành kể từ ngày ký. Giao Sở Giáo dục và Đào tạo chủ trì …").
        let after_closing =
            || ["Giao ", "Đề nghị ", "Yêu cầu "].iter().any(|w| next.starts_with(w)) && is_generic(&p[from..at]);
        // An item's or an article's number ("2. Bộ Lao động …", "Điều 2. Giám đốc Sở …") is no
        // sentence before the body.
        let sentence_before = !strip_enumerator(&p[from..at]).0.trim().is_empty();
        if sentence_before
            && (is_lead_start(next) && verb().is_some_and(|v| v < 80 && !next[..v].contains([',', ';', '.']))
                || after_closing())
        {
            out.push(p[from..at].trim().to_string());
            from = at;
        }
    }
    out.push(p[from..].trim().to_string());
    out
}

fn recipients_lead(addressee: &str, recipients: &[String]) -> Option<String> {
    let f = fold(addressee);
    let hits = recipients.iter().filter(|r| f.contains(&fold(r))).count();
    (hits >= 1 && hits == recipients.len()).then(|| recipients.join("; "))
}

/// Whether `hay` starts with `needle` when both are lower-cased char by char: the answer of
/// `hay.to_lowercase().starts_with(&needle.to_lowercase())` for a needle without a sigma (the
/// one letter whose lower case depends on its neighbours), without copying `hay`.
fn starts_with_ci(hay: &str, needle: &str) -> bool {
    let mut lowered = hay.chars().flat_map(char::to_lowercase);
    needle.chars().flat_map(char::to_lowercase).all(|n| lowered.next() == Some(n))
}

/// The only characters outside ASCII whose lower case starts with an ASCII letter: `İ` (to
/// `i`) and the Kelvin sign (to `k`).
const LOWERS_TO_ASCII: [(char, char); 2] = [('\u{130}', 'i'), ('\u{212A}', 'k')];

/// The one character whose lower case is more than one character (`İ` → `i̇`).
const LONG_LOWER: char = '\u{130}';

/// Whether `hay` starts with the characters of `needle` (already lower-cased) when `hay` is
/// lower-cased char by char.
fn lowered_starts_with(hay: &str, needle: &[char]) -> bool {
    let mut chars = hay.chars();
    for (k, n) in needle.iter().enumerate() {
        let Some(c) = chars.next() else {
            return false;
        };
        let lower = if c.is_ascii() {
            c.to_ascii_lowercase()
        } else if c == LONG_LOWER {
            // Its two-character lower case shifts the comparison: compare the long way.
            let consumed = hay.len() - chars.as_str().len() - c.len_utf8();
            let mut it = hay[consumed..].chars().flat_map(char::to_lowercase);
            return needle[k..].iter().all(|n| it.next() == Some(*n));
        } else {
            c.to_lowercase().next().unwrap_or(c)
        };
        if lower != *n {
            return false;
        }
    }
    true
}

/// Byte offset of `needle` in `hay`, compared case-insensitively char by char. The needle is
/// written in small letters (every caller passes a lower-case phrase; lowering it on each call
/// cost a tenth of the parse).
fn find_ci(hay: &str, needle: &str) -> Option<usize> {
    const RARITY: &[u8] = b"qxkvyblsdpgmeorcuatihn";
    // Each letter's place in `RARITY` (its length for the letters not listed), by table.
    const RANK: [u8; 26] = {
        let mut rank = [RARITY.len() as u8; 26];
        let mut k = 0;
        while k < RARITY.len() {
            rank[(RARITY[k] - b'a') as usize] = k as u8;
            k += 1;
        }
        rank
    };
    debug_assert_eq!(needle, needle.to_lowercase(), "find_ci wants a lower-case needle");
    // The needle on the stack (the needles are short phrases).
    let mut buffer = ['\0'; 48];
    let mut len = 0;
    for c in needle.chars() {
        if len == buffer.len() {
            return find_ci_long(hay, needle);
        }
        buffer[len] = c;
        len += 1;
    }
    let needle = &buffer[..len];
    let first = *needle.first()?;
    let matches_at = |i: usize| lowered_starts_with(&hay[i..], needle);
    // Anchor on the needle's rarest ASCII letter ("y" of "yêu cầu", "g" of " đề nghị ") rather
    // than its first character: far fewer places to compare. Only characters of the two
    // ASCII cases lower-case to an ASCII letter outside `LOWERS_TO_ASCII`.
    let anchor = needle
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_ascii_lowercase() && !LOWERS_TO_ASCII.iter().any(|(_, l)| l == *c))
        .min_by_key(|(_, c)| RANK[usize::from(**c as u8 - b'a')]);
    // Every character but `İ` lower-cases to one character, so with no `İ` in the text the
    // needle's offset from the anchor is the text's; otherwise the plain search.
    if let Some((offset, letter)) = anchor
        && offset > 0
        && !hay.contains(LONG_LOWER)
    {
        // The next anchor in either case, eight bytes at a time.
        let (lower, upper) = (*letter as u8, letter.to_ascii_uppercase() as u8);
        let mut from = 0;
        loop {
            let at = from + crate::text::position_of_either(lower, upper, &hay.as_bytes()[from..])?;
            from = at + 1;
            // Walk back `offset` characters to where the needle would start.
            if let Some((start, _)) = hay[..at].char_indices().rev().nth(offset - 1)
                && matches_at(start)
            {
                return Some(start);
            }
        }
    }
    find_from_first(hay, needle, first)
}

/// `find_ci` testing every place where the needle's `first` character could start.
fn find_from_first(hay: &str, needle: &[char], first: char) -> Option<usize> {
    let matches_at = |i: usize| lowered_starts_with(&hay[i..], needle);
    if first.is_ascii() && LOWERS_TO_ASCII.iter().all(|(_, lower)| *lower != first) {
        // Only the two ASCII cases of `first` lower-case to it: test those bytes alone (an
        // ASCII byte always starts a character).
        let (lower, upper) = (first as u8, (first as u8).to_ascii_uppercase());
        let mut from = 0;
        while let Some(p) = crate::text::position_of_either(lower, upper, &hay.as_bytes()[from..]) {
            if matches_at(from + p) {
                return Some(from + p);
            }
            from += p + 1;
        }
        return None;
    }
    hay.char_indices().find_map(|(i, c)| {
        // Cheap first-letter test before the full comparison.
        let lower = if c.is_ascii() { c.to_ascii_lowercase() } else { c.to_lowercase().next().unwrap_or(c) };
        (lower == first && matches_at(i)).then_some(i)
    })
}

/// `find_ci` for a needle too long for its buffer.
fn find_ci_long(hay: &str, needle: &str) -> Option<usize> {
    let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
    hay.char_indices().map(|(i, _)| i).find(|i| lowered_starts_with(&hay[*i..], &needle))
}

/// Where `needle` starts in `text`, case aside, and the text after it.
fn split_ci<'a>(text: &'a str, needle: &str) -> Option<(usize, &'a str)> {
    let pos = find_ci(text, needle)?;
    Some((pos, text.get(end_of_ci(&text[pos..], needle)? + pos..)?))
}

/// The end offset of `needle` found case-insensitively at or after `from`.
fn end_of_ci(hay: &str, needle: &str) -> Option<usize> {
    let start = find_ci(hay, needle)?;
    let count = needle.chars().count();
    Some(hay[start..].char_indices().nth(count).map_or(hay.len(), |(i, _)| start + i))
}

/// "sở nội vụ" → "Sở Nội vụ": OCR'd lower-case heads get their usual capitals.
fn normal_lead(s: &str) -> String {
    let t = s.trim().trim_end_matches(['.', ';', ',']).trim();
    let lower_head = LEAD_HEADS.iter().any(|h| {
        let h = h.trim();
        !t.starts_with(h) && starts_with_ci(t, h)
    });
    if !lower_head {
        return t.to_string();
    }
    let mut words: Vec<String> = t.split_whitespace().map(str::to_string).collect();
    for w in words.iter_mut().take(2) {
        let mut cs = w.chars();
        if let Some(c) = cs.next() {
            *w = c.to_uppercase().chain(cs).collect();
        }
    }
    words.join(" ")
}

/// Cuts an inline list ("sở nội vụ; b) cơ quan phối hợp: …") before the next lettered item.
fn cut_inline(s: &str) -> &str {
    let mut end = s.len();
    for marker in ["; b)", " b)", " B)", " c)", " C)", "Thời gian", "thời gian"] {
        if let Some(p) = s.find(marker) {
            end = end.min(p);
        }
    }
    let mut cut = s[..end].trim().trim_end_matches([';', '.', ',']).trim();
    // A stray page or line number read into the text ("Sở Dân tộng 6").
    while let Some((head, last)) = cut.rsplit_once(' ')
        && last.chars().all(|c| c.is_ascii_digit())
    {
        cut = head.trim_end();
    }
    cut
}

/// Coordinators listed inline on damaged text: only the pieces that name a body are kept.
fn inline_coordinators(s: &str) -> Vec<String> {
    cut_inline(s)
        .split([',', ';'])
        .map(normal_lead)
        .filter(|p| is_lead_start(p) && p.split_whitespace().count() >= 2)
        .collect()
}

/// Strips every leading enumerator ("- a) a) …", "6 b) …" from OCR noise).
fn strip_all(p: &str) -> &str {
    let mut t = p.trim();
    for _ in 0..4 {
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && t[digits..].starts_with(' ') && t[digits..].trim_start().chars().nth(1) == Some(')') {
            t = t[digits..].trim_start();
        }
        let (rest, kind) = strip_enumerator(t);
        if kind.is_none() || kind == Some('D') {
            break;
        }
        t = rest;
    }
    t
}

/// "- X." items from paragraph `from` on (parenthetical notes skipped), as printed.
fn dash_items(paras: &[String], from: usize) -> (Vec<String>, usize) {
    let mut items = Vec::new();
    let mut next = from;
    while let Some(para) = paras.get(next) {
        let line = para.trim();
        if let Some(item) = line.strip_prefix("- ") {
            items.push(item.trim().trim_end_matches(['.', ';']).to_string());
        } else if !line.starts_with('(') {
            break;
        }
        next += 1;
    }
    (items, next)
}

/// What a labelled line of a task names: its lead, its coordinators or its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Lead,
    /// "Cơ quan thực hiện", "Đơn vị thực hiện": the lead when a coordination line follows (an
    /// administrative procedure's description names its executing office so, and gives no work).
    Executor,
    Coordination,
    Time,
}

/// A task's labelled line ("Đơn vị chủ trì thực hiện: Sở Tư pháp.", "+ Cơ quan phối hợp: …",
/// "Thời gian thực hiện: Thường xuyên"): what it names and the text after the colon (empty for
/// a label over items). The label is a body's kind, the role and at most the work's verb.
fn label_of(p: &str) -> Option<(Label, &str)> {
    let t = p.trim_start().trim_start_matches(['+', '-', '*', ' ']);
    // A label opens with a body's kind, the role or the time's word ("Cơ quan", "Đơn vị", "Bộ
    // phận", "Chủ trì", "Phối hợp", "Thời gian", "Tiến độ"): its first letter first.
    if !t.starts_with(['C', 'c', 'Đ', 'đ', 'B', 'b', 'P', 'p', 'T', 't']) {
        return None;
    }
    // Its colon within 60 bytes, looked for there only.
    let colon = t.as_bytes().iter().take(61).position(|b| *b == b':');
    let (head, rest) = match colon {
        Some(colon) => (&t[..colon], &t[colon + 1..]),
        None if t.len() <= 60 => (t, ""),
        None => return None,
    };
    let f = fold(head);
    let f = f.trim().trim_matches('*').trim();
    let role = ["co quan ", "don vi ", "bo phan "].iter().find_map(|k| f.strip_prefix(k)).unwrap_or(f);
    let of_work =
        |r: &str| matches!(r, "" | " thuc hien" | " tham muu thuc hien" | " tham muu" | " soan thao" | " trien khai");
    let label = if role.strip_prefix("chu tri").is_some_and(of_work) {
        Label::Lead
    } else if role != f && role == "thuc hien" {
        Label::Executor
    } else if role.strip_prefix("phoi hop").is_some_and(of_work) {
        Label::Coordination
    } else if ["thoi gian", "tien do", "thoi han"]
        .iter()
        .any(|k| f.strip_prefix(k).is_some_and(|r| matches!(r, "" | " thuc hien" | " hoan thanh" | " ban hanh")))
    {
        Label::Time
    } else {
        return None;
    };
    Some((label, rest.trim().trim_start_matches('*').trim()))
}

/// A field of an administrative procedure's description ("Cơ quan giải quyết thủ tục hành
/// chính:", "Cơ quan trực tiếp thực hiện: Sở …", "Cơ quan có thẩm quyền quyết định: …"): an office
/// named by its role in the procedure, not work given to a body.
fn names_a_role(p: &str) -> bool {
    let Some(colon) = p.find(':').filter(|c| *c <= 80) else { return false };
    let f = fold(&p[..colon]);
    f.strip_prefix("co quan ").is_some_and(|role| {
        ["giai quyet", "truc tiep", "co tham quyen", "tiep nhan", "phe duyet", "duoc uy quyen", "thuc hien thu tuc"]
            .iter()
            .any(|r| role.starts_with(r))
    })
}

/// The "Cơ quan phối hợp" paragraph at `at`, if it is one: its bodies and the next paragraph.
fn coordinator_block(paras: &[String], at: usize) -> Option<(Vec<String>, usize)> {
    let heading = strip_all(paras.get(at)?);
    let labelled = label_of(heading).filter(|(label, _)| *label == Label::Coordination);
    let end = match (labelled, end_of_ci(heading, "cơ quan phối hợp")) {
        // A clean label: its bodies one by one.
        (Some((_, inline)), _) if !inline.is_empty() && !inline.contains(':') => {
            let found =
                split_coordinators(inline.trim_end_matches(['.', ';'])).iter().map(|c| normal_lead(c)).collect();
            return Some((found, at + 1));
        }
        (Some((_, "")), None) => return Some(dash_items(paras, at + 1)),
        (Some((_, inline)), None) => return Some((split_coordinators(inline.trim_end_matches(['.', ';'])), at + 1)),
        (None, None) => return None,
        (_, Some(end)) => end,
    };
    let inline = heading[end..].trim().trim_start_matches(':').trim();
    if !inline.is_empty() {
        return Some((inline_coordinators(inline), at + 1));
    }
    let (items, next) = dash_items(paras, at + 1);
    if !items.is_empty() {
        return Some((items, next));
    }
    // One plain paragraph: "Mặt trận … các cấp; các tổ chức chính trị - xã hội."
    match paras.get(at + 1) {
        Some(plain) if strip_enumerator(plain).1.is_none() => {
            Some((vec![plain.trim().trim_end_matches(['.', ';']).to_string()], at + 2))
        }
        _ => Some((Vec::new(), at + 1)),
    }
}

/// A "Cơ quan chủ trì" block at paragraph `at`: leads (inline or as "- " items), then the
/// "Cơ quan phối hợp" that follows. Returns the assignment and the next paragraph to read.
fn lead_block(paras: &[String], at: usize, action: &str) -> Option<(Assignment, usize)> {
    let heading = strip_all(paras.get(at)?);
    match label_of(heading) {
        Some((Label::Lead, inline)) => return labelled_task(paras, at, inline, action),
        Some((Label::Executor, inline))
            if !inline.is_empty()
                && paras
                    .get(at + 1)
                    .is_some_and(|p| matches!(label_of(strip_all(p)), Some((Label::Coordination, _)))) =>
        {
            return labelled_task(paras, at, inline, action);
        }
        _ => {}
    }
    let after = if let Some(end) = end_of_ci(heading, "cơ quan chủ trì") {
        &heading[end..]
    } else if starts_with_ci(heading, "chủ trì thực hiện") {
        end_of_ci(heading, "chủ trì thực hiện").map_or("", |end| &heading[end..])
    } else {
        return None;
    };
    let after = after.trim();
    if after.starts_with(',') {
        return None;
    }
    let mut next = at + 1;
    let mut coordinators = Vec::new();
    let lead = if let Some(inline) = after.strip_prefix(':').map(str::trim).filter(|rest| !rest.is_empty()) {
        if let Some(end) = end_of_ci(inline, "cơ quan phối hợp:") {
            coordinators = inline_coordinators(&inline[end..]);
        }
        normal_lead(cut_inline(inline))
    } else {
        let (items, after_items) = dash_items(paras, next);
        next = after_items;
        items.iter().map(|item| normal_lead(item)).collect::<Vec<_>>().join("; ")
    };
    if lead.is_empty() {
        return None;
    }
    if coordinators.is_empty()
        && let Some((found, after_block)) = coordinator_block(paras, next)
    {
        coordinators = found;
        next = after_block;
    }
    Some((Assignment { lead, coordinators, action: action_of("", action), deadline: None }, next))
}

/// A task's labelled lines from its lead's line at `at` ("Đơn vị chủ trì: Các Sở, ngành, đơn
/// vị, UBND cấp xã." / "Đơn vị phối hợp: Sở Nội vụ, Sở Tư pháp." / "Thời gian thực hiện: …"):
/// one assignment, the bodies named together split, the deadline only from a full date.
fn labelled_task(paras: &[String], at: usize, inline: &str, action: &str) -> Option<(Assignment, usize)> {
    let mut next = at + 1;
    // A heading over the labelled lines ("Cơ quan chủ trì:" / "- Đơn vị chủ trì: …").
    if inline.is_empty() && paras.get(next).is_some_and(|p| label_of(strip_all(p)).is_some()) {
        return None;
    }
    // The task is the paragraph above its labels (and above a heading over them, "b) Cơ quan
    // thực hiện:"); else the section's title; else the label's line itself.
    let above = (at.saturating_sub(2)..at)
        .rev()
        .map(|k| strip_all(&paras[k]))
        .find(|p| !p.is_empty() && label_of(p).is_none() && !p.ends_with(':'));
    let action = above.or(Some(action).filter(|a| !a.is_empty())).unwrap_or_else(|| strip_all(&paras[at]));
    let lead = if inline.is_empty() {
        let (items, after_items) = dash_items(paras, next);
        next = after_items;
        items.iter().map(|item| joint_lead(&normal_lead(item))).collect::<Vec<_>>().join("; ")
    } else {
        joint_lead(&normal_lead(cut_inline(inline)))
    };
    if lead.is_empty() {
        return None;
    }
    // The lines run together on damaged text ("Cơ quan chủ trì: Sở Dân tộc 6 b) Cơ quan phối
    // hợp: Sở Nội vụ, …").
    let mut coordinators =
        end_of_ci(inline, "phối hợp:").map(|end| inline_coordinators(&inline[end..])).unwrap_or_default();
    let mut deadline = None;
    // The coordination and time lines follow in either order.
    for _ in 0..2 {
        let Some(line) = paras.get(next) else { break };
        match label_of(strip_all(line)) {
            Some((Label::Coordination, _)) => {
                if let Some((found, after_block)) = coordinator_block(paras, next) {
                    coordinators = found;
                    next = after_block;
                }
            }
            Some((Label::Time, time)) => {
                deadline = find_dates(time).iter().rev().find_map(|d| d.date);
                next += 1;
            }
            _ => break,
        }
    }
    Some((Assignment { lead, coordinators, action: action_of("", action), deadline }, next))
}

/// Who an intro ending with ':' addresses ("… đề nghị Ủy ban nhân dân các tỉnh … thực hiện
/// một số nội dung sau đây:"), or the subject of "X có trách nhiệm:".
fn addressee_of(text: &str) -> Option<String> {
    let lower = crate::text::lowercase(text);
    let mut best: Option<usize> = None;
    for key in ["đề nghị ", "yêu cầu ", "giao "] {
        let mut from = 0;
        while let Some(found) = lower[from..].find(key) {
            let pos = from + found;
            from = pos + key.len();
            let before = lower[..pos].trim_end();
            let word_start = pos == 0 || lower[..pos].ends_with(' ');
            let next_word = lower[from..].split_whitespace().next().unwrap_or("");
            if word_start
                && next_word != "của"
                && !before.ends_with("xét")
                && !before.ends_with("theo")
                && !before.ends_with("đã")
            {
                best = Some(best.map_or(from, |b: usize| b.min(from)));
                break;
            }
        }
    }
    // Offsets come from the lower-cased copy; `get` refuses any that do not fall on a character
    // boundary of the original.
    best.and_then(|b| text.get(b..))
        .map(str::to_string)
        .or_else(|| find_ci(text, " có trách nhiệm").and_then(|pos| text.get(..pos)).map(str::to_string))
        // The bodies as the subject of the sentence that announces the work ("Ban Chỉ huy …, Thủ
        // trưởng các sở, ban, ngành tỉnh, Chủ tịch UBND các huyện … tập trung thực hiện một số
        // công việc sau:").
        .or_else(|| {
            let t = text.trim_end();
            let lead = cut_at(t, &LEAD_STOP_SET);
            ((is_lead_start(t) || t.starts_with("Các ") && is_plural_lead_start(t))
                && ["công việc", "nhiệm vụ", "nội dung"]
                    .iter()
                    .any(|w| t.ends_with(&format!("{w} sau:")) || t.ends_with(&format!("{w} sau đây:")))
                && acts_after(t, lead))
            .then(|| t.to_string())
        })
}

/// An intro ending with ':' that names who must act ("… đề nghị Ủy ban nhân dân các tỉnh …
/// thực hiện một số nội dung sau đây:"), with one assignment per item that follows. Returns the
/// next paragraph to read.
fn intro_items(paras: &[String], at: usize, recipients: &[String], out: &mut Vec<Assignment>) -> Option<usize> {
    let (text, _) = strip_enumerator(&paras[at]);
    let Some(addressee) = addressee_of(text) else {
        return bare_request_items(paras, at, out);
    };
    let cut = cut_at(&addressee, &LEAD_STOP_SET).trim_end_matches(':').to_string();
    // The bodies as the sentence names them, unless the letter's recipients say the same (a
    // recipient list cut short names fewer).
    let written = (is_lead_start(&cut) || is_plural_lead_start(&cut)).then(|| joint_lead(&cut));
    let lead = match (recipients_lead(&addressee, recipients), written) {
        (Some(listed), Some(named)) if named.len() > listed.len() + 20 => named,
        (Some(listed), _) => listed,
        (None, named) => named?,
    };
    if find_ci(text, "lưu ý").is_some() {
        // "… trong đó lưu ý các nội dung sau:" — one task; the items only detail it.
        out.push(make(&lead, &addressee));
        return Some(at + 1);
    }
    let first_kind = paras.get(at + 1).and_then(|next| strip_enumerator(next).1);
    let mut next = at + 1;
    while let Some(para) = paras.get(next) {
        let (item, kind) = strip_enumerator(para);
        if kind.is_none() || kind == Some('D') {
            // Paragraphs inside an item are skipped (a deadline they set is the item's); a new
            // request ends the items.
            if first_kind == Some('1') && kind.is_none() && !opens_request(item) {
                if next > at + 1
                    && let Some(last) = out.last_mut()
                {
                    // An item that names its body and ends with a colon, its work below ("1.
                    // Sở Tài chính chủ trì, phối hợp với …:" / "Xây dựng quy trình …").
                    if last.action.is_empty() {
                        last.action = make(&last.lead, item).action;
                    }
                    if last.deadline.is_none() {
                        last.deadline = deadline_in(item);
                    }
                }
                next += 1;
                continue;
            }
            break;
        }
        if kind == first_kind
            && let Some((assignment, after)) = headed_items(paras, next)
        {
            // An item that only names its body, its work in the items under it.
            out.push(assignment);
            next = after;
            continue;
        }
        if kind == first_kind {
            // An item naming its own subject ("2. Ủy ban nhân dân các tỉnh … chỉ đạo …").
            // Under an intro that gives the work ("Giao các cơ quan, địa phương:"), an item that
            // opens with bodies and their verb is theirs, whatever the verb ("2. Sở Tài chính,
            // UBND các xã, phường niêm yết công khai …").
            let share = || {
                subject_lead(item)
                    .filter(|l| l.len() + 2 < item.len() && starts_with_ci(text.trim_start(), "giao "))
                    .map(|l| joint_lead(&l))
            };
            let own = item_lead(item);
            if let Some(own) = &own {
                out.push(make(own, item));
            } else if let Some(one) = one_of_the_bodies(&lead, item) {
                // The intro's joint work shared out among its bodies ("Giao Sở Tài chính, Sở
                // Nông nghiệp và Môi trường chủ trì, phối hợp với … , cụ thể:" / "- Sở Tài chính
                // đối với thủ tục số 03"): each body's share, with the intro's coordinators.
                let mut share = make(one, item);
                if share.coordinators.is_empty() {
                    share.coordinators = coordinators_in(&addressee);
                }
                out.push(share);
            } else {
                out.push(make(&share().unwrap_or_else(|| lead.clone()), item));
            }
        }
        next += 1;
    }
    (next > at + 1).then_some(next)
}

/// The one of a joint lead's bodies ("Sở Tài chính; Sở Nông nghiệp và Môi trường") that an item
/// opens with.
fn one_of_the_bodies<'a>(lead: &'a str, item: &str) -> Option<&'a str> {
    if !lead.contains("; ") {
        return None;
    }
    lead.split("; ").find(|body| item.strip_prefix(body).is_some_and(|rest| rest.starts_with([' ', ':', ','])))
}

/// A request that names nobody before its items ("Phòng GD&ĐT yêu cầu:" then "1. Các đơn vị
/// tiếp tục …", "2. Cho học sinh nghỉ học …"): each item is asked of the bodies it opens with,
/// an item without them of the bodies the item before named. Returns the next paragraph.
fn bare_request_items(paras: &[String], at: usize, out: &mut Vec<Assignment>) -> Option<usize> {
    let (text, _) = strip_enumerator(&paras[at]);
    let lower = text.trim_end().to_lowercase();
    if !["yêu cầu:", "đề nghị:"].iter().any(|k| lower.ends_with(k)) {
        return None;
    }
    let mut lead: Option<String> = None;
    let mut next = at + 1;
    while let Some(para) = paras.get(next) {
        let (item, kind) = strip_enumerator(para);
        if kind != Some('1') {
            break;
        }
        let cut = cut_at(item, &LEAD_STOP_SET);
        let plural = (is_plural_lead_start(item) && cut.len() < item.len()).then(|| joint_lead(cut));
        if let Some(own) = item_lead(item).or(plural) {
            lead = Some(own);
        }
        if let Some(lead) = &lead {
            out.push(make(lead, item));
        }
        next += 1;
    }
    (next > at + 1).then_some(next)
}

/// The one body an article's title gives responsibilities to ("Trách nhiệm của Sở Y tế"), as
/// the lead of the article's items. Bodies named in the plural ("Trách nhiệm của các cơ quan,
/// đơn vị") head items that each name their own.
fn responsible_body(title: &str) -> Option<String> {
    let body = ["Trách nhiệm của ", "Nhiệm vụ của ", "Trách nhiệm và quyền hạn của "]
        .iter()
        .find_map(|k| title.strip_prefix(k))?
        .trim()
        .trim_end_matches(['.', ':'])
        .trim();
    let one = is_lead_start(body) && !body.contains(" và các ") && joint_lead(body) == body;
    (one && body.split_whitespace().count() <= 16).then(|| body.to_string())
}

/// A paragraph that opens with a request or an assignment.
fn opens_request(p: &str) -> bool {
    ["đề nghị ", "giao ", "yêu cầu "].iter().any(|k| starts_with_ci(p, k))
}

/// Verbs that follow a subject who is given work.
const ACTS: [&str; 17] = [
    "chủ trì",
    "phối hợp với",
    "chịu trách nhiệm",
    "có trách nhiệm",
    "thực hiện",
    "chủ động",
    "khẩn trương",
    "chỉ đạo",
    "báo cáo",
    "tổ chức",
    "hướng dẫn",
    "xây dựng",
    "triển khai",
    "tham mưu",
    "rà soát",
    "có văn bản",
    "xem xét",
];

/// Verbs that give work to the subject of a numbered item under a request ("2. Trưởng các ấp
/// tuyên truyền …"), beyond [`ACTS`]: the work of a campaign or a plan.
const ITEM_ACTS: [&str; 12] = [
    "tuyên truyền",
    "theo dõi",
    "đôn đốc",
    "kiểm tra",
    "tăng cường",
    "đẩy mạnh",
    "vận động",
    "giám sát",
    "tập trung",
    "bố trí",
    "phối hợp",
    "phổ biến",
];

/// Whether a verb of [`ACTS`] or [`ITEM_ACTS`] follows the subject `lead` that opens `text`.
fn acts_after(text: &str, lead: &str) -> bool {
    text.get(lead.len()..).is_some_and(|after| {
        let after = after.trim_start();
        ACTS.iter().chain(ITEM_ACTS.iter()).any(|verb| starts_with_ci(after, verb))
    })
}

/// The subject of a numbered item under a request: the body the item opens with, or the one
/// it gives work to ("3. Giao Văn phòng … theo dõi", "Đề nghị Hội Liên hiệp Phụ nữ xã …").
fn item_lead(item: &str) -> Option<String> {
    let (opened, addressed) = ["Giao ", "Đề nghị ", "Yêu cầu "]
        .iter()
        .find_map(|k| item.strip_prefix(k).map(|r| (r, true)))
        .unwrap_or((item, false));
    let lead = subject_lead(opened)?;
    (addressed || opened.contains(" có trách nhiệm") || acts_after(opened, &lead)).then_some(lead)
}

/// A body that gives work in its own sentence ("UBND xã giao Phòng Văn hóa - Xã hội chủ trì
/// …"): the text after "giao" when a body opens the sentence and another follows the verb.
fn body_gives(text: &str) -> Option<&str> {
    // A purpose or sequel clause before the body ("Nhằm tăng cường …, Thủ tướng giao …").
    // So any short clause that sets the matter ("Về nội dung nêu trên, Thủ tướng Chính phủ giao
    // …").
    // A long grounds clause ("Thực hiện Công văn số … (được gửi …), Chủ tịch UBND tỉnh giao Sở
    // …") ends at the comma before the body that gives the work.
    let text = if is_lead_start(text) {
        text
    } else {
        let opened = ["Nhằm ", "Để ", "Theo đó, ", "Đồng thời, "].iter().any(|k| text.starts_with(k));
        match text.find(", ") {
            Some(p) if (opened || text[..p].split_whitespace().count() <= 8) && is_lead_start(&text[p + 2..]) => {
                &text[p + 2..]
            }
            _ => {
                let giao = crate::text::find_str(text, " giao ")?;
                let p = text[..giao].rfind(", ")?;
                let body = &text[p + 2..];
                (is_lead_start(body) && text[p + 2..giao].split_whitespace().count() <= 8).then_some(body)?
            }
        }
    };
    // Only a verb opening in the first 120 bytes counts: looked for in the text's head.
    let pos = crate::text::find_str(head_of(text, 120 + " giao ".len()), " giao ").filter(|p| *p < 120)?;
    let rest = &text[pos + " giao ".len()..];
    // Work given before ("… Phó Thủ tướng đã giao Bộ …") is reported, not given by this text.
    let reported = text[..pos].ends_with(" đã");
    (is_lead_start(rest) && !text[..pos].contains([',', ';', '.']) && !reported).then_some(rest)
}

/// The first `len` bytes of `text`, or a little more to end on a character boundary.
fn head_of(text: &str, len: usize) -> &str {
    let mut end = len.min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    &text[..end]
}

/// A committee or its chairman that "chỉ đạo" bodies named in the plural ("UBND tỉnh đã chỉ
/// đạo các sở, ban, ngành; UBND các huyện … chủ động tổ chức …") gives them the work, as
/// "yêu cầu" would: the sentence with that verb. A body that directs in its own field ("Sở Y tế
/// chỉ đạo tăng cường …") does its own work.
fn committee_directs(text: &str) -> Option<String> {
    // A report of the direction given over a past period ("Trong tháng 5/2017, UBND tỉnh tập
    // trung chỉ đạo các sở …") tells what was done; it asks nothing.
    if ["trong tháng ", "trong quý ", "trong năm ", "trong thời gian qua", "thời gian qua"]
        .iter()
        .any(|k| starts_with_ci(text, k))
    {
        return None;
    }
    // Only a verb opening in the first 120 bytes counts: looked for in the text's head (a
    // character is four bytes at most).
    let p = find_ci(head_of(text, 120 + 4 * " chỉ đạo ".chars().count()), " chỉ đạo ").filter(|p| *p < 120)?;
    let after = &text[p + " chỉ đạo ".len()..];
    if !is_plural_lead_start(after) {
        return None;
    }
    let before = text[..p].trim_end();
    let before = [" đã", " vừa", " mới"].iter().find_map(|m| before.strip_suffix(m)).unwrap_or(before);
    // The clause holding the body: after a sequel ("Theo đó, ") or a colon.
    let clause = before.rsplit([',', ':', ';']).next().unwrap_or(before).trim();
    let committee = ["UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân ", "Chủ tịch UBND ", "Chủ tịch Ủy ban nhân dân "]
        .iter()
        .any(|h| clause.starts_with(h));
    (committee && clause.split_whitespace().count() <= 8).then(|| format!("{clause} yêu cầu {after}"))
}

/// The body a request names, before its verb or before a colon that opens its duties ("Đề nghị
/// Hội Cựu TNXP Việt Nam: Tổ chức tuyên truyền …").
fn requested_body(rest: &str) -> &str {
    let named = cut_after_name(cut_at(rest, &LEAD_STOP_SET));
    named.split_once(": ").map_or(named, |(body, _)| body.trim_end())
}

/// A request written as the readers of [`directive`] look for it: one that opens the sentence
/// ("Đề nghị Đài truyền thanh xã … thông báo …") spaced in front, and the polite forms ("Rất
/// mong Sở Tài chính xem xét …", "… kính mong các đồng chí …") as "đề nghị".
fn as_request(text: &str) -> std::borrow::Cow<'_, str> {
    let polite = ["Rất mong ", "Kính mong ", "rất mong ", "kính mong "].iter().find_map(|k| {
        crate::text::find_str(text, k).filter(|p| *p == 0 || text[..*p].ends_with(' ')).map(|p| (p, k.len()))
    });
    if let Some((p, len)) = polite {
        format!("{} đề nghị {}", &text[..p], &text[p + len..]).into()
    } else if starts_with_ci(text, "đề nghị ") {
        format!(" {text}").into()
    } else {
        text.into()
    }
}

/// A directive's text in the words [`directive`] reads: "yêu cầu" without the comma after it
/// ("UBND tỉnh yêu cầu, Ban Chỉ đạo …"), a committee directing bodies in the plural as asking
/// them ([`committee_directs`]), and work given by "Phân công" as by "Giao" ("Phân công các đồng
/// chí Phó Thủ tướng Chính phủ theo dõi …").
fn as_directive(text: &str) -> std::borrow::Cow<'_, str> {
    let after_comma = find_ci(text, "yêu cầu, ").map(|p| (p, &text[p + "yêu cầu, ".len()..]));
    if let Some((p, rest)) = after_comma
        && (is_lead_start(rest) || is_plural_lead_start(rest))
    {
        let uncomma = format!("{}yêu cầu {rest}", &text[..p]);
        return match committee_directs(&uncomma) {
            Some(directed) => directed.into(),
            None => uncomma.into(),
        };
    }
    if let Some(directed) = committee_directs(text) {
        return directed.into();
    }
    match text.strip_prefix("Phân công ") {
        Some(rest) if is_lead_start(rest) || is_plural_lead_start(rest) => format!("Giao {rest}").into(),
        _ => text.into(),
    }
}

/// "Giao X …" / "Yêu cầu X …"; "Giao X" alone heads numbered items. Returns the next
/// paragraph to read.
fn directive(paras: &[String], at: usize, recipients: &[String], out: &mut Vec<Assignment>) -> Option<usize> {
    let (text, _) = strip_enumerator(&paras[at]);
    let spaced = as_request(text);
    let text = spaced.as_ref();
    let worded = as_directive(text);
    let text = worded.as_ref();
    // Cheap test first: a directive names one of its verbs.
    let given = body_gives(text);
    if !text.starts_with("Giao ")
        && given.is_none()
        && find_ci(text, "yêu cầu ").is_none()
        && find_ci(text, " đề nghị ").is_none()
    {
        return None;
    }
    // Offsets come from the text itself, never from a lower-case copy ("İ" lowers longer).
    let rest = if let Some(rest) = text.strip_prefix("Giao ").or(given) {
        rest
    } else if let Some((pos, rest)) = split_ci(text, "yêu cầu ") {
        Some(rest).filter(|_| !text[..pos].to_lowercase().ends_with("đã "))?
    } else {
        // "Ủy ban Dân tộc đề nghị các bộ, ngành … xây dựng báo cáo …": a request to named
        // bodies; "theo đề nghị của …" is not one.
        let (pos, rest) = split_ci(text, " đề nghị ")?;
        let before = text[..pos].to_lowercase();
        // "Xét đề nghị …", "Theo đề nghị …": the proposal, not a request.
        if before.trim_end().ends_with("xét") || before.trim_end().ends_with("theo") {
            return None;
        }
        // "Dự thảo văn bản đề nghị UBND tỉnh xem xét …", "tờ trình đề nghị …": a paper of
        // request, named in the steps of a procedure, not a request of this text.
        if ["văn bản", "tờ trình", "công văn", "đơn", "giấy", "phiếu", "mẫu", "hồ sơ"]
            .iter()
            .any(|paper| before.trim_end().ends_with(&format!(" {paper}")) || before.trim_end() == *paper)
        {
            return None;
        }
        // "Công văn số 356/LĐTBXH-BĐG … của Bộ …: Đề nghị các bộ …": what a cited document asks,
        // quoted after its code, is not this letter's request.
        if text[..pos].trim_end().ends_with(':') && !crate::code::find_codes(&text[..pos]).is_empty() {
            return None;
        }
        // "… đã có Công văn số 3395/LĐTBXH-KHTC gửi … về việc … và đề nghị …": a request joined
        // by "và" to what a cited document did in the same sentence is that document's.
        let clause = text[..pos].rsplit(". ").next().unwrap_or("");
        if clause.trim_end().ends_with(" và") && !crate::code::find_codes(clause).is_empty() {
            return None;
        }
        // "đề nghị quý Bộ …": the addressee of the letter; "… gửi UBND các tỉnh … đề nghị tập
        // trung …": the request to the addressees just named.
        let addressed = (["quý ", "Quý "].iter().any(|q| rest.starts_with(q))
            || recipients.iter().any(|r| before.ends_with(&format!("gửi {}", r.to_lowercase()))))
            && !recipients.is_empty();
        if !(is_lead_start(rest) || is_plural_lead_start(rest) || addressed) {
            return None;
        }
        let lead = if addressed { recipients.join("; ") } else { joint_lead(requested_body(rest)) };
        // Joint bodies are counted each on its own.
        if lead.is_empty() || lead.split("; ").any(|body| body.split_whitespace().count() > 16) || lead == rest.trim() {
            return None;
        }
        // A request that asks the same body again to carry out "the content above" restates
        // the one before it.
        let restated = out.last().is_some_and(|prev: &Assignment| prev.lead == lead)
            && ["nội dung trên", "nội dung nêu trên"].iter().any(|k| find_ci(rest, k).is_some());
        if restated {
            return Some(at + 1);
        }
        let mut assignment = make(&lead, rest);
        if assignment.deadline.is_none() {
            assignment.deadline = next_deadline(paras, at);
        }
        out.push(assignment);
        return Some(at + 1);
    };
    // "… đạt mục đích, yêu cầu đề ra": the noun, not a request; the paragraph is left to the
    // other readers. Bodies named in the plural inside the sentence ("Bộ Xây dựng yêu cầu các
    // cơ quan, đơn vị triển khai …") are the lead as well.
    let plural = || {
        let lead = joint_lead(cut_at(rest, &LEAD_STOP_SET));
        // Joint bodies are counted each on its own.
        let short = lead.split("; ").all(|body| body.split_whitespace().count() <= 16);
        (is_plural_lead_start(rest) && short && lead != rest.trim()).then_some(lead)
    };
    // Kinds of body listed together past 16 words ("Ban Chỉ đạo …, các sở, ban, ngành, UBND
    // huyện, …, UBMTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh"), each counted.
    let joint = || {
        let lead = joint_lead(cut_at(rest, &LEAD_STOP_SET));
        let bodies: Vec<&str> = lead.split("; ").collect();
        (is_lead_start(rest) && bodies.len() > 1 && bodies.iter().all(|b| b.split_whitespace().count() <= 16))
            .then_some(lead)
    };
    let lead = subject_lead(rest).or_else(plural).or_else(joint)?;
    if lead != rest.trim().trim_end_matches(['.', ':']) {
        let mut assignment = make(&lead, rest);
        assignment.lead = joint_lead(&lead);
        if assignment.deadline.is_none() {
            assignment.deadline = next_deadline(paras, at);
        }
        out.push(assignment);
        return Some(at + 1);
    }
    // "Giao Sở Y tế:" over its duties: numbered items, or dash or lettered items ("- Chủ trì
    // hướng dẫn …;", "a) Phối hợp với …"), one duty each.
    let mut next = at + 1;
    let item_kind = paras.get(next).and_then(|p| strip_enumerator(p).1).filter(|k| matches!(k, '1' | '-' | 'a'));
    while let Some(para) = paras.get(next) {
        let (item, kind) = strip_enumerator(para);
        if kind.is_none() || kind != item_kind {
            break;
        }
        out.push(make(&lead, item));
        next += 1;
    }
    Some(next.max(at + 1))
}

/// A numbered duty opening with its subject ("2. Bộ Quốc phòng chủ trì, phối hợp …"), or a
/// subject alone whose duties follow ("4. UBND cấp huyện" then "a) …", or "2. Bộ Quốc phòng"
/// then "Chủ trì, phối hợp …").
fn numbered_subject(paras: &[String], at: usize, out: &mut Vec<Assignment>) {
    let (text, kind) = strip_enumerator(&paras[at]);
    // A dash item is asked only of bodies it names in the plural (below).
    let dash = kind == Some('-');
    let numbered = kind.is_some_and(|k| k == '1' || k == 'D');
    let plural_dash = dash && text.starts_with("Các ");
    // A paragraph of its own whose subject is given the work in words that leave no doubt
    // ("Sở Nông nghiệp và Phát triển nông thôn có trách nhiệm chỉ đạo …" under an article).
    let plain = kind.is_none() && !text.trim_end().ends_with(':');
    if !(numbered || plural_dash || plain) {
        return;
    }
    // A time put before the subject ("Kết thúc năm 2013, Chính phủ báo cáo …", "Hằng năm, Sở
    // … tổng hợp …").
    let text = match text.split_once(", ") {
        Some((when, rest))
            if (when.split_whitespace().count() <= 6
                && (when.contains("năm") || when.contains("tháng") || starts_with_ci(when, "định kỳ"))
                // So the grounds it acts on ("Căn cứ nội dung kế hoạch đã được phê duyệt, Sở Tài
                // chính xem xét, trình …").
                || numbered && when.split_whitespace().count() <= 14
                    && (starts_with_ci(when, "căn cứ ") || starts_with_ci(when, "trên cơ sở ")))
                && is_lead_start(rest) =>
        {
            rest
        }
        _ => text,
    };
    // "2. Sở Tài chính, Kho bạc Nhà nước tỉnh: Thẩm định …", "1. Sở Lao động …:" then its
    // duties: the bodies before the colon are the lead.
    if let Some((before, duties)) = text.split_once(':')
        && !plain
        && before.split_whitespace().count() <= 12
        && is_lead_start(before)
        // "Giám đốc các Sở: Lao động …, Nội vụ": the colon lists names, not duties.
        && !before.contains(';')
        && !lists_names(before)
        && !ACTS.iter().any(|verb| find_ci(before, verb).is_some())
    {
        let duties = duties.trim();
        let duties = if duties.is_empty() { paras.get(at + 1).map_or("", |p| strip_enumerator(p).0) } else { duties };
        if !duties.is_empty() {
            out.push(make(&joint_lead(before.trim()), duties));
        }
        return;
    }
    // An item opening with bodies named in the plural ("- Các cơ quan, đơn vị và địa phương liên
    // quan trên cơ sở chức năng nhiệm vụ được giao xây dựng kế hoạch …") gives them the work too.
    let plural = || {
        let cut = cut_at(text, &LEAD_STOP_SET);
        (text.starts_with("Các ") && is_plural_lead_start(text) && cut.len() < text.len())
            .then(|| (joint_lead(cut), cut.len()))
    };
    let named = subject_lead(text).filter(|_| !dash).map(|l| (l.clone(), l.len()));
    let Some((lead, lead_len)) = named.or_else(plural) else {
        return;
    };
    let before_bounds = text[lead_len..].trim_start();
    let after = skip_bounds(before_bounds);
    // "3. Hiệu trưởng các trường phải bố trí …": what the body must do is its duty, whatever
    // the verb; so what it does within the bounds of its functions.
    let bounded = after.len() < before_bounds.len() && !after.is_empty();
    // A numbered item's subject is given any work of a campaign or a plan's ("12. Các cơ quan
    // truyền thông, báo chí tiếp tục bám sát …", "15. Văn phòng Chính phủ theo dõi, đôn đốc …").
    let acts = if plain {
        SURE_ACTS.iter().any(|verb| starts_with_ci(after, verb))
    } else {
        ACTS.iter().chain(ITEM_ACTS.iter()).any(|verb| starts_with_ci(after, verb))
            || starts_with_ci(after, "phải ")
            || starts_with_ci(after, "tiếp tục ")
            || bounded
    };
    if acts {
        // Bodies named together as the item's subject ("Bộ Quốc phòng, Bộ Lao động - Thương binh
        // và Xã hội, Bộ Tài chính hướng dẫn …") are each a lead.
        let mut assignment = make(&lead, text);
        assignment.lead = joint_lead(&lead);
        out.push(assignment);
    } else if after.is_empty()
        && let Some(next) = paras.get(at + 1)
    {
        let (next_text, next_kind) = strip_enumerator(next);
        if starts_with_ci(next_text, "chủ trì") {
            out.push(make(&lead, next_text));
        } else if next_kind == Some('a') {
            let mut assignment = make(&lead, next_text);
            assignment.coordinators.clear();
            out.push(assignment);
        }
    }
}

/// The words that give a body named at the head of a paragraph work with no numbering or
/// request around them: a duty, not a deed reported.
const SURE_ACTS: [&str; 5] = ["chủ trì", "có trách nhiệm", "chịu trách nhiệm", "phải ", "khẩn trương"];

/// A heading that names only the body the items under it are asked of ("1. Bảo hiểm xã hội
/// thành phố Hà Nội", "2 - Sở Lao động, Thương binh và Xã hội có trách nhiệm.", "- Ủy ban nhân
/// dân các huyện, thành phố:"): the body, as a lead.
fn heading_body(text: &str, enumerated: bool) -> Option<String> {
    let text = text.trim();
    // Prefix and length tests first: most paragraphs name no body at their head, and a heading
    // of sixteen words is short.
    if text.len() > 400 || !(is_lead_start(text) || text.starts_with("Các ") && is_plural_lead_start(text)) {
        return None;
    }
    let t = text.trim_end_matches([':', '.', ';']).trim_end();
    // A paragraph "… có trách nhiệm:" is a sentence that opens its items, one duty each; an
    // item of a list so worded ("2. UBND huyện Châu Thành có trách nhiệm:"), or "… có trách
    // nhiệm." over them, names the body as a heading does.
    let t = if text.ends_with(':') && !enumerated {
        t
    } else {
        [" có trách nhiệm", " có nhiệm vụ", " thực hiện"].iter().find_map(|k| t.strip_suffix(k)).unwrap_or(t)
    };
    (!t.contains([':', ';'])
        && (1..=16).contains(&t.split_whitespace().count())
        && cut_at(t, &LEAD_STOP_SET).len() == t.len()
        && !ACTS
            .iter()
            .chain(ITEM_ACTS.iter())
            .any(|verb| find_ci(t, verb).is_some() && find_ci(t, &format!(" {verb}")).is_some()))
    .then(|| joint_lead(t))
}

/// The items under a heading at `at` ("- …", "a) …"; of the heading's own kind only when the
/// heading closes with a colon): their texts and the paragraph after them.
fn items_under(paras: &[String], at: usize) -> (Vec<&str>, usize) {
    let (head, head_kind) = strip_enumerator(&paras[at]);
    let colon = head.trim_end().ends_with(':');
    let mut items = Vec::new();
    let mut next = at + 1;
    while let Some(para) = paras.get(next) {
        let (item, kind) = strip_enumerator(para);
        let under = matches!(kind, Some('-' | 'a')) && (kind != head_kind || colon);
        // Another heading of the same list ends the items ("- Ủy ban nhân dân các huyện:").
        if !under || item.trim_end().ends_with(':') && heading_body(item, true).is_some() {
            break;
        }
        items.push(item);
        next += 1;
    }
    (items, next)
}

/// One assignment for a heading that names a body and the items under it: the first item's
/// work, the bodies any item coordinates with, the first deadline any item sets.
fn headed_items(paras: &[String], at: usize) -> Option<(Assignment, usize)> {
    let (text, kind) = strip_enumerator(&paras[at]);
    let lead = heading_body(text, kind.is_some())?;
    items_of(lead, paras, at)
}

/// One assignment for `lead` and the items under the heading at `at` ([`headed_items`]).
fn items_of(lead: String, paras: &[String], at: usize) -> Option<(Assignment, usize)> {
    let (items, next) = items_under(paras, at);
    // Items that cite laws and decrees ("- Luật Bảo vệ môi trường năm 2020;", "- Nghị định số …")
    // are the grounds of a procedure a catalogue lists beside the body that handles it, no duty.
    let grounds = ["Luật ", "Bộ luật ", "Nghị định ", "Thông tư ", "Nghị quyết ", "Quyết định số ", "Pháp lệnh "];
    if !items.is_empty() && items.iter().all(|item| grounds.iter().any(|g| item.starts_with(g))) {
        return None;
    }
    let first = items.first()?;
    let mut assignment = make(&lead, first);
    assignment.lead = lead;
    for item in &items {
        for c in coordinators_in(item) {
            if !assignment.coordinators.contains(&c) {
                assignment.coordinators.push(c);
            }
        }
        if assignment.deadline.is_none() {
            assignment.deadline = deadline_in(item);
        }
    }
    Some((assignment, next))
}

/// The text after a lead past the bounds it acts within ("trong phạm vi quyền hạn của mình",
/// "theo chức năng, nhiệm vụ được giao", "trên cơ sở chức năng nhiệm vụ được giao"), up to the
/// verb that gives the work.
fn skip_bounds(after: &str) -> &str {
    if !BOUNDS.iter().any(|b| starts_with_ci(after, b)) {
        return after;
    }
    let head = &after[..after.char_indices().nth(120).map_or(after.len(), |(i, _)| i)];
    let verb = ACTS.iter().filter_map(|verb| find_ci(head, &format!(" {verb}"))).min();
    // Else the bounds end with what the body was given ("… chức năng, nhiệm vụ được giao điều
    // chỉnh các phần mềm …"): the work follows.
    let given = ["được giao", "của mình"].iter().find_map(|k| end_of_ci(head, k));
    match (verb, given) {
        (Some(at), _) => after[at..].trim_start(),
        (None, Some(end)) => after[end..].trim_start_matches([',', ' ']),
        (None, None) => after,
    }
}

/// The bounds a body acts within, after its name ("trong phạm vi quyền hạn của mình", "căn cứ
/// chức năng, nhiệm vụ được giao").
const BOUNDS: [&str; 8] = [
    "trong phạm vi",
    "theo chức năng",
    "trên cơ sở",
    "tùy theo",
    "tuỳ theo",
    "căn cứ chức năng",
    "căn cứ vào chức năng",
    "căn cứ nhiệm vụ",
];

/// An intro after which each paragraph is a direction ("Phó Thủ tướng … có ý kiến như sau:",
/// "… kết luận như sau:").
fn directions_intro(p: &str) -> bool {
    p.trim_end().ends_with("như sau:") && ["ý kiến", "chỉ đạo", "kết luận"].iter().any(|k| find_ci(p, k).is_some())
}

/// A direction whose subject is a body, named as the table of agencies knows it even when a
/// lost space glues it to its verb ("Bộ Lao động – Thương binh và Xã hộicó văn bản …").
fn direction(text: &str) -> Option<Assignment> {
    let end = super::agencies::known_prefix_end(text)?;
    let (lead, rest) = text.split_at(end);
    ACTS.iter().any(|verb| starts_with_ci(rest.trim_start(), verb)).then(|| make(lead, rest))
}

/// The deadline a request takes from the sentence that follows it ("Báo cáo … gửi về … trước
/// ngày …"), past a note in brackets.
fn next_deadline(paras: &[String], at: usize) -> Option<chrono::NaiveDate> {
    paras.iter().skip(at + 1).take(2).take_while(|next| !is_lead_start(next)).find_map(|next| deadline_in(next))
}

/// An item that heads one body's duties, one assignment for it and the items under it (rule 2):
/// "1. Trách nhiệm của Sở Nông nghiệp và Môi trường" over "a) …", "b) …" (under an article on
/// the duties of several), or "5. Bộ trưởng Bộ Tài chính chủ trì:" over "(1) …", "(2) …".
fn item_heading(paras: &[String], at: usize) -> Option<(Assignment, usize)> {
    let (text, kind) = strip_enumerator(&paras[at]);
    if matches!(kind, Some('1' | 'a'))
        && let Some(body) = responsible_body(text)
    {
        return items_of(body, paras, at);
    }
    if kind != Some('1') || !text.trim_end().ends_with(':') {
        return None;
    }
    let lead = subject_lead(text)?;
    if !acts_after(text, &lead) {
        return None;
    }
    items_of(joint_lead(&lead), paras, at)
}

/// A plan's tables of tasks, read first as rows, and the body's prose without them.
fn tables_apart(body: &str) -> (Vec<Assignment>, std::borrow::Cow<'_, str>) {
    let (tabled, spans) = table::read_tables(body);
    if spans.is_empty() {
        return (tabled, std::borrow::Cow::Borrowed(body));
    }
    let kept: Vec<&str> = body
        .lines()
        .enumerate()
        .map(|(k, line)| if spans.iter().any(|s| s.contains(&k)) { "" } else { line })
        .collect();
    (tabled, std::borrow::Cow::Owned(kept.join("\n")))
}

/// Reads assignments from a document body.
pub(crate) fn read_assignments(body: &str, recipients: &[String]) -> Vec<Assignment> {
    let (tabled, prose) = tables_apart(body);
    let paras = paragraphs(&prose);
    let mut out = Vec::new();
    let mut section = String::new();
    // Inside an article on entry into force ("Điều 2. Hiệu lực thi hành"): its items set dates
    // and transitional arrangements, the duties come in the article on execution.
    let mut in_effect_article = false;
    // The body an article on responsibilities names ("Điều 10. Trách nhiệm của Sở Y tế").
    let mut duty_holder: Option<String> = None;
    let mut at = 0;
    while at < paras.len() {
        let para = &paras[at];
        let (text, kind) = strip_enumerator(para);
        if kind == Some('D') {
            in_effect_article = matches!(fold(text).trim_end_matches('.'), "hieu luc" | "hieu luc thi hanh");
            duty_holder = responsible_body(text);
            if duty_holder.is_some() {
                at += 1;
                continue;
            }
        } else if in_effect_article && kind.is_some() {
            at += 1;
            continue;
        }
        if let Some((assignment, next)) = item_heading(&paras, at) {
            out.push(assignment);
            at = next;
            continue;
        }
        // Under "Điều 10. Trách nhiệm của Sở Y tế" each item, or the article's one paragraph,
        // is that body's duty, unless it names a subject of its own.
        if let Some(holder) = &duty_holder
            && kind.is_none_or(|k| matches!(k, '1' | 'a' | '-'))
            && !is_lead_start(text)
            && !is_plural_lead_start(text)
            && !text.trim_end().ends_with(':')
        {
            out.push(make(holder, text));
            at += 1;
            continue;
        }
        // A section heading ("II. …") opens with a roman numeral.
        if let Some(title) = roman_heading(para) {
            section = title.to_string();
        }
        if is_generic(text) || reports_problems(text) {
            at += 1;
            continue;
        }
        if let Some((assignment, next)) = lead_block(&paras, at, &section) {
            out.push(assignment);
            at = next.max(at + 1);
            continue;
        }
        // A heading over a task's labelled lines ("b) Cơ quan thực hiện:" / "- Đơn vị chủ trì:
        // …").
        let heads_labels = match label_of(strip_all(text)) {
            Some((Label::Executor, "")) => paras.get(at + 1).is_some_and(|p| label_of(strip_all(p)).is_some()),
            Some((_, inline)) => inline.is_empty(),
            None => false,
        };
        if heads_labels || names_a_role(strip_all(text)) {
            at += 1;
            continue;
        }
        if let Some((assignment, next)) = headed_items(&paras, at) {
            out.push(assignment);
            at = next;
            continue;
        }
        if find_ci(text, "cơ quan chủ trì").is_some() {
            // "Cơ quan chủ trì, phối hợp": a heading over the blocks that follow.
            at += 1;
            continue;
        }
        if text.ends_with(':')
            && kind.is_none_or(|k| k == 'D')
            && let Some(next) = intro_items(&paras, at, recipients, &mut out)
        {
            at = next;
            continue;
        }
        if let Some(next) = directive(&paras, at, recipients, &mut out) {
            at = next;
            continue;
        }
        if at > 0
            && directions_intro(&paras[at - 1])
            && kind.is_none()
            && let Some(a) = direction(text)
        {
            out.push(a);
            at += 1;
            continue;
        }
        numbered_subject(&paras, at, &mut out);
        at += 1;
    }
    out.extend(tabled);
    // A request cut before its work ("Đề nghị Ủy ban Mặt trận … tỉnh;" at the end of a copy)
    // assigns nothing.
    // A lead that is only a head word ("Cơ quan" of "Cơ quan thực hiện thủ tục hành chính") names
    // no body.
    out.retain(|a| !a.action.is_empty() && !restates_the_document(&a.action) && !is_bare_head(&a.lead));
    out
}

fn is_bare_head(lead: &str) -> bool {
    // Words of a kind of body, never a body's name alone.
    matches!(crate::text::lowercase(lead.trim()).as_str(), "cơ quan" | "đơn vị" | "bộ phận")
}

/// Work that is only to carry out the document itself ("Thực hiện tốt nội dung trong thông
/// báo", "triển khai nghiêm túc các nội dung của Kế hoạch này"): the closing call, like the
/// clause on who executes a decision, gives no work of its own.
fn restates_the_document(action: &str) -> bool {
    let f = fold(action);
    let f = f.trim_end_matches(['.', '/', ' ']);
    let Some(rest) = ["thuc hien ", "trien khai ", "trien khai thuc hien ", "to chuc thuc hien "]
        .iter()
        .find_map(|v| f.strip_prefix(v))
    else {
        return false;
    };
    let rest =
        ["tot ", "nghiem tuc ", "nghiem tuc, hieu qua "].iter().find_map(|m| rest.strip_prefix(m)).unwrap_or(rest);
    let rest = rest.strip_prefix("cac ").unwrap_or(rest);
    // "… thực hiện các nội dung của Kế hoạch này", or the document itself ("… có trách nhiệm thực
    // hiện Quyết định này").
    let rest = match rest.strip_prefix("noi dung ") {
        Some(contents) => ["trong ", "cua ", "tai "].iter().find_map(|m| contents.strip_prefix(m)).unwrap_or(contents),
        None if rest.ends_with(" nay") => rest,
        None => return false,
    };
    let rest = ["thong bao", "ke hoach", "cong van", "van ban", "chi thi", "huong dan", "quyet dinh"]
        .iter()
        .find_map(|m| rest.strip_prefix(m));
    rest.is_some_and(|r| matches!(r.trim(), "" | "nay" | "tren" | "neu tren"))
}

/// The decisions a submission asks of the body it is submitted to.
const DECISION_VERBS: [&str; 11] = [
    " xem xét",
    " phê duyệt",
    " quyết định",
    " phê chuẩn",
    " cho phép",
    " cho ý kiến",
    " có ý kiến",
    " thông qua",
    " ban hành",
    " công nhận",
    " chấp thuận",
];

/// What a submission (Tờ trình) asks: the body it is submitted to ("Sở Nội vụ kính trình Chủ
/// tịch Ủy ban nhân dân tỉnh xem xét, quyết định", "… Ban chỉ đạo trình UBND huyện Phú Bình xem
/// xét và công nhận …"), once; the tasks its draft proposes ("Giao các sở …") are the draft's
/// content, not the submission's requests.
///
/// With `by_body` false only the polite form counts ("… kính trình Ủy ban nhân dân tỉnh xem xét,
/// phê chuẩn …" in a letter): a body that "trình" elsewhere in a letter reports a submission.
pub(crate) fn submitted_to(body: &str, by_body: bool) -> Vec<Assignment> {
    let mut out: Vec<Assignment> = Vec::new();
    // A byte test first: most letters submit nothing; a letter submits only "kính trình".
    let keys: &[&str] = if by_body { &["trình ", "TRÌNH "] } else { &["ính trình ", "ÍNH TRÌNH "] };
    if !keys.iter().any(|k| crate::text::contains_str(body, k)) {
        return out;
    }
    let mut seen: Vec<String> = Vec::new();
    for para in paragraphs(body) {
        let (text, _) = strip_enumerator(&para);
        let mut from = 0;
        while let Some(found) = find_ci(&text[from..], "trình ") {
            let at = from + found;
            from = at + "trình ".len();
            // "kính trình …", or a body submitting ("UBND huyện trình …"), not a purpose ("Để
            // trình …", "… trước khi trình …").
            let before = text[..at].trim_end();
            let clause = before.rsplit([',', '.', ';', ':']).next().unwrap_or(before).trim();
            let kinh = clause.to_lowercase().ends_with("kính");
            let by_body = by_body
                && (is_lead_start(clause) || is_plural_lead_start(clause))
                && clause.split_whitespace().count() <= 16
                && !clause.to_lowercase().ends_with("khi");
            if at > 0 && !text[..at].ends_with(' ') || !(kinh || by_body) {
                continue;
            }
            let rest = &text[from..];
            let approver = cut_at(rest, &DECISION_STOP_SET);
            let words = approver.split_whitespace().count();
            // The decision follows the body at once: what is submitted ("… trình Chính phủ dự
            // thảo Nghị định …", "… trình Chủ tịch các nội dung sau:") is no part of its name.
            let submits_matter = [" dự thảo", " nội dung", " hồ sơ", " văn bản", " đề án", " một số", " kết quả"]
                .iter()
                .any(|k| find_ci(approver, k).is_some());
            if approver.len() == rest.trim_end().trim_end_matches(['.', '/']).len()
                || !(1..=16).contains(&words)
                || !approver.starts_with(char::is_uppercase)
                || submits_matter
            {
                continue;
            }
            // The same body named short and at length ("Thường trực HĐND huyện").
            let same = fold(approver).replace("hdnd", "hoi dong nhan dan").replace("ubnd", "uy ban nhan dan");
            if seen.contains(&same) {
                continue;
            }
            seen.push(same);
            out.push(make(approver, rest));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyed(body: &str) -> Vec<(String, Vec<String>, Option<chrono::NaiveDate>)> {
        read_assignments(body, &[]).into_iter().map(|a| (a.lead, a.coordinators, a.deadline)).collect()
    }

    #[test]
    fn a_task_with_labelled_lines_is_one_assignment() {
        // The label names the body's kind, the role and the work; italics may be left over.
        let body = "1. Tuyên truyền, phổ biến pháp luật cho cán bộ, công chức.\n\nĐơn vị chủ trì thực hiện: *Các\n\
                    Sở, ngành, đơn vị, UBND cấp xã.\n\nĐơn vị phối hợp: *Sở Nội\nvụ, Sở Tư pháp.\n\n\
                    Thời gian thực hiện: *Thường\nxuyên.\n\n2. Tổ chức tập huấn chuyên sâu\n\n+ Cơ quan chủ trì: Bộ \
                    Công\nan.\n\n+ Cơ quan phối hợp: Văn\nphòng Chính phủ, Bộ Tư pháp và các cơ quan có liên quan.\n\n\
                    + Thời hạn ban hành: trước\nngày 01 tháng 01 năm 2026.\n";
        assert_eq!(
            keyed(body),
            vec![
                (
                    "Các Sở, ngành, đơn vị; UBND cấp xã".to_string(),
                    vec!["Sở Nội vụ".to_string(), "Sở Tư pháp".to_string()],
                    None
                ),
                (
                    "Bộ Công an".to_string(),
                    vec![
                        "Văn phòng Chính phủ".to_string(),
                        "Bộ Tư pháp".to_string(),
                        "các cơ quan có liên quan".to_string()
                    ],
                    chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
                ),
            ]
        );
    }

    #[test]
    fn an_executing_office_leads_only_with_its_coordinators() {
        // A plan's task: "Đơn vị thực hiện" with "Đơn vị phối hợp" under it.
        let plan = "- Nâng cao nhận thức của cán bộ.\n\nĐơn vị thực hiện: Các Sở, ngành.\n\n\
                    Đơn vị phối hợp: Sở Tư pháp.\n";
        assert_eq!(keyed(plan), vec![("Các Sở, ngành".to_string(), vec!["Sở Tư pháp".to_string()], None)]);
        // An administrative procedure's fields name offices by their role and give no work.
        let procedure = "6. Cơ quan giải quyết thủ tục hành chính:\nCơ quan trực tiếp thực hiện: Sở Nông nghiệp và \
                         Môi trường tỉnh Quảng Trị.\n7. Kết quả thực hiện thủ tục hành chính: Văn bản.\n\
                         Cơ quan thực hiện: UBND cấp xã.\nĐối tượng thực hiện: Tổ chức.\n";
        assert!(keyed(procedure).is_empty());
        // A heading over the labelled lines is no body.
        let headed = "a) Rà soát dữ liệu.\n\nb) Cơ quan thực hiện:\n\n- Đơn vị chủ trì: Sở Khoa học\nvà Công nghệ.\n\n\
                      - Đơn vị phối hợp: Các Sở, ban,\nngành.\n";
        assert_eq!(
            keyed(headed),
            vec![("Sở Khoa học và Công nghệ".to_string(), vec!["Các Sở, ban, ngành".to_string()], None)]
        );
    }

    #[test]
    fn bodies_joined_by_and_and_the_offices_named_since_2025() {
        // "và" before a body's head joins two bodies; inside one body's name it does not.
        assert_eq!(
            joint_lead("Sở Khoa học và Công nghệ và các cơ quan, đơn vị có liên quan"),
            "Sở Khoa học và Công nghệ; các cơ quan, đơn vị có liên quan"
        );
        assert_eq!(joint_lead("Ủy ban nhân dân tỉnh và Sở Tài chính"), "Ủy ban nhân dân tỉnh; Sở Tài chính");
        assert_eq!(joint_lead("Bộ Kế hoạch và Đầu tư"), "Bộ Kế hoạch và Đầu tư");
        // A collective name of kinds closed by a kind stays one.
        assert_eq!(
            joint_lead("các sở, ban, ngành, địa phương và cơ quan liên quan"),
            "các sở, ban, ngành, địa phương và cơ quan liên quan"
        );
        // The tax offices of the provinces, and an enterprise a reply asks.
        let leads: Vec<String> = read_assignments(
            "Do vậy, đề nghị Thuế tỉnh Gia Lai căn cứ các quy định để thực hiện.\n\n\
             Đề nghị doanh nghiệp căn cứ quy định, đối chiếu hồ sơ để thực hiện.\n\n\
             Cơ quan: thực hiện thủ tục hành chính.",
            &[],
        )
        .into_iter()
        .map(|a| a.lead)
        .collect();
        assert_eq!(leads, ["Thuế tỉnh Gia Lai", "doanh nghiệp"]);
    }

    #[test]
    fn labels_name_lead_coordination_and_time() {
        assert_eq!(label_of("- Cơ quan chủ trì: Sở Y tế."), Some((Label::Lead, "Sở Y tế.")));
        assert_eq!(label_of("Đơn vị chủ trì tham mưu thực hiện: *Sở Tư pháp."), Some((Label::Lead, "Sở Tư pháp.")));
        assert_eq!(label_of("+ Đơn vị phối hợp thực hiện:"), Some((Label::Coordination, "")));
        assert_eq!(label_of("Tiến độ hoàn thành: Quý IV/2026"), Some((Label::Time, "Quý IV/2026")));
        assert_eq!(label_of("Cơ quan thực hiện: UBND cấp xã."), Some((Label::Executor, "UBND cấp xã.")));
        // A sentence that holds the words is no label.
        assert_eq!(label_of("Sở Y tế chủ trì, phối hợp với các đơn vị: …"), None);
        assert_eq!(label_of("Cơ quan chủ trì, phối hợp"), None);
    }

    /// The search as first written: every character lower-cased, every offset tried.
    fn find_ci_plainly(hay: &str, needle: &str) -> Option<usize> {
        let needle: Vec<char> = needle.chars().flat_map(char::to_lowercase).collect();
        hay.char_indices().map(|(i, _)| i).find(|i| {
            let mut it = hay[*i..].chars().flat_map(char::to_lowercase);
            needle.iter().all(|n| it.next() == Some(*n))
        })
    }

    #[test]
    fn a_heading_that_names_a_body_gives_it_the_items_under_it() {
        let out = read_assignments(
            "UBND thành phố yêu cầu các Sở, ngành thực hiện một số nội dung sau:\n1. Bảo hiểm xã hội thành phố Hà Nội\n\
             - Tiếp tục phân tích dữ liệu chi phí; phối hợp với Sở Y tế làm việc với cơ sở.\n- Nâng cao hiệu quả giám định.\n\
             2. Sở Y tế Hà Nội\n- Chỉ đạo các cơ sở thực hiện nghiêm các Chỉ thị.\n\
             Điều 2. Tổ chức thực hiện:\n2 - Sở Lao động, Thương binh và Xã hội có trách nhiệm.\n- Quản lý chặt chẽ đối tượng;\n\
             - Chủ trì phối hợp với Sở Tài chính, Sở Kế hoạch và Đầu tư hướng dẫn cấp huyện;\n\
             - Ủy ban nhân dân các huyện, thành phố:\n- Quản lý đối tượng bảo trợ xã hội trên địa bàn.\n",
            &[],
        );
        let got: Vec<(&str, Vec<&str>)> =
            out.iter().map(|a| (a.lead.as_str(), a.coordinators.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            got,
            [
                ("Bảo hiểm xã hội thành phố Hà Nội", vec!["Sở Y tế"]),
                ("Sở Y tế Hà Nội", vec![]),
                ("Sở Lao động, Thương binh và Xã hội", vec!["Sở Tài chính", "Sở Kế hoạch và Đầu tư"]),
                ("Ủy ban nhân dân các huyện, thành phố", vec![]),
            ]
        );
        assert!(out[0].action.starts_with("Tiếp tục phân tích dữ liệu chi phí"));
    }

    #[test]
    fn an_enterprise_a_letter_answers_is_asked_as_a_body_is() {
        let out = read_assignments(
            "Do vậy, đề nghị Công ty căn cứ quy định tại Nghị định số 69/2018/NĐ-CP xác định chính sách.",
            &[],
        );
        assert_eq!(out.iter().map(|a| a.lead.as_str()).collect::<Vec<_>>(), ["Công ty"]);
    }

    #[test]
    fn bodies_that_open_the_sentence_announcing_the_work_lead_its_items() {
        let out = read_assignments(
            "I. Nhiệm vụ chung\nBan Chỉ huy Phòng, chống thiên tai các ngành, các cấp, Thủ trưởng các sở, ban, ngành tỉnh, \
             Chủ tịch UBND các huyện, thị xã và thành phố tập trung thực hiện một số công việc sau:\n\
             - Khẩn trương hoàn thành tổng kết công tác phòng chống thiên tai năm 2014 trước ngày 20/4/2015.",
            &[],
        );
        assert_eq!(out.len(), 1, "{out:?}");
        assert!(out[0].lead.starts_with("Ban Chỉ huy Phòng, chống thiên tai"));
        assert_eq!(out[0].deadline, chrono::NaiveDate::from_ymd_opt(2015, 4, 20));
        // An item of a second level ("1.1.") is an item of its own, not part of the one above.
        assert_eq!(
            strip_enumerator("1.1. Các sở giáo dục và đào tạo kiện toàn Ban tổ chức."),
            ("Các sở giáo dục và đào tạo kiện toàn Ban tổ chức.", Some('2'))
        );
    }

    #[test]
    fn bodies_right_after_phoi_hop_coordinate_without_voi() {
        assert_eq!(
            coordinators_in("Phối hợp Văn phòng UBND tỉnh (Trung tâm Thông tin tỉnh) công khai Quyết định trên Cổng"),
            ["Văn phòng UBND tỉnh (Trung tâm Thông tin tỉnh)"]
        );
        assert_eq!(
            coordinators_in("phối hợp các sở, ban, ngành tỉnh theo dõi, cập nhật quy định"),
            ["các sở, ban, ngành tỉnh"]
        );
        assert!(coordinators_in("phối hợp chặt chẽ trong việc triển khai").is_empty());
        // A body with its own name, then bodies in the plural: one entry each; plurals listed
        // together stay one.
        assert_eq!(
            coordinators_in("phối hợp Sở Văn hóa, Thể thao và Du lịch, các cơ quan, đơn vị liên quan cập nhật"),
            ["Sở Văn hóa, Thể thao và Du lịch", "các cơ quan, đơn vị liên quan"]
        );
        assert_eq!(coordinators_in("phối hợp với các ngành, các cấp thực hiện"), ["các ngành, các cấp"]);
        assert_eq!(
            coordinators_in("phối hợp với Sở Tài chính và cơ quan, đơn vị liên quan cập nhật"),
            ["Sở Tài chính", "cơ quan, đơn vị liên quan"]
        );
        // The comma lost between the known name and the plural.
        assert_eq!(
            coordinators_in("phối hợp với Sở Văn hóa, Thể thao và Du lịch các cơ quan, đơn vị có liên quan thiết lập"),
            ["Sở Văn hóa, Thể thao và Du lịch", "các cơ quan, đơn vị có liên quan"]
        );
    }

    #[test]
    fn an_intros_joint_work_shared_out_among_its_bodies() {
        let out = read_assignments(
            "Điều 2. Giao Sở Tài chính, Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Văn phòng UBND tỉnh, các cơ \
             quan, đơn vị liên quan xây dựng quy trình nội bộ, cụ thể:\n\
             - Sở Tài chính đối với thủ tục hành chính số 03 tại Danh mục kèm theo;\n\
             - Sở Nông nghiệp và Môi trường đối với thủ tục hành chính số 01, 02 tại Danh mục kèm theo.",
            &[],
        );
        let got: Vec<(&str, Vec<&str>)> =
            out.iter().map(|a| (a.lead.as_str(), a.coordinators.iter().map(String::as_str).collect())).collect();
        let coordinators = vec!["Văn phòng UBND tỉnh", "các cơ quan, đơn vị liên quan"];
        assert_eq!(got, [("Sở Tài chính", coordinators.clone()), ("Sở Nông nghiệp và Môi trường", coordinators)]);
    }

    #[test]
    fn work_given_after_the_closing_clause_or_by_a_later_sentence_is_read() {
        let out = read_assignments(
            "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký. Giao Sở Giáo dục và Đào tạo chủ trì, phối hợp \
             với đơn vị có liên quan công khai thủ tục hành chính nội bộ.\n\
             Điều 3. Bộ Công Thương chịu trách nhiệm về số liệu báo cáo. Bộ Nông nghiệp và Môi trường chủ trì, phối hợp \
             với các bộ, ngành liên quan thực hiện cấp phép hoạt động khoáng sản.",
            &[],
        );
        let got: Vec<(&str, Vec<&str>)> =
            out.iter().map(|a| (a.lead.as_str(), a.coordinators.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            got,
            [
                ("Sở Giáo dục và Đào tạo", vec!["đơn vị có liên quan"]),
                ("Bộ Công Thương", vec![]),
                ("Bộ Nông nghiệp và Môi trường", vec!["các bộ, ngành liên quan"])
            ]
        );
    }

    #[test]
    fn items_under_an_intro_that_gives_work_are_their_bodies_shares() {
        let out = read_assignments(
            "Điều 2. Giao\ncác cơ quan, địa phương:\n1. Sở Tài chính chủ trì, phối\nhợp với Văn phòng UBND tỉnh:\n\
             Xây dựng quy trình điện tử trong giải quyết TTHC\ntheo nội dung phê duyệt.\n2. Sở Tài chính, UBND các \
             xã, phường niêm yết\ncông khai tại Trung tâm Phục vụ hành chính công.\nĐiều 3. Quyết định này\ncó hiệu \
             lực kể từ ngày ký.",
            &[],
        );
        let got: Vec<(&str, &str)> = out.iter().map(|a| (a.lead.as_str(), a.action.as_str())).collect();
        assert_eq!(
            got,
            [
                ("Sở Tài chính", "Xây dựng quy trình điện tử trong giải quyết TTHC theo nội dung phê duyệt"),
                ("Sở Tài chính; UBND các xã, phường", "Niêm yết công khai tại Trung tâm Phục vụ hành chính công")
            ]
        );
    }

    #[test]
    fn an_answer_asks_the_enterprise_to_contact_an_office() {
        let out = read_assignments(
            "Cục Thuế trả lời để Công ty biết và đề nghị Công ty Cổ phần A liên hệ với Thuế tỉnh Phú Thọ để được hướng dẫn.",
            &[],
        );
        let leads: Vec<&str> = out.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(leads, ["Công ty Cổ phần A"]);
    }

    #[test]
    fn a_deadline_is_the_date_the_work_is_due() {
        let d = chrono::NaiveDate::from_ymd_opt;
        assert_eq!(deadline_in("Gửi báo cáo trước ngày 15/12/2024."), d(2024, 12, 15));
        assert_eq!(deadline_in("niêm yết danh sách cử tri chậm nhất là ngày 4 tháng 3 năm 2021"), d(2021, 3, 4));
        assert_eq!(deadline_in("Hoàn thành chậm nhất vào ngày 20/5/2024"), d(2024, 5, 20));
        assert_eq!(deadline_in("Thực hiện từ ngày 01/01/2019 theo Công văn ngày 02/3/2018"), None);
    }

    #[test]
    fn a_paragraph_whose_subject_is_given_a_duty_is_an_assignment() {
        let out = read_assignments(
            "Điều 2. Căn cứ nội dung kế hoạch đã được phê duyệt, Sở Tài chính xem xét, trình Ủy ban nhân dân tỉnh cấp kinh phí.\n\
             Sở Nông nghiệp và Phát triển nông thôn có trách nhiệm chỉ đạo Chi cục Kiểm lâm tổ chức thực hiện.\n\
             Sở Y tế đã tổ chức 12 lớp tập huấn trong năm.\n\
             Trường hợp không có văn bằng thì phải có giấy xác nhận của cơ sở đào tạo.\n\
             UBND xã chỉ xem xét đơn thư gửi đến qua bưu điện.",
            &[],
        );
        let leads: Vec<&str> = out.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(leads, ["Sở Tài chính", "Sở Nông nghiệp và Phát triển nông thôn"]);
        assert_eq!(out[0].action, "Xem xét, trình Ủy ban nhân dân tỉnh cấp kinh phí");
    }

    #[test]
    fn collective_names_are_one_lead_each() {
        assert_eq!(
            joint_lead(
                "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ, Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương (sau đây gọi là bộ, ngành, địa phương)"
            ),
            "các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ; Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"
        );
        assert_eq!(joint_lead("Bộ Tài chính, Bộ Kế hoạch và Đầu tư"), "Bộ Tài chính; Bộ Kế hoạch và Đầu tư");
        let out = read_assignments(
            "Điều 2. Sở Y tế chủ trì, phối hợp với Sở Tài chính tổ chức thực hiện, đạt mục đích, yêu cầu đề ra.",
            &[],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Sở Y tế");
    }

    #[test]
    fn a_numbered_item_saying_what_a_body_must_do_is_its_duty() {
        let out = read_assignments(
            "Phòng Văn hóa thông báo lịch nghỉ Tết như sau:\n1. Các cơ quan nghỉ từ ngày 28/01/2025.\n\
             2. Trưởng các thôn phải cử người trực bảo vệ trong những ngày nghỉ.",
            &[],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Trưởng các thôn");
        assert_eq!(out[0].action, "Cử người trực bảo vệ trong những ngày nghỉ");
    }

    #[test]
    fn opinions_asked_of_the_district_committees_are_their_work() {
        let out = read_assignments(
            "Để hoàn thiện dự thảo Quy chế, Sở Nội vụ đề nghị các UBND huyện, thành phố tham gia ý kiến bằng văn bản.",
            &[],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "các UBND huyện, thành phố");
        assert_eq!(out[0].action, "Tham gia ý kiến bằng văn bản");
    }

    #[test]
    fn a_polite_request_asks_as_a_request_does() {
        let out = read_assignments("Rất mong Sở Xây dựng xem xét, cho ý kiến trước ngày 20/5/2024./.", &[]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Sở Xây dựng");
        assert_eq!(out[0].deadline, chrono::NaiveDate::from_ymd_opt(2024, 5, 20));
        let inner = read_assignments("Ban Thường trực kính mong các đồng chí Trưởng thôn tham gia góp ý.", &[]);
        assert_eq!(inner.len(), 1);
        assert_eq!(inner[0].lead, "các đồng chí Trưởng thôn");
    }

    #[test]
    fn a_request_naming_nobody_asks_each_item_of_the_bodies_it_opens_with() {
        let out = read_assignments(
            "Do mưa lớn kéo dài, Phòng Giáo dục yêu cầu:\n1. Các trường mầm non tổ chức cho trẻ nghỉ học \
             đến hết tuần.\n2. Báo cáo tình hình thiệt hại về Phòng trước ngày 10/11/2024.\n\
             Đề nghị các đơn vị chấp hành nghiêm túc./.",
            &[],
        );
        let leads: Vec<&str> = out.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(leads, ["Các trường mầm non", "Các trường mầm non"]);
        assert_eq!(out[1].deadline, chrono::NaiveDate::from_ymd_opt(2024, 11, 10));
    }

    #[test]
    fn a_body_given_work_over_dash_items_has_one_duty_per_item() {
        let out = read_assignments(
            "Điều 2. Tổ chức thực hiện\n1. Giao Sở Y tế:\n- Chủ trì hướng dẫn các cơ sở thực hiện Quy định;\n\
             - Phối hợp với Sở Tài chính kiểm tra việc thu phí.\n2. Sở Tài chính có trách nhiệm bố trí kinh phí.",
            &[],
        );
        let leads: Vec<&str> = out.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(leads, ["Sở Y tế", "Sở Y tế", "Sở Tài chính"]);
        assert_eq!(out[1].coordinators, ["Sở Tài chính"]);
    }

    #[test]
    fn an_article_on_one_body_responsibilities_gives_it_each_item() {
        let out = read_assignments(
            "Điều 10. Trách nhiệm của Sở Nội vụ\n1. Chủ trì hướng dẫn, kiểm tra việc thực hiện Quy định này.\n\
             2. Tổng hợp, báo cáo kết quả trước ngày 15/12 hằng năm.\n\
             Điều 11. Trách nhiệm của các cơ quan, đơn vị\n1. Sở Tài chính có trách nhiệm bố trí kinh phí thực hiện.",
            &[],
        );
        let leads: Vec<&str> = out.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(leads, ["Sở Nội vụ", "Sở Nội vụ", "Sở Tài chính"]);
    }

    #[test]
    fn the_article_on_entry_into_force_assigns_nothing() {
        let body = "Điều 2. Hiệu lực thi hành\n\n1. Quyết định này có hiệu lực từ ngày ký.\n\n\
                    2. Các cơ quan theo chức năng khẩn trương thực hiện việc chuẩn bị để bộ máy mới hoạt động từ ngày 01/7/2026.\n\n\
                    Điều 3. Tổ chức thực hiện\n\n1. Giao Sở Nội vụ chủ trì rà soát, báo cáo trước ngày 15/8/2026.";
        let out = read_assignments(body, &[]);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Sở Nội vụ");
        assert_eq!(out[0].deadline, chrono::NaiveDate::from_ymd_opt(2026, 8, 15));
    }

    #[test]
    fn a_committee_directing_bodies_in_the_plural_asks_them_for_the_work() {
        let leads = |body: &str| read_assignments(body, &[]).into_iter().map(|a| a.lead).collect::<Vec<_>>();
        assert_eq!(
            leads(
                "Theo đó, UBND tỉnh chỉ đạo các sở, ban, ngành, đoàn thể tỉnh và UBND cấp huyện, tích cực hưởng ứng \
                 chiến dịch truyền thông."
            ),
            ["các sở, ban, ngành, đoàn thể tỉnh; UBND cấp huyện"]
        );
        assert_eq!(
            leads("Theo đó, UBND tỉnh đã chỉ đạo các sở, ban, ngành; UBND các huyện chủ động tổ chức tuyên truyền."),
            ["các sở, ban, ngành; UBND các huyện"]
        );
        // A body directing in its own field does its own work; "phải" ends the lead.
        assert!(leads("Sở Y tế chỉ đạo các bệnh viện tăng cường khám chữa bệnh.").iter().all(|l| l != "các bệnh viện"));
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu các cấp, ngành liên quan phải tăng cường sự lãnh đạo."),
            ["các cấp, ngành liên quan"]
        );
        // A report of the direction given in a past period asks nothing.
        assert!(
            leads("Trong quý I/2024, UBND tỉnh chỉ đạo các sở, ngành tháo gỡ khó khăn cho doanh nghiệp.").is_empty()
        );
    }

    #[test]
    fn kinds_of_addressee_listed_with_commas_and_va() {
        let leads = |body: &str| read_assignments(body, &[]).into_iter().map(|a| a.lead).collect::<Vec<_>>();
        assert_eq!(
            leads(
                "UBND tỉnh yêu cầu, Ban Chỉ đạo Dân số và phát triển tỉnh, các sở, ban, ngành, UBND huyện, thị xã, \
                 thành phố, UBMTTQ Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh quán triệt các giải pháp."
            ),
            ["Ban Chỉ đạo Dân số và phát triển tỉnh; các sở, ban, ngành; UBND huyện, thị xã, thành phố; \
                 UBMTTQ Việt Nam tỉnh; các tổ chức chính trị - xã hội tỉnh"]
        );
        assert_eq!(
            leads(
                "Sở đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, các Sở, ban, ngành, đoàn thể tỉnh và Ủy ban nhân \
                 dân các huyện, thị xã, thành phố thực hiện một số nội dung cụ thể."
            ),
            ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh; các Sở, ban, ngành, đoàn thể tỉnh; Ủy ban nhân dân các \
                 huyện, thị xã, thành phố"]
        );
        assert_eq!(
            joint_lead("các Sở, ban ngành, đoàn thể tỉnh, UBND các huyện, thị xã, thành phố"),
            "các Sở, ban ngành, đoàn thể tỉnh; UBND các huyện, thị xã, thành phố"
        );
        // A body whose own name holds "và" stays whole.
        assert_eq!(joint_lead("Sở Tài chính, Sở Kế hoạch và Đầu tư"), "Sở Tài chính; Sở Kế hoạch và Đầu tư");
    }

    #[test]
    fn a_lead_before_a_colon_and_a_request_cut_before_its_work() {
        let out = read_assignments(
            "Giao Sở Văn hóa, Thể thao và Du lịch: Chủ trì hướng dẫn các hoạt động tuyên truyền.\n\n\
             Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các Đoàn thể tỉnh;",
            &[],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Sở Văn hóa, Thể thao và Du lịch");
        assert_eq!(out[0].action, "Hướng dẫn các hoạt động tuyên truyền");
    }

    #[test]
    fn closing_requests_joint_subjects_and_a_requested_body_before_a_colon() {
        let out = read_assignments(
            "Điều 7. Tổ chức thực hiện\n\n\
             1. Bộ Quốc phòng, Bộ Lao động - Thương binh và Xã hội, Bộ Tài chính hướng dẫn thực hiện chế độ \
             đối với quân nhân.\n\n\
             2. Đề nghị Hội Cựu TNXP Việt Nam: Tổ chức tuyên truyền phổ biến chế độ, chính sách.\n\n\
             Trong quá trình thực hiện, nếu có vướng mắc, đề nghị các cơ quan, đơn vị phản ánh về Bộ Tài chính \
             để xem xét, giải quyết.",
            &[],
        );
        let leads: Vec<&str> = out.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(
            leads,
            ["Bộ Quốc phòng; Bộ Lao động - Thương binh và Xã hội; Bộ Tài chính", "Hội Cựu TNXP Việt Nam"]
        );
        assert!(reports_problems("Trong quá trình triển khai thực hiện nếu có khó khăn, vướng mắc đề nghị phản ánh"));
        assert!(!reports_problems("Trong quá trình thực hiện, Sở Tài chính chủ trì kiểm tra."));
    }

    #[test]
    fn an_item_heading_one_body_s_duties_under_an_article_on_several_is_one_assignment() {
        let out = read_assignments(
            "Điều 2. Trách nhiệm của Sở Nông nghiệp và Môi trường; Uỷ ban nhân dân các xã, phường\n\n\
             1. Trách nhiệm của Sở Nông nghiệp và\nMôi trường\n\n\
             a) Tổ chức triển khai thực hiện danh mục thủ tục hành chính;\n\n\
             b) Rà soát điều kiện thực hiện, phối hợp với Văn phòng UBND tỉnh xây dựng quy trình.\n\n\
             2. Trách nhiệm của Ủy ban nhân dân\ncác xã, phường\n\na) Tổ chức tiếp nhận hồ sơ;\n\n\
             b) Chuyển hồ sơ đầy đủ đến cơ quan có thẩm quyền.",
            &[],
        );
        let got: Vec<(&str, Vec<&str>)> =
            out.iter().map(|a| (a.lead.as_str(), a.coordinators.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            got,
            [("Sở Nông nghiệp và Môi trường", vec!["Văn phòng UBND tỉnh"]), ("Ủy ban nhân dân các xã, phường", vec![])]
        );
        // A dispatch's numbered items: offices asked by title, any verb of a campaign, work
        // given by "Phân công", and an item worded as a heading over its own items.
        let leads =
            |body: &str| read_assignments(body, &[]).into_iter().map(|a| (a.lead, a.deadline)).collect::<Vec<_>>();
        assert_eq!(
            leads(
                "1. Thống đốc Ngân hàng Nhà nước Việt Nam chỉ đạo các ngân hàng giãn nợ.\n\n\
                 2. Bộ trưởng Bộ Tài chính chủ trì:\n(1) Rà soát thiệt hại, báo cáo trước ngày 26/11/2025;\n\
                 (2) Phối hợp với Bộ Nông nghiệp và Môi trường hoàn thiện dự thảo.\n\n\
                 3. Các cơ quan truyền thông, báo chí tiếp tục bám sát địa bàn.\n\n\
                 4. Phân công các đồng chí Phó Thủ tướng Chính phủ theo dõi các tỉnh.\n\n\
                 5. Văn phòng Chính phủ theo dõi, đôn đốc việc thực hiện Công điện này."
            ),
            [
                ("Thống đốc Ngân hàng Nhà nước Việt Nam".to_string(), None),
                ("Bộ trưởng Bộ Tài chính".to_string(), chrono::NaiveDate::from_ymd_opt(2025, 11, 26)),
                ("Các cơ quan truyền thông, báo chí".to_string(), None),
                ("các đồng chí Phó Thủ tướng Chính phủ".to_string(), None),
                ("Văn phòng Chính phủ".to_string(), None),
            ]
        );
        assert_eq!(
            leads("4. Bộ trưởng các Bộ: Quốc phòng, Công an chủ động bố trí lực lượng hỗ trợ địa phương."),
            [("Bộ trưởng các Bộ: Quốc phòng, Công an".to_string(), None)]
        );
        // A body beside the laws a catalogue's procedure rests on handles the procedure.
        assert!(
            read_assignments("UBND cấp xã\n\n- Luật Bảo vệ môi trường năm 2020;\n\n- Nghị định số 08/2022/NĐ-CP;", &[])
                .is_empty()
        );
        // "Dự thảo văn bản đề nghị UBND tỉnh xem xét …": a step of a procedure names a paper, it
        // asks nothing.
        assert!(
            read_assignments("Dự thảo văn bản đề nghị UBND tỉnh xem xét, ban hành văn bản trả lời.", &[]).is_empty()
        );
    }

    #[test]
    fn a_requested_body_ends_with_the_place_it_serves() {
        let leads = |body: &str| read_assignments(body, &[]).into_iter().map(|a| a.lead).collect::<Vec<_>>();
        assert_eq!(
            leads(
                "Đề nghị Thuế thành phố Huế đối chiếu với quy định của pháp luật về người có công, chính sách về \
                 bồi thường, hỗ trợ tái định cư để phối hợp với các cơ quan liên quan."
            ),
            ["Thuế thành phố Huế"]
        );
        assert_eq!(cut_after_place("UBND tỉnh Bà Rịa - Vũng Tàu rà soát lại"), "UBND tỉnh Bà Rịa - Vũng Tàu");
        // A known agency's name ends the lead before any verb.
        assert_eq!(cut_after_name("Bộ Nội vụ thẩm định"), "Bộ Nội vụ");
        assert_eq!(cut_after_name("Sở Nội vụ kịp thời"), "Sở Nội vụ");
        assert_eq!(cut_after_name("Sở Y tế tỉnh Lào Cai"), "Sở Y tế tỉnh Lào Cai");
        assert_eq!(cut_after_name("Hội Nông dân cấp xã"), "Hội Nông dân cấp xã");
        // A word that joins another body, or a lower level of the place, is not the verb.
        assert_eq!(cut_after_place("UBND tỉnh Gia Lai và các sở"), "UBND tỉnh Gia Lai và các sở");
        assert_eq!(cut_after_place("UBND xã Phú Hòa huyện Chư Păh"), "UBND xã Phú Hòa huyện Chư Păh");
        assert_eq!(
            cut_after_place("Phó Chủ tịch Văn xã Ủy ban nhân dân 13 phường"),
            "Phó Chủ tịch Văn xã Ủy ban nhân dân 13 phường"
        );
        // A level in small letters with no place's name after it ("thành phố trực thuộc Trung
        // ương") ends nothing.
        assert_eq!(
            cut_after_place("UBND các tỉnh, thành phố trực thuộc Trung ương"),
            "UBND các tỉnh, thành phố trực thuộc Trung ương"
        );
    }

    #[test]
    fn a_lead_ends_at_any_verb_of_administrative_work() {
        let leads = |body: &str| read_assignments(body, &[]).into_iter().map(|a| a.lead).collect::<Vec<_>>();
        assert_eq!(
            leads(
                "Bộ Văn hóa, Thể thao và Du lịch đề nghị Sở Văn hóa, Thể thao và Du lịch tỉnh Phú Thọ có văn bản \
                 xin ý kiến của Ủy ban nhân dân tỉnh."
            ),
            ["Sở Văn hóa, Thể thao và Du lịch tỉnh Phú Thọ"]
        );
        // A board's name holds "chỉ đạo" in small letters.
        assert_eq!(
            leads("Chủ tịch UBND tỉnh yêu cầu các thành viên Ban chỉ đạo phòng, chống dịch thực hiện quyết liệt."),
            ["các thành viên Ban chỉ đạo phòng, chống dịch"]
        );
    }

    #[test]
    fn bodies_listed_with_their_levels_and_with_commas_in_their_names() {
        let out = read_assignments(
            "Bộ trân trọng đề nghị các đơn vị, các Sở Văn hóa, Thể thao và Du lịch các tỉnh, thành phố, các bảo \
             tàng, các điểm di tích cùng hưởng ứng, tổ chức giới thiệu.",
            &[],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].lead,
            "các đơn vị; các Sở Văn hóa, Thể thao và Du lịch các tỉnh, thành phố; các bảo tàng; các điểm di tích"
        );
        assert_eq!(out[0].action, "Cùng hưởng ứng, tổ chức giới thiệu");
        assert_eq!(
            joint_lead("Ủy ban nhân dân các quận, huyện, thị xã và các cơ sở giáo dục trực thuộc Sở"),
            "Ủy ban nhân dân các quận, huyện, thị xã; các cơ sở giáo dục trực thuộc Sở"
        );
    }

    #[test]
    fn a_call_to_carry_out_the_document_itself_is_no_work() {
        assert!(restates_the_document("Thực hiện tốt nội dung trong thông báo."));
        assert!(restates_the_document("Triển khai nghiêm túc các nội dung của Kế hoạch này"));
        assert!(restates_the_document("Thực hiện Quyết định này./."));
        assert!(!restates_the_document("Thực hiện Quyết định số 12/QĐ-UBND về tuyên truyền"));
        assert!(!restates_the_document("Thực hiện tốt nội dung tuyên truyền về bình đẳng giới"));
        let out = read_assignments(
            "Trên đây là thông báo của UBND phường, đề nghị các ban ngành liên quan, các tổ dân phố thực hiện tốt \
             nội dung trong thông báo.",
            &[],
        );
        assert!(out.is_empty(), "{out:?}");
        // A list of who a decree applies to assigns nothing.
        assert!(read_assignments("3. Các tổ chức, cá nhân khác có liên quan.", &[]).is_empty());
    }

    #[test]
    fn a_submission_asks_the_body_it_is_submitted_to_once() {
        let body = "1. Giao các sở, ngành tổ chức thực hiện Đề án.\n\
                    Sở Nội vụ kính trình Chủ tịch Ủy ban nhân dân tỉnh các nội dung sau:\n\
                    Kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, quyết định./.";
        let out = submitted_to(body, true);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Chủ tịch Ủy ban nhân dân tỉnh");
        assert_eq!(out[0].action, "Xem xét, quyết định");
        // A body submitting; a purpose or the matter submitted is none.
        let out = submitted_to(
            "Để trình UBND tỉnh phân bổ chỉ tiêu, Ủy ban nhân dân huyện trình Thường trực Hội đồng nhân dân \
             huyện xem xét thống nhất chủ trương.\nKính trình Thường trực HĐND huyện xem xét./.\n\
             Văn phòng Chính phủ trình Chính phủ dự thảo Nghị định ban hành Quy chế.",
            true,
        );
        let leads: Vec<&str> = out.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(leads, ["Thường trực Hội đồng nhân dân huyện"]);
        // In a letter only the polite form submits.
        assert!(
            submitted_to("Ủy ban nhân dân huyện trình Thường trực Hội đồng nhân dân huyện xem xét.", false).is_empty()
        );
        assert_eq!(submitted_to("Nay Sở Tư pháp kính trình Ủy ban nhân dân tỉnh xem xét, phê chuẩn.", false).len(), 1);
    }

    #[test]
    fn a_clause_on_the_matter_before_the_body_that_gives_work() {
        let out = read_assignments(
            "Về nội dung nêu trên, Thủ tướng Chính phủ giao Bộ Kế hoạch và Đầu tư theo chức năng, nhiệm vụ được \
             giao, nghiên cứu, có giải pháp phù hợp.",
            &[],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Bộ Kế hoạch và Đầu tư");
        let out = read_assignments(
            "Bộ Y tế đề nghị Đ/c Chủ tịch UBND tỉnh, thành phố tiếp tục chỉ đạo thực hiện một số nội dung sau:\n\
             1. Đầu tư cơ sở hạ tầng.\n2. Chỉ đạo Sở Y tế thực hiện nghiêm túc.",
            &[],
        );
        let leads: Vec<&str> = out.iter().map(|a| a.lead.as_str()).collect();
        assert_eq!(leads, ["Đ/c Chủ tịch UBND tỉnh, thành phố", "Đ/c Chủ tịch UBND tỉnh, thành phố"]);
    }

    #[test]
    fn work_given_after_long_grounds_and_within_the_bounds_of_functions() {
        let out = read_assignments(
            "Thực hiện Công văn số 202/BTTTT-KHTC ngày 21/01/2025 về việc góp ý dự thảo Quyết định (được gửi trên \
             Hệ thống quản lý văn bản), Chủ tịch UBND tỉnh giao Sở Thông tin và Truyền thông chủ trì tổng hợp, báo \
             cáo (trước ngày 10/02/2025)./.",
            &[],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Sở Thông tin và Truyền thông");
        // Work given before is reported, not given.
        assert!(
            read_assignments(
                "Tại công văn số 8014/VPCP-KGVX, Phó Thủ tướng Nguyễn Thiện Nhân đã giao Bộ Lao động - Thương binh \
                 và Xã hội xây dựng Thông tư.",
                &[]
            )
            .is_empty()
        );
        let out = read_assignments(
            "Điều 6. Tổ chức thực hiện\n1. Trung tâm Công nghệ thông tin căn cứ chức năng, nhiệm vụ được giao điều \
             chỉnh các phần mềm nghiệp vụ.",
            &[],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].lead, "Trung tâm Công nghệ thông tin");
        assert_eq!(out[0].action, "Điều chỉnh các phần mềm nghiệp vụ");
    }

    #[test]
    fn lower_case_facts_the_search_relies_on() {
        for c in (0x80..=0x0010_FFFF).filter_map(char::from_u32) {
            let mut lower = c.to_lowercase();
            let first = lower.next();
            let listed = LOWERS_TO_ASCII.iter().any(|(k, l)| *k == c && first == Some(*l));
            assert_eq!(first.is_some_and(|l| l.is_ascii()), listed, "U+{:04X}", u32::from(c));
            assert_eq!(lower.next().is_some(), c == LONG_LOWER, "U+{:04X}", u32::from(c));
        }
    }

    #[test]
    fn case_insensitive_search_finds_what_the_plain_search_finds() {
        let hays = [
            "Giao Sở Tài chính CHỦ TRÌ, PHỐI HỢP với Sở Y tế",
            "CƠ QUAN CHỦ TRÌ: Sở Nội vụ",
            "xİİy \u{212A}ey İ",
            "",
            "Đề nghị các bộ; đề nghị",
        ];
        let needles = ["chủ trì", "phối hợp", " đề nghị ", "đề nghị", "i̇y", "ky", "k", "i", "cơ quan chủ trì", " "];
        for hay in hays {
            for needle in needles {
                assert_eq!(find_ci(hay, needle), find_ci_plainly(hay, needle), "{hay:?} {needle:?}");
                assert_eq!(
                    starts_with_ci(hay, needle),
                    hay.to_lowercase().starts_with(&needle.to_lowercase()),
                    "{hay:?} {needle:?}"
                );
            }
        }
    }
}
