// The editor's server (`make run`, `tidings edit <dir>`): the page (www/) and the web
// module (pkg/web/) as static files, and — when it is given a catalog folder — that
// folder built on request and its template files read and saved, on 127.0.0.1 only.
//
// Saving writes the only thing on this machine the page can change, so every write is
// checked here, not in the page: the request names the server's own host (no DNS
// rebinding), comes from the page's own origin, carries the token the server printed,
// stays within a size limit, and names a template file of the catalog by a relative path
// that resolves, after symbolic links, inside the catalog folder.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { compile, folderName } from './build.mjs';
import { readCatalogFolder } from './files.mjs';

/** Largest body a save may send (a template file is a few KiB; files.mjs reads ≤ 1 MiB). */
export const MAX_SAVE_BYTES = 1 << 20;

/**
 * Files the editor may read and write, relative to the catalog folder: a message's or a
 * partial's template of one locale, or a message's translation record. One name each, no
 * `.`/`..` segment, nothing hidden.
 */
const WRITABLE = /^(messages|partials)\/(?!\.)[\p{L}\p{N}_.-]+\/(?!\.)[\p{L}\p{N}_-]+(\.[\p{L}\p{N}_-]+)*\.(hbs|toml)$/u;

export class Refused extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** `rel` as an absolute path inside `root`, or a `Refused` saying why not. */
export function catalogPath(root, rel) {
  if (typeof rel !== 'string' || !WRITABLE.test(rel) || rel.split('/').some((s) => s === '.' || s === '..')) {
    throw new Refused(400, 'bad_path', `\`${rel}\` is not a template file of the catalog (messages/<id>/<locale>.hbs, partials/<name>/<locale>.hbs or messages/<id>/translations.toml)`);
  }
  const realRoot = fs.realpathSync(root);
  const full = path.join(realRoot, ...rel.split('/'));
  // The folder the file goes in must exist and be inside the catalog once links are
  // followed; the file itself, when it exists, must be a plain file (not a link out).
  let dir;
  try {
    dir = fs.realpathSync(path.dirname(full));
  } catch {
    throw new Refused(404, 'no_folder', `${path.posix.dirname(rel)}/ is not a folder of the catalog`);
  }
  if (dir !== path.dirname(full) || !dir.startsWith(realRoot + path.sep)) {
    throw new Refused(403, 'outside', `${rel} is outside the catalog folder`);
  }
  const stat = fs.lstatSync(full, { throwIfNoEntry: false });
  if (stat && !stat.isFile()) throw new Refused(403, 'outside', `${rel} is not a plain file`);
  return full;
}

function send(res, status, body, type = 'application/json; charset=utf-8') {
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Cache-Control', 'no-store');
  res.end(typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body));
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      reject(new Refused(413, 'too_large', `a save may send at most ${limit} bytes; this one declared ${declared}`));
      return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) {
        reject(new Refused(413, 'too_large', `a save may send at most ${limit} bytes`));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Writes through a temporary file in the same folder, so a reader never sees half. */
function writeAtomic(full, data) {
  const tmp = path.join(path.dirname(full), `.${path.basename(full)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  fs.writeFileSync(tmp, data, { flag: 'wx' });
  fs.renameSync(tmp, full);
}

/**
 * The server. `catalogDir`: the folder the editor opens and saves to (none: the demo
 * catalog, read-only). `token`: what a save must carry (printed by `listen`'s caller).
 */
export function createEditServer({ catalogDir = null, token = crypto.randomBytes(18).toString('base64url'), www, pkgWeb, maxBody = MAX_SAVE_BYTES } = {}) {
  const opts = { dev: true, etag: true };
  const site = sirv(www, opts);
  const pkg = sirv(pkgWeb, opts);
  const expected = Buffer.from(token);
  // The last build, kept while the folder's files are the same.
  let built = { key: null, result: null };

  async function build() {
    const files = await readCatalogFolder(catalogDir);
    const key = crypto.createHash('sha256').update(JSON.stringify(files)).digest('hex');
    if (built.key !== key) built = { key, result: await compile(catalogDir) };
    return built.result;
  }

  function checkHost(req, port) {
    // A name that resolves to 127.0.0.1 for an attacker's page (DNS rebinding) still
    // sends its own name as Host.
    const ok = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
    if (!ok.includes(req.headers.host)) throw new Refused(403, 'bad_host', `requests must be for 127.0.0.1:${port}, not ${req.headers.host}`);
  }

  function checkToken(req) {
    const given = Buffer.from(String(req.headers['x-tidings-token'] ?? ''));
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw new Refused(401, 'bad_token', 'saving needs the token the server printed when it started');
    }
  }

  function checkOrigin(req) {
    const origin = req.headers.origin;
    if (origin !== `http://${req.headers.host}`) throw new Refused(403, 'bad_origin', `saves are accepted only from the editor's own page (origin ${origin ?? 'missing'})`);
  }

  async function api(req, res, url, port) {
    checkHost(req, port);
    if (url.pathname === '/api/info') return send(res, 200, { catalog: catalogDir ? folderName(path.relative(process.cwd(), catalogDir) || '.') : null, save: Boolean(catalogDir) });
    if (!catalogDir) throw new Refused(404, 'no_catalog', 'this server has no catalog folder to save to');
    if (url.pathname === '/api/catalog') {
      if (req.method !== 'GET') throw new Refused(405, 'method', 'GET only');
      const result = await build();
      if (!result.ok) return send(res, 422, { report: result.report, problems: result.problems });
      return send(res, 200, result.bytes, 'application/octet-stream');
    }
    if (url.pathname === '/api/file') {
      checkToken(req);
      const rel = url.searchParams.get('path');
      if (req.method === 'GET') {
        const full = catalogPath(catalogDir, rel);
        if (!fs.existsSync(full)) return send(res, 404, { code: 'no_file', message: `${rel} does not exist yet` });
        return send(res, 200, fs.readFileSync(full, 'utf8'), 'text/plain; charset=utf-8');
      }
      if (req.method !== 'PUT') throw new Refused(405, 'method', 'GET or PUT only');
      checkOrigin(req);
      const body = await readBody(req, maxBody);
      const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
      const full = catalogPath(catalogDir, rel);
      writeAtomic(full, text);
      const result = await build();
      return send(res, 200, result.ok ? { saved: rel, built: true } : { saved: rel, built: false, report: result.report, problems: result.problems });
    }
    throw new Refused(404, 'not_found', `no ${url.pathname}`);
  }

  const server = http.createServer(async (req, res) => {
    const notFound = () => send(res, 404, 'not found', 'text/plain; charset=utf-8');
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      try {
        await api(req, res, url, server.address().port);
      } catch (e) {
        if (e instanceof Refused) send(res, e.status, { code: e.code, message: e.message });
        else if (e instanceof TypeError && /encoded data/.test(e.message)) send(res, 400, { code: 'not_utf8', message: 'a template file must be UTF-8 text' });
        else send(res, 500, { code: 'internal', message: e.message });
      }
      return;
    }
    if (url.pathname === '/pkg' || url.pathname.startsWith('/pkg/')) {
      req.url = req.url.slice(4) || '/';
      return pkg(req, res, notFound);
    }
    site(req, res, notFound);
  });
  server.token = token;
  return server;
}

/** Starts the server on 127.0.0.1 (port 0: any free one); resolves once it listens. */
export function listenEditServer(port, options) {
  const server = createEditServer(options);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

/** The address to open: the token travels in the URL once and the page keeps it. */
export const editorUrl = (server) => `http://127.0.0.1:${server.address().port}/?token=${server.token}`;

/** `tidings edit <dir>`: the editor over `dir`, with the package's own page and module. */
export async function editCommand(dir, opts) {
  const pkgRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  try {
    await readCatalogFolder(dir);
  } catch (e) {
    process.stderr.write(`tidings: ${dir}: ${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  const built = await compile(dir);
  if (!built.ok) process.stderr.write(`tidings: ${folderName(dir)} does not build yet; the editor shows why:\n\n${built.report}\n`);
  let server;
  try {
    server = await listenEditServer(opts.port, { catalogDir: path.resolve(dir), www: path.join(pkgRoot, 'www'), pkgWeb: path.join(pkgRoot, 'pkg', 'web') });
  } catch (e) {
    process.stderr.write(`tidings: cannot listen on 127.0.0.1:${opts.port}: ${e.message}\n`);
    process.exitCode = 2;
    return;
  }
  process.stdout.write(`tidings editor over ${folderName(dir)}: ${editorUrl(server)}\n(the token in this address lets the page save to the folder; Ctrl-C stops)\n`);
}
