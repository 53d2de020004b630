/** Report tables as HTML. */
import type { Table } from './tables.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function htmlTable(id: string, table: Table): string {
  if (table.rows.length === 0) return `<p>${escapeHtml(table.empty)}</p>`;
  const head = `<tr>${table.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const body = table.rows
    .map((row, i) => {
      const cls = table.rowClasses?.[i];
      return `<tr${cls ? ` class="${escapeHtml(cls)}"` : ''}>${row.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
    })
    .join('\n');
  return `<table id="${id}"><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}
