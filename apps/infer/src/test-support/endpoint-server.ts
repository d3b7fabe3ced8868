import { modelKinds } from '@cf/model';
import { captureLogger } from '@cf/service/testing';
import { buildServer } from '../server';
import { loadModelDir } from '../server/load-model-dir';
import { createModelSlot } from '../server/model-slot';

/** An in-process endpoint serving a model folder on a loopback port, as `serve` answers with no workers. */
export interface TestEndpoint {
  readonly url: string;
  /** Closes the server and disposes the model. */
  close(): Promise<void>;
}

/** Loads `modelDir` and listens on a free loopback port with the production limits. */
export async function startTestEndpoint(modelDir: string, clock: () => Date): Promise<TestEndpoint> {
  const slot = createModelSlot(modelDir);
  slot.set(await loadModelDir(modelDir, modelKinds()));
  const server = await buildServer({
    logger: captureLogger().logger,
    clock,
    slot,
    oodZLimit: 4,
    limits: { maxBytes: 6 << 20, maxSymbols: 100, maxRows: 5000 },
  });
  const url = await server.listen({ port: 0, host: '127.0.0.1' });
  return {
    url,
    async close() {
      await server.close();
      slot.current()?.forecaster.dispose();
    },
  };
}
