//! The JavaScript API of tidings (the `tidings-wasm` crate): thin wrappers that check
//! and convert arguments, call the Rust API, and turn errors into JS `Error`s with
//! properties (`to_js_error`). The only code that names `wasm_bindgen`; built for
//! wasm32 only (natively this crate is empty).
#![cfg(target_arch = "wasm32")]

// Feature `render`: the `Catalog` class and the top-level functions (the Node module,
// pkg/node, and the web module). Feature `build`: `buildCatalog`. pkg/build, which only
// `tidings build`/`check` and the package's `buildCatalog` load, is built with `build`
// alone, so the module `require('tidings')` compiles carries no catalog compiler.
#[cfg(feature = "render")]
mod api;
// Without `render`, buildCatalog uses a few of its checks and conversions.
#[cfg_attr(not(feature = "render"), allow(dead_code))]
mod args;
#[cfg(feature = "render")]
mod catalog;
#[cfg(feature = "build")]
mod compile;

#[cfg(feature = "render")]
pub use api::*;
#[cfg(all(feature = "render", not(feature = "demo")))]
pub use catalog::use_demo_catalog;
#[cfg(feature = "render")]
pub use catalog::{Catalog, embedded_catalog, load_catalog};
#[cfg(feature = "build")]
pub use compile::build_catalog;

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** One of the catalog's `[catalog.categories]` (a generated catalog `.d.ts` narrows it). */
export type Category = string;
export type ChannelName = "sms" | "push" | "email" | "inApp";
export type VariableType = "string" | "number" | "money" | "datetime" | "boolean" | "enum" | "url" | "list";
export type PartName = "sms" | "push.title" | "push.body" | "email.subject" | "email.html" | "email.text" | "inApp.title" | "inApp.body";
export type LocaleRequest = string | readonly string[];
export interface Money { amount: number | string; currency: string }
export interface VariableInfo {
  name: string; type: VariableType; required: boolean; description: string; example: unknown;
  /** locale → that locale's example, over `example` */ examples?: Record<string, unknown>;
  values?: string[]; items?: VariableType;
  /** system-generated (true) or user-supplied (false: neutralised at render time) */
  trusted: boolean;
  maxLength?: number; charset?: "digits" | "gsm" | "cjk" | "any"; maxItems?: number;
}
export interface SmsInfo {
  encoding: "GSM-7" | "UCS-2"; units: number; segments: number; perSegment: number;
  /** the characters that forced UCS-2 */
  nonGsm: string[];
}
export interface SmsBounds {
  minSegments: number; maxSegments: number; maxUnits: number; encoding: "GSM-7" | "UCS-2";
  longest: string; unbounded: string[];
  /** the data that renders the longest case (values within the declared bounds, and timeZone) */
  longestData: Record<string, unknown>;
}
/** one part of an SMS as it is sent (`smsParts`) */
export interface SmsPart { text: string; units: number; capacity: number }
export interface Diagnostic {
  code: string; severity: "error" | "warning"; message: string; messageId: string;
  locale?: string; channel?: string; part?: PartName; line?: number; column?: number;
  /** the destination market whose rules the finding is about */ market?: string;
}
export interface MessageInfo {
  id: string; category: Category; description: string; channels: ChannelName[]; locales: string[];
  variables: VariableInfo[]; example: Record<string, unknown>;
  /** locale → its example data, for locales some variable has an example of its own for (`examples`) */
  examples: Record<string, Record<string, unknown>>;
  /** locale → part → Handlebars source, e.g. templates["zh-CN"].sms */
  templates: Record<string, Partial<Record<PartName, string>>>;
  /** translated locale → part → `sourceHash` of the source locale's text it was made from
   *  (`messages/<id>/translations.toml`); a part whose hash differs from the source's now is outdated */
  translations: Record<string, Partial<Record<PartName, string>>>;
}
/** What a catalog offers a template author (`schema()`), for editors and tools. */
export interface Schema {
  locales: string[]; defaultLocale: string; sourceLocale: string; defaultTimeZone: string;
  currencies: string[]; categories: Category[];
  /** the destination markets' ids; empty without `[catalog.markets]` */ markets: string[];
  /** the channels, each with its parts in file order (`html`: values escaped, `{{{raw}}}` refused) */
  channels: Array<{ name: ChannelName; parts: Array<{ name: PartName; html: boolean }> }>;
  /** every helper a template may call: its parameters' kinds, `key=value` options, and whether it is a block */
  helpers: Array<{ name: string; params: Array<"any" | "number" | "money" | "datetime" | "text" | "list">; variadic: boolean; hash: string[]; block: boolean }>;
  /** the catalog's partials (`{{> name}}`) */ partials: string[];
  variableTypes: VariableType[];
  /** locale → the app's name as customers see it (`app_name`), for previews */ appName: Record<string, string>;
}
export interface RenderOptions {
  /** IANA zone; overrides data.timeZone */ timeZone?: string;
  /** render only these channels */ channels?: ChannelName[];
  /** part → source replacing the catalog's (unsaved edits); errors point into it */
  sources?: Partial<Record<PartName, string>>;
  /** destination market (an id of the catalog's `[catalog.markets]`): SMS language, signature, opt-out, `@market` texts */
  market?: string;
  /** the recipient's number in E.164 form (`+852 6123 4567`); its country code picks the market */
  phone?: string;
  /** as in batch records: `{ marketing: false, channels: { sms: false } }`; an opted-out category throws `opted_out`,
   *  every channel off `no_channels`; mandatory categories ignore them with a `preference_ignored` warning */
  preferences?: { channels?: Partial<Record<ChannelName, boolean>> } & Record<string, boolean | Partial<Record<ChannelName, boolean>> | undefined>;
}
export interface TemplateOptions {
  locale?: LocaleRequest; escape?: "html" | "none"; timeZone?: string;
  /** check names and data against this catalog message */ messageId?: string;
  /** false: a missing value renders as nothing, as in Handlebars.js (default true: an error) */
  strict?: boolean;
  /** partial name → source, for `{{> name}}` beside the catalog's partials */
  partials?: Record<string, string>;
  /** the market whose texts `@market` reads (default: the locale's home market) */
  market?: string;
}
export interface Warning { code: string; message: string; path?: string }
export interface RenderedChannels {
  /** the SMS as sent (signature and opt-out included) with its encoding and parts */
  sms?: { text: string; /** when the market wants another language than the message's (a +86 number: zh-CN) */ locale?: string } & SmsInfo;
  push?: { title: string; body: string };
  email?: { subject: string; html: string; text: string };
  inApp?: { title: string; body: string };
}
export interface Rendered {
  messageId: string; locale: string; fallback: boolean; category: Category;
  /** the market, when `market` or `phone` was given */ market?: string;
  channels: RenderedChannels; warnings: Warning[];
}
export interface BatchDefaults {
  message?: string; locale?: LocaleRequest;
  /** the chunk comes from a tidings reader that may set `@line`/`@error` on records */
  annotated?: boolean;
}
export interface ChunkResult {
  /** one JSON line per input record, in order */
  output: Uint8Array;
  records: number; rendered: number; skipped: number; failed: number; smsParts: number;
}
export interface Negotiated { locale: string; fallback: boolean; matched?: string }
export interface CategoryRules { optOut: boolean; smsOptOut: boolean; mustInclude: string[]; trustedLinks: boolean }
export interface CatalogSettings {
  defaultLocale: string; locales: string[]; defaultTimeZone: string;
  /** the locale translations are made from (`source_locale`; the default locale unless set) */
  sourceLocale: string;
  categories: Record<string, CategoryRules>; currencies: string[];
  /** locale → the app's name as customers see it (`app_name`), when the manifest gives it */
  appName?: Record<string, string>;
  /** the IANA zones the catalog carries, when its manifest lists them (otherwise all) */
  timeZones?: string[];
  sms: { signature: Record<string, string>; optOut: Record<string, string>; maxParts: Record<string, number> };
  /** destination markets by id, and each locale's home market (both absent without markets) */
  markets?: Record<string, MarketRules>; homeMarkets?: Record<string, string>;
  links: { allowedHosts: string[] }; push: { maxTitle: Record<string, number> };
}
export interface MarketRules {
  name: string; callingCodes: string[]; smsLocales: string[];
  signature: Record<string, string>; optOut: Record<string, string>;
  /** what templates read as `@market.<name>` */ texts: Record<string, string>;
  sources: string[]; checked: string;
}
/** A problem `buildCatalog` found, at a file of the catalog folder. */
export interface CatalogProblem {
  file: string; line: number; column: number; code: string; message: string;
  /** the source line framed, with a caret under the problem */ excerpt?: string;
}
export type BuildResult =
  | { ok: true; bytes: Uint8Array; catalog: { settings: CatalogSettings; messages: unknown[]; partials: unknown } }
  | { ok: false; problems: CatalogProblem[]; report: string };
/** What a thrown tidings error carries besides `message`. */
export interface TidingsError extends Error {
  code: string; messageId?: string; locale?: string; channel?: string; part?: string;
  line?: number; column?: number; path?: string;
  /** what is wrong, without where (`message` ends with where: message id, locale, part, line:column) */
  reason: string;
  /** the message with the source line framed and a caret under the problem */
  detail: string;
}
"#;
