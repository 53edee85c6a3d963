// RFC 3339 instants ↔ the wall-clock time of an IANA zone, for the form's
// <input type=datetime-local>: the field shows (and takes) the time in the preview's
// zone (`timeZone` of the data, default Asia/Shanghai), the data keeps a UTC instant.

const formatters = new Map();

function formatter(zone) {
  if (!formatters.has(zone)) {
    formatters.set(zone, new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    }));
  }
  return formatters.get(zone);
}

export function isZone(zone) {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

// The zone's wall time of an epoch millisecond value, as epoch ms "as if UTC".
function wallMs(ms, zone) {
  const p = Object.fromEntries(formatter(zone).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** `2026-11-28T06:12:00Z` → `2026-11-28T14:12:00` in Asia/Shanghai; null if unparseable. */
export function toWallTime(instant, zone) {
  if (typeof instant !== 'string' || !/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/i.test(instant)) return null;
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2026-02-30 over to March 2; the engine refuses it, so the field must
  // not show a date the data does not hold.
  const [year, month, dayOfMonth] = instant.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(year, month - 1, dayOfMonth));
  if (day.getUTCMonth() !== month - 1 || day.getUTCDate() !== dayOfMonth) return null;
  const d = new Date(wallMs(Math.floor(ms / 1000) * 1000, zone));
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `2026-11-28T14:12` (wall time in `zone`) → `2026-11-28T06:12:00Z`; null if unparseable. */
export function fromWallTime(wall, zone) {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?/.exec(wall || '');
  if (!m) return null;
  const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] || 0));
  // Two rounds find the offset in force at that wall time (DST-correct except inside a gap).
  let ms = asUtc - (wallMs(asUtc, zone) - asUtc);
  ms = asUtc - (wallMs(ms, zone) - ms);
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

/** Short offset name of `zone` at `instant`, e.g. `GMT+8`. */
export function offsetName(instant, zone) {
  try {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'shortOffset' });
    return f.formatToParts(new Date(instant)).find((p) => p.type === 'timeZoneName')?.value ?? '';
  } catch {
    return '';
  }
}
