module.exports = {
  displayName: 'preprocess',
  preset: '../../jest.preset.js',
};
