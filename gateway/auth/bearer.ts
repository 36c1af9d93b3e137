/** The credentials of an `Authorization: Bearer <token>` header, or undefined for any other header or none. */
export const bearerToken = (authorization: string | undefined): string | undefined =>
  authorization?.startsWith("Bearer ") ? authorization.slice("Bearer ".length) || undefined : undefined
