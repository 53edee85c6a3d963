//! Locale-independent masking of personal data for message templates.
//!
//! All functions work on `char`s (never bytes), accept any Unicode input and
//! never panic. "Digit" below means any char with `char::is_numeric` (ASCII
//! `0-9`, full-width `０-９`, other scripts' digits), so no script's digits
//! leak; every other char is kept as written unless a rule says otherwise.

/// Country calling codes recognised without a separator after a leading `+`
/// (the catalog's regions plus NANP). Prefix-free, so order does not matter.
const KNOWN_COUNTRY_CODES: &[&str] = &["1", "86", "852", "853", "886"];

/// Masks a phone number, keeping its punctuation and spacing.
///
/// Rule:
/// 1. A leading `+` and the country code after it are kept. The country code
///    is the first run of digits when a non-digit (space, `-`, `(`, ...)
///    follows it (`+44 20 7946 0958`), or, with no separator, one of
///    `+1`, `+86`, `+852`, `+853`, `+886` (`+8613812345678`). An unrecognised
///    code without a separator is treated as part of the number.
/// 2. Of the remaining (national) digits: exactly 11 digits (a mainland China
///    number) keep the first 3 and last 4 (`13812345678` -> `138****5678`);
///    any other count above 4 keeps only the last 4; 4 or fewer digits are
///    all masked. Each masked digit becomes one `*`.
/// 3. Input without digits is returned unchanged.
pub fn mask_phone(phone: &str) -> String {
    let phone = phone.trim();
    let chars: Vec<char> = phone.chars().collect();
    let total_digits = chars.iter().filter(|c| c.is_numeric()).count();

    // How many leading digits belong to the country code (kept as is).
    let mut country_digits = 0;
    if chars.first() == Some(&'+') {
        let run: String = chars[1..].iter().take_while(|c| c.is_numeric()).collect();
        let run_len = run.chars().count();
        let separated = chars.get(1 + run_len).is_some();
        if separated && run_len > 0 {
            country_digits = run_len;
        } else if !separated {
            country_digits = KNOWN_COUNTRY_CODES
                .iter()
                .find(|cc| run.starts_with(*cc) && run.len() > cc.len())
                .map_or(0, |cc| cc.len());
        }
    }

    let national = total_digits - country_digits;
    // Keep national digits with index < keep_head or >= national - 4.
    let (keep_head, keep_tail) = match national {
        11 => (3, 4),
        n if n > 4 => (0, 4),
        _ => (0, 0),
    };

    let mut out = String::with_capacity(phone.len());
    let mut digit_index = 0usize; // counts all digits seen so far
    for &c in &chars {
        if !c.is_numeric() {
            out.push(c);
            continue;
        }
        let i = digit_index;
        digit_index += 1;
        if i < country_digits {
            out.push(c);
            continue;
        }
        let n = i - country_digits; // index among national digits
        if n < keep_head || n + keep_tail >= national {
            out.push(c);
        } else {
            out.push('*');
        }
    }
    out
}

/// Masks an account or card number to `****` followed by its last four
/// digits (`6222 0212 3456 7890` -> `****7890`). Everything but digits
/// (spaces, dashes, letters) is ignored. With fewer than four digits the
/// result is just `****`, so nothing of the number is shown.
pub fn mask_account(account: &str) -> String {
    let mut last4 = ['\0'; 4];
    let mut count = 0usize;
    for c in account.chars().filter(|c| c.is_numeric()) {
        last4[count % 4] = c;
        count += 1;
    }
    let mut out = String::from("****");
    if count >= 4 {
        for k in 0..4 {
            out.push(last4[(count + k) % 4]);
        }
    }
    out
}

/// Masks a person's name.
///
/// * A name containing any CJK char (Han, kana, Hangul): the first char is
///   kept and every other char becomes `*` (`张三` -> `张*`, `张三丰` ->
///   `张**`, `欧阳娜娜` -> `欧***`); spaces and the name separators `·`, `•`,
///   `・` are kept.
/// * Otherwise, per word (words are separated by whitespace or `-`, and the
///   separators are kept): the first char, then one `*` per remaining char,
///   at most three (`Jane Doe` -> `J*** D**`, `Mary-Ann` -> `M***-A**`).
/// * Leading/trailing whitespace is dropped; empty input gives `""`.
pub fn mask_name(name: &str) -> String {
    let name = name.trim();
    let mut out = String::with_capacity(name.len());
    if name.chars().any(is_cjk) {
        let mut first = true;
        for c in name.chars() {
            if c.is_whitespace() || matches!(c, '·' | '•' | '・') {
                out.push(c);
            } else if first {
                out.push(c);
                first = false;
            } else {
                out.push('*');
            }
        }
        return out;
    }
    let mut in_word = false;
    let mut stars = 0;
    for c in name.chars() {
        if c.is_whitespace() || c == '-' {
            out.push(c);
            in_word = false;
        } else if !in_word {
            out.push(c);
            in_word = true;
            stars = 0;
        } else if stars < 3 {
            out.push('*');
            stars += 1;
        }
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3005}' | '\u{3007}'           // 々 〇
        | '\u{3040}'..='\u{30FF}'         // Hiragana, Katakana
        | '\u{3400}'..='\u{4DBF}'         // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'         // CJK Unified Ideographs
        | '\u{AC00}'..='\u{D7AF}'         // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'         // CJK Compatibility Ideographs
        | '\u{20000}'..='\u{3134F}'       // CJK Extensions B-G
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_mainland() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone(" 13812345678 "), "138****5678");
        assert_eq!(mask_phone("138-1234-5678"), "138-****-5678");
        assert_eq!(
            mask_phone("138 1234 5678"),
            "138 ****-5678".replace('-', " ")
        );
        assert_eq!(mask_phone("+86 138 1234 5678"), "+86 138 **** 5678");
        assert_eq!(mask_phone("+86-13812345678"), "+86-138****5678");
        assert_eq!(mask_phone("+8613812345678"), "+86138****5678");
        assert_eq!(mask_phone("01012345678"), "010****5678");
    }

    #[test]
    fn phone_other_lengths() {
        assert_eq!(mask_phone("+852 9123 4567"), "+852 **** 4567");
        assert_eq!(mask_phone("+85291234567"), "+852****4567");
        assert_eq!(mask_phone("+886 912 345 678"), "+886 *** **5 678");
        assert_eq!(mask_phone("+1 (212) 555-1234"), "+1 (***) ***-1234");
        assert_eq!(mask_phone("+12125551234"), "+1******1234");
        assert_eq!(mask_phone("+442079460958"), "+********0958");
        assert_eq!(mask_phone("0912345678"), "******5678");
        assert_eq!(mask_phone("12345"), "*2345");
        assert_eq!(mask_phone("1234"), "****");
        assert_eq!(mask_phone("110"), "***");
        assert_eq!(mask_phone("+86"), "+**");
        assert_eq!(mask_phone("+"), "+");
        assert_eq!(mask_phone(""), "");
        assert_eq!(mask_phone("n/a"), "n/a");
    }

    #[test]
    fn phone_odd_unicode() {
        // Full-width digits are digits too.
        assert_eq!(mask_phone("１３８１２３４５６７８"), "１３８****５６７８");
        assert_eq!(mask_phone("电话：13812345678"), "电话：138****5678");
        assert_eq!(mask_phone("+\u{301}86"), "+\u{301}**");
        assert_eq!(mask_phone("👍1234567"), "👍***4567");
        assert_eq!(mask_phone("+٨٦ ١٣٨١٢٣٤٥٦٧٨"), "+٨٦ ١٣٨****٥٦٧٨");
    }

    #[test]
    fn account() {
        assert_eq!(mask_account("6222021234567890"), "****7890");
        assert_eq!(mask_account("6222 0212 3456 7890"), "****7890");
        assert_eq!(mask_account("6222-0212-3456-7890"), "****7890");
        assert_eq!(mask_account("1234"), "****1234");
        assert_eq!(mask_account("123"), "****");
        assert_eq!(mask_account(""), "****");
        assert_eq!(mask_account("GB82 WEST 1234 5698 7654 32"), "****5432");
        assert_eq!(mask_account("尾号１２３４５"), "****２３４５");
        assert_eq!(mask_account("💳12a3b4c5"), "****2345");
    }

    #[test]
    fn names() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张三丰"), "张**");
        assert_eq!(mask_name("欧阳娜娜"), "欧***");
        assert_eq!(mask_name("张"), "张");
        assert_eq!(mask_name(" 李四 "), "李*");
        assert_eq!(mask_name("阿沛·阿旺晋美"), "阿*·****");
        assert_eq!(mask_name("山田 太郎"), "山* **");
        assert_eq!(mask_name("김민수"), "김**");
        assert_eq!(mask_name("Jane Doe"), "J*** D**");
        assert_eq!(mask_name("Jane  Doe"), "J***  D**");
        assert_eq!(mask_name("Christopher"), "C***");
        assert_eq!(mask_name("Mary-Ann O'Neil"), "M***-A** O***");
        assert_eq!(mask_name("Jo"), "J*");
        assert_eq!(mask_name("J"), "J");
        assert_eq!(mask_name(""), "");
        assert_eq!(mask_name("   "), "");
    }

    #[test]
    fn names_odd_unicode() {
        assert_eq!(mask_name("José"), "J***");
        assert_eq!(mask_name("Émile Zola"), "É*** Z***");
        assert_eq!(mask_name("👨‍👩‍👧 Family"), "👨*** F***");
        assert_eq!(mask_name("Ελένη"), "Ε***");
        assert_eq!(mask_name("𠀋𠀌"), "𠀋*");
        assert_eq!(mask_name("\u{301}"), "\u{301}");
        assert_eq!(mask_name("-"), "-");
    }

    #[test]
    fn never_panics_on_arbitrary_text() {
        let samples = [
            "\u{0}",
            "\u{FFFF}",
            "\u{10FFFF}",
            "+",
            "++",
            "+-",
            "+\u{0}1",
            "\u{200D}\u{200D}",
            "e\u{301}\u{301}\u{301}",
            "🏳️‍🌈🏳️‍🌈",
            "1\u{FE0F}\u{20E3}",
            "\t\n\r",
        ];
        for s in samples {
            let _ = (mask_phone(s), mask_account(s), mask_name(s));
        }
        // Every char in a spread of code points, alone and in a phone-like context.
        let mut cp = 0u32;
        while cp <= 0x10FFFF {
            if let Some(c) = char::from_u32(cp) {
                let s = format!("+{c}86{c}138{c}1234{c}5678{c}");
                let _ = (mask_phone(&s), mask_account(&s), mask_name(&s));
                let one = c.to_string();
                let _ = (mask_phone(&one), mask_account(&one), mask_name(&one));
            }
            cp += 97;
        }
    }
}
