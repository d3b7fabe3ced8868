import type { MessagePort } from 'node:worker_threads';
import { lazyTensorflow, modelKinds } from '@cf/model';
import { createLogger } from '@cf/service';
import { answerInvocation } from './answer-invocation';
import { loadModelDir } from './load-model-dir';
import {
  forwardError,
  type InvocationWorkerData,
  type WorkerMessage,
  type WorkerRequest,
} from './worker-messages';

/**
 * The body of an `/invocations` worker thread (`invocations-worker.js`): loads the model folder, says it is
 * ready (or why it could not load), then answers every request it is sent with `answerInvocation`, one at a
 * time, and sends back the answer or the error as plain data.
 */
export async function runInvocationWorker(port: MessagePort, data: InvocationWorkerData): Promise<void> {
  const send = (message: WorkerMessage) => port.postMessage(message);
  const logger = createLogger({ name: 'infer', level: data.logLevel }).child({ thread: 'invocations' });
  let loaded;
  try {
    loaded = await loadModelDir(
      data.modelDir,
      modelKinds(lazyTensorflow({ prefer: data.tfBackend, logger })),
    );
  } catch (error) {
    send({ type: 'load-failed', error: forwardError(error) });
    return;
  }
  const model = loaded;
  port.on('message', (request: WorkerRequest) => {
    answerInvocation(model, request.input, data.settings).then(
      (answer) => send({ type: 'answer', id: request.id, answer }),
      (error: unknown) => send({ type: 'error', id: request.id, error: forwardError(error) }),
    );
  });
  send({ type: 'ready', modelVersion: model.metadata.version });
}
