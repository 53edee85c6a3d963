// Translation status in the editor: each translated part against the source locale's text
// (`messages/<id>/translations.toml` records the hash of the source text each was made
// from; the module computes the hash, `sourceHash`, as the build and lint do), the records
// a save writes, a first Traditional draft from the Simplified source (OpenCC, loaded only
// when asked for) and a pseudo-locale for finding layout and length problems early.
import { sourceHash } from '../pkg/tidings.js';

/**
 * The status of `locale`'s `part`: 'current', 'outdated', or null (the source itself, or
 * no record of what it was made from). `sourceText` is the source part's text now.
 */
export function statusOf(m, sourceLocale, locale, part, sourceText) {
  if (locale === sourceLocale) return null;
  const recorded = m.translations?.[locale]?.[part];
  if (!recorded) return null;
  return recorded === sourceHash(sourceText) ? 'current' : 'outdated';
}

/** Locales of `m` (in `locales` order) with an outdated part, from the catalog's own texts. */
export function outdatedLocales(m, sourceLocale, locales, parts) {
  const source = m.templates[sourceLocale] ?? {};
  return locales.filter((l) =>
    parts.some((p) => statusOf(m, sourceLocale, l, p, source[p] ?? '') === 'outdated'));
}

/**
 * The records after a save: every part written for a translated locale now says it was
 * made from the source text as saved (`sourceOf(part)`), and `marks` ([locale, part]
 * pairs) are marked current. Returns null when nothing changes.
 */
export function recordsAfter(m, sourceLocale, { written = [], marks = [], sourceOf }) {
  const records = structuredClone(m.translations ?? {});
  let changed = false;
  for (const [locale, part] of [...written, ...marks]) {
    if (locale === sourceLocale) continue;
    const hash = sourceHash(sourceOf(part));
    if (records[locale]?.[part] === hash) continue;
    (records[locale] ??= {})[part] = hash;
    changed = true;
  }
  return changed ? records : null;
}

/** `translations.toml` as the editor writes it: locales in catalog order, parts in file order. */
export function recordsFile(records, sourceLocale, locales, parts) {
  const lines = [
    `# Which version of the source text (${sourceLocale}) each translation was made from: a hash of it,`,
    '# written by the tidings editor when a translation is saved or marked current.',
  ];
  for (const locale of locales) {
    const mine = records[locale];
    if (!mine || locale === sourceLocale) continue;
    lines.push('', `[${locale}]`);
    for (const part of parts) if (mine[part]) lines.push(`${part.includes('.') ? `"${part}"` : part} = "${mine[part]}"`);
  }
  return `${lines.join('\n')}\n`;
}

// ------------------------------------------------------------------ drafts

/** OpenCC's target for each Traditional locale: Taiwan with its wording, Hong Kong. */
const OPENCC_TARGET = { 'zh-TW': 'twp', 'zh-HK': 'hk', 'zh-MO': 'hk' };

/** Whether a first draft of `locale` can be made from `sourceLocale`. */
export const canDraft = (sourceLocale, locale) => /^zh(-CN|-Hans|-SG|$)/.test(sourceLocale) && locale in OPENCC_TARGET;

/**
 * A first draft of `locale` from the Simplified `source` text: the text outside `{{…}}`
 * converted (OpenCC, with regional wording), the Handlebars tags kept as written.
 */
export async function draft(locale, texts) {
  const OpenCC = (await import('../vendor/opencc.js')).default;
  const convert = OpenCC.Converter({ from: 'cn', to: OPENCC_TARGET[locale] });
  return Object.fromEntries(Object.entries(texts).map(([part, text]) => [part, outsideTags(text, convert)]));
}

/** `text` with `f` applied to what lies outside Handlebars tags (comments included in tags). */
function outsideTags(text, f) {
  return text.split(/(\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\})/).map((piece, i) => (i % 2 ? piece : f(piece))).join('');
}

// ------------------------------------------------------------------ pseudo-locale

const ACCENTED = {
  a: 'à', b: 'ƀ', c: 'ç', d: 'ð', e: 'é', f: 'ƒ', g: 'ĝ', h: 'ĥ', i: 'î', j: 'ĵ', k: 'ķ', l: 'ļ', m: 'ɱ',
  n: 'ñ', o: 'ö', p: 'þ', q: 'ǫ', r: 'ŕ', s: 'š', t: 'ţ', u: 'û', v: 'ṽ', w: 'ŵ', x: 'ẋ', y: 'ý', z: 'ž',
  A: 'À', B: 'Ɓ', C: 'Ç', D: 'Ð', E: 'É', F: 'Ƒ', G: 'Ĝ', H: 'Ĥ', I: 'Î', J: 'Ĵ', K: 'Ķ', L: 'Ļ', M: 'Ṁ',
  N: 'Ñ', O: 'Ö', P: 'Þ', Q: 'Ǫ', R: 'Ŕ', S: 'Š', T: 'Ţ', U: 'Û', V: 'Ṽ', W: 'Ŵ', X: 'Ẋ', Y: 'Ý', Z: 'Ž',
};

/**
 * The pseudo-locale of a part: letters accented and each run of words made about 40 %
 * longer (`~` padding inside `[…]`), tags, HTML markup, entities and links kept, so that a
 * layout or an SMS too tight for a longer language shows before translation.
 */
export function pseudo(text, { html = false } = {}) {
  const keep = html
    ? /(\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}|<[^>]*>|&[#\w]+;|https?:\/\/\S+)/
    : /(\{\{!--[\s\S]*?--\}\}|\{\{[\s\S]*?\}\}|https?:\/\/\S+)/;
  return text.split(keep).map((piece, i) => {
    if (i % 2 || !/[A-Za-z]/.test(piece)) return piece;
    const accented = piece.replace(/[A-Za-z]/g, (c) => ACCENTED[c]);
    const core = accented.trim();
    const pad = '~'.repeat(Math.max(1, Math.round([...core].length * 0.4)));
    return accented.replace(core, `[${core}${pad}]`);
  }).join('');
}
