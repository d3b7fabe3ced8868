module.exports = {
  displayName: 'networks',
  preset: '../../jest.preset.js',
};
