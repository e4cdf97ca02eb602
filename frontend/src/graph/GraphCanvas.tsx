import { useEffect, useRef } from 'react';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type { GraphView, GraphNode } from '../api/types';

interface GraphCanvasProps {
  view: GraphView;
  selectedId: string | null;
  onSelect: (node: GraphNode | null) => void;
}

const ECOSYSTEM_COLORS: Record<string, string> = {
  npm: '#c0392b',
  maven: '#b9770e',
  nuget: '#6c3483',
  go: '#117a8b',
  python: '#2e6b30',
};

function cssVar(name: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

export function toElements(view: GraphView): ElementDefinition[] {
  const ids = new Set(view.nodes.map((n) => n.id));
  const nodes: ElementDefinition[] = view.nodes.map((n) => ({
    data: { id: n.id, label: n.label, kind: n.kind, ecosystem: n.ecosystem ?? '' },
    classes: n.kind,
  }));
  const edges: ElementDefinition[] = view.edges
    .filter((e) => ids.has(e.source) && ids.has(e.target))
    .map((e, i) => ({
      data: { id: `e${i}:${e.source}->${e.target}:${e.kind}`, source: e.source, target: e.target, kind: e.kind, version: e.version ?? '' },
      classes: e.kind,
    }));
  return [...nodes, ...edges];
}

export function GraphCanvas({ view, selectedId, onSelect }: GraphCanvasProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  useEffect(() => {
    if (!containerRef.current) return;
    const text = cssVar('--text', '#1b1f24');
    const surface = cssVar('--surface', '#ffffff');
    const accent = cssVar('--accent', '#1f4fd1');
    const cy = cytoscape({
      container: containerRef.current,
      elements: toElements(view),
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 3,
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'font-size': 12,
            color: text,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            'text-outline-color': surface,
            'text-outline-width': 2,
            width: 18,
            height: 18,
          },
        },
        {
          selector: 'node.repository',
          style: { shape: 'round-rectangle', 'background-color': accent, width: 26, height: 26, 'font-weight': 'bold' },
        },
        ...Object.entries(ECOSYSTEM_COLORS).map(([eco, color]) => ({
          selector: `node.package[ecosystem = "${eco}"]`,
          style: { 'background-color': color },
        })),
        { selector: 'node.package', style: { shape: 'ellipse' } },
        { selector: 'node.package[ecosystem = ""]', style: { 'background-color': '#6b7280' } },
        {
          selector: 'edge',
          style: {
            width: 1.2,
            'curve-style': 'bezier',
            'target-arrow-shape': 'triangle',
            'arrow-scale': 0.8,
            'line-color': '#9aa3ad',
            'target-arrow-color': '#9aa3ad',
          },
        },
        { selector: 'edge.PUBLISHES', style: { 'line-style': 'dashed', 'line-color': '#2e8b57', 'target-arrow-color': '#2e8b57' } },
        { selector: 'edge.DEPENDS_ON_REPO', style: { width: 2.2, 'line-color': accent, 'target-arrow-color': accent } },
        { selector: '.faded', style: { opacity: 0.15 } },
        { selector: 'node:selected', style: { 'border-width': 3, 'border-color': '#f5a623' } },
      ],
      layout: {
        name: 'cose',
        animate: false,
        nodeDimensionsIncludeLabels: true,
        numIter: view.nodes.length > 400 ? 300 : 1000,
        randomize: true,
      } as cytoscape.LayoutOptions,
    });
    cy.on('tap', 'node', (event) => {
      const data = event.target.data();
      onSelectRef.current({ id: data.id, label: data.label, kind: data.kind, ecosystem: data.ecosystem || null });
    });
    cy.on('tap', (event) => {
      if (event.target === cy) onSelectRef.current(null);
    });
    cyRef.current = cy;
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
  }, [view]);

  // Highlight the selected node's neighbourhood and bring it into view.
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    cy.elements().removeClass('faded').unselect();
    if (!selectedId) return;
    const node = cy.getElementById(selectedId);
    if (node.empty()) return;
    const neighbourhood = node.closedNeighborhood();
    cy.elements().not(neighbourhood).addClass('faded');
    node.select();
    cy.animate({ center: { eles: node }, duration: 250 });
  }, [selectedId, view]);

  return (
    <div className="graph-canvas-wrap">
      <div
        ref={containerRef}
        className="graph-canvas"
        role="img"
        aria-label={`Dependency graph with ${view.nodes.length} nodes and ${view.edges.length} edges. Use the node list to explore it with a keyboard.`}
      />
      <div className="graph-controls">
        <button type="button" className="btn btn-small" onClick={() => cyRef.current?.fit(undefined, 30)}>
          Fit
        </button>
        <button type="button" className="btn btn-small" onClick={() => cyRef.current?.zoom(cyRef.current.zoom() * 1.25)} aria-label="Zoom in">
          +
        </button>
        <button type="button" className="btn btn-small" onClick={() => cyRef.current?.zoom(cyRef.current.zoom() / 1.25)} aria-label="Zoom out">
          −
        </button>
      </div>
    </div>
  );
}
