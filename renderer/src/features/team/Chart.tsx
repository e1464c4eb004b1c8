import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface ChartSeries {
  label: string;
  values: Array<number | null>;
  color: string;
}

/**
 * A small uPlot chart. `x` holds unix seconds for a time axis, or 0..n-1 with `categories`
 * naming them. `bars` draws bars; with two series they sit side by side (left / right of the tick).
 */
/** Half a day either side of the data, from the data itself: uPlot widens a single point to years. */
function timeRange(x: number[]): [number, number] {
  if (x.length === 0) return [0, 86_400];
  return [Math.min(...x) - 43_200, Math.max(...x) + 43_200];
}

export function Chart({ x, series, height = 200, bars = false, categories, testId }: { x: number[]; series: ChartSeries[]; height?: number; bars?: boolean; categories?: string[]; testId?: string }) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(320, el.clientWidth || 600);
    const barPath = (i: number) => {
      const align = series.length === 2 ? ((i === 0 ? -1 : 1) as -1 | 1) : (0 as const);
      return uPlot.paths.bars!({ size: [series.length === 2 ? 0.4 : 0.7, 48], align });
    };
    const opts: uPlot.Options = {
      width: width(),
      height,
      // A single day would otherwise stretch the time axis over years.
      scales: categories ? { x: { time: false, range: (_u, min, max) => [min - 0.6, max + 0.6] } } : { x: { time: true, range: () => timeRange(x) } },
      axes: [categories ? { values: (_u, splits) => splits.map((v) => (Number.isInteger(v) ? (categories[v] ?? '') : '')), rotate: 0 } : {}, {}],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.color,
          width: bars ? 0 : 2,
          ...(bars ? { fill: s.color, paths: barPath(i), points: { show: false } } : {}),
        })),
      ],
    };
    const plot = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, el);
    const observer = new ResizeObserver(() => plot.setSize({ width: width(), height }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.destroy();
    };
  }, [x, series, height, bars, categories]);

  return <div ref={box} className="team-chart" data-testid={testId} />;
}
