import type { FinanceAlertDetail } from '@sinag/core';
import { ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { counterpartyOf, counterparties } from './counterparties.ts';

echarts.use([ScatterChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Counterparties drawn in their own colour; the rest share one series. */
const NAMED = 9;

/**
 * The party's payments over time: one dot per payment at its day and amount, coloured by counterparty, hollow
 * when the payment is not part of the alert. Amounts are shown in their own currency (never converted or added).
 */
export function PaymentsChart({ alert }: { alert: FinanceAlertDetail }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const chart = echarts.init(container.current!);
    const named = new Set(
      counterparties(alert)
        .slice(0, NAMED)
        .map((c) => c.id),
    );
    const series = new Map<string, [string, number, string, string, boolean][]>();
    for (const t of alert.transactions) {
      const other = counterpartyOf(alert, t).id;
      const name = named.has(other) ? other : 'others';
      const list = series.get(name) ?? [];
      list.push([t.at, t.amount, t.currency, t.transactionId, t.inAlert]);
      series.set(name, list);
    }
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName: string; value: [string, number, string, string, boolean] }) =>
          `${p.value[3]} · ${p.seriesName}<br>${new Date(p.value[0]).toLocaleString()}<br>` +
          `${p.value[1].toLocaleString()} ${p.value[2]}${p.value[4] ? ' · in the alert' : ''}`,
      },
      legend: { type: 'scroll', bottom: 0 },
      grid: { left: 56, right: 16, top: 16, bottom: 64 },
      xAxis: { type: 'time', name: 'day' },
      yAxis: { type: 'value', name: 'amount' },
      series: [...series].map(([name, data]) => ({
        name,
        type: 'scatter',
        symbolSize: 9,
        data: data.map((value) => ({
          value,
          itemStyle: value[4] ? {} : { opacity: 0.35 },
        })),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [alert]);

  return (
    <div
      ref={container}
      className="payments-chart"
      role="img"
      aria-label={`Chart of ${alert.transactions.length} payments of ${alert.party.id} over time, coloured by counterparty; the counterparty table lists the same payments`}
      data-testid="payments-chart"
      style={{ height: 320 }}
    />
  );
}
