import { parseProviderJson } from './provider-json';

describe('parseProviderJson', () => {
  it('reads plain JSON and JSON behind a UTF-8 byte-order mark alike', () => {
    expect(parseProviderJson('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    expect(parseProviderJson('\uFEFF{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('reads bare NaN, Infinity and -Infinity in value position as those numbers', () => {
    const text = '{"Data":{"Data":[{"time":1,"close":NaN,"high": Infinity,"low":-Infinity},[NaN , 2]]}}';

    const parsed = parseProviderJson(text);

    expect(parsed).toEqual({
      ok: true,
      value: { Data: { Data: [{ time: 1, close: NaN, high: Infinity, low: -Infinity }, [NaN, 2]] } },
    });
  });

  it('leaves the same words inside strings alone', () => {
    const text = '{"note":"NaN, Infinity and \\"-Infinity\\"","v":NaN}';

    expect(parseProviderJson(text)).toEqual({
      ok: true,
      value: { note: 'NaN, Infinity and "-Infinity"', v: NaN },
    });
  });

  it('refuses what is not JSON, with the parser message, even around a special token', () => {
    for (const text of ['<html>502 Bad Gateway</html>', '{"a":NaNa}', '{"a":1', '', '\uFEFF', 'NaN NaN']) {
      const parsed = parseProviderJson(text);
      expect(parsed.ok).toBe(false);
      expect(parsed.ok ? '' : parsed.detail).toMatch(/JSON|Unexpected/);
    }
  });

  it('stays strict for a text that already holds the escape its placeholders use', () => {
    expect(parseProviderJson('["\\u0000cf-special:NaN", NaN]').ok).toBe(false);
  });
});
