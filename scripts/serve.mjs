// Serves the editor: www/ at /, the web build (pkg/web) at /pkg/, on 127.0.0.1 only.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function createServer() {
  const opts = { dev: true, etag: true };
  const site = sirv(path.join(root, 'www'), opts);
  const pkg = sirv(path.join(root, 'pkg', 'web'), opts);
  return http.createServer((req, res) => {
    const notFound = () => { res.statusCode = 404; res.end('not found'); };
    if (req.url === '/pkg' || req.url.startsWith('/pkg/')) {
      req.url = req.url.slice(4) || '/';
      return pkg(req, res, notFound);
    }
    site(req, res, notFound);
  });
}

export function listen(port = 0) {
  const server = createServer();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const port = Number(process.env.PORT || 8080);
  const server = await listen(port);
  console.log(`tidings editor: http://127.0.0.1:${server.address().port}/  (Ctrl-C to stop)`);
}
