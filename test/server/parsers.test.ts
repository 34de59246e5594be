import { describe, expect, it } from 'vitest';
import { checkUploadName, parseUploadName } from '../../src/server/domain/file-name.js';
import { parseXml, XmlError } from '../../src/server/domain/xml.js';
import { parseCdrXml, summarizeCall } from '../../src/server/domain/cdr.js';
import { isCaptureMagic } from '../../src/server/http/upload.js';

describe('upload file names (reference §5.2)', () => {
  it('parses guid, mac, serial and the user after the double dash', () => {
    expect(parseUploadName('F9E5956E47D460010630009033302AB1-009033302AB1-11--username.pcap')).toEqual({
      fileName: 'F9E5956E47D460010630009033302AB1-009033302AB1-11--username.pcap',
      confGuid: 'f9e5956e47d460010630009033302ab1', mac: '009033302ab1', serial: 11, user: 'username',
    });
    expect(parseUploadName('f9e5956e47d460010630009033302ab1-009033302ab1-3-reg-name.pcap').user).toBe('reg-name');
    expect(parseUploadName('f9e5956e47d460010630009033302ab1-009033302ab1-3.pcap')).toMatchObject({ serial: 3, user: null });
    expect(parseUploadName('1234567890.pcap')).toMatchObject({ confGuid: null, mac: null, serial: null, user: null });
  });
  it('refuses traversal and odd names', () => {
    for (const n of ['../x.pcap', 'a/b.pcap', 'a\\b.pcap', '..pcap', '.x.pcap', 'x.wav', '', 'x'.repeat(300) + '.pcap', 'a b.pcap', 'ä.pcap', 'x\u0000.pcap']) {
      expect(checkUploadName(n), n).not.toBeNull();
    }
    expect(checkUploadName('f9e5-1--alice@example.com.pcap')).toBeNull();
  });
});

describe('capture magic', () => {
  it('knows pcap µs/ns both byte orders and pcapng', () => {
    for (const m of [[0xa1, 0xb2, 0xc3, 0xd4], [0xd4, 0xc3, 0xb2, 0xa1], [0xa1, 0xb2, 0x3c, 0x4d], [0x4d, 0x3c, 0xb2, 0xa1], [0x0a, 0x0d, 0x0d, 0x0a]]) {
      expect(isCaptureMagic(new Uint8Array(m))).toBe(true);
    }
    expect(isCaptureMagic(new Uint8Array([0x50, 0x4b, 3, 4]))).toBe(false);
    expect(isCaptureMagic(new Uint8Array([0xa1, 0xb2]))).toBe(false);
  });
});

describe('XML and CDR parsing', () => {
  it('parses attributes, entities, comments and self-closing tags', () => {
    const r = parseXml('<?xml version="1.0"?><!-- c --><a x="1 &amp; 2" y=\'&#65;&#x42;\'><b/><c z="&lt;"></c></a>');
    expect(r).toEqual([{ name: 'a', attrs: { x: '1 & 2', y: 'AB' }, children: [{ name: 'b', attrs: {}, children: [] }, { name: 'c', attrs: { z: '<' }, children: [] }] }]);
  });
  it('rejects malformed XML with XmlError, bounded depth', () => {
    for (const bad of ['<a>', '<a></b>', '<a x=1/>', '<!-- x', '</a>', '<a x="1"']) expect(() => parseXml(bad), bad).toThrow(XmlError);
    expect(() => parseXml('<a>'.repeat(100) + '</a>'.repeat(100))).toThrow(/too deep/);
  });
  it('turns the reference CDR example into a call flow and a summary', () => {
    const cdrs = parseCdrXml(`<cdr guid="E78C0000000000000000000000000000" sys="PBX" pbx="." node="root" device="a" cn="A" e164="100" h323="a" dir="from" utc="1272551262" local="1272558462">
      <event msg="setup-from" time="1" conf="E8920000-0000-0000-0000-0000000032DD"/>
      <event msg="alert-to" time="2" e164="101" h323="b" dn="B"/>
      <event msg="conn-to" time="3"/>
      <event msg="rel-to" time="9" cause="0"/></cdr>`);
    expect(cdrs).toHaveLength(1);
    expect(cdrs[0]).toMatchObject({ guid: 'e78c0000000000000000000000000000', h323: 'a', dir: 'from', utc: 1272551262, confs: ['e89200000000000000000000000032dd'], pseudo: null });
    expect(cdrs[0].events.map((e) => e.msg)).toEqual(['setup-from', 'alert-to', 'conn-to', 'rel-to']);
    expect(summarizeCall(cdrs, null)).toMatchObject({ ownerSip: 'a', ownerNumber: '100', direction: 'out', external: false, remoteNumber: '101', remoteName: 'B', connected: true });
    expect(parseCdrXml('<other/>')).toEqual([]);
  });
});
