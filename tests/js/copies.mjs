// Counts the bytes Buffer.concat copies while an async iterable is read to the end: the
// line reader and the chunker must copy a long line about once, not once per piece.
export async function readCountingCopies(iterable) {
  const concat = Buffer.concat;
  let copied = 0;
  Buffer.concat = (list, length) => {
    const out = concat(list, length);
    copied += out.length;
    return out;
  };
  const items = [];
  try {
    for await (const item of iterable) items.push(item);
  } finally {
    Buffer.concat = concat;
  }
  return { items, copied };
}
