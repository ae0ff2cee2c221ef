// Stored market data: the series with their ranges, an upload with a preview, delete for an admin.

import { el } from '../dom.js';
import { localTime } from '../format.js';
import { csvPreview } from '../csv-preview.js';

/** @param {object} ui {admin, actions: {remove(series, button)}} */
export function renderSeriesTable(series, ui) {
  if (!series.length) return el('p', { className: 'muted' }, 'No stored series yet.');
  return el('div', { className: 'table-scroll' }, el('table', { className: 'data', id: 'series-table' },
    el('thead', {}, el('tr', {}, ...['Symbol', 'Timeframe', 'First bar', 'Last bar', 'Bars', 'Source', 'Updated', ui.admin ? '' : null]
      .filter((h) => h !== null).map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, ...series.map((s) => {
      let remove = null;
      if (ui.admin) {
        remove = el('button', { type: 'button', className: 'danger small-button' }, 'Delete');
        remove.addEventListener('click', () => ui.actions.remove(s, remove));
      }
      return el('tr', { dataset: { series: `${s.symbol}/${s.timeframe}` } },
        el('td', {}, el('strong', {}, s.symbol)), el('td', {}, s.timeframe),
        el('td', {}, String(s.first_bar).slice(0, 16).replace('T', ' ')), el('td', {}, String(s.last_bar).slice(0, 16).replace('T', ' ')),
        el('td', {}, Number(s.bar_count).toLocaleString()), el('td', {}, s.source), el('td', {}, localTime(s.updated_at)),
        remove ? el('td', {}, remove) : null);
    }))));
}

/** The first rows of a file to upload, the line the server refused (if any) marked. */
export function renderPreview(text, badLine = null) {
  const preview = csvPreview(text, 8);
  const width = Math.max(preview.header?.length || 0, ...preview.rows.map((r) => r.fields.length));
  const head = el('tr', {}, el('th', {}, 'Line'), ...Array.from({ length: width }, (_, i) => el('th', {}, preview.header?.[i] ?? `#${i + 1}`)));
  const rows = preview.rows.map((row) => el('tr', { className: row.line === badLine ? 'bad-line' : '', dataset: { line: String(row.line) } },
    el('td', {}, String(row.line)), ...row.fields.map((f) => el('td', {}, f))));
  return [el('p', { className: 'muted small' }, `${preview.dataLines} data line${preview.dataLines === 1 ? '' : 's'}`
    + `${preview.header ? ', with a header' : ', no header (a Binance kline file?)'}; the first ${preview.rows.length} below.`),
  el('div', { className: 'table-scroll' }, el('table', { className: 'data preview', id: 'upload-preview' }, el('thead', {}, head), el('tbody', {}, ...rows)))];
}
