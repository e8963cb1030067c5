import { MIB } from '../core/units.js';

/** MiB (2^20 bytes) with one decimal, as the screens print memory; GiB from 10 GiB up, where MiB digits stop meaning much. */
export function mb(bytes: number): string {
  const value = bytes / MIB;
  return value >= 10_240 ? `${(value / 1024).toFixed(1)} GiB` : `${value.toFixed(1)} MiB`;
}

/** Seconds with a precision that suits the span: 0.35 s, 12.4 s, 312 s. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(2) : s < 100 ? s.toFixed(1) : s.toFixed(0)} s`;
}

export function count(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
