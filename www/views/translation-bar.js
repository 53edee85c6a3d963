// The bar under the editor on a translated part: whether it is up to date with the source
// locale's text, Mark current (when the source changed and this text still fits) and
// Draft from the source (zh-TW/zh-HK from Simplified Chinese).
import { $, setText } from '../modules/dom.js';

/**
 * `status`: 'current' | 'outdated' | null (untracked); `edited`: the open part has an
 * unsaved edit; `sourceEdited`: the source part has one; `canSave`: the page saves.
 */
export function drawTranslationBar({ source, locale, part, status, draftable, edited, sourceEdited, canSave }) {
  $('#translation').hidden = locale === source || (!status && !draftable);
  $('#translation').dataset.status = status ?? 'untracked';
  let text;
  if (status === 'outdated') text = `Outdated: ${source}'s ${part} changed since this was translated.${edited ? ' Saving your edit records it as current.' : ''}`;
  else if (status === 'current') text = `Up to date with ${source}.`;
  else text = `No record of which ${source} text this was translated from.`;
  setText($('#translation-state'), text);
  const mark = $('#mark-current');
  mark.hidden = status !== 'outdated' || edited;
  mark.disabled = !canSave || sourceEdited;
  mark.title = !canSave ? 'Marking needs the editor’s server (make run, tidings edit)'
    : sourceEdited ? `Save the ${source} change first` : `Record that this ${locale} text fits ${source}'s ${part} as it is`;
  const d = $('#draft');
  d.hidden = !draftable;
  setText(d, `Draft from ${source}`);
  d.title = `Replace this part with ${source}'s converted to ${locale} (OpenCC, with regional wording), for you to review`;
}
