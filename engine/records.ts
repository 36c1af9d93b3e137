/**
 * Lookups in records keyed by ids that clients choose. A plain object answers
 * `toString`, `constructor` or `__proto__` with Object.prototype's members, so
 * an id of that name would look taken, or a function would pass for a
 * member; only own properties count.
 */
export const ownEntry = <V>(record: Readonly<Record<string, V>>, key: string): V | undefined => (Object.hasOwn(record, key) ? record[key] : undefined)
