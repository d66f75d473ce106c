// The shape check every wire parser shares: a plain record with exactly these keys, no more.

export function shaped(m: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(m).length === keys.length && keys.every((k) => Object.hasOwn(m, k));
}
