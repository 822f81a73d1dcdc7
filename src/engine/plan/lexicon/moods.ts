/**
 * Mood and tempo words (English and Chinese) with what they imply: energy 0..1, valence (+1 leans major, -1 minor),
 * a tempo range for words that are about speed, and a style for briefs that name no genre. Data only.
 */
import type { StyleId } from "../../theory/voices.js";
import { words } from "./list.js";

export interface MoodWord {
  mood: string;
  words: string[];
  energy: number;
  valence: number;
  tempo?: [number, number];
  hint?: StyleId;
}

const m = (
  mood: string,
  energy: number,
  valence: number,
  words: string[],
  extra: { tempo?: [number, number]; hint?: StyleId } = {},
): MoodWord => ({ mood, words, energy, valence, ...extra });

export const MOOD_WORDS: MoodWord[] = [
  m(
    "happy",
    0.65,
    1,
    words(
      "happy|happier|cheerier|more cheerful|joyful|cheerful|fun|bright|sunny|feel-good|feel good|carefree|bright and happy|快乐|开心|欢快|愉快|阳光|欢乐|高兴",
    ),
  ),
  m(
    "uplifting",
    0.7,
    1,
    words(
      "anthemic|anthem|uplifting|inspiring|inspirational|motivational|motivating|hopeful|positive|optimistic|empowering|励志|积极|希望|正能量|振奋|鼓舞|向上",
    ),
  ),
  m("upbeat", 0.7, 1, words("upbeat|lively|bouncy|peppy|perky|light-hearted|lighthearted|轻快|活泼|明快"), {
    tempo: [108, 128],
  }),
  m(
    "playful",
    0.6,
    1,
    words(
      "playful|comedy|comedic|comic|quirky|whimsical|cute|silly|funny|mischievous|bubbly|俏皮|可爱|顽皮|搞笑|诙谐|萌",
    ),
  ),
  m(
    "romantic",
    0.35,
    1,
    words("romantic|love song|in love|love theme|loving|tender|sweet|intimate|浪漫|爱情|甜蜜|柔情"),
  ),
  m("warm", 0.4, 1, words("warm|cozy|cosy|heartwarming|温暖|温馨|暖")),
  m("gentle", 0.28, 0, words("gentle|lilting|soft|delicate|light|温柔|柔和|轻柔|轻盈")),
  m(
    "peaceful",
    0.18,
    0,
    words(
      "peaceful|serene|tranquil|calm|calming|relaxing|relaxed|soothing|restful|meditative|zen|平静|宁静|安静|放松|治愈|安宁|祥和|静谧",
    ),
  ),
  m("lullaby", 0.15, 1, words("lullaby|lullabies|bedtime|摇篮曲|催眠曲|睡前"), {
    hint: "piano_solo",
    tempo: [60, 80],
  }),
  m(
    "chill",
    0.35,
    0,
    words("chill|chilled|laid-back|laid back|laidback|mellow|easygoing|easy-going|smooth|轻松|惬意|慵懒|悠闲|随性"),
  ),
  m(
    "dreamy",
    0.3,
    0,
    words("dreamy|sparkly|sparkling|twinkling|hypnotic|trippy|ethereal|floating|hazy|airy|magical|梦幻|缥缈|朦胧|唯美"),
  ),
  m("nostalgic", 0.4, 0, words("nostalgic|retro|vintage|throwback|wistful|bittersweet|reminiscent|怀旧|回忆|复古")),
  m(
    "sad",
    0.28,
    -1,
    words(
      "sad|sadder|more sad|more melancholic|melancholic|melancholy|sorrowful|mournful|heartbreaking|somber|sombre|tragic|grief|lonely|悲伤|伤感|忧伤|难过|哀伤|忧郁|孤独|寂寞|凄凉|悲壮",
    ),
  ),
  m("moody", 0.4, -1, words("moody|brooding|gloomy|introspective|阴郁|低沉|沉郁")),
  m("dark", 0.55, -1, words("dark|ominous|sinister|menacing|foreboding|gritty|黑暗|阴暗|压抑")),
  m(
    "tense",
    0.6,
    -1,
    words(
      "tense|heist|spy|tension|suspense|suspenseful|thriller|anxious|nervous|stealth|stealthy|urgent|紧张|悬疑|惊悚|不安|紧迫|潜行",
    ),
    { hint: "cinematic" },
  ),
  m(
    "spooky",
    0.45,
    -1,
    words("spooky|scary|creepy|eerie|haunted|haunting|horror|halloween|ghostly|恐怖|诡异|阴森|万圣节|鬼魅|惊悚"),
    { hint: "cinematic" },
  ),
  m("mysterious", 0.4, -1, words("mysterious|mystery|enigmatic|curious|secretive|神秘|悬念|迷离"), {
    hint: "cinematic",
  }),
  m("epic", 0.88, 0, words("epic|heroic|grand|majestic|monumental|massive|史诗|宏大|壮阔|大气|磅礴|英雄|恢弘|气势"), {
    hint: "cinematic",
  }),
  m("triumphant", 0.85, 1, words("triumphant|victorious|victory|celebratory|fanfare|胜利|凯旋"), {
    hint: "orchestral",
  }),
  m(
    "aggressive",
    0.92,
    -1,
    words("aggressive|angry|fierce|furious|hard-hitting|brutal|heavy|rage|愤怒|狂暴|凶猛|暴躁"),
  ),
  m(
    "intense",
    0.85,
    0,
    words(
      "intense|dramatic|powerful|action|action-packed|thrilling|explosive|battle|fight|combat|war|chase|动作|动作片|打斗|战斗|追逐|激烈|紧凑|戏剧性|震撼|有力",
    ),
  ),
  m(
    "energetic",
    0.85,
    0,
    words(
      "energetic|high-energy|high energy|driving|pumping|punchy|hype|hyped|dynamic|动感|有活力|激昂|强劲|燃|热血|炸|带劲|充满活力|嗨",
    ),
    { tempo: [120, 135] },
  ),
  m("groovy", 0.65, 0, words("groovy|grooving|bouncy groove|律动|有律动|摇摆")),
  m(
    "emotional",
    0.45,
    0,
    words("emotional|heartfelt|touching|moving|sentimental|poignant|感人|深情|抒情|动人|走心|煽情"),
  ),
  m(
    "festive",
    0.75,
    1,
    words("festive|christmas|xmas|holiday|party|celebration|new year|喜庆|节日|派对|过年|春节|新年|圣诞|庆典"),
  ),
  m(
    "elegant",
    0.45,
    1,
    words("elegant|classy|sophisticated|luxury|luxurious|premium|stylish|优雅|高级|典雅|高端|时尚"),
  ),
  m(
    "adventurous",
    0.8,
    1,
    words("adventurous|fantasy|medieval|quest|adventure|exciting|exploration|journey|冒险|刺激|探险|旅程"),
  ),
  m("focused", 0.3, 0, words("focused|focus|concentration|productive|专注|集中")),
  m(
    "futuristic",
    0.6,
    0,
    words(
      "futuristic|sci-fi|scifi|outer space|space theme|space music|space odyssey|cosmic|digital|tech|科幻|未来|太空|科技感",
    ),
  ),
  m("quiet", 0.15, 0, words("quiet|minimal|sparse|minimalist|subtle|understated|soft and quiet|简约|克制|低调")),
];

/** Words about speed only. */
export const TEMPO_WORDS: [string[], [number, number]][] = [
  [words("very slow|super slow|extremely slow|glacial|很慢|非常慢|极慢|特别慢"), [40, 60]],
  [words("slow|slowly|slow-paced|slow paced|slow tempo|ballad|慢|慢速|缓慢|舒缓|慢节奏|节奏慢|慢板"), [60, 80]],
  [
    words(
      "mid-tempo|midtempo|mid tempo|moderate|moderate tempo|medium tempo|medium-paced|walking pace|中速|中等速度|中板|中速节奏",
    ),
    [90, 110],
  ],
  [words("fast|fast-paced|fast paced|quick|up-tempo|uptempo|rapid|brisk|快|快速|快节奏|节奏快|急促|快板"), [140, 160]],
  [words("very fast|super fast|frantic|breakneck|extremely fast|hyper|很快|非常快|极快|飞快"), [160, 180]],
];

/** The style a mood suggests when the brief names no genre, instrument or use ("sad" → solo piano). */
export const MOOD_STYLES: Partial<Record<string, StyleId>> = {
  sad: "piano_solo",
  romantic: "piano_solo",
  lullaby: "piano_solo",
  peaceful: "ambient",
  dreamy: "ambient",
  quiet: "ambient",
  chill: "lofi",
  moody: "lofi",
  focused: "lofi",
  nostalgic: "lofi",
  groovy: "funk",
  aggressive: "rock",
  energetic: "electronic",
  futuristic: "electronic",
  adventurous: "orchestral",
  dark: "cinematic",
  warm: "acoustic",
};
