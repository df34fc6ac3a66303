import { Params, ProblemCode, ProblemParams, problemText } from './problem-codes';

/**
 * A planner's refusal of input it cannot plan with: settings that make no sense (a weekday 9, a
 * discipline twice in a mix), a date outside the calendar, a search that finds no open day. It is
 * the caller's mistake, so the API answers it 422 with the code and parameters (api-errors.ts
 * `planned`); its message is the code's English. A RangeError, as the input is out of the planner's
 * range. A broken invariant of the planner itself is a plain Error instead: that is a bug, a 500.
 */
export class PlanningRefusal<C extends ProblemCode = ProblemCode> extends RangeError {
  readonly params: Params;

  constructor(
    readonly code: C,
    params: ProblemParams<C>,
  ) {
    super(problemText(code, params));
    this.name = 'PlanningRefusal';
    this.params = params;
  }
}
