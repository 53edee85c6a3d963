// The code editor component of the page: CodeMirror 6 with Handlebars highlighting,
// completions for the message's variables and the catalog's helpers, and lint
// decorations for tidings' errors. scripts/build-www.mjs bundles this file into
// www/vendor/editor.js (the only bundled code; the rest of www/ is plain modules).
import { EditorState } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
  highlightSpecialChars, dropCursor,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { syntaxHighlighting, bracketMatching } from '@codemirror/language';
import { setDiagnostics, lintGutter, lintKeymap } from '@codemirror/lint';
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { searchKeymap, highlightSelectionMatches } from '@codemirror/search';
import { handlebarsText, handlebarsHtml, handlebarsHighlight, setHelpers } from './handlebars.js';

const theme = EditorView.theme({
  '&': { fontSize: '13.5px', backgroundColor: '#fff', height: '100%' },
  '&.cm-focused': { outline: '2px solid var(--focus, #2563eb)', outlineOffset: '-1px' },
  '.cm-scroller': {
    fontFamily: 'ui-monospace, "SFMono-Regular", "JetBrains Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace',
    lineHeight: '1.6',
  },
  '.cm-content': { padding: '8px 0' },
  '.cm-gutters': { backgroundColor: '#f7f8fa', color: '#5f6878', borderRight: '1px solid #e4e7ec' },
  '.cm-activeLine': { backgroundColor: '#f4f7ff' },
  '.cm-activeLineGutter': { backgroundColor: '#e9efff', color: '#33415c' },
  '.cm-lintRange-error': { backgroundColor: 'rgba(220, 38, 38, .12)' },
  '.cm-tooltip': { fontFamily: 'system-ui, sans-serif', fontSize: '13px' },
  '.cm-tooltip-lint': { maxWidth: '34rem' },
  '.cm-completionInfo': { maxWidth: '22rem' },
});

// 1-based line and column (counted in characters, as tidings does) → document offset.
function offsetOf(doc, line, column) {
  const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
  let units = 0;
  let chars = 1;
  for (const ch of l.text) {
    if (chars >= column) break;
    units += ch.length;
    chars += 1;
  }
  return { line: l, pos: l.from + units };
}

// What to underline at an error position: the name or `}}` there, else one character.
function extent(line, pos) {
  const rest = line.text.slice(pos - line.from);
  if (!rest) return 0;
  const m = /^(?:[\w@$./#>^-]+|\}\}|\{\{|【[^】\n]*】)/.exec(rest);
  if (m) return m[0].length;
  return String.fromCodePoint(rest.codePointAt(0)).length;
}

export function toDiagnostics(doc, list) {
  return list.map((d) => {
    if (!d.line) return { from: 0, to: 0, severity: d.severity, message: d.message, source: d.source };
    const { line, pos } = offsetOf(doc, d.line, d.column || 1);
    return { from: pos, to: pos + extent(line, pos), severity: d.severity, message: d.message, source: d.source };
  });
}

/** A helper's signature as the engine checks it: `plural number [zero= one= …]`. */
function signature(h) {
  const params = h.params.join(' ') + (h.variadic ? ' …' : '');
  const hash = h.hash.length ? ` [${h.hash.map((k) => `${k}=`).join(' ')}]` : '';
  return `${h.block ? '#' : ''}${h.name} ${params}${hash}`;
}

function completionSource(getWords) {
  return (context) => {
    const line = context.state.doc.lineAt(context.pos);
    const before = line.text.slice(0, context.pos - line.from);
    const open = before.lastIndexOf('{{');
    if (open < 0 || before.lastIndexOf('}}') > open) return null;
    const word = context.matchBefore(/[\w@$.]*/);
    const tag = before.slice(open + 2).replace(/^~/, '');
    const words = getWords();
    let options;
    if (/^>\s*[\w.-]*$/.test(tag)) options = words.partials.map((p) => ({ label: p, type: 'namespace', detail: 'partial' }));
    else if (/^[#/]\s*\w*$/.test(tag)) {
      options = words.helpers.filter((h) => h.block).map((h) => ({ label: h.name, type: 'keyword', detail: 'block', info: signature(h) }));
    } else {
      options = [
        ...words.variables.map((v) => ({ label: v.name, type: 'variable', detail: v.type, info: v.description })),
        ...words.helpers.filter((h) => !h.block).map((h) => ({ label: h.name, type: 'function', detail: 'helper', info: signature(h) })),
      ];
    }
    if (!word || (word.from === word.to && !context.explicit && !/[{(\s>#/]$/.test(before))) return null;
    return { from: word.from, options, validFor: /^[\w@$.]*$/ };
  };
}

/**
 * Creates the editor in `parent`. `onChange(doc)` runs after every edit; `words()` returns
 * `{ variables: [{ name, type, description }], partials: [name], helpers }` for
 * completions; `helpers` (`schema().helpers`: name, params, hash, block) are also what
 * the highlighter shows as helpers.
 */
export function createEditor(parent, { onChange, words, helpers }) {
  setHelpers(helpers.map((h) => h.name));
  const states = new Map();
  let key = null;
  const extensions = (isHtml, label, lang) => [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    bracketMatching(),
    closeBrackets(),
    autocompletion({ override: [completionSource(words)], icons: false }),
    highlightActiveLine(),
    highlightSelectionMatches(),
    lintGutter(),
    EditorView.lineWrapping,
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap,
      ...completionKeymap, ...lintKeymap]),
    isHtml ? handlebarsHtml : handlebarsText,
    syntaxHighlighting(handlebarsHighlight),
    theme,
    // `lang` so Chinese punctuation and glyphs follow the file's region (zh-TW's 。sits
    // centred, zh-CN's bottom-left) and screen readers read it in its language.
    EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true', ...(lang ? { lang } : {}) }),
    // The page re-renders (and sets diagnostics, which dispatches) right after the update,
    // not inside it; and not while an input method is composing (pinyin being typed is
    // not text yet): once, when the composition ends.
    EditorView.updateListener.of((u) => {
      if (!u.docChanged || view.composing) return;
      changed();
    }),
    EditorView.domEventHandlers({ compositionend: () => { changed(); } }),
  ];
  const changed = () => {
    const k = key;
    queueMicrotask(() => { if (k === key && !view.composing) onChange(view.state.doc.toString()); });
  };

  const view = new EditorView({ parent, state: EditorState.create({ doc: '', extensions: extensions(false, 'Template source') }) });

  return {
    view,
    get doc() { return view.state.doc.toString(); },
    get key() { return key; },
    /** Shows the part `k` (one undo history per part), with `doc` as its text. */
    open(k, doc, { html = false, label = 'Template source', lang = null } = {}) {
      if (key !== null) states.set(key, view.state);
      key = k;
      const saved = states.get(k);
      if (saved && saved.doc.toString() === doc) view.setState(saved);
      else view.setState(EditorState.create({ doc, extensions: extensions(html, label, lang) }));
    },
    /** Replaces the text (reset); undoable with Ctrl-Z. */
    replace(doc) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: doc } });
    },
    /** `list`: `{ line?, column?, severity, message, source }` from tidings. */
    setDiagnostics(list) {
      view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, list)));
    },
    reveal(line, column = 1) {
      const { pos } = offsetOf(view.state.doc, line, column);
      view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
      view.focus();
    },
    focus() { view.focus(); },
    forget(prefix) { for (const k of [...states.keys()]) if (k.startsWith(prefix)) states.delete(k); },
  };
}
