/**
 * The README as Prettier's Markdown printer would leave it, without running that printer (on GitHub's spec it
 * took 7 s of CPU for a 1.4 MB README, more than the rest of the emit stage; issue 7).
 *
 * It covers what the README template produces: headings, paragraphs, one list, one fenced code block and GFM
 * tables. Spec text reaches the template through `templates.ts` helpers that escape every block marker and
 * collapse runs of spaces and write code spans as Prettier does, so paragraphs are nearly in Prettier's form;
 * what remains is laying out the blank lines between blocks, the blanks an empty value leaves, and aligning
 * the table columns. `emit-package.test.ts` compares the result with Prettier.
 */
import { textWidth } from './layout.js';

const FENCE = /^(`{3,}|~{3,})/;
const TABLE_ROW = /^\|.*\|$/;

/** Cells of a table row: the text between unescaped pipes, trimmed. */
function cells(row: string): string[] {
  const out: string[] = [];
  const end = row.length - 1;
  let start = 1;
  for (let i = 1; i < end; i++) {
    const c = row.charCodeAt(i);
    // A backslash keeps the character after it (an escaped pipe is text).
    if (c === BACKSLASH && i + 1 < end) i++;
    else if (c === PIPE) {
      out.push(row.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(row.slice(start, end).trim());
  return out;
}

const BACKSLASH = 0x5c;
const PIPE = 0x7c;

/** A GFM table with every column as wide as its widest cell (at least the three dashes of the delimiter row). */
function alignTable(rows: readonly string[]): string[] {
  const table = rows.map(cells);
  const widths = table[0]!.map((_, column) =>
    Math.max(3, ...table.map((row, i) => (i === 1 ? 0 : textWidth(row[column] ?? '')))),
  );
  return table.map((row, i) =>
    i === 1
      ? `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`
      : `| ${widths.map((w, column) => {
          const cell = row[column] ?? '';
          return cell + ' '.repeat(w - textWidth(cell));
        }).join(' | ')} |`,
  );
}

/** Blocks separated by exactly one blank line, tables aligned, no blank lines at either end. */
export function formatMarkdown(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let pendingBlank = false;
  const push = (line: string, startsBlock: boolean): void => {
    if (out.length > 0 && (pendingBlank || startsBlock)) out.push('');
    pendingBlank = false;
    out.push(line);
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    const fence = FENCE.exec(line);
    if (fence) {
      // A fenced code block goes through as written, separated from what surrounds it.
      push(line, true);
      for (i++; i < lines.length; i++) {
        out.push(lines[i]!);
        if (lines[i]!.startsWith(fence[1]!)) break;
      }
      pendingBlank = true;
      continue;
    }
    if (line === '') {
      pendingBlank = out.length > 0;
      continue;
    }
    if (TABLE_ROW.test(line) && TABLE_ROW.test(lines[i + 1]?.trimEnd() ?? '') && /^\|[\s|:-]+\|$/.test(lines[i + 1]!.trimEnd())) {
      const rows = [line];
      for (i++; i < lines.length && TABLE_ROW.test(lines[i]!.trimEnd()); i++) rows.push(lines[i]!.trimEnd());
      i--;
      alignTable(rows).forEach((row, r) => (r === 0 ? push(row, true) : out.push(row)));
      pendingBlank = true;
      continue;
    }
    // A heading is a block of its own. Blanks left by an empty value (`A connector for  (API …`) are one space,
    // as Prettier prints text; spec text and code spans come in with their blanks already collapsed.
    const heading = line.startsWith('#');
    push(line.replace(/ {2,}/g, ' ').trim(), heading);
    if (heading) pendingBlank = true;
  }
  return out.join('\n') + '\n';
}
