// The Checks panel: the render warnings of the data shown (merged over locales), the
// lint findings of the whole message, each jumping to where it is, and the count.
import { el, $, setText } from '../modules/dom.js';

function diagItem(d, onClick) {
  const where = [d.locale, d.part, d.line ? `${d.line}:${d.column}` : ''].filter(Boolean).join(' · ');
  const li = el('li', { class: `diag ${d.severity}` },
    el('span', { class: 'sev', text: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : d.severity }),
    el('span', { class: 'body' }, el('code', { class: 'code', text: d.code }), where ? el('span', { class: 'where', text: where }) : '', el('span', { class: 'msg', text: d.message })));
  if (onClick) {
    const b = el('button', { type: 'button', class: 'diag-go', 'aria-label': `Show ${d.code}${where ? ` at ${where}` : ''}` });
    b.addEventListener('click', onClick);
    li.append(b);
    li.classList.add('clickable');
  }
  return li;
}

/**
 * The render warnings of every locale that rendered (`lastGood`, `errors`: locale → the
 * last render / the error), one item per warning with the locales it is in; `onPath`
 * focuses a data field. Returns how many.
 */
export function drawWarnings(list, { locales, errors, lastGood, onPath }) {
  const merged = new Map();
  for (const locale of locales) {
    if (errors.get(locale)) continue;
    for (const w of lastGood.get(locale)?.warnings ?? []) {
      const key = `${w.code}|${w.path ?? ''}|${w.message}`;
      if (!merged.has(key)) merged.set(key, { ...w, locales: [] });
      merged.get(key).locales.push(locale);
    }
  }
  const items = [...merged.values()].map((w) => diagItem(
    { severity: 'warning', code: w.code, message: w.message, locale: w.locales.length === locales.length ? 'all locales' : w.locales.join(', ') },
    w.path ? () => onPath(w.path) : null));
  list.replaceChildren(...(items.length ? items : [el('li', { class: 'none', text: 'None for this data.' })]));
  return merged.size;
}

/** The lint findings (`info`: `{ list, edits }`, null while checking); `onGo(d)` jumps to one. Returns how many. */
export function drawLint(list, scope, info, { onGo }) {
  setText(scope, info?.edits ? `· the whole message, with your ${info.edits} edited part${info.edits === 1 ? '' : 's'}` : '· catalog');
  if (!info) { list.replaceChildren(el('li', { class: 'none', text: 'Checking…' })); return null; }
  const items = info.list.map((d) => diagItem(d, d.locale && d.part ? () => onGo(d) : null));
  list.replaceChildren(...(items.length ? items : [el('li', { class: 'none ok', text: 'No lint errors or warnings.' })]));
  return info.list.length;
}

/** The count beside Checks: findings and warnings, plus one for a render error; … while checking. */
export function drawCount(out, { checking, count }) {
  if (checking) { setText(out, '…'); out.classList.remove('ok'); return; }
  setText(out, count ? String(count) : '✓');
  out.classList.toggle('ok', !count);
}
