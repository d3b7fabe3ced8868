module.exports = {
  displayName: 'infer',
  preset: '../../jest.preset.js',
};
