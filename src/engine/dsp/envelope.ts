/**
 * ADSR envelope, one value per sample: linear attack (no click), exponential decay and release (what
 * analogue envelopes and real instruments do). Times in seconds; decay/release are times to −60 dB.
 */
export interface Adsr {
  attack: number;
  decay: number;
  /** 0..1 */
  sustain: number;
  release: number;
}

enum Stage {
  Attack = 0,
  Decay = 1,
  Sustain = 2,
  Release = 3,
  Done = 4,
}

/** Coefficient per sample so that a level falls by 60 dB in `seconds`. */
export function decayCoefficient(seconds: number, sampleRate: number): number {
  return Math.exp(Math.log(0.001) / Math.max(seconds * sampleRate, 1));
}

export class Envelope {
  value = 0;
  private stage = Stage.Attack;
  private readonly attackStep: number;
  private readonly decayCoef: number;
  private readonly releaseCoef: number;
  private readonly sustain: number;

  constructor(shape: Adsr, sampleRate: number) {
    this.attackStep = 1 / Math.max(shape.attack * sampleRate, 16);
    this.decayCoef = decayCoefficient(shape.decay, sampleRate);
    this.releaseCoef = decayCoefficient(shape.release, sampleRate);
    this.sustain = shape.sustain;
  }

  get done(): boolean {
    return this.stage === Stage.Done;
  }

  release(): void {
    if (this.stage !== Stage.Done) this.stage = Stage.Release;
  }

  next(): number {
    switch (this.stage) {
      case Stage.Attack:
        this.value += this.attackStep;
        if (this.value >= 1) {
          this.value = 1;
          this.stage = Stage.Decay;
        }
        break;
      case Stage.Decay:
        this.value = this.sustain + (this.value - this.sustain) * this.decayCoef;
        if (this.value - this.sustain < 1e-4) this.stage = Stage.Sustain;
        break;
      case Stage.Sustain:
        this.value = this.sustain;
        if (this.sustain < 1e-4) this.stage = Stage.Done;
        break;
      case Stage.Release:
        this.value *= this.releaseCoef;
        // −60 dB: the end of the release time, and where a stored note is trimmed anyway
        if (this.value < 1e-3) {
          this.value = 0;
          this.stage = Stage.Done;
        }
        break;
      default:
        this.value = 0;
    }
    return this.value;
  }

  /** Multiplies buf[0, n) by the next n envelope values times `gain` (the same values next() would give). */
  applyTo(buf: Float32Array, n: number, gain: number): void {
    let i = 0;
    let v = this.value;
    while (i < n) {
      if (this.stage === Stage.Attack) {
        const step = this.attackStep;
        for (; i < n; i++) {
          v += step;
          if (v >= 1) {
            v = 1;
            this.stage = Stage.Decay;
            buf[i]! *= gain;
            i++;
            break;
          }
          buf[i]! *= v * gain;
        }
      } else if (this.stage === Stage.Decay) {
        const s = this.sustain;
        const c = this.decayCoef;
        for (; i < n; i++) {
          v = s + (v - s) * c;
          buf[i]! *= v * gain;
          if (v - s < 1e-4) {
            this.stage = Stage.Sustain;
            i++;
            break;
          }
        }
      } else if (this.stage === Stage.Sustain) {
        v = this.sustain;
        if (v < 1e-4) {
          this.stage = Stage.Done;
          buf[i]! *= v * gain;
          i++;
          continue;
        }
        const g = v * gain;
        for (; i < n; i++) buf[i]! *= g;
      } else if (this.stage === Stage.Release) {
        const c = this.releaseCoef;
        for (; i < n; i++) {
          v *= c;
          if (v < 1e-3) {
            v = 0;
            this.stage = Stage.Done;
            break;
          }
          buf[i]! *= v * gain;
        }
      } else {
        v = 0;
        for (; i < n; i++) buf[i] = 0;
      }
    }
    this.value = v;
  }

  /** Advances n samples without output (an envelope read only at control rate). */
  advance(n: number): void {
    for (let i = 0; i < n; i++) this.next();
  }
}
