// One preview column per locale: every channel as the customer would see it — the SMS
// as a phone message bubble (with encoding, units, parts and the worst case), push as a
// lock-screen notification, the email (subject, the HTML in a sandboxed iframe, the text
// part) and the in-app card.
import { el, setText } from './dom.js';
import { smsParts } from '../pkg/tidings.js';
import { appName, channelParts, localeName } from './schema.js';

export const PART_LABELS = {
  sms: 'SMS', 'push.title': 'title', 'push.body': 'body', 'email.subject': 'subject',
  'email.html': 'HTML', 'email.text': 'text', 'inApp.title': 'title', 'inApp.body': 'body',
};
const CHANNEL_LABELS = { sms: 'SMS', push: 'Push', email: 'Email', inApp: 'In-app' };

// No scripts (sandbox without allow-scripts), no same-origin access, and no network: the
// CSP admits only the inline styles an email carries.
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const EMAIL_BASE = '<style>body{margin:12px 14px;font:13.5px/1.55 system-ui,"Noto Sans CJK SC","PingFang SC",sans-serif;color:#1f2430;overflow-wrap:anywhere}table{max-width:100%}</style>';
/**
 * The email as a client shows it. `ownDark`: a client in dark mode that honours the
 * email's own dark styles (Apple Mail): the page is dark and `prefers-color-scheme: dark`
 * rules apply — the iframe cannot be told the preference, so those rules are made
 * unconditional.
 */
export function emailDocument(html, lang, { ownDark = false } = {}) {
  const body = ownDark ? html.replace(/@media\s*\(\s*prefers-color-scheme\s*:\s*dark\s*\)/gi, '@media all') : html;
  const scheme = ownDark ? '<meta name="color-scheme" content="dark"><style>:root{color-scheme:dark}body{background:#1c1c1e;color:#f2f2f7}</style>' : '';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${CSP}"><meta name="viewport" content="width=device-width">${EMAIL_BASE}${scheme}</head><body>${body}</body></html>`;
}

/** The email previews' viewport: a phone's or a desktop client's reading pane. */
export const EMAIL_WIDTHS = { phone: 375, desktop: 640 };
/** The iframe is this tall and the card scrolls it, so re-rendering keeps the scroll. */
const EMAIL_HEIGHT = 2400;

function editButton(locale, part, onEdit, text) {
  const b = el('button', { type: 'button', class: 'edit-part', 'data-edit': part, 'aria-label': `Edit ${locale} ${part}`, title: `Edit ${part} (${locale})` },
    el('span', { 'aria-hidden': 'true', text: '✎' }), text ? ` ${text}` : '');
  b.addEventListener('click', () => onEdit(locale, part));
  return b;
}

function channelCard(locale, channel, onEdit, ...body) {
  const parts = channelParts(channel);
  const edits = parts.length === 1
    ? [editButton(locale, parts[0], onEdit, 'Edit')]
    : parts.map((p) => editButton(locale, p, onEdit, PART_LABELS[p]));
  return el('article', { class: `channel ch-${channel}`, 'data-channel': channel },
    el('header', { class: 'ch-head' }, el('h4', { text: CHANNEL_LABELS[channel] }), el('span', { class: 'ch-edits' }, ...edits)),
    ...body);
}

/**
 * Builds the column of `locale` for `message`; returns its updater. `id` and `name` name
 * a column that is not a locale's own (the pseudo-locale, rendered in `locale`).
 */
export function buildColumn(message, locale, { onEdit, onWorstCase, smsLimit, id = locale, name = localeName(locale) }) {
  const q = (sel) => node.querySelector(sel);
  const cards = [];
  const ch = new Set(message.channels);
  if (ch.has('sms')) {
    cards.push(channelCard(locale, 'sms', onEdit,
      el('div', { class: 'phone-sms' },
        el('div', { class: 'sms-from', text: 'Text message · now' }),
        el('p', { class: 'bubble', 'data-part': 'sms', lang: locale })),
      el('p', { class: 'sms-meta' },
        el('span', { 'data-sms': 'encoding' }), el('span', { 'data-sms': 'units' }), el('span', { 'data-sms': 'segments' }),
        smsLimit ? el('span', { class: 'limit', 'data-sms': 'limit', title: `The most parts a ${message.category} SMS may take ([catalog.sms] max_parts)`, text: `limit ${smsLimit}` }) : ''),
      el('p', { class: 'sms-nongsm', 'data-sms': 'nongsm', hidden: '' }),
      el('details', { class: 'sms-parts' },
        el('summary', { text: 'Where it breaks' }),
        el('ol', { 'data-sms': 'parts', lang: locale })),
      el('p', { class: 'sms-bounds' }, 'Worst case ', el('strong', { 'data-sms': 'bounds', text: '…' }),
        onWorstCase ? el('button', { type: 'button', class: 'link worst', 'data-sms': 'load-worst', disabled: '', text: 'load it' }) : '')));
    if (onWorstCase) cards.at(-1).querySelector('[data-sms=load-worst]').addEventListener('click', () => { if (worst) onWorstCase(worst); });
  }
  if (ch.has('push')) {
    cards.push(channelCard(locale, 'push', onEdit,
      el('div', { class: 'lockscreen' },
        el('div', { class: 'lock-time', 'aria-hidden': 'true', text: '9:41' }),
        el('div', { class: 'notif', lang: locale },
          el('div', { class: 'notif-app' }, el('span', { class: 'app-icon', 'aria-hidden': 'true', text: [...appName(locale)][0] }), el('span', { text: appName(locale) }), el('span', { class: 'when', text: 'now' })),
          el('p', { class: 'notif-title', 'data-part': 'push.title' }),
          el('p', { class: 'notif-body', 'data-part': 'push.body' })),
        el('p', { class: 'notif-cut', role: 'note', hidden: '' }))));
  }
  if (ch.has('email')) {
    const frame = el('iframe', {
      sandbox: '', title: `Email HTML (${locale}), sandboxed`, referrerpolicy: 'no-referrer', 'data-part': 'email.html',
    });
    cards.push(channelCard(locale, 'email', onEdit,
      el('div', { class: 'mail', lang: locale },
        el('div', { class: 'mail-head' },
          el('div', { class: 'mail-from' }, el('span', { class: 'avatar', 'aria-hidden': 'true', text: [...appName(locale)][0] }), el('span', { text: appName(locale) })),
          el('p', { class: 'mail-subject', 'data-part': 'email.subject' })),
        el('div', { class: 'frame-wrap', tabindex: '0', 'aria-label': `Email HTML (${locale}), scrollable` }, el('div', { class: 'frame-sizer' }, frame))),
      el('details', { class: 'mail-text' },
        el('summary', { text: 'Plain-text part' }),
        el('pre', { 'data-part': 'email.text', lang: locale }))));
  }
  if (ch.has('inApp')) {
    cards.push(channelCard(locale, 'inApp', onEdit,
      el('div', { class: 'inapp-screen', lang: locale },
        el('div', { class: 'inapp-bar', 'aria-hidden': 'true' }, el('span', { text: appName(locale) }), el('span', { class: 'inapp-bell', text: '🔔' })),
        // The message centre's list: an unread row, the title on one line, the body on two.
        el('div', { class: 'inapp' },
          el('span', { class: 'unread', role: 'img', 'aria-label': 'unread' }),
          el('div', {},
            el('p', { class: 'inapp-title', 'data-part': 'inApp.title' }),
            el('p', { class: 'inapp-body', 'data-part': 'inApp.body' }),
            el('span', { class: 'when', text: 'Just now' }))),
        el('p', { class: 'inapp-cut', role: 'note', hidden: '' }),
        // Tapped: the message whole.
        el('details', { class: 'inapp-open' },
          el('summary', { text: 'Opened in the app' }),
          el('p', { class: 'inapp-full-title', 'data-full': 'inApp.title' }),
          el('p', { class: 'inapp-full-body', 'data-full': 'inApp.body' })))));
  }

  const headingId = `col-${id}-h`;
  const node = el('section', { class: 'locale-col', 'data-locale': id, 'aria-labelledby': headingId },
    el('header', { class: 'col-head' },
      el('h3', { id: headingId }, el('span', { class: 'loc-name', text: name }), el('code', { text: id })),
      el('span', { class: 'chosen-badge', hidden: '', text: 'Customer sees this' })),
    el('div', { class: 'col-error', hidden: '' }),
    el('div', { class: 'col-body' }, ...cards));
  let lastHtml = null;
  let view = { width: 'phone', theme: 'light' };
  let drawnTheme = null;
  /** The iframe at the chosen client width, scaled to the card (layout as at that width). */
  function fitEmail() {
    const wrap = q('.frame-wrap');
    if (!wrap) return;
    const width = EMAIL_WIDTHS[view.width];
    const scale = Math.min(1, (wrap.clientWidth || width) / width);
    const frame = q('iframe');
    frame.style.width = `${width}px`;
    frame.style.height = `${EMAIL_HEIGHT}px`;
    frame.style.transform = `scale(${scale})`;
    q('.frame-sizer').style.height = `${EMAIL_HEIGHT * scale}px`;
    q('.mail').dataset.theme = view.theme;
  }
  function drawEmail(html) {
    const theme = view.theme === 'own-dark' ? 'own-dark' : 'light';
    if (html === lastHtml && theme === drawnTheme) return;
    lastHtml = html;
    drawnTheme = theme;
    q('iframe').srcdoc = emailDocument(html, locale, { ownDark: theme === 'own-dark' });
  }
  let worst = null; // the data of the SMS's longest case (smsBounds)

  /** The parts the network splits `text` into: each part's text and units, what is left. */
  function drawParts(text) {
    const list = q('[data-sms=parts]');
    const parts = smsParts(text);
    list.replaceChildren(...parts.map((p, i) => el('li', { 'data-units': String(p.units) },
      el('span', { class: 'part-head', text: `Part ${i + 1} · ${p.units}/${p.capacity} units${p.capacity > p.units ? ` · ${p.capacity - p.units} left` : ''}` }),
      el('span', { class: 'part-text', text: p.text }))));
    setText(q('.sms-parts summary'), parts.length === 1 ? `Where it breaks: one part, ${parts[0].capacity - parts[0].units} units left` : `Where it breaks: ${parts.length} parts`);
  }

  if (ch.has('email')) new ResizeObserver(() => fitEmail()).observe(q('.frame-wrap'));

  // What the lock screen and the app's message list cut, measured after layout. A column
  // hidden on a phone measures nothing; `measure()` runs again when it is shown.
  const cutNote = (titleSel, bodySel, noteSel, say) => {
    const title = q(titleSel);
    const body = q(bodySel);
    const note = q(noteSel);
    if (!title || !note || node.offsetParent === null) return;
    const cut = [title.scrollWidth > title.clientWidth + 1 && 'title', body.scrollHeight > body.clientHeight + 1 && 'body'].filter(Boolean);
    note.hidden = !cut.length;
    note.dataset.cut = cut.join(' ');
    setText(note, cut.length ? say(cut.join(' and the ')) : '');
  };
  const measureCuts = () => {
    cutNote('[data-part="push.title"]', '[data-part="push.body"]', '.notif-cut', (what) => `The lock screen cuts the ${what}.`);
    cutNote('[data-part="inApp.title"]', '[data-part="inApp.body"]', '.inapp-cut', (what) => `The message list cuts the ${what}; opened, the message shows whole.`);
  };

  return {
    node,
    /** `{ width: 'phone' | 'desktop', theme: 'light' | 'inverted' | 'own-dark' }`. */
    emailView(v) {
      if (!ch.has('email')) return;
      view = v;
      fitEmail();
      if (lastHtml !== null) drawEmail(lastHtml);
    },
    /** Shows a rendered result (the last good one stays when rendering fails). */
    update(r) {
      const c = r.channels;
      // A market may send the SMS in another language (a +86 number: zh-CN), or refuse
      // the category by SMS; the bubble says which.
      const refused = r.warnings.find((w) => w.code === 'sms_refused');
      const bubble = q('[data-part="sms"]');
      if (bubble) {
        const smsLocale = c.sms?.locale ?? locale;
        bubble.lang = smsLocale;
        bubble.classList.toggle('refused', Boolean(refused));
        setText(q('.sms-from'), r.market
          ? `Text message to ${r.market}${smsLocale !== locale ? ` · in ${smsLocale}` : ''} · now`
          : 'Text message · now');
        if (refused) setText(bubble, `Not sent by SMS: ${refused.message}`);
        // No SMS: no counts to show (they would be the last SMS's).
        q('.sms-meta').hidden = Boolean(refused);
        q('.sms-bounds').hidden = Boolean(refused);
        if (refused) q('[data-sms=nongsm]').hidden = true;
      }
      if (c.sms) {
        setText(q('[data-part="sms"]'), c.sms.text);
        setText(q('[data-sms=encoding]'), c.sms.encoding);
        setText(q('[data-sms=units]'), `${c.sms.units} ${c.sms.encoding === 'GSM-7' ? 'chars' : 'units'}`);
        setText(q('[data-sms=segments]'), `${c.sms.segments} ${c.sms.segments === 1 ? 'part' : 'parts'}`);
        q('[data-sms=segments]').dataset.count = String(c.sms.segments);
        const nongsm = q('[data-sms=nongsm]');
        // Why UCS-2 (70 units a part instead of GSM-7's 160): the characters GSM-7 lacks.
        const chars = c.sms.nonGsm ?? [];
        nongsm.hidden = chars.length === 0;
        setText(nongsm, chars.length
          ? `UCS-2 because GSM-7 lacks ${chars.slice(0, 8).map((x) => `“${x}”`).join(' ')}${chars.length > 8 ? ` and ${chars.length - 8} more characters` : ''}`
          : '');
        const over = r.warnings.some((w) => w.code === 'sms_over_limit') || (smsLimit && c.sms.segments > smsLimit);
        q('.sms-meta').classList.toggle('over', Boolean(over));
        drawParts(c.sms.text);
      }
      if (c.push) {
        const title = q('[data-part="push.title"]');
        const body = q('[data-part="push.body"]');
        setText(title, c.push.title);
        setText(body, c.push.body);
        title.title = c.push.title;
      }
      if (c.email) {
        setText(q('[data-part="email.subject"]'), c.email.subject);
        setText(q('[data-part="email.text"]'), c.email.text);
        drawEmail(c.email.html);
      }
      if (c.inApp) {
        const title = q('[data-part="inApp.title"]');
        const body = q('[data-part="inApp.body"]');
        setText(title, c.inApp.title);
        setText(body, c.inApp.body);
        setText(q('[data-full="inApp.title"]'), c.inApp.title);
        setText(q('[data-full="inApp.body"]'), c.inApp.body);
      }
      node.classList.remove('stale', 'empty');
      requestAnimationFrame(measureCuts);
    },
    /** Measures what the lock screen and the message list cut again (the column was hidden). */
    measure() {
      requestAnimationFrame(measureCuts);
    },
    /** The worst case from smsBounds, e.g. "1–2 parts". */
    bounds(b) {
      const out = q('[data-sms=bounds]');
      if (!out) return;
      worst = b && !b.error ? b.longestData : null;
      const load = q('[data-sms=load-worst]');
      if (load) {
        load.disabled = !worst;
        load.title = worst ? `Fill the data with the values of the longest case (${b?.maxUnits} units)` : '';
      }
      if (!b) { setText(out, '…'); return; }
      if (b.error) { setText(out, 'unknown (template error)'); out.title = b.error; return; }
      const text = b.minSegments === b.maxSegments ? `${b.maxSegments} ${b.maxSegments === 1 ? 'part' : 'parts'}` : `${b.minSegments}–${b.maxSegments} parts`;
      setText(out, text);
      out.dataset.max = String(b.maxSegments);
      out.title = `At most ${b.maxUnits} ${b.encoding} units. Longest case: ${b.longest}`;
    },
    /** Shows `e` (a thrown tidings error) above the last good preview; null clears it. */
    error(e, { hasPreview, onLocate, compact = false }) {
      const box = q('.col-error');
      node.classList.toggle('stale', Boolean(e) && hasPreview);
      node.classList.toggle('empty', Boolean(e) && !hasPreview);
      box.classList.toggle('compact', compact);
      if (!e) {
        box.hidden = true;
        box.replaceChildren();
        return;
      }
      if (compact) {
        box.replaceChildren(el('p', { class: 'err-note', text: hasPreview ? 'The data has an error (see Checks) — showing the last preview that rendered.' : 'The data has an error (see Checks).' }));
        box.hidden = false;
        return;
      }
      const where = e.part ? `${e.part}${e.line ? ` · line ${e.line}, column ${e.column}` : ''}` : (e.path ? `data · ${e.path}` : '');
      const loc = e.part && e.line
        ? el('button', { type: 'button', class: 'locate', 'data-line': e.line, 'data-column': e.column, text: where })
        : el('span', { class: 'locate', text: where });
      if (loc.tagName === 'BUTTON') loc.addEventListener('click', () => onLocate(e));
      box.replaceChildren(
        el('p', { class: 'err-head' }, el('strong', { class: 'err-code', text: e.code ?? 'error' }), loc),
        el('p', { class: 'err-msg', text: e.reason ?? e.message }),
        e.detail ? el('details', { class: 'err-detail', open: true }, el('summary', { text: 'Details' }), el('pre', { text: e.detail })) : '',
        el('p', { class: 'err-note', text: hasPreview ? 'Showing the last preview that rendered.' : 'Nothing rendered yet.' }));
      box.hidden = false;
    },
    chosen(on) {
      node.classList.toggle('is-chosen', on);
      q('.chosen-badge').hidden = !on;
    },
    /** Outlines the part open in the editor. */
    editing(part) {
      for (const p of node.querySelectorAll('[data-part]')) p.classList.toggle('editing', p.dataset.part === part);
      for (const b of node.querySelectorAll('[data-edit]')) b.setAttribute('aria-pressed', String(b.dataset.edit === part));
    },
  };
}
