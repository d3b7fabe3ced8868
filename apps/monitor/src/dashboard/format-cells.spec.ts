import { priceText, signedPct } from './format-cells';

describe('priceText', () => {
  it('groups thousands without decimals, keeps two decimals from 1 and four significant digits below', () => {
    // act / assert
    expect([42150.49, 1234567.5, 999.994, 2.5, 1, 0.52134, 0.000123456].map(priceText)).toEqual([
      '42,150',
      '1,234,568',
      '999.99',
      '2.50',
      '1.00',
      '0.5213',
      '0.0001235',
    ]);
  });
});

describe('signedPct', () => {
  it('shows the sign of a share as a percentage with one decimal', () => {
    // act / assert
    expect([0.021, -0.0065, 0].map(signedPct)).toEqual(['+2.1%', '-0.7%', '+0.0%']);
  });
});
