// Texts of the offline feature, en and de; merged into the one table in texts.ts.
// Kept apart so features can grow their texts without touching each other's files.
export const enOffline = {
} as const;

export const deOffline: Record<keyof typeof enOffline, string> = {
};
