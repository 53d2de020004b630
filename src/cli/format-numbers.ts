/** Number formatting for CLI output, independent of the machine's locale. */

/** 1234567 -> "1,234,567" */
export function formatCount(n: number | bigint): string {
  const text = n.toString();
  const negative = text.startsWith('-');
  const digits = negative ? text.slice(1) : text;
  return `${negative ? '-' : ''}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/** 8317632 -> "8.32M", 12778 -> "12.8k", 950 -> "950" */
export function formatCompact(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, unit] of units) {
    if (Math.abs(n) >= size) return `${(n / size).toPrecision(3).replace(/\.?0+$/, '')}${unit}`;
  }
  return String(n);
}
