// Types of the package entry point: the WASM module's API (generated) plus renderBatch.
export * from './pkg/node/tidings.js';
import type { BatchDefaults } from './pkg/node/tidings.js';
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
