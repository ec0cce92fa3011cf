import type { FinanceAlertDetail } from '@sinag/core';
import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';
import { NODE_LABEL } from '../LinkGraph.tsx';
import { counterparties, formatTotals } from './counterparties.ts';

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      ...NODE_LABEL,
      'text-wrap': 'wrap',
      'text-max-width': '120px',
      width: 18,
      height: 18,
      'background-color': '#5b6675',
    },
  },
  { selector: 'node[?center]', style: { 'background-color': '#c2410c', width: 28, height: 28 } },
  { selector: 'node[?inAlert]', style: { 'border-width': 2, 'border-color': '#f2a900' } },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'line-color': '#b8c0cc',
      'target-arrow-color': '#b8c0cc',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 7,
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
    },
  },
];

/**
 * Fan-in or fan-out around the party: the party in the middle, each counterparty around it, an arrow in the
 * direction money flows, thicker for more payments. Counterparties in the alert are outlined.
 */
export function PartyNetwork({ alert }: { alert: FinanceAlertDetail }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const party = `party:${alert.party.id}`;
    const others = counterparties(alert);
    const graph = cytoscape({
      container: container.current,
      style: STYLE,
      wheelSensitivity: 0.3,
      // A party with few counterparties would otherwise be zoomed until its labels overlap.
      maxZoom: 1.6,
      elements: [
        {
          data: {
            id: party,
            label: `${alert.party.id}${alert.partyCountry ? ` (${alert.partyCountry})` : ''}`,
            center: true,
          },
        },
        ...others.flatMap((c) => {
          const id = `other:${c.id}`;
          const inbound = alert.party.role === 'receiver';
          return [
            { data: { id, label: `${c.id}${c.country ? ` (${c.country})` : ''}`, inAlert: c.inAlert > 0 } },
            {
              data: {
                id: `${id}|edge`,
                source: inbound ? id : party,
                target: inbound ? party : id,
                width: Math.min(8, 1 + Math.log2(c.payments)),
                label: `${c.payments} · ${formatTotals(c.totals)}`,
              },
            },
          ];
        }),
      ],
      layout: {
        name: 'concentric',
        concentric: (n) => (n.data('center') ? 2 : 1),
        levelWidth: () => 1,
        // Room on the ring for each counterparty's label and its edge's label: a few counterparties would
        // otherwise sit in a knot at the centre, their labels on top of each other.
        minNodeSpacing: 110,
        padding: 30,
      },
    });
    return () => graph.destroy();
  }, [alert]);

  return (
    <div
      ref={container}
      className="link-graph-canvas"
      role="img"
      aria-label={`Network of ${alert.party.id} and its counterparties; the counterparty table lists the same`}
      data-testid="party-network"
    />
  );
}
