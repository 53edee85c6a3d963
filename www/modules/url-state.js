// The page's state in the URL hash, so a link restores the same view for a reviewer:
//   #m=<message id>&s=<state>
// where <state> is the JSON `{ v, p, k, d, e, l, t }` (preference, destination market,
// data, edits, editor locale and part — each only when it differs from the default) compressed with the
// browser's own deflate-raw (CompressionStream) and written as base64url. The message id
// stays readable; `#<message id>` (the old page's links) works too.

function toBase64Url(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text) {
  const bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

async function pipe(bytes, stream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(stream)).arrayBuffer());
}

export async function encodeState(state) {
  const json = new TextEncoder().encode(JSON.stringify({ v: 1, ...state }));
  return toBase64Url(await pipe(json, new CompressionStream('deflate-raw')));
}

export async function decodeState(text) {
  const json = await pipe(fromBase64Url(text), new DecompressionStream('deflate-raw'));
  const state = JSON.parse(new TextDecoder().decode(json));
  if (!state || typeof state !== 'object' || state.v !== 1) throw new Error('unsupported link format');
  return state;
}

/** `{ id, state }` from the current hash; `state` is the still-encoded string or null. */
export function readHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '');
  if (!raw) return { id: null, state: null };
  if (!raw.includes('=')) return { id: decodeURIComponent(raw), state: null };
  const params = new URLSearchParams(raw);
  return { id: params.get('m'), state: params.get('s') };
}

export function writeHash(id, encoded) {
  const hash = `#m=${encodeURIComponent(id)}${encoded ? `&s=${encoded}` : ''}`;
  if (location.hash !== hash) history.replaceState(null, '', hash);
}
