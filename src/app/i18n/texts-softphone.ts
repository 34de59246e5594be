// Texts of the softphone feature, en and de; merged into the one table in texts.ts.
// Kept apart so features can grow their texts without touching each other's files.
export const enSoftphone = {
  latestTitle: 'Latest recordings',
  latestEmpty: 'No recordings of your calls yet.',
  latestItem: '$0, $1, $2, $3',
  latestPageTitle: 'Recordings — latest',
} as const;

export const deSoftphone: Record<keyof typeof enSoftphone, string> = {
  latestTitle: 'Neueste Aufnahmen',
  latestEmpty: 'Noch keine Aufnahmen Ihrer Gespräche.',
  latestItem: '$0, $1, $2, $3',
  latestPageTitle: 'Aufnahmen — neueste',
};
