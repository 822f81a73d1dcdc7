/**
 * The Kaiser window (Kaiser & Schafer 1980; Oppenheim & Schafer, "Discrete-Time Signal Processing", §7.5.3),
 * which the windowed-sinc filters here are shaped with: β trades the stopband's depth for the transition's width.
 */

/** The zeroth-order modified Bessel function of the first kind, by its power series (converged for x ≤ 20). */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 40; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
  }
  return sum;
}

/** The window at r ∈ [−1, 1] (its centre at 0; zero outside). */
export function kaiser(r: number, beta: number): number {
  return Math.abs(r) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - r * r)) / besselI0(beta);
}
