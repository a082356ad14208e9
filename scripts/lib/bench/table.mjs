// The benchmark's one table: measure, value, unit, ratio to the transfer anchor, target, result,
// and a note saying where the figure comes from.

const COLUMNS = [
  ['measure', 'measure'], ['value', 'value'], ['unit', 'unit'], ['ratio', '× transfer'], ['target', 'target'],
  ['result', 'result'],
];

/** Formats a number for the table: thousands separated, `digits` decimals. */
export function fmt(x, digits = 0) {
  if (x === undefined || x === null || Number.isNaN(x)) return '–';
  return Number(x).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Prints `rows` ({ measure, value, unit, ratio, target, result, note }) as a text table. */
export function printTable(rows, out = console.log) {
  const cells = rows.map((r) => COLUMNS.map(([key]) => String(r[key] ?? '')));
  const widths = COLUMNS.map(([, title], k) => Math.max(title.length, ...cells.map((c) => c[k].length)));
  const right = new Set([1, 3]);
  const line = (values) => values.map((v, k) => (right.has(k) ? v.padStart(widths[k]) : v.padEnd(widths[k]))).join('  ');
  out(line(COLUMNS.map(([, title]) => title)));
  out(widths.map((w) => '-'.repeat(w)).join('  '));
  rows.forEach((r, k) => {
    out(line(cells[k]).trimEnd());
    if (r.note) out(`${' '.repeat(4)}↳ ${r.note}`);
  });
}

/** Rows as Markdown (for the README). */
export function markdownTable(rows) {
  const esc = (s) => String(s ?? '').replace(/\|/g, '\\|');
  const lines = [
    `| ${COLUMNS.map(([, t]) => t).join(' | ')} | how |`,
    `|${COLUMNS.map(() => '---').join('|')}|---|`,
  ];
  for (const r of rows) lines.push(`| ${COLUMNS.map(([k]) => esc(r[k])).join(' | ')} | ${esc(r.note)} |`);
  return lines.join('\n');
}
