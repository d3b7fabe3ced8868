import { currentBackend, initTfBackend } from './init-tf-backend';

function tfjsNodeInstalled(): boolean {
  try {
    require.resolve('@tensorflow/tfjs-node');
    return true;
  } catch {
    return false;
  }
}

describe('initTfBackend', () => {
  it('picks tfjs-node when installed, else wasm (the case here), logs it, and is idempotent', async () => {
    const logged: Array<{ obj: object; msg?: string }> = [];
    const logger = { info: (obj: object, msg?: string) => logged.push({ obj, msg }) };
    expect(currentBackend()).toBeUndefined();

    const info = await initTfBackend({ logger });
    const again = await initTfBackend({ prefer: 'cpu', logger });

    const expected = tfjsNodeInstalled() ? 'tensorflow' : 'wasm';
    console.log(`tfjs backend under test: ${info.name} (${info.note})`);
    expect(info.name).toBe(expected);
    expect(info.tf.getBackend()).toBe(expected);
    expect(again).toBe(info);
    expect(currentBackend()).toBe(info);
    expect(logged).toEqual([
      { obj: { backend: expected, note: info.note }, msg: `tfjs backend: ${expected}` },
    ]);
    if (expected === 'wasm') {
      expect(info.note).toMatch(/threads off under Node/);
      expect(info.note).toMatch(/skipped tensorflow \(@tensorflow\/tfjs-node is not installed\)/);
    }
  });

  it('computes correctly on the chosen backend', async () => {
    const { tf } = await initTfBackend();

    const product = tf.tidy(() =>
      tf
        .matMul(
          tf.tensor2d([
            [1, 2],
            [3, 4],
          ]),
          tf.tensor2d([[5], [6]]),
        )
        .dataSync(),
    );

    expect(Array.from(product)).toEqual([17, 39]);
  });
});
