// Types of the package entry point: the WASM module's API (generated) plus buildCatalog
// (the build module's, loaded on its first call) and renderBatch.
export * from './pkg/node/tidings.js';
export { buildCatalog } from './pkg/build/tidings.js';
import type { BatchDefaults, Catalog } from './pkg/node/tidings.js';
import type { Rendered, RenderedChannels, Warning } from './pkg/node/tidings.js';

export interface BatchRecord {
  id?: string | number | null;
  message?: string;
  locale?: string | string[];
  data?: Record<string, unknown>;
  timeZone?: string;
  channels?: Array<'sms' | 'push' | 'email' | 'inApp'>;
  /** e.g. { marketing: false, channels: { sms: false } } */
  preferences?: Record<string, boolean | Record<string, boolean>>;
}

export interface OutcomeReason {
  code: string; message: string;
  messageId?: string; locale?: string; channel?: string; part?: string; line?: number; column?: number; path?: string;
}

export type Outcome =
  | { id: BatchRecord['id']; line: number; status: 'rendered'; messageId: string; locale: string; fallback: boolean;
      channels: RenderedChannels; warnings: Warning[] }
  | { id: BatchRecord['id']; line: number; status: 'skipped'; messageId: string; reason: OutcomeReason }
  | { id: BatchRecord['id']; line: number; status: 'failed'; reason: OutcomeReason };

/** Renders many records in order; one outcome per record, never throws for a bad record. */
export declare function renderBatch(records: BatchRecord[], options?: BatchDefaults): Outcome[];

/** Resolved: the Node build is ready on load. (In browsers, web.mjs's `ready` waits for the .wasm.) */
export declare const ready: Promise<void>;

/**
 * A compiled catalog `load()` returned: the package's functions as methods over it
 * (call them as methods: `catalog.render(…)`), plus `renderBatch`. `free()` releases it.
 */
export interface LoadedCatalog extends Catalog {
  renderBatch(records: BatchRecord[], options?: BatchDefaults): Outcome[];
}

/**
 * Loads a compiled catalog (`tidings build` output) from its bytes, a file path, a
 * `file:` URL or an `http(s):` URL (a string or a `URL`). `C` is the catalog's generated interface (from the
 * `.d.ts` beside it): `await load<AlpineCatalog>('dist/alpine.tidings')` type-checks each
 * message's data. Rejects with code `invalid_catalog` for a file that is not one.
 */
export declare function load<C extends LoadedCatalog = LoadedCatalog>(source: Uint8Array | ArrayBuffer | { readonly href: string } | string): Promise<C>;

/** The embedded demo catalog, typed per message (its generated declarations). */
export declare const demo: import('./pkg/demo.js').DemoCatalog;
