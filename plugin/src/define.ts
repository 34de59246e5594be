/**
 * PBX Manager may load the plugin script more than once (re-opening the plugin, two plugins
 * bundling the same element): a second define of a tag throws, so only the first one counts.
 */
export function defineOnce(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
