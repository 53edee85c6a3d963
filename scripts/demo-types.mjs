// Writes pkg/demo.d.ts: the demo catalog's generated declarations (what `tidings build`
// writes for any catalog), for the package's `demo` export. Run by `make build`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { readCatalogFolder } from '../lib/files.mjs';
import { declarations } from '../lib/dts.mjs';

const require = createRequire(import.meta.url);
const built = require('../pkg/node/tidings.js').buildCatalog(await readCatalogFolder('templates'), 'templates');
if (!built.ok) {
  process.stderr.write(built.report);
  process.exit(1);
}
// Relative to pkg/: the package's own entry types.
fs.writeFileSync('pkg/demo.d.ts', declarations(built.catalog, { name: 'DemoCatalog', from: '../index.js', source: 'templates/ (the demo catalog)' }));
