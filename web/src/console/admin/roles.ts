/** Organization roles in words, and the roles an admin may give. */
import { t, type MessageKey } from "../../i18n/i18n.ts"

export const ROLES = ["admin", "facilitator", "participant", "educator"] as const
export type Role = (typeof ROLES)[number]

const WORDS: Record<string, MessageKey> = {
  admin: "console.role.admin",
  facilitator: "console.role.facilitator",
  participant: "console.role.participant",
  educator: "console.role.educator",
  guest: "console.role.guest",
}

export const roleWord = (role: string): string => (WORDS[role] ? t(WORDS[role]) : role)
