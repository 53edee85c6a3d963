// Reads a catalog folder into what `buildCatalog` takes: relative path (`/`-separated)
// → text, for `manifest.toml`, `messages/<id>/*.hbs` and `partials/<name>/*.hbs` only.
import fs from 'node:fs/promises';
import path from 'node:path';

/** Largest file read (a catalog's manifest and templates are a few KiB each). */
const MAX_FILE_BYTES = 1 << 20;

async function listing(dir) {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
}

async function read(root, rel, files) {
  const full = path.join(root, rel);
  const stat = await fs.stat(full);
  if (stat.size > MAX_FILE_BYTES) throw new Error(`${rel} is ${stat.size} bytes; a catalog file may have at most ${MAX_FILE_BYTES}`);
  files[rel] = await fs.readFile(full, 'utf8');
}

/**
 * The catalog folder `root` as `{ relPath: text }`. A missing `manifest.toml` is left
 * out, so that the build reports it as it reports any missing file.
 */
export async function readCatalogFolder(root) {
  const stat = await fs.stat(root).catch(() => null);
  if (!stat?.isDirectory()) throw new Error(`${root} is not a folder`);
  const files = {};
  if (await fs.stat(path.join(root, 'manifest.toml')).catch(() => null)) await read(root, 'manifest.toml', files);
  for (const top of ['messages', 'partials']) {
    for (const entry of await listing(path.join(root, top))) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      for (const file of await listing(path.join(root, top, entry.name))) {
        // Every name is passed on, so the build can say that `fr.txt` is no locale's.
        if (file.name.startsWith('.')) continue;
        const rel = `${top}/${entry.name}/${file.name}`;
        if (file.isFile()) await read(root, rel, files);
        else files[`${rel}/`] = '';
      }
    }
  }
  return files;
}
