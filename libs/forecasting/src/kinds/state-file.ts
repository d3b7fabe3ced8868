import { CorruptModelStateError } from '../errors';
import type { ModelFiles } from '../forecaster';

/** The file name of a non-network kind's fitted state. */
export const STATE_JSON = 'state.json';

/** `state` as the one file of a model version's kind-specific part. */
export function stateFiles(state: unknown): ModelFiles {
  return new Map([[STATE_JSON, new TextEncoder().encode(`${JSON.stringify(state, null, 2)}\n`)]]);
}

/** The parsed `state.json` of `files`; a missing or unreadable one throws naming the model. */
export function readStateFile(model: string, files: ModelFiles): unknown {
  const bytes = files.get(STATE_JSON);
  if (bytes === undefined) throw new CorruptModelStateError(model, STATE_JSON, 'is missing from its version');
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new CorruptModelStateError(model, STATE_JSON, `is not JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
}
