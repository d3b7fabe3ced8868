module.exports = {
  displayName: 'ingest',
  preset: '../../jest.preset.js',
};
