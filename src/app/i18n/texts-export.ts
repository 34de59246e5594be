// Texts of the export feature, en and de; merged into the one table in texts.ts.
// Kept apart so features can grow their texts without touching each other's files.
export const enExport = {
} as const;

export const deExport: Record<keyof typeof enExport, string> = {
};
