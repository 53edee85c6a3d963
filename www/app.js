// The catalog page: lists every message and renders the chosen one with its example
// data in the negotiated locale, through the web build of the WASM module.
import init, { messages, render, negotiateLocale } from './pkg/tidings.js';

const $ = (id) => document.getElementById(id);
const state = { id: null };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

function listCatalog(all) {
  const list = $('catalog');
  const byCategory = Map.groupBy(all, (m) => m.category);
  for (const [category, items] of byCategory) {
    list.append(el('li', { class: 'category', role: 'presentation', text: category }));
    for (const m of items) {
      const item = el('li', { role: 'option', tabindex: '0', 'data-id': m.id, 'aria-selected': 'false' },
        el('span', { class: 'id', text: m.id }),
        el('span', { class: 'chips', text: m.channels.join(' · ') }));
      item.addEventListener('click', () => select(m.id));
      item.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(m.id); } });
      list.append(item);
    }
  }
}

function card(label, ...rows) {
  return el('article', { class: 'channel', 'data-channel': label }, el('h3', { text: label }), ...rows);
}

function row(name, value) {
  return el('div', { class: 'row' }, el('span', { class: 'label', text: name }), el('p', { class: 'value', text: value }));
}

function show() {
  const m = messages().find((x) => x.id === state.id);
  if (!m) return;
  for (const item of document.querySelectorAll('#catalog [role=option]')) {
    item.setAttribute('aria-selected', String(item.dataset.id === m.id));
  }
  $('title').textContent = m.id;
  $('description').textContent = `${m.category} — ${m.description}`;
  const requested = $('locale').value.split(',').map((s) => s.trim()).filter(Boolean);
  const n = negotiateLocale(requested);
  $('negotiated').textContent = `→ ${n.locale}${n.fallback ? ' (fallback)' : ''}`;
  $('negotiated').dataset.fallback = String(n.fallback);
  const channels = $('channels');
  try {
    const r = render(m.id, requested, m.example);
    $('error').hidden = true;
    channels.replaceChildren();
    const c = r.channels;
    if (c.sms) channels.append(card('sms', row('text', c.sms.text)));
    if (c.push) channels.append(card('push', row('title', c.push.title), row('body', c.push.body)));
    if (c.email) {
      // The HTML runs in a sandbox with no scripts, no same-origin access, no network.
      const frame = el('iframe', { sandbox: '', title: 'Email HTML preview', referrerpolicy: 'no-referrer',
        csp: "default-src 'none'; style-src 'unsafe-inline'" });
      frame.srcdoc = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">${c.email.html}`;
      channels.append(card('email', row('subject', c.email.subject), frame, row('text', c.email.text)));
    }
    if (c.inApp) channels.append(card('inApp', row('title', c.inApp.title), row('body', c.inApp.body)));
  } catch (e) {
    $('error').hidden = false;
    $('error').textContent = `${e.code}: ${e.message}`;
  }
}

function select(id) {
  state.id = id;
  history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  show();
}

await init();
const all = messages();
listCatalog(all);
$('locale').addEventListener('input', show);
const fromHash = decodeURIComponent(location.hash.slice(1));
select(all.some((m) => m.id === fromHash) ? fromHash : all[0].id);
document.body.dataset.ready = 'true';
