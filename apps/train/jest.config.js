module.exports = {
  displayName: 'train',
  preset: '../../jest.preset.js',
};
