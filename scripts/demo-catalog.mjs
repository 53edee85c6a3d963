// Writes the demo catalog's files for the packages: pkg/web/demo.tidings (the compiled
// catalog web.mjs fetches: the web module does not embed it) and pkg/demo.d.ts (its
// declarations, for the Node entry's `demo` export). The build module's buildCatalog runs
// the code build.rs runs, so this is the catalog the Node module embeds. Needs no npm
// package (`make build` runs it before `npm ci` on a fresh clone). Run by `make build`.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { readCatalogFolder } from '../lib/files.mjs';
import { declarations } from '../lib/dts.mjs';

const require = createRequire(import.meta.url);
const built = require('../pkg/build/tidings.js').buildCatalog(await readCatalogFolder('templates'), 'templates');
if (!built.ok) {
  process.stderr.write(built.report);
  process.exit(1);
}
fs.writeFileSync('pkg/web/demo.tidings', built.bytes);
// Relative to pkg/: the package's own entry types.
fs.writeFileSync('pkg/demo.d.ts', declarations(built.catalog, { name: 'DemoCatalog', from: '../index.js', source: 'templates/ (the demo catalog)' }));
