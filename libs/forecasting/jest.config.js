module.exports = {
  displayName: 'forecasting',
  preset: '../../jest.preset.js',
};
