//! A catalog that is not the demo one: `tests/catalogs/alpine/` (German and Japanese,
//! Zurich time, CHF/JPY/EUR, its own categories) built with `build_catalog`, loaded
//! with `CompiledCatalog::from_bytes` and checked — every message × locale × channel
//! snapshotted, money as CLDR formats it, the catalog's currencies and categories
//! enforced (opt-out text, batch preferences), lint clean, and the build's report on
//! broken variants of its vocabulary. It also keeps
//! `tests/catalogs/alpine/expected/rendered.json`, the native renders of every example,
//! which the WASM builds are checked against; after a deliberate change of output:
//!     TIDINGS_BLESS=1 cargo test --test own_catalog

#[path = "common/rendered.rs"]
mod rendered;

use rendered::{parts, readable};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tidings::{
    BatchDefaults, Channel, CompiledCatalog, LocaleRequest, MessageInfo, RenderOptions, Rendered,
    Severity, TemplateOptions,
};

const EXPECTED: &str = "tests/catalogs/alpine/expected/rendered.json";

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/catalogs/alpine")
}

/// The compiled file and the catalog loaded from it, built once.
fn alpine() -> &'static (Vec<u8>, CompiledCatalog) {
    static ALPINE: OnceLock<(Vec<u8>, CompiledCatalog)> = OnceLock::new();
    ALPINE.get_or_init(|| {
        let (_, bytes) = tidings::build_catalog(&tidings::Dir(folder())).unwrap_or_else(|p| {
            panic!(
                "tests/catalogs/alpine has problems:\n{}",
                tidings::report("alpine", &p)
            )
        });
        let catalog = CompiledCatalog::from_bytes(&bytes)
            .unwrap_or_else(|e| panic!("the compiled alpine catalog does not load: {e:#}"));
        (bytes, catalog)
    })
}

fn catalog() -> &'static CompiledCatalog {
    &alpine().1
}

fn render_example(info: &MessageInfo, locale: &str) -> Rendered {
    rendered::render_example(catalog(), info, locale)
}

fn one(locale: &str) -> LocaleRequest {
    LocaleRequest::One(locale.to_string())
}

#[test]
fn the_catalog_is_its_own_vocabulary() {
    let settings = &catalog().model.settings;
    assert_eq!(settings.default_locale, "de");
    assert_eq!(settings.locales, ["de", "ja"]);
    assert_eq!(settings.default_time_zone, "Europe/Zurich");
    assert_eq!(settings.currencies, ["CHF", "JPY", "EUR"]);
    let categories: Vec<&str> = settings.categories.keys().map(String::as_str).collect();
    assert_eq!(categories, ["account", "promotions", "transactional"]);
    let messages = catalog().messages();
    let mut channels: Vec<Channel> = messages.iter().flat_map(|m| m.channels.clone()).collect();
    channels.sort();
    channels.dedup();
    assert_eq!(channels, Channel::ALL, "the fixture covers every channel");
}

#[test]
fn every_message_renders_its_example_in_every_locale_and_channel() {
    let messages = catalog().messages();
    assert_eq!(messages.len(), 4);
    let mut snapshots = 0;
    for info in &messages {
        assert_eq!(info.locales, ["de", "ja"], "{}", info.id);
        for locale in &info.locales {
            let rendered = render_example(info, locale);
            for &channel in &info.channels {
                let texts = parts(&rendered, channel);
                for (part, text) in &texts {
                    assert!(!text.trim().is_empty(), "{} {locale} {part}", info.id);
                    assert!(!text.contains("{{"), "{} {locale} {part}: {text}", info.id);
                }
                let name = format!("{}__{locale}__{}", info.id, channel.as_str());
                insta::assert_snapshot!(name, readable(&texts));
                snapshots += 1;
            }
        }
    }
    assert_eq!(snapshots, 2 * 10);
}

#[test]
fn the_catalog_lints_clean() {
    let all = catalog().lint(None).expect("lint runs over the catalog");
    let errors: Vec<String> = all
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| format!("{d:?}"))
        .collect();
    assert!(errors.is_empty(), "lint errors:\n{}", errors.join("\n"));
    // Not even a warning: a new one is fixed in the catalog, or explained in a comment
    // in its manifest and allowed here by name.
    assert!(all.is_empty(), "lint warnings: {all:#?}");
}

#[test]
fn every_body_of_a_transactional_message_carries_the_support_line() {
    let support = &catalog().model.partials["support"];
    for info in catalog().messages() {
        if info.category != "transactional" {
            continue;
        }
        for locale in &info.locales {
            let line = support[locale].source.trim();
            let rendered = render_example(&info, locale);
            for &channel in &info.channels {
                for (part, text) in parts(&rendered, channel) {
                    if !part.ends_with("title") && part != "email.subject" {
                        assert!(text.contains(line), "{} {locale} {part}: {text}", info.id);
                    }
                }
            }
        }
    }
}

/// `{{money m}}` rendered in `locale`.
fn money(locale: &str, amount: &str, currency: &str) -> Result<String, Box<tidings::Error>> {
    let options = TemplateOptions {
        locale: Some(one(locale)),
        ..Default::default()
    };
    catalog()
        .render_template(
            "{{money m}}",
            &json!({"m": {"amount": amount, "currency": currency}}),
            &options,
        )
        .map_err(Box::new)
}

#[test]
fn chf_and_jpy_format_as_cldr_has_them_for_de_and_ja() {
    // The expected strings are CLDR's: the same as Node 22's Intl.NumberFormat (ICU
    // 78.2, CLDR 48) prints with `{ style: 'currency', currency }`. U+00A0 is a
    // no-break space; JPY has no fraction digits and rounds half away from zero; ja
    // writes the yen sign full width.
    let cases = [
        ("de", "1234.5", "CHF", "1.234,50\u{a0}CHF"),
        ("de", "84.5", "CHF", "84,50\u{a0}CHF"),
        ("de", "-1234.5", "CHF", "-1.234,50\u{a0}CHF"),
        ("de", "-0.004", "CHF", "0,00\u{a0}CHF"),
        ("de", "1234567", "JPY", "1.234.567\u{a0}¥"),
        ("de", "48000", "JPY", "48.000\u{a0}¥"),
        ("de", "1234.5", "JPY", "1.235\u{a0}¥"),
        ("de", "1234.5", "EUR", "1.234,50\u{a0}€"),
        ("ja", "1234.5", "CHF", "CHF\u{a0}1,234.50"),
        ("ja", "84.5", "CHF", "CHF\u{a0}84.50"),
        ("ja", "-1234.5", "CHF", "-CHF\u{a0}1,234.50"),
        ("ja", "1234567", "JPY", "￥1,234,567"),
        ("ja", "48000", "JPY", "￥48,000"),
        ("ja", "1234.5", "EUR", "€1,234.50"),
    ];
    for (locale, amount, currency, want) in cases {
        let got = money(locale, amount, currency)
            .unwrap_or_else(|e| panic!("{locale} {amount} {currency}: {e:#}"));
        assert_eq!(got, want, "{locale} {amount} {currency}");
    }
    // The same formatter renders catalog messages; the SMS has plain spaces.
    let info = catalog()
        .messages()
        .into_iter()
        .find(|m| m.id == "card.payment")
        .unwrap();
    let mut data = info.example.clone();
    data.insert("amount".into(), json!({"amount": 3200, "currency": "JPY"}));
    for (locale, shown) in [("de", "3.200 ¥"), ("ja", "￥3,200")] {
        let r = catalog()
            .render(
                &info.id,
                &one(locale),
                &Value::Object(data.clone()),
                &RenderOptions::default(),
            )
            .unwrap();
        let sms = r.channels.sms.unwrap().text;
        assert!(sms.contains(shown), "{locale}: {sms}");
    }
}

#[test]
fn a_currency_the_catalog_does_not_declare_is_refused() {
    let info = catalog()
        .messages()
        .into_iter()
        .find(|m| m.id == "card.payment")
        .unwrap();
    for currency in ["USD", "CNY", "chf"] {
        let mut data = info.example.clone();
        data.insert(
            "amount".into(),
            json!({"amount": "84.50", "currency": currency}),
        );
        let e = catalog()
            .render(
                &info.id,
                &one("de"),
                &Value::Object(data),
                &RenderOptions::default(),
            )
            .expect_err(currency);
        assert_eq!(e.code(), "wrong_type", "{currency}: {e:#}");
        assert_eq!(e.path.as_deref(), Some("amount.currency"));
        assert_eq!(
            e.message,
            format!("`amount.currency` must be one of CHF, JPY, EUR; got \"{currency}\"")
        );
    }
    // An ad-hoc template has no manifest to check against: the formatter refuses it.
    let e = money("ja", "10", "USD").expect_err("USD is not an alpine currency");
    assert_eq!(e.code(), "format", "{e:#}");
    assert_eq!(
        e.message,
        "money: unsupported currency \"USD\" (supported: CHF, JPY, EUR)"
    );
}

#[test]
fn only_the_promotions_sms_ends_with_the_opt_out() {
    let opt_out = &catalog().model.settings.sms.opt_out;
    for info in catalog().messages() {
        let promotes = info.category == "promotions";
        for locale in &info.locales {
            let sms = render_example(&info, locale).channels.sms.unwrap().text;
            let text = &opt_out[locale];
            assert_eq!(
                sms.ends_with(text.as_str()),
                promotes,
                "{} {locale}: {sms}",
                info.id
            );
            if !promotes {
                assert!(!sms.contains("STOP"), "{} {locale}: {sms}", info.id);
            }
        }
    }
    let promo = render_example(
        &catalog()
            .messages()
            .into_iter()
            .find(|m| m.id == "promo.rail_pass")
            .unwrap(),
        "de",
    );
    assert!(
        promo
            .channels
            .sms
            .unwrap()
            .text
            .ends_with("jr-pass Keine Angebote mehr? STOP an 5566")
    );
}

#[test]
fn batch_preferences_name_the_catalogs_categories() {
    let info = |id: &str| {
        catalog()
            .messages()
            .into_iter()
            .find(|m| m.id == id)
            .unwrap()
    };
    let promo = info("promo.rail_pass");
    let payment = info("card.payment");
    let records = [
        json!({"id": "opted-out", "message": promo.id, "locale": "de", "data": promo.example,
               "preferences": {"promotions": false}}),
        json!({"id": "ignored", "message": payment.id, "locale": "ja", "data": payment.example,
               "preferences": {"transactional": false}}),
        // The demo catalog's category, not this one's.
        json!({"id": "unknown", "message": promo.id, "data": promo.example,
               "preferences": {"marketing": false}}),
        json!({"id": "sms-off", "message": promo.id, "locale": "ja", "data": promo.example,
               "preferences": {"promotions": true, "channels": {"sms": false}}}),
    ];
    let input: String = records.iter().map(|r| format!("{r}\n")).collect();
    let mut out = Vec::new();
    let stats = catalog().render_jsonl(input.as_bytes(), 1, &BatchDefaults::default(), &mut out);
    let lines: Vec<Value> = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!((stats.rendered, stats.skipped, stats.failed), (2, 1, 1));

    assert_eq!(lines[0]["status"], "skipped");
    assert_eq!(lines[0]["reason"]["code"], "opted_out");
    assert_eq!(
        lines[0]["reason"]["message"],
        "the recipient opted out of promotions messages"
    );

    assert_eq!(lines[1]["status"], "rendered");
    assert_eq!(lines[1]["locale"], "ja");
    assert_eq!(
        lines[1]["warnings"],
        json!([{"code": "preference_ignored",
                "message": "transactional messages cannot be opted out of; the preference was ignored",
                "path": "preferences.transactional"}])
    );
    assert!(lines[1]["channels"]["sms"]["text"].is_string());

    assert_eq!(lines[2]["status"], "failed");
    assert_eq!(lines[2]["reason"]["code"], "invalid_input");
    assert_eq!(lines[2]["reason"]["path"], "preferences.marketing");
    assert_eq!(
        lines[2]["reason"]["message"],
        "line 3: `preferences.marketing` is not a category of the catalog (account, promotions, transactional)"
    );

    assert_eq!(lines[3]["status"], "rendered");
    let channels: Vec<&String> = lines[3]["channels"].as_object().unwrap().keys().collect();
    assert_eq!(channels, ["push", "email"]);
}

/// Every file of the alpine folder (but `expected/`), by `/`-separated relative path.
fn files() -> BTreeMap<String, String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(root).unwrap();
            let rel: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if path.is_dir() {
                if rel != ["expected"] {
                    walk(root, &path, out);
                }
            } else {
                out.insert(rel.join("/"), std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(&folder(), &folder(), &mut out);
    out
}

/// The folder with `from` replaced by `to` in its manifest (which must contain `from`).
fn with_manifest(edits: &[(&str, &str)]) -> BTreeMap<String, String> {
    let mut files = files();
    let manifest = files.get_mut("manifest.toml").unwrap();
    for (from, to) in edits {
        assert!(manifest.contains(from), "the manifest has no `{from}`");
        *manifest = manifest.replacen(from, to, 1);
    }
    files
}

#[test]
fn the_folder_read_as_a_map_builds_the_same_file() {
    let (catalog, bytes) = tidings::build_catalog(&files())
        .unwrap_or_else(|p| panic!("{}", tidings::report("alpine", &p)));
    assert_eq!(bytes, alpine().0);
    assert_eq!(catalog.messages.len(), 4);
}

#[test]
fn broken_vocabularies_are_reported_where_they_are() {
    let cases: [(&str, &[(&str, &str)]); 6] = [
        (
            "undeclared_category",
            &[(
                "id = \"trip.summary\"\ncategory = \"account\"",
                "id = \"trip.summary\"\ncategory = \"travel\"",
            )],
        ),
        (
            "money_without_currencies",
            &[("currencies = [\"CHF\", \"JPY\", \"EUR\"]\n", "")],
        ),
        (
            "must_include_missing_partial",
            &[(
                "must_include = [\"support\"]",
                "must_include = [\"support\", \"legal\"]",
            )],
        ),
        (
            "lowercase_currency",
            &[(
                "currencies = [\"CHF\", \"JPY\", \"EUR\"]",
                "currencies = [\"CHF\", \"jpy\", \"EUR\"]",
            )],
        ),
        (
            // The caret goes to the key, not to a comment above it that names it.
            "lowercase_currency_below_a_comment_naming_currencies",
            &[(
                "currencies = [\"CHF\", \"JPY\", \"EUR\"]",
                "# currencies: the ISO codes money may be in\ncurrencies = [\"CHF\", \"jpy\", \"EUR\"]",
            )],
        ),
        (
            "max_parts_of_an_undeclared_category",
            &[(
                "max_parts = { transactional = 3",
                "max_parts = { marketing = 1, transactional = 3",
            )],
        ),
    ];
    for (name, edits) in cases {
        let problems = match tidings::build_catalog(&with_manifest(edits)) {
            Ok(_) => panic!("{name}: the broken catalog built"),
            Err(problems) => problems,
        };
        assert!(
            problems
                .iter()
                .all(|p| p.code == tidings::ErrorKind::Manifest),
            "{name}: {problems:?}"
        );
        insta::assert_snapshot!(
            format!("vocabulary__{name}"),
            tidings::report("alpine", &problems)
        );
    }
}

#[test]
fn bounds_too_large_to_search_are_searched_up_to_a_limit() {
    // A fuzzer find: the worst-case search built each variable's longest value from
    // its bounds, so `max_length = 4294967295` made `lint` allocate a 16 GB text.
    let huge = u32::MAX.to_string();
    let files = with_manifest(&[
        (
            "max_length = 22\ncharset = \"cjk\"",
            &format!("max_length = {huge}\ncharset = \"cjk\""),
        ),
        (
            "max_items = 5\nmax_length = 7",
            &format!("max_items = {huge}\nmax_length = {huge}"),
        ),
    ]);
    let (_, bytes) = tidings::build_catalog(&files)
        .unwrap_or_else(|p| panic!("{}", tidings::report("alpine", &p)));
    let catalog = CompiledCatalog::from_bytes(&bytes).unwrap();
    let errors: Vec<(String, String, String)> = catalog
        .lint(None)
        .unwrap()
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| {
            (
                d.message_id,
                d.locale.unwrap_or_default(),
                d.code.to_string(),
            )
        })
        .collect();
    let too_long = |id: &str, locale: &str| (id.into(), locale.into(), "sms_too_many_parts".into());
    assert_eq!(
        errors,
        [
            too_long("card.payment", "de"),
            too_long("card.payment", "ja")
        ]
    );
    let message = catalog.message("card.payment").unwrap();
    let b = tidings::sms_bounds(&catalog, message, "de", None).unwrap();
    // A merchant of 2048 CJK letters (the most searched) and the rest of the alert.
    assert_eq!((b.max_units, b.max_segments), (2203, 33));
}

#[test]
fn the_expected_renders_are_the_native_ones() {
    let mut fresh = Vec::new();
    for info in catalog().messages() {
        for locale in &info.locales {
            let data = Value::Object(info.example.clone());
            let rendered = render_example(&info, locale);
            fresh.push(json!({
                "message": info.id,
                "locale": locale,
                "data": data,
                "rendered": rendered,
            }));
        }
    }
    let text = serde_json::to_string_pretty(&fresh).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(EXPECTED);
    if std::env::var_os("TIDINGS_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let kept =
        std::fs::read_to_string(&path).expect("the expected renders (TIDINGS_BLESS=1 writes them)");
    let kept: Vec<Value> = serde_json::from_str(&kept).unwrap();
    assert_eq!(kept.len(), fresh.len(), "rerun with TIDINGS_BLESS=1");
    for (k, f) in kept.iter().zip(&fresh) {
        assert_eq!(
            k, f,
            "output changed; rerun with TIDINGS_BLESS=1 and review the diff of {EXPECTED}"
        );
    }
}

#[test]
fn an_enum_of_more_than_256_values_is_refused() {
    // The worst-case search tries every value: 20,000 would make `lint` take seconds.
    let many: Vec<String> = (0..257).map(|i| format!("\"v{i}\"")).collect();
    let files = with_manifest(&[(
        "values = [\"app\", \"web\", \"hotline\"]",
        &format!("values = [{}]", many.join(", ")),
    )]);
    let problems = tidings::build_catalog(&files).expect_err("257 values are refused");
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("more than 256 values")),
        "{problems:?}"
    );
}
