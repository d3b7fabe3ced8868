module.exports = {
  displayName: 'ohlcv',
  preset: '../../jest.preset.js',
};
