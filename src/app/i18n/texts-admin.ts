// Texts of the admin feature, en and de; merged into the one table in texts.ts.
// Kept apart so features can grow their texts without touching each other's files.
export const enAdmin = {
} as const;

export const deAdmin: Record<keyof typeof enAdmin, string> = {
};
