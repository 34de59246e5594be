// One decoded call being played: decoder worker → PcmStore → AudioPlayer, the play position
// polled per animation frame, speed, A-B loop, channel mix and the keyboard shortcuts.
// Shared by the myApps player, the softphone element and the local player page (each used to wire
// transport and waveform on its own). A Lit ReactiveController: its host re-renders on changes.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { DecodeInfo, DecodeOptions } from '../../shared/decoder-types.js';
import { t } from '../i18n/i18n.js';
import { AudioPlayer } from './audio-player.js';
import type { ChannelMix } from './channel-mix.js';
import { DecoderClient, type DecodeProgress } from './decoder-client.js';
import { PcmStore, pcmRecycler } from './pcm-store.js';
import { playerActionFor, stepSpeed, type PlayerAction } from './player-keys.js';

export interface PlaybackHooks {
  /** next (1) / previous (-1) recording asked for by key or button; absent = no navigation */
  navigate?: (step: 1 | -1) => void;
  /** the call played to its end by itself */
  ended?: () => void;
  /** whether keys typed at this target belong to someone else (inputs, the list) */
  ownsKey?: (target: HTMLElement) => boolean;
}

export class Playback implements ReactiveController {
  readonly player = new AudioPlayer();
  private readonly decoder = new DecoderClient();
  store: PcmStore | null = null;
  info: DecodeInfo | null = null;
  progress: DecodeProgress | null = null;
  /** bumped whenever the store received audio (the waveform redraws) */
  revision = 0;
  playing = false;
  position = 0;
  /** loop start chosen before its end */
  pendingA: number | null = null;
  /** why the last loop/audio action was refused; cleared by the next action */
  notice: string | null = null;
  private generation = 0;
  private frame = 0;
  private offs: (() => void)[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(private readonly host: ReactiveControllerHost & HTMLElement, private readonly hooks: PlaybackHooks = {}) {
    host.addController(this);
  }

  hostConnected(): void {
    window.addEventListener('keydown', this.onKey);
    this.offs.push(this.player.onChange(() => this.sync()));
    this.offs.push(this.player.onEnded(() => this.hooks.ended?.()));
  }

  hostDisconnected(): void {
    window.removeEventListener('keydown', this.onKey);
    for (const o of this.offs) o();
    this.offs = [];
    cancelAnimationFrame(this.frame);
    this.generation++;
    this.decoder.dispose();
    this.player.dispose();
  }

  /** Subscribes to every change including the moving position (for elements the host does not re-render). */
  onChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  get ready(): boolean { return !!this.store && this.store.filled > 0; }
  get canNavigate(): boolean { return !!this.hooks.navigate; }

  /**
   * Decodes a capture in the worker; audio can play while the rest decodes. Resolves true when
   * done, false when another decode or clear() superseded it; rejects with the decoder's error.
   */
  async decode(source: Blob | ArrayBuffer, options?: DecodeOptions): Promise<boolean> {
    const gen = ++this.generation;
    this.unload();
    try {
      await this.decoder.decode(source, {
        options,
        // The first seconds play from a preview of the file's start while the whole file is read.
        onPreview: (p) => {
          if (gen !== this.generation) return;
          const store = new PcmStore(p.info, true);
          store.add(p.chunk);
          this.store = store;
          this.player.load(store);
          this.player.prepare(store.rate);
          this.info = p.info;
          this.revision++;
          this.changed();
        },
        copiesChunks: true, // PcmStore.add copies the samples: the worker may reuse the buffers
        onProgress: (p) => { if (gen === this.generation) { this.progress = p; this.changed(); } },
        onInfo: (info) => {
          if (gen !== this.generation) return;
          const preview = this.store?.provisional ? this.store : null;
          this.store = new PcmStore(info, false, pcmRecycler);
          // The preview's samples stand unless a chunk at frame 0 (the decoder's correction) overwrites them.
          if (preview) {
            this.store.seed(preview);
            this.player.replaceStore(this.store);
          } else this.player.load(this.store);
          this.player.prepare(info.sampleRate);
          this.info = info;
          this.revision++;
          this.changed();
        },
        onChunk: (c) => {
          if (gen !== this.generation || !this.store) return;
          this.store.add(c);
          this.revision++;
          this.changed();
        },
      });
      if (gen !== this.generation) return false;
      this.progress = null;
      this.changed();
      return true;
    } catch (e) {
      if (gen !== this.generation) return false;
      this.unload();
      throw e;
    }
  }

  /** Stops decoding and playing and forgets the call (a half-decoded call would play into silence). */
  clear(): void {
    this.generation++;
    this.decoder.cancel();
    this.unload();
  }

  async toggle(): Promise<void> {
    if (!this.ready) return;
    this.notice = null;
    try {
      await this.player.toggle();
    } catch (e) {
      this.notice = t('audioFailed', (e as Error).message);
      this.changed();
    }
  }

  seek(frame: number): void { this.player.seekFrame(frame); }

  setSpeed(speed: number): void { this.player.setSpeed(speed); }

  setMix(mix: ChannelMix): void { this.player.setMix(mix); }

  /** Marks the loop start at the play position; with an end already set the loop starts over from it. */
  loopA(): void {
    const at = Math.round(this.player.positionFrame);
    const cur = this.player.loop;
    if (cur && at < cur.b) this.applyLoop(at, cur.b);
    else { this.pendingA = at; this.notice = null; this.player.setLoop(null); this.changed(); }
  }

  /** Marks the loop end at the play position; without a start the loop runs from the beginning. */
  loopB(): void {
    const at = Math.round(this.player.positionFrame);
    const a = this.pendingA ?? this.player.loop?.a ?? 0;
    this.applyLoop(Math.min(a, at), Math.max(a, at));
  }

  clearLoop(): void {
    this.pendingA = null;
    this.notice = null;
    this.player.setLoop(null);
    this.changed();
  }

  /** Runs a shortcut action; next/previous go to the host's navigate hook. */
  perform(a: PlayerAction): void {
    const s = this.store;
    switch (a.kind) {
      case 'toggle': void this.toggle(); break;
      case 'seekBy': this.player.seekBy(a.seconds); break;
      case 'seekTo': if (s) this.seek(a.where === 'start' ? 0 : s.frames); break;
      case 'speed': this.setSpeed(stepSpeed(this.player.speed, a.step)); break;
      case 'loopA': this.loopA(); break;
      case 'loopB': this.loopB(); break;
      case 'loopClear': this.clearLoop(); break;
      case 'next': this.hooks.navigate?.(1); break;
      case 'previous': this.hooks.navigate?.(-1); break;
    }
  }

  private applyLoop(a: number, b: number): void {
    try {
      this.player.setLoop({ a, b });
      this.pendingA = null;
      this.notice = null;
    } catch (e) {
      this.notice = e instanceof RangeError ? t('loopTooShort') : t('audioFailed', (e as Error).message);
    }
    this.changed();
  }

  private unload(): void {
    this.player.load(null);
    // Its memory serves the next call (an export still reading it keeps it until done).
    this.store?.retire();
    this.store = null;
    this.info = null;
    this.progress = null;
    this.pendingA = null;
    this.notice = null;
    this.position = 0;
    this.changed();
  }

  private onKey = (e: KeyboardEvent): void => {
    if (e.defaultPrevented) return;
    const target = e.composedPath()[0] as HTMLElement | undefined;
    // Typing in a field, pressing a focused button or moving through the list must not start playback.
    if (target && (/^(INPUT|TEXTAREA|SELECT|BUTTON)$/.test(target.tagName) || target.isContentEditable
      || target.getAttribute('role') === 'listbox' || this.hooks.ownsKey?.(target))) return;
    const action = playerActionFor(e);
    if (!action) return;
    // Next/previous work without audio (a recording that failed to load); the rest needs a call.
    if (action.kind === 'next' || action.kind === 'previous' ? !this.hooks.navigate : !this.store) return;
    this.perform(action);
    e.preventDefault();
  };

  private sync(): void {
    this.playing = this.player.isPlaying;
    this.position = this.player.positionFrame;
    cancelAnimationFrame(this.frame);
    if (this.playing) {
      const loop = () => { this.position = this.player.positionFrame; this.changed(); this.frame = requestAnimationFrame(loop); };
      this.frame = requestAnimationFrame(loop);
    }
    this.changed();
  }

  private changed(): void {
    this.host.requestUpdate();
    for (const l of this.listeners) l();
  }
}
