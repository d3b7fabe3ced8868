import { readoutLayer, type ChartReadout } from './chart-readout';

describe('readoutLayer', () => {
  const frame = { left: 50, right: 650, top: 30, bottom: 230, sx: (x: number) => 50 + (x - 100) * 20 };
  const readouts: ChartReadout[] = [
    { x: 110, date: '2024-01-11', lines: ['2024-01-11', 'median 42,000'] },
    { x: 100, date: '2024-01-01', lines: ['2024-01-01', 'a <b> & "c"'] },
    { x: 130, date: '2024-01-31', lines: ['2024-01-31', 'a long line that would not fit right of the day'] },
  ];
  const attributes = (svg: string, element: string) =>
    [...svg.matchAll(new RegExp(`<${element} ([^>]*)>`, 'g'))].map((m) =>
      Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
    );

  it('gives every day a focusable column, in day order, tiling the plot without gaps or overlaps', () => {
    // act
    const svg = readoutLayer(readouts, frame);

    // assert
    const days = attributes(svg, 'g class="day"');
    expect(days.map((d) => [d['data-date'], d.tabindex])).toEqual([
      ['2024-01-01', '0'],
      ['2024-01-11', '0'],
      ['2024-01-31', '0'],
    ]);
    const hits = attributes(svg, 'rect class="hit"').map((r) => [Number(r.x), Number(r.x) + Number(r.width)]);
    // day pixels 50, 250, 650: columns 50..150, 150..450, 450..650
    expect(hits).toEqual([
      [50, 150],
      [150, 450],
      [450, 650],
    ]);
  });

  it('keeps each readout box inside the plot, beside its day, with the lines escaped', () => {
    // act
    const svg = readoutLayer(readouts, frame);

    // assert
    const boxes = attributes(svg, 'rect class="box"').map((b) => [
      Number(b.x),
      Number(b.x) + Number(b.width),
    ]);
    const guides = attributes(svg, 'line class="guide"').map((g) => Number(g.x1));
    expect(guides).toEqual([50, 250, 650]);
    boxes.forEach(([from, to], i) => {
      expect(from).toBeGreaterThanOrEqual(frame.left);
      expect(to).toBeLessThanOrEqual(frame.right);
      expect(to <= guides[i] || from >= guides[i]).toBe(true);
    });
    expect(svg).toContain('>a &lt;b&gt; &amp; &quot;c&quot;</tspan>');
    expect(svg).toContain('aria-label="2024-01-11; median 42,000"');
    expect(readoutLayer([], frame)).toBe('<g class="readouts"></g>');
  });
});
