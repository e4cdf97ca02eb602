// @ts-check
// The step runner of the browser walks (run.mjs, topology.mjs): each step prints ✓ or ✗ with a note,
// a failed step leaves a screenshot and, when critical, stops the walk.

/** @typedef {{ name: string, ok: boolean, note?: string }} StepResult */

/**
 * @param {(name: string) => Promise<unknown>} onFailure  e.g. takes a screenshot named after the step
 */
export function stepRunner(onFailure) {
  /** @type {StepResult[]} */
  const results = [];
  /**
   * @param {string} name
   * @param {() => Promise<string | void>} fn  may return a note for the report
   * @param {{ critical?: boolean }} [options]
   */
  async function step(name, fn, options = {}) {
    try {
      const note = await fn();
      results.push({ name, ok: true, note: note || undefined });
      console.log(`  ✓ ${name}${note ? ` — ${note}` : ''}`);
    } catch (error) {
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      results.push({ name, ok: false, note: message });
      console.log(`  ✗ ${name} — ${message}`);
      await onFailure(`failed-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
      if (options.critical) throw new Error(`stopping: "${name}" is needed by every later step`);
    }
  }
  return { step, results };
}

/** @param {boolean} condition @param {string} message */
export function check(condition, message) {
  if (!condition) throw new Error(message);
}
