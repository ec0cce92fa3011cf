import type { Graph, GraphNode } from '@sinag/core';
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api.ts';

/** How graph nodes are labelled (small text under the node); shared with the payment network. */
export const NODE_LABEL = {
  label: 'data(label)',
  'font-size': 8,
  'text-valign': 'bottom',
  'text-margin-y': 4,
} as const;

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: { ...NODE_LABEL, 'text-wrap': 'ellipsis', 'text-max-width': '140px', width: 22, height: 22 },
  },
  { selector: 'node[type = "referral"]', style: { shape: 'round-rectangle', 'background-color': '#2455c3' } },
  { selector: 'node[type = "identifier"]', style: { shape: 'ellipse', 'background-color': '#5b6675' } },
  { selector: 'node[type = "case"]', style: { shape: 'diamond', 'background-color': '#c2410c' } },
  { selector: 'node[type = "financial-alert"]', style: { shape: 'hexagon', 'background-color': '#15803d' } },
  { selector: 'node[?center]', style: { 'border-width': 3, 'border-color': '#f2a900' } },
  { selector: 'node[!expandable]', style: { opacity: 0.6 } },
  { selector: 'node[type = "financial-alert"]', style: { opacity: 1 } },
  { selector: 'edge', style: { width: 1, 'line-color': '#b8c0cc', 'curve-style': 'bezier' } },
];

/** What the graph holds besides its elements: which nodes were expanded and what each left out. */
interface Notes {
  expanded: Set<string>;
  leftOut: string[];
}

function leftOutText(graph: Graph): string[] {
  const notes = graph.more
    .filter((m) => m.total > m.shown)
    .map((m) => `${graph.center.label}: ${m.total - m.shown} more ${m.type}s not shown`);
  if (graph.otherOrganisationReferrals > 0)
    notes.push(`${graph.center.label}: ${graph.otherOrganisationReferrals} referrals of other organisations`);
  return notes;
}

const elementOf = (node: GraphNode, center: boolean) => ({
  group: 'nodes' as const,
  data: { ...node, center },
});

/**
 * Referrals ↔ identifiers ↔ cases around a referral, expanded node by node: clicking a node fetches its
 * neighbours (GET /api/v1/graph). A double click on a referral opens it. The cluster table above gives the
 * same links to keyboard and screen-reader users.
 */
export function LinkGraph({ referralId }: { referralId: string }) {
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const [notes, setNotes] = useState<Notes>({ expanded: new Set(), leftOut: [] });
  const [error, setError] = useState<string>();
  const navigate = useNavigate();

  useEffect(() => {
    const graph = cytoscape({ container: container.current, style: STYLE, wheelSensitivity: 0.3 });
    cy.current = graph;
    const expand = async (nodeId: string) => {
      try {
        const answer = await api.get<Graph>(`/graph?node=${encodeURIComponent(nodeId)}`);
        graph.batch(() => {
          for (const node of [answer.center, ...answer.nodes])
            if (graph.getElementById(node.id).empty())
              graph.add(elementOf(node, node.id === `referral:${referralId}`));
          for (const edge of answer.edges) {
            const id = `${edge.source}|${edge.target}`;
            if (graph.getElementById(id).empty()) graph.add({ group: 'edges', data: { id, ...edge } });
          }
        });
        graph.layout({ name: 'cose', animate: false, fit: true, padding: 20 }).run();
        setNotes((n) => ({
          expanded: new Set(n.expanded).add(nodeId),
          leftOut: [...n.leftOut, ...leftOutText(answer)],
        }));
      } catch (e) {
        setError((e as Error).message);
      }
    };
    graph.on('tap', 'node', (event) => {
      const data = event.target.data() as GraphNode;
      if (data.expandable) void expand(data.id);
    });
    graph.on('dbltap', 'node[type = "referral"]', (event) => {
      void navigate(`/referrals/${(event.target.id() as string).slice('referral:'.length)}`);
    });
    graph.on('dbltap', 'node[type = "financial-alert"]', (event) => {
      void navigate(`/finance/alerts/${(event.target.id() as string).slice('financial-alert:'.length)}`);
    });
    void expand(`referral:${referralId}`);
    return () => graph.destroy();
  }, [referralId, navigate]);

  return (
    <div className="link-graph">
      <p className="muted" id="link-graph-help">
        Click a referral, identifier or case to show what it links to; double-click a referral or a financial
        alert (green) to open it. Greyed cases belong to other organisations. The table above lists the same
        links.
      </p>
      <div
        ref={container}
        className="link-graph-canvas"
        role="img"
        aria-label="Graph of the referrals, identifiers and cases linked to this referral"
        aria-describedby="link-graph-help"
        data-testid="link-graph"
        data-expanded={notes.expanded.size}
      />
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {notes.leftOut.length > 0 && (
        <ul className="plain-list muted" data-testid="link-graph-left-out">
          {notes.leftOut.map((note, i) => (
            <li key={i}>{note}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
