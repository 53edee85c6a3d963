// The editor's state: per message a session (kept while the page is open) — its data, the
// fields of it that still follow each locale's own example, its unsaved edits and which
// file the editor shows; how a session goes into a link and comes back; the unsaved edits
// of every message kept in local storage. No DOM here.

const clone = (x) => structuredClone(x);

export const sameJson = (a, b) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
function sortKeys(x) {
  if (Array.isArray(x)) return x.map(sortKeys);
  if (x && typeof x === 'object') return Object.fromEntries(Object.keys(x).sort().map((k) => [k, sortKeys(x[k])]));
  return x;
}

/** The variables whose example differs by locale (the manifest's `examples`). */
export function perLocaleFields(m) {
  const examples = Object.values(m.examples ?? {});
  return m.variables.map((v) => v.name).filter((name) => examples.some((ex) => !sameJson(ex[name], m.example[name])));
}

/**
 * A new session of `m`: the example data, every per-locale field following its locale,
 * `edits` (part sources by locale), the editor on `part`.
 */
export function newSession(m, { edits = {}, data = null, local = null, locale = null, part }) {
  return {
    data: data ? clone(data) : clone(m.example),
    // A link's data replaces the example in every locale, unless it says which follow.
    local: new Set(local ?? (data ? [] : perLocaleFields(m))),
    edits,
    editor: { locale, part },
  };
}

/** The data `locale`'s preview renders: the session's, each per-locale field its locale's example. */
export function dataFor(m, s, locale) {
  if (!s.local.size) return s.data;
  const own = m.examples?.[locale] ?? m.example;
  const data = { ...s.data };
  for (const name of s.local) {
    if (own[name] === undefined) delete data[name];
    else data[name] = own[name];
  }
  return data;
}

/** A value typed in the form: every locale gets it. */
export function setField(s, name, value) {
  s.local.delete(name);
  if (value === undefined) delete s.data[name];
  else s.data[name] = value;
}

/** Data replacing the session's (the JSON box, the worst case): every locale gets it. */
export function setData(s, data) {
  // Fields the new data leaves as they were keep following their locale.
  for (const name of [...s.local]) if (!sameJson(data[name], s.data[name])) s.local.delete(name);
  s.data = clone(data);
}

/** Back to the example, per locale where the manifest has one. */
export function resetData(m, s) {
  s.data = clone(m.example);
  s.local = new Set(perLocaleFields(m));
}

/** The session in a link's state: only what differs from a new session. */
export function linkState(m, s, firstPart) {
  const state = {};
  if (!sameJson(s.data, m.example)) state.d = s.data;
  const local = [...s.local].sort();
  // With `d`, always: a link without `o` is one from before per-locale examples, whose
  // data applies to every locale.
  if (state.d || !sameJson(local, perLocaleFields(m).sort())) state.o = local;
  if (Object.keys(s.edits).length) state.e = s.edits;
  if (s.editor.locale) state.l = s.editor.locale;
  if (s.editor.part !== firstPart) state.t = s.editor.part;
  return state;
}

/** A session from a link's state (each field checked: a link is anyone's text). */
export function fromLinkState(m, st, { edits, parts }) {
  const data = st.d && typeof st.d === 'object' && !Array.isArray(st.d) ? st.d : null;
  const names = new Set(perLocaleFields(m));
  const local = Array.isArray(st.o) ? st.o.filter((n) => names.has(n)) : data ? [] : null;
  return newSession(m, {
    edits,
    data,
    local,
    locale: m.locales.includes(st.l) ? st.l : null,
    part: parts.includes(st.t) ? st.t : parts[0],
  });
}

/**
 * The sessions of a page: `of(m)` (created on first use, with the edits autosaved for
 * `m`), `fromLink(m, st)` (a link's state; its edits win over the autosaved ones),
 * `save()` (every message's unsaved edits to local storage under `storageKey`: they
 * survive a reload), `unsaved()`.
 */
export function createSessions({ storageKey, partsOf }) {
  const sessions = new Map();
  const stored = () => {
    try {
      const all = JSON.parse(localStorage.getItem(storageKey) ?? '{}');
      return all && typeof all === 'object' && !Array.isArray(all) ? all : {};
    } catch {
      return {};
    }
  };
  // Only the message's locales' parts that are text (storage and links are anyone's).
  const validEdits = (m, given) => {
    const parts = partsOf(m);
    const edits = {};
    for (const [locale, ps] of Object.entries(given && typeof given === 'object' ? given : {})) {
      if (!m.locales.includes(locale) || !ps || typeof ps !== 'object') continue;
      for (const [p, src] of Object.entries(ps)) if (parts.includes(p) && typeof src === 'string') (edits[locale] ??= {})[p] = src;
    }
    return edits;
  };
  return {
    of(m) {
      if (!sessions.has(m.id)) sessions.set(m.id, newSession(m, { edits: validEdits(m, stored()[m.id]), part: partsOf(m)[0] }));
      return sessions.get(m.id);
    },
    fromLink(m, st, { fromLink }) {
      const edits = validEdits(m, fromLink ? st.e : stored()[m.id]);
      const s = fromLinkState(m, st, { edits, parts: partsOf(m) });
      sessions.set(m.id, s);
      return s;
    },
    save() {
      // Messages not opened since the page loaded keep what was saved for them.
      const all = stored();
      for (const [id, s] of sessions) {
        if (Object.keys(s.edits).length) all[id] = s.edits;
        else delete all[id];
      }
      try {
        if (Object.keys(all).length) localStorage.setItem(storageKey, JSON.stringify(all));
        else localStorage.removeItem(storageKey);
      } catch {
        // Storage full or disabled: the link still holds the open message's edits.
      }
    },
    unsaved: () => [...sessions.values()].some((s) => Object.keys(s.edits).length),
  };
}
