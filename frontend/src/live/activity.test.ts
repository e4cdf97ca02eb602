import { describe, expect, it } from 'vitest';
import { activityReducer, emptyActivity } from './activity';
import type { LiveEvent } from '../api/types';

const ev = (type: string, data: Record<string, unknown>, id?: number): LiveEvent => ({
  id,
  type,
  conversationId: 'c1',
  queryId: 'q1',
  timestamp: `2025-01-01T00:00:0${id ?? 0}Z`,
  data,
});

function fold(events: LiveEvent[]) {
  return events.reduce(activityReducer, emptyActivity);
}

describe('activityReducer', () => {
  it('keeps one card per task, agent and query and updates them in place', () => {
    const state = fold([
      ev('task:created', { queryId: 'q1', status: 'processing', message: 'Who uses express?' }, 1),
      ev('agent:spawned', { agentType: 'planner', attempt: 2, worker: 'pod-a' }, 2),
      ev('query:progress', { stage: 'plan', progress: 10, message: 'Planning' }, 3),
      ev('query:progress', { stage: 'retrieve', progress: 55, message: 'Retrieving', tools: ['dependents'], intent: 'dependents' }, 4),
    ]);
    expect(state.cards.map((c) => c.key).sort()).toEqual(['agent:q1:planner', 'query:q1', 'task:q1']);
    const query = state.cards.find((c) => c.key === 'query:q1')!;
    expect(query).toMatchObject({ progress: 55, stage: 'retrieve', message: 'Retrieving', detail: 'intent: dependents · tools: dependents' });
    expect(state.cards.find((c) => c.kind === 'agent')).toMatchObject({ title: 'Planner agent', detail: 'attempt 2 on pod-a', status: 'running' });
  });

  it('marks everything of a query finished on completion', () => {
    const state = fold([
      ev('task:created', { status: 'processing', message: 'Who uses express?' }, 1),
      ev('agent:spawned', { agentType: 'planner' }, 2),
      ev('query:progress', { progress: 70 }, 3),
      ev('query:completed', { status: 'completed', result: { answer: 'x' } }, 4),
    ]);
    expect(state.cards.find((c) => c.kind === 'query')).toMatchObject({ status: 'completed', progress: 100 });
    expect(state.cards.find((c) => c.kind === 'task')).toMatchObject({ status: 'completed', message: 'Who uses express?' });
    expect(state.cards.find((c) => c.kind === 'agent')?.status).toBe('done');
  });

  it('records failures and cancellations with their reason', () => {
    const failed = fold([ev('query:progress', { progress: 30 }, 1), ev('error', { status: 'failed', error: 'Model timed out' }, 2)]);
    expect(failed.cards[0]).toMatchObject({ status: 'failed', message: 'Model timed out', progress: 30 });
    const cancelled = fold([ev('task:created', { status: 'processing' }, 1), ev('task:updated', { status: 'cancelled' }, 2)]);
    expect(cancelled.cards[0]).toMatchObject({ kind: 'task', status: 'cancelled' });
  });

  it('clamps progress and ignores unrelated events', () => {
    const state = fold([ev('query:progress', { progress: 140 }, 1), ev('repository:progress', { phase: 'cloning' }, 2)]);
    expect(state.cards).toHaveLength(1);
    expect(state.cards[0].progress).toBe(100);
    expect(activityReducer(state, { type: 'clear' }).cards).toEqual([]);
  });
});
