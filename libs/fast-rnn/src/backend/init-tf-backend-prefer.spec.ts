import { initTfBackend } from './init-tf-backend';

// A separate file, so the module's once-per-process state starts fresh (Jest isolates modules per file).
describe('initTfBackend with a preference', () => {
  it('honours prefer: cpu (what TF_BACKEND=cpu passes) and says so', async () => {
    const info = await initTfBackend({ prefer: 'cpu' });

    expect(info.name).toBe('cpu');
    expect(info.tf.getBackend()).toBe('cpu');
    expect(info.note).toMatch(/cpu backend/);
  });
});
