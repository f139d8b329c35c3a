import { Group, Text } from '@mantine/core';
import { useId } from 'react';

const TEXT = 'var(--mantine-color-text)';
const GRID = 'var(--mantine-color-gray-4)';
const PLANNED = 'var(--mantine-color-gray-5)';
const ACTUAL = 'var(--mantine-color-blue-7)';
const HOT = 'var(--mantine-color-red-8)';
const HOT_PLANNED = 'var(--mantine-color-red-4)';

export interface StepBar {
  key: string;
  label: string;
  planned: number;
  actual: number | null;
}

interface StepBarChartProps {
  bars: StepBar[];
  /** Index of the hot spot (largest emission) among `bars`, or -1. */
  hotIndex: number;
  title: string;
  /** Labels: the two series, the hot spot marker, and how values read. */
  plannedLabel: string;
  actualLabel: string;
  hotLabel: string;
  format: (kg: number) => string;
}

const WIDTH = 720;
const LABEL_W = 190;
const VALUE_W = 210;
const BAR_H = 16;
const GAP = 4;
const ROW_PAD = 14;

/**
 * Emissions per process step as horizontal bars: planned (grey) and, when recorded, actual
 * (blue); the hot spot is red and marked. Screen readers get the figure's title; the page
 * shows the same numbers in a table.
 */
export function StepBarChart({ bars, hotIndex, title, plannedLabel, actualLabel, hotLabel, format }: StepBarChartProps) {
  const titleId = useId();
  const withActual = bars.some((b) => b.actual !== null);
  const perRow = withActual ? 2 : 1;
  const rowH = perRow * BAR_H + (perRow - 1) * GAP + ROW_PAD * 2;
  const height = bars.length * rowH + 8;
  const max = Math.max(1e-9, ...bars.map((b) => Math.max(b.planned, b.actual ?? 0)));
  const scale = (WIDTH - LABEL_W - VALUE_W) / max;

  return (
    <div>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-labelledby={titleId} data-testid="cfp-step-chart" style={{ maxWidth: WIDTH, display: 'block' }}>
        <title id={titleId}>{title}</title>
        <line x1={LABEL_W} x2={LABEL_W} y1={0} y2={height} stroke={GRID} />
        {bars.map((bar, i) => {
          const top = i * rowH + ROW_PAD;
          const hot = i === hotIndex;
          const values: { value: number; fill: string; series: string }[] = [{ value: bar.planned, fill: hot ? HOT_PLANNED : PLANNED, series: 'planned' }];
          if (withActual) values.push({ value: bar.actual ?? 0, fill: hot ? HOT : ACTUAL, series: 'actual' });
          return (
            <g key={bar.key} data-testid="cfp-step-bar" data-hot={hot ? 'true' : 'false'}>
              <text x={LABEL_W - 8} y={top + (perRow * BAR_H + (perRow - 1) * GAP) / 2} textAnchor="end" dominantBaseline="middle" fontSize={13} fill={TEXT} fontWeight={hot ? 700 : 400}>
                {bar.label.length > 22 ? `${bar.label.slice(0, 21)}…` : bar.label}
              </text>
              {values.map((v, j) => {
                const y = top + j * (BAR_H + GAP);
                const w = Math.max(v.value > 0 ? 2 : 0, v.value * scale);
                return (
                  <g key={v.series}>
                    <rect x={LABEL_W} y={y} width={w} height={BAR_H} fill={v.fill} rx={2} />
                    <text x={LABEL_W + w + 6} y={y + BAR_H / 2} dominantBaseline="middle" fontSize={12} fill={TEXT}>
                      {format(v.value)}
                      {hot && j === values.length - 1 ? ` ▲ ${hotLabel}` : ''}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
      <Group gap="md" mt={4} aria-hidden="true">
        <LegendSwatch color={PLANNED} label={plannedLabel} />
        {withActual && <LegendSwatch color={ACTUAL} label={actualLabel} />}
        {hotIndex >= 0 && <LegendSwatch color={HOT} label={hotLabel} />}
      </Group>
    </div>
  );
}

function LegendSwatch({ color, label }: { color: string; label: string }) {
  return (
    <Group gap={6}>
      <span style={{ display: 'inline-block', width: 14, height: 14, background: color, borderRadius: 2 }} />
      <Text size="sm">{label}</Text>
    </Group>
  );
}

interface TrendChartProps {
  points: { label: string; value: number }[];
  title: string;
  format: (value: number) => string;
}

const T_WIDTH = 720;
const T_HEIGHT = 260;
const PAD = { left: 84, right: 24, top: 20, bottom: 44 };

/** A line of per-unit footprint by month, with the value at each point; the page repeats it as a table. */
export function TrendChart({ points, title, format }: TrendChartProps) {
  const titleId = useId();
  const max = Math.max(1e-9, ...points.map((p) => p.value)) * 1.15;
  const innerW = T_WIDTH - PAD.left - PAD.right;
  const innerH = T_HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const ticks = [0, max / 2, max];
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const labelEvery = Math.max(1, Math.ceil(points.length / 8));

  return (
    <svg viewBox={`0 0 ${T_WIDTH} ${T_HEIGHT}`} width="100%" role="img" aria-labelledby={titleId} data-testid="cfp-trend-chart" style={{ maxWidth: T_WIDTH, display: 'block' }}>
      <title id={titleId}>{title}</title>
      {ticks.map((tick) => (
        <g key={tick}>
          <line x1={PAD.left} x2={T_WIDTH - PAD.right} y1={y(tick)} y2={y(tick)} stroke={GRID} strokeDasharray={tick === 0 ? undefined : '4 4'} />
          <text x={PAD.left - 8} y={y(tick)} textAnchor="end" dominantBaseline="middle" fontSize={12} fill={TEXT}>
            {format(tick)}
          </text>
        </g>
      ))}
      {points.length > 1 && <path d={path} fill="none" stroke={ACTUAL} strokeWidth={2.5} />}
      {points.map((p, i) => (
        <g key={p.label} data-testid="cfp-trend-point">
          <circle cx={x(i)} cy={y(p.value)} r={4.5} fill={ACTUAL} />
          <text x={x(i)} y={y(p.value) - 10} textAnchor="middle" fontSize={11} fill={TEXT}>
            {format(p.value)}
          </text>
          {i % labelEvery === 0 && (
            <text x={x(i)} y={T_HEIGHT - PAD.bottom + 20} textAnchor="middle" fontSize={12} fill={TEXT}>
              {p.label}
            </text>
          )}
        </g>
      ))}
    </svg>
  );
}
