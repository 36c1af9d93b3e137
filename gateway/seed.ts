/**
 * First-start demo data: an organization `demo` (facilitator@demo.example,
 * participant1..3@demo.example) and a second one, `other`
 * (admin@other.example), to show tenancy, and in `demo` a finished sample
 * session with a shared canvas and journal entries. Runs only when `demo` is absent.
 */
import { randomBytes } from "node:crypto"
import type { ActorSystem } from "../engine/runtime/api.ts"
import { hashPassword } from "./auth/passwords.ts"
import { organizationAddress, systemUser, type Directory } from "./directory.ts"
import { seedSampleSession } from "./export/sample.ts"
import { sendCommand } from "./http/deps.ts"

export interface SeedResult {
  readonly seeded: boolean
  readonly password?: string
  readonly generated?: boolean
  /** Why the sample session could not be seeded (a node without some actor kind), if it could not. */
  readonly sampleProblem?: string
}

const SEED_PATIENCE_MS = 300_000

export const seedDemo = async (
  system: ActorSystem,
  directory: Directory,
  env: Record<string, string | undefined>,
  scryptCost?: number,
): Promise<SeedResult> => {
  // At start, before anyone signs in: wait as long as a busy machine's read side takes, rather than a sign-in's 10 s.
  directory = directory.withPatience(SEED_PATIENCE_MS)
  if (await directory.organization("demo")) return { seeded: false }
  const generated = !env["STUDIO_DEMO_PASSWORD"]
  const password = env["STUDIO_DEMO_PASSWORD"] || randomBytes(9).toString("base64url")
  // Five accounts, one salt each: hashed at once on libuv's threads, not one after another.
  const hashes = await Promise.all([0, 1, 2, 3, 4].map(() => hashPassword(password, scryptCost)))
  const hash = () => hashes.pop()!

  const create = async (tenant: string, name: string, email: string, displayName: string, userId: string) => {
    const seq = await sendCommand(system, organizationAddress(tenant), systemUser(tenant), `seed-${tenant}`, {
      type: "create",
      name,
      admin: { userId, email, name: displayName, passwordHash: hash() },
    })
    await directory.caughtUp(tenant, seq)
  }

  await create("demo", "Demo Coaching", "facilitator@demo.example", "Demo Facilitator", "u-demo-facilitator")
  const demo = organizationAddress("demo")
  const admin = systemUser("demo")
  await sendCommand(system, demo, admin, "seed-demo-roles", { type: "changeRoles", userId: "u-demo-facilitator", roles: ["admin", "facilitator"] })
  let seq = 0
  for (const n of [1, 2, 3]) {
    seq = await sendCommand(system, demo, admin, `seed-demo-p${n}`, {
      type: "addMember",
      userId: `u-demo-participant${n}`,
      email: `participant${n}@demo.example`,
      name: `Participant ${n}`,
      roles: ["participant"],
      passwordHash: hash(),
    })
  }
  await directory.caughtUp("demo", seq)
  // A finished sample session with its canvas and journal entries; the accounts work without it.
  const sampleProblem = await seedSampleSession(
    system,
    "demo",
    "u-demo-facilitator",
    [1, 2, 3].map((n) => `u-demo-participant${n}`),
  ).then(
    () => undefined,
    (error: unknown) => (error instanceof Error ? error.message : String(error)),
  )
  await create("other", "Other Organization", "admin@other.example", "Other Admin", "u-other-admin")
  return { seeded: true, password, generated, ...(sampleProblem ? { sampleProblem } : {}) }
}
