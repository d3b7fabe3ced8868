import { isValidSymbol, type IsoDay } from '@cf/ohlcv';

/** The parts of a raw key laid out as `raw/source={src}/symbol={SYM}/dt={day}/candles.json`. */
export interface RawKeyParts {
  readonly source: string;
  readonly symbol: string;
  readonly day: IsoDay;
}

const RAW_KEY = /^raw\/source=([^/]+)\/symbol=([^/]+)\/dt=([^/]+)\/candles\.json$/;

/** The source, symbol and day a raw key names, or `undefined` when the key is not in the raw layout. */
export function parseRawKey(key: string): RawKeyParts | undefined {
  const match = RAW_KEY.exec(key);
  return match === null ? undefined : { source: match[1], symbol: match[2], day: match[3] };
}

/** The valid symbol a raw key names (its `symbol=`), if the key is in the raw layout: whose dataset it feeds. */
export function symbolOfRawKey(key: string): string | undefined {
  const symbol = parseRawKey(key)?.symbol;
  return symbol !== undefined && isValidSymbol(symbol) ? symbol : undefined;
}
