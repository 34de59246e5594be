// Texts of the player feature, en and de; merged into the one table in texts.ts.
// Kept apart so features can grow their texts without touching each other's files.
export const enPlayer = {
} as const;

export const dePlayer: Record<keyof typeof enPlayer, string> = {
};
