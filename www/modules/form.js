// The variables form, generated from the manifest (messages()[i].variables): one field
// per variable, labelled with the name templates use, with the input its type needs.
import { el } from './dom.js';
import { toWallTime, fromWallTime, offsetName, isZone } from './datetime.js';


const TIME_ZONE_VAR = {
  name: 'timeZone', type: 'timeZone', required: false, trusted: true, reserved: true,
  description: 'IANA time zone the times are shown in (reserved; every message has it)',
};

let zoneList = null;
function zoneDatalist() {
  if (!document.getElementById('tz-list')) {
    zoneList ??= (Intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'UTC']);
    document.body.append(el('datalist', { id: 'tz-list' }, ...zoneList.map((z) => el('option', { value: z }))));
  }
  return 'tz-list';
}

const numberLike = /^-?\d+(\.\d+)?$/;
// `2,500.00` as people write amounts: commas that group digits by three are dropped.
const grouped = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const toNumber = (text) => {
  const t = text.trim();
  const plain = grouped.test(t) ? t.replace(/,/g, '') : t;
  return numberLike.test(plain) ? Number(plain) : text;
};

/** The decimal places an amount in `currency` has (CLDR's, as the engine uses). */
const currencyDigits = (currency) => {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits;
  } catch {
    return null;
  }
};

/** Field editors by type: `make(id, v)` → { node, inputs, read(), write(value) }. */
const kinds = {
  string(id, v) {
    const input = el('input', { id, type: 'text', autocomplete: 'off', spellcheck: 'false' });
    return { node: input, inputs: [input], read: () => input.value, write: (x) => { input.value = String(x ?? ''); } };
  },
  url(id) {
    const input = el('input', { id, type: 'url', inputmode: 'url', autocomplete: 'off', spellcheck: 'false' });
    return { node: input, inputs: [input], read: () => input.value, write: (x) => { input.value = String(x ?? ''); } };
  },
  number(id) {
    const input = el('input', { id, type: 'text', inputmode: 'decimal', autocomplete: 'off' });
    return { node: input, inputs: [input], read: () => toNumber(input.value), write: (x) => { input.value = String(x ?? ''); } };
  },
  money(id, v, ctx) {
    const CURRENCIES = ctx.currencies;
    const amount = el('input', { id, type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'money-amount' });
    const currency = el('select', { id: `${id}-currency`, 'aria-label': `${v.name}: currency` },
      ...CURRENCIES.map((c) => el('option', { value: c, text: c })));
    const node = el('div', { class: 'money' }, amount, currency);
    return {
      node, inputs: [amount, currency],
      read: () => ({ amount: toNumber(amount.value), currency: currency.value }),
      /** Why the value cannot be taken as typed (the engine would round it silently). */
      problem() {
        const digits = currencyDigits(currency.value);
        const fraction = amount.value.trim().split('.')[1] ?? '';
        return digits !== null && fraction.length > digits
          ? `${currency.value} amounts have ${digits} decimal place${digits === 1 ? '' : 's'}; ${amount.value.trim()} has ${fraction.length}`
          : null;
      },
      write(x) {
        amount.value = x && typeof x === 'object' ? String(x.amount ?? '') : '';
        const cur = x && typeof x === 'object' ? String(x.currency ?? '') : '';
        if (cur && !CURRENCIES.includes(cur) && ![...currency.options].some((o) => o.value === cur)) {
          currency.append(el('option', { value: cur, text: `${cur} (unsupported)` }));
        }
        currency.value = cur || CURRENCIES[0] || '';
      },
    };
  },
  datetime(id, v, ctx) {
    const input = el('input', { id, type: 'datetime-local', step: '1' });
    const exact = el('span', { class: 'exact' });
    const node = el('div', { class: 'datetime' }, input, exact);
    let raw = null;
    const show = () => {
      const zone = ctx.zone();
      exact.textContent = raw == null ? '' : `${ctx.zoneLabel()} · ${raw}`;
      if (raw != null && toWallTime(raw, zone) == null) exact.textContent = `${raw} — not an RFC 3339 date-time`;
    };
    return {
      node, inputs: [input],
      read() {
        raw = fromWallTime(input.value, ctx.zone()) ?? input.value;
        show();
        return raw;
      },
      write(x) {
        raw = x == null ? null : String(x);
        input.value = raw == null ? '' : (toWallTime(raw, ctx.zone()) ?? '');
        show();
      },
    };
  },
  enum(id, v) {
    const select = el('select', { id }, ...(v.values ?? []).map((x) => el('option', { value: x, text: x })));
    return { node: select, inputs: [select], read: () => select.value, write: (x) => { select.value = String(x ?? ''); } };
  },
  list(id, v) {
    const area = el('textarea', { id, rows: '3', spellcheck: 'false', class: 'list' });
    const numeric = v.items === 'number';
    return {
      node: area, inputs: [area],
      read: () => area.value.split('\n').filter((l) => l.trim() !== '').map((l) => (numeric ? toNumber(l) : l)),
      write(x) {
        area.value = Array.isArray(x) ? x.map((i) => (typeof i === 'object' ? JSON.stringify(i) : String(i))).join('\n') : '';
        area.rows = Math.max(3, area.value.split('\n').length + 1);
      },
    };
  },
  boolean(id, v) {
    const box = el('input', { id, type: 'checkbox' });
    const node = el('label', { class: 'check', for: id }, box, el('span', { text: 'true' }));
    return { node, inputs: [box], read: () => box.checked, write: (x) => { box.checked = x === true; node.lastChild.textContent = String(x === true); } };
  },
  timeZone(id, v, ctx) {
    const input = el('input', { id, type: 'text', list: zoneDatalist(), placeholder: `${ctx.defaultZone} (default)`, autocomplete: 'off', spellcheck: 'false' });
    return { node: input, inputs: [input], read: () => input.value.trim(), write: (x) => { input.value = String(x ?? ''); } };
  },
};

/**
 * Builds the form for `message` into `form`. `get()` is the current data; `set(name,
 * value)` stores a value (undefined removes the variable).
 */
/** `currencies` and `defaultZone` are the catalog's (`settings()`), never this page's own. */
export function buildForm(form, message, { get, set, currencies, defaultZone }) {
  const fields = new Map();
  const ctx = {
    currencies,
    defaultZone,
    zone() {
      const z = get().timeZone;
      return typeof z === 'string' && z && isZone(z) ? z : defaultZone;
    },
    zoneLabel() {
      const z = ctx.zone();
      return `${z} ${offsetName(Date.now(), z)}`.trim();
    },
  };
  form.replaceChildren();
  for (const v of [...message.variables, TIME_ZONE_VAR]) {
    const id = `var-${v.name}`;
    const kind = (kinds[v.type] ?? kinds.string)(id, v, ctx);
    const hintId = `${id}-hint`;
    const errId = `${id}-err`;
    for (const input of kind.inputs) {
      input.setAttribute('aria-describedby', `${hintId} ${errId}`);
      if (v.required) input.setAttribute('aria-required', 'true');
    }
    const include = v.required || v.reserved ? null : el('input', { type: 'checkbox', class: 'include', 'aria-label': `include ${v.name}` });
    const badges = [el('span', { class: 'type', text: v.type === 'list' ? `list of ${v.items ?? 'string'}` : v.type === 'timeZone' ? 'IANA zone' : v.type })];
    if (!v.trusted) badges.push(el('span', { class: 'untrusted', text: 'user text', title: 'Untrusted (user-supplied): bidi controls, links and phone numbers are neutralised when rendered' }));
    if (v.maxLength) badges.push(el('span', { class: 'bound', text: `≤ ${v.maxLength}${v.charset ? ` ${v.charset}` : ''}`, title: 'Bound used for the SMS worst case' }));
    const counter = v.maxLength && v.type === 'string' ? el('span', { class: 'counter' }) : null;
    const label = el('label', { for: id, class: 'var-name' },
      el('code', { text: v.name }),
      v.required ? el('abbr', { class: 'req', title: 'required', text: '*' }) : el('span', { class: 'opt', text: 'optional' }));
    const hint = el('p', { class: 'hint', id: hintId }, v.description, counter ?? '');
    const error = el('p', { class: 'field-error', id: errId, hidden: '' });
    const head = el('div', { class: 'field-head' }, include ?? '', label, ...badges);
    const node = el('div', { class: `field field-${v.type}`, 'data-var': v.name }, head, kind.node, hint, error);
    form.append(node);

    const updateCounter = () => {
      if (!counter) return;
      const n = [...(kind.inputs[0].value || '')].length;
      counter.textContent = ` · ${n}/${v.maxLength}`;
      counter.classList.toggle('over', n > v.maxLength);
    };
    const enabled = (on) => {
      for (const input of kind.inputs) input.disabled = !on;
      node.classList.toggle('omitted', !on);
    };
    const commit = () => {
      updateCounter();
      if (include && !include.checked) return;
      // A value the engine would change (round) is refused here, with the bound named.
      const problem = kind.problem?.() ?? null;
      error.hidden = !problem;
      error.textContent = problem ?? '';
      node.classList.toggle('invalid', Boolean(problem));
      if (problem) return;
      const value = kind.read();
      set(v.name, v.type === 'timeZone' && value === '' ? undefined : value);
    };
    for (const input of kind.inputs) {
      input.addEventListener('input', commit);
      input.addEventListener('change', commit);
    }
    include?.addEventListener('change', () => {
      enabled(include.checked);
      if (include.checked) commit();
      else set(v.name, undefined);
    });
    fields.set(v.name, {
      v, node, kind, include, error,
      write(value) {
        const present = value !== undefined;
        if (include) {
          include.checked = present;
          enabled(present);
        }
        if (present || v.type === 'timeZone') kind.write(value);
        else if (include && !kind.inputs[0].value) kind.write(v.example);
        updateCounter();
      },
    });
  }

  return {
    /** Writes the data into every field that does not have the focus. */
    sync() {
      const data = get();
      for (const f of fields.values()) {
        if (f.node.contains(document.activeElement)) {
          if (f.v.type === 'datetime') f.kind.read(); // refresh the zone readout
          continue;
        }
        f.write(data[f.v.name]);
      }
    },
    /** `errors`: variable name → message (from render errors' `path`). */
    setErrors(errors) {
      for (const [name, f] of fields) {
        const msg = errors.get(name);
        f.error.hidden = !msg;
        f.error.textContent = msg ?? '';
        f.node.classList.toggle('invalid', Boolean(msg));
        for (const input of f.kind.inputs) {
          if (msg) input.setAttribute('aria-invalid', 'true');
          else input.removeAttribute('aria-invalid');
        }
      }
    },
    focus(name) {
      const f = fields.get(name);
      f?.kind.inputs[0].focus();
      return Boolean(f);
    },
  };
}
