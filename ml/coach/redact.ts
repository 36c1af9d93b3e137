/**
 * What leaves the process for an outside model carries no people: every
 * email address, and the names of the organization's members (whole names
 * and each capitalised part of three letters or more), become placeholders.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

export interface Redactor {
  (text: string): string
}

/** Name parts worth stripping: whole names first (longest first), then their capitalised parts. */
const namePatterns = (names: readonly string[]): string[] => {
  const whole = names.map((name) => name.trim()).filter((name) => name.length >= 2)
  const parts = whole.flatMap((name) => name.split(/\s+/)).filter((part) => part.length >= 3 && /^\p{Lu}/u.test(part))
  return [...new Set([...whole, ...parts])].sort((a, b) => b.length - a.length)
}

export const makeRedactor = (names: readonly string[]): Redactor => {
  const patterns = namePatterns(names)
  const people = patterns.length === 0 ? undefined : new RegExp(`(?<![\\p{L}\\p{N}])(?:${patterns.map(escape).join("|")})(?![\\p{L}\\p{N}])`, "giu")
  return (text) => {
    const withoutEmails = text.replace(EMAIL, "[email]")
    return people ? withoutEmails.replace(people, "[name]") : withoutEmails
  }
}
