//! The shipped catalog must pass every channel rule: `make test` fails on any lint
//! error, and the remaining warnings are a snapshot so that a new one is noticed.

use tidings::{Severity, lint};

fn describe(d: &tidings::Diagnostic) -> String {
    let at = match (d.line, d.column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        _ => String::new(),
    };
    format!(
        "{:?} {} [{} {} {}{at}] {}",
        d.severity,
        d.code,
        d.message_id,
        d.locale.as_deref().unwrap_or("-"),
        d.part.as_deref().unwrap_or("-"),
        d.message
    )
}

#[test]
fn shipped_catalog_has_no_lint_errors() {
    let all = lint(None).expect("lint runs over the catalog");
    let errors: Vec<String> = all
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(describe)
        .collect();
    assert!(
        errors.is_empty(),
        "lint errors in templates/:\n{}",
        errors.join("\n")
    );
}

#[test]
fn shipped_catalog_warnings() {
    let all = lint(None).expect("lint runs over the catalog");
    let warnings: Vec<String> = all
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .map(describe)
        .collect();
    insta::assert_snapshot!(warnings.join("\n"));
}

/// The demo catalog records what each translation was made from
/// (`messages/<id>/translations.toml`): every one is current, and a change to the source
/// locale's part makes that part of every other locale outdated — only that part.
#[test]
fn a_changed_source_part_makes_its_translations_outdated() {
    let all = lint(None).expect("lint runs over the catalog");
    assert!(
        !all.iter()
            .any(|d| d.code == tidings::ErrorKind::OutdatedTranslation),
        "the shipped translations are current"
    );
    let catalog = tidings::catalog();
    let source = catalog.settings.source_locale();
    let message = tidings::message("security.funds_moved").expect("the message exists");
    let sms = &message.part(source, "sms").expect("an SMS").source;
    let edited = format!("{sms} 新增一句。");
    let outdated: Vec<(String, String)> =
        tidings::lint_source("security.funds_moved", source, "sms", &edited)
            .expect("lint runs")
            .into_iter()
            .filter(|d| d.code == tidings::ErrorKind::OutdatedTranslation)
            .map(|d| (d.locale.unwrap_or_default(), d.part.unwrap_or_default()))
            .collect();
    let others: Vec<(String, String)> = catalog
        .settings
        .locales
        .iter()
        .filter(|l| *l != source)
        .map(|l| (l.clone(), "sms".to_string()))
        .collect();
    assert_eq!(outdated, others);
    // The recorded hash is the source text's, as the editor computes it.
    let recorded = &message.translations["zh-TW"]["sms"];
    assert_eq!(*recorded, tidings::source_hash(sms));
}

/// The worst case the SMS lint counts is data a render accepts (the editor loads it into
/// its form): validated, it renders the SMS with exactly the parts and units counted.
#[test]
fn the_longest_sms_case_is_valid_data_that_renders_as_counted() {
    let catalog = tidings::catalog();
    for message in catalog
        .messages
        .iter()
        .filter(|m| m.channels.contains(&tidings::Channel::Sms))
    {
        for locale in &catalog.settings.locales {
            let b =
                tidings::sms_bounds(tidings::CompiledCatalog::embedded(), message, locale, None)
                    .unwrap_or_else(|e| panic!("{} {locale}: {e}", message.id));
            let options = tidings::RenderOptions {
                channels: Some(vec![tidings::Channel::Sms]),
                ..Default::default()
            };
            let r = tidings::render(
                &message.id,
                &tidings::LocaleRequest::One(locale.clone()),
                &b.longest_data,
                &options,
            )
            .unwrap_or_else(|e| {
                panic!("{} {locale}: the longest case is refused: {e}", message.id)
            });
            let sms = r.channels.sms.as_ref().expect("an SMS");
            assert_eq!(
                (sms.info.segments, sms.info.units),
                (b.max_segments, b.max_units),
                "{} {locale}",
                message.id
            );
            assert_eq!(sms.text, b.longest, "{} {locale}", message.id);
        }
    }
}
