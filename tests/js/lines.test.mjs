// lib/lines.mjs, the physical-line reader under both input formats: against a naive
// reference on random inputs split at random places, and linear in a line's length.
import { readCountingCopies } from './copies.mjs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { lineBatches } from '../../lib/lines.mjs';

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What lineBatches should yield, from the whole input at once. */
function reference(input, maxLineBytes) {
  const items = [];
  const lines = input.toString('latin1').split('\n');
  const last = lines.length - 1;
  lines.forEach((text, i) => {
    if (i === last && text === '') return;
    const size = text.length;
    if (size > maxLineBytes) {
      if (!/^[ \t\n\f\r]*$/.test(text)) items.push({ tooLong: i + 1, size, head: text.slice(0, 4096) });
    } else {
      items.push({ line: i + 1, text: i === last ? text : text + '\n' });
    }
  });
  return items;
}

async function actual(input, pieces, opts) {
  const items = [];
  let read = 0;
  for await (const b of lineBatches(Readable.from(pieces, { objectMode: true }), opts)) {
    read += b.bytesRead;
    if (b.tooLong) {
      items.push({ tooLong: b.line, size: b.size, head: b.head.toString('latin1') });
      continue;
    }
    assert.ok(b.bytes.length <= opts.batchBytes || b.lines === 1, `a batch of ${b.bytes.length} bytes and ${b.lines} lines`);
    const text = b.bytes.length ? b.bytes.toString('latin1').split(/(?<=\n)/) : [];
    assert.equal(text.length, b.lines);
    text.forEach((t, i) => items.push({ line: b.firstLine + i, text: t }));
  }
  assert.equal(read, input.length, 'bytesRead adds up to the input');
  return items;
}

test('lineBatches matches a naive split on random inputs, pieces, limits and batch sizes', async () => {
  const random = rng(7);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  for (let round = 0; round < 400; round++) {
    const maxLineBytes = pick([1, 5, 16, 40, 200]);
    const batchBytes = pick([1, 7, 32, 100, 1000]);
    const lines = [];
    const n = Math.floor(random() * 30);
    for (let i = 0; i < n; i++) {
      const len = pick([0, 0, 1, 3, 10, 15, 16, 17, 39, 40, 41, 120, 300]);
      const fill = pick(['x', ' ', '\r', 'ab', ' \t']);
      lines.push(fill.repeat(len).slice(0, len) + pick(['', '', '\r']));
    }
    const input = Buffer.from(lines.join('\n') + pick(['', '\n']), 'latin1');
    const pieces = [];
    for (let at = 0; at < input.length; ) {
      const size = 1 + Math.floor(random() * pick([1, 4, 20, 64, 500]));
      pieces.push(input.subarray(at, at + size));
      at += size;
    }
    const opts = { batchBytes, maxLineBytes };
    assert.deepEqual(await actual(input, pieces, opts), reference(input, maxLineBytes), JSON.stringify({ round, opts, input: input.toString('latin1') }));
  }
});

test('a 64 MB line in 64 KiB pieces is copied a bounded number of times, not once per piece', async () => {
  const piece = Buffer.alloc(64 * 1024, 'x');
  const pieces = [Buffer.from('{"id":"first"}\n{"id":"big","data":"')];
  for (let i = 0; i < 1024; i++) pieces.push(piece);
  pieces.push(Buffer.from('"}\n{"id":"last"}\n'));
  const total = pieces.reduce((n, p) => n + p.length, 0);
  for (const maxLineBytes of [1 << 20, 128 << 20]) {
    const { items, copied } = await readCountingCopies(lineBatches(Readable.from(pieces), { batchBytes: 256 * 1024, maxLineBytes }));
    assert.ok(copied <= 2 * total, `${copied} bytes copied for ${total} bytes of input (limit ${maxLineBytes})`);
    if (maxLineBytes === 1 << 20) {
      // Over the limit: the line is dropped as it streams, only its head is kept.
      assert.deepEqual(items.map((b) => (b.tooLong ? ['long', b.line, b.size] : ['lines', b.firstLine, b.lines])), [
        ['lines', 1, 1],
        ['long', 2, total - '{"id":"first"}\n'.length - '{"id":"last"}\n'.length - 1],
        ['lines', 3, 1],
      ]);
      assert.equal(items[1].head.length, 4096);
      assert.ok(items[1].head.toString().startsWith('{"id":"big"'));
    } else {
      assert.equal(items.reduce((n, b) => n + b.lines, 0), 3);
    }
  }
});
