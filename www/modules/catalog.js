// Which compiled catalog the editor works on, read once at start and shared with the
// checks worker: the demo catalog (pkg/demo.tidings, which the web module does not
// embed), or one the editor was asked to open — `?catalog=<url>` (e.g. a file
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

/** The demo catalog's bytes (the module needs them before anything renders). */
const demoBytes = () => fetchBytes(new URL('../pkg/demo.tidings', import.meta.url));

/**
 * Initialises the module and opens the catalog the page asks for. Resolves to
 * `{ catalog, bytes, name }`: `catalog` is a `Catalog` (its methods are the API), `bytes`
 * what the checks worker loads (null: the demo), `name` what the header shows (null: the
 * demo).
 */
export async function openCatalog(search = location.search) {
  await init();
  useDemoCatalog(await demoBytes());
  const asked = new URLSearchParams(search).get('catalog');
  if (!asked) return { catalog: embeddedCatalog(), bytes: null, name: null };
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
