module.exports = {
  displayName: 'ingest',
  preset: '../../jest.preset.js',
  // light-my-request (fastify's inject) requires `cookie`, which is ESM-only since v2; jest's CommonJS
  // runtime cannot require ESM on Node 20, so swc compiles it like our own sources (as libs/service does).
  transformIgnorePatterns: ['/node_modules/(?!cookie/)'],
};
