module.exports = {
  displayName: 'volatility',
  preset: '../../jest.preset.js',
};
