/** Time spent per model and cut-off, for the estimate of the time left. */
export class RefitCosts {
  private readonly spent = new Map<string, { seconds: number; count: number }>();

  /** Records `seconds` spent on one cut-off of `model`. */
  add(model: string, seconds: number): void {
    const total = this.spent.get(model) ?? { seconds: 0, count: 0 };
    this.spent.set(model, { seconds: total.seconds + seconds, count: total.count + 1 });
  }

  /**
   * Each model's mean seconds per cut-off so far times the cut-offs it has left: `refitsAfterThis` more, plus
   * this one for the models after index `doneInThis`. Undefined until every model ran once.
   */
  estimateLeft(models: readonly string[], refitsAfterThis: number, doneInThis: number): number | undefined {
    let left = 0;
    for (const [m, name] of models.entries()) {
      const s = this.spent.get(name);
      if (s === undefined) return undefined;
      left += (s.seconds / s.count) * (refitsAfterThis + (m > doneInThis ? 1 : 0));
    }
    return left;
  }
}
