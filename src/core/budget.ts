/**
 * How long a planner may compute. A timer cannot interrupt synchronous work: while a planner runs,
 * nothing else in the process does, `/health` and Ctrl-C included. So the planners look at their
 * budget inside their loops (`spend()`) and stop with BudgetExceeded once it is gone, which the API
 * answers 503. Reading the clock costs some 30 ns, far below one step of any planner loop.
 */
export class Budget {
  /** For callers with nobody waiting on them, such as unit tests of the plans themselves. */
  static readonly unlimited = new Budget(Infinity);

  private readonly deadline: number;

  /**
   * @param limitMs how long from now
   * @param clock milliseconds, `Date.now` unless a test drives it
   */
  constructor(
    readonly limitMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    this.deadline = clock() + limitMs;
  }

  /** Throws BudgetExceeded once the deadline has passed. */
  spend(): void {
    if (this.clock() > this.deadline) throw new BudgetExceeded(this.limitMs);
  }
}

/** Planning stopped at its budget. Not a RangeError: it says nothing about the input being wrong. */
export class BudgetExceeded extends Error {
  constructor(readonly limitMs: number) {
    super(`planning took longer than ${limitMs} ms and was stopped`);
    this.name = 'BudgetExceeded';
  }
}
