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
        if (this.value < 1e-4) {
          this.value = 0;
          this.stage = Stage.Done;
        }
        break;
      default:
        this.value = 0;
    }
    return this.value;
  }
}
