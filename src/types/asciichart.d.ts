// asciichart ships no types; this covers the part functracer uses.
declare module 'asciichart' {
  export interface PlotConfig {
    min?: number;
    max?: number;
    height?: number;
    offset?: number;
    padding?: string;
    colors?: string[];
    symbols?: string[];
    format?: (value: number, index: number) => string;
  }
  export function plot(series: number[] | number[][], config?: PlotConfig): string;
  export const cyan: string;
  export const yellow: string;
  const asciichart: { plot: typeof plot; cyan: string; yellow: string };
  export default asciichart;
}
