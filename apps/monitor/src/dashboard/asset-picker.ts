import { escapeHtml as e } from './html';

// Picking an asset without script: one radio input per asset, placed before the panels (siblings), so that
// `#pick-N:checked ~ .panel-N` shows the picked panel; the labels are the tabs. Radios are keyboard-reachable
// (Tab into the group, arrows to move).

/** The radio inputs and their tabs, to be followed (as siblings) by the panels `assetPanelClass(i)`. */
export function assetPicker(symbols: readonly string[]): string {
  const inputs = symbols
    .map(
      (symbol, i) =>
        `<input type="radio" name="asset" class="pick" id="${pickId(i)}" aria-label="${e(symbol)}"${i === 0 ? ' checked' : ''}>`,
    )
    .join('');
  const tabs = symbols
    .map((symbol, i) => `<label for="${pickId(i)}" data-symbol="${e(symbol)}">${e(symbol)}</label>`)
    .join('');
  return `${inputs}<div class="tabs" role="presentation"><span class="meta">Asset:</span>${tabs}</div>`;
}

/** The class of the `i`th asset's panel. */
export function assetPanelClass(i: number): string {
  return `panel-${i}`;
}

/** The rules showing the picked panel and marking its tab (by index: symbols never enter the stylesheet). */
export function assetPickerCss(count: number): string {
  const rules: string[] = [];
  for (let i = 0; i < count; i++) {
    const input = `#${pickId(i)}`;
    rules.push(
      `${input}:checked ~ .${assetPanelClass(i)} { display: block; }`,
      `${input}:checked ~ .tabs label[for="${pickId(i)}"] { background: var(--ink); color: #fff; border-color: var(--ink); }`,
      `${input}:focus-visible ~ .tabs label[for="${pickId(i)}"] { outline: 2px solid #2563eb; outline-offset: 2px; }`,
    );
  }
  return rules.join('\n');
}

function pickId(i: number): string {
  return `pick-${i}`;
}
