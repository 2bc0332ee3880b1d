/**
 * A string that matches a JSON Schema `pattern` (an ECMA-262 regular expression, OAS 3.1 §4.8.24 / JSON Schema
 * Validation §6.3.3), for the patterns specs actually use: literals, escapes, classes, groups, alternation and
 * quantifiers. Lookarounds and backreferences are not sampled; the caller checks the result and falls back.
 */

type Node =
  | { readonly t: 'char'; readonly chars: string }
  | { readonly t: 'notchars'; readonly chars: string }
  | { readonly t: 'seq'; readonly items: readonly Node[] }
  | { readonly t: 'alt'; readonly options: readonly Node[] }
  | { readonly t: 'rep'; readonly node: Node; readonly min: number; readonly max: number }
  | { readonly t: 'empty' };

const DIGITS = '0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const WORD = LOWER + UPPER + DIGITS + '_';
// Candidates for a negated class or `.`: plain letters first, so samples stay readable.
const PRINTABLE = LOWER + UPPER + DIGITS + '-_.~ !#$%&()*+,/:;=?@[]^{|}';
const UNBOUNDED = 1000;

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected ${this.src[this.i]}`);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options.length === 1 ? options[0] : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { t: 'seq', items };
  }

  private quantified(atom: Node): Node {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === '*') [min, max] = [0, UNBOUNDED];
    else if (c === '+') [min, max] = [1, UNBOUNDED];
    else if (c === '?') [min, max] = [0, 1];
    else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (!m) return atom; // A literal brace, as ECMA-262 Annex B reads it.
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? UNBOUNDED : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    if (this.src[this.i] === '?' || this.src[this.i] === '+') this.i++; // lazy or possessive: same strings
    return { t: 'rep', node: atom, min, max };
  }

  private atom(): Node {
    const c = this.src[this.i++];
    switch (c) {
      case '^':
      case '$':
        return { t: 'empty' };
      case '.':
        return { t: 'notchars', chars: '\n\r' };
      case '(': {
        if (this.src.startsWith('?:', this.i)) this.i += 2;
        else if (this.src.startsWith('?<', this.i) && !/^\?<[=!]/.test(this.src.slice(this.i))) this.i = this.src.indexOf('>', this.i) + 1;
        else if (this.src[this.i] === '?') throw new Error('lookaround');
        const inner = this.alternation();
        if (this.src[this.i] !== ')') throw new Error('unclosed group');
        this.i++;
        return inner;
      }
      case '[':
        return this.charClass();
      case '\\':
        return this.escape(false);
      default:
        return { t: 'char', chars: c };
    }
  }

  /** After a backslash; inside a class, `\b` is a backspace and classes merge into the surrounding set. */
  private escape(inClass: boolean): Node {
    const c = this.src[this.i++];
    switch (c) {
      case 'd':
        return { t: 'char', chars: DIGITS };
      case 'D':
        return { t: 'notchars', chars: DIGITS };
      case 'w':
        return { t: 'char', chars: WORD };
      case 'W':
        return { t: 'notchars', chars: WORD };
      case 's':
        return { t: 'char', chars: ' ' };
      case 'S':
        return { t: 'notchars', chars: ' \t\n\r\f\v' };
      case 'n':
        return { t: 'char', chars: '\n' };
      case 't':
        return { t: 'char', chars: '\t' };
      case 'r':
        return { t: 'char', chars: '\r' };
      case 'b':
      case 'B':
        if (inClass) return { t: 'char', chars: '\b' };
        throw new Error('word boundary');
      case 'u': {
        const m = /^(\{([0-9a-fA-F]+)\}|[0-9a-fA-F]{4})/.exec(this.src.slice(this.i));
        if (!m) return { t: 'char', chars: 'u' };
        this.i += m[0].length;
        return { t: 'char', chars: String.fromCodePoint(parseInt(m[2] ?? m[1], 16)) };
      }
      case 'x': {
        const m = /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
        if (!m) return { t: 'char', chars: 'x' };
        this.i += 2;
        return { t: 'char', chars: String.fromCharCode(parseInt(m[0], 16)) };
      }
      case 'p':
      case 'P': {
        // Unicode property classes: letters are what specs mean by them in practice.
        const m = /^\{[^}]*\}/.exec(this.src.slice(this.i));
        if (m) this.i += m[0].length;
        return c === 'p' ? { t: 'char', chars: LOWER } : { t: 'notchars', chars: LOWER + UPPER };
      }
      default:
        if (c !== undefined && /[1-9]/.test(c) && !inClass) throw new Error('backreference');
        return { t: 'char', chars: c ?? '\\' };
    }
  }

  private charClass(): Node {
    let negated = false;
    if (this.src[this.i] === '^') {
      negated = true;
      this.i++;
    }
    let chars = '';
    let excluded = '';
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== ']' || first)) {
      first = false;
      let from: string;
      if (this.src[this.i] === '\\') {
        this.i++;
        const node = this.escape(true);
        if (node.t === 'notchars') {
          excluded += node.chars;
          continue;
        }
        if (node.t !== 'char' || node.chars.length !== 1) {
          chars += node.t === 'char' ? node.chars : '';
          continue;
        }
        from = node.chars;
      } else {
        from = this.src[this.i++];
      }
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && this.i + 1 < this.src.length) {
        this.i++;
        let to = this.src[this.i++];
        if (to === '\\') {
          const node = this.escape(true);
          to = node.t === 'char' ? node.chars[0] : to;
        }
        const a = from.codePointAt(0) ?? 0;
        const b = to.codePointAt(0) ?? a;
        // Wide ranges (\u0000-\uFFFF) are sampled from their start: enough to pick one.
        for (let cp = a; cp <= b && cp - a < 256; cp++) chars += String.fromCodePoint(cp);
      } else {
        chars += from;
      }
    }
    if (this.src[this.i] !== ']') throw new Error('unclosed class');
    this.i++;
    if (negated) return { t: 'notchars', chars };
    if (excluded) {
      // [\S] and friends: any printable character not excluded.
      const pool = [...PRINTABLE].filter((ch) => !excluded.includes(ch)).join('');
      return { t: 'char', chars: chars + pool };
    }
    return { t: 'char', chars };
  }
}

/** Prefers readable characters: a letter or digit from the set when there is one. */
function pick(chars: string): string {
  for (const preferred of [LOWER, DIGITS, UPPER]) {
    for (const ch of chars) if (preferred.includes(ch)) return ch;
  }
  return [...chars][0] ?? '';
}

/** Renders a node; `extra` adds that many repetitions over the minimum to every quantifier (bounded by its max). */
function render(node: Node, extra: number): string {
  switch (node.t) {
    case 'empty':
      return '';
    case 'char':
      return pick(node.chars);
    case 'notchars':
      return pick([...PRINTABLE].filter((ch) => !node.chars.includes(ch)).join(''));
    case 'seq':
      return node.items.map((n) => render(n, extra)).join('');
    case 'alt':
      return render(node.options[0], extra);
    case 'rep': {
      const count = Math.min(node.max, node.min + extra);
      let out = '';
      for (let k = 0; k < count; k++) out += render(node.node, extra);
      return out;
    }
  }
}

/**
 * A sample matching `pattern` whose length is within [minLength, maxLength], or undefined when none is found.
 * OAS patterns are not anchored: a match anywhere counts, so a too-short sample may be padded.
 */
export function samplePattern(pattern: string, minLength = 0, maxLength = Infinity): string | undefined {
  let re: RegExp;
  let tree: Node;
  try {
    re = new RegExp(pattern, 'u');
  } catch {
    try {
      re = new RegExp(pattern);
    } catch {
      return undefined;
    }
  }
  try {
    tree = new Parser(pattern).parse();
  } catch {
    return undefined;
  }
  const fits = (s: string): boolean => [...s].length >= minLength && [...s].length <= maxLength && re.test(s);
  for (const extra of [0, 1, 2, 4, 8, 16, 32, 64]) {
    const sample = render(tree, extra);
    if (fits(sample)) return sample;
    if (re.test(sample) && [...sample].length < minLength) {
      // Unanchored at the end: characters after the match do not break it.
      const padded = sample + 'a'.repeat(minLength - [...sample].length);
      if (fits(padded)) return padded;
      const front = 'a'.repeat(minLength - [...sample].length) + sample;
      if (fits(front)) return front;
    }
  }
  return undefined;
}
