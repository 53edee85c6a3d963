// The catalog's vocabulary as the engine gives it (`schema()`): locales, parts of each
// channel, helpers with their signatures, partials, the app's name. The page keeps no
// list of its own; it reads these from here once the catalog is open.

let current = null;
let fallbackName = '';

/** Takes the open catalog's schema; `name` names the app when the catalog has no `app_name`. */
export function useSchema(schema, { name = '' } = {}) {
  current = schema;
  fallbackName = name;
}

export const schema = () => current;

/** The parts of `channel`, in file order. */
export const channelParts = (channel) => current.channels.find((c) => c.name === channel)?.parts.map((p) => p.name) ?? [];

/** A locale's name in its own language (`zh-TW` → 中文（台灣）), by the browser's CLDR data. */
export function localeName(locale) {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
  } catch {
    return locale; // a tag the browser does not know
  }
}

/** The app's name as customers of `locale` see it: push sender, email From name. */
export const appName = (locale) => current.appName[locale] ?? current.appName[current.defaultLocale] ?? (fallbackName || 'App');
