/** Indented lines of Ruby. Callers pass code of their own making; spec text arrives already quoted by `rubyString`. */
export class CodeWriter {
  private readonly out: string[] = [];
  private level = 0;

  line(text = ''): this {
    this.out.push(text === '' ? '' : '  '.repeat(this.level) + text);
    return this;
  }

  /** Several lines, each at the current indentation (lines may carry their own extra indentation). */
  lines(texts: readonly string[]): this {
    for (const t of texts) this.line(t);
    return this;
  }

  /** `open`, the body one level deeper, then `close`. */
  block(open: string, close: string, body: () => void): this {
    this.line(open);
    this.level++;
    body();
    this.level--;
    return this.line(close);
  }

  indented(body: () => void): this {
    this.level++;
    body();
    this.level--;
    return this;
  }

  toString(): string {
    return this.out.join('\n') + '\n';
  }
}

/** Joins items with a separator after each but the last (Ruby arrays and hashes written one item per line). */
export function withCommas(items: readonly string[][]): string[][] {
  return items.map((lines, i) => (i < items.length - 1 ? [...lines.slice(0, -1), lines[lines.length - 1] + ','] : lines));
}
