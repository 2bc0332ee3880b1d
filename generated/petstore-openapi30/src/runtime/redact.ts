/** Secrets can appear raw or in any encoding a request or an error body gives them; each form is masked. */
export const REDACTED = '[REDACTED]';

export function redact(text: string, secrets: readonly string[]): string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()));
    forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  // Longest first, so a secret that contains another is masked whole.
  const ordered = [...forms].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  let out = text;
  for (const form of ordered) out = out.split(form).join(REDACTED);
  return out;
}

/** The secrets a context knows; tokens obtained at run time are added as they arrive. */
export class SecretSet {
  readonly #values = new Set<string>();

  constructor(initial: Iterable<string> = []) {
    for (const value of initial) this.add(value);
  }

  add(value: unknown): void {
    if (typeof value === 'string' && value !== '') this.#values.add(value);
    else if (typeof value === 'number' && Number.isFinite(value)) this.#values.add(String(value));
  }

  list(): readonly string[] {
    return [...this.#values];
  }

  redact(text: string): string {
    return redact(text, this.list());
  }
}
