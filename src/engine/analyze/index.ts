/**
 * References: import (copy or download, sniff, cap, analyse, store) and the analysers behind it.
 * `importReference` is what upload_reference calls; `analyzeReference` re-reads a file already stored.
 */
export { type AnalyzedFile, type AnalyzeOptions, analyzeFile, analyzeReference } from "./analyze-file.js";
export { analyzePcm, decodeWav } from "./audio/index.js";
export { type ImportOptions, importReference, type ReferenceSource } from "./import.js";
export { sniffFormat } from "./sniff.js";
export type { ImportLimits, ReferenceDetails, ReferenceFormat, StoredReference } from "./types.js";
export { DEFAULT_LIMITS, SUPPORTED_FORMATS } from "./types.js";
export { detectSceneCuts, readMp4Info } from "./video/index.js";
