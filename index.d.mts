// Types of the Node ES module entry (index.mjs): the same API as the CommonJS entry.
import tidings from './index.js';
export * from './index.js';
export default tidings;
