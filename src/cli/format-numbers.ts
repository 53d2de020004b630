/** Number formatting for CLI output, independent of the machine's locale. */

/** 1234567 -> "1,234,567" */
export function formatCount(n: number | bigint): string {
  const text = n.toString();
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  return `${negative ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

// The one compact format lives with the report's; the CLI's name for it.
export { compactNumber as formatCompact } from '../report/format.js';
