/** The canvas screens (the canvas on pixi.js, in the console and the participant app). */
export const canvas = {
} as const
