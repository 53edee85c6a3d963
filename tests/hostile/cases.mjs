// The hostile-input suite, shared by Node (tests/js/hostile.test.mjs) and Chromium
// (tests/browser/hostile.test.mjs). Environment-neutral: no imports, no Node or DOM API.
//
// Given the module's exports, `buildCases` enumerates, for every exported function and
// every argument position (top-level and the nested fields that reach the parsers),
// the hostile values of the reliability review (its sections 1-3 and 5.1: JS values
// of every type, absurd locales, amounts, datetimes, zones, deep data and the templates
// that killed or hung the instance), with the valid argument from the catalog's example
// data in every other position. `runCases` calls them one after
// another in ONE instance and, after every call, renders two normal messages and
// compares them byte for byte with a baseline from a fresh instance. `drive` runs the
// cases in a worker (Node worker_threads or a Web Worker) and terminates it when one
// call hangs, so a hang is a recorded failure rather than a stuck test.
//
// An outcome is *defined* when the call returned, or threw an Error that tidings made
// (`name` TidingsError) with a `code` from the README's table. Anything else is a
// failure: a WebAssembly.RuntimeError (trap), a TypeError or other error without a
// code, an exception of the caller's own (thrown by a getter, toJSON or Proxy trap)
// escaping, a call over CALL_LIMIT_MS, a hang, a crash, an unhealthy instance after the
// call, or a return that breaks the function's contract (`check`). Known bugs (KNOWN,
// at the end) are reported as `todo` until they are fixed.

/** The codes of README § Errors. */
export const CODES = [
  'unknown_message', 'invalid_input', 'missing_variable', 'wrong_type', 'unknown_variable',
  'template_syntax', 'template_limit', 'unknown_helper', 'unknown_partial', 'helper_arguments',
  'raw_output', 'unsupported', 'link_not_allowed', 'format', 'render', 'unknown_locale',
  'invalid_catalog', 'unknown_market', 'opted_out', 'no_channels',
];
/** One call may take at most this long. */
export const CALL_LIMIT_MS = 10_000;
/** The driver terminates a worker whose current call has run this long (a hang). */
export const HANG_MS = 20_000;
/** WASM memory may end the suite at most this large. */
export const MEMORY_LIMIT = 1 << 30;

/** Exports that are not API functions: loaders of the web build, the `Catalog` class
 * (its methods are the API functions, exercised through the embedded catalog). */
const LOADERS = new Set(['default', 'initSync', 'Catalog']);

/** Every exported function's parameters, in order. A new export must be added here. */
export const SIGNATURES = {
  messages: [],
  schema: [],
  render: ['messageId', 'locale', 'data', 'options'],
  renderTemplate: ['source', 'data', 'options'],
  negotiateLocale: ['requested'],
  smsInfo: ['text'],
  sourceHash: ['text'],
  smsParts: ['text'],
  smsBounds: ['messageId', 'locale', 'source'],
  lint: ['messageId'],
  lintSource: ['messageId', 'locale', 'part', 'source'],
  renderChunk: ['input', 'firstLine', 'defaults'],
  loadCatalog: ['bytes'],
  embeddedCatalog: [],
  useDemoCatalog: ['bytes'], // web only (the Node module embeds the demo catalog)
  buildCatalog: ['files', 'folder'], // Node only (the web module does not compile catalogs)
  renderBatch: ['records', 'options'], // Node only (index.js)
};

/** The functions only the Node build has, and only the web build. */
export const NODE_ONLY = new Set(['buildCatalog', 'renderBatch']);
export const WEB_ONLY = new Set(['useDemoCatalog']);

/** A catalog folder as `buildCatalog` takes it: the smallest valid one. */
export const TINY_CATALOG = {
  'manifest.toml': [
    '[catalog]', 'default_locale = "en"', 'locales = ["en"]', 'default_time_zone = "UTC"', 'currencies = ["EUR"]',
    '[catalog.categories]', 'service = {}',
    '[[messages]]', 'id = "hi"', 'category = "service"', 'channels = ["sms", "push"]',
    '[[messages.variables]]', 'name = "n"', 'type = "money"', 'trusted = true', 'max_length = 6', 'example = { amount = "1.5", currency = "EUR" }',
  ].join('\n'),
  'messages/hi/en.hbs': '--- sms\nPaid {{money n}}.\n--- push.title\nPaid\n--- push.body\n{{money n}}\n',
};

/** The API functions among `api`'s exports. */
export function apiFunctions(api) {
  return Object.keys(api).filter((k) => typeof api[k] === 'function' && !LOADERS.has(k) && !k.startsWith('__')).sort();
}

// ---------------------------------------------------------------------------------------
// Hostile values. Each is a thunk, so a value is made when its case runs; the large ones
// are made once and shared (no call may mutate its arguments, and none of ours does).

const MB = 1 << 20;
const memo = new Map();
const once = (key, make) => () => {
  if (!memo.has(key)) memo.set(key, make());
  return memo.get(key);
};

/** An Error the caller throws: if it ever comes out of a call, the module leaked it. */
function hostileError(message) {
  const e = new Error(message);
  e.hostile = true;
  // Pretends to be a tidings error, so that only the marker tells them apart.
  e.name = 'TidingsError';
  e.code = 'invalid_input';
  return e;
}
const thrower = (what) => () => { throw hostileError(`hostile ${what}`); };
const TRAPS = ['get', 'set', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'setPrototypeOf',
  'defineProperty', 'deleteProperty', 'isExtensible', 'preventExtensions', 'apply', 'construct'];
const throwingHandler = () => Object.fromEntries(TRAPS.map((t) => [t, thrower(`${t} trap`)]));

function nested(depth, leaf, wrap) {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = wrap(v);
  return v;
}

/** An Error whose `message` getter throws (what a catch that reads e.message meets). */
function errorWithThrowingMessage() {
  const e = new Error('x');
  Object.defineProperty(e, 'message', { get: thrower('message getter') });
  return e;
}

/**
 * The large values: every top-level argument position gets them, but of the nested
 * fields (which all cross the same JSON path) only one per function (`heavy` below), to
 * keep the suite quick. A huge value inside an object has its own case (a getter at
 * its end must not run: the JSON bound is checked while the value is written).
 */
const HEAVY = new Set(['array of 1e6 elements', 'array of 1e6 strings', 'Uint8Array of 10 MB', 'string of 10 MB',
  'toJSON throwing an Error with a 10 MB message', '10,000-deep arrays', '10,000-deep objects']);
const NESTED_SLOW = new Set(['Uint8Array of 10 MB']);

/** The values of review § 1a, in every argument position. */
export const GENERIC = [
  ['0', () => 0],
  ['-1', () => -1],
  ['NaN', () => NaN],
  ['1e308', () => 1e308],
  ['-0', () => -0],
  ['Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['2**53+1', () => 2 ** 53 + 1],
  ['1.5', () => 1.5],
  ['true', () => true],
  ['false', () => false],
  ['BigInt 10n', () => 10n],
  ['Symbol', () => Symbol('hostile')],
  ['undefined', () => undefined],
  ['null', () => null],
  ['function arity 0', () => () => 'en'],
  ['function arity 1', () => (a) => a],
  ['class', () => class Hostile {}],
  ['Date (valid)', () => new Date(Date.UTC(2026, 10, 28, 1, 30))],
  ['Date (invalid)', () => new Date(NaN)],
  ['Map', () => new Map([['name', 'Ann'], ['en', 1]])],
  ['Set', () => new Set(['en', 'zh-CN'])],
  ['WeakMap', () => new WeakMap()],
  ['RegExp', () => /en|zh/g],
  ['Error', () => new Error('an argument that is an Error')],
  ['Promise', () => Promise.resolve('en')],
  ['{}', () => ({})],
  ['Object.create(null)', () => Object.create(null)],
  ['[]', () => []],
  ['sparse array', () => [, , 'en']], // eslint-disable-line no-sparse-arrays
  ['new Array(5)', () => new Array(5)],
  ['array of 1e6 elements', once('array1e6', () => new Array(1e6).fill(0))],
  ['array of 1e6 strings', once('array1e6s', () => new Array(1e6).fill('en'))],
  ['array with a throwing element getter', () => Object.defineProperty(['en'], 0, { get: thrower('element getter'), enumerable: true })],
  ['object with a throwing getter', () => ({ name: 'Ann', get x() { throw hostileError('hostile getter'); } })],
  ['object with a throwing length getter', () => ({ get length() { throw hostileError('hostile length'); } })],
  ['throwing toJSON', () => ({ toJSON: thrower('toJSON') })],
  ['toJSON throwing null', () => ({ toJSON() { throw null; } })], // eslint-disable-line no-throw-literal
  ['toJSON throwing a string', () => ({ toJSON() { throw 'hostile string'; } })], // eslint-disable-line no-throw-literal
  ['toJSON throwing a Symbol', () => ({ toJSON() { throw Symbol('hostile'); } })],
  ['toJSON throwing an Error whose message getter throws', () => ({ toJSON() { throw errorWithThrowingMessage(); } })],
  ['toJSON throwing an Error with a 10 MB message', () => ({ toJSON() { throw hostileError('m'.repeat(10 * MB)); } })],
  ['toJSON throwing a revoked Proxy', () => { const p = Proxy.revocable({}, {}); p.revoke(); return { toJSON() { throw p.proxy; } }; }],
  ['toJSON returning a string', () => ({ toJSON: () => 'en' })],
  ['toJSON returning undefined', () => ({ toJSON: () => undefined })],
  ['array whose toJSON returns undefined', () => Object.assign(['en'], { toJSON: () => undefined })],
  ['Symbol.toPrimitive throwing', () => ({ [Symbol.toPrimitive]: thrower('toPrimitive'), toString: thrower('toString'), valueOf: thrower('valueOf') })],
  ['Proxy of {} whose traps throw', () => new Proxy({}, throwingHandler())],
  ['Proxy of [] whose traps throw', () => new Proxy([], throwingHandler())],
  ['Proxy of a function whose traps throw', () => new Proxy(() => {}, throwingHandler())],
  ['Proxy of a Uint8Array (no traps)', () => new Proxy(new Uint8Array(4), {})],
  ['toJSON throwing a Proxy of an Error whose get trap throws', () => ({ toJSON() { throw new Proxy(new Error('x'), { get: thrower('get trap') }); } })],
  ['revoked Proxy of {}', () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }],
  ['revoked Proxy of []', () => { const p = Proxy.revocable([], {}); p.revoke(); return p.proxy; }],
  ['cyclic object', () => { const o = { name: 'Ann' }; o.self = o; return o; }],
  ['cyclic array', () => { const a = ['en']; a.push(a); return a; }],
  ['{length: -1}', () => ({ length: -1 })],
  ['{length: 1e8}', () => ({ length: 1e8 })],
  ['string-like {length: 3, charCodeAt}', () => ({ length: 3, charCodeAt: () => 65 })],
  ['Uint8Array(16)', () => new Uint8Array(16)],
  ['Uint8Array of 10 MB', once('u8big', () => new Uint8Array(10 * MB))],
  ['Uint16Array', () => new Uint16Array([0x65, 0x6e])],
  ['Float64Array [NaN]', () => new Float64Array([NaN])],
  ['ArrayBuffer', () => new ArrayBuffer(8)],
  ['DataView', () => new DataView(new ArrayBuffer(8))],
  ['String object', () => new String('en')], // eslint-disable-line no-new-wrappers
  ['Number object', () => new Number(1)], // eslint-disable-line no-new-wrappers
  ['empty string', () => ''],
  ['string of 10 MB', once('s10', () => 'x'.repeat(10 * MB))],
  ['string of 1025 characters', () => 'x'.repeat(1025)],
  ['lone high surrogate', () => '\uD800'],
  ['lone low surrogate inside', () => 'a\uDC00b'],
  ['NUL', () => '\u0000'],
  ['controls and bidi', () => '\u001b[31m\u202E\u2028\r\n'],
  ['mustache', () => '{{name}}'],
  ['__proto__ key', () => JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"polluted": 1}}}')],
  ['frozen object', () => Object.freeze({ name: 'Ann' })],
  ['array subclass', () => { class Tags extends Array {} return Tags.from(['en']); }],
  ['10,000-deep arrays', once('deepA', () => nested(10_000, 'en', (v) => [v]))],
  ['10,000-deep objects', once('deepO', () => nested(10_000, 'en', (v) => ({ a: v })))],
];

/** Locale tags (review § 1b and § 4): every locale position. */
export const LOCALES = [
  ['1 MB tag', once('tag1m', () => 'x'.repeat(MB))],
  ['1000 tags', () => Array.from({ length: 1000 }, (_, i) => `x-tag${i}`)],
  ['1000 tags of 1000 characters', once('tags1000', () => Array.from({ length: 1000 }, (_, i) => `${i}`.padEnd(1000, 'a')))],
  ['a list holding a 1 MB tag', () => ['en', 'x'.repeat(MB)]],
  ['zh\\0', () => 'zh\u0000'],
  ['x-private', () => 'x-private'],
  ['empty tag', () => ''],
  ['root', () => 'root'],
  ['und', () => 'und'],
  ['zh-yue', () => 'zh-yue'],
  ['zh-min-nan', () => 'zh-min-nan'],
  ['i-klingon', () => 'i-klingon'],
  ['300-character tag', () => `en-${'a'.repeat(296)}`],
  ['zh-Hant-HK-u-nu-hanidec', () => 'zh-Hant-HK-u-nu-hanidec'],
  ['en_US', () => 'en_US'],
  ['*', () => '*'],
  ['lone surrogate tag', () => 'zh-\uD800'],
  ['list with non-strings', () => [1, null, {}, 'en']],
  ['list of lists', () => [['en']]],
];

/** Money amounts (review § 1b, F7): the amount of a money value. */
export const AMOUNTS = [
  ['1e400', () => '1e400'],
  ['30 digits', () => '1'.repeat(30)],
  ['100 digits', () => '9'.repeat(100)],
  ['101 digits', () => '9'.repeat(101)],
  ['00012', () => '00012'],
  ['-0 (string)', () => '-0'],
  ['-0 (number)', () => -0],
  ['0x10', () => '0x10'],
  [' 1', () => ' 1'],
  ['full-width digits', () => '１２３'],
  ['Arabic-Indic digits', () => '١٢٣'],
  ['minus sign U+2212', () => '−5'],
  ['1,000', () => '1,000'],
  ['+5', () => '+5'],
  ['.5', () => '.5'],
  ['99999999.995 (rounds to 9 digits)', () => '99999999.995'],
  ['1e21 (number)', () => 1e21],
  ['12.345 (number)', () => 12.345],
  ['5e-324', () => 5e-324],
  ['NaN (string)', () => 'NaN'],
];

/** Numbers (service.update.changeCount: number, max_length 2). */
export const NUMBERS = [
  ['99999', () => 99999], ['1e21', () => 1e21], ['12.345', () => 12.345], ['-5', () => -5], ['-0', () => -0],
  ['"00012"', () => '00012'], ['"1e400"', () => '1e400'], ['30 digits', () => '1'.repeat(30)],
];

/** Datetimes (review § 1b, F11): every datetime value. */
export const DATETIMES = [
  ['basic format 20261128T013000Z', () => '20261128T013000Z'],
  ['offset +25:00', () => '2026-11-28T01:30:00+25:00'],
  ['offset +0800', () => '2026-11-28T01:30:00+0800'],
  ['leap second', () => '2016-12-31T23:59:60Z'],
  ['2026-02-30', () => '2026-02-30T00:00:00Z'],
  ['2026-02-29 (not a leap year)', () => '2026-02-29T00:00:00Z'],
  ['2026-13-45T99:99:99Z', () => '2026-13-45T99:99:99Z'],
  ['T24:00', () => '2026-11-28T24:00:00Z'],
  ['year +275760', () => '+275760-09-13T00:00:00Z'],
  ['RFC 9557 annotation', () => '2026-11-28T01:30:00Z[!America/New_York]'],
  ['no offset', () => '2026-11-28T01:30:00'],
  ['date only', () => '2026-11-28'],
  ['surrounding spaces', () => ' 2026-11-28T01:30:00Z '],
  ['20 fraction digits', () => '2026-11-28T01:30:00.12345678901234567890Z'],
  ['full-width digits', () => '２０２６-11-28T01:30:00Z'],
  ['year 0000', () => '0000-01-01T00:00:00Z'],
];

/** Time zones (review § 1b, F11): every time-zone position. */
export const ZONES = [
  ['Etc/Unknown', () => 'Etc/Unknown'],
  ['../../etc/passwd', () => '../../etc/passwd'],
  ['/usr/share/zoneinfo/UTC', () => '/usr/share/zoneinfo/UTC'],
  ['posix/UTC', () => 'posix/UTC'],
  ['right/UTC', () => 'right/UTC'],
  ['localtime', () => 'localtime'],
  ['Mars/Olympus', () => 'Mars/Olympus'],
  ['empty zone', () => ''],
  ['Asia/Shanghai\\0', () => 'Asia/Shanghai\u0000'],
  ['asia/shanghai', () => 'asia/shanghai'],
  ['1 MB zone', once('zone1m', () => 'A'.repeat(MB))],
];

/** URLs (survey.satisfaction.link, a url variable on an allow-list). */
export const URLS = [
  ['javascript:', () => 'javascript:alert(1)'],
  ['other host', () => 'https://evil.example/x'],
  ['userinfo', () => 'https://www.northwindpay.com@evil.example/x'],
  ['port 99999', () => 'https://www.northwindpay.com:99999/x'],
  ['1 MB URL', once('url1m', () => `https://www.northwindpay.com/${'a'.repeat(MB)}`)],
];

/** SMS texts for smsInfo (review F6). */
export const SMS_TEXTS = [
  ['500,000 distinct astral characters (1M units)', once('astral', () => {
    const parts = new Array(500_000);
    for (let i = 0; i < parts.length; i++) parts[i] = String.fromCodePoint(0x10000 + i);
    return parts.join('');
  })],
  ['1M units of GSM extension characters', once('gsmext', () => '{'.repeat(MB))],
  ['1M + 1 units', once('smsover', () => 'a'.repeat(MB + 1))],
  ['every BMP character once', once('bmp', () => {
    let s = '';
    for (let c = 0; c < 0x10000; c++) s += (c >= 0xd800 && c <= 0xdfff) ? 'x' : String.fromCharCode(c);
    return s;
  })],
];

/**
 * Hostile templates (review F1, F3, § 4, § 5.3). `needs` says what the template uses:
 * `list` (a list, `@root.a` in renderTemplate, `@root.services` of service.maintenance
 * elsewhere), `name` (a string: welcome's `name`), or nothing. `where` limits the slow
 * ones (seconds each) to some of the source positions: renderTemplate, sms, email.html,
 * lintSource, smsBounds (all by default).
 */
const subexprs = (n) => `${'(not '.repeat(n)}true${')'.repeat(n)}`;
const eachNest = (n, list, body = '') => `${`{{#each ${list}}}`.repeat(n)}${body}${'{{/each}}'.repeat(n)}`;
export const TEMPLATES = [
  ['F1: "}}" literal hides 1300 nested sub-expressions', () => `{{eq "}}" ${subexprs(1300)}}}`],
  ["F1: '}}' literal hides 1300 nested sub-expressions", () => `{{eq '}}' ${subexprs(1300)}}}`],
  ['F1: inside {{#if}}', () => `{{#if (eq "}}" ${subexprs(1300)})}}x{{/if}}`],
  ['F1: in a hash value', () => `{{plural 1 one="}}" other=${subexprs(1300)}}}`],
  ['10,000 nested sub-expressions', once('sub10k', () => `{{eq "}}" ${subexprs(10_000)}}}`)],
  ['9 nested sub-expressions', () => `{{eq true ${subexprs(9)}}}`],
  ['F3: 26 nested each, empty body', ({ list }) => eachNest(26, list), 'list'],
  ['F3: 64 nested each, empty body', ({ list }) => eachNest(64, list), 'list'],
  ['F3: 16 nested each', ({ list }) => eachNest(16, list), 'list'],
  ['F3: 22 nested each with an if in the body', ({ list }) => eachNest(22, list, '{{#if false}}x{{/if}}'), 'list'],
  ['F8: 12 nested each printing this', ({ list }) => eachNest(12, list, '{{this}}'), 'list'],
  ['65 nested if', () => `${'{{#if true}}'.repeat(65)}x${'{{/if}}'.repeat(65)}`],
  ['64 KiB of {{name}} tags', ({ name }) => `{{${name}}}`.repeat(Math.floor(65536 / (name.length + 4))), 'name', ['renderTemplate', 'sms', 'lintSource', 'smsBounds']],
  ['64 KiB of comments', () => '{{!x}}'.repeat(10922), null, ['lintSource', 'smsBounds']],
  ['64 KiB + 1 of text', () => 'x'.repeat(65537)],
  ['128 KiB + 1 of text', () => 'x'.repeat(131073)],
  ['4000 partials', () => '{{> antifraud}}'.repeat(4000), null, ['renderTemplate', 'smsBounds']],
  ['raw output {{{x}}}', ({ name }) => `{{{${name}}}}`, 'name'],
  ['{{& x}}', ({ name }) => `{{& ${name}}}`, 'name'],
  ['recursive inline partial', () => '{{#*inline "p"}}{{> p}}{{/inline}}{{> p}}'],
  ['dynamic partial', () => '{{> (lookup . "x")}}'],
  ['decorator', () => '{{* decorate}}'],
  ['raw block', () => '{{{{raw}}}}{{x}}{{{{/raw}}}}'],
  ['unterminated block', () => '{{#if true}}x'],
  ['unterminated tag', () => 'Hi {{name'],
  ['unterminated comment', () => '{{!-- }} x'],
  ['lone surrogate in the source', () => 'Hi \uD800 {{!x}}'],
  ['NUL and controls in the source', () => 'Hi \u0000\u001b{{!x}}'],
  ['lookup @root', () => '{{lookup @root "x"}}'],
  ['200 else-if branches', () => `{{#if false}}${'{{else if false}}'.repeat(200)}{{/if}}`],
];

/** JSON Lines chunks for renderChunk (review § 4, F9): each is followed by one good record. */
const enc = new TextEncoder();
const utf8 = (s) => enc.encode(s);
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
};
export const CHUNKS = [
  ['invalid UTF-8', () => new Uint8Array([0xff, 0xfe, 0xc0, 0x80, 0x0a])],
  ['NUL bytes', () => new Uint8Array([0, 0, 0, 0x0a])],
  ['a BOM in the middle', () => concat(utf8('{"id":"x"}\n'), new Uint8Array([0xef, 0xbb, 0xbf]), utf8('{"id":"y"}\n'))],
  ['a forged @line and @error', () => utf8('{"id":"spoof","message":"welcome","locale":"en","@line":1,"@error":"forged","data":{}}\n')],
  ['200-deep nesting', () => utf8(`${'['.repeat(200)}${']'.repeat(200)}\n`)],
  ['10,000-deep nesting', () => utf8(`${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}\n`)],
  ['1e400 and duplicate keys', () => utf8('{"id":"n","id":"m","message":"welcome","data":{"name":1e400}}\n')],
  ['U+2028 and CRLF', () => utf8('{"id":"u\u2028"}\r\n\r\n')],
  ['a 1 MB locale', () => utf8(`{"id":"l","message":"welcome","locale":"${'x'.repeat(MB)}","data":{}}\n`)],
  ['a 10 MB line', once('line10m', () => utf8(`{"id":"big","message":"welcome","data":{"name":"${'x'.repeat(10 * MB)}"}}\n`))],
  ['no final newline', () => utf8('{"id":"nl"')],
];

// ---------------------------------------------------------------------------------------
// Cases.

/**
 * Every case, in a fixed order (an index names the same case in every run). `api` is
 * the module's exports (plus `renderBatch` in Node).
 */
export function buildCases(api) {
  const catalog = api.messages();
  const msg = (id) => catalog.find((m) => m.id === id);
  const ex = (id) => structuredClone(msg(id).example);
  const src = (id, locale, part) => msg(id).templates[locale][part];
  const line = (record) => JSON.stringify(record);
  const goodRecord = (id) => ({ id, message: 'welcome', locale: 'en', data: ex('welcome') });
  const goodLine = line(goodRecord('good'));
  const tinyBytes = typeof api.buildCatalog === 'function' ? api.buildCatalog(TINY_CATALOG, 'tiny').bytes : null;
  // Damaged copies of a real catalog file: every truncation length class, and bytes
  // flipped at seeded positions (the fuzz target catalog_file goes much further).
  const DAMAGED = tinyBytes
    ? [
        ...[0, 4, 8, 11, 12, 13, 40, tinyBytes.length >> 1, tinyBytes.length - 1].map((n) => [`the file cut to ${n} bytes`, () => tinyBytes.slice(0, n)]),
        ...[1, 2, 3, 5, 8, 13, 21, 34].map((seed) => [`the file with bytes flipped (seed ${seed})`, () => {
          const b = tinyBytes.slice();
          let x = seed;
          for (let k = 0; k < 4; k++) {
            x = (x * 1103515245 + 12345) >>> 0;
            b[12 + (x % (b.length - 12))] ^= 0xff;
          }
          return b;
        }]),
        ['the file with another format version', () => { const b = tinyBytes.slice(); b[8] = 99; return b; }],
        ['the file with 1 MB of zeros after it', () => { const b = new Uint8Array(tinyBytes.length + MB); b.set(tinyBytes); return b; }],
        ['a header and a count of 2^32 programs', () => Uint8Array.from([...tinyBytes.slice(0, 12), 0xff, 0xff, 0xff, 0xff, 0x0f])],
      ]
    : [];

  // The valid call of each function; `positions` put a value somewhere in it.
  const valid = {
    messages: () => [],
    schema: () => [],
    render: () => ['security.funds_moved', 'zh-CN', ex('security.funds_moved'),
      { timeZone: 'Asia/Shanghai', channels: ['sms', 'email'], sources: { sms: src('security.funds_moved', 'zh-CN', 'sms') } }],
    renderTemplate: () => ['{{name}} · {{datetime signUpTime}}', ex('welcome'),
      { locale: 'en', escape: 'html', timeZone: 'Asia/Shanghai', messageId: 'welcome' }],
    negotiateLocale: () => [['zh-HK', 'en']],
    smsInfo: () => ['Hello 世界 🙂'],
    sourceHash: () => ['--- sms\n您好'],
    smsParts: () => ['Hello 世界 🙂'],
    smsBounds: () => ['security.funds_moved', 'zh-CN', src('security.funds_moved', 'zh-CN', 'sms')],
    lint: () => ['welcome'],
    lintSource: () => ['welcome', 'en', 'sms', src('welcome', 'en', 'sms')],
    renderChunk: () => [utf8(`${line(goodRecord('r1'))}\n${goodLine}\n`), 1, { message: 'welcome', locale: 'en' }],
    renderBatch: () => [[goodRecord('r1'), goodRecord('r2')], { message: 'welcome', locale: 'en' }],
    // In a browser no module can compile a catalog: there the valid call's file is empty
    // (refused as invalid_catalog), and the hostile values still go everywhere.
    loadCatalog: () => [tinyBytes ? tinyBytes.slice() : new Uint8Array(0)],
    embeddedCatalog: () => [],
    // The instance read its demo catalog before the cases: a later call changes nothing,
    // whatever it is given.
    useDemoCatalog: () => [new Uint8Array(0)],
    buildCatalog: () => [structuredClone(TINY_CATALOG), 'tiny'],
  };

  const at = (i) => (args, v) => { args[i] = v; };
  const field = (i, ...keys) => (args, v) => {
    let o = args[i];
    for (const k of keys.slice(0, -1)) o = o[k];
    o[keys.at(-1)] = v;
  };
  const first = (i) => (args, v) => { args[i] = [v, 'en']; };

  // [function, position, setter, extra value sets, base call (default valid[fn])]. A
  // position with a dot or a bracket is nested; `+` marks the nested one per function
  // that also gets the large values.
  const positions = [
    ['messages', '(extra argument)', at(0), []],
    ['schema', '(extra argument)', at(0), []],
    ['render', 'messageId', at(0), []],
    ['render', 'locale', at(1), [LOCALES]],
    ['render', 'locale[0]', first(1), []],
    ['render', 'data', at(2), []],
    ['render', '+data.counterparty', field(2, 'counterparty'), []],
    ['render', 'data.account', field(2, 'account'), []],
    ['render', 'data.direction', field(2, 'direction'), []],
    ['render', 'data.amount', field(2, 'amount'), []],
    ['render', 'data.amount.amount', field(2, 'amount', 'amount'), [AMOUNTS]],
    ['render', 'data.amount.currency', field(2, 'amount', 'currency'), []],
    ['render', 'data.time', field(2, 'time'), [DATETIMES]],
    ['render', 'data.timeZone', field(2, 'timeZone'), [ZONES]],
    ['render', 'options', at(3), []],
    ['render', 'options.timeZone', field(3, 'timeZone'), [ZONES]],
    ['render', 'options.channels', field(3, 'channels'), []],
    ['render', 'options.channels[0]', (args, v) => { args[3].channels = [v]; }, []],
    ['render', 'options.sources', field(3, 'sources'), []],
    ['render', 'options.sources.sms', field(3, 'sources', 'sms'), []],
    ['render', 'options.market', field(3, 'market'), []],
    ['render', 'options.phone', field(3, 'phone'), []],
    ['render', 'options.preferences', field(3, 'preferences'), []],
    ['render', 'marketing.promotion options.preferences.marketing', field(3, 'preferences', 'marketing'), [],
      () => ['marketing.promotion', 'zh-TW', ex('marketing.promotion'), { phone: '+852 6123 4567', preferences: {} }]],
    ['render', 'survey.satisfaction data.reward.amount', field(2, 'reward', 'amount'), [AMOUNTS],
      () => ['survey.satisfaction', 'zh-CN', ex('survey.satisfaction')]],
    ['render', 'survey.satisfaction data.link', field(2, 'link'), [URLS],
      () => ['survey.satisfaction', 'en', ex('survey.satisfaction')]],
    ['render', 'service.update data.changeCount', field(2, 'changeCount'), [NUMBERS],
      () => ['service.update', 'en', ex('service.update')]],
    ['render', 'service.maintenance data.services', field(2, 'services'), [],
      () => ['service.maintenance', 'zh-TW', ex('service.maintenance')]],
    ['renderTemplate', 'source', at(0), []],
    ['renderTemplate', 'data', at(1), []],
    ['renderTemplate', '+data.name', field(1, 'name'), []],
    ['renderTemplate', 'data.signUpTime', field(1, 'signUpTime'), [DATETIMES]],
    ['renderTemplate', 'options', at(2), []],
    ['renderTemplate', 'options.locale', field(2, 'locale'), [LOCALES]],
    ['renderTemplate', 'options.escape', field(2, 'escape'), []],
    ['renderTemplate', 'options.timeZone', field(2, 'timeZone'), [ZONES]],
    ['renderTemplate', 'options.messageId', field(2, 'messageId'), []],
    ['negotiateLocale', 'requested', at(0), [LOCALES]],
    ['negotiateLocale', '+requested[0]', first(0), []],
    ['smsInfo', 'text', at(0), [SMS_TEXTS]],
    ['sourceHash', 'text', at(0), [SMS_TEXTS]],
    ['smsParts', 'text', at(0), [SMS_TEXTS]],
    ['smsBounds', 'messageId', at(0), []],
    ['smsBounds', 'locale', at(1), [LOCALES]],
    ['smsBounds', 'source', at(2), []],
    ['lint', 'messageId', at(0), []],
    ['lintSource', 'messageId', at(0), []],
    ['lintSource', 'locale', at(1), [LOCALES]],
    ['lintSource', 'part', at(2), []],
    ['lintSource', 'source', at(3), []],
    ['renderChunk', 'input', at(0), []],
    ['renderChunk', 'firstLine', at(1), []],
    ['renderChunk', 'defaults', at(2), []],
    ['renderChunk', 'defaults.message', field(2, 'message'), []],
    ['renderChunk', '+defaults.locale', field(2, 'locale'), [LOCALES]],
    ['renderChunk', 'defaults.annotated', field(2, 'annotated'), []],
    ['loadCatalog', 'bytes', at(0), [DAMAGED]],
    ['embeddedCatalog', '(extra argument)', at(0), []],
    ['useDemoCatalog', 'bytes', at(0), []],
    ['buildCatalog', 'files', at(0), []],
    ['buildCatalog', "+files['manifest.toml']", field(0, 'manifest.toml'), []],
    ['buildCatalog', "files['messages/hi/en.hbs']", field(0, 'messages/hi/en.hbs'), []],
    ['buildCatalog', 'folder', at(1), []],
    ['renderBatch', 'records', at(0), []],
    ['renderBatch', '+records[0]', field(0, 0), []],
    ['renderBatch', 'records[0].data', (args, v) => { args[0][0].data = v; }, []],
    ['renderBatch', 'records[0].locale', (args, v) => { args[0][0].locale = v; }, [LOCALES]],
    ['renderBatch', 'records[0].id', (args, v) => { args[0][0].id = v; }, []],
    ['renderBatch', 'options', at(1), []],
    ['renderBatch', 'options.message', field(1, 'message'), []],
    ['renderBatch', 'options.locale', field(1, 'locale'), [LOCALES]],
  ];

  const cases = [];
  const add = (c) => cases.push({ ...c, id: `${c.fn}(${c.position}) ← ${c.value}` });
  for (const [fn, name, set, extra, make = valid[fn]] of positions) {
    if (typeof api[fn] !== 'function') continue;
    const position = name.replace(/^\+/, '');
    const isNested = /[.[]/.test(position) || make !== valid[fn];
    for (const [value, thunk] of [...GENERIC, ...extra.flat()]) {
      if (isNested && HEAVY.has(value) && (!name.startsWith('+') || NESTED_SLOW.has(value))) continue;
      // 1e6 records are a batch (seconds by design, README § Speed), not one hostile call.
      if (fn === 'renderBatch' && position === 'records' && /^array of 1e6/.test(value)) continue;
      add({
        fn, position, value,
        args: () => { const args = make(); set(args, thunk()); return args; },
        check: CHECKS[fn]?.(position),
        // renderBatch: a bad record fails alone; the batch never throws.
        // An array whose length cannot even be read has no records to account for: a
        // coded usage error is its right outcome; any other array must get outcomes.
        mustReturn: fn === 'renderBatch' && position.startsWith('records')
          ? (args) => safe(() => Array.isArray(args[0]) && Number.isInteger(args[0].length)) === true : null,
      });
    }
  }

  // Data over the 16 MiB JSON bound must be refused without reading all of it: the cost
  // of a refusal may not grow with the value (a 10 MB Uint8Array inside data, 130 MB of
  // JSON, takes 10-20 s to refuse when it is read to the end). Observed without timing:
  // a getter on the last of 4e6 elements (20 MB of JSON) must not run.
  add({
    fn: 'render', position: 'data.counterparty', value: 'array of 4e6 elements (20 MB of JSON) with a getter on the last',
    args: () => null,
    call: (api) => {
      const args = valid.render();
      const big = new Array(4e6);
      let read = false;
      Object.defineProperty(big, big.length - 1, { get() { read = true; return 0; }, enumerable: true });
      args[2].counterparty = big;
      let key = 'returned';
      let worst = null;
      try { api.render(...args); } catch (e) {
        const c = classifyError(e);
        key = c.outcome === 'coded' ? c.code : c.outcome;
        if (c.outcome !== 'coded') worst = { ...c, at: 1 };
      }
      if (!worst && read) worst = { outcome: 'unbounded', message: 'the whole value was read before it was refused' };
      return { outcomes: { [key]: 1 }, worst };
    },
  });

  // A declared bound holds after rounding: amount has max_length 8 (integer digits).
  add({
    fn: 'render', position: 'data.amount.amount', value: '99999999.995 (max_length 8; rounds to 9 digits)',
    args: () => { const args = valid.render(); args[2].amount.amount = '99999999.995'; return args; },
    check: (r) => (/100,000,000/.test(r.channels.sms.text) ? 'rendered ¥100,000,000.00: 9 integer digits, over max_length 8' : null),
  });

  // renderBatch: records that are large, or many, still fail one by one.
  if (typeof api.renderBatch === 'function') {
    const batch = [
      ['one record of 17 MB', () => [{ ...goodRecord('big'), data: { ...ex('welcome'), name: 'x'.repeat(17 * MB) } }, goodRecord('good')]],
      ['2048 records of 9 KB (a 18 MB chunk)', () => [...Array.from({ length: 2047 }, (_, i) => ({ ...goodRecord(`r${i}`), data: { ...ex('welcome'), name: 'y'.repeat(9000) } })), goodRecord('good')]],
      ['10,000 good records', () => Array.from({ length: 10_000 }, (_, i) => goodRecord(`r${i}`))],
      ['1e5 numbers, then a good record', () => [...new Array(1e5).fill(0), goodRecord('good')]],
      ['1e5 strings, then a good record', () => [...new Array(1e5).fill('en'), goodRecord('good')]],
    ];
    for (const [value, make] of batch) {
      add({
        fn: 'renderBatch', position: 'records', value,
        args: () => [make()],
        check: (r, args) => (Array.isArray(r) && r.length === args[0].length && r.at(-1).status === 'rendered' ? null : 'not one outcome per record, or the last good record did not render'),
        mustReturn: () => true,
      });
    }
  }

  // Hostile templates in every source position, with valid data for the template.
  const sourceTargets = [
    ['renderTemplate', 'renderTemplate', 'source', (s, needs) => [s, { a: [1, 2], name: 'Ann' }, { locale: 'en' }]],
    ['sms', 'render', 'options.sources.sms', (s, needs) => [msgFor(needs), 'en', ex(msgFor(needs)), { sources: { sms: s } }]],
    ['email.html', 'render', "options.sources['email.html']", (s, needs) => [msgFor(needs), 'zh-TW', ex(msgFor(needs)), { sources: { 'email.html': s } }]],
    ['lintSource', 'lintSource', 'source', (s, needs) => [msgFor(needs), 'zh-CN', 'sms', s]],
    ['smsBounds', 'smsBounds', 'source', (s, needs) => [msgFor(needs), 'en', s]],
  ];
  const msgFor = (needs) => (needs === 'list' ? 'service.maintenance' : 'welcome');
  for (const [target, fn, position, make] of sourceTargets) {
    if (typeof api[fn] !== 'function') continue;
    for (const [value, thunk, needs, where] of TEMPLATES) {
      if (where && !where.includes(target)) continue;
      const ctx = fn === 'renderTemplate' ? { list: '@root.a', name: 'name' } : { list: '@root.services', name: 'name' };
      add({ fn, position, value: `template ${value}`, args: () => make(thunk(ctx), needs) });
    }
  }

  // renderChunk with hostile JSON Lines: every record gets its line, and the good
  // record after the hostile lines still renders.
  for (const [value, thunk] of CHUNKS) {
    add({
      fn: 'renderChunk', position: 'input (JSON Lines)', value,
      args: () => {
        const hostile = thunk();
        const sep = hostile.at(-1) === 0x0a ? new Uint8Array(0) : new Uint8Array([0x0a]);
        return [concat(hostile, sep, utf8(`${goodLine}\n`)), 1, {}];
      },
      check: (r) => {
        if (!(r.output instanceof Uint8Array)) return 'output is not a Uint8Array';
        const text = new TextDecoder().decode(r.output);
        const lines = text.split('\n').filter(Boolean);
        if (lines.length !== r.records) return `${lines.length} output lines for ${r.records} records`;
        const last = JSON.parse(lines.at(-1));
        if (last.id !== 'good' || last.status !== 'rendered') return `the good record after the hostile lines is ${last.status} (${last.id})`;
        return null;
      },
    });
  }

  // The same hostile value many times: nothing may accumulate (a shadow-stack or heap
  // leak per refused call would show as a trap here or as memory growth).
  const repeated = [
    ['render', 'revoked Proxy as data', 2, () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }],
    ['smsInfo', 'revoked Proxy as text', 0, () => { const p = Proxy.revocable({}, {}); p.revoke(); return p.proxy; }],
    ['render', 'toJSON throwing an Error whose message getter throws, as data', 2, () => ({ toJSON() { throw errorWithThrowingMessage(); } })],
    ['renderChunk', 'Proxy of a Uint8Array as input', 0, () => new Proxy(new Uint8Array(4), {})],
    ['render', 'toJSON returning undefined, as data', 2, () => ({ toJSON: () => undefined })],
    ['render', 'throwing getter as data', 2, GENERIC.find(([n]) => n === 'object with a throwing getter')[1]],
    ['smsInfo', '{length: 1e8} as text', 0, () => ({ length: 1e8 })],
    ['render', 'the 1 MB tag as locale', 1, LOCALES[0][1]],
  ];
  for (const [fn, what, i, thunk] of repeated) {
    const n = 2000;
    add({
      fn, position: `${SIGNATURES[fn][i]} ×${n}`, value: what,
      args: () => null,
      // Every call must be defined; the outcomes are counted (`trap` ×… shows a death).
      call: (api) => {
        const outcomes = {};
        let worst = null;
        const v = thunk();
        for (let k = 0; k < n; k++) {
          const args = valid[fn]();
          args[i] = v;
          let key = 'returned';
          try { api[fn](...args); } catch (e) {
            const c = classifyError(e);
            key = c.outcome === 'coded' ? c.code : c.outcome;
            if (c.outcome !== 'coded' && !worst) worst = { ...c, at: k + 1 };
          }
          outcomes[key] = (outcomes[key] ?? 0) + 1;
        }
        return { outcomes, worst };
      },
    });
  }
  return cases;
}

/** Contract checks on a returned value: a string says what is wrong. */
const CHECKS = {
  render: () => (r) => (r && typeof r.messageId === 'string' && r.channels && typeof r.channels === 'object' ? null : 'not a Rendered object'),
  renderTemplate: () => (r) => (typeof r === 'string' ? null : `returned ${typeof r}, not a string`),
  smsInfo: () => (r) => (Number.isInteger(r?.segments) ? null : 'no segment count'),
  smsParts: () => (r) => (Array.isArray(r) && r.length >= 1 && r.every((p) => typeof p.text === 'string' && p.units <= p.capacity) ? null : 'not a list of SMS parts'),
  sourceHash: () => (r) => (/^[0-9a-f]{16}$/.test(r) ? null : `not a source hash: ${r}`),
  lint: () => (r) => (Array.isArray(r) ? null : 'not an array of diagnostics'),
  lintSource: () => (r) => (Array.isArray(r) ? null : 'not an array of diagnostics'),
  renderChunk: () => (r) => (r?.output instanceof Uint8Array && Number.isInteger(r.records) ? null : 'not a ChunkResult'),
  // A catalog that loads renders its message (it may be one the hostile value left valid).
  loadCatalog: () => (r) => {
    if (typeof r?.render !== 'function') return 'not a Catalog';
    try {
      return typeof r.render('hi', 'en', { n: { amount: '2', currency: 'EUR' } }).channels.sms.text === 'string' ? null : 'its message has no SMS';
    } catch (e) {
      return e?.name === 'TidingsError' ? null : `its render threw ${e?.name}: ${e?.message}`;
    } finally {
      r.free();
    }
  },
  embeddedCatalog: () => (r) => (typeof r?.render === 'function' ? null : 'not a Catalog'),
  buildCatalog: () => (r) => (r && typeof r.ok === 'boolean' && (r.ok ? r.bytes instanceof Uint8Array : Array.isArray(r.problems)) ? null : 'not a BuildResult'),
  renderBatch: (position) => (r, args) => {
    if (!Array.isArray(r)) return 'not an array of outcomes';
    if (!Array.isArray(args[0])) return null;
    if (r.length !== args[0].length) return `${r.length} outcomes for ${args[0].length} records`;
    // The untouched second record still renders, whatever the first one is.
    if (position.startsWith('records[0]') && r[1]?.status !== 'rendered') return `the good record is ${r[1]?.status}`;
    if (position.startsWith('records[0]') && !['failed', 'rendered', 'skipped'].includes(r[0]?.status)) return `status ${r[0]?.status}`;
    return null;
  },
};

// ---------------------------------------------------------------------------------------
// Running.

/** What a thrown value is: `coded` (a tidings error) or a failure kind. */
export function classifyError(e) {
  const name = safe(() => e?.name);
  const message = clip(safe(() => String(e?.message ?? e)));
  if (typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError) return { outcome: 'trap', name, message };
  if (safe(() => e?.hostile)) return { outcome: 'leaked', name, message };
  const isError = safe(() => e instanceof Error);
  const code = safe(() => e?.code);
  if (isError && name === 'TidingsError' && typeof code === 'string' && CODES.includes(code)) return { outcome: 'coded', code, name, message };
  if (typeof code === 'string') return { outcome: 'badcode', code, name, message };
  return { outcome: 'uncoded', name, message };
}
function safe(f) { try { return f(); } catch { return '(unreadable)'; } }
function clip(s, n = 160) { return typeof s === 'string' && s.length > n ? `${s.slice(0, n)}…` : s; }

/** The two normal renders compared after every call. */
export function health(api, examples) {
  return JSON.stringify([
    api.render('welcome', 'en', examples.welcome),
    api.render('security.login_alert', 'zh-CN', examples.login),
  ]);
}
export function healthExamples(api) {
  const all = api.messages();
  return {
    welcome: all.find((m) => m.id === 'welcome').example,
    login: all.find((m) => m.id === 'security.login_alert').example,
  };
}

const now = () => (typeof performance !== 'undefined' ? performance.now() : Date.now());

/**
 * Runs cases `start`… in this instance. `post(message)` reports: {type:'start', index}
 * before each call, {type:'result', record} after it, {type:'done'} at the end.
 * `memory()` is the size in bytes of the WASM memory (in Node: of both modules' memories).
 */
export function runCases(api, { start = 0, baseline, memory, post }) {
  const cases = buildCases(api);
  const examples = healthExamples(api);
  // In Node buildCatalog runs in a module of its own (pkg/build), which the renders of
  // `health` do not touch: after a buildCatalog case, that instance must still build the
  // tiny catalog into the same bytes as before the cases.
  const tinyBuild = () => api.buildCatalog(structuredClone(TINY_CATALOG), 'tiny').bytes;
  const built = typeof api.buildCatalog === 'function' ? tinyBuild() : null;
  const buildsAsBefore = () => {
    const bytes = tinyBuild();
    return bytes?.length === built.length && bytes.every((b, i) => b === built[i]);
  };
  post({ type: 'ready', total: cases.length, memory: memory() });
  for (let index = start; index < cases.length; index++) {
    const c = cases[index];
    post({ type: 'start', index, id: c.id, fn: c.fn, position: c.position, value: c.value });
    const record = { index, id: c.id, fn: c.fn, position: c.position, value: c.value };
    let args;
    const t0 = now();
    try {
      if (c.call) {
        const { outcomes, worst } = c.call(api);
        record.outcomes = outcomes;
        if (worst) {
          Object.assign(record, worst);
          record.problem = worst.at ? `call ${worst.at} of ${Object.values(outcomes).reduce((a, b) => a + b)} first, outcomes ${JSON.stringify(outcomes)}` : undefined;
        }
      } else {
        args = c.args();
        record.mustReturn = c.mustReturn?.(args) ?? false;
        const r = api[c.fn](...args);
        const problem = c.check?.(r, args);
        record.outcome = problem ? 'bad_return' : 'returned';
        if (problem) record.problem = problem;
      }
      record.outcome ??= 'returned';
    } catch (e) {
      Object.assign(record, classifyError(e));
    }
    record.ms = Math.round(now() - t0);
    args = null;
    const h0 = now();
    try {
      const h = health(api, examples);
      record.healthy = h === baseline;
      if (!record.healthy) record.health = clip(h, 300);
      else if (c.fn === 'buildCatalog' && built && !buildsAsBefore()) {
        record.healthy = false;
        record.health = 'buildCatalog no longer builds the tiny catalog into the same bytes';
      }
    } catch (e) {
      record.healthy = false;
      record.health = `${classifyError(e).outcome}: ${clip(String(e?.message ?? e))}`;
    }
    record.healthMs = Math.round(now() - h0);
    record.memory = memory();
    post({ type: 'result', record });
    // A broken instance would fail every later case: the driver goes on in a new one.
    if (!record.healthy) return post({ type: 'dead', index });
  }
  post({ type: 'done', memory: memory() });
}

/** Why a record is a failure, or null. */
export function failure(r) {
  if (r.mustReturn && r.outcome === 'coded') return `threw for the whole batch (${r.code}: ${r.message})`;
  if (!['returned', 'coded'].includes(r.outcome)) {
    return `${r.outcome}${r.problem ? `: ${r.problem}` : ''}${r.name ? ` (${r.name}${r.code ? ` code=${r.code}` : ''}: ${r.message})` : ''}`;
  }
  if (r.ms > CALL_LIMIT_MS) return `took ${r.ms} ms (limit ${CALL_LIMIT_MS})`;
  if (!r.healthy) return `instance unhealthy afterwards: ${r.health}`;
  return null;
}

/**
 * Runs every case in workers: `spawn(start, on)` starts a worker at case `start` and
 * returns `{ terminate() }`; the worker calls `on.message(msg)` for runCases' messages
 * and `on.exit(reason)` if it dies. A call that runs HANG_MS is a hang: the worker is
 * terminated and a new one (a fresh instance) goes on with the next case. Resolves to
 * { records, total, workers, memory: [{start, first, peak, last}] }.
 */
export function drive(spawn) {
  return new Promise((resolve) => {
    const records = [];
    const memory = [];
    let total = null;
    let workers = 0;
    let current = null; // { index, since }
    let worker = null;
    let segment = null;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      resolve({ records, total, workers, memory });
    };
    const start = (from) => {
      if (total !== null && from >= total) return finish();
      workers++;
      current = null;
      segment = { start: from, first: null, peak: 0, last: 0 };
      memory.push(segment);
      const mine = workers;
      worker = spawn(from, {
        message: (m) => {
          if (mine !== workers || finished) return;
          if (m.type === 'ready') { total = m.total; segment.first = m.memory; segment.peak = Math.max(segment.peak, m.memory); segment.last = m.memory; }
          else if (m.type === 'start') current = { index: m.index, since: Date.now(), meta: { id: m.id, fn: m.fn, position: m.position, value: m.value } };
          else if (m.type === 'result') {
            records.push(m.record);
            segment.peak = Math.max(segment.peak, m.record.memory);
            segment.last = m.record.memory;
            current = null;
          } else if (m.type === 'done') { worker.terminate(); finish(); }
          else if (m.type === 'dead') { worker.terminate(); start(m.index + 1); }
          else if (m.type === 'fatal') { records.push({ index: -1, id: '(worker)', outcome: 'crash', message: m.message }); worker.terminate(); finish(); }
        },
        exit: (reason) => {
          if (mine !== workers || finished) return;
          if (current) {
            records.push({ index: current.index, ...current.meta, outcome: 'crash', message: String(reason), ms: Date.now() - current.since, healthy: false });
            start(current.index + 1);
          } else if (total === null || records.length === 0 || records.at(-1).index < total - 1) {
            records.push({ index: -1, id: '(worker)', outcome: 'crash', message: String(reason) });
            finish();
          } else finish();
        },
      });
    };
    const timer = setInterval(() => {
      if (current && Date.now() - current.since > HANG_MS) {
        const { index, since, meta } = current;
        records.push({ index, ...meta, outcome: 'hang', ms: Date.now() - since, healthy: false });
        worker.terminate(); // its last words are ignored: start() gives the next worker a new number
        start(index + 1);
      }
    }, 250);
    start(0);
  });
}

/** Counts for the report. */
export function summarise(records) {
  const byOutcome = {};
  const byCode = {};
  const byFn = {};
  let failures = 0;
  for (const r of records) {
    byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + 1;
    if (r.code) byCode[r.code] = (byCode[r.code] ?? 0) + 1;
    const f = (byFn[r.fn ?? '?'] ??= { calls: 0, returned: 0, coded: 0, failed: 0 });
    f.calls++;
    if (failure(r)) { f.failed++; failures++; } else if (r.outcome === 'returned') f.returned++; else f.coded++;
  }
  const slowest = [...records].sort((a, b) => (b.ms ?? 0) - (a.ms ?? 0)).slice(0, 5).map((r) => `${r.ms} ms ${r.id}`);
  return { calls: records.length, failures, byOutcome, byCode, byFn, slowest };
}

/**
 * Known bugs: failures of these cases are reported as `todo` (node:test) instead of
 * failing the suite. Each names the bug; remove it once fixed.
 */
export const KNOWN = [];
/** The known bug a record belongs to, or null. */
export const known = (r) => KNOWN.find((k) => k.match(r)) ?? null;
