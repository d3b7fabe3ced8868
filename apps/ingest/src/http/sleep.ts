import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`; rejects when `signal` aborts. Injected so tests never really wait. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** The real sleep, abortable. */
export const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, signal === undefined ? undefined : { signal });
};
