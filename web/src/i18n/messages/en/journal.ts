/** The journal screens (the offline journal app, and the journal inside a session). */
export const journal = {
} as const
