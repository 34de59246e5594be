// Decoder warnings in the current language. The worker writes English sentences with details;
// German gets one sentence per warning code ($0 = the warning's detail number where it is telling).
import type { DecodeWarning, WarningCode } from '../../shared/decoder-types.js';
import { getLang } from './i18n.js';

const DE: Record<WarningCode, string> = {
  'none': 'Decoder-Warnung.',
  'truncated-file': 'Der Mitschnitt endet mitten in einem Datensatz; der unvollständige Rest wurde ignoriert.',
  'truncated-packet': 'Ein Paket wurde durch die Snapshot-Länge gekürzt; sein Audio wurde übersprungen.',
  'bad-record': 'Der Mitschnitt enthält einen Datensatz mit unmöglicher Länge; der Rest der Datei wurde übersprungen.',
  'unsupported-link': 'Pakete mit Link-Typ $0 können nicht gelesen werden und wurden übersprungen.',
  'codec-unsupported': 'Ein Stream verwendet einen Codec, der noch nicht abgespielt werden kann; sein Kanal bleibt so lange still.',
  'unknown-payload-type': 'Ein Stream verwendet Payload-Typ $0 ohne Beschreibung (kein SDP); er wurde nicht dekodiert.',
  'fragment-incomplete': 'Einige fragmentierte IP-Pakete wurden nie vollständig und wurden verworfen.',
  'ssrc-change': 'Ein neuer Sender (SSRC) setzt auf demselben Kanal fort.',
  'pt-change': 'Ein Stream wechselte während des Gesprächs auf Payload-Typ $0.',
  'timestamp-jump': 'Der RTP-Zeitstempel sprang um $0 ms; das Audio wurde an der Aufnahmezeit ausgerichtet.',
  'gap-capped': 'Eine Lücke von $0 ms ohne Audio wurde verkürzt.',
  'drift-corrected': 'Die Uhr des Senders wich um $0 ms von der Aufnahmeuhr ab; korrigiert.',
  'too-many-streams': 'Der Mitschnitt hat mehr RTP-Streams, als der Decoder verfolgt; spätere wurden ignoriert.',
  'late-packet': 'Pakete kamen zu spät an und wurden verworfen.',
  'malformed-rtp': 'Ein fehlerhaftes RTP-Paket wurde übersprungen.',
  'one-way': 'Nur eine Seite hat Audio; der andere Kanal ist still.',
  'table-full': 'Mehr DTMF-Ereignisse, RTCP-Berichte oder SIP-Nachrichten, als der Decoder speichert; spätere wurden ignoriert.',
};

export function warningText(w: DecodeWarning): string {
  return getLang() === 'de' ? DE[w.code].replace('$0', String(w.detail)) : w.message;
}
