/**
 * A short evocative title from the mood and the style ("Neon Overdrive", "Paper Lanterns"), chosen by the seed.
 * ASCII on purpose: titles become file names.
 */
import { createRng } from "../dsp/random.js";

const MOOD_WORDS: Record<string, string[]> = {
  happy: ["Sunny", "Golden", "Bright", "Sunlit"],
  uplifting: ["Rising", "Higher", "Open", "New"],
  upbeat: ["Bright", "Bouncing", "Quick", "Sunny"],
  playful: ["Paper", "Bubble", "Pocket", "Tiny"],
  romantic: ["Tender", "Velvet", "Rose", "First"],
  warm: ["Warm", "Amber", "Hearth", "Honey"],
  gentle: ["Soft", "Feather", "Quiet", "Still"],
  peaceful: ["Still", "Calm", "Slow", "Quiet"],
  chill: ["Lazy", "Easy", "Slow", "Mellow"],
  dreamy: ["Dream", "Cloud", "Drifting", "Hazy"],
  nostalgic: ["Faded", "Old", "Polaroid", "Yesterday"],
  sad: ["Grey", "Fading", "Empty", "Lost"],
  moody: ["Blue", "Dim", "Midnight", "Late"],
  dark: ["Shadow", "Black", "Hollow", "Night"],
  tense: ["Hidden", "Silent", "Restless", "Cold"],
  spooky: ["Haunted", "Hollow", "Phantom", "Crooked"],
  mysterious: ["Secret", "Veiled", "Hidden", "Far"],
  epic: ["Titan", "Iron", "Last", "Endless"],
  triumphant: ["Victory", "Crown", "Glory", "Summit"],
  aggressive: ["Savage", "Iron", "Wild", "Burning"],
  intense: ["Burning", "Edge", "Pulse", "Critical"],
  energetic: ["Electric", "Turbo", "Full", "High"],
  groovy: ["Smooth", "Loose", "Velvet", "Funky"],
  emotional: ["Heart", "Open", "Distant", "Long"],
  festive: ["Festival", "Lantern", "Confetti", "Holiday"],
  elegant: ["Silk", "Marble", "Crystal", "Ivory"],
  adventurous: ["Wild", "Far", "Open", "Brave"],
  focused: ["Clear", "Deep", "Steady", "Quiet"],
  futuristic: ["Chrome", "Orbit", "Digital", "Quantum"],
  quiet: ["Whisper", "Quiet", "Low", "Still"],
};

const STYLE_WORDS: Record<string, string[]> = {
  pop: ["Heartbeat", "Summer", "Signals", "Daylight"],
  rock: ["Highway", "Thunder", "Engine", "Riot"],
  electronic: ["Circuit", "Voltage", "Frequency", "Pulse"],
  house: ["Groove", "Floor", "After Hours", "Motion"],
  techno: ["Machine", "Warehouse", "System", "Loop"],
  trance: ["Horizon", "Skyline", "Euphoria", "Aurora"],
  drum_and_bass: ["Velocity", "Rush", "Runner", "Breaks"],
  dubstep: ["Quake", "Impact", "Bassline", "Rupture"],
  synthwave: ["Neon", "Night Drive", "Overdrive", "Sunset Boulevard"],
  lofi: ["Rainy Window", "Study Notes", "Coffee", "Late Tapes"],
  boom_bap: ["Corner", "Crates", "Block", "Tapes"],
  trap: ["Nightfall", "Ice", "Smoke", "Pressure"],
  jazz: ["Blue Room", "Late Set", "Nightcap", "Smoke Rings"],
  bossa_nova: ["Copacabana", "Sea Breeze", "Samba Sun", "Ipanema Evening"],
  blues: ["Crossroads", "Delta", "Whiskey", "Backroad"],
  funk: ["Strut", "Get Down", "Soul Train", "Groove"],
  disco: ["Mirrorball", "Saturday", "Boogie", "Glitter"],
  reggae: ["Island", "Sunshine", "Riddim", "Harbour"],
  latin: ["Fuego", "Noche", "Caliente", "Fiesta"],
  afrobeat: ["Lagos", "Sunrise", "Market", "Rhythm"],
  country: ["Dust Road", "Front Porch", "Open Range", "Whiskey River"],
  folk: ["Meadow", "Wanderer", "Hillside", "Campfire"],
  acoustic: ["Morning", "Road Trip", "Postcards", "Field"],
  piano_solo: ["Reverie", "Letter", "Snowfall", "Nocturne"],
  ambient: ["Tides", "Drift", "Horizon", "Breath"],
  cinematic: ["Reckoning", "Descent", "Pursuit", "Shadows"],
  orchestral: ["Overture", "Kingdom", "Voyage", "Anthem"],
  trailer: ["Ascension", "Judgement", "Colossus", "Dawn of War"],
  chiptune: ["Level Up", "Pixel Quest", "Power Up", "Bonus Stage"],
  chinese_traditional: ["Lanterns", "Bamboo Grove", "Jade River", "Plum Blossom"],
  celtic: ["Highlands", "Green Hills", "Emerald", "Harbour Jig"],
  gospel: ["Sunday", "Glory", "Praise", "Hallelujah"],
  childrens: ["Playground", "Balloon", "Tiny Steps", "Sunny Day"],
  corporate: ["Momentum", "Forward", "Vision", "Progress"],
  waltz: ["Waltz", "Ballroom", "Carousel", "Music Box"],
};

export function makeTitle(style: string, moods: string[], seed: number): string {
  const rng = createRng(seed).fork("title");
  const nouns = STYLE_WORDS[style] ?? ["Sketch", "Theme", "Piece"];
  const noun = rng.pick(nouns) ?? "Theme";
  const mood = moods.find((m) => MOOD_WORDS[m]);
  const adjectives = mood ? (MOOD_WORDS[mood] ?? []) : [];
  const adjective = rng.pick(adjectives);
  if (!adjective || noun.includes(" ") || noun.startsWith(adjective)) return noun;
  return `${adjective} ${noun}`;
}
