// Light and dark schemes as CSS custom properties on the document; shadow roots inherit them.
// Values follow the innovaphone template's CssVariables (reference §2.4).
import type { Scheme } from './myapps.js';

const VARS: Record<Scheme, Record<string, string>> = {
  dark: {
    '--rec-bg': '#191919', '--rec-fg': '#f2f5f6', '--rec-panel': '#232323', '--rec-button': '#303030',
    '--rec-border': '#4a4a4a', '--rec-muted': '#a0a4a8', '--rec-accent': '#5aa9ff', '--rec-row-sel': '#1f3b5c',
    '--rec-row-hover': '#2a2a2a', '--rec-error': '#ff8a80', '--rec-ok': '#7bd88f', '--rec-left': '#5aa9ff',
    '--rec-right': '#7bd88f', '--rec-mark': '#ffb74d', '--rec-warn': '#ff8a80', '--rec-cursor': '#ff5252',
  },
  light: {
    '--rec-bg': '#ffffff', '--rec-fg': '#4a4a49', '--rec-panel': '#f4f5f6', '--rec-button': '#e0e0e0',
    '--rec-border': '#d0d4da', '--rec-muted': '#6b7075', '--rec-accent': '#0b63c5', '--rec-row-sel': '#d6e7fb',
    '--rec-row-hover': '#eef1f4', '--rec-error': '#b3261e', '--rec-ok': '#1e7d32', '--rec-left': '#0b63c5',
    '--rec-right': '#1e7d32', '--rec-mark': '#e37400', '--rec-warn': '#b3261e', '--rec-cursor': '#d93025',
  },
};

export function applyScheme(scheme: Scheme, root: HTMLElement = document.documentElement): void {
  for (const [k, v] of Object.entries(VARS[scheme])) root.style.setProperty(k, v);
  root.style.colorScheme = scheme;
  root.dataset.scheme = scheme;
}
