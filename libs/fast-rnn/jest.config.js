module.exports = {
  displayName: 'fast-rnn',
  preset: '../../jest.preset.js',
};
