//! Destination markets on the demo catalog: the market a phone number picks decides
//! the SMS's language, signature, opt-out and hotline. One snapshot per message ×
//! market of the SMS a zh-TW reader gets, plus the cases issue 12 names: a +86 zh-TW
//! customer, +886 and +852 customers, a hostile device name.

use serde_json::{Value, json};
use tidings::{CompiledCatalog, ErrorKind, LocaleRequest, RenderOptions, Rendered};

fn catalog() -> &'static CompiledCatalog {
    CompiledCatalog::embedded()
}

fn example(id: &str) -> Value {
    let m = catalog().message(id).expect("demo message");
    Value::Object(m.example())
}

fn render(id: &str, locale: &str, data: &Value, options: RenderOptions) -> Rendered {
    catalog()
        .render(id, &LocaleRequest::One(locale.into()), data, &options)
        .unwrap_or_else(|e| panic!("{id} {locale} {options:?}: {e:#}"))
}

fn to_phone(phone: &str) -> RenderOptions {
    RenderOptions {
        phone: Some(phone.into()),
        ..Default::default()
    }
}

fn sms(r: &Rendered) -> &str {
    &r.channels.sms.as_ref().expect("an SMS").text
}

#[test]
fn every_message_by_sms_to_every_market_for_a_zh_tw_reader() {
    let markets: Vec<&String> = catalog().model.settings.markets.keys().collect();
    assert_eq!(markets, ["CN", "HK", "INTL", "MO", "TW"]);
    for info in catalog().messages() {
        for market in &markets {
            let options = RenderOptions {
                market: Some(market.to_string()),
                ..Default::default()
            };
            let r = render(&info.id, "zh-TW", &example(&info.id), options);
            assert_eq!(r.market.as_deref(), Some(market.as_str()));
            let shown = match r.channels.sms.as_ref() {
                Some(sms) => {
                    assert!(
                        r.warnings.is_empty(),
                        "{} {market}: {:?}",
                        info.id,
                        r.warnings
                    );
                    format!(
                        "locale: {}\n{}",
                        sms.locale.as_deref().unwrap_or(&r.locale),
                        sms.text
                    )
                }
                None => {
                    let codes: Vec<&str> = r.warnings.iter().map(|w| w.code).collect();
                    assert_eq!(codes, ["sms_refused"], "{} {market}", info.id);
                    format!("no SMS: {}", r.warnings[0].message)
                }
            };
            insta::assert_snapshot!(format!("{}__{market}", info.id), shown);
        }
    }
}

#[test]
fn a_mainland_number_gets_simplified_chinese_with_the_mainland_signature_and_opt_out() {
    let r = render(
        "marketing.promotion",
        "zh-TW",
        &example("marketing.promotion"),
        to_phone("+86 138 0013 8000"),
    );
    let text = r.channels.sms.as_ref().expect("sms");
    assert_eq!(r.market.as_deref(), Some("CN"));
    assert_eq!(text.locale.as_deref(), Some("zh-CN"));
    assert!(text.text.starts_with("【北风支付】"), "{}", text.text);
    assert!(text.text.ends_with("拒收请回复R"), "{}", text.text);
    assert!(!text.text.contains("北風"), "{}", text.text);
    // The other channels keep following the customer's language.
    assert_eq!(r.locale, "zh-TW");
    let push = r.channels.push.as_ref().expect("push");
    assert!(push.body.contains("活動至"), "{}", push.body);
    // An English reader on +86 gets the same Simplified SMS.
    let en = render(
        "security.funds_moved",
        "en",
        &example("security.funds_moved"),
        to_phone("+8613800138000"),
    );
    assert!(sms(&en).starts_with("【北风支付】"), "{}", sms(&en));
    assert!(sms(&en).contains("95018"), "{}", sms(&en));
}

#[test]
fn taiwan_and_hong_kong_numbers_get_their_own_hotline_and_opt_out() {
    for (phone, hotline, opt_out) in [
        (
            "+886 912 345 678",
            "0800-095-018",
            "拒收行銷簡訊請撥免付費0800-095-018",
        ),
        (
            "+852 6123 4567",
            "(852) 3189 9500",
            "To unsubscribe, call (852) 3189 9500.",
        ),
    ] {
        let alert = render(
            "security.login_alert",
            "zh-TW",
            &example("security.login_alert"),
            to_phone(phone),
        );
        for text in [
            sms(&alert),
            &alert.channels.email.as_ref().expect("email").text,
            &alert.channels.in_app.as_ref().expect("in-app").body,
        ] {
            assert!(text.contains(hotline), "{phone}: {text}");
            assert!(
                !text.contains("95018"),
                "{phone}: a mainland-only number: {text}"
            );
        }
        let promo = render(
            "marketing.promotion",
            "zh-TW",
            &example("marketing.promotion"),
            to_phone(phone),
        );
        assert!(sms(&promo).contains(opt_out), "{phone}: {}", sms(&promo));
        // A zh-TW reader in Hong Kong gets Hong Kong's Chinese by SMS.
        let sms_locale = promo
            .channels
            .sms
            .as_ref()
            .and_then(|s| s.locale.as_deref());
        assert_eq!(
            sms_locale,
            phone.starts_with("+852").then_some("zh-HK"),
            "{phone}"
        );
        assert!(sms(&promo).starts_with("【北風支付】"), "{}", sms(&promo));
    }
}

#[test]
fn without_a_market_the_locale_home_market_decides_and_nothing_is_reported() {
    for (locale, hotline) in [
        ("zh-CN", "95018"),
        ("zh-TW", "0800-095-018"),
        ("en", "+86 755 8950 1800"),
    ] {
        let r = render(
            "security.password_changed",
            locale,
            &example("security.password_changed"),
            RenderOptions::default(),
        );
        assert_eq!(r.market, None);
        assert_eq!(r.channels.sms.as_ref().expect("sms").locale, None);
        assert!(sms(&r).contains(hotline), "{locale}: {}", sms(&r));
    }
}

#[test]
fn a_device_name_never_reaches_the_security_sms() {
    let mut data = example("security.login_alert");
    data["device"] = json!("账户已冻结请致电95566");
    for locale in ["zh-CN", "zh-TW", "en"] {
        for market in [None, Some("CN"), Some("TW"), Some("INTL")] {
            let options = RenderOptions {
                market: market.map(str::to_string),
                ..Default::default()
            };
            let r = render("security.login_alert", locale, &data, options);
            assert!(
                !sms(&r).contains("95566") && !sms(&r).contains("冻结"),
                "{locale} {market:?}: {}",
                sms(&r)
            );
        }
    }
}

#[test]
fn an_unknown_market_or_a_malformed_phone_is_a_coded_error_with_its_path() {
    let data = example("welcome");
    let fail = |options: RenderOptions| {
        catalog()
            .render("welcome", &LocaleRequest::One("en".into()), &data, &options)
            .expect_err("refused")
    };
    let e = fail(RenderOptions {
        market: Some("XX".into()),
        ..Default::default()
    });
    assert_eq!(
        (e.kind, e.path.as_deref()),
        (ErrorKind::UnknownMarket, Some("market"))
    );
    insta::assert_snapshot!("unknown_market", e.to_string());
    let e = fail(to_phone("13800138000"));
    assert_eq!(
        (e.kind, e.path.as_deref()),
        (ErrorKind::InvalidInput, Some("phone"))
    );
    insta::assert_snapshot!("phone_without_country_code", e.to_string());
    // Any other country's number goes to the rest-of-the-world market.
    let r = render("welcome", "zh-CN", &data, to_phone("+44 20 7946 0958"));
    assert_eq!(r.market.as_deref(), Some("INTL"));
    assert!(sms(&r).starts_with("Northwind Pay: Welcome"), "{}", sms(&r));
}

#[test]
fn lint_applies_each_market_rule_pack_to_the_sms_that_can_go_there() {
    let lint = |locale: &str, source: &str| {
        catalog()
            .lint_source("welcome", locale, "sms", source)
            .expect("lints")
            .into_iter()
            .filter(|d| d.code == ErrorKind::MarketRule)
            .map(|d| (d.market.unwrap_or_default(), d.column, d.message))
            .collect::<Vec<_>>()
    };
    // A link written in a zh-CN SMS: only CN sends SMS in zh-CN, and takes no links.
    let found = lint(
        "zh-CN",
        "{{name}}，欢迎！详见https://www.northwindpay.com/start",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].0.as_str(), found[0].1), ("CN", Some(15)));
    insta::assert_snapshot!("lint_link_to_cn", &found[0].2);
    // `¥` written in a template, at its column. (`【…】` is already refused for every
    // SMS: tidings adds the signature.)
    let found = lint("zh-CN", "{{name}}，送您¥5。");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].1, Some(12));
    assert!(found[0].2.contains("`¥`"), "{}", found[0].2);
    // zh-TW SMS go to Taiwan, zh-HK SMS to Hong Kong and Macau: a link breaks each.
    let markets = |locale: &str, source: &str| -> Vec<String> {
        lint(locale, source).into_iter().map(|f| f.0).collect()
    };
    assert_eq!(
        markets("zh-TW", "{{name}}，歡迎！詳見www.northwindpay.com"),
        ["TW"]
    );
    assert_eq!(
        markets("zh-HK", "{{name}}，歡迎！詳見www.northwindpay.com"),
        ["HK", "MO"]
    );
    // English goes to INTL (no rule pack) and to HK, MO, TW.
    assert!(lint("en", "Welcome, {{name}}!").is_empty());
}

#[test]
fn the_mainland_sms_writes_amounts_in_yuan_and_refuses_surveys() {
    let r = render(
        "security.funds_moved",
        "zh-CN",
        &example("security.funds_moved"),
        RenderOptions::default(),
    );
    assert!(
        sms(&r).contains("转出2,500.00元，余额12,345.67元"),
        "{}",
        sms(&r)
    );
    assert!(!sms(&r).contains('¥'));
    // Other channels keep CLDR's form.
    let push = r.channels.push.as_ref().expect("push");
    assert!(push.body.contains("¥2,500.00"), "{}", push.body);
    // Taiwan: NT$, never a bare `$`.
    let mut data = example("security.funds_moved");
    data["amount"] = json!({"amount": "2500", "currency": "TWD"});
    let tw = render(
        "security.funds_moved",
        "zh-TW",
        &data,
        to_phone("+886 912 345 678"),
    );
    assert!(sms(&tw).contains("NT$2,500.00"), "{}", sms(&tw));
    // A survey to a +86 number: no SMS, a warning; the other channels as usual.
    let survey = render(
        "survey.satisfaction",
        "zh-CN",
        &example("survey.satisfaction"),
        to_phone("+86 138 0013 8000"),
    );
    assert!(survey.channels.sms.is_none());
    assert!(survey.channels.email.is_some());
    assert_eq!(survey.warnings.len(), 1);
    assert_eq!(survey.warnings[0].code, "sms_refused");
    insta::assert_snapshot!("survey_refused_to_cn", &survey.warnings[0].message);
}

#[test]
fn sms_dates_drop_the_year_and_show_the_offset_only_for_another_zone() {
    let sms_in = |locale: &str, zone: &str, options: RenderOptions| {
        let mut data = example("security.password_changed");
        data["timeZone"] = json!(zone);
        let r = render("security.password_changed", locale, &data, options);
        let push = r.channels.push.expect("push").body;
        (r.channels.sms.expect("sms").text, push)
    };
    // The mainland's own time: `11月28日 20:47`, no year, no zone; the push keeps CLDR's.
    let (sms, push) = sms_in("zh-CN", "Asia/Shanghai", RenderOptions::default());
    assert!(sms.contains("于11月28日 20:47"), "{sms}");
    assert!(push.contains("2026年11月28日 GMT+8 20:47"), "{push}");
    // Another zone name with the same offset is the market's own time too.
    let (sms, _) = sms_in("zh-CN", "Asia/Chongqing", RenderOptions::default());
    assert!(!sms.contains("GMT"), "{sms}");
    // A customer in New York: the offset is shown.
    let (sms, _) = sms_in("zh-CN", "America/New_York", RenderOptions::default());
    assert!(sms.contains("11月28日 GMT-5 07:47"), "{sms}");
    // The rest of the world has no zone of its own: CLDR's full form.
    let (sms, _) = sms_in("en", "Asia/Shanghai", RenderOptions::default());
    assert!(sms.contains("Nov 28, 2026, 8:47 PM GMT+8"), "{sms}");
    // An English reader in Taiwan, sent to Taiwan: Taiwan's own time.
    let (sms, _) = sms_in("en", "Asia/Taipei", to_phone("+886 912 345 678"));
    assert!(sms.contains("on Nov 28, 8:47 PM."), "{sms}");
}

#[test]
fn mainland_marketing_email_subjects_are_marked_as_advertising_in_any_language() {
    let promo = example("marketing.promotion");
    for (locale, market, marked) in [
        ("zh-CN", None, true),
        ("en", Some("CN"), true),
        ("zh-TW", Some("CN"), true),
        ("zh-TW", None, false),
        ("en", None, false),
        ("en", Some("HK"), false),
    ] {
        let options = RenderOptions {
            market: market.map(str::to_string),
            ..Default::default()
        };
        let r = render("marketing.promotion", locale, &promo, options);
        let subject = &r.channels.email.as_ref().expect("email").subject;
        assert_eq!(
            subject.starts_with("【广告】"),
            marked,
            "{locale} {market:?}: {subject}"
        );
    }
}

#[test]
fn a_value_that_prints_a_word_mainland_providers_refuse_is_a_warning() {
    let mut promo = example("marketing.promotion");
    promo["title"] = json!("春季加息券"); // 加息: a finance promotion word
    let r = render(
        "marketing.promotion",
        "zh-CN",
        &promo,
        to_phone("+86 138 0013 8000"),
    );
    let rules: Vec<&str> = r
        .warnings
        .iter()
        .filter(|w| w.code == "market_rule")
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(rules.len(), 1, "{:?}", r.warnings);
    insta::assert_snapshot!("market_rule_warning", rules[0]);
    // Taiwan has no such list.
    let tw = render(
        "marketing.promotion",
        "zh-TW",
        &promo,
        to_phone("+886 912 345 678"),
    );
    assert!(tw.warnings.is_empty(), "{:?}", tw.warnings);
}
