// Line diffs for the save dialog (jsdiff), bundled to www/vendor/diff.js and loaded only
// when the editor saves.
export { diffLines } from 'diff';
