import { css } from 'lit';

/** Look shared by the admin sections: tables, forms, messages. */
export const adminStyles = css`
  :host { display: block; padding: .6rem 1rem; overflow-y: auto; }
  h2 { font-size: 1.1rem; margin: .2rem 0 .5rem; }
  h3 { font-size: .95rem; margin: 1rem 0 .3rem; }
  p.intro, .hint { color: var(--rec-muted, #666); font-size: .85em; margin: .1rem 0 .5rem; }
  table { border-collapse: collapse; width: 100%; font-size: .88em; }
  th { text-align: left; font-weight: 600; color: var(--rec-muted, #666); border-bottom: 1px solid var(--rec-border, #ccc); padding: .25rem .4rem; }
  td { border-bottom: 1px solid var(--rec-border, #eee); padding: .3rem .4rem; vertical-align: top; }
  td.actions { white-space: nowrap; }
  .sub { display: block; font-size: .85em; color: var(--rec-muted, #666); }
  button { font: inherit; padding: .15rem .6rem; border-radius: 4px; border: 1px solid var(--rec-border, #888);
    background: var(--rec-button, transparent); color: inherit; cursor: pointer; }
  button:disabled { opacity: .5; cursor: default; }
  button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 2px solid var(--rec-accent, #1a73e8); }
  label { display: flex; flex-direction: column; gap: .15rem; font-size: .8em; color: var(--rec-muted, #666); margin: .4rem 0; }
  input, select, textarea { font: inherit; font-size: 1.2em; padding: .25rem .4rem; border-radius: 4px; color: var(--rec-fg, inherit);
    background: var(--rec-bg, #fff); border: 1px solid var(--rec-border, #ccc); max-width: 28rem; }
  textarea { min-height: 4.5rem; }
  [aria-invalid=true] { border-color: var(--rec-error, #b3261e); }
  .field-error { color: var(--rec-error, #b3261e); font-size: 1em; }
  .field { display: flex; flex-direction: column; gap: .15rem; margin: .5rem 0; }
  .field label { margin: 0; }
  .row { display: flex; gap: .5rem; align-items: end; flex-wrap: wrap; }
  .msg { margin: .4rem 0; }
  .ok { color: var(--rec-ok, green); }
  .error { color: var(--rec-error, #b3261e); border-left: 4px solid currentColor; padding: .3rem .6rem; margin: .4rem 0; }
  .empty { color: var(--rec-muted, #666); padding: .6rem 0; }
  fieldset { border: 1px solid var(--rec-border, #ccc); border-radius: 6px; margin: .6rem 0; padding: .3rem .8rem .6rem; max-width: 36rem; }
  legend { font-weight: 600; padding: 0 .3rem; }
  dialog { background: var(--rec-panel, #fff); color: var(--rec-fg, inherit); border: 1px solid var(--rec-border, #ccc); border-radius: 8px; }
  dialog .buttons { display: flex; gap: .5rem; justify-content: flex-end; margin-top: .8rem; }
  .dot { display: inline-block; width: .65rem; height: .65rem; border-radius: 50%; margin-right: .35rem; background: var(--rec-muted, #888); }
  .dot.up { background: var(--rec-ok, green); }
  .dot.down { background: var(--rec-error, #b3261e); }
`;
