/** What a device upload name tells us (reference §5.2): `<guid>-<mac>-<serial>(-<reg-name>)[.pcap]`. */
export interface UploadName {
  /** the name as uploaded, e.g. `f9e5…2ab1-009033302ab1-11--alice.pcap` */
  fileName: string;
  /** conference GUID, 32 lower-case hex, or null when the name has another shape */
  confGuid: string | null;
  mac: string | null;
  serial: number | null;
  /** registration / user name after the serial, leading dashes stripped */
  user: string | null;
}

const MAX_NAME = 200;
// Letters, digits and a few punctuation marks; anything else (slashes, backslashes, control
// characters, "..") could escape the Files directory or confuse downstream tools.
const SAFE_RE = /^[A-Za-z0-9][A-Za-z0-9._@+~-]*$/;

/** Returns a reason when the URL-decoded file name is not acceptable, else null. */
export function checkUploadName(name: string): string | null {
  if (name.length === 0) return 'empty file name';
  if (name.length > MAX_NAME) return `file name longer than ${MAX_NAME} characters`;
  if (name.includes('/') || name.includes('\\') || name.includes('..')) return 'path traversal in file name';
  if (!SAFE_RE.test(name)) return 'file name contains characters other than letters, digits and . _ @ + ~ -';
  if (!name.toLowerCase().endsWith('.pcap') && !name.toLowerCase().endsWith('.pcapng')) return 'file name must end in .pcap or .pcapng';
  return null;
}

/** Parses what is present; names of other shapes give nulls, never an error. */
export function parseUploadName(fileName: string): UploadName {
  const base = fileName.replace(/\.pcap(ng)?$/i, '');
  const m = /^([0-9a-fA-F]{32})-([0-9a-fA-F]{12})-(\d{1,9})(?:-(.*))?$/.exec(base);
  if (!m) return { fileName, confGuid: null, mac: null, serial: null, user: null };
  const rest = (m[4] ?? '').replace(/^-+/, '');
  return {
    fileName,
    confGuid: m[1].toLowerCase(),
    mac: m[2].toLowerCase(),
    serial: Number(m[3]),
    user: rest.length > 0 ? rest : null,
  };
}

/** GUIDs come as 32 hex or dashed 8-4-4-4-12; compare them in one form. */
export function normalizeGuid(g: string): string {
  return g.replace(/-/g, '').toLowerCase();
}
