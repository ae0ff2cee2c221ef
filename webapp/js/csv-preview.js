// A first look at a CSV before it is uploaded, and the line a refusal names.

/**
 * The first {@code maxRows} non-blank lines after the header, split on commas, each with its line
 * number in the file (1-based, as the server counts), and the header's fields.
 */
export function csvPreview(text, maxRows = 10) {
  const lines = String(text ?? '').replace(/^\uFEFF/, '').split(/\r?\n/);
  let header = null;
  const rows = [];
  let total = 0;
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const fields = line.split(',').map((field) => field.trim());
    if (!header && !/^\d/.test(fields[0])) {
      header = fields;
      return;
    }
    total++;
    if (rows.length < maxRows) rows.push({ line: i + 1, fields });
  });
  return { header, rows, dataLines: total };
}

/** The line number a problem's detail starts with ("line 7: ..."), or null. */
export function problemLine(detail) {
  const match = /\bline (\d+)\b/i.exec(String(detail ?? ''));
  return match ? Number(match[1]) : null;
}
