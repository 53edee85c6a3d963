// Reading a compiled catalog's bytes (for `load()` in Node) from wherever the caller has
// them: bytes, a file path, a `file:` URL or an `http(s):` URL.
'use strict';

/** What a bad `load()` argument gets: an error shaped like every tidings error. */
function invalid(message, code = 'invalid_input') {
  const e = new TypeError(`load: ${message}`);
  e.name = 'TidingsError';
  e.code = code;
  e.reason = e.message;
  e.detail = `error[${code}]: ${e.message}`;
  return e;
}

/** Bytes of a compiled catalog: given as bytes, or read from a path or URL. */
async function readSource(source) {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  const isUrl = source instanceof URL || (typeof source === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(source));
  if (isUrl) {
    const url = new URL(source);
    if (url.protocol === 'file:' && typeof process !== 'undefined' && process.versions?.node) {
      const fs = require('node:fs/promises');
      return new Uint8Array(await fs.readFile(url));
    }
    const response = await fetch(url);
    if (!response.ok) throw invalid(`${url} answered ${response.status} ${response.statusText}`, 'invalid_catalog');
    return new Uint8Array(await response.arrayBuffer());
  }
  if (typeof source === 'string' && typeof process !== 'undefined' && process.versions?.node) {
    const fs = require('node:fs/promises');
    return new Uint8Array(await fs.readFile(source));
  }
  throw invalid(`expects a Uint8Array, an ArrayBuffer, a URL or (in Node) a file path, not ${source === null ? 'null' : typeof source}`);
}

module.exports = { readSource };
