// Saving to the catalog folder through the editor's server (lib/edit-server.mjs, `make
// run` / `tidings edit <dir>`): the diff of each file against the one on disk first, then
// the files written, the catalog rebuilt by the server and the page reloaded on it.
import { el, $ } from './dom.js';

const TOKEN_KEY = 'tidings.saveToken';
const api = (p) => new URL(`../api/${p}`, import.meta.url);

/** Moves `?token=` (the address the server printed) out of the address bar into this tab. */
export function takeToken() {
  const url = new URL(location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  sessionStorage.setItem(TOKEN_KEY, token);
  url.searchParams.delete('token');
  history.replaceState(history.state, '', url);
}

class SaveError extends Error {
  constructor(status, body) {
    super(body?.message ?? `the server answered ${status}`);
    this.status = status;
    this.code = body?.code;
  }
}

async function request(method, rel, body) {
  const headers = { 'X-Tidings-Token': sessionStorage.getItem(TOKEN_KEY) ?? '' };
  if (body !== undefined) headers['Content-Type'] = 'text/plain; charset=utf-8';
  const res = await fetch(api(`file?path=${encodeURIComponent(rel)}`), { method, headers, body, cache: 'no-store' });
  const type = res.headers.get('Content-Type') ?? '';
  const answer = type.startsWith('application/json') ? await res.json() : await res.text();
  if (method === 'GET' && res.status === 404 && answer?.code === 'no_file') return null;
  if (!res.ok) throw new SaveError(res.status, answer);
  return answer;
}

/** Lines of `from` → `to` as a unified listing; long unchanged runs are folded. */
function diffView(diffLines, from, to) {
  const out = el('pre', { class: 'diff' });
  const CONTEXT = 3;
  for (const change of diffLines(from, to)) {
    const lines = change.value.replace(/\n$/, '').split('\n');
    if (change.added || change.removed) {
      for (const line of lines) out.append(el('span', { class: change.added ? 'add' : 'del', text: `${change.added ? '+' : '-'} ${line}\n` }));
      continue;
    }
    const shown = lines.length > CONTEXT * 2 + 1
      ? [...lines.slice(0, CONTEXT), null, ...lines.slice(-CONTEXT)]
      : lines;
    for (const line of shown) {
      out.append(line === null
        ? el('span', { class: 'fold', text: `  … ${lines.length - CONTEXT * 2} unchanged lines …\n` })
        : el('span', { class: 'same', text: `  ${line}\n` }));
    }
  }
  return out;
}

/**
 * Asks, then saves. `files`: `[{ rel, text, loaded }]` — the path in the catalog folder,
 * what to write, and the file as the editor loaded it (to notice a change on disk since).
 * `errors`: lint errors of what is saved. `onSaved()` runs once the catalog rebuilt.
 */
export async function saveDialog({ title, files, errors, onSaved }) {
  const { diffLines } = await import('../vendor/diff.js');
  const dialog = $('#save-dialog') ?? document.body.appendChild(el('dialog', { id: 'save-dialog', 'aria-labelledby': 'save-title' }));
  const status = el('p', { class: 'save-status', role: 'status' });
  const tokenField = el('input', { id: 'save-token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const tokenRow = el('p', { class: 'token-row', hidden: '' },
    el('label', { for: 'save-token', text: 'Token the server printed (make run, tidings edit): ' }), tokenField);
  const list = el('div', { class: 'save-files' });
  const save = el('button', { type: 'button', class: 'primary', id: 'save-confirm', text: 'Save' });
  const cancel = el('button', { type: 'button', id: 'save-cancel', text: 'Cancel' });
  dialog.replaceChildren(el('h2', { id: 'save-title', text: title }), tokenRow, list, status, el('div', { class: 'dialog-bar' }, cancel, save));
  cancel.addEventListener('click', () => dialog.close());
  dialog.showModal();

  let disk = null;
  async function load() {
    status.textContent = 'Reading the files on disk…';
    save.disabled = true;
    try {
      disk = await Promise.all(files.map((f) => request('GET', f.rel)));
    } catch (e) {
      disk = null;
      if (e.status === 401) {
        tokenRow.hidden = false;
        status.textContent = sessionStorage.getItem(TOKEN_KEY) ? 'That token was refused: paste the one the server printed.' : 'Saving needs the token the server printed when it started.';
        tokenField.focus();
        save.disabled = false;
        save.textContent = 'Use token';
        return;
      }
      status.textContent = `Cannot read the catalog’s files: ${e.message}`;
      return;
    }
    tokenRow.hidden = true;
    const changed = files.filter((f, i) => disk[i] !== f.text);
    list.replaceChildren(...files.map((f, i) => el('section', { class: 'save-file' },
      el('h3', {}, el('code', { text: f.rel }), disk[i] === null ? ' (new file)' : disk[i] === f.text ? ' (no change)' : ''),
      disk[i] !== null && f.loaded !== undefined && disk[i] !== f.loaded
        ? el('p', { class: 'warn', text: 'This file changed on disk since the editor opened it; saving replaces those changes (shown below).' })
        : '',
      disk[i] === f.text ? '' : diffView(diffLines, disk[i] ?? '', f.text))));
    if (errors.length) {
      list.prepend(el('div', { class: 'save-errors', role: 'alert' },
        el('p', { text: `${errors.length} error${errors.length === 1 ? '' : 's'} in what you are saving — the catalog may not build, or breaks a rule:` }),
        el('ul', {}, ...errors.map((d) => el('li', { text: `${[d.locale, d.part].filter(Boolean).join(' · ')}: ${d.message}` })))));
    }
    status.textContent = changed.length ? '' : 'Nothing to save: the files on disk already read like this.';
    save.textContent = changed.length ? `Save ${changed.length} file${changed.length === 1 ? '' : 's'}${errors.length ? ' anyway' : ''}` : 'Save';
    save.disabled = !changed.length;
    save.focus();
  }

  save.addEventListener('click', async () => {
    if (!disk) {
      sessionStorage.setItem(TOKEN_KEY, tokenField.value.trim());
      await load();
      return;
    }
    save.disabled = true;
    cancel.disabled = true;
    status.textContent = 'Saving…';
    let result = null;
    try {
      for (const [i, f] of files.entries()) if (disk[i] !== f.text) result = await request('PUT', f.rel, f.text);
    } catch (e) {
      status.textContent = `Not saved: ${e.message}`;
      cancel.disabled = false;
      return;
    }
    if (!result.built) {
      status.replaceChildren(el('p', { class: 'warn', text: 'Saved, but the catalog no longer builds; fix it and save again:' }), el('pre', { class: 'report', text: result.report }));
      cancel.disabled = false;
      cancel.textContent = 'Close';
      return;
    }
    status.textContent = 'Saved and rebuilt; reloading…';
    onSaved();
  });
  await load();
}
