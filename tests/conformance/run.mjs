#!/usr/bin/env node
// CLI for the conformance suite: runs it and prints the report (text, or --json).
//   node tests/conformance/run.mjs [--seed N] [--cases N] [--shrink-seconds S] [--examples N] [--json]
//   node tests/conformance/run.mjs --seed N --case I    one case: its sources, data and the four comparisons
// Exits 0 whatever the agreement: the floor is conformance.test.mjs's business.
import { parseArgs } from 'node:util';
import { runSuite, formatReport, compare, COMPARISONS, TIDINGS_ENGINE, HANDLEBARS_ENGINE } from './suite.mjs';
import { generateCase, sources, features } from './gen.mjs';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    cases: { type: 'string', default: '1000' },
    'shrink-seconds': { type: 'string', default: '60' },
    examples: { type: 'string', default: '3' },
    case: { type: 'string' },
    json: { type: 'boolean', default: false },
    'self-check': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(`usage: node tests/conformance/run.mjs [--seed N] [--cases N] [--shrink-seconds S] [--examples N] [--json]
       node tests/conformance/run.mjs --seed N --case I
  --seed            run seed (default 1); the same seed gives the same cases
  --cases           number of generated cases (default 1000)
  --shrink-seconds  time for shrinking differing cases to minimal examples (default 60)
  --examples        minimal examples printed per category (default 3)
  --case I          only case I of the seed, with every comparison
  --json            the report as JSON
  --self-check      Handlebars.js stands in for tidings (every comparison must agree: checks the suite itself)`);
  process.exit(0);
}

const num = (name) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number, not ${values[name]}`);
    process.exit(2);
  }
  return n;
};
const seed = num('seed');
const engine = values['self-check'] ? HANDLEBARS_ENGINE : TIDINGS_ENGINE;

if (values.case !== undefined) {
  const c = generateCase(seed, num('case'));
  const support = engine.detectSupport();
  const out = { ...sources(c), data: c.data, features: [...features(c)], comparisons: [] };
  const partialCase = out.features.includes('partial') || out.features.includes('partial.missing');
  for (const cmp of COMPARISONS) {
    // As in the suite: what the package cannot take is skipped, not compared.
    if (cmp.mode === 'lenient' && !support.lenient.supported) out.comparisons.push({ ...cmp, status: 'skipped', reason: support.lenient.reason });
    else if (partialCase && !support.partials.supported) out.comparisons.push({ ...cmp, status: 'skipped', reason: support.partials.reason });
    else out.comparisons.push({ ...cmp, ...compare(c, cmp, { engine }) });
  }
  console.log(JSON.stringify(out, null, 2));
} else {
  const report = runSuite({ seed, cases: num('cases'), shrinkSeconds: Number(values['shrink-seconds']), engine });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report, { examples: num('examples') }));
}
