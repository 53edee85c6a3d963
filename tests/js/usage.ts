// Type-checked by api.test.mjs: the .d.ts must type results, not `any`.
import * as tidings from '../../pkg/node/tidings.js';

const all: tidings.MessageInfo[] = tidings.messages();
const first: tidings.MessageInfo = all[0];
const sms: string | undefined = first.templates['zh-CN']?.sms;
const r: tidings.Rendered = tidings.render(first.id, ['zh-HK', 'en'], first.example);
const text: string | undefined = r.channels.sms?.text;
const html: string | undefined = r.channels.email?.html;
const fallback: boolean = r.fallback;
const n: tidings.Negotiated = tidings.negotiateLocale('zh-HK');
const out: string = tidings.renderTemplate('{{x}}', { x: 1 }, { escape: 'html', locale: 'en' });
// @ts-expect-error escape accepts only 'html' | 'none'
tidings.renderTemplate('{{x}}', {}, { escape: 'xml' });
// @ts-expect-error channels are typed
r.channels.fax;
export { sms, text, html, fallback, n, out };
