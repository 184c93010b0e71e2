/** Where a key repeats: the path of the object holding it, then the key ("keys", "auth"). */
export type JsonPath = (string | number)[];

interface ObjectFrame {
  kind: 'object';
  /** This object's place in its parent (undefined for the top level). */
  at: string | number | undefined;
  keys: Set<string>;
  /** The key whose value is being read, or undefined while a key is expected. */
  current: string | undefined;
}

interface ArrayFrame {
  kind: 'array';
  at: string | number | undefined;
  index: number;
}

/**
 * Finds the first key that appears twice in one object of `text`, which must already have parsed as JSON.
 * JSON.parse keeps the last of two equal keys, but a proxy or a log may read the first: a body that says
 * two things is refused rather than guessed at. Keys are compared after unescaping ("a" and "\u0061" repeat).
 */
export function findDuplicateKey(text: string): JsonPath | null {
  const stack: (ObjectFrame | ArrayFrame)[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x22 /* " */) {
      const end = endOfString(text, i);
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.current === undefined) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
        if (top.keys.has(key)) return [...pathOf(stack), key];
        top.keys.add(key);
        top.current = key;
      }
      i = end;
    } else if (ch === 0x7b /* { */ || ch === 0x5b /* [ */) {
      const parent = stack[stack.length - 1];
      const at = parent === undefined ? undefined : parent.kind === 'object' ? parent.current : parent.index;
      stack.push(
        ch === 0x7b
          ? { kind: 'object', at, keys: new Set(), current: undefined }
          : { kind: 'array', at, index: 0 },
      );
    } else if (ch === 0x7d /* } */ || ch === 0x5d /* ] */) {
      stack.pop();
    } else if (ch === 0x2c /* , */) {
      const top = stack[stack.length - 1]!;
      if (top.kind === 'object') top.current = undefined;
      else top.index += 1;
    }
  }
  return null;
}

/** Index of the quote that closes the string opening at `start`. */
function endOfString(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x5c /* \ */) i += 1;
    else if (ch === 0x22) return i;
  }
  return text.length;
}

function pathOf(stack: readonly (ObjectFrame | ArrayFrame)[]): JsonPath {
  const path: JsonPath = [];
  for (const frame of stack) if (frame.at !== undefined) path.push(frame.at);
  return path;
}
