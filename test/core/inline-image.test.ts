/* eslint-disable no-control-regex -- these tests check terminal escape sequences, which are control characters */
import { describe, expect, it } from 'vitest';
import { detectImageProtocol, fitCells, iterm2Image, KITTY_CHUNK, kittyDeleteAll, kittyImage } from '../../src/core/inline-image.js';

// Not a real PNG: the encoders only frame bytes, and a pattern shows any reordering.
const png = Uint8Array.from({ length: 10_000 }, (_, i) => (i * 7) % 256);
const base64 = Buffer.from(png).toString('base64');

describe('kitty graphics protocol', () => {
  it('sends the PNG in base64 chunks of at most 4096 bytes, keys only on the first, m=0 on the last', () => {
    const sequence = kittyImage(png, { columns: 32, rows: 12 });
    const chunks = [...sequence.matchAll(/\x1b_G([^;]*);([^\x1b]*)\x1b\\/g)];
    expect(chunks.map((c) => c[0]).join('')).toBe(sequence);
    expect(chunks).toHaveLength(Math.ceil(base64.length / KITTY_CHUNK));
    expect(chunks[0]![1]).toBe('a=T,f=100,t=d,q=2,C=1,c=32,r=12,m=1');
    expect(chunks.slice(1, -1).every((c) => c[1] === 'm=1')).toBe(true);
    expect(chunks.at(-1)![1]).toBe('m=0');
    expect(chunks.slice(0, -1).every((c) => c[2]!.length === KITTY_CHUNK)).toBe(true);
    expect(chunks.map((c) => c[2]).join('')).toBe(base64);
  });

  it('sends a small picture as one chunk with m=0', () => {
    expect(kittyImage(Uint8Array.of(1, 2, 3), { columns: 2, rows: 1 })).toBe('\x1b_Ga=T,f=100,t=d,q=2,C=1,c=2,r=1,m=0;AQID\x1b\\');
    expect(kittyDeleteAll()).toBe('\x1b_Ga=d,d=A,q=2;\x1b\\');
  });
});

describe('iTerm2 inline images', () => {
  it('frames the file as OSC 1337 File=…:base64 BEL', () => {
    const sequence = iterm2Image(png, { columns: 32, rows: 12, name: 'a.png' });
    expect(sequence).toBe(
      `\x1b]1337;File=name=${Buffer.from('a.png').toString('base64')};size=10000;width=32;height=12;preserveAspectRatio=1;inline=1:${base64}\x07`,
    );
  });

  it('splits into MultipartFile, FilePart… and FileEnd when asked', () => {
    const sequence = iterm2Image(png, { columns: 32, rows: 12, multipart: true, chunkSize: 4000 });
    const parts = [...sequence.matchAll(/\x1b\]1337;([^\x07]*)\x07/g)].map((m) => m[1]!);
    expect(parts[0]).toBe('MultipartFile=size=10000;width=32;height=12;preserveAspectRatio=1;inline=1');
    expect(parts.at(-1)).toBe('FileEnd');
    const data = parts.slice(1, -1);
    expect(data.every((p) => p.startsWith('FilePart='))).toBe(true);
    expect(data.map((p) => p.slice('FilePart='.length)).join('')).toBe(base64);
    expect(data).toHaveLength(Math.ceil(base64.length / 4000));
  });
});

describe('detectImageProtocol', () => {
  const cases: [NodeJS.ProcessEnv, string][] = [
    [{ TERM: 'xterm-kitty' }, 'kitty'],
    [{ TERM: 'xterm-256color', KITTY_WINDOW_ID: '1' }, 'kitty'],
    [{ TERM: 'xterm-ghostty', TERM_PROGRAM: 'ghostty' }, 'kitty'],
    [{ TERM: 'xterm-256color', TERM_PROGRAM: 'iTerm.app' }, 'iterm2'],
    [{ TERM: 'xterm-256color', LC_TERMINAL: 'iTerm2' }, 'iterm2'],
    [{ TERM: 'xterm-256color', TERM_PROGRAM: 'WezTerm' }, 'iterm2'],
    [{ TERM: 'xterm-256color' }, 'half-blocks'],
    [{ TERM: 'tmux-256color', TERM_PROGRAM: 'iTerm.app', TMUX: '/tmp/tmux' }, 'half-blocks'],
    [{ TERM: 'xterm-kitty', NO_COLOR: '1' }, 'text'],
    [{ TERM: 'dumb', TERM_PROGRAM: 'iTerm.app' }, 'text'],
  ];
  it.each(cases)('%o → %s', (env, expected) => {
    expect(detectImageProtocol(env)).toBe(expected);
  });
});

it('fits cells to the picture so kitty does not stretch it', () => {
  expect(fitCells(2000, 1500, { columns: 38, rows: 12 })).toEqual({ columns: 32, rows: 12 });
  expect(fitCells(1500, 2000, { columns: 38, rows: 12 })).toEqual({ columns: 18, rows: 12 });
});
