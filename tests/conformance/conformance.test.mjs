// The conformance suite in `make test` (node --test): tidings' renderTemplate against
// Handlebars.js 4.7 on a fixed seed, with an agreement floor that fails the build, plus
// checks of the suite itself (Handlebars.js standing in for tidings). On failure the
// assertion message is the full report with minimal differing examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSuite, formatReport, compare, HANDLEBARS_ENGINE, renderHandlebars } from './suite.mjs';

// The same cases on every run (run.mjs --seed 20261128 --cases 800 prints the same report).
const SEED = 20261128;
const CASES = 800;
// Shrinking differing cases to minimal examples stops after this long (the report then
// says how many were shrunk); it keeps the test within its ~30 s in `make test`.
const SHRINK_SECONDS = 6;
// Agreement each mode (strict, lenient) must reach: identical output or both throwing,
// over the comparisons that are not deliberate differences.
const AGREEMENT_FLOOR = 0.99;
// When the package refuses `strict: false` or `partials` (the engine rewrite adds them),
// lenient mode and the cases with partials cannot run. The floor applies to the full
// suite, so a partial run fails too; false would let a strict-only run pass on its own.
const FAIL_WHEN_SKIPPED = true;

test(`tidings agrees with Handlebars.js 4.7 on at least ${AGREEMENT_FLOOR * 100} % of ${CASES} generated cases in strict and lenient mode`, () => {
  const report = runSuite({ seed: SEED, cases: CASES, shrinkSeconds: SHRINK_SECONDS });
  const failures = [];
  if (report.skipped.length && FAIL_WHEN_SKIPPED) {
    failures.push(`the suite is incomplete: skipped ${report.skipped.join('; ')} — the package does not support these options yet`);
  }
  for (const mode of ['strict', 'lenient']) {
    const a = report.agreement[mode];
    if (a !== null && a < AGREEMENT_FLOOR) failures.push(`${mode} agreement ${(a * 100).toFixed(1)} % is under the floor of ${AGREEMENT_FLOOR * 100} %`);
  }
  if (failures.length) assert.fail(`${failures.join('\n')}\n\n${formatReport(report)}`);
});

// The suite checked on itself, so that a failure above is tidings' and not the suite's.

test('suite: Handlebars.js standing in for tidings agrees on every comparison (no noise of the suite\'s own)', () => {
  const report = runSuite({ seed: SEED, cases: 300, shrinkSeconds: 2, engine: HANDLEBARS_ENGINE });
  assert.deepEqual(report.skipped, []);
  assert.equal(report.agreement.overall, 1, formatReport(report));
  assert.ok(Object.values(report.deliberate).every((n) => n === 0), JSON.stringify(report.deliberate));
});

test('suite: a planted difference is found and shrunk to a minimal example', () => {
  // Handlebars.js that leaves `=` unescaped in HTML: the kind of slip an engine makes.
  const planted = {
    ...HANDLEBARS_ENGINE,
    name: 'Handlebars.js without escaping =',
    render: (src, data, partials, o) => {
      const r = HANDLEBARS_ENGINE.render(src, data, partials, o);
      return r.ok && o.escape === 'html' ? { ...r, out: r.out.replaceAll('&#x3D;', '=') } : r;
    },
  };
  const report = runSuite({ seed: SEED, cases: 300, shrinkSeconds: 5, engine: planted });
  assert.ok(report.agreement.strict < 1 && report.agreement.lenient < 1, formatReport(report));
  assert.equal(report.comparisons['strict/none'].differ, 0, 'escape: none is untouched');
  const examples = report.categories.flatMap((c) => c.examples);
  assert.ok(examples.length > 0);
  for (const ex of examples) {
    assert.equal(ex.escape, 'html');
    assert.equal(ex.signature, 'outputs differ');
    assert.ok(ex.handlebars.out.includes('&#x3D;'), JSON.stringify(ex));
  }
  // The smallest one is a single tag over a single value.
  const smallest = examples.map((ex) => ex.template.length + JSON.stringify(ex.data).length).sort((a, b) => a - b)[0];
  assert.ok(smallest <= 40, formatReport(report));
});

test('suite: deliberate differences are set apart, and only when they explain the difference', () => {
  const m = (path, raw = false) => ({ t: 'mustache', path, raw, strip: { l: false, r: false } });
  const one = (nodes, data) => ({ index: 0, nodes, partials: {}, data });
  const hbLike = (change) => ({ ...HANDLEBARS_ENGINE, render: (src, data, partials, o) => change(HANDLEBARS_ENGINE.render(src, data, partials, o), src, data, partials, o) });
  const strictHtml = { mode: 'strict', escape: 'html' };
  const strictNone = { mode: 'strict', escape: 'none' };

  // Refusing {{{raw}}} with escape: 'html' is deliberate...
  const refusesRaw = hbLike((r, src, d, p, o) => (o.escape === 'html' && src.includes('{{{') ? { ok: false, code: 'raw_output', error: 'raw' } : r));
  assert.equal(compare(one([m('a', true)], { a: '<' }), strictHtml, { engine: refusesRaw }).kind, 'raw-refused');
  // ...but not when the template has something else the engine refuses too.
  const refusesAll = hbLike(() => ({ ok: false, code: 'unsupported', error: 'everything' }));
  assert.equal(compare(one([m('a', true)], { a: '<' }), strictHtml, { engine: refusesAll }).status, 'differ');

  // Adjacent numbers: Handlebars.js gives 3, string concatenation 12.
  assert.equal(renderHandlebars('{{a}}{{b}}', { a: 1, b: 2 }, {}, { noEscape: true }).out, '3');
  assert.equal(renderHandlebars('{{a}}{{b}}', { a: 1, b: 2 }, {}, { noEscape: true, concat: true }).out, '12');
  assert.equal(renderHandlebars('{{#each l}}{{{this}}}{{{this}}}{{/each}}', { l: [1] }, {}, { concat: true }).out, '11');
  const concatenates = hbLike((r, src, d, p, o) => renderHandlebars(src, d, p, { strict: o.strict !== false, noEscape: o.escape === 'none', concat: true }));
  assert.equal(compare(one([m('a'), m('b')], { a: 1, b: 2 }), strictNone, { engine: concatenates }).kind, 'numeric-addition');
  // Other wrong output is not excused by it.
  const wrong = hbLike((r) => (r.ok ? { ...r, out: `${r.out}!` } : r));
  assert.equal(compare(one([m('a'), m('b')], { a: 1, b: 2 }), strictNone, { engine: wrong }).status, 'differ');

  // Strict refusal of a missing value Handlebars.js renders (it checks only simple mustaches).
  const lookupCase = one([{ t: 'lookup', obj: 'a', key: '"zz"', strip: { l: false, r: false } }], { a: {} });
  const refusesMissing = hbLike(() => ({ ok: false, code: 'missing_variable', error: 'zz' }));
  assert.equal(compare(lookupCase, strictHtml, { engine: refusesMissing }).kind, 'strict-missing');
  assert.equal(compare(lookupCase, { mode: 'lenient', escape: 'html' }, { engine: refusesMissing }).status, 'differ');

  // A helper beating a data key of the same name.
  const helper = hbLike((r, src) => (src === '{{len}}' ? { ok: true, out: '0' } : r));
  assert.equal(compare(one([m('len')], { len: 'x' }), strictHtml, { engine: helper }).kind, 'helper-over-data');
});
