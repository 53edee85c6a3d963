// The catalog's vocabulary as the engine gives it (`schema()`): locales, parts of each
// channel, helpers with their signatures, partials, the app's name. The page keeps no
// list of its own; it reads these from here once the catalog is open.

let current = null;
let fallbackName = '';
// Locale names, once per locale: the negotiated locale's is shown on every render.
const names = new Map();

/** Takes the open catalog's schema; `name` names the app when the catalog has no `app_name`. */
export function useSchema(schema, { name = '' } = {}) {
  current = schema;
  fallbackName = name;
  names.clear();
}

export const schema = () => current;

/** The parts of `channel`, in file order. */
export const channelParts = (channel) => current.channels.find((c) => c.name === channel)?.parts.map((p) => p.name) ?? [];

/**
 * A locale's name in its own language, by the browser's CLDR data. Where the catalog
 * writes a language in more than one script (zh-CN Simplified, zh-TW and zh-HK
 * Traditional), the name says which: 简体中文（中国）, 繁體中文（台灣）.
 */
export function localeName(locale) {
  if (!names.has(locale)) names.set(locale, nameOf(locale));
  return names.get(locale);
}

function nameOf(locale) {
  try {
    const script = (tag) => new Intl.Locale(tag).maximize().script;
    const { language } = new Intl.Locale(locale);
    const scripts = new Set(current.locales.filter((l) => new Intl.Locale(l).language === language).map(script));
    let tag = locale;
    if (scripts.size > 1) {
      const full = new Intl.Locale(locale).maximize();
      tag = [full.language, full.script, new Intl.Locale(locale).region].filter(Boolean).join('-');
    }
    return new Intl.DisplayNames([tag], { type: 'language' }).of(tag) ?? locale;
  } catch {
    return locale; // a tag the browser does not know
  }
}

/** The app's name as customers of `locale` see it: push sender, email From name. */
export const appName = (locale) => current.appName[locale] ?? current.appName[current.defaultLocale] ?? (fallbackName || 'App');
