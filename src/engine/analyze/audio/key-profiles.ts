/**
 * Key profiles (pure data), index 0 = tonic.
 * Krumhansl & Kessler (1982), probe-tone ratings, as in Krumhansl, "Cognitive Foundations of Musical
 * Pitch" (1990), p. 30. Temperley, "Music and Probability" (2007), Kostka–Payne corpus profiles.
 */
export const KRUMHANSL_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88] as const;
export const KRUMHANSL_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17] as const;
export const TEMPERLEY_MAJOR = [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4] as const;
export const TEMPERLEY_MINOR = [
  0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33,
] as const;

/** Tonic spellings as key signatures usually write them (fewest accidentals; F# over Gb, C# minor over Db). */
export const MAJOR_TONICS = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"] as const;
export const MINOR_TONICS = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "G#", "A", "Bb", "B"] as const;
