module.exports = {
  displayName: 'features',
  preset: '../../jest.preset.js',
};
