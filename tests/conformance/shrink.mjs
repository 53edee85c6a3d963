// Shrinking a differing conformance case to a minimal one: greedy one-edit-at-a-time
// reduction of the template tree, its partials and its data, keeping an edit only while
// the case still differs in the same way (the caller's predicate). Owns the edit list;
// knows the case model of gen.mjs but nothing about renderers.

const clone = (x) => structuredClone(x);

function at(obj, path) {
  let o = obj;
  for (const k of path) o = o[k];
  return o;
}

/** Paths of every node list in a case: the template, block bodies and branches, partials. */
function nodeLists(c) {
  const out = [];
  const visit = (list, path) => {
    out.push(path);
    list.forEach((n, i) => {
      if (n.t !== 'block') return;
      visit(n.body, [...path, i, 'body']);
      n.elifs.forEach((e, j) => visit(e.body, [...path, i, 'elifs', j, 'body']));
      if (n.inverse) visit(n.inverse, [...path, i, 'inverse']);
    });
  };
  visit(c.nodes, ['nodes']);
  for (const name of Object.keys(c.partials)) visit(c.partials[name], ['partials', name]);
  return out;
}

/** Every [path, node] of the case's trees. */
function allNodes(c) {
  const out = [];
  for (const lp of nodeLists(c)) at(c, lp).forEach((n, i) => out.push([[...lp, i], n]));
  return out;
}

/** Paths to every value inside the data (not the top-level object itself). */
function dataPaths(v, path = [], out = []) {
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v)) {
      out.push([...path, k]);
      dataPaths(v[k], [...path, k], out);
    }
  }
  return out;
}

function referencedPartials(c) {
  const names = new Set();
  for (const [, n] of allNodes(c)) if (n.t === 'partial') names.add(n.name);
  return names;
}

/** Shorter versions of a string: halves, then (for short ones) each one-character removal. */
function shorter(s) {
  const out = new Set();
  if (s.length > 1) {
    out.add(s.slice(0, Math.ceil(s.length / 2)));
    out.add(s.slice(Math.ceil(s.length / 2)));
  }
  if (s.length <= 16) for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  out.delete(s);
  return [...out];
}

/** One-edit variants of a case, larger cuts first. */
export function* candidates(c) {
  // Partials nothing calls any more.
  const used = referencedPartials(c);
  for (const name of Object.keys(c.partials)) {
    if (used.has(name)) continue;
    const d = clone(c);
    delete d.partials[name];
    yield d;
  }
  // Whole nodes, and blocks replaced by one of their branches.
  for (const lp of nodeLists(c)) {
    const list = at(c, lp);
    for (let i = 0; i < list.length; i++) {
      const d = clone(c);
      at(d, lp).splice(i, 1);
      yield d;
      const n = list[i];
      if (n.t === 'block') {
        const branches = [n.body, ...n.elifs.map((e) => e.body), ...(n.inverse ? [n.inverse] : [])];
        for (const b of branches) {
          const e = clone(c);
          at(e, lp).splice(i, 1, ...clone(b));
          yield e;
        }
      }
    }
  }
  // Data keys and list items.
  for (const p of dataPaths(c.data)) {
    const d = clone(c);
    const parent = at(d.data, p.slice(0, -1));
    if (Array.isArray(parent)) parent.splice(Number(p[p.length - 1]), 1);
    else delete parent[p[p.length - 1]];
    yield d;
  }
  // Branches and parts of tags.
  for (const [p, n] of allNodes(c)) {
    const edit = (f) => {
      const d = clone(c);
      f(at(d, p));
      return d;
    };
    if (n.t === 'block') {
      if (n.inverse) yield edit((m) => (m.inverse = null));
      for (let j = 0; j < n.elifs.length; j++) yield edit((m) => m.elifs.splice(j, 1));
      if (n.inverse && n.inverse.length === 0) yield edit((m) => (m.inverse = null));
    }
    if (n.t === 'partial') {
      if (n.ctx) yield edit((m) => (m.ctx = null));
      for (let j = 0; j < n.hash.length; j++) yield edit((m) => m.hash.splice(j, 1));
    }
  }
  // Layout: standalone lines, whitespace control, raw output, comment form.
  for (const [p, n] of allNodes(c)) {
    const edit = (f) => {
      const d = clone(c);
      f(at(d, p));
      return d;
    };
    if (n.sa) yield edit((m) => (m.sa = null));
    if (n.sa && n.sa.eol === '\r\n') yield edit((m) => (m.sa.eol = '\n'));
    if (n.sa && n.sa.indent) yield edit((m) => (m.sa.indent = ''));
    for (const k of ['strip', 'open', 'close', 'elseStrip']) {
      if (n[k] && (n[k].l || n[k].r)) yield edit((m) => (m[k] = { l: false, r: false }));
    }
    if (n.t === 'block') for (let j = 0; j < n.elifs.length; j++) if (n.elifs[j].strip.l || n.elifs[j].strip.r) yield edit((m) => (m.elifs[j].strip = { l: false, r: false }));
    if (n.raw) yield edit((m) => (m.raw = false));
    if (n.t === 'comment' && n.s !== ' x ') yield edit((m) => (m.s = ' x '));
    if (n.t === 'comment' && n.long && !n.s.includes('}}')) yield edit((m) => (m.long = false));
    // Simpler paths: `this.a` → `a`, `@root.a` → `a`.
    for (const k of ['path', 'param', 'obj']) {
      const v = n[k];
      if (typeof v !== 'string') continue;
      if (v.startsWith('this.') && !/^this\.\d/.test(v)) yield edit((m) => (m[k] = v.slice(5)));
      if (v.startsWith('@root.') && !/^@root\.\d/.test(v)) yield edit((m) => (m[k] = v.slice(6)));
    }
  }
  // Shorter text.
  for (const [p, n] of allNodes(c)) {
    if (n.t !== 'text') continue;
    for (const s of shorter(n.s)) {
      const d = clone(c);
      at(d, p).s = s;
      yield d;
    }
  }
  // Simpler data values: shorter strings, emptied containers.
  for (const p of dataPaths(c.data)) {
    const v = at(c.data, p);
    const set = (x) => {
      const d = clone(c);
      at(d.data, p.slice(0, -1))[p[p.length - 1]] = x;
      return d;
    };
    if (typeof v === 'string') for (const s of shorter(v)) yield set(s);
    else if (Array.isArray(v) && v.length) yield set([]);
    else if (v && typeof v === 'object' && Object.keys(v).length) yield set({});
  }
}

/**
 * The smallest case reachable by single edits for which `stillDiffers(case)` holds.
 * Stops after `maxTries` evaluations or at `deadline` (ms since the epoch), returning the
 * smallest case so far.
 */
export function shrink(c, stillDiffers, { maxTries = 2000, deadline = Infinity } = {}) {
  let cur = c;
  let tries = 0;
  let progress = true;
  while (progress) {
    progress = false;
    for (const d of candidates(cur)) {
      if (++tries > maxTries || Date.now() > deadline) return { case: cur, tries, complete: false };
      if (stillDiffers(d)) {
        cur = d;
        progress = true;
        break;
      }
    }
  }
  return { case: cur, tries, complete: true };
}
