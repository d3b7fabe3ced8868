import { ObjectNotFoundError, StoreUnavailableError } from '@cf/storage';
import type { FastifyInstance } from 'fastify';
import { BusyError } from './errors';
import { buildServiceServer, listen } from './server';
import { captureLogger } from './testing';

describe('buildServiceServer', () => {
  let server: FastifyInstance;
  let lines: () => Record<string, unknown>[];

  function build(
    readiness?: Record<string, () => Promise<void>>,
    readinessTimeoutMs?: number,
  ): FastifyInstance {
    const captured = captureLogger('infer');
    lines = captured.lines;
    server = buildServiceServer({
      name: 'infer',
      logger: captured.logger,
      readiness,
      readinessTimeoutMs,
      bodyLimit: 1024,
    });
    return server;
  }

  afterEach(async () => {
    await server.close();
  });

  it('answers GET /health with the service name', async () => {
    build();

    const response = await server.inject({ method: 'GET', url: '/health' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', service: 'infer' });
  });

  it('answers GET /ready with 200 when every check passes', async () => {
    build({ store: async () => undefined, model: async () => undefined });

    const response = await server.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', checks: { store: 'ok', model: 'ok' } });
  });

  it('answers GET /ready with 503 naming each failing check and why', async () => {
    build(
      {
        store: async () => {
          throw new StoreUnavailableError('head', 'models/latest/metadata.json', new Error('ECONNREFUSED'));
        },
        model: async () => undefined,
        slow: () => new Promise<void>(() => undefined),
      },
      50,
    );

    const response = await server.inject({ method: 'GET', url: '/ready' });

    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({
      status: 'not-ready',
      checks: {
        store: "store head of 'models/latest/metadata.json' failed: ECONNREFUSED",
        model: 'ok',
        slow: "readiness check 'slow' timed out after 50 ms",
      },
    });
    expect(lines().map((line) => [line.level, line.msg, line.statusCode])).toEqual([
      ['warn', 'not ready', 503],
    ]);
  });

  it('answers typed errors with their status and code, and logs each failure once', async () => {
    build();
    server.get('/missing', async () => {
      throw new ObjectNotFoundError('predictions/latest/BTC.json');
    });
    server.post('/run', async () => {
      throw new BusyError('a run is already in progress');
    });
    server.get('/store', async () => {
      throw new StoreUnavailableError('get', 'x', new Error('timeout'));
    });

    const missing = await server.inject({ method: 'GET', url: '/missing' });
    const busy = await server.inject({ method: 'POST', url: '/run' });
    const store = await server.inject({ method: 'GET', url: '/store' });

    expect([missing.statusCode, busy.statusCode, store.statusCode]).toEqual([404, 409, 503]);
    expect(missing.json()).toEqual({
      error: 'STORAGE_NOT_FOUND',
      message: "no object at key 'predictions/latest/BTC.json'",
    });
    expect(busy.json()).toEqual({ error: 'SERVICE_BUSY', message: 'a run is already in progress' });
    const failures = lines().filter((line) => line.code !== undefined);
    expect(failures.map((line) => [line.code, line.statusCode, line.level])).toEqual([
      ['STORAGE_NOT_FOUND', 404, 'warn'],
      ['SERVICE_BUSY', 409, 'warn'],
      ['STORAGE_UNAVAILABLE', 503, 'error'],
    ]);
    expect(lines()).toHaveLength(3);
  });

  it('answers schema validation errors with 400 naming the bad field', async () => {
    build();
    server.post(
      '/forecast',
      {
        schema: {
          body: {
            type: 'object',
            required: ['symbol'],
            properties: { symbol: { type: 'string', pattern: '^[A-Z0-9]{1,15}$' } },
          },
        },
      },
      async () => ({ ok: true }),
    );

    const response = await server.inject({ method: 'POST', url: '/forecast', payload: { symbol: '../etc' } });

    expect(response.statusCode).toBe(400);
    const body = response.json() as { error: string; message: string };
    expect(body.error).toBe('SERVICE_INVALID_REQUEST');
    expect(body.message).toContain('body/symbol');
  });

  it("keeps fastify's own client errors: malformed JSON 400, body over the limit 413", async () => {
    build();
    server.post('/echo', async (request) => request.body);

    const malformed = await server.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"a":',
    });
    const large = await server.inject({ method: 'POST', url: '/echo', payload: { blob: 'x'.repeat(2000) } });

    expect(malformed.statusCode).toBe(400);
    expect((malformed.json() as { error: string }).error).toBe('FST_ERR_CTP_INVALID_JSON_BODY');
    expect(large.statusCode).toBe(413);
  });

  it('answers untyped errors with a generic 500, never a stack trace', async () => {
    build();
    server.get('/bug', async () => {
      const secretPath = '/srv/app/internal/config.json';
      throw new TypeError(`cannot read ${secretPath}`);
    });

    const response = await server.inject({ method: 'GET', url: '/bug' });

    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'INTERNAL', message: 'Internal server error' });
    expect(response.body).not.toContain('/srv/app');
    expect(response.body).not.toContain('at ');
    expect(lines().filter((line) => line.level === 'error')).toHaveLength(1);
  });

  it('answers unknown routes with a JSON 404', async () => {
    build();

    const response = await server.inject({ method: 'GET', url: '/nope?x=1' });

    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: 'SERVICE_ROUTE_NOT_FOUND',
      message: 'Route GET /nope?x=1 not found',
    });
  });

  it('logs one line per request, health checks at debug', async () => {
    build();
    server.get('/work', async () => ({ done: true }));

    await server.inject({ method: 'GET', url: '/health' });
    await server.inject({ method: 'GET', url: '/work' });

    expect(lines().map((line) => [line.level, line.url, line.statusCode])).toEqual([
      ['debug', '/health', 200],
      ['info', '/work', 200],
    ]);
  });

  it('serves on a real port through listen()', async () => {
    build({ store: async () => undefined });

    const address = await listen(server, { port: 0, host: '127.0.0.1' });
    const health = await fetch(`${address}/health`);
    const ready = await fetch(`${address}/ready`);

    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', service: 'infer' });
    expect(ready.status).toBe(200);
  });
});
