// Texts of the softphone feature, en and de; merged into the one table in texts.ts.
// Kept apart so features can grow their texts without touching each other's files.
export const enSoftphone = {
} as const;

export const deSoftphone: Record<keyof typeof enSoftphone, string> = {
};
