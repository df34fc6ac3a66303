/** A half-open time range [start, end) in epoch milliseconds: cheap to compare, no time zone ambiguity. */
export interface Interval {
  start: number;
  end: number;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

export function contains(outer: Interval, inner: Interval): boolean {
  return outer.start <= inner.start && inner.end <= outer.end;
}

export function intervalOf(start: Date, end: Date): Interval {
  return { start: start.getTime(), end: end.getTime() };
}
