// Small DOM helpers shared by the page's modules.

/** `el('p', { class: 'x', text: 'hi' }, child…)`; `hidden: ''` and other attributes as given. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined && c !== ''));
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/** Sets text only when it changed (keeps selections and avoids layout work). */
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

/** Arrow-key navigation among `items()` inside `container` (roving focus, Home/End). */
export function arrowKeys(container, items, { horizontal = false, activate = null } = {}) {
  container.addEventListener('keydown', (e) => {
    const list = items();
    const i = list.indexOf(document.activeElement);
    if (i < 0) return;
    const next = horizontal ? 'ArrowRight' : 'ArrowDown';
    const prev = horizontal ? 'ArrowLeft' : 'ArrowUp';
    let j = null;
    if (e.key === next) j = (i + 1) % list.length;
    else if (e.key === prev) j = (i - 1 + list.length) % list.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = list.length - 1;
    if (j === null) return;
    e.preventDefault();
    list[j].focus();
    activate?.(list[j]);
  });
}
