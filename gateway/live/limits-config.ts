/** Live connection and per-user command limits from the environment; a bad value stops the start in one line naming it. */
import { wholeNumberFromEnv } from "../../engine/config.ts"
import { defaultLiveSettings, type LiveSettings } from "./context.ts"

type Env = Readonly<Record<string, string | undefined>>

/** Unset leaves the default in place (undefined); a bad value stops the start. */
const whole = (env: Env, variable: string, fallback: number, max: number): number | undefined =>
  env[variable]?.trim() ? wholeNumberFromEnv(env, variable, fallback, 1, max) : undefined

export const liveLimitsFromEnv = (env: Env): Partial<LiveSettings> => {
  const perUser = whole(env, "STUDIO_MAX_CONNECTIONS_PER_USER", defaultLiveSettings.maxConnectionsPerUser, 1_000_000)
  const perAddress = whole(env, "STUDIO_MAX_CONNECTIONS_PER_ADDRESS", defaultLiveSettings.maxConnectionsPerAddress, 1_000_000)
  const commands = whole(env, "STUDIO_COMMANDS_PER_USER_PER_SECOND", defaultLiveSettings.userCommandsPerSecond, 10_000_000)
  return {
    ...(perUser !== undefined ? { maxConnectionsPerUser: perUser } : {}),
    ...(perAddress !== undefined ? { maxConnectionsPerAddress: perAddress } : {}),
    // The burst is two seconds' worth, as per connection.
    ...(commands !== undefined ? { userCommandsPerSecond: commands, userCommandBurst: 2 * commands } : {}),
  }
}
