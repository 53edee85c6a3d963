// The conformance suite itself: renders each generated case with tidings and with
// Handlebars.js 4.7 (the reference), compares them in strict and lenient mode with HTML
// escaping on and off, sets the deliberate differences apart, shrinks differing cases to
// minimal examples and builds the report (an object, and its text form). run.mjs and
// conformance.test.mjs are thin wrappers around runSuite() and formatReport().
import { createRequire } from 'node:module';
import { generateCase, sources, features, primaryCategory, TIDINGS_HELPERS } from './gen.mjs';
import { shrink } from './shrink.mjs';

const require = createRequire(import.meta.url);
const Handlebars = require('handlebars');
const HANDLEBARS_VERSION = require('handlebars/package.json').version;
// The package as `require('tidings')` gives it in this checkout (pkg/node, built by make build).
const tidings = require('../../index.js');

/** The four comparisons of a case; `mode` is what the agreement floor is reported per. */
export const COMPARISONS = [
  { mode: 'strict', escape: 'html' },
  { mode: 'strict', escape: 'none' },
  { mode: 'lenient', escape: 'html' },
  { mode: 'lenient', escape: 'none' },
];

/** Deliberate differences: excluded from the agreement, counted on their own. */
export const DELIBERATE = {
  'raw-refused': "`{{{raw}}}` is refused by tidings with escape: 'html' (README: Escaping)",
  'strict-missing': 'tidings strict refuses a missing value where Handlebars.js strict renders (it checks only simple mustaches)',
  'helper-over-data': 'a tidings helper wins over a data key of the same name',
  'numeric-addition': 'Handlebars.js adds adjacent unescaped numbers ({{{a}}}{{{b}}} with 1 and 2 gives "3")',
  'checked-when-compiled': 'tidings checks helpers and partials when the template compiles, not when a branch first reaches them (README: The engine and Handlebars.js)',
  'strict-condition': 'a missing value in a condition or block argument is never an error in tidings; Handlebars.js strict throws reading through it',
};

// ---------------------------------------------------------------------------------------
// Renderers

/**
 * Handlebars.js's code generator joins adjacent outputs with `+`, so two numbers in a row
 * are added. This compiler starts every appended piece with `"" +` (string concatenation),
 * which is the only change: a case whose Handlebars.js output changes under it, and whose
 * tidings output is the concatenated one, differs only by that addition.
 */
function concatCompiler(Base) {
  function ConcatCompiler() {}
  ConcatCompiler.prototype = Object.create(Base.prototype);
  ConcatCompiler.prototype.compiler = ConcatCompiler; // nested programs (block bodies) too
  ConcatCompiler.prototype.appendToBuffer = function appendToBuffer(source, location, explicit) {
    const parts = Array.isArray(source) ? source : [source];
    return Base.prototype.appendToBuffer.call(this, ['"" + (', ...parts, ')'], location, explicit);
  };
  return ConcatCompiler;
}
const ConcatCompiler = concatCompiler(Handlebars.JavaScriptCompiler);

/** One line of an error message (Handlebars.js parse errors frame the source over several). */
function oneLine(message) {
  const s = String(message).replace(/\r?\n/g, ' ⏎ ');
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

/** Handlebars.js in a fresh environment (Handlebars.create(): no partial leaks between cases). */
export function renderHandlebars(src, data, partials, { strict, noEscape, concat = false }) {
  const env = Handlebars.create();
  if (concat) env.JavaScriptCompiler = ConcatCompiler;
  for (const [name, source] of Object.entries(partials)) env.registerPartial(name, source);
  try {
    const options = { noEscape };
    if (strict) options.strict = true;
    // String(): the numeric addition above can make the result a number.
    return { ok: true, out: String(env.compile(src, options)(structuredClone(data))) };
  } catch (e) {
    return { ok: false, error: oneLine(e?.message ?? e) };
  }
}

/** tidings' renderTemplate; `partials` is passed only when the case has partial tags. */
function renderTidings(src, data, partials, { escape, strict, usesPartials }) {
  const options = { escape };
  if (strict === false) options.strict = false;
  if (usesPartials) options.partials = partials;
  try {
    return { ok: true, out: tidings.renderTemplate(src, data, options) };
  } catch (e) {
    return { ok: false, code: e?.code ?? 'uncoded', error: oneLine(e?.message ?? e) };
  }
}

/**
 * Which of the options the engine rewrite adds does this package take? The current one
 * refuses unknown option fields with invalid_input; refusal is what is detected (whether
 * the option then behaves like Handlebars.js is what the suite measures).
 */
function detectSupport() {
  const probe = (name, src, options) => {
    try {
      tidings.renderTemplate(src, {}, options);
      return { supported: true };
    } catch (e) {
      const refused = e?.code === 'invalid_input' && String(e.message).includes(name);
      return refused ? { supported: false, reason: oneLine(e.message) } : { supported: true };
    }
  };
  return {
    lenient: probe('strict', 'x', { strict: false }),
    partials: probe('partials', '{{> conformance_probe}}', { partials: { conformance_probe: 'x' } }),
  };
}

/**
 * The engine under test: tidings as the package gives it. HANDLEBARS_ENGINE is
 * Handlebars.js standing in for tidings, for checking the suite itself: with it every
 * comparison must agree (the generator, renderers and report have no noise of their own).
 */
export const TIDINGS_ENGINE = { name: 'tidings', render: renderTidings, detectSupport };
export const HANDLEBARS_ENGINE = {
  name: 'Handlebars.js standing in for tidings',
  render: (src, data, partials, { escape, strict }) => {
    const r = renderHandlebars(src, data, partials, { strict: strict !== false, noEscape: escape === 'none' });
    return r.ok ? r : { ...r, code: 'render' };
  },
  detectSupport: () => ({ lenient: { supported: true }, partials: { supported: true } }),
};

// ---------------------------------------------------------------------------------------
// Comparison

const usesPartials = (feats) => feats.has('partial') || feats.has('partial.missing');

function mapNodes(c, f) {
  const d = structuredClone(c);
  const visit = (list) => list.forEach((n) => {
    f(n);
    if (n.t === 'block') { visit(n.body); n.elifs.forEach((e) => visit(e.body)); if (n.inverse) visit(n.inverse); }
  });
  visit(d.nodes);
  Object.values(d.partials).forEach(visit);
  return d;
}

function dataKeys(v, out = new Set()) {
  if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); dataKeys(x, out); }
  return out;
}

/** The deliberate difference that explains a difference, or null. */
function deliberate(c, srcs, cmp, hb, td, feats, engine) {
  const strict = cmp.mode === 'strict';
  const up = usesPartials(feats);
  if (cmp.escape === 'html' && !td.ok && td.code === 'raw_output' && feats.has('output.raw')) {
    // Only if raw output is what tidings refuses: with every {{{x}}} written {{x}}, it must not refuse.
    const escaped = sources(mapNodes(c, (n) => { if (n.t === 'mustache') n.raw = false; }));
    const again = engine.render(escaped.src, c.data, escaped.partials, { escape: 'html', strict: strict ? undefined : false, usesPartials: up });
    if (again.ok || again.code !== 'raw_output') return 'raw-refused';
  }
  if (strict && !td.ok && td.code === 'missing_variable' && hb.ok) return 'strict-missing';
  if (hb.ok && !td.ok && (td.code === 'unknown_partial' || td.code === 'unknown_helper' || /in partial/.test(td.error ?? ''))) return 'checked-when-compiled';
  if (strict && !hb.ok && td.ok && /Cannot read properties of (undefined|null)/.test(hb.error ?? '')) return 'strict-condition';
  if (hb.ok && td.ok) {
    const concat = renderHandlebars(srcs.src, c.data, srcs.partials, { strict, noEscape: cmp.escape === 'none', concat: true });
    if (concat.ok && concat.out !== hb.out && concat.out === td.out) return 'numeric-addition';
  }
  // A data key named like a tidings helper, used as a bare name in some tag.
  const shadowed = [...dataKeys(c.data)].filter((k) => TIDINGS_HELPERS.includes(k));
  const tags = [srcs.src, ...Object.values(srcs.partials)].join('').match(/\{\{[^}]*\}\}/g) ?? [];
  if (shadowed.some((k) => tags.some((t) => new RegExp(`(^|[^.@\\w/])${k}\\b`).test(t.slice(2))))) return 'helper-over-data';
  return null;
}

/** How a difference looks: what each side did (kept while shrinking, so the cause stays the same). */
function signature(hb, td) {
  if (hb.ok && td.ok) return 'outputs differ';
  if (hb.ok) return `tidings throws ${td.code}, Handlebars.js renders`;
  return 'Handlebars.js throws, tidings renders';
}

/** One comparison of a case: { status: agree|differ|deliberate, kind?, hb, td, signature? }. */
export function compare(c, cmp, { feats = features(c), engine = TIDINGS_ENGINE } = {}) {
  const srcs = sources(c);
  const strict = cmp.mode === 'strict';
  const hb = renderHandlebars(srcs.src, c.data, srcs.partials, { strict, noEscape: cmp.escape === 'none' });
  const td = engine.render(srcs.src, c.data, srcs.partials, { escape: cmp.escape, strict: strict ? undefined : false, usesPartials: usesPartials(feats) });
  if ((hb.ok && td.ok && hb.out === td.out) || (!hb.ok && !td.ok)) return { status: 'agree', hb, td };
  const kind = deliberate(c, srcs, cmp, hb, td, feats, engine);
  if (kind) return { status: 'deliberate', kind, hb, td };
  return { status: 'differ', hb, td, signature: signature(hb, td) };
}

// ---------------------------------------------------------------------------------------
// The run

// Words of the template language, kept when names are made anonymous.
const KEYWORDS = new Set(['if', 'unless', 'each', 'with', 'else', 'lookup', 'this', 'root', 'index', 'key', 'first', 'last', 'length']);

/**
 * A minimal example with its names made anonymous (`{{items.length}}` and `{{tags.length}}`
 * are one shape), so that a category lists different problems rather than one problem
 * under different names.
 */
function shape(ex) {
  const names = new Map();
  const anon = (text) => text.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (w) => {
    if (KEYWORDS.has(w)) return w;
    if (!names.has(w)) names.set(w, `n${names.size}`);
    return names.get(w);
  });
  // Containers keep their structure; scalars are one kind (the category already says which kind matters).
  const kinds = (v) => (Array.isArray(v) ? v.map(kinds) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [anon(k), kinds(x)])) : 0);
  return JSON.stringify([ex.signature, ex.tidings.code, anon(ex.template), Object.values(ex.partials).map(anon), kinds(ex.data)]);
}

const pct = (a, b) => (b ? a / b : null);

/**
 * Runs `cases` cases from `seed`. Differing cases are shrunk (smallest first) until
 * `shrinkSeconds` have passed; `support` overrides feature detection (for tests).
 */
export function runSuite({ seed, cases, shrinkSeconds = 20, engine = TIDINGS_ENGINE, support = engine.detectSupport() }) {
  const started = Date.now();
  const stats = Object.fromEntries(COMPARISONS.map((m) => [`${m.mode}/${m.escape}`, { compared: 0, agree: 0, bothThrow: 0, differ: 0, deliberate: {}, skipped: 0 }]));
  const deliberateCount = Object.fromEntries(Object.keys(DELIBERATE).map((k) => [k, 0]));
  const deliberateExamples = {};
  const featureCases = new Map(); // feature → { cases, differing }
  const differing = []; // { c, cmp, signature, size }
  let skippedPartialCases = 0;

  for (let i = 0; i < cases; i++) {
    const c = generateCase(seed, i);
    const feats = features(c);
    const skipCase = usesPartials(feats) && !support.partials.supported;
    if (skipCase) skippedPartialCases++;
    let compared = false;
    let firstDiff = null;
    for (const cmp of COMPARISONS) {
      const s = stats[`${cmp.mode}/${cmp.escape}`];
      if (skipCase || (cmp.mode === 'lenient' && !support.lenient.supported)) {
        s.skipped++;
        continue;
      }
      compared = true;
      const r = compare(c, cmp, { feats, engine });
      s.compared++;
      if (r.status === 'agree') {
        s.agree++;
        // Both throwing counts as agreement, but may hide a difference behind the first error.
        if (!r.hb.ok) s.bothThrow++;
      }
      else if (r.status === 'deliberate') {
        s.deliberate[r.kind] = (s.deliberate[r.kind] ?? 0) + 1;
        deliberateCount[r.kind]++;
        deliberateExamples[r.kind] ??= { index: i, ...cmp, ...sources(c), data: c.data, handlebars: r.hb, tidings: r.td };
      } else {
        s.differ++;
        firstDiff ??= { cmp, signature: r.signature };
      }
    }
    if (!compared) continue;
    for (const f of feats) {
      const e = featureCases.get(f) ?? { cases: 0, differing: 0 };
      e.cases++;
      if (firstDiff) e.differing++;
      featureCases.set(f, e);
    }
    if (firstDiff) differing.push({ c, ...firstDiff, size: JSON.stringify(sources(c)).length + JSON.stringify(c.data).length });
  }

  // Minimal examples: shrink the differing cases, smallest first, within the time budget.
  const shrinkStarted = Date.now();
  const deadline = shrinkStarted + shrinkSeconds * 1000;
  const minimal = new Map(); // key → example
  let shrunk = 0;
  for (const d of [...differing].sort((a, b) => a.size - b.size)) {
    if (Date.now() > deadline) break;
    const still = (x) => {
      const r = compare(x, d.cmp, { engine });
      return r.status === 'differ' && r.signature === d.signature;
    };
    const { case: m } = shrink(d.c, still, { deadline });
    shrunk++;
    const srcs = sources(m);
    const key = JSON.stringify([d.cmp, srcs, m.data]);
    const found = minimal.get(key);
    if (found) {
      found.from.push(m.index);
      continue;
    }
    const r = compare(m, d.cmp, { engine });
    const feats = features(m);
    minimal.set(key, {
      category: primaryCategory(feats),
      features: [...feats],
      mode: d.cmp.mode,
      escape: d.cmp.escape,
      signature: d.signature,
      template: srcs.src,
      partials: srcs.partials,
      data: m.data,
      handlebars: r.hb,
      tidings: r.td,
      from: [m.index],
    });
  }
  const categories = new Map();
  for (const ex of minimal.values()) {
    const e = categories.get(ex.category) ?? { category: ex.category, cases: 0, signatures: {}, shapes: new Map() };
    e.cases += ex.from.length;
    e.signatures[ex.signature] = (e.signatures[ex.signature] ?? 0) + ex.from.length;
    const key = shape(ex);
    const group = e.shapes.get(key) ?? { count: 0, examples: [] };
    group.count += ex.from.length;
    group.examples.push(ex);
    e.shapes.set(key, group);
    categories.set(ex.category, e);
  }
  const size = (x) => x.template.length + JSON.stringify(x.data).length + JSON.stringify(x.partials).length;
  for (const e of categories.values()) {
    // One example per shape: the smallest; shapes reached by the most cases first.
    const groups = [...e.shapes.values()].sort((a, b) => b.count - a.count);
    e.examples = groups.map((g) => ({ ...g.examples.sort((a, b) => size(a) - size(b))[0], shapeCases: g.count }));
    e.shapes = groups.length;
  }

  const mode = (name) => {
    const rows = Object.entries(stats).filter(([k]) => k.startsWith(`${name}/`)).map(([, v]) => v);
    const agree = rows.reduce((a, r) => a + r.agree, 0);
    const differ = rows.reduce((a, r) => a + r.differ, 0);
    return { agree, differ, agreement: pct(agree, agree + differ) };
  };
  const strict = mode('strict');
  const lenient = mode('lenient');
  const skipped = [];
  if (!support.lenient.supported) skipped.push(`lenient mode (every case): the package refuses \`strict: false\` (${support.lenient.reason})`);
  if (!support.partials.supported) skipped.push(`${skippedPartialCases} cases with partials: the package refuses \`partials\` (${support.partials.reason})`);
  return {
    engine: engine.name,
    reference: `handlebars ${HANDLEBARS_VERSION}`,
    seed,
    cases,
    support,
    skipped,
    skippedPartialCases,
    comparisons: stats,
    agreement: {
      strict: strict.agreement,
      lenient: lenient.agreement,
      overall: pct(strict.agree + lenient.agree, strict.agree + strict.differ + lenient.agree + lenient.differ),
    },
    deliberate: deliberateCount,
    deliberateExamples,
    differingCases: differing.length,
    features: [...featureCases.entries()].map(([feature, v]) => ({ feature, ...v })).sort((a, b) => b.differing - a.differing || a.feature.localeCompare(b.feature)),
    categories: [...categories.values()].sort((a, b) => b.cases - a.cases || a.category.localeCompare(b.category)),
    shrink: { shrunk, of: differing.length, seconds: (Date.now() - shrinkStarted) / 1000, budgetSeconds: shrinkSeconds },
    seconds: (Date.now() - started) / 1000,
  };
}

// ---------------------------------------------------------------------------------------
// The report as text

const percent = (x) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);
const show = (r) => (r.ok ? JSON.stringify(r.out) : `throws${r.code ? ` ${r.code}` : ''}: ${r.error}`);

export function formatReport(rep, { examples = 3, features: featureRows = 30 } = {}) {
  const L = [];
  L.push(`${rep.engine} conformance against ${rep.reference}: seed ${rep.seed}, ${rep.cases} cases (${rep.seconds.toFixed(1)} s)`);
  for (const s of rep.skipped) L.push(`SKIPPED ${s}; the package does not support it yet`);
  L.push('');
  L.push('comparison      compared   agree (both throw)  differ  deliberate  skipped  agreement');
  for (const [k, s] of Object.entries(rep.comparisons)) {
    const del = Object.values(s.deliberate).reduce((a, b) => a + b, 0);
    L.push(`${k.padEnd(14)} ${String(s.compared).padStart(9)} ${String(s.agree).padStart(7)} ${`(${s.bothThrow})`.padStart(12)} ${String(s.differ).padStart(7)} ${String(del).padStart(11)} ${String(s.skipped).padStart(8)}  ${percent(pct(s.agree, s.agree + s.differ))}`);
  }
  L.push(`agreement: strict ${percent(rep.agreement.strict)}, lenient ${percent(rep.agreement.lenient)}, overall ${percent(rep.agreement.overall)}`);
  L.push('(agreement = identical output or both throwing, over comparisons that are not deliberate differences)');
  L.push('');
  L.push('deliberate differences (not counted):');
  for (const [k, n] of Object.entries(rep.deliberate)) {
    L.push(`  ${k.padEnd(17)} ${String(n).padStart(5)}  ${DELIBERATE[k]}`);
    const ex = rep.deliberateExamples[k];
    if (ex) L.push(`  ${''.padEnd(23)} e.g. case ${ex.index} (${ex.mode}/${ex.escape}) ${JSON.stringify(ex.src).slice(0, 100)}: Handlebars.js ${show(ex.handlebars).slice(0, 60)}, tidings ${show(ex.tidings).slice(0, 80)}`);
  }
  L.push('');
  L.push(`constructs in the ${rep.differingCases} differing cases: differing / compared cases containing it, highest share first (at least 10 cases):`);
  const rows = rep.features.filter((x) => x.differing && x.cases >= 10).sort((a, b) => b.differing / b.cases - a.differing / a.cases || b.cases - a.cases);
  for (const f of rows.slice(0, featureRows)) {
    L.push(`  ${f.feature.padEnd(30)} ${String(f.differing).padStart(5)} / ${String(f.cases).padEnd(5)} ${percent(f.differing / f.cases).padStart(8)}`);
  }
  L.push('');
  const sh = rep.shrink;
  L.push(`minimal differing examples: ${sh.shrunk} of ${sh.of} differing cases shrunk in ${sh.seconds.toFixed(1)} s${sh.shrunk < sh.of ? ` (budget ${sh.budgetSeconds} s)` : ''}; each filed under its most specific construct`);
  for (const cat of rep.categories) {
    const sigs = Object.entries(cat.signatures).sort((a, b) => b[1] - a[1]).map(([s, n]) => `${n}× ${s}`).join('; ');
    L.push('');
    L.push(`[${cat.category}] ${cat.cases} shrunk cases, ${cat.shapes} distinct shapes — ${sigs}`);
    for (const ex of cat.examples.slice(0, examples)) {
      L.push(`  template:   ${JSON.stringify(ex.template)}`);
      for (const [name, src] of Object.entries(ex.partials)) L.push(`  partial ${name}: ${JSON.stringify(src)}`);
      L.push(`  data:       ${JSON.stringify(ex.data)}`);
      L.push(`  mode:       ${ex.mode}, escape ${ex.escape} (${ex.shapeCases} cases of this shape; this one from case ${ex.from[0]})`);
      L.push(`  handlebars: ${show(ex.handlebars)}`);
      L.push(`  tidings:    ${show(ex.tidings)}`);
      L.push('');
    }
  }
  return L.join('\n');
}
