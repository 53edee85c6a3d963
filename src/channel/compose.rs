//! What tidings adds around a rendered SMS so no template can forget it: the brand
//! signature before every SMS and, for categories that need one, the opt-out
//! instruction after it — both as the route (market and locale) decides. Segment
//! counts are taken on the text as sent.

use super::market::Route;

/// Joins two pieces with one space, except where CJK punctuation (`】`, `。`) delimits
/// them already or both sides are CJK text, which takes no spaces.
fn join(out: &mut String, piece: &str) {
    let cjk_punct = |c: char| matches!(c as u32, 0x3000..=0x303F | 0xFF00..=0xFFEF);
    if let (Some(l), Some(r)) = (out.chars().next_back(), piece.chars().next()) {
        let spaced = l.is_whitespace() || r.is_whitespace();
        if !spaced && !cjk_punct(l) && !cjk_punct(r) && (l.is_ascii() || r.is_ascii()) {
            out.push(' ');
        }
    }
    out.push_str(piece);
}

/// No-break spaces that CLDR puts in formatted values (U+202F before AM/PM, U+00A0 in
/// `MOP 1.00`): not in the GSM alphabet, they would turn an all-ASCII English SMS into
/// UCS-2 and halve its part size. On a phone screen a plain space reads the same.
fn is_no_break_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2007}')
}

/// The SMS as sent: signature + body (+ the route's opt-out instruction when the
/// message's category asks for it, `sms_opt_out`), no-break spaces plain.
pub fn sms_text(route: &Route<'_>, opt_out: bool, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 48);
    if let Some(signature) = route.signature {
        out.push_str(signature);
    }
    if body.contains(is_no_break_space) {
        join(&mut out, &body.replace(is_no_break_space, " "));
    } else {
        join(&mut out, body);
    }
    if opt_out && let Some(opt_out) = route.opt_out {
        join(&mut out, opt_out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(locale: &'static str) -> Route<'static> {
        let (signature, opt_out) = match locale {
            "zh-CN" => (Some("【北风支付】"), Some("回T退订")),
            "en" => (Some("[Northwind Pay]"), Some("Reply STOP to opt out")),
            _ => (None, None),
        };
        Route {
            market: None,
            sms_locale: locale,
            signature,
            opt_out,
        }
    }

    #[test]
    fn signature_goes_first_and_opt_out_only_when_asked() {
        assert_eq!(
            sms_text(&route("zh-CN"), false, "您的账户…"),
            "【北风支付】您的账户…"
        );
        assert_eq!(
            sms_text(&route("zh-CN"), true, "限时优惠。"),
            "【北风支付】限时优惠。回T退订"
        );
        assert_eq!(
            sms_text(&route("en"), true, "50% off."),
            "[Northwind Pay] 50% off. Reply STOP to opt out"
        );
        assert_eq!(
            sms_text(&route("en"), false, "Tell us."),
            "[Northwind Pay] Tell us."
        );
        assert_eq!(sms_text(&route("fr"), true, "x"), "x");
        // A Latin signature before Chinese text, Chinese text before a Latin opt-out.
        assert_eq!(
            sms_text(&route("en"), true, "春季券"),
            "[Northwind Pay] 春季券 Reply STOP to opt out"
        );
        assert_eq!(
            sms_text(&route("zh-CN"), false, "iPhone登录"),
            "【北风支付】iPhone登录"
        );
    }
}
