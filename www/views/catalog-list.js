// The catalog list: messages by category with their channels, locales, lint status,
// outdated translations and unsaved edits; the filter over ids, descriptions and the
// templates' own text in every locale; arrow keys and Enter.
import { el, $, $$, arrowKeys } from '../modules/dom.js';
import { outdatedLocales } from '../modules/translation.js';

/** "zh-TW en outdated" when the source changed since those were translated. */
export function outdatedBadge(m, { source, locales, parts }) {
  const stale = outdatedLocales(m, source, locales, parts);
  return stale.length
    ? el('span', { class: 'outdated', 'data-outdated': stale.join(' '), title: `${source} changed since ${stale.join(', ')} ${stale.length === 1 ? 'was' : 'were'} translated`, text: `${stale.join(' ')} outdated` })
    : '';
}

/**
 * Fills `root` with `catalog`'s messages. `localesOf(m)` and `partsOf(m)` order them,
 * `source` is the locale translations are made from, `onSelect(id)` opens one,
 * `onEscape()` runs on Escape in an empty filter, `lint` resolves to the catalog's
 * diagnostics (the badges wait for it).
 */
export function buildCatalogList(root, catalog, { filter, empty, localesOf, partsOf, source, onSelect, onEscape, lint }) {
  const byId = new Map(catalog.map((m) => [m.id, m]));
  const groups = new Map();
  for (const m of catalog) {
    if (!groups.has(m.category)) groups.set(m.category, []);
    groups.get(m.category).push(m);
  }
  for (const [category, items] of groups) {
    const headId = `cat-${category}`;
    root.append(el('section', { class: 'cat', 'data-category': category, 'aria-labelledby': headId },
      el('h2', { id: headId, text: category }),
      el('ul', {}, ...items.map((m) => el('li', {},
        el('button', { type: 'button', class: 'msg', 'data-id': m.id },
          el('span', { class: 'msg-id', text: m.id }),
          el('span', { class: 'msg-desc', text: m.description }),
          el('span', { class: 'msg-meta' },
            el('span', { class: 'chans', title: 'Channels' }, ...m.channels.map((c) => el('span', { class: `chan chan-${c}`, text: c }))),
            el('span', { class: 'locs', title: 'Locales', text: localesOf(m).join(' ') }),
            el('span', { class: 'lint pending', 'data-lint': '', text: 'lint …' }),
            outdatedBadge(m, { source, locales: localesOf(m), parts: partsOf(m) }),
            el('span', { class: 'edited-dot', title: 'Unsaved edits', hidden: '' }))))))));
  }
  root.addEventListener('click', (e) => {
    const b = e.target.closest('button.msg');
    if (b) onSelect(b.dataset.id);
  });
  const visible = () => $$('button.msg', root).filter((b) => !b.closest('li').hidden);
  arrowKeys(root, visible);
  filter.addEventListener('input', () => {
    const words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const b of $$('button.msg', root)) {
      const m = byId.get(b.dataset.id);
      // The templates' own text in every locale too (登录, 验证码, a hotline number).
      const texts = Object.values(m.templates).flatMap((parts) => Object.values(parts));
      const hay = [m.id, m.category, m.description, ...m.channels, ...m.locales, ...texts].join(' ').toLowerCase();
      b.closest('li').hidden = !words.every((w) => hay.includes(w));
    }
    for (const sec of $$('.cat', root)) sec.hidden = !$$('li', sec).some((li) => !li.hidden);
    empty.hidden = visible().length > 0;
  });
  filter.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); visible()[0]?.focus(); }
    if (e.key === 'Enter') { e.preventDefault(); const b = visible()[0]; if (b) { onSelect(b.dataset.id); b.focus(); } }
    if (e.key === 'Escape') {
      if (filter.value) { filter.value = ''; filter.dispatchEvent(new Event('input')); } else onEscape();
    }
  });

  return lint.then((all) => {
    for (const b of $$('button.msg', root)) {
      const mine = all.filter((d) => d.messageId === b.dataset.id);
      const errors = mine.filter((d) => d.severity === 'error').length;
      const warnings = mine.length - errors;
      const badge = $('[data-lint]', b);
      badge.className = `lint ${errors ? 'err' : warnings ? 'warn' : 'ok'}`;
      badge.dataset.lint = `${errors}/${warnings}`;
      badge.textContent = errors ? `${errors} error${errors > 1 ? 's' : ''}` : warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : '✓ lint';
      badge.title = mine.length ? mine.map((d) => `${d.severity}: ${d.locale ?? ''} ${d.part ?? ''} ${d.message}`).join('\n') : 'No lint errors or warnings';
    }
  });
}
