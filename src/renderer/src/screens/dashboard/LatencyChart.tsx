import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { Dashboard } from '#shared/ipc/dashboard';
import { formatTime } from '../../lib/format';

/** The NHS blue for the line, NHS dark grey for the axes: the chart reads like the rest of the app. */
const NHS_BLUE = '#005eb8';
const HOUR_S = 3600;
const AXIS = { stroke: '#4c6272', grid: { stroke: '#d8dde0', width: 1 }, ticks: { stroke: '#d8dde0' } };

/**
 * Click → confirmed over the day as a live time series (uPlot draws on a canvas, so it is described in
 * words for screen readers and the same figures are offered as a table beside it).
 */
export function LatencyChart({ points, summary }: { points: Dashboard['latency']; summary: string }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);

  useEffect(() => {
    if (!container.current) return;
    chart.current = new uPlot(
      {
        width: Math.max(320, container.current.clientWidth),
        height: 260,
        scales: {
          // At least the last hour and from zero: a handful of sends a few milliseconds apart would
          // otherwise fill the axis with sub-second ticks and make 5 ms look like a cliff.
          x: { time: true, range: (_u, min, max) => [Math.min(min, max - HOUR_S), max] },
          y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.1)] },
        },
        axes: [
          {
            ...AXIS,
            label: 'Time',
            // 24-hour clock in the clinic's zone, as every other time in the app.
            values: (_u, splits) => splits.map((s) => formatTime(new Date(s * 1000).toISOString())),
          },
          { ...AXIS, label: 'Milliseconds', size: 60 },
        ],
        series: [
          {},
          { label: 'Click to confirmed (ms)', stroke: NHS_BLUE, width: 2, points: { show: true, size: 5 } },
        ],
        legend: { show: false },
      },
      [[], []],
      container.current,
    );
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setData([points.map((p) => Date.parse(p.at) / 1000), points.map((p) => p.ms)]);
  }, [points]);

  return <div ref={container} role="img" aria-label={summary} data-testid="latency-chart" />;
}
