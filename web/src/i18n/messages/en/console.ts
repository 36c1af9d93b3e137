/** The facilitator console: filled in with the console's screens. */
export const console_ = {} as const
