// What the page says about the open message's state beside the editor and the form: the
// locale the customer's languages pick, errors (announced once to screen readers, the
// data error with a "Go to" its field, the template error of the locale being edited),
// and the list of edited parts.
import { el, $, setText } from '../modules/dom.js';
import { localeName } from '../modules/schema.js';

/** "→ zh-HK 中文（香港） · fallback: zh-MO is not in the catalog". */
export function drawNegotiated(neg, prefs) {
  const out = $('#negotiated');
  out.dataset.fallback = String(neg.fallback);
  out.dataset.locale = neg.locale;
  let note;
  if (!neg.fallback) note = 'exact match';
  else if (neg.matched) note = `fallback: ${neg.matched} is not in the catalog`;
  else note = `fallback: ${prefs.length ? 'no language matched' : 'none given'}, catalog default`;
  out.replaceChildren(el('span', { class: 'arrow', 'aria-hidden': 'true', text: '→ ' }), el('strong', { text: neg.locale }), ` ${localeName(neg.locale)}`,
    el('span', { class: neg.fallback ? 'fallback' : 'exact', text: ` · ${note}` }));
}

/**
 * Screen readers hear an error when it appears — not again while the same error stays as
 * the text is typed (its column moves), and not for each of the locales it breaks.
 * `announce(id, errors)`: `errors` is locale → error (or null) of message `id`.
 */
export function createAnnouncer(region) {
  let announced = new Set();
  return (id, errors) => {
    const now = new Map();
    for (const [locale, e] of errors) if (e) now.set(`${id}|${e.part ?? e.path ?? ''}|${e.code}`, { locale, e });
    const fresh = [...now.keys()].filter((k) => !announced.has(k));
    announced = new Set(now.keys());
    if (!fresh.length) return;
    const { locale, e } = now.get(fresh[0]);
    const where = e.part ? `${locale} ${e.part}${e.line ? `, line ${e.line}` : ''}` : `data ${e.path ?? ''}`;
    setText(region, `Error in ${where}: ${e.reason ?? e.message}`);
  };
}

/**
 * The data error box; `onPath(path)` focuses the field. The box keeps its nodes: a field
 * losing focus re-renders (blur → refresh), and a "Go to" button replaced between
 * mousedown and mouseup would swallow the first click. Returns `draw(error | null)`.
 */
export function createDataErrorBox(box, onPath) {
  const code = el('strong');
  const message = el('p');
  const go = el('button', { type: 'button', class: 'link' });
  go.addEventListener('click', () => { if (go.dataset.path) onPath(go.dataset.path); });
  box.replaceChildren(el('p', {}, code), message, go);
  return (e) => {
    box.hidden = !e;
    if (!e) return;
    setText(code, `Data: ${e.code}`);
    setText(message, e.reason ?? e.message);
    go.hidden = !e.path;
    go.dataset.path = e.path ?? '';
    setText(go, e.path ? `Go to ${e.path}` : '');
  };
}

/** The template error of `locale` (if any) above the editor on `part`; `onGo` opens it. */
export function drawEditorError(box, { locale, part, e, onGo }) {
  if (!e || !e.part) { box.hidden = true; box.replaceChildren(); return; }
  const here = e.part === part;
  const where = `${locale} · ${e.part}${e.line ? `, line ${e.line}, column ${e.column}` : ''}`;
  const go = el('button', { type: 'button', class: 'link', text: here ? 'Go to error' : `Open ${e.part}` });
  go.addEventListener('click', onGo);
  box.replaceChildren(
    el('p', {}, el('strong', { text: e.code }), ' ', el('span', { class: 'where', 'data-where': `${e.line ?? ''}:${e.column ?? ''}`, text: where }), ' ', go),
    el('p', { class: 'msg', text: e.reason ?? e.message }));
  box.hidden = false;
}

/**
 * The edited parts of message `id` (`edits`: locale → part → source) as chips that open
 * them (`onOpen(l, p)`), whether the open one is edited, and the catalog list's dot.
 */
export function drawEdits({ id, edits, openEdited, onOpen }) {
  const list = [];
  for (const [locale, parts] of Object.entries(edits)) for (const part of Object.keys(parts)) list.push([locale, part]);
  $('#edits').hidden = list.length === 0;
  $('#edit-list').replaceChildren(...list.map(([l, p]) => {
    const b = el('button', { type: 'button', class: 'chip', text: `${l} · ${p}` });
    b.addEventListener('click', () => onOpen(l, p));
    return b;
  }));
  $('#reset-part').disabled = !openEdited;
  setText($('#editor-state'), openEdited ? 'edited, not saved' : 'as in the catalog');
  $('#editor-state').classList.toggle('is-edited', openEdited);
  const dot = $(`button.msg[data-id="${CSS.escape(id)}"] .edited-dot`);
  if (dot) dot.hidden = list.length === 0;
}
