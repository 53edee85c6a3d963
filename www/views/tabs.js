// The editor's tabs: a locale tab per locale and a part tab per part of the message's
// channels (grouped by channel), each marked edited, failing or outdated; and on narrow
// screens the tabs that pick which locale's preview shows.
import { el, $, $$ } from '../modules/dom.js';
import { channelParts } from '../modules/schema.js';

function tab(label, { selected, onSelect, data = {}, controls }) {
  const b = el('button', { type: 'button', role: 'tab', 'aria-selected': String(selected), tabindex: selected ? '0' : '-1', 'aria-controls': controls, ...data }, label);
  b.addEventListener('click', () => onSelect());
  return b;
}

/** New tabs for a message: `onLocale(l)`, `onPart(p)`, `onView(l)` run when one is picked. */
export function buildTabs({ locales, channels, locale, part, onLocale, onPart, onView }) {
  $('#locale-tabs').replaceChildren(...locales.map((l) => tab(el('span', {}, l, el('i', { class: 'dot', 'aria-hidden': 'true' })), {
    selected: l === locale, data: { 'data-locale': l }, controls: 'editor', onSelect: () => onLocale(l),
  })));
  // Grouped by channel: `sms` · push `title` `body` · email `subject` `html` `text` · …
  $('#part-tabs').replaceChildren(...channels.map((c) => {
    const parts = channelParts(c);
    return el('span', { class: 'tab-group', role: 'presentation' },
      parts.length > 1 ? el('span', { class: 'group-label', 'aria-hidden': 'true', text: c }) : '',
      ...parts.map((p) => tab(el('span', {}, parts.length > 1 ? p.split('.')[1] : p, el('i', { class: 'dot', 'aria-hidden': 'true' })), {
        selected: p === part, data: { 'data-part': p, 'aria-label': p }, controls: 'editor', onSelect: () => onPart(p),
      })));
  }));
  $('#view-tabs').replaceChildren(...locales.map((l) => tab(`${l}`, {
    selected: false, data: { 'data-locale': l }, controls: 'previews', onSelect: () => onView(l),
  })));
}

/**
 * Marks the tabs for the editor on `locale`/`part`: `edited(l, p?)`, `failed(l)` (the
 * part with a template error, if any), `outdated(l, p)` tell each tab's state.
 */
export function drawTabs({ locale, part, parts, edited, failed, outdated }) {
  for (const b of $$('#locale-tabs [role=tab]')) {
    const l = b.dataset.locale;
    const on = l === locale;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
    const stale = parts.filter((p) => outdated(l, p));
    b.classList.toggle('edited', edited(l));
    b.classList.toggle('has-error', Boolean(failed(l)));
    b.classList.toggle('outdated', stale.length > 0);
    b.title = [edited(l) ? 'edited' : '', failed(l) ? 'template error' : '', stale.length ? `outdated: ${stale.join(', ')}` : ''].filter(Boolean).join(', ');
  }
  for (const b of $$('#part-tabs [role=tab]')) {
    const p = b.dataset.part;
    const on = p === part;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
    b.classList.toggle('edited', edited(locale, p));
    b.classList.toggle('has-error', failed(locale) === p);
    const stale = outdated(locale, p);
    b.classList.toggle('outdated', stale);
    b.setAttribute('aria-label', stale ? `${p}, outdated translation` : p);
  }
}

/** On narrow screens one column shows: `shown`; `chosen` is the customer's. */
export function drawViewTabs(columns, { shown, chosen }) {
  $('#previews').dataset.view = shown;
  for (const [l, col] of columns) col.node.classList.toggle('not-shown', l !== shown);
  // What a hidden column's cards cut was not measurable; now it is.
  columns.get(shown)?.measure();
  for (const b of $$('#view-tabs [role=tab]')) {
    const on = b.dataset.locale === shown;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
    b.classList.toggle('chosen', b.dataset.locale === chosen);
  }
}

