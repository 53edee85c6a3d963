// The package's ES module entry for Node (`import { render } from 'tidings'`): the
// CommonJS entry's exports under their own names, so Node's ESM loader and TypeScript
// see real named exports, plus the whole API as the default export.
import tidings from './index.js';

export const {
  messages,
  schema,
  render,
  renderTemplate,
  negotiateLocale,
  smsInfo,
  smsParts,
  sourceHash,
  smsBounds,
  lint,
  lintSource,
  renderChunk,
  renderBatch,
  load,
  demo,
  loadCatalog,
  buildCatalog,
  embeddedCatalog,
  Catalog,
  ready,
} = tidings;
export default tidings;
