// The overview's charts, in their own chunk: the charting library is the largest dependency, so the rest of the
// landing screen (numbers, tables) paints first and the charts follow.
import { BarChart, Sparkline } from '@mantine/charts';
import '@mantine/charts/styles.css';
import type { SecurityOverview } from '../api/types';

export function VolumeSparkline({ volume }: { volume: SecurityOverview['volume'] }) {
  return <Sparkline w={90} h={36} data={volume.map((v) => v.count)} curveType="linear" color="indigo" fillOpacity={0.3} strokeWidth={1.5} />;
}

export default function VolumeChart({ volume }: { volume: SecurityOverview['volume'] }) {
  const chart = volume.map((v) => ({ day: v.day.slice(5), Sends: v.spike ? 0 : v.count, Spike: v.spike ? v.count : 0 }));
  return <BarChart h={220} data={chart} dataKey="day" type="stacked" series={[{ name: 'Sends', color: 'indigo.5' }, { name: 'Spike', color: 'red.6' }]} tickLine="none" gridAxis="x" strokeDasharray="0" withLegend={false} />;
}
