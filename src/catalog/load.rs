//! Reads a catalog folder (`templates/`, or any team's) into a validated [`Catalog`], or
//! every problem found.
//!
//! The library has it with the `build` feature (`tidings build` in the npm package runs
//! it as WASM over files read in JS); `build.rs` includes this file at its crate root
//! with `#[path]`, next to `check`, `model` and `parts`.

use super::check;
use super::error::ErrorKind;
use super::location;
use super::model::{self, Catalog, Channel, MAX_ENUM_VALUES, Message, Part, Settings, VarType};
use super::parts;
use super::suggest;
use super::translations;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Where a catalog's files come from: a folder on disk (`build.rs`, native callers) or a
/// map of relative paths (`/`-separated) to texts (the npm CLI reads the folder in JS).
pub trait Files {
    /// The text of the file at `rel`.
    fn read(&self, rel: &str) -> Result<String, String>;
    /// Names of the folders directly inside `rel`, in any order.
    fn folders(&self, rel: &str) -> Vec<String>;
    /// Names of the files directly inside `rel`, in any order.
    fn files(&self, rel: &str) -> Vec<String>;
}

/// Why a file that is not there cannot be read (the same words from a folder and a map).
const NOT_FOUND: &str = "the file does not exist";

/// A catalog folder on disk.
pub struct Dir(pub PathBuf);

impl Dir {
    fn entries(&self, rel: &str, dirs: bool) -> Vec<String> {
        std::fs::read_dir(self.0.join(rel))
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .filter(|e| e.path().is_dir() == dirs)
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    }
}

impl Files for Dir {
    fn read(&self, rel: &str) -> Result<String, String> {
        std::fs::read_to_string(self.0.join(rel)).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => NOT_FOUND.to_string(),
            _ => e.to_string(),
        })
    }
    fn folders(&self, rel: &str) -> Vec<String> {
        self.entries(rel, true)
    }
    fn files(&self, rel: &str) -> Vec<String> {
        self.entries(rel, false)
    }
}

/// Relative path → text.
impl Files for BTreeMap<String, String> {
    fn read(&self, rel: &str) -> Result<String, String> {
        self.get(rel).cloned().ok_or_else(|| NOT_FOUND.to_string())
    }
    fn folders(&self, rel: &str) -> Vec<String> {
        let prefix = format!("{rel}/");
        let mut names: Vec<String> = self
            .keys()
            .filter_map(|k| k.strip_prefix(&prefix)?.split_once('/'))
            .map(|(dir, _)| dir.to_string())
            .collect();
        names.dedup();
        names
    }
    fn files(&self, rel: &str) -> Vec<String> {
        let prefix = format!("{rel}/");
        self.keys()
            .filter_map(|k| k.strip_prefix(&prefix))
            .filter(|name| !name.contains('/'))
            .map(str::to_string)
            .collect()
    }
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Manifest {
    catalog: Settings,
    #[serde(default)]
    messages: Vec<Message>,
}

/// Where the manifest's message ids and variable names are, to point problems at them.
#[derive(serde::Deserialize)]
struct Spans {
    #[serde(default)]
    messages: Vec<MessageSpans>,
}

#[derive(serde::Deserialize)]
struct MessageSpans {
    id: toml::Spanned<String>,
    #[serde(default)]
    variables: Vec<VariableSpans>,
}

#[derive(serde::Deserialize)]
struct VariableSpans {
    name: toml::Spanned<String>,
}

/// A catalog problem: the file below `templates/`, a 1-based line and column, a code,
/// a message, and (when there is a line to show) a framed excerpt with a caret.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Problem {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub code: ErrorKind,
    pub message: String,
    pub excerpt: Option<String>,
}

impl Problem {
    /// `<folder>/<file>:<line>:<column>: error[code]: message`, then the excerpt.
    pub fn display(&self, folder: &str) -> String {
        let mut out = format!(
            "{folder}/{}:{}:{}: error[{}]: {}",
            self.file, self.line, self.column, self.code, self.message
        );
        if let Some(excerpt) = &self.excerpt {
            out.push('\n');
            out.push_str(excerpt);
        }
        out
    }
}

/// The problems as the build prints them, for a catalog in `folder` (as the user
/// named it: `templates`): one `file:line:column: error[code]: message` line each,
/// followed by its excerpt.
pub fn report(folder: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| p.display(folder.trim_end_matches('/')) + "\n")
        .collect()
}

/// Loads and checks the catalog folder `dir` (for `tests/build_errors.rs`; the library
/// goes through `pack::build`).
#[allow(dead_code)]
pub fn load(dir: &Path) -> Result<Catalog, Vec<Problem>> {
    load_files(&Dir(dir.to_path_buf()))
}

/// Loads and checks a catalog: the manifest, every partial and every message template.
/// Returns the catalog only when nothing at all is wrong.
pub fn load_files(files: &dyn Files) -> Result<Catalog, Vec<Problem>> {
    let mut loader = Loader {
        files,
        problems: Vec::new(),
    };
    let catalog = loader.catalog();
    match catalog {
        Some(catalog) if loader.problems.is_empty() => Ok(catalog),
        _ => Err(loader.problems),
    }
}

struct Loader<'a> {
    files: &'a dyn Files,
    problems: Vec<Problem>,
}

impl Loader<'_> {
    fn read(&mut self, rel: &str) -> Option<String> {
        match self.files.read(rel) {
            Ok(text) => Some(text),
            Err(e) => {
                self.problems.push(Problem {
                    file: rel.to_string(),
                    line: 1,
                    column: 1,
                    code: ErrorKind::MissingFile,
                    message: format!("cannot read: {e}"),
                    excerpt: None,
                });
                None
            }
        }
    }

    /// A problem at a byte offset of a whole file's `text`.
    fn at_offset(
        &mut self,
        file: &str,
        text: &str,
        offset: usize,
        code: ErrorKind,
        message: String,
    ) {
        let (line, column) = location::position(text, offset);
        self.at_line(file, text, line, column, code, message);
    }

    /// A problem at `line:column` of a whole file's `text`, with its excerpt.
    fn at_line(
        &mut self,
        file: &str,
        text: &str,
        line: u32,
        column: u32,
        code: ErrorKind,
        message: String,
    ) {
        let source_line = text
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .unwrap_or("");
        self.problems.push(Problem {
            file: file.to_string(),
            line,
            column,
            code,
            message,
            excerpt: Some(location::frame(source_line, line, column)),
        });
    }

    /// Turns checker problems (relative to a part starting on file line `first_line`)
    /// into file positions with an excerpt.
    fn checked(&mut self, file: &str, first_line: u32, source: &str, found: Vec<check::Problem>) {
        for p in found {
            let text = source
                .lines()
                .nth(p.line.saturating_sub(1) as usize)
                .unwrap_or("");
            let file_line = first_line + p.line.saturating_sub(1);
            self.problems.push(Problem {
                file: file.to_string(),
                line: file_line,
                column: p.column,
                code: p.code,
                message: p.message,
                excerpt: Some(location::frame(text, file_line, p.column)),
            });
        }
    }

    fn catalog(&mut self) -> Option<Catalog> {
        let text = self.read("manifest.toml")?;
        let manifest: Manifest = match toml::from_str(&text) {
            Ok(m) => m,
            Err(e) => {
                let offset = e.span().map(|s| s.start).unwrap_or(0);
                self.at_offset(
                    "manifest.toml",
                    &text,
                    offset,
                    ErrorKind::Manifest,
                    with_suggestion(e.message().trim()),
                );
                return None;
            }
        };
        // Parses whenever `Manifest` did: `Spans` asks for less.
        let spans: Spans = toml::from_str(&text).unwrap_or(Spans { messages: vec![] });
        let mut settings = manifest.catalog;
        self.time_zones(&mut settings, &text);
        let locales = settings.locales.clone();
        if !locales.contains(&settings.default_locale) {
            let offset = text.find("default_locale").unwrap_or(0);
            self.at_offset(
                "manifest.toml",
                &text,
                offset,
                ErrorKind::Manifest,
                format!(
                    "default_locale `{}` is not in locales",
                    settings.default_locale
                ),
            );
        }

        // The locale translations are made from; the default locale unless it says.
        let source = settings
            .source_locale
            .get_or_insert_with(|| settings.default_locale.clone())
            .clone();
        if !locales.contains(&source) {
            let offset = key_offset(&text, "source_locale");
            self.at_offset(
                "manifest.toml",
                &text,
                offset,
                ErrorKind::Manifest,
                format!("source_locale `{source}` is not in locales"),
            );
        }

        let market_texts = settings.market_texts();
        let partials = self.partials(&locales, &market_texts);
        let partial_names: Vec<&str> = partials.keys().map(String::as_str).collect();
        self.vocabulary(&settings, &text, &partial_names);

        let mut messages = manifest.messages;
        let mut seen: Vec<String> = Vec::new();
        for (index, message) in messages.iter_mut().enumerate() {
            let message_spans = spans.messages.get(index);
            let id = message.id.clone();
            let id_at = message_spans.map_or(0, |s| s.id.span().start);
            let manifest_problem = |this: &mut Self, offset: usize, message: String| {
                this.at_offset("manifest.toml", &text, offset, ErrorKind::Manifest, message);
            };
            if !settings.categories.contains_key(&message.category) {
                let offset = text[id_at..].find("category").map_or(id_at, |o| o + id_at);
                manifest_problem(
                    self,
                    offset,
                    format!(
                        "message `{id}` has category `{}`, which `[catalog.categories]` does not declare ({})",
                        message.category,
                        names(settings.categories.keys())
                    ),
                );
            }
            if seen.contains(&id) {
                manifest_problem(self, id_at, format!("message id `{id}` is declared twice"));
            }
            seen.push(id.clone());
            if id.is_empty()
                || id.starts_with('.')
                || id.contains("..")
                || !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_')
            {
                manifest_problem(
                    self,
                    id_at,
                    format!(
                        "message id `{id}` may use only a-z, 0-9, `.` and `_` (not at the start, `.` not twice in a row)"
                    ),
                );
            }
            if !message.channels.contains(&Channel::Sms) || message.channels.len() < 2 {
                manifest_problem(
                    self,
                    id_at,
                    format!("message `{id}` must have `sms` and at least one more channel"),
                );
            }
            message.channels.sort();
            message.channels.dedup();
            let mut var_names = Vec::new();
            for (i, v) in message.variables.iter().enumerate() {
                let at = message_spans
                    .and_then(|s| s.variables.get(i))
                    .map_or(id_at, |s| s.name.span().start);
                if var_names.contains(&v.name) || v.name == model::TIME_ZONE_VAR {
                    manifest_problem(
                        self,
                        at,
                        format!("{id}: variable `{}` is declared twice or reserved", v.name),
                    );
                }
                var_names.push(v.name.clone());
                if v.values
                    .as_ref()
                    .is_some_and(|vs| vs.len() > MAX_ENUM_VALUES)
                {
                    manifest_problem(
                        self,
                        at,
                        format!(
                            "{id}: `{}` has more than {MAX_ENUM_VALUES} values; an enum is a short list of choices",
                            v.name
                        ),
                    );
                }
                if (v.ty == VarType::Enum) != v.values.is_some() {
                    manifest_problem(
                        self,
                        at,
                        format!("{id}: `values` goes with type enum (variable `{}`)", v.name),
                    );
                }
                if (v.ty == VarType::List) != v.items.is_some() {
                    manifest_problem(
                        self,
                        at,
                        format!("{id}: `items` goes with type list (variable `{}`)", v.name),
                    );
                }
                if (v.ty == VarType::Money || v.items == Some(VarType::Money))
                    && settings.currencies.is_empty()
                {
                    manifest_problem(
                        self,
                        at,
                        format!(
                            "{id}: `{}` is money, but the catalog declares no `currencies` (e.g. `currencies = [\"EUR\"]` in `[catalog]`)",
                            v.name
                        ),
                    );
                }
                if v.items == Some(VarType::List) {
                    manifest_problem(
                        self,
                        at,
                        format!(
                            "{id}: lists of lists are not supported (variable `{}`)",
                            v.name
                        ),
                    );
                }
                for locale in v.examples.keys().filter(|l| !locales.contains(l)) {
                    manifest_problem(
                        self,
                        at,
                        format!(
                            "{id}: `examples` of `{}` names `{locale}`, which is not one of the catalog's locales ({})",
                            v.name,
                            locales.join(", ")
                        ),
                    );
                }
            }
            self.templates_of(message, &locales, &partial_names, &market_texts);
            self.translations_of(message, &locales, &source);
        }
        Some(Catalog {
            settings,
            messages,
            partials,
        })
    }

    /// What the catalog declares for itself: its categories (and what they require),
    /// its currencies, and the SMS part limits per category.
    fn vocabulary(&mut self, settings: &Settings, text: &str, partials: &[&str]) {
        let at = |key: &str| key_offset(text, key);
        if settings.categories.is_empty() {
            self.at_offset(
                "manifest.toml",
                text,
                at("[catalog]"),
                ErrorKind::Manifest,
                "the catalog declares no categories: add `[catalog.categories]`, e.g. `security = { trusted_links = true }`".into(),
            );
        }
        for (name, rules) in &settings.categories {
            if !is_name(name) {
                self.at_offset(
                    "manifest.toml",
                    text,
                    at(name),
                    ErrorKind::Manifest,
                    format!("category `{name}` may use only a-z, 0-9 and `_`"),
                );
            }
            for partial in &rules.must_include {
                if !partials.contains(&partial.as_str()) {
                    self.at_offset(
                        "manifest.toml",
                        text,
                        at("must_include"),
                        ErrorKind::Manifest,
                        format!(
                            "category `{name}` must include partial `{partial}`, which is not in partials/ ({})",
                            names(partials.iter())
                        ),
                    );
                }
            }
        }
        for category in settings.sms.max_parts.keys() {
            if !settings.categories.contains_key(category) {
                self.at_offset(
                    "manifest.toml",
                    text,
                    at("max_parts"),
                    ErrorKind::Manifest,
                    format!("`max_parts` names category `{category}`, which is not declared"),
                );
            }
        }
        self.markets(settings, text);
        for locale in settings.app_name.keys() {
            if !settings.locales.contains(locale) {
                self.at_offset(
                    "manifest.toml",
                    text,
                    at("app_name"),
                    ErrorKind::Manifest,
                    format!(
                        "`app_name` names `{locale}`, which is not one of the catalog's locales ({})",
                        names(settings.locales.iter())
                    ),
                );
            }
        }
        for code in &settings.currencies {
            if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
                self.at_offset(
                    "manifest.toml",
                    text,
                    at("currencies"),
                    ErrorKind::Manifest,
                    format!("currency `{code}` is not an ISO 4217 code (three capital letters, e.g. `EUR`)"),
                );
            }
        }
    }

    /// `[catalog.markets]`: each market's SMS locales are catalog locales with a
    /// signature (and an opt-out where a category needs one), calling codes are claimed
    /// once, every market has the same `@market` texts, and every locale a home market.
    /// With markets, signatures and opt-outs are theirs alone (one place for each).
    fn markets(&mut self, settings: &Settings, text: &str) {
        let problem = |this: &mut Self, key: &str, message: String| {
            let offset = key_offset(text, key);
            this.at_offset("manifest.toml", text, offset, ErrorKind::Manifest, message);
        };
        if settings.markets.is_empty() {
            if !settings.home_markets.is_empty() {
                problem(self, "home_markets", "`home_markets` names markets, but the catalog declares no `[catalog.markets.<ID>]`".into());
            }
            return;
        }
        if !settings.sms.signature.is_empty() || !settings.sms.opt_out.is_empty() {
            problem(self, "[catalog.sms]", "with `[catalog.markets]`, each market declares its `signature` and `opt_out`; remove them from `[catalog.sms]`".into());
        }
        let needs_opt_out = settings.categories.values().any(|c| c.sms_opt_out);
        let texts = settings.market_texts();
        let mut claimed: BTreeMap<&str, &str> = BTreeMap::new();
        let mut rest_of_world = Vec::new();
        for (id, m) in &settings.markets {
            let section = format!("[catalog.markets.{id}]");
            if id.is_empty() || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                problem(
                    self,
                    &section,
                    format!("market `{id}` may use only A-Z, a-z, 0-9 and `_`"),
                );
            }
            if m.sms_locales.is_empty() {
                problem(
                    self,
                    &section,
                    format!("market `{id}` has no `sms_locales`"),
                );
            }
            for locale in &m.sms_locales {
                if !settings.locales.contains(locale) {
                    problem(
                        self,
                        &section,
                        format!(
                            "market `{id}`: SMS locale `{locale}` is not one of the catalog's locales ({})",
                            names(settings.locales.iter())
                        ),
                    );
                }
                if !m.signature.contains_key(locale) {
                    problem(
                        self,
                        &section,
                        format!("market `{id}` has no `signature` for its SMS locale `{locale}`"),
                    );
                }
                if needs_opt_out && !m.opt_out.contains_key(locale) {
                    problem(
                        self,
                        &section,
                        format!(
                            "market `{id}` has no `opt_out` for its SMS locale `{locale}` (categories with `sms_opt_out` need one)"
                        ),
                    );
                }
            }
            for locale in m.signature.keys().chain(m.opt_out.keys()) {
                if !m.sms_locales.contains(locale) {
                    problem(
                        self,
                        &section,
                        format!(
                            "market `{id}` signs or ends SMS in `{locale}`, which is not one of its `sms_locales`"
                        ),
                    );
                }
            }
            let own: Vec<&str> = m.texts.keys().map(String::as_str).collect();
            if own != texts {
                problem(
                    self,
                    &section,
                    format!(
                        "market `{id}` has texts {}, the others {}: every market declares the same `texts`",
                        names(own.iter()),
                        names(texts.iter())
                    ),
                );
            }
            if m.calling_codes.is_empty() {
                rest_of_world.push(id.as_str());
            }
            if let Some(zone) = &m.time_zone {
                let listed = settings.time_zones.as_ref().is_none_or(|zones| {
                    super::data::canonical_zone(zone).is_some_and(|c| zones.iter().any(|z| z == c))
                });
                if super::data::canonical_zone(zone).is_none() || !listed {
                    problem(
                        self,
                        &section,
                        format!(
                            "market `{id}`: `time_zone` `{zone}` is not an IANA zone the catalog carries"
                        ),
                    );
                }
            }
            for code in &m.calling_codes {
                if code.is_empty() || code.len() > 4 || !code.bytes().all(|b| b.is_ascii_digit()) {
                    problem(
                        self,
                        &section,
                        format!(
                            "market `{id}`: calling code `{code}` is not a country calling code (1 to 4 digits, no `+`)"
                        ),
                    );
                } else if let Some(other) = claimed.insert(code, id) {
                    problem(
                        self,
                        &section,
                        format!("calling code `{code}` belongs to markets `{other}` and `{id}`"),
                    );
                }
            }
        }
        if rest_of_world.len() > 1 {
            problem(
                self,
                "calling_codes",
                format!(
                    "markets {} have no `calling_codes`; only one market may take the rest of the world",
                    names(rest_of_world.iter())
                ),
            );
        }
        for locale in &settings.locales {
            match settings
                .home_markets
                .get(locale)
                .map(|m| (m, settings.markets.get(m)))
            {
                None => problem(
                    self,
                    "home_markets",
                    format!(
                        "locale `{locale}` has no home market in `home_markets` (the market its customers are in when a render names none)"
                    ),
                ),
                Some((m, None)) => problem(
                    self,
                    "home_markets",
                    format!("`home_markets` names market `{m}`, which is not declared"),
                ),
                Some((m, Some(rules))) if !rules.sms_locales.contains(locale) => problem(
                    self,
                    "home_markets",
                    format!(
                        "`{locale}`'s home market `{m}` does not send SMS in `{locale}` (its `sms_locales`)"
                    ),
                ),
                Some(_) => {}
            }
        }
        for locale in settings.home_markets.keys() {
            if !settings.locales.contains(locale) {
                problem(
                    self,
                    "home_markets",
                    format!(
                        "`home_markets` names locale `{locale}`, which is not one of the catalog's locales"
                    ),
                );
            }
        }
    }

    /// The default time zone and `time_zones` (if declared) must be IANA zones, and the
    /// default one of the list; the list is kept in canonical spelling, which is what
    /// the compiled file carries and error messages name.
    fn time_zones(&mut self, settings: &mut Settings, text: &str) {
        let at = |key: &str| text.find(key).unwrap_or(0);
        let default = &settings.default_time_zone;
        if super::data::canonical_zone(default).is_none() {
            let message = format!(
                "default_time_zone `{default}` is not an IANA time zone (e.g. `Asia/Shanghai`)"
            );
            self.at_offset(
                "manifest.toml",
                text,
                at("default_time_zone"),
                ErrorKind::Manifest,
                message,
            );
        }
        let Some(list) = &mut settings.time_zones else {
            return;
        };
        let mut problems = Vec::new();
        for name in list.iter_mut() {
            match super::data::canonical_zone(name) {
                Some(canonical) => *name = canonical.to_string(),
                None => problems.push(format!(
                    "time zone `{name}` in `time_zones` is not an IANA time zone (e.g. `Asia/Shanghai`)"
                )),
            }
        }
        if list.is_empty() {
            problems.push("`time_zones` is empty: list the zones messages may be shown in, or leave it out for all of them".into());
        } else if !list
            .iter()
            .any(|z| z.eq_ignore_ascii_case(&settings.default_time_zone))
        {
            problems.push(format!(
                "default_time_zone `{}` is not in `time_zones` ({})",
                settings.default_time_zone,
                list.join(", ")
            ));
        }
        for message in problems {
            self.at_offset(
                "manifest.toml",
                text,
                at("time_zones"),
                ErrorKind::Manifest,
                message,
            );
        }
    }

    /// Partials: `partials/<name>/<locale>.hbs`, checked with no variables.
    fn partials(
        &mut self,
        locales: &[String],
        market: &[&str],
    ) -> BTreeMap<String, BTreeMap<String, Part>> {
        let mut partials = BTreeMap::new();
        let mut names = self.files.folders("partials");
        names.sort();
        for name in names {
            let mut by_locale = BTreeMap::new();
            for locale in locales {
                let file = format!("partials/{name}/{locale}.hbs");
                let Some(source) = self.read(&file) else {
                    continue;
                };
                let source = source.trim_end().to_string();
                let env = check::Env {
                    variables: Some(&[]),
                    partials: &[],
                    market,
                    // HTML parts include partials too: check them as strictly.
                    html: true,
                };
                self.checked(&file, 1, &source, check::analyse(&source, &env).problems);
                by_locale.insert(
                    locale.clone(),
                    Part {
                        name: name.clone(),
                        source,
                        file,
                        first_line: 1,
                    },
                );
            }
            partials.insert(name, by_locale);
        }
        partials
    }

    /// Reads, splits and checks `messages/<id>/<locale>.hbs` for every locale.
    fn templates_of(
        &mut self,
        message: &mut Message,
        locales: &[String],
        partial_names: &[&str],
        market: &[&str],
    ) {
        let id = message.id.clone();
        let dir = format!("messages/{id}");
        {
            let mut files = self.files.files(&dir);
            files.extend(self.files.folders(&dir));
            files.sort();
            for file in files {
                let stem = file.strip_suffix(".hbs").unwrap_or(&file);
                if file != translations::FILE && !locales.iter().any(|l| l == stem) {
                    self.problems.push(Problem {
                        file: format!("messages/{id}/{file}"),
                        line: 1,
                        column: 1,
                        code: ErrorKind::UnknownLocale,
                        message: format!(
                            "`{file}` is not a template of a catalog locale ({})",
                            locales.join(", ")
                        ),
                        excerpt: None,
                    });
                }
            }
        }
        let expected: Vec<&str> = message
            .channels
            .iter()
            .flat_map(|c| c.parts().iter().copied())
            .collect();
        for locale in locales {
            let file = format!("{dir}/{locale}.hbs");
            let Some(text) = self.read(&file) else {
                continue;
            };
            let raw = match parts::split(&text) {
                Ok(raw) => raw,
                Err(e) => {
                    self.at_line(&file, &text, e.line, 1, ErrorKind::Layout, e.message);
                    continue;
                }
            };
            let mut found = Vec::new();
            for part in raw {
                if !expected.contains(&part.name.as_str()) {
                    let message = if Channel::of_part(&part.name).is_some() {
                        format!(
                            "part `{}` belongs to a channel `{id}` does not declare",
                            part.name
                        )
                    } else {
                        format!(
                            "unknown part `{}` (parts are: {})",
                            part.name,
                            expected.join(", ")
                        )
                    };
                    let line = divider_line(&text, &part.name)
                        .unwrap_or(part.first_line.saturating_sub(1));
                    self.at_line(&file, &text, line, 5, ErrorKind::Layout, message);
                    continue;
                }
                let env = check::Env {
                    variables: Some(&message.variables),
                    partials: partial_names,
                    market,
                    html: model::part_is_html(&part.name),
                };
                self.checked(
                    &file,
                    part.first_line,
                    &part.source,
                    check::analyse(&part.source, &env).problems,
                );
                found.push(Part {
                    name: part.name,
                    source: part.source,
                    file: file.clone(),
                    first_line: part.first_line,
                });
            }
            for want in &expected {
                if !found.iter().any(|p| p.name == *want) {
                    self.problems.push(Problem {
                        file: file.clone(),
                        line: 1,
                        column: 1,
                        code: ErrorKind::MissingPart,
                        message: format!(
                            "missing part `--- {want}` (channel {})",
                            Channel::of_part(want).map(|c| c.as_str()).unwrap_or("?")
                        ),
                        excerpt: None,
                    });
                }
            }
            found.sort_by_key(|p| expected.iter().position(|e| *e == p.name));
            message.templates.insert(locale.clone(), found);
        }
    }
}

impl Loader<'_> {
    /// Reads `messages/<id>/translations.toml` when there is one: for each translated
    /// locale (not the source), each of the message's parts → the hash of the source
    /// text it was made from.
    fn translations_of(&mut self, message: &mut Message, locales: &[String], source: &str) {
        let file = format!("messages/{}/{}", message.id, translations::FILE);
        if !self
            .files
            .files(&format!("messages/{}", message.id))
            .iter()
            .any(|f| f == translations::FILE)
        {
            return;
        }
        let Some(text) = self.read(&file) else {
            return;
        };
        type Spanned = toml::Spanned<String>;
        let table: BTreeMap<Spanned, BTreeMap<Spanned, Spanned>> = match toml::from_str(&text) {
            Ok(t) => t,
            Err(e) => {
                let offset = e.span().map(|s| s.start).unwrap_or(0);
                let why = format!(
                    "{} (expected `[<locale>]` tables of `<part> = \"<16 hex digits>\"`)",
                    e.message().trim()
                );
                self.at_offset(&file, &text, offset, ErrorKind::Layout, why);
                return;
            }
        };
        let parts: Vec<&str> = message
            .channels
            .iter()
            .flat_map(|c| c.parts().iter().copied())
            .collect();
        for (locale, records) in table {
            if locale.as_ref() == source || !locales.contains(locale.as_ref()) {
                let why = if locale.as_ref() == source {
                    format!(
                        "`{source}` is the source locale: its text is what translations are made from"
                    )
                } else {
                    format!(
                        "`{}` is not a catalog locale ({})",
                        locale.as_ref(),
                        locales.join(", ")
                    )
                };
                self.at_offset(
                    &file,
                    &text,
                    locale.span().start,
                    ErrorKind::UnknownLocale,
                    why,
                );
                continue;
            }
            for (part, hash) in records {
                if !parts.contains(&part.as_ref().as_str()) {
                    let why = format!(
                        "`{}` is not a part of `{}` (parts are: {})",
                        part.as_ref(),
                        message.id,
                        parts.join(", ")
                    );
                    self.at_offset(&file, &text, part.span().start, ErrorKind::Layout, why);
                } else if !translations::is_hash(hash.as_ref()) {
                    let why = format!(
                        "`{}` is not a source hash (16 lowercase hex digits, as the editor writes)",
                        hash.as_ref()
                    );
                    self.at_offset(&file, &text, hash.span().start, ErrorKind::Layout, why);
                } else {
                    message
                        .translations
                        .entry(locale.as_ref().clone())
                        .or_default()
                        .insert(part.into_inner(), hash.into_inner());
                }
            }
        }
    }
}

/// The byte offset of the first place `key` is written as a key (as a whole word, before
/// any `#` of its line), so that a comment mentioning it is not where a problem points;
/// the file's start when it is nowhere.
fn key_offset(text: &str, key: &str) -> usize {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let code = line.split('#').next().unwrap_or("");
        for (at, _) in code.match_indices(key) {
            let before = code.as_bytes()[..at].last().copied();
            let after = code.as_bytes().get(at + key.len()).copied();
            if !before.is_some_and(word) && !after.is_some_and(word) {
                return offset + at;
            }
        }
        offset += line.len();
    }
    0
}

/// serde's "unknown field `requierd`, expected one of `name`, …" with "did you mean
/// `required`?" when one of the expected names is close.
fn with_suggestion(message: &str) -> String {
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return message.to_string();
    };
    let Some((field, expected)) = rest.split_once('`') else {
        return message.to_string();
    };
    let names = expected.split('`').skip(1).step_by(2);
    format!("{message}{}", suggest::did_you_mean(field, names))
}

/// A category or similar name: a-z, 0-9 and `_`, starting with a letter.
fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Names for a message: `a, b, c`, or `none`.
fn names<S: AsRef<str>>(names: impl Iterator<Item = S>) -> String {
    let all: Vec<String> = names.map(|n| format!("`{}`", n.as_ref())).collect();
    if all.is_empty() {
        "none".into()
    } else {
        all.join(", ")
    }
}

/// The 1-based line of the `--- <name>` divider in a template file.
fn divider_line(text: &str, name: &str) -> Option<u32> {
    text.lines()
        .position(|l| l.strip_prefix("--- ").is_some_and(|n| n.trim() == name))
        .and_then(|i| u32::try_from(i + 1).ok())
}
