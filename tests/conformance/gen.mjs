// Conformance cases: a seeded generator of Handlebars templates, their data and partials,
// within what message templates use. Owns the case model (a small template tree that
// serialises to source), the RNG, serialisation and the feature tags of a case. Same
// seed and index → the same case, byte for byte; nothing here renders anything.
//
// A case is { index, nodes, partials: { name: nodes }, data }. Templates are kept as trees
// (not strings) so that shrink.mjs can remove nodes and still produce a template that
// parses, and so that features() can say which constructs a case contains.

/**
 * xorshift64*, the same generator as tests/common/rng.rs (BigInt keeps the 64-bit
 * arithmetic exact, so a seed gives the same sequence as the Rust tests' Rng would).
 */
export class Rng {
  constructor(seed) {
    // A zero state would stay zero; any other 64-bit state is fine.
    this.s = BigInt.asUintN(64, BigInt(seed)) || 0x9e3779b97f4a7c15n;
  }
  next() {
    let s = this.s;
    s ^= s >> 12n;
    s ^= BigInt.asUintN(64, s << 25n);
    s ^= s >> 27n;
    this.s = s;
    return BigInt.asUintN(64, s * 0x2545f4914f6cdd1dn);
  }
  below(n) {
    return Number(this.next() % BigInt(n));
  }
  pick(items) {
    return items[this.below(items.length)];
  }
  /** true with probability p (in steps of 1/10000). */
  chance(p) {
    return this.below(10000) < p * 10000;
  }
  /** a whole number in [lo, hi]. */
  int(lo, hi) {
    return lo + this.below(hi - lo + 1);
  }
}

/**
 * The seed of case `index` of a run: the index-th output of an Rng seeded with the run's
 * seed (mixed so that runs with neighbouring seeds do not start alike). Any case can be
 * regenerated alone from (seed, index).
 */
export function caseSeed(seed, index) {
  const r = new Rng(BigInt.asUintN(64, BigInt(seed) * 0x9e3779b97f4a7c15n + 0x632be59bd9b4e019n));
  let s = 0n;
  for (let i = 0; i <= index; i++) s = r.next();
  return s;
}

// tidings helper names (and Handlebars.js's own): data keys named like them render the
// helper in tidings, a deliberate difference, so the generator never uses them as keys.
export const TIDINGS_HELPERS = [
  'number', 'money', 'datetime', 'date', 'time', 'plural', 'list', 'maskPhone', 'maskAccount', 'maskName',
  'eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'not', 'and', 'or', 'len', 'lookup', 'if', 'unless', 'each', 'with',
];
const HANDLEBARS_HELPERS = ['log', 'helperMissing', 'blockHelperMissing'];

// Data keys: plain names, and a few with a space that only `[…]` segments can reach.
const KEYS = ['name', 'title', 'city', 'user', 'items', 'rows', 'tags', 'info', 'meta', 'flag', 'price', 'note', 'owner', 'level', 'code', 'kind', 'status', 'label', 'extra', 'total'];
const SPACED_KEYS = ['b c', 'first name', 'x y'];
// Keys no data has: lookups of them are missing values.
const MISSING_KEYS = ['nope', 'missing', 'absent'];
for (const k of [...KEYS, ...SPACED_KEYS, ...MISSING_KEYS]) {
  if (TIDINGS_HELPERS.includes(k) || HANDLEBARS_HELPERS.includes(k)) throw new Error(`gen.mjs: key ${k} is a helper name`);
}

const STRING_PIECES = ['Ann', 'Zhōu', '王小明', 'a&b', '<b>', '</i>', '"q"', "it's", '`x`', 'a=b', ' ', '1 < 2', 'Tom & Jerry', '', 'x\ny', '&amp;', 'ok'];
const NUMBERS = [0, 1, 7, 42, 1000, -3, -100, 0.1, 1.5, -2.25, 1e21, 1e-7, -0, 123.456];
const TEXT_PIECES = ['Hello', ' ', 'world', ', ', '. ', '&', '<', '>', '"', "'", '`', '=', '\n', '\n', '\r\n', '  ', '你好', 'a', 'x=1', '<p>', '</p>', ':', '-', '(', ')', 'Dear '];
const COMMENT_TEXT = ['note', 'todo: x', 'a & b', 'see }} here', '--', ' '];

// ---------------------------------------------------------------------------------------
// Data

function genString(r) {
  let s = '';
  for (let n = r.int(1, 3); n > 0; n--) s += r.pick(STRING_PIECES);
  return s;
}

function genScalar(r) {
  const k = r.below(10);
  if (k < 4) return genString(r);
  if (k < 7) return r.pick(NUMBERS);
  if (k < 9) return r.chance(0.5);
  return null;
}

function genObject(r, depth, keys = r.int(0, 4)) {
  const o = {};
  for (let i = 0; i < keys; i++) {
    const key = r.chance(0.08) ? r.pick(SPACED_KEYS) : r.pick(KEYS);
    o[key] = genValue(r, depth + 1);
  }
  return o;
}

/** Records of one list: usually the same keys in each (as a message's line items have), sometimes not. */
function genRecords(r, depth, len) {
  if (r.chance(0.25)) return Array.from({ length: len }, () => genObject(r, depth, r.int(1, 3)));
  const keys = Object.keys(genObject(r, depth, r.int(1, 3)));
  return Array.from({ length: len }, () => Object.fromEntries(keys.map((k) => [k, genValue(r, depth + 1)])));
}

function genArray(r, depth) {
  const len = r.chance(0.2) ? 0 : r.int(1, 3);
  const k = r.below(10);
  if (k < 4 && depth < 3) return genRecords(r, depth + 1, len);
  const a = [];
  for (let i = 0; i < len; i++) a.push(k < 5 && depth < 3 ? genArray(r, depth + 1) : genScalar(r));
  return a;
}

function genValue(r, depth) {
  const k = r.below(10);
  if (depth >= 3 || k < 6) return genScalar(r);
  if (k < 8) return genArray(r, depth);
  return genObject(r, depth);
}

/** Top-level data: always an object (tidings takes only objects), usually with a list and a record. */
function genData(r) {
  const data = genObject(r, 0, r.int(2, 5));
  if (r.chance(0.7)) data.items = genRecords(r, 1, r.chance(0.15) ? 0 : r.int(1, 3));
  if (r.chance(0.6)) data.user = genObject(r, 1, r.int(1, 4));
  // Keys for `lookup`: a name that some object at the top has, and a list position.
  const objects = Object.keys(data).filter((k) => isObject(data[k]) && Object.keys(data[k]).length);
  if (objects.length && r.chance(0.6)) data.sel = r.pick(Object.keys(data[r.pick(objects)]));
  if (r.chance(0.3)) data.pos = r.below(2);
  return data;
}

export function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------
// Paths: chosen from what the context holds, as Handlebars.js resolves them, so most
// lookups find a value (strict mode would otherwise throw on nearly every case).

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const seg = (key) => (IDENT.test(key) && !/^(true|false|null|undefined|else|this|as)$/.test(key) ? key : `[${key}]`);

/** Every path under `value` up to `depth` segments: [{ segs, value }]. */
function walk(value, segs, depth, out) {
  if (depth === 0) return out;
  if (isObject(value)) {
    for (const key of Object.keys(value)) {
      const s = [...segs, seg(key)];
      out.push({ segs: s, value: value[key] });
      walk(value[key], s, depth - 1, out);
    }
  } else if (Array.isArray(value)) {
    if (segs.length) out.push({ segs: [...segs, 'length'], value: value.length });
    for (let i = 0; i < Math.min(2, value.length); i++) {
      const s = [...segs, String(i)];
      out.push({ segs: s, value: value[i] });
      walk(value[i], s, depth - 1, out);
    }
  }
  return out;
}

const isScalar = (v) => v === null || typeof v !== 'object';
const WANT = {
  any: () => true,
  scalar: isScalar,
  iterable: (v) => Array.isArray(v) || isObject(v),
  object: isObject,
};

/**
 * A path expression for the context: { text, value } (value undefined: missing).
 * `want` steers the pick (scalar for output, iterable for each, object for with).
 */
function genPath(r, ctx, want = 'any') {
  const ok = WANT[want];
  const options = [];
  // Messages loop over lists more often than over records.
  const add = (weight, text, value) => options.push({ weight: want === 'iterable' && Array.isArray(value) ? 2 * weight : weight, text, value });
  // Bracketed, numeric and length segments are rarer in messages; a numeric last segment
  // (`a.0`) is a parse error in Handlebars.js (a template it refuses tests little else),
  // so it is rarer still.
  const rarity = (segs) => {
    if (/^\d+$/.test(segs[segs.length - 1])) return 0.02;
    if (segs.some((s) => s.startsWith('['))) return 0.5;
    if (segs.some((s) => /^\d+$|^length$/.test(s))) return 0.25;
    return 1;
  };
  // Plain and dotted paths from the context; numeric segments cannot start a path (`0` is a
  // number literal), so those go through `this.`.
  for (const p of walk(ctx.value, [], 3, [])) {
    if (!ok(p.value)) continue;
    const text = p.segs.join('.');
    const numericHead = /^\d/.test(text);
    add(4 * rarity(p.segs), numericHead ? `this.${text}` : text, p.value);
    if (!numericHead && r.chance(0.15)) add(1, `this.${text}`, p.value);
  }
  if (ok(ctx.value)) {
    add(1.5, 'this', ctx.value);
    add(1.5, '.', ctx.value);
  }
  // Parent contexts (pushed by each and with, as in Handlebars.js 4).
  ctx.parents.forEach((parent, i) => {
    const up = '../'.repeat(i + 1);
    if (i === 0 && ok(parent)) add(1, '..', parent);
    for (const p of walk(parent, [], 2, [])) if (ok(p.value)) add((i === 0 ? 1.5 : 1) * rarity(p.segs), up + p.segs.join('.'), p.value);
  });
  // @root, from anywhere.
  for (const p of walk(ctx.root, [], 2, [])) if (ok(p.value)) add((ctx.parents.length ? 1.5 : 0.4) * rarity(p.segs), `@root.${p.segs.join('.')}`, p.value);
  // Loop variables: often, as in message lists ("1. …", separators before all but the first).
  if (ctx.each && want !== 'iterable' && want !== 'object' && r.chance(0.25)) {
    const name = r.pick(['@index', '@index', '@key', '@first', '@last']);
    return { text: name, value: name === '@index' || (name === '@key' && ctx.each !== 'object') ? 0 : name === '@key' ? '' : true };
  }
  if (ctx.each && want !== 'iterable' && want !== 'object') {
    add(2, '@index', 0);
    add(ctx.each === 'object' ? 2 : 0.7, '@key', ctx.each === 'object' ? '' : 0);
    add(1, '@first', true);
    add(1, '@last', true);
  }
  // Missing values: a key nothing has, or one level past what exists.
  if (r.chance(0.06) || !options.length) {
    const key = r.pick(MISSING_KEYS);
    const base = r.chance(0.5) && isObject(ctx.value) && Object.keys(ctx.value).length ? `${seg(r.pick(Object.keys(ctx.value)))}.` : '';
    return { text: base + key, value: undefined };
  }
  let total = options.reduce((a, o) => a + o.weight, 0);
  let x = r.below(10000) / 10000 * total;
  for (const o of options) {
    x -= o.weight;
    if (x < 0) return o;
  }
  return options[options.length - 1];
}

// ---------------------------------------------------------------------------------------
// Templates

const strip = (r, p = 0.12) => ({ l: r.chance(p), r: r.chance(p) });
const noStrip = () => ({ l: false, r: false });
/** Standalone layout of a tag: alone on its line, indented, ended by \n or \r\n. */
const layout = (r, p) => (r.chance(p) ? { indent: r.pick(['', '  ', '    ', '\t']), eol: r.chance(0.25) ? '\r\n' : '\n' } : null);

function genText(r) {
  let s = '';
  for (let n = r.int(1, 4); n > 0; n--) s += r.pick(TEXT_PIECES);
  return { t: 'text', s };
}

function genMustache(r, ctx) {
  const p = genPath(r, ctx, r.chance(0.85) ? 'scalar' : 'any');
  return { t: 'mustache', path: p.text, raw: r.chance(0.12), strip: strip(r) };
}

function genLookup(r, ctx) {
  const arg = genLookupArgs(r, ctx);
  return { t: 'lookup', obj: arg.obj, key: arg.key, strip: strip(r) };
}

/** `lookup` arguments: an object and a path holding one of its keys, or a list and a position. */
function genLookupArgs(r, ctx) {
  const root = ctx.root;
  const at = ctx.parents.length ? '@root.' : '';
  // Not `items.0` (a parse error in Handlebars.js) but rarely: that is path.numeric-last's business.
  const objects = walk(ctx.value, [], 2, []).filter((p) => isObject(p.value) && Object.keys(p.value).length && (!/^\d+$/.test(p.segs[p.segs.length - 1]) || r.chance(0.05)));
  if (typeof root.sel === 'string' && isObject(root.user) && Object.hasOwn(root.user, root.sel) && r.chance(0.5)) {
    return { obj: `${at}user`, key: `${at}sel`, value: root.user[root.sel] };
  }
  if (typeof root.sel === 'string') {
    const holder = Object.keys(root).find((k) => isObject(root[k]) && Object.hasOwn(root[k], root.sel));
    if (holder && r.chance(0.6)) return { obj: `${at}${seg(holder)}`, key: `${at}sel`, value: root[holder][root.sel] };
  }
  if (typeof root.pos === 'number' && Array.isArray(root.items) && r.chance(0.5)) {
    return { obj: `${at}items`, key: `${at}pos`, value: root.items[root.pos] };
  }
  if (objects.length && r.chance(0.8)) {
    const o = r.pick(objects);
    const key = r.chance(0.9) ? r.pick(Object.keys(o.value)) : r.pick(MISSING_KEYS);
    return { obj: o.segs.join('.'), key: JSON.stringify(key), value: o.value[key] };
  }
  if (ctx.each && r.chance(0.5)) return { obj: '..', key: '@key', value: undefined };
  const p = genPath(r, ctx, 'object');
  return { obj: p.text, key: JSON.stringify(r.pick([...KEYS.slice(0, 4), ...MISSING_KEYS])), value: undefined };
}

function genComment(r) {
  const long = r.chance(0.4);
  let s = r.pick(COMMENT_TEXT);
  if (!long) s = s.replace(/}}/g, '');
  return { t: 'comment', s: ` ${s} `, long, strip: strip(r, 0.25), sa: layout(r, 0.3) };
}

function childCtx(ctx, value, each = null) {
  return { ...ctx, value, parents: [ctx.value, ...ctx.parents], each, depth: ctx.depth + 1 };
}

function genBlock(r, ctx, budget) {
  const kind = r.pick(['if', 'if', 'unless', 'each', 'each', 'with']);
  const sa = layout(r, 0.3);
  const node = { t: 'block', helper: kind, open: strip(r, 0.1), close: strip(r, 0.1), elifs: [], inverse: null, sa };
  const inner = { ...ctx, depth: ctx.depth + 1 };
  if (kind === 'if' || kind === 'unless') {
    node.param = genPath(r, ctx, 'any').text;
    node.body = genNodes(r, inner, budget);
    if (kind === 'if') {
      for (let n = r.chance(0.3) ? r.int(1, 2) : 0; n > 0; n--) {
        node.elifs.push({ param: genPath(r, ctx, 'any').text, body: genNodes(r, inner, budget), strip: strip(r, 0.1) });
      }
    }
  } else if (kind === 'each') {
    let p;
    if (r.chance(0.1)) {
      const a = genLookupArgs(r, ctx);
      p = { text: `(lookup ${a.obj} ${a.key})`, value: a.value, sub: true };
    } else p = genPath(r, ctx, r.chance(0.9) ? 'iterable' : 'any');
    node.param = p.text;
    node.over = Array.isArray(p.value) ? 'array' : isObject(p.value) ? 'object' : 'other';
    const first = Array.isArray(p.value) ? p.value[0] : isObject(p.value) ? Object.values(p.value)[0] : undefined;
    node.body = genNodes(r, childCtx(ctx, first === undefined ? {} : first, node.over === 'object' ? 'object' : 'array'), budget);
  } else {
    let p;
    if (r.chance(0.3)) {
      const a = genLookupArgs(r, ctx);
      p = { text: `(lookup ${a.obj} ${a.key})`, value: a.value };
    } else p = genPath(r, ctx, r.chance(0.85) ? 'object' : 'any');
    node.param = p.text;
    node.body = genNodes(r, childCtx(ctx, p.value === undefined || p.value === null ? {} : p.value), budget);
  }
  if (r.chance(0.35)) node.inverse = genNodes(r, inner, budget);
  node.elseStrip = strip(r, 0.1);
  return node;
}

function genPartial(r, ctx, budget, partials) {
  const name = r.chance(0.03) ? 'nope' : `p${Object.keys(partials).length}`;
  const node = { t: 'partial', name, ctx: null, hash: [], strip: strip(r, 0.1), sa: layout(r, 0.4) };
  let value = ctx.value;
  if (r.chance(0.35)) {
    const p = genPath(r, ctx, 'object');
    node.ctx = p.text;
    value = p.value ?? {};
  }
  if (r.chance(0.35)) {
    value = isObject(value) ? { ...value } : {};
    for (let n = r.int(1, 2); n > 0; n--) {
      const key = r.pick(['label', 'who', 'note', 'title']);
      if (node.hash.some(([k]) => k === key)) continue;
      if (r.chance(0.3)) {
        const s = genString(r);
        node.hash.push([key, JSON.stringify(s)]);
        value[key] = s;
      } else {
        const p = genPath(r, ctx, 'scalar');
        node.hash.push([key, p.text]);
        value[key] = p.value;
      }
    }
  }
  if (name !== 'nope') {
    partials[name] = null; // reserve the name before generating the body (which may call others)
    // A partial's `../` would name contexts Handlebars.js gives it from its caller; it only
    // sees its own context and @root here.
    const pctx = { value, parents: [], root: ctx.root, each: null, depth: ctx.depth + 1, partialDepth: ctx.partialDepth + 1 };
    partials[name] = genNodes(r, pctx, { left: r.int(1, 4), partials }, true);
  }
  return node;
}

function genNodes(r, ctx, budget, multiline = false) {
  const nodes = [];
  let n = r.int(1, ctx.depth === 0 ? 6 : 3);
  if (multiline) n = r.int(1, 4);
  for (; n > 0 && budget.left > 0; n--) {
    budget.left--;
    const k = r.below(100);
    if (k < 30) nodes.push(genText(r));
    else if (k < 58) nodes.push(genMustache(r, ctx));
    else if (k < 63) nodes.push(genLookup(r, ctx));
    else if (k < 70) nodes.push(genComment(r));
    else if (k < 78 && ctx.partialDepth < 1 && budget.partials) nodes.push(genPartial(r, ctx, budget, budget.partials));
    else if (ctx.depth < 3) nodes.push(genBlock(r, ctx, budget));
    else nodes.push(genMustache(r, ctx));
  }
  return nodes;
}

// Ways a template is broken: Handlebars.js refuses each, and so should tidings.
const BREAKS = ['unclosed', 'mismatch', 'stray-close', 'stray-else', 'unterminated'];

function breakTemplate(r, nodes) {
  const blocks = [];
  (function find(list) {
    for (const n of list) if (n.t === 'block') { blocks.push(n); find(n.body); if (n.inverse) find(n.inverse); }
  })(nodes);
  const kind = blocks.length ? r.pick(BREAKS) : r.pick(BREAKS.slice(2));
  if (kind === 'unclosed' || kind === 'mismatch') r.pick(blocks).broken = kind;
  else {
    const s = kind === 'stray-close' ? `{{/${r.pick(['if', 'each', 'with'])}}}` : kind === 'stray-else' ? '{{else}}' : '{{name';
    nodes.splice(kind === 'unterminated' ? nodes.length : r.below(nodes.length + 1), 0, { t: 'broken', kind, s });
  }
}

/** Case `index` of the run with `seed`. */
export function generateCase(seed, index) {
  const r = new Rng(caseSeed(seed, index));
  const data = genData(r);
  const partials = {};
  const ctx = { value: data, parents: [], root: data, each: null, depth: 0, partialDepth: 0 };
  const nodes = genNodes(r, ctx, { left: r.int(3, 14), partials: r.chance(0.35) ? partials : null });
  if (r.chance(0.05)) breakTemplate(r, nodes);
  return { index, nodes, partials, data };
}

// ---------------------------------------------------------------------------------------
// Serialisation

const tag = (s, st) => `{{${st.l ? '~' : ''}${s}${st.r ? '~' : ''}}}`;

/** Source of a node list. Standalone tags start a line of their own (a newline is added before one that would not). */
export function serialize(nodes) {
  let out = '';
  const put = (s) => (out += s);
  const line = (sa, s) => {
    if (!sa) return put(s);
    if (out !== '' && !out.endsWith('\n')) put(sa.eol);
    put(sa.indent + s + sa.eol);
  };
  const each = (list) => list.forEach(one);
  function one(n) {
    switch (n.t) {
      case 'text': return put(n.s);
      case 'broken': return put(n.s);
      case 'mustache': return put(n.raw ? `{{{${n.strip.l ? '~' : ''}${n.path}${n.strip.r ? '~' : ''}}}}` : tag(n.path, n.strip));
      case 'lookup': return put(tag(`lookup ${n.obj} ${n.key}`, n.strip));
      case 'comment': return line(n.sa, tag(n.long ? `!--${n.s}--` : `!${n.s}`, n.strip));
      case 'partial': {
        const args = [n.ctx, ...n.hash.map(([k, v]) => `${k}=${v}`)].filter(Boolean);
        return line(n.sa, tag(`> ${n.name}${args.length ? ' ' + args.join(' ') : ''}`, n.strip));
      }
      case 'block': {
        line(n.sa, tag(`#${n.helper} ${n.param}`, n.open));
        each(n.body);
        for (const e of n.elifs) {
          line(n.sa, tag(`else if ${e.param}`, e.strip));
          each(e.body);
        }
        if (n.inverse) {
          line(n.sa, tag('else', n.elseStrip));
          each(n.inverse);
        }
        if (n.broken === 'unclosed') return;
        const close = n.broken === 'mismatch' ? (n.helper === 'with' ? 'if' : 'with') : n.helper;
        return line(n.sa, tag(`/${close}`, n.close));
      }
      default: throw new Error(`serialize: node ${n.t}`);
    }
  }
  each(nodes);
  return out;
}

/** The sources a renderer needs: { src, partials: { name: source } }. */
export function sources(c) {
  const partials = {};
  for (const [name, nodes] of Object.entries(c.partials)) partials[name] = serialize(nodes);
  return { src: serialize(c.nodes), partials };
}

// ---------------------------------------------------------------------------------------
// Features: the constructs a case contains, for the report's categories.

export function pathFeatures(p, out) {
  if (p === '.') out.add('path.dot');
  else if (p === 'this') out.add('path.this');
  else if (p === '..') out.add('path.parent-dot');
  else if (p.startsWith('this.')) out.add('path.this-member');
  if (p.startsWith('../../')) out.add('path.grandparent');
  else if (p.startsWith('../')) out.add('path.parent');
  if (p.startsWith('@root.')) out.add('path.root');
  if (/^@(index|key|first|last)$/.test(p)) out.add(`each.${p}`);
  if (p.includes('[')) out.add('path.literal-segment');
  if (/(^|\.)length$/.test(p) && !p.startsWith('this.length')) out.add('path.length');
  if (/\.\d+$/.test(p)) out.add('path.numeric-last');
  else if (/\.\d+\./.test(p)) out.add('path.numeric');
  const bare = p.replace(/^(\.\.\/)+|^@root\.|^this\./, '');
  if (/^[^.]+\.[^.]/.test(bare.replace(/\[[^\]]*\]/g, 'x'))) out.add('path.dotted');
}

function dataFeatures(v, out, depth = 0) {
  if (typeof v === 'number') {
    if (Object.is(v, -0)) out.add('value.negative-zero');
    else if (Math.abs(v) >= 1e21 || (v !== 0 && Math.abs(v) < 1e-6)) out.add('value.exponent');
    else if (!Number.isInteger(v)) out.add('value.decimal');
    else if (v < 0) out.add('value.negative');
  } else if (typeof v === 'boolean') out.add('value.boolean');
  else if (v === null) out.add('value.null');
  else if (typeof v === 'string') { if (/[&<>"'`=]/.test(v)) out.add('value.html-chars'); }
  else if (Array.isArray(v)) {
    out.add(v.length ? (v.some((x) => Array.isArray(x)) ? 'value.array-nested' : v.some(isObject) ? 'value.array-of-objects' : 'value.array') : 'value.array-empty');
    for (const x of v) dataFeatures(x, out, depth + 1);
  } else {
    if (depth > 0) out.add(Object.keys(v).length ? 'value.object' : 'value.object-empty');
    for (const x of Object.values(v)) dataFeatures(x, out, depth + 1);
  }
}

/** Segments of a path after its prefix: `a.[b c].0` → ['a', 'b c', '0']. */
function segments(rest) {
  const out = [];
  const re = /\[([^\]]*)\]|([^.[\]]+)/g;
  let m;
  while ((m = re.exec(rest))) out.push(m[1] ?? m[2]);
  return out;
}

/**
 * The value a path names in a context, as the generator models Handlebars.js (undefined:
 * missing). Only for feature tags: the renderers are the judges of what a path gives.
 * `notes` collects how the path got there: through a missing or null parent, or asking
 * a list or a scalar for a named key.
 */
export function resolve(text, ctx, notes = new Set()) {
  if (text.startsWith('"')) return JSON.parse(text);
  if (/^-?\d/.test(text)) return Number(text);
  if (text === '.' || text === 'this') return ctx.value;
  if (text === '..') return ctx.parents[0];
  if (text === '@key' && ctx.each === 'array') notes.add('each.@key-in-list');
  if (text.startsWith('@') && !text.startsWith('@root')) return ctx.each ? ({ '@index': 0, '@key': ctx.each === 'object' ? 'k' : 0, '@first': true, '@last': true })[text] : undefined;
  let base = ctx.value;
  let rest = text;
  const up = /^(\.\.\/)+/.exec(text);
  // Handlebars.js pushes a context for `../` only when a block's context is a different
  // object (so `{{#with this}}{{../a}}` does not reach the parent).
  if (up && ctx.parents.slice(0, up[0].length / 3).some((p, i) => p === (i === 0 ? ctx.value : ctx.parents[i - 1]))) notes.add('path.parent-same-context');
  if (up) {
    base = ctx.parents[up[0].length / 3 - 1];
    rest = text.slice(up[0].length);
  } else if (text.startsWith('@root.')) {
    base = ctx.root;
    rest = text.slice(6);
  } else if (text.startsWith('this.')) rest = text.slice(5);
  const segs = segments(rest);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    if (base === null || base === undefined) {
      if (i > 0) notes.add('path.through-missing');
      return undefined;
    }
    if (Array.isArray(base) && !/^\d+$/.test(s) && s !== 'length') notes.add('path.key-of-list');
    if (typeof base !== 'object' && s !== 'length') {
      notes.add('path.key-of-scalar');
      return undefined;
    }
    base = Object.hasOwn(Object(base), s) || (Array.isArray(base) && s === 'length') ? base[s] : undefined;
  }
  return base;
}

/** What kind of value is output or tested: empty containers, zero and exponents are where engines part. */
function valueKind(v) {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') {
    if (Object.is(v, -0)) return 'negative-zero';
    if (v === 0) return 'zero';
    if (Math.abs(v) >= 1e21 || Math.abs(v) < 1e-6) return 'exponent';
    return Number.isInteger(v) ? 'integer' : 'decimal';
  }
  if (typeof v === 'string') return v === '' ? 'empty-string' : /[&<>"'`=]/.test(v) ? 'html-chars' : 'string';
  if (Array.isArray(v)) return v.length === 0 ? 'empty-array' : v.some((x) => Array.isArray(x)) ? 'nested-array' : 'array';
  return Object.keys(v).length ? 'object' : 'empty-object';
}

/** The feature tags of a case: template constructs, the kinds of values they meet, data shapes. */
export function features(c) {
  const out = new Set();
  const look = (text, ctx) => resolve(text, ctx, out);
  const st = (s, kind) => { if (s && (s.l || s.r)) out.add(`whitespace-control.${kind}`); };
  const sa = (l, kind) => {
    if (!l) return;
    out.add(`standalone.${kind}`);
    if (l.indent) out.add('standalone.indented');
    if (l.eol === '\r\n') out.add('standalone.crlf');
  };
  const output = (v) => {
    const k = valueKind(v);
    if (!['string', 'integer', 'missing'].includes(k)) out.add(`output-value.${k}`);
    if (k === 'missing') out.add('output-value.missing');
  };
  const tested = (helper, v) => {
    const k = valueKind(v);
    if (['empty-object', 'empty-array', 'zero', 'negative-zero', 'empty-string', 'null', 'missing'].includes(k)) out.add(`block-value.${k}`);
    if (helper === 'with' && !['object', 'empty-object', 'missing', 'null'].includes(k)) out.add('with.non-object');
  };
  const child = (ctx, value, each = null) => ({ ...ctx, value, parents: [ctx.value, ...ctx.parents], each });
  const walkNodes = (list, ctx) => {
    for (const n of list) {
      switch (n.t) {
        case 'text':
          if (/[&<>"'`=]/.test(n.s)) out.add('text.html-chars');
          if (n.s.includes('\r\n')) out.add('text.crlf');
          else if (n.s.includes('\n')) out.add('text.newline');
          break;
        case 'broken': out.add(`invalid.${n.kind}`); break;
        case 'mustache':
          out.add(n.raw ? 'output.raw' : 'output.escaped');
          pathFeatures(n.path, out);
          output(look(n.path, ctx));
          st(n.strip, 'mustache');
          break;
        case 'lookup': {
          out.add('lookup');
          if (n.key.startsWith('"')) out.add('lookup.string-key');
          pathFeatures(n.obj, out);
          if (!n.key.startsWith('"')) pathFeatures(n.key, out);
          const o = look(n.obj, ctx);
          const k = look(n.key, ctx);
          output(o !== null && typeof o === 'object' && Object.hasOwn(o, String(k)) ? o[k] : undefined);
          st(n.strip, 'mustache');
          break;
        }
        case 'comment':
          out.add(n.long ? 'comment.long' : 'comment.short');
          if (!n.long && n.s.includes('--')) out.add('comment.short-with-dashes');
          if (n.long && n.s.includes('}}')) out.add('comment.long-with-braces');
          st(n.strip, 'comment');
          sa(n.sa, 'comment');
          break;
        case 'partial': {
          out.add(n.name === 'nope' ? 'partial.missing' : 'partial');
          let pv = ctx.value;
          if (n.ctx) { out.add('partial.context'); pathFeatures(n.ctx, out); pv = look(n.ctx, ctx); }
          if (n.hash.length) {
            out.add('partial.hash');
            pv = isObject(pv) ? { ...pv } : {};
            for (const [k, v] of n.hash) { if (!v.startsWith('"')) pathFeatures(v, out); pv[k] = look(v, ctx); }
          }
          if (n.sa?.indent) out.add('partial.standalone-indented');
          st(n.strip, 'partial');
          sa(n.sa, 'partial');
          if (c.partials[n.name]) walkNodes(c.partials[n.name], { value: pv, parents: [], root: ctx.root, each: null });
          break;
        }
        case 'block': {
          const h = n.helper;
          let v;
          if (n.param.startsWith('(')) {
            out.add('lookup.subexpression');
            const [, obj, key] = /^\(lookup (\S+) (.+)\)$/.exec(n.param) ?? [];
            if (obj) pathFeatures(obj, out);
            if (key && !key.startsWith('"')) pathFeatures(key, out);
            const o = obj && look(obj, ctx);
            const k = key && look(key, ctx);
            v = o !== null && typeof o === 'object' && Object.hasOwn(o, String(k)) ? o[k] : undefined;
          } else {
            pathFeatures(n.param, out);
            v = look(n.param, ctx);
          }
          if (/^@(index|key|first|last)$/.test(n.param)) out.add('block-param.loop-variable');
          if (h === 'each') out.add(Array.isArray(v) ? 'each.array' : isObject(v) ? 'each.object' : 'each.other');
          else out.add(h);
          // JSON objects keep their keys in insertion order; an engine that sorts them iterates differently.
          if (h === 'each' && isObject(v)) {
            const keys = Object.keys(v);
            if (keys.some((k, i) => i > 0 && keys[i - 1] > k)) out.add('each.object-key-order');
          }
          tested(h, v);
          if (n.elifs.length) out.add('if.else-if');
          if (n.inverse) out.add(`${h}.else`);
          for (const e of n.elifs) { pathFeatures(e.param, out); tested('if', look(e.param, ctx)); st(e.strip, 'else'); }
          st(n.open, 'block');
          st(n.close, 'block');
          if (n.inverse) st(n.elseStrip, 'else');
          sa(n.sa, 'block');
          if (n.sa && (n.inverse || n.elifs.length)) out.add('standalone.else');
          if (n.broken) out.add(`invalid.${n.broken}`);
          let inner = ctx;
          if (h === 'each') {
            const first = Array.isArray(v) ? v[0] : isObject(v) ? Object.values(v)[0] : undefined;
            inner = child(ctx, first, isObject(v) ? 'object' : 'array');
          } else if (h === 'with') inner = child(ctx, v);
          walkNodes(n.body, inner);
          for (const e of n.elifs) walkNodes(e.body, ctx);
          if (n.inverse) walkNodes(n.inverse, ctx);
          break;
        }
      }
    }
  };
  walkNodes(c.nodes, { value: c.data, parents: [], root: c.data, each: null });
  dataFeatures(c.data, out);
  return out;
}

/**
 * Categories from most to least specific: a minimal differing example is filed under the
 * first one it has (so `{{#each o}}{{@key}}{{/each}}` is each.@key, not output.escaped).
 */
export const CATEGORY_ORDER = [
  'invalid.unclosed', 'invalid.mismatch', 'invalid.stray-close', 'invalid.stray-else', 'invalid.unterminated',
  'output.raw', 'path.dot', 'path.parent-dot', 'path.literal-segment', 'path.length', 'path.numeric-last',
  'path.key-of-list', 'path.key-of-scalar', 'path.through-missing', 'each.object-key-order', 'each.@key-in-list',
  'path.parent-same-context', 'block-param.loop-variable', 'comment.long-with-braces', 'comment.short-with-dashes', 'lookup.subexpression',
  'output-value.object', 'output-value.empty-object', 'output-value.empty-array', 'output-value.nested-array', 'output-value.array',
  'output-value.exponent', 'output-value.negative-zero', 'output-value.decimal',
  'block-value.empty-object', 'block-value.empty-array', 'block-value.zero', 'block-value.negative-zero', 'block-value.empty-string', 'with.non-object',
  'path.grandparent', 'path.parent', 'path.root', 'path.this-member', 'path.this',
  'lookup.string-key', 'lookup', 'each.@key', 'each.@index', 'each.@first', 'each.@last', 'each.object', 'each.other', 'each.else', 'each.array',
  'with.else', 'with', 'if.else-if', 'unless.else', 'unless', 'if.else', 'if', 'path.numeric',
  'partial.missing', 'partial.standalone-indented', 'partial.hash', 'partial.context', 'partial',
  'standalone.crlf', 'standalone.else', 'standalone.block', 'standalone.comment', 'standalone.partial', 'standalone.indented',
  'whitespace-control.comment', 'whitespace-control.partial', 'whitespace-control.else', 'whitespace-control.block', 'whitespace-control.mustache',
  'comment.long', 'comment.short',
  'value.array-empty', 'value.array-nested', 'value.array-of-objects', 'value.array', 'value.object-empty', 'value.object',
  'value.exponent', 'value.negative-zero', 'value.decimal', 'value.negative', 'value.boolean', 'value.null', 'value.html-chars',
  'output-value.boolean', 'output-value.null', 'output-value.html-chars', 'output-value.empty-string', 'output-value.zero', 'output-value.missing',
  'block-value.null', 'block-value.missing',
  'path.dotted', 'text.crlf', 'text.newline', 'text.html-chars', 'output.escaped',
];

export function primaryCategory(feats) {
  return CATEGORY_ORDER.find((f) => feats.has(f)) ?? 'text';
}
