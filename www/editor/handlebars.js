// Handlebars for CodeMirror 6, as a StreamLanguage: `{{…}}` tags (blocks, else, partials,
// helpers, sub-expressions, hash arguments, strings, numbers, `@root`/`this`, comments)
// and, for HTML parts (email.html), the HTML around them (tags, attributes, entities,
// comments) — a Handlebars tag may sit anywhere, also inside an attribute value.
//
// There is no maintained CodeMirror 6 Handlebars/Mustache mode (@codemirror/legacy-modes
// has none), and the tags tidings allows are a small, strict subset, so the tokenizer
// lives here (~150 lines) rather than in a dependency.
import { StreamLanguage, HighlightStyle } from '@codemirror/language';
import { Tag, tags as t } from '@lezer/highlight';

// Tags of our own so the Handlebars parts stand out from the HTML around them.
export const hbs = {
  delim: Tag.define(t.brace),
  block: Tag.define(t.controlKeyword),
  helper: Tag.define(t.variableName),
  variable: Tag.define(t.variableName),
  partial: Tag.define(t.labelName),
  hashKey: Tag.define(t.propertyName),
  data: Tag.define(t.self),
};

const tokenTable = {
  hbsDelim: hbs.delim,
  hbsBlock: hbs.block,
  hbsHelper: hbs.helper,
  hbsVariable: hbs.variable,
  hbsPartial: hbs.partial,
  hbsHashKey: hbs.hashKey,
  hbsData: hbs.data,
};

// The engine's helpers (`schema().helpers`), set by `setHelpers` when the editor is
// created; any other name directly after `{{` or `(` followed by arguments is still
// shown as a helper.
let helperSet = new Set();
/** Names the highlighter shows as helpers. */
export function setHelpers(names) {
  helperSet = new Set(names);
}

const NAME = /^(?:\.\.\/)*(?:@?[A-Za-z_$][\w$-]*|this|\.)(?:[./][A-Za-z_$][\w$-]*|\.\[[^\]]*\])*/;

function startState() {
  return {
    hbs: false, // inside {{ … }}
    first: false, // next word is the first of the tag (or of a sub-expression)
    afterElse: false,
    afterPartial: false,
    comment: null, // '--' or '' while inside {{!-- --}} / {{! }}
    htmlComment: false,
    inTag: false, // inside <tag …>
    expectTagName: false,
    quote: null, // attribute value quote
  };
}

function handlebarsTag(stream, state) {
  if (stream.eatSpace()) return null;
  if (stream.match(/^~?\}\}/)) {
    state.hbs = false;
    return 'hbsDelim';
  }
  if (stream.match(/^[()]/)) {
    state.first = stream.current() === '(';
    return 'paren';
  }
  if (state.first) {
    state.first = false;
    if (stream.match(/^[#/^]/)) {
      stream.match(NAME);
      return 'hbsBlock';
    }
    if (stream.match(/^else\b/)) {
      state.first = true; // `{{else if …}}`: the next word is a block helper again
      state.afterElse = true;
      return 'hbsBlock';
    }
    if (stream.eat('>')) {
      state.afterPartial = true;
      return 'operator';
    }
    if (stream.match(NAME, false)) {
      const m = stream.match(NAME);
      const word = m[0];
      if (state.afterElse) {
        state.afterElse = false;
        return 'hbsBlock';
      }
      if (helperSet.has(word) || /^\s+[^\s}~)]/.test(stream.string.slice(stream.pos))) return 'hbsHelper';
      return word.startsWith('@') || word === 'this' ? 'hbsData' : 'hbsVariable';
    }
  }
  if (state.afterPartial && stream.match(/^[\w./-]+/)) {
    state.afterPartial = false;
    return 'hbsPartial';
  }
  if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^'(?:[^'\\]|\\.)*'?/)) return 'string';
  if (stream.match(/^-?\d+(?:\.\d+)?(?![\w.])/)) return 'number';
  if (stream.match(/^(?:true|false|null|undefined)\b/)) return 'atom';
  if (stream.match(/^[A-Za-z_$][\w$-]*(?==)/)) return 'hbsHashKey';
  if (stream.eat('=')) return 'operator';
  if (stream.match(/^as\s+\|[^|]*\|/)) return 'keyword';
  const m = stream.match(NAME);
  if (m) return m[0].startsWith('@') || m[0] === 'this' ? 'hbsData' : 'hbsVariable';
  stream.next();
  return 'invalid';
}

function openHandlebars(stream, state) {
  if (stream.match('{{!--')) {
    state.comment = '--';
    return true;
  }
  if (stream.match('{{!')) {
    state.comment = '';
    return true;
  }
  if (stream.match(/^\{\{\{?~?/)) {
    state.hbs = true;
    state.first = true;
    state.afterElse = false;
    state.afterPartial = false;
    return true;
  }
  return false;
}

function handlebarsComment(stream, state) {
  const end = state.comment === '--' ? '--}}' : '}}';
  const at = stream.string.indexOf(end, stream.pos);
  if (at < 0) {
    stream.skipToEnd();
  } else {
    stream.pos = at + end.length;
    state.comment = null;
  }
  return 'comment';
}

function html(stream, state) {
  if (state.htmlComment) {
    while (!stream.eol()) {
      if (stream.match('-->')) {
        state.htmlComment = false;
        break;
      }
      if (stream.match('{{', false)) break;
      stream.next();
    }
    return 'comment';
  }
  if (state.inTag) {
    if (state.quote) {
      while (!stream.eol()) {
        if (stream.eat(state.quote)) {
          state.quote = null;
          break;
        }
        if (stream.match('{{', false)) break;
        stream.next();
      }
      return 'attributeValue';
    }
    if (stream.eatSpace()) return null;
    if (state.expectTagName) {
      state.expectTagName = false;
      if (stream.match(/^[A-Za-z][\w:-]*/)) return 'tagName';
    }
    if (stream.match(/^\/?>/)) {
      state.inTag = false;
      return 'angleBracket';
    }
    if (stream.eat('=')) return 'operator';
    const q = stream.peek();
    if (q === '"' || q === "'") {
      stream.next();
      state.quote = q;
      return html(stream, state);
    }
    if (stream.match(/^[^\s=>"'/{]+/)) return 'attributeName';
    stream.next();
    return null;
  }
  if (stream.match('<!--')) {
    state.htmlComment = true;
    return 'comment';
  }
  if (stream.match(/^<\/?(?=[A-Za-z])/)) {
    state.inTag = true;
    state.expectTagName = true;
    return 'angleBracket';
  }
  if (stream.match(/^&(?:#\d+|#x[\da-fA-F]+|[A-Za-z]+);/)) return 'character';
  if (!stream.match(/^[^<&{]+/)) stream.next();
  return null;
}

function parser(withHtml) {
  return {
    name: withHtml ? 'handlebars-html' : 'handlebars',
    startState,
    token(stream, state) {
      if (state.comment !== null) return handlebarsComment(stream, state);
      if (state.hbs) return handlebarsTag(stream, state);
      if (openHandlebars(stream, state)) return state.comment !== null ? handlebarsComment(stream, state) : 'hbsDelim';
      if (withHtml) return html(stream, state);
      if (!stream.match(/^[^{]+/)) stream.next();
      return null;
    },
    tokenTable,
    languageData: {
      commentTokens: { block: { open: '{{!--', close: '--}}' } },
      closeBrackets: { brackets: ['(', '"', "'", '{'] },
    },
  };
}

export const handlebarsText = StreamLanguage.define(parser(false));
export const handlebarsHtml = StreamLanguage.define(parser(true));

export const handlebarsHighlight = HighlightStyle.define([
  { tag: hbs.delim, color: '#9b4dca', fontWeight: '600' },
  { tag: hbs.block, color: '#9b4dca', fontWeight: '600' },
  { tag: hbs.helper, color: '#0a5dc2' },
  { tag: hbs.variable, color: '#0b7a5c', fontWeight: '600' },
  { tag: hbs.data, color: '#b35c00' },
  { tag: hbs.partial, color: '#b3124b', fontWeight: '600' },
  { tag: hbs.hashKey, color: '#6b4fbb', fontStyle: 'italic' },
  { tag: t.string, color: '#a3501c' },
  { tag: t.number, color: '#1c6ea3' },
  { tag: t.atom, color: '#1c6ea3' },
  { tag: t.paren, color: '#9b4dca' },
  { tag: t.operator, color: '#9b4dca' },
  { tag: t.comment, color: '#7a8291', fontStyle: 'italic' },
  { tag: t.invalid, color: '#c01c28', textDecoration: 'underline wavy' },
  { tag: t.tagName, color: '#7d3c98' },
  { tag: t.angleBracket, color: '#8a8fa0' },
  { tag: t.attributeName, color: '#a0522d' },
  { tag: t.attributeValue, color: '#2a7a2a' },
  { tag: t.character, color: '#1c6ea3' },
]);
