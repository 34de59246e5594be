import { css } from 'lit';

/** Colours per scheme (light/dark as PBX Manager passes them in `start.scheme`). */
export const pluginStyles = css`
  :host {
    --rp-bg: #ffffff; --rp-fg: #4a4a49; --rp-muted: #777; --rp-line: #e0e0e0; --rp-row: #f4f6f7;
    --rp-button: #e0e0e0; --rp-accent: #2b6cb0; --rp-ok: #2f855a; --rp-bad: #c53030; --rp-input: #fff;
    display: block; font: 14px/1.4 system-ui, sans-serif; color: var(--rp-fg); background: var(--rp-bg);
  }
  :host([scheme='dark']) {
    --rp-bg: #191919; --rp-fg: #f2f5f6; --rp-muted: #a0a0a0; --rp-line: #3d3d3d; --rp-row: #252525;
    --rp-button: #303030; --rp-accent: #63b3ed; --rp-ok: #7cb270; --rp-bad: #fc8181; --rp-input: #252525;
  }
  button { font: inherit; color: var(--rp-fg); background: var(--rp-button); border: 1px solid var(--rp-line); border-radius: 4px; padding: 4px 10px; cursor: pointer; }
  button.primary { background: var(--rp-accent); color: #fff; border-color: var(--rp-accent); }
  :host([scheme='dark']) button.primary { color: #191919; }
  button.danger { color: var(--rp-bad); }
  button:disabled { opacity: .5; cursor: default; }
  input[type=text], select { font: inherit; color: var(--rp-fg); background: var(--rp-input); border: 1px solid var(--rp-line); border-radius: 4px; padding: 4px 6px; }
  .muted { color: var(--rp-muted); }
  .ok { color: var(--rp-ok); }
  .bad { color: var(--rp-bad); }
  .msg { padding: 6px 10px; border-radius: 4px; margin: 6px 0; }
  .msg.error { background: color-mix(in srgb, var(--rp-bad) 15%, transparent); }
  .msg.ok { background: color-mix(in srgb, var(--rp-ok) 15%, transparent); }
`;
