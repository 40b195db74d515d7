/** Language codes typed as "es, en": trimmed, empties dropped. */
export function languageCodes(text: string): string[] {
  return text
    .split(',')
    .map((code) => code.trim())
    .filter(Boolean);
}

/**
 * The fields of `after` that differ from `before`, for an `Update*Input` (it changes only what it is given: an
 * unchanged time must not text a roster again). Lists compare by their items.
 */
export function changedFields<T extends object>(before: T, after: T): Partial<T> {
  const same = (a: unknown, b: unknown) =>
    Array.isArray(a) && Array.isArray(b)
      ? a.length === b.length && a.every((item, i) => item === b[i])
      : a === b;
  return Object.fromEntries(
    Object.entries(after).filter(([name, value]) => !same(before[name as keyof T], value)),
  ) as Partial<T>;
}
