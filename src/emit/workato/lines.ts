/** Joins items written one per line (Ruby arrays and hashes): a comma after each item's last line but the last. */
export function withCommas(items: readonly string[][]): string[][] {
  return items.map((lines, i) => (i < items.length - 1 ? [...lines.slice(0, -1), lines[lines.length - 1] + ','] : lines));
}
