/** Pictures of a version: the waveform with its sections, and the arrangement (parts × time by role). */
export { ARRANGEMENT_LAYOUT, arrangementHeight, arrangementPicture } from "./arrangement.js";
export { type Picture, WAVEFORM_SIZE, waveformPicture } from "./waveform.js";
