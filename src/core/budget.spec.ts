import { Budget, BudgetExceeded } from './budget';

describe('planning budget', () => {
  it('lets work go on until its deadline, then stops it with BudgetExceeded naming the limit', () => {
    let now = 1_000;
    const budget = new Budget(50, () => now);
    budget.spend();
    now = 1_050;
    budget.spend(); // at the deadline: still within it
    now = 1_051;
    expect(() => budget.spend()).toThrow(BudgetExceeded);
    expect(() => budget.spend()).toThrow('planning took longer than 50 ms and was stopped');
  });

  it('is not a RangeError, which would tell the client its input was wrong', () => {
    expect(new BudgetExceeded(10)).not.toBeInstanceOf(RangeError);
  });

  it('never runs out when unlimited', () => {
    expect(() => Budget.unlimited.spend()).not.toThrow();
  });
});
