// OpenCC (opencc-js, Simplified → Traditional only) for the editor's first drafts of
// zh-TW and zh-HK, bundled to www/vendor/opencc.js and loaded only when a draft is asked for.
export { default } from 'opencc-js/cn2t';
