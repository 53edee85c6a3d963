// tidings template editor: the catalog, a message's previews in every locale, the
// variables form, the locale preference and the template source in CodeMirror — all
// rendered through the web build of the same WASM module Node uses (pkg/web).
import { openCatalog, openFile, CatalogProblems } from './modules/catalog.js';
import { takeToken, saveDialog } from './modules/save.js';
import { statusOf, recordsAfter, recordsFile, canDraft, draft, pseudo } from './modules/translation.js';
import { createEditor } from './vendor/editor.js';
import { el, $, $$, setText, arrowKeys } from './modules/dom.js';
import { buildForm } from './modules/form.js';
import { buildColumn } from './modules/preview.js';
import { buildCatalogList } from './views/catalog-list.js';
import { drawNegotiated, createAnnouncer, createDataErrorBox, drawEditorError as drawEditorErrorBox, drawEdits as drawEditList } from './views/status.js';
import { drawTranslationBar } from './views/translation-bar.js';
import { buildTabs as buildTabViews, drawTabs as drawTabViews, drawViewTabs as drawViewTabViews } from './views/tabs.js';
import { drawWarnings as drawWarningList, drawLint as drawLintList, drawCount as drawCheckCount } from './views/checks.js';
import { createChecks } from './modules/checks.js';
import { encodeState, decodeState, readHash, writeHash } from './modules/url-state.js';
import { useSchema, schema, channelParts } from './modules/schema.js';
import { createSessions, dataFor, setField, setData, resetData, linkState } from './modules/state.js';

const parsePref = (text) => text.split(/[\s,;]+/).map((t) => t.trim()).filter(Boolean);

takeToken();
let opened;
try {
  opened = await openCatalog();
} catch (e) {
  // The folder on disk does not build (a file edited elsewhere): say what to fix, as
  // `tidings build` would, instead of an empty page.
  if (!(e instanceof CatalogProblems)) throw e;
  document.body.replaceChildren(el('main', { class: 'broken' },
    el('h1', { text: 'The catalog folder does not build' }),
    el('p', { text: 'Fix these problems in the files, then reload this page:' }),
    el('pre', { class: 'report', text: e.report })));
  document.body.dataset.ready = 'broken';
  throw e;
}
const api = opened.catalog;
// Columns in the catalog's own locale order; the customer's languages start as its default.
const settings = api.settings();
useSchema(api.schema(), { name: opened.name });
const LOCALE_ORDER = settings.locales;
const DEFAULT_PREF = settings.defaultLocale;
const SOURCE = settings.sourceLocale; // the locale translations are made from
const catalog = api.messages();
const byId = new Map(catalog.map((m) => [m.id, m]));
const check = createChecks(api, opened.bytes);
setText($('#catalog-name'), opened.name ? `Catalog: ${opened.name}${opened.save ? ' (saves to disk)' : ''}` : 'Demo catalog');
$('#save').hidden = !opened.save;
$('#open-catalog-button').addEventListener('click', () => $('#open-catalog').click());
$('#open-catalog').addEventListener('change', async (event) => {
  const file = event.target.files?.[0];
  if (!file) return;
  try {
    await openFile(file);
  } catch (e) {
    setText($('#share-status'), `${file.name} is not a compiled catalog: ${e.message}`);
  }
});
// The catalog's lint status (~250 ms in the worker) is asked for after the open
// message's own checks, so those come first.
let firstChecks;
const firstChecksDone = new Promise((resolve) => { firstChecks = resolve; });
const catalogLint = firstChecksDone.then(() => check('lint', null));

const partsOf = (m) => m.channels.flatMap(channelParts);
const localesOf = (m) => [...LOCALE_ORDER.filter((l) => m.locales.includes(l)), ...m.locales.filter((l) => !LOCALE_ORDER.includes(l))];

/** Per message (kept while the page is open): data, unsaved edits, what the editor shows. */
const sessions = createSessions({ storageKey: `tidings.edits.${opened.name ?? 'demo'}`, partsOf });
const session = (m) => sessions.of(m);

let pref = DEFAULT_PREF;
let market = ''; // the destination market of the previews; '' is each locale's home market (`home_markets`)
let viewLocale = null; // the column shown on narrow screens (null: the customer's)
let cur = null; // the open message: { m, s, locales, parts, columns, lastGood, errors, form, neg, lint }

// ------------------------------------------------------------------ editor

const editor = createEditor($('#editor'), {
  onChange(doc) {
    const { locale, part } = editorTarget();
    const original = cur.m.templates[locale]?.[part] ?? '';
    const edits = cur.s.edits;
    if (doc === original) {
      delete edits[locale]?.[part];
      if (edits[locale] && !Object.keys(edits[locale]).length) delete edits[locale];
    } else {
      (edits[locale] ??= {})[part] = doc;
    }
    viewLocale = locale; // narrow screens show the locale being edited
    refresh();
  },
  words: () => ({ variables: cur?.m.variables ?? [], partials: schema().partials, helpers: schema().helpers }),
  helpers: schema().helpers,
});

const sourceOf = (locale, part) => cur.s.edits[locale]?.[part] ?? cur.m.templates[locale]?.[part] ?? '';
const isEdited = (locale, part) => cur.s.edits[locale]?.[part] !== undefined;
function editorTarget() {
  // The file picked, else the customer's locale when the message was opened: changing the
  // customer's languages later changes the previews, never the file being edited.
  const locale = cur.s.editor.locale ?? cur.openedWith ?? cur.locales[0];
  return { locale: cur.locales.includes(locale) ? locale : cur.locales[0], part: cur.s.editor.part };
}

function openEditor() {
  const { locale, part } = editorTarget();
  const key = `${cur.m.id}|${locale}|${part}`;
  if (editor.key !== key || editor.doc !== sourceOf(locale, part)) {
    editor.open(key, sourceOf(locale, part), { html: part === 'email.html', label: `Template source, ${locale} ${part}`, lang: locale });
  }
  setText($('#file-path'), `templates/messages/${cur.m.id}/${locale}.hbs`);
  $('#file-path').title = `The file this part belongs to (section “--- ${part}”)`;
  setText($('#download'), `Download ${locale}.hbs`);
}

function edit(locale, part, { line, column, focus = true } = {}) {
  cur.s.editor.locale = locale;
  cur.s.editor.part = part;
  refresh();
  if (line) editor.reveal(line, column);
  else if (focus) editor.focus();
}

// ------------------------------------------------------------------ catalog

function buildCatalog() {
  buildCatalogList($('#catalog'), catalog, {
    filter: $('#filter'),
    empty: $('#catalog-empty'),
    localesOf,
    partsOf,
    source: SOURCE,
    onSelect: (id) => select(id, { user: true }),
    onEscape() {
      if (drawer()) { setNav(false); $('#catalog-toggle').focus(); }
    },
    lint: catalogLint,
  }).then(() => { if (cur) drawHeader(); }, () => {});
}

// ------------------------------------------------------------------ message

function drawHeader() {
  const { m } = cur;
  setText($('#title'), m.id);
  setText($('#category'), m.category);
  $('#category').dataset.category = m.category;
  setText($('#description'), m.description);
  const badge = $(`button.msg[data-id="${CSS.escape(m.id)}"] [data-lint]`);
  $('#msg-meta').replaceChildren(
    el('span', {}, el('span', { class: 'muted', text: 'Channels ' }), m.channels.join(' · ')),
    el('span', {}, el('span', { class: 'muted', text: 'Locales ' }), localesOf(m).join(' · ')),
    el('span', {}, el('span', { class: 'muted', text: 'Catalog lint ' }), el('span', { class: badge?.className ?? 'lint', text: badge?.textContent ?? '…' })));
  document.title = `${m.id} — tidings editor`;
}

function select(id, { user = false } = {}) {
  const m = byId.get(id) ?? catalog[0];
  const s = session(m);
  cur = { m, s, locales: localesOf(m), parts: partsOf(m), columns: new Map(), lastGood: new Map(), errors: new Map(), lint: null, neg: null };
  for (const b of $$('button.msg')) {
    if (b.dataset.id === m.id) b.setAttribute('aria-current', 'true');
    else b.removeAttribute('aria-current');
  }
  drawHeader();
  cur.form = buildForm($('#vars'), m, {
    currencies: settings.currencies,
    defaultZone: settings.defaultTimeZone,
    get: () => cur.s.data,
    set(name, value) {
      setField(cur.s, name, value);
      refresh();
    },
  });
  const previews = $('#previews');
  previews.replaceChildren();
  for (const locale of cur.locales) {
    const col = buildColumn(m, locale, {
      onEdit: (l, p) => edit(l, p),
      smsLimit: settings.sms?.maxParts?.[m.category],
      // "load it": the data of the SMS's longest case, within every declared bound.
      onWorstCase(data) {
        setData(cur.s, data);
        refresh();
        flash(`Loaded the longest case of the ${locale} SMS into the data.`);
      },
    });
    cur.columns.set(locale, col);
    previews.append(col.node);
  }
  for (const col of cur.columns.values()) col.emailView(emailView());
  cur.pseudo = null;
  const base = pseudoBase(m);
  if ($('#pseudo').checked && base) {
    cur.pseudo = { base, col: buildColumn(m, base, { onEdit: (l, p) => edit(l, p), id: 'pseudo', name: `Pseudo-locale (from ${base}, ~40% longer)` }) };
    previews.append(cur.pseudo.col.node);
    cur.pseudo.col.emailView(emailView());
  }
  buildTabs();
  cur.form.sync();
  refresh();
  if (user && drawer()) {
    const fromNav = $('#catalog-nav').contains(document.activeElement);
    setNav(false, { focus: false });
    if (fromNav) $('#title').focus(); // keyboard users continue on the message
  }
}

// ------------------------------------------------------------------ tabs

function buildTabs() {
  const { locale, part } = editorTarget();
  buildTabViews({
    locales: cur.locales, channels: cur.m.channels, locale, part,
    onLocale: (l) => edit(l, cur.s.editor.part, { focus: false }),
    onPart: (p) => edit(editorTarget().locale, p, { focus: false }),
    onView: (l) => { viewLocale = l; drawViewTabs(); },
  });
}

function drawTabs() {
  const { locale, part } = editorTarget();
  drawTabViews({
    locale, part, parts: cur.parts,
    edited: (l, p) => (p === undefined ? Boolean(cur.s.edits[l]) : isEdited(l, p)),
    failed: (l) => cur.errors.get(l)?.part,
    outdated: (l, p) => translationOf(l, p) === 'outdated',
  });
  drawTranslation();
  drawViewTabs();
}

function drawViewTabs() {
  drawViewTabViews(cur.columns, { shown: cur.locales.includes(viewLocale) ? viewLocale : cur.neg.locale, chosen: cur.neg.locale });
}

for (const [list, horizontal] of [['#locale-tabs', true], ['#part-tabs', true], ['#view-tabs', true]]) {
  arrowKeys($(list), () => $$(`${list} [role=tab]`), { horizontal, activate: (b) => b.click() });
}

// ------------------------------------------------------------------ render

function refresh() {
  const { m, s } = cur;
  const prefs = parsePref(pref);
  const neg = api.negotiateLocale(prefs.length ? prefs : [DEFAULT_PREF]);
  cur.neg = neg;
  cur.openedWith ??= neg.locale;
  let dataError = null;
  const fieldErrors = new Map();
  for (const locale of cur.locales) {
    const col = cur.columns.get(locale);
    const sources = s.edits[locale];
    // The customer's column is rendered from the preference list itself.
    const request = locale === neg.locale && prefs.length ? prefs : locale;
    try {
      const options = { ...(sources ? { sources } : {}), ...(market ? { market } : {}) };
      const r = api.render(m.id, request, dataFor(m, s, locale), Object.keys(options).length ? options : undefined);
      cur.lastGood.set(locale, r);
      cur.errors.set(locale, null);
      col.update(r);
      col.error(null, {});
    } catch (e) {
      cur.errors.set(locale, e);
      if (e.path) fieldErrors.set(e.path.split(/[.[]/)[0], e.reason ?? e.message);
      const isData = !e.part;
      if (isData) dataError ??= e;
      col.error(e, { hasPreview: cur.lastGood.has(locale), compact: isData, onLocate: (err) => edit(locale, err.part, { line: err.line, column: err.column }) });
    }
    col.chosen(locale === neg.locale);
  }
  if (cur.pseudo) renderPseudo();
  cur.form.setErrors(fieldErrors);
  cur.form.sync();
  announceNewErrors();
  openEditor();
  drawNegotiated(neg, prefs);
  drawDataError(dataError);
  drawTabs();
  drawEdits();
  drawEditorError();
  drawWarnings();
  drawLint();
  applyEditorDiagnostics();
  syncJson();
  drawLocalData();
  scheduleChecks();
  scheduleUrl();
}

const announceNewErrors = (() => {
  const announce = createAnnouncer($('#announce'));
  return () => announce(cur.m.id, cur.errors);
})();

const drawDataError = createDataErrorBox($('#data-error'), (path) => cur.form.focus(path.split(/[.[]/)[0]));

function drawEditorError() {
  const { locale, part } = editorTarget();
  const e = cur.errors.get(locale);
  drawEditorErrorBox($('#editor-error'), { locale, part, e, onGo: () => edit(locale, e.part, { line: e.line, column: e.column }) });
}

function drawEdits() {
  const { locale, part } = editorTarget();
  drawEditList({ id: cur.m.id, edits: cur.s.edits, openEdited: isEdited(locale, part), onOpen: (l, p) => edit(l, p) });
}

function drawWarnings() {
  cur.warningCount = drawWarningList($('#warn-list'), {
    locales: cur.locales, errors: cur.errors, lastGood: cur.lastGood,
    onPath: (path) => cur.form.focus(path.split(/[.[]/)[0]),
  });
  drawCount();
}

function drawLint() {
  cur.lintCount = drawLintList($('#lint-list'), $('#lint-scope'), cur.lint, {
    onGo: (d) => edit(d.locale, d.part, { line: d.line, column: d.column }),
  });
  drawCount();
}

function drawCount() {
  const failed = cur.errors && [...cur.errors.values()].some(Boolean) ? 1 : 0;
  drawCheckCount($('#checks-count'), { checking: !cur.lint, count: (cur.lintCount ?? 0) + (cur.warningCount ?? 0) + failed });
}

function applyEditorDiagnostics() {
  const { locale, part } = editorTarget();
  const list = [];
  const e = cur.errors.get(locale);
  if (e && e.part === part) list.push({ line: e.line, column: e.column, severity: 'error', message: e.reason ?? e.message, source: e.code });
  const info = cur.lint;
  // Only findings computed on the source the editor shows now.
  const current = (info?.sources.get(`${locale}|${part}`) ?? null) === (isEdited(locale, part) ? sourceOf(locale, part) : null);
  if (info && current) {
    for (const d of info.list) {
      if (d.locale !== locale || d.part !== part) continue;
      if (e && d.line === e.line && d.column === e.column) continue;
      list.push({ line: d.line, column: d.column, severity: d.severity, message: d.message, source: d.code });
    }
  }
  editor.setDiagnostics(list);
  $('#editor').dataset.diagnostics = String(list.length);
}

// ------------------------------------------------------------------ slower checks

let checksTimer = 0;
let checksToken = 0;
// The token moves on when a run is scheduled, not when it starts: a run still awaiting
// the worker when the next one is scheduled must neither draw nor clear `pending`
// (tests and the URL wait for `pending` to clear, and would otherwise read stale checks).
function scheduleChecks() {
  clearTimeout(checksTimer);
  checksToken += 1;
  $('#checks').dataset.pending = 'true';
  checksTimer = setTimeout(runChecks, 120);
}

/**
 * Checks over the whole message: the catalog's lint of it, and for every part edited in
 * any locale a lint with that edit — each part's findings come from the run that has its
 * current source, so an error in a part no longer open stays listed (and Download warns).
 */
async function runChecks() {
  const token = checksToken;
  const { m, s } = cur;
  const edits = Object.entries(s.edits).flatMap(([l, parts]) => Object.entries(parts).map(([p, src]) => ({ locale: l, part: p, source: src })));
  const failed = (locale, part) => (err) => [{ severity: 'error', code: err.code ?? 'error', message: err.message, locale, part }];
  const runs = [
    check('lint', m.id).catch(failed()),
    ...edits.map((e) => check('lintSource', m.id, e.locale, e.part, e.source).catch(failed(e.locale, e.part))),
  ];
  const bounds = m.channels.includes('sms')
    ? cur.locales.map((l) => check('smsBounds', m.id, l, s.edits[l]?.sms ?? null).catch((err) => ({ error: err.message })))
    : [];
  const [[base, ...perEdit], b] = await Promise.all([Promise.all(runs), Promise.all(bounds)]);
  firstChecks();
  if (token !== checksToken || cur.m !== m) return;
  const at = (d) => `${d.locale ?? ''}|${d.part ?? ''}`;
  const editedAt = new Set(edits.map(at));
  const seen = new Set();
  const list = [];
  const add = (d) => {
    const k = `${at(d)}|${d.code}|${d.line ?? ''}|${d.column ?? ''}|${d.message}`;
    if (!seen.has(k)) { seen.add(k); list.push(d); }
  };
  // Parts not edited, and findings about the whole message, as the catalog has them;
  // an edited part's findings from the run with its edit.
  // Whether a translation is outdated depends on the source part: with the source's edit.
  const staleBySource = (d, e) => d.code === 'outdated_translation' && e.locale === SOURCE && d.part === e.part;
  for (const d of base) if (!editedAt.has(at(d)) && !(d.code === 'outdated_translation' && editedAt.has(`${SOURCE}|${d.part}`))) add(d);
  perEdit.forEach((ds, i) => { for (const d of ds) if (at(d) === at(edits[i]) || !d.part || staleBySource(d, edits[i])) add(d); });
  const sources = new Map(edits.map((e) => [at(e), e.source]));
  cur.lint = { list, edits: edits.length, sources };
  b.forEach((x, i) => cur.columns.get(cur.locales[i]).bounds(x));
  drawLint();
  applyEditorDiagnostics();
  delete $('#checks').dataset.pending;
}

// ------------------------------------------------------------------ data JSON

/** Which fields each locale fills with its own example (the manifest's `examples`). */
function drawLocalData() {
  const { m, s } = cur;
  const note = $('#data-local');
  const names = [...s.local];
  note.hidden = !names.length;
  if (!names.length) return;
  const shown = (v) => (typeof v === 'string' ? v : JSON.stringify(v));
  note.replaceChildren(`Each language previews its own example of ${names.map((n) => `\`${n}\``).join(', ')} (`,
    ...Object.entries(m.examples ?? {}).flatMap(([locale, ex], i) => [i ? '; ' : '', el('span', { lang: locale, text: `${locale}: ${names.map((n) => shown(ex[n])).join(', ')}` })]),
    '). A value you type applies to every language.');
}

function syncJson() {
  const box = $('#json');
  if (document.activeElement !== box) {
    box.value = JSON.stringify(cur.s.data, null, 2);
    $('#json-error').hidden = true;
    box.removeAttribute('aria-invalid');
  }
}

$('#json').addEventListener('input', () => {
  const box = $('#json');
  let parsed;
  try {
    parsed = JSON.parse(box.value);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the data must be a JSON object');
  } catch (e) {
    $('#json-error').hidden = false;
    $('#json-error').textContent = `Not applied: ${e.message}`;
    box.setAttribute('aria-invalid', 'true');
    return;
  }
  $('#json-error').hidden = true;
  box.removeAttribute('aria-invalid');
  setData(cur.s, parsed);
  refresh();
});

$('#reset-data').addEventListener('click', () => {
  resetData(cur.m, cur.s);
  refresh();
});

// ------------------------------------------------------------------ edits: reset, download

$('#reset-part').addEventListener('click', () => {
  const { locale, part } = editorTarget();
  editor.replace(cur.m.templates[locale]?.[part] ?? ''); // undoable (Ctrl-Z)
  editor.focus();
});

$('#discard').addEventListener('click', () => {
  if (!confirm('Discard every unsaved edit of this message?')) return;
  cur.s.edits = {};
  editor.forget(`${cur.m.id}|`);
  refresh();
});

/** The file that belongs in templates/messages/<id>/<locale>.hbs, with the edits applied. */
function fileText(locale) {
  return cur.parts.map((p) => `--- ${p}\n${sourceOf(locale, p)}\n`).join('');
}

$('#download').addEventListener('click', () => {
  const { locale } = editorTarget();
  // The file would not build, or breaks a rule: say so before it leaves the editor.
  const errors = (cur.lint?.list ?? []).filter((d) => d.severity === 'error' && d.locale === locale);
  if (errors.length && !confirm(`${locale}.hbs has ${errors.length} error${errors.length === 1 ? '' : 's'} (${[...new Set(errors.map((d) => d.part))].join(', ')}); download it anyway?`)) return;
  const url = URL.createObjectURL(new Blob([fileText(locale)], { type: 'text/plain;charset=utf-8' }));
  const a = el('a', { href: url, download: `${locale}.hbs` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
});

// Save: the open message's edited locale files, written to the catalog folder by the
// editor's server after a diff against the files on disk; the page then reloads on the
// catalog as rebuilt (edits of other messages stay autosaved).
let reloading = false;
function save() {
  const locales = cur.locales.filter((l) => cur.s.edits[l]);
  if (!opened.save || !locales.length) {
    flash(opened.save ? 'No unsaved edits in this message.' : 'Saving needs the editor’s server: `make run` or `npx tidings edit <folder>`.');
    return;
  }
  const loaded = (locale) => cur.parts.map((p) => `--- ${p}\n${cur.m.templates[locale]?.[p] ?? ''}\n`).join('');
  const { m, s } = cur;
  // A translation saved is recorded as made from the source text as saved.
  const written = locales.flatMap((l) => Object.keys(s.edits[l]).map((p) => [l, p]));
  const records = recordsAfter(m, SOURCE, { written, sourceOf: (p) => sourceOf(SOURCE, p) });
  saveDialog({
    title: `Save ${m.id} to the catalog`,
    files: [
      ...locales.map((l) => ({ rel: `messages/${m.id}/${l}.hbs`, text: fileText(l), loaded: m.templates[l] ? loaded(l) : undefined })),
      ...(records ? [translationsFile(records)] : []),
    ],
    errors: (cur.lint?.list ?? []).filter((d) => d.severity === 'error' && locales.includes(d.locale)),
    async onSaved() {
      // The link and the autosave lose this message's edits (now on disk) before the page
      // reloads; other messages keep theirs.
      s.edits = {};
      reloading = true;
      clearTimeout(urlTimer);
      if (cur.s === s) await saveUrl();
      else sessions.save();
      location.reload();
    },
  });
}
$('#save').addEventListener('click', save);

// ------------------------------------------------------------------ translation status

const translationOf = (locale, part) => statusOf(cur.m, SOURCE, locale, part, sourceOf(SOURCE, part));
const translationsFile = (records) => ({
  rel: `messages/${cur.m.id}/translations.toml`,
  text: recordsFile(records, SOURCE, cur.locales, cur.parts),
  loaded: Object.keys(cur.m.translations ?? {}).length ? recordsFile(cur.m.translations, SOURCE, cur.locales, cur.parts) : undefined,
});

/** The open part's translation status, and what can be done about it. */
function drawTranslation() {
  const { locale, part } = editorTarget();
  drawTranslationBar({
    source: SOURCE, locale, part, status: translationOf(locale, part), draftable: canDraft(SOURCE, locale),
    edited: isEdited(locale, part), sourceEdited: isEdited(SOURCE, part), canSave: Boolean(opened.save),
  });
}

$('#mark-current').addEventListener('click', () => {
  const { locale, part } = editorTarget();
  const records = recordsAfter(cur.m, SOURCE, { marks: [[locale, part]], sourceOf: (p) => sourceOf(SOURCE, p) });
  if (!records) return;
  const s = cur.s;
  saveDialog({
    title: `Mark ${locale} ${part} of ${cur.m.id} current`,
    files: [translationsFile(records)],
    errors: [],
    async onSaved() {
      reloading = true;
      if (cur.s === s) await saveUrl();
      location.reload();
    },
  });
});

$('#draft').addEventListener('click', async () => {
  const { locale, part } = editorTarget();
  const b = $('#draft');
  b.disabled = true;
  setText($('#translation-state'), 'Loading the converter…');
  try {
    const { [part]: text } = await draft(locale, { [part]: sourceOf(SOURCE, part) });
    if (text !== sourceOf(locale, part)) {
      editor.replace(text);
      flash(`Draft of ${locale} ${part} from ${SOURCE} (OpenCC): review it before saving; Ctrl-Z undoes it.`);
    } else {
      flash(`The draft from ${SOURCE} reads exactly like the ${locale} text.`);
    }
  } catch (e) {
    flash(`No draft: ${e.message}`);
  } finally {
    b.disabled = false;
    drawTranslation();
  }
});

// ------------------------------------------------------------------ pseudo-locale

/** The locale the pseudo-locale is made from: the first of the message's with Latin text. */
function pseudoBase(m) {
  return localesOf(m).find((l) => /[A-Za-z]{3}/.test((m.templates[l]?.[partsOf(m)[0]] ?? '').replace(/\{\{[\s\S]*?\}\}/g, ''))) ?? null;
}

function renderPseudo() {
  const { base, col } = cur.pseudo;
  const sources = Object.fromEntries(cur.parts.map((p) => [p, pseudo(sourceOf(base, p), { html: p === 'email.html' })]));
  try {
    col.update(api.render(cur.m.id, base, dataFor(cur.m, cur.s, base), { sources, ...(market ? { market } : {}) }));
    col.error(null, {});
  } catch (e) {
    col.error(e, { hasPreview: false, compact: !e.part });
  }
}

$('#pseudo').addEventListener('change', () => select(cur.m.id));

// ------------------------------------------------------------------ email view

const emailView = () => ({ width: $('#email-width').value, theme: $('#email-theme').value });
for (const id of ['#email-width', '#email-theme']) {
  $(id).addEventListener('change', () => {
    for (const col of [...cur.columns.values(), cur.pseudo?.col].filter(Boolean)) col.emailView(emailView());
  });
}
document.addEventListener('keydown', (e) => {
  if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's') {
    e.preventDefault();
    if (opened.save) save();
    else $('#download').click();
  }
});

// ------------------------------------------------------------------ URL state

let urlTimer = 0;
let urlToken = 0;
// As with the checks: only the latest scheduled save writes the hash and clears
// `urlPending`; an earlier save still compressing when an edit arrives would otherwise
// write the older state and clear the flag while the newer save is waiting.
function scheduleUrl() {
  clearTimeout(urlTimer);
  urlToken += 1;
  document.body.dataset.urlPending = 'true';
  urlTimer = setTimeout(saveUrl, 200);
}

async function saveUrl() {
  const token = urlToken;
  sessions.save();
  const { m, s } = cur;
  const state = {};
  if (pref !== DEFAULT_PREF) state.p = pref;
  if (market) state.k = market;
  Object.assign(state, linkState(m, s, cur.parts[0]));
  const encoded = Object.keys(state).length ? await encodeState(state) : null;
  if (token !== urlToken || cur.m !== m) return;
  writeHash(m.id, encoded);
  delete document.body.dataset.urlPending;
}

async function restore() {
  const { id, state } = readHash();
  const m = byId.get(id) ?? catalog[0];
  let st = {};
  if (state) {
    try {
      st = await decodeState(state);
    } catch {
      flash('This link’s saved state could not be read; showing the message’s example.');
    }
  }
  pref = typeof st.p === 'string' ? st.p : DEFAULT_PREF;
  $('#pref').value = pref;
  market = typeof st.k === 'string' && Object.hasOwn(settings.markets ?? {}, st.k) ? st.k : '';
  $('#market').value = market;
  sessions.fromLink(m, st, { fromLink: Boolean(state) });
  editor.forget(`${m.id}|`);
  select(m.id);
}

window.addEventListener('hashchange', restore);

// Closing or reloading the tab with unsaved edits asks first (the link keeps them, but
// only if it was copied).
window.addEventListener('beforeunload', (e) => {
  if (sessions.unsaved() && !reloading) {
    e.preventDefault();
    e.returnValue = '';
  }
});

// ------------------------------------------------------------------ top bar, keys

function flash(text) {
  const out = $('#share-status');
  out.textContent = text;
  clearTimeout(flash.t);
  flash.t = setTimeout(() => { out.textContent = ''; }, 4000);
}

$('#share').addEventListener('click', async () => {
  clearTimeout(urlTimer);
  await saveUrl();
  try {
    await navigator.clipboard.writeText(location.href);
    flash('Link copied — it holds the message, data, preference and edits.');
  } catch {
    flash('Copy the address bar: it holds the message, data, preference and edits.');
  }
});

$('#pref').addEventListener('input', () => {
  pref = $('#pref').value;
  refresh();
});

// The destination market select ('' is each language's home market).
{
  const select = $('#market');
  const markets = Object.entries(settings.markets ?? {});
  select.append(el('option', { value: '', text: markets.length ? 'Each language’s home market' : 'No markets in this catalog' }));
  for (const [id, m] of markets) {
    const codes = m.callingCodes.length ? m.callingCodes.map((c) => `+${c}`).join(', ') : 'any other number';
    select.append(el('option', { value: id, text: `${id} — ${m.name} (${codes})` }));
  }
  select.disabled = !markets.length;
  select.addEventListener('change', () => {
    market = select.value;
    refresh();
  });
}

// Below 1200px the catalog is a drawer: the top bar's button (or `/`) opens it; Escape,
// a click outside or choosing a message closes it.
const drawer = () => getComputedStyle($('#catalog-toggle')).display !== 'none';
function setNav(open, { focus = true } = {}) {
  document.body.classList.toggle('nav-open', open);
  $('#catalog-toggle').setAttribute('aria-expanded', String(open));
  if (open && focus) $('#filter').focus();
}
$('#catalog-toggle').addEventListener('click', () => setNav(!document.body.classList.contains('nav-open')));
document.addEventListener('click', (e) => {
  if (document.body.classList.contains('nav-open') && drawer() && !e.target.closest('#catalog-nav, #catalog-toggle')) setNav(false);
});
$('#catalog-nav').addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && drawer() && e.target.id !== 'filter') {
    setNav(false);
    $('#catalog-toggle').focus();
  }
});

document.addEventListener('keydown', (e) => {
  const t = e.target;
  const typing = t.closest?.('input, textarea, select, [contenteditable=true], .cm-editor');
  if (e.key === '/' && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) {
    e.preventDefault();
    if (drawer()) setNav(true);
    $('#filter').focus();
    $('#filter').select();
  }
});

buildCatalog();
await restore();
document.body.dataset.ready = 'true';
