// Fallback for machines without /usr/bin/time: runs `tidings` in this process and, at
// exit, writes `maxrss_kb N` (process.resourceUsage().maxRSS, KiB) to stderr. Worker
// threads share the process, so this covers them.
//   node bench/rss-wrapper.mjs render FILE --out OUT --quiet --workers 2
import fs from 'node:fs';

const cli = new URL('../bin/tidings.mjs', import.meta.url);
process.argv = [process.argv[0], cli.pathname, ...process.argv.slice(2)];
process.on('exit', () => fs.writeSync(2, `maxrss_kb ${process.resourceUsage().maxRSS}\n`));
await import(cli.href);
