//! SMS encoding and segment arithmetic (GSM 03.38 / 3GPP TS 23.038): which alphabet a text needs, what it costs in units, and how many concatenated parts it is sent as.

/// The alphabet a message is sent in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Encoding {
    #[serde(rename = "GSM-7")]
    Gsm7,
    #[serde(rename = "UCS-2")]
    Ucs2,
}

impl Encoding {
    /// Units one part holds when the message fits in a single part (no concatenation header).
    pub const fn single_part(self) -> u32 {
        match self {
            Encoding::Gsm7 => 160,
            Encoding::Ucs2 => 70,
        }
    }

    /// Units each part holds once the message is split: the 6-byte concatenation header
    /// takes 7 septets (GSM-7) or 3 UTF-16 units (UCS-2) out of every part.
    pub const fn multi_part(self) -> u32 {
        match self {
            Encoding::Gsm7 => 153,
            Encoding::Ucs2 => 67,
        }
    }

    /// Per-part capacity for a message of `segments` parts.
    pub const fn per_segment(self, segments: u32) -> u32 {
        if segments <= 1 {
            self.single_part()
        } else {
            self.multi_part()
        }
    }
}

/// What a text costs as an SMS.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsInfo {
    pub encoding: Encoding,
    /// Septets (GSM-7) or UTF-16 code units (UCS-2), without headers or padding.
    pub units: u32,
    pub segments: u32,
    pub per_segment: u32,
    /// Distinct characters that forced UCS-2, in order of first appearance; empty for
    /// GSM-7. (Serialised as one-character strings.)
    pub non_gsm: Vec<char>,
}

/// Encoding, units and segment count of `text`.
pub fn sms_info(text: &str) -> SmsInfo {
    // Every rendered SMS goes through here, so deduplication avoids hashing and
    // per-character allocation: a short list searched in place for the few distinct
    // characters a message has (a zeroed 8 KiB bitset per SMS was a tenth of a batch's
    // time), then a bitset for the Basic Multilingual Plane and a set for the characters
    // beyond it, so that a text of many distinct characters stays linear.
    const LINEAR: usize = 48;
    let mut non_gsm: Vec<char> = Vec::new();
    let mut filter = [0u64; 16];
    let mut seen_bmp: Vec<u64> = Vec::new();
    let mut seen_beyond: std::collections::HashSet<char> = Default::default();
    for c in text.chars() {
        if gsm_cost(c).is_some() {
            continue;
        }
        let new = if non_gsm.len() < LINEAR {
            // A 1024-bit filter on the low bits: most characters are new and need no search.
            let (word, bit) = ((c as usize / 64) % 16, 1u64 << (c as usize % 64));
            let maybe_seen = filter[word] & bit != 0;
            filter[word] |= bit;
            !(maybe_seen && non_gsm.contains(&c))
        } else {
            if seen_bmp.is_empty() {
                seen_bmp = vec![0; 0x10000 / 64];
                for &seen in &non_gsm {
                    mark(&mut seen_bmp, &mut seen_beyond, seen);
                }
            }
            mark(&mut seen_bmp, &mut seen_beyond, c)
        };
        if new {
            non_gsm.push(c);
        }
    }
    let encoding = if non_gsm.is_empty() {
        Encoding::Gsm7
    } else {
        Encoding::Ucs2
    };
    let (units, segments) = segments_for(
        encoding,
        text.chars().filter_map(|c| char_units(encoding, c)),
    );
    SmsInfo {
        encoding,
        units,
        segments,
        per_segment: encoding.per_segment(segments),
        non_gsm,
    }
}

/// One part of an SMS as it is sent: its text, the units it takes and the units a part
/// of this message holds (the editor's segment view).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsPart {
    pub text: String,
    pub units: u32,
    pub capacity: u32,
}

/// `text` split into the parts it is sent in, packed as [`segments_for`] counts them (a
/// character never straddles two parts), so `sms_parts(t).len()` is `sms_info(t).segments`.
pub fn sms_parts(text: &str) -> Vec<SmsPart> {
    let info = sms_info(text);
    let encoding = info.encoding;
    if info.segments <= 1 {
        return vec![SmsPart {
            text: text.to_string(),
            units: info.units,
            capacity: encoding.single_part(),
        }];
    }
    let capacity = encoding.multi_part();
    let mut parts = Vec::new();
    let (mut start, mut used) = (0, 0u32);
    for (at, c) in text.char_indices() {
        // The encoding was chosen so that it carries every character.
        let cost = char_units(encoding, c).unwrap_or(1);
        if used > 0 && used + cost > capacity {
            parts.push(SmsPart {
                text: text[start..at].to_string(),
                units: used,
                capacity,
            });
            (start, used) = (at, 0);
        }
        used += cost;
    }
    parts.push(SmsPart {
        text: text[start..].to_string(),
        units: used,
        capacity,
    });
    parts
}

/// Records `c` as seen; true when it was not seen before.
fn mark(bmp: &mut [u64], beyond: &mut std::collections::HashSet<char>, c: char) -> bool {
    let code = c as usize;
    if code < 0x10000 {
        let (word, bit) = (code / 64, 1u64 << (code % 64));
        let fresh = bmp[word] & bit == 0;
        bmp[word] |= bit;
        fresh
    } else {
        beyond.insert(c)
    }
}

/// Septets a char costs in GSM-7 (1 basic, 2 extension table), or None if not GSM-7.
///
/// U+001B (ESC) is None: on the air it is the escape into the extension table, not a
/// character, so a text containing it literally cannot be sent as GSM-7.
pub fn gsm_cost(c: char) -> Option<u32> {
    // `€` (U+20AC) is the highest character of both tables: Chinese text is out at once.
    if c > '\u{20AC}' {
        return None;
    }
    match c {
        // Basic table, in code-point order of the standard (0x00..=0x7F, minus 0x1B ESC).
        '@' | '£' | '$' | '¥' | 'è' | 'é' | 'ù' | 'ì' | 'ò' | 'Ç' | '\n' | 'Ø' | 'ø' | '\r'
        | 'Å' | 'å' => Some(1),
        'Δ' | '_' | 'Φ' | 'Γ' | 'Λ' | 'Ω' | 'Π' | 'Ψ' | 'Σ' | 'Θ' | 'Ξ' | 'Æ' | 'æ' | 'ß' | 'É' => {
            Some(1)
        }
        // 0x20..=0x2F coincides with ASCII except 0x24, which is ¤; ASCII '$' sits at 0x02.
        ' ' | '!' | '"' | '#' | '¤' | '%' | '&' | '\'' | '(' | ')' | '*' | '+' | ',' | '-'
        | '.' | '/' => Some(1),
        '0'..='9' | ':' | ';' | '<' | '=' | '>' | '?' => Some(1),
        '¡' | 'A'..='Z' | 'Ä' | 'Ö' | 'Ñ' | 'Ü' | '§' => Some(1),
        '¿' | 'a'..='z' | 'ä' | 'ö' | 'ñ' | 'ü' | 'à' => Some(1),
        // Extension table: reached through ESC, so each costs two septets.
        '\u{0C}' | '^' | '{' | '}' | '\\' | '[' | '~' | ']' | '|' | '€' => Some(2),
        _ => None,
    }
}

/// Units a char costs in `encoding`, or None if that encoding cannot carry it.
pub fn char_units(encoding: Encoding, c: char) -> Option<u32> {
    match encoding {
        Encoding::Gsm7 => gsm_cost(c),
        // len_utf16 is 1 or 2, so the cast cannot truncate.
        Encoding::Ucs2 => Some(c.len_utf16() as u32),
    }
}

/// Total units and segment count for a sequence of per-character unit costs
/// (from [`gsm_cost`] or [`char_units`]), so a caller can price a hypothetical text
/// without building it.
///
/// Packing is greedy: a character never straddles two parts (an ESC pair in GSM-7, a
/// surrogate pair in UCS-2), so a part may end one unit short and the count can exceed
/// `ceil(units / per_part)`. The empty sequence is one (empty) segment.
pub fn segments_for(encoding: Encoding, costs: impl IntoIterator<Item = u32>) -> (u32, u32) {
    let part = encoding.multi_part();
    let mut units: u32 = 0;
    let mut parts: u32 = 1;
    let mut used: u32 = 0;
    // One pass computes the multi-part packing alongside the total; the single-part
    // case is decided at the end from the total, so the iterator is consumed only once.
    for cost in costs {
        units = units.saturating_add(cost);
        if used > 0 && used.saturating_add(cost) > part {
            parts = parts.saturating_add(1);
            used = 0;
        }
        used = used.saturating_add(cost);
        // Only a caller-supplied cost wider than a whole part gets here; spread it over
        // whole parts rather than overflowing or looping.
        if used > part {
            let extra = (used - 1) / part;
            parts = parts.saturating_add(extra);
            used -= extra * part;
        }
    }
    if units <= encoding.single_part() {
        parts = 1;
    }
    (units, parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_where_the_network_splits_and_as_many_as_counted() {
        // 66 Chinese characters then an emoji (two units): the emoji may not be split,
        // so the first part ends one unit short of 67.
        let text = format!("{}🙂{}", "账".repeat(66), "户".repeat(10));
        let parts = sms_parts(&text);
        assert_eq!(parts.len() as u32, sms_info(&text).segments);
        assert_eq!(parts[0].text, "账".repeat(66));
        assert_eq!((parts[0].units, parts[0].capacity), (66, 67));
        assert_eq!(parts[1].text, format!("🙂{}", "户".repeat(10)));
        assert_eq!(
            parts.iter().map(|p| p.text.as_str()).collect::<String>(),
            text
        );
        // One part: the whole text, with the single-part capacity.
        let one = sms_parts("Hello");
        assert_eq!(
            one,
            vec![SmsPart {
                text: "Hello".into(),
                units: 5,
                capacity: 160
            }]
        );
        // GSM-7: an extension character (two septets) is not split either.
        let gsm = format!("{}€{}", "a".repeat(152), "b".repeat(20));
        let parts = sms_parts(&gsm);
        assert_eq!(parts.len() as u32, sms_info(&gsm).segments);
        assert_eq!(parts[0].units, 152);
        assert!(parts[1].text.starts_with('€'));
        for n in [0, 1, 69, 70, 71, 134, 135, 200] {
            let t = "字".repeat(n);
            assert_eq!(sms_parts(&t).len() as u32, sms_info(&t).segments, "{n}");
        }
    }

    /// The GSM 03.38 default alphabet in code-point order; index 0x1B is ESC.
    const BASIC: [char; 128] = [
        '@', '£', '$', '¥', 'è', 'é', 'ù', 'ì', 'ò', 'Ç', '\n', 'Ø', 'ø', '\r', 'Å', 'å', //
        'Δ', '_', 'Φ', 'Γ', 'Λ', 'Ω', 'Π', 'Ψ', 'Σ', 'Θ', 'Ξ', '\u{1B}', 'Æ', 'æ', 'ß',
        'É', //
        ' ', '!', '"', '#', '¤', '%', '&', '\'', '(', ')', '*', '+', ',', '-', '.', '/', //
        '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ':', ';', '<', '=', '>', '?', //
        '¡', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', //
        'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z', 'Ä', 'Ö', 'Ñ', 'Ü', '§', //
        '¿', 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', //
        'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', 'ä', 'ö', 'ñ', 'ü', 'à', //
    ];
    const EXTENSION: [char; 10] = ['\u{0C}', '^', '{', '}', '\\', '[', '~', ']', '|', '€'];

    fn info(text: &str) -> (Encoding, u32, u32, u32) {
        let i = sms_info(text);
        (i.encoding, i.units, i.segments, i.per_segment)
    }

    fn rep(s: &str, n: usize) -> String {
        s.repeat(n)
    }

    #[test]
    fn non_gsm_serialises_as_one_character_strings() {
        let json = serde_json::to_value(sms_info("a汉😀汉")).unwrap();
        assert_eq!(json["nonGsm"], serde_json::json!(["汉", "😀"]));
        assert_eq!(json["encoding"], "UCS-2");
    }

    #[test]
    fn table_matches_standard_exactly() {
        // Every char in the BMP and a sample beyond: cost must follow the tables above.
        for cp in (0..0x1_0000u32).chain(0x1F600..0x1F650) {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let expected = if c == '\u{1B}' {
                None
            } else if BASIC.contains(&c) {
                Some(1)
            } else if EXTENSION.contains(&c) {
                Some(2)
            } else {
                None
            };
            assert_eq!(gsm_cost(c), expected, "U+{cp:04X} {c:?}");
        }
        // 128 + 10 distinct code points, so the table has no typo'd duplicate hiding a gap.
        let distinct: std::collections::HashSet<char> =
            BASIC.iter().chain(&EXTENSION).copied().collect();
        assert_eq!(distinct.len(), 138);
        assert_eq!(gsm_cost('`'), None);
        assert_eq!(gsm_cost('¤'), Some(1));
        assert_eq!(gsm_cost('Ç'), Some(1));
        assert_eq!(gsm_cost('ç'), None);
        assert_eq!(gsm_cost('\u{1B}'), None);
    }

    #[test]
    fn empty_text() {
        let i = sms_info("");
        assert_eq!(
            i,
            SmsInfo {
                encoding: Encoding::Gsm7,
                units: 0,
                segments: 1,
                per_segment: 160,
                non_gsm: vec![],
            }
        );
        assert_eq!(segments_for(Encoding::Ucs2, []), (0, 1));
    }

    #[test]
    fn gsm_boundaries() {
        let g = Encoding::Gsm7;
        assert_eq!(info(&rep("a", 160)), (g, 160, 1, 160));
        assert_eq!(info(&rep("a", 161)), (g, 161, 2, 153));
        assert_eq!(info(&rep("a", 306)), (g, 306, 2, 153));
        assert_eq!(info(&rep("a", 307)), (g, 307, 3, 153));
        assert_eq!(info(&rep("a", 459)), (g, 459, 3, 153));
        assert_eq!(info(&rep("a", 460)), (g, 460, 4, 153));
    }

    #[test]
    fn ucs2_boundaries() {
        let u = Encoding::Ucs2;
        assert_eq!(info(&rep("中", 70)), (u, 70, 1, 70));
        assert_eq!(info(&rep("中", 71)), (u, 71, 2, 67));
        assert_eq!(info(&rep("中", 134)), (u, 134, 2, 67));
        assert_eq!(info(&rep("中", 135)), (u, 135, 3, 67));
        assert_eq!(info(&rep("中", 201)), (u, 201, 3, 67));
        assert_eq!(info(&rep("中", 202)), (u, 202, 4, 67));
    }

    #[test]
    fn extension_chars_cost_two_in_one_part() {
        let g = Encoding::Gsm7;
        assert_eq!(info(&rep("€", 80)), (g, 160, 1, 160));
        assert_eq!(info(&rep("€", 81)), (g, 162, 2, 153));
        // An ESC pair fits in the single part right up to 160: 158 + 2.
        assert_eq!(info(&format!("{}€", rep("a", 158))), (g, 160, 1, 160));
        assert_eq!(info(&format!("{}€", rep("a", 159))), (g, 161, 2, 153));
    }

    #[test]
    fn escape_pair_never_split() {
        let g = Encoding::Gsm7;
        // 152 'a' leave 1 septet in part 1, so the € opens part 2 (€ + 151 'a' = 153)
        // and the last 'a' needs part 3. Naive ceil(306 / 153) would say 2.
        let t = format!("{}€{}", rep("a", 152), rep("a", 152));
        assert_eq!(info(&t), (g, 306, 3, 153));
        // Control: € ending exactly on the boundary wastes nothing.
        let t = format!("{}€{}", rep("a", 151), rep("a", 153));
        assert_eq!(info(&t), (g, 306, 2, 153));
        // All-extension text: 76 € per part (152 septets, 1 wasted), so 153 € = 306
        // septets takes 3 parts, not 2.
        assert_eq!(info(&rep("€", 152)), (g, 304, 2, 153));
        assert_eq!(info(&rep("€", 153)), (g, 306, 3, 153));
        // Straddling at the second boundary: 153 + 152 'a', then ] (2) spills to part 3.
        let t = format!("{}]", rep("a", 305));
        assert_eq!(info(&t), (g, 307, 3, 153));
        let t = format!("{}]", rep("a", 304));
        assert_eq!(info(&t), (g, 306, 2, 153));
    }

    #[test]
    fn surrogate_pair_never_split() {
        let u = Encoding::Ucs2;
        // 66 Chinese leave 1 unit in part 1, so the emoji (2 units) opens part 2
        // (emoji + 65 = 67) and the last char needs part 3. Naive ceil(134 / 67) = 2.
        let t = format!("{}😀{}", rep("中", 66), rep("中", 66));
        assert_eq!(info(&t), (u, 134, 3, 67));
        // Control: emoji ending exactly on the boundary.
        let t = format!("{}😀{}", rep("中", 65), rep("中", 67));
        assert_eq!(info(&t), (u, 134, 2, 67));
        // Within a single part the pair just counts 2.
        assert_eq!(info(&format!("{}😀", rep("中", 68))), (u, 70, 1, 70));
        assert_eq!(info(&format!("{}😀", rep("中", 69))), (u, 71, 2, 67));
    }

    #[test]
    fn segments_for_matches_sms_info_and_survives_odd_costs() {
        let g = Encoding::Gsm7;
        assert_eq!(segments_for(g, [1; 161]), (161, 2));
        let mut costs = vec![1; 152];
        costs.push(2);
        costs.extend([1; 152]);
        assert_eq!(segments_for(g, costs), (306, 3));
        // Costs no real char has: must not panic or overflow.
        assert_eq!(segments_for(g, [0; 10]), (0, 1));
        assert_eq!(segments_for(g, [400]), (400, 3));
        let (units, parts) = segments_for(g, [u32::MAX, u32::MAX, 1]);
        assert_eq!(units, u32::MAX);
        assert!(parts >= 2);
    }

    #[test]
    fn line_breaks_are_basic_gsm() {
        let i = sms_info("Line one\nLine two\r\nend");
        assert_eq!(i.encoding, Encoding::Gsm7);
        assert_eq!(i.units, 22);
        assert!(i.non_gsm.is_empty());
        // Form feed is the extension-table one.
        assert_eq!(sms_info("a\u{0C}b").units, 4);
    }

    #[test]
    fn many_distinct_supplementary_characters_take_linear_time() {
        // Reliability review F6: 200k distinct characters took 10–17 s.
        let text: String = (0x10000u32..0x10000 + 200_000)
            .filter_map(char::from_u32)
            .collect();
        // Quadratic, this took seconds; the result must still list each once, in order.
        let i = sms_info(&text);
        assert_eq!(i.non_gsm.len(), 200_000);
        assert_eq!(i.non_gsm[0], '\u{10000}');
        assert_eq!(sms_info(&format!("{text}{text}")).non_gsm.len(), 200_000);
    }

    #[test]
    fn non_gsm_chars_force_ucs2_deduplicated_in_order() {
        let i = sms_info("Use `code` 中文 and `x` 中");
        assert_eq!(i.encoding, Encoding::Ucs2);
        assert_eq!(i.non_gsm, vec!['`', '中', '文']);
        assert_eq!(i.units, 23);
        assert_eq!((i.segments, i.per_segment), (1, 70));
        // Lowercase ç is not in GSM-7 (only Ç is).
        assert_eq!(sms_info("façade").non_gsm, vec!['ç']);
        // Emoji is one entry, one char.
        assert_eq!(sms_info("hi 😀😀").non_gsm, vec!['😀']);
    }

    #[test]
    fn realistic_chinese_signed_sms() {
        let t = "【北风支付】您的账户****7890于05月12日14:32消费人民币128.00元，余额3,456.78元。如非本人操作，请致电95588。";
        let i = sms_info(t);
        assert_eq!(i.encoding, Encoding::Ucs2);
        assert_eq!(i.units, 71);
        assert_eq!((i.segments, i.per_segment), (2, 67));
        assert_eq!(&i.non_gsm[..4], ['【', '北', '风', '支']);
        assert!(!i.non_gsm.iter().any(|s| *s == '*' || *s == '7'));
        let truncated = "【北风支付】您的账户****7890于…";
        assert_eq!(info(truncated), (Encoding::Ucs2, 20, 1, 70));
    }

    #[test]
    fn realistic_english_signed_sms() {
        let t = "[Northwind Pay] Your verification code is 482913. It expires in 10 minutes. Never share this code with anyone.";
        let i = sms_info(t);
        assert_eq!(i.encoding, Encoding::Gsm7);
        // 110 chars, the two brackets cost an extra septet each.
        assert_eq!(i.units, 112);
        assert_eq!((i.segments, i.per_segment), (1, 160));
        assert!(i.non_gsm.is_empty());
    }
}
