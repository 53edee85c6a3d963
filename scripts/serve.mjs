// `make run`: the editor on 127.0.0.1 over the repository's own catalog folder
// (templates/), which it can save to (lib/edit-server.mjs; `tidings edit <dir>` is the
// same server over any folder). `listen` without a folder serves the demo catalog only.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { editorUrl, listenEditServer } from '../lib/edit-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The editor over `catalogDir` (null: the demo catalog, nothing to save to). */
export function listen(port = 0, { catalogDir = null, token } = {}) {
  return listenEditServer(port, { catalogDir, token, www: path.join(root, 'www'), pkgWeb: path.join(root, 'pkg', 'web') });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await listen(Number(process.env.PORT || 8080), { catalogDir: path.join(root, 'templates') });
  console.log(`tidings editor over templates/: ${editorUrl(server)}\n(the token in this address lets the page save; Ctrl-C stops)`);
}
