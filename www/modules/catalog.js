// Which compiled catalog the editor works on, read once at start and shared with the
// checks worker: the catalog folder of the server (`make run`, `tidings edit <dir>`: built
// by the server from the files on disk, and saved to), else the demo catalog
// (pkg/demo.tidings, which the web module does not embed), or one the editor was asked to open — `?catalog=<url>` (e.g. a file
// `tidings build` wrote, served beside the page) or a file picked with "Open catalog…"
// (kept in sessionStorage for this tab, `?catalog=session`).
import init, { embeddedCatalog, loadCatalog, useDemoCatalog } from '../pkg/tidings.js';

const SESSION_KEY = 'tidings.openedCatalog';

async function fetchBytes(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

function fromBase64(text) {
  const raw = atob(text);
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

function toBase64(bytes) {
  let raw = '';
  for (let i = 0; i < bytes.length; i += 0x8000) raw += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(raw);
}

/**
 * What the editor's server says of itself (lib/edit-server.mjs): `{ catalog, save }`, or
 * null where the page is served as plain files (no catalog folder to save to).
 */
async function serverInfo() {
  try {
    const response = await fetch(new URL('../api/info', import.meta.url), { cache: 'no-store' });
    return response.ok && response.headers.get('Content-Type')?.startsWith('application/json') ? await response.json() : null;
  } catch {
    return null;
  }
}

/** The server's catalog folder, built as saved on disk; its problems when it does not build. */
export class CatalogProblems extends Error {
  constructor(report) {
    super('the catalog folder does not build');
    this.report = report;
  }
}

async function serverCatalog() {
  const response = await fetch(new URL('../api/catalog', import.meta.url), { cache: 'no-store' });
  if (response.status === 422) throw new CatalogProblems((await response.json()).report);
  if (!response.ok) throw new Error(`the editor's server answered ${response.status} for the catalog`);
  return new Uint8Array(await response.arrayBuffer());
}

/** The demo catalog's bytes (the module needs them before anything renders). */
const demoBytes = () => fetchBytes(new URL('../pkg/demo.tidings', import.meta.url));

/**
 * Initialises the module and opens the catalog the page asks for. Resolves to
 * `{ catalog, bytes, name, save }`: `catalog` is a `Catalog` (its methods are the API), `bytes`
 * what the checks worker loads (null: the demo), `name` what the header shows (null: the
 * demo), `save` whether edits can be saved to the catalog's folder.
 */
export async function openCatalog(search = location.search) {
  await init();
  useDemoCatalog(await demoBytes());
  const asked = new URLSearchParams(search).get('catalog');
  if (!asked) {
    const server = await serverInfo();
    if (!server?.save) return { catalog: embeddedCatalog(), bytes: null, name: null };
    const bytes = await serverCatalog();
    return { catalog: loadCatalog(bytes), bytes, name: server.catalog, save: true };
  }
  const bytes = asked === 'session'
    ? fromBase64(sessionStorage.getItem(SESSION_KEY) ?? '')
    : await fetchBytes(new URL(asked, location.href));
  return { catalog: loadCatalog(bytes), bytes, name: asked === 'session' ? sessionStorage.getItem(`${SESSION_KEY}.name`) : asked };
}

/** Keeps a picked file for this tab and reopens the editor on it. */
export async function openFile(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  loadCatalog(bytes).free(); // a file that is no catalog is refused here, with its reason
  sessionStorage.setItem(SESSION_KEY, toBase64(bytes));
  sessionStorage.setItem(`${SESSION_KEY}.name`, file.name);
  const url = new URL(location.href);
  url.searchParams.set('catalog', 'session');
  url.hash = '';
  location.assign(url);
}

/** The same catalog in another instance of the module (the checks worker's). */
export async function openInWorker(bytes) {
  await init();
  useDemoCatalog(await demoBytes());
  return bytes ? loadCatalog(bytes) : embeddedCatalog();
}
