/**
 * Briefs written for this test (not the shared examples), English and Chinese, precise and vague, with the same
 * `expect` vocabulary the hidden briefs use.
 */
import type { Expect } from "./expect.js";

export const EXTRA: [string, Expect][] = [
  [
    "A ninety-second uplifting acoustic track in D major at 96 BPM",
    { duration: 90, bpm: 96, key: "D major", has: ["guitar_family"] },
  ],
  [
    "ninety seconds of dark techno, 128bpm, no melody",
    { duration: 90, bpm: 128, mode: "minor", has: ["drums", "bass"] },
  ],
  [
    "1:30 of chill lo-fi with rain sounds and a mellow electric piano",
    { duration: 90, has: ["epiano", "drums"], bpm_range: [60, 95] },
  ],
  [
    "Make me a 2 minute slow ambient piece in F# dorian without drums",
    { duration: 120, key: "F# dorian", lacks: ["drums"], bpm_range: [40, 80] },
  ],
  [
    "A minute and a half of happy ukulele music for a kids video",
    { duration: 90, mode: "major", has: ["guitar_family"] },
  ],
  [
    "Half a minute of tense orchestral strings, Dm, 100 BPM",
    { duration: 30, key: "D minor", bpm: 100, has: ["strings"] },
  ],
  [
    "Epic trailer music, 2 minutes 30 seconds, Bb minor, taiko drums and choir, big hit at 1:45",
    { duration: 150, key: "Bb minor", has: ["drums"], lufs: -14 },
  ],
  [
    "Bossa nova with nylon guitar and flute, 30 seconds, 130 BPM, A minor",
    { duration: 30, bpm: 130, key: "A minor", has: ["guitar_family", "woodwind"] },
  ],
  [
    "Driving rock instrumental with distorted guitars, bass and live drums, 45 seconds",
    { duration: 45, bpm_range: [120, 140], has: ["guitar_family", "bass", "drums"] },
  ],
  [
    "Very slow sad piano, 1 minute, C minor, no drums",
    { duration: 60, key: "C minor", bpm_range: [40, 60], has: ["piano"], lacks: ["drums"] },
  ],
  ["Fitness promo, 30 seconds, energetic EDM", { duration: 30, bpm_range: [120, 135], has: ["drums", "synth"] }],
  [
    "Synthwave night drive in E minor, 100 BPM, 1 minute, 80s gated snare",
    { duration: 60, bpm: 100, key: "E minor", has: ["synth", "drums"] },
  ],
  ["Broadcast-safe news bed, 60 seconds, corporate, steady", { duration: 60, lufs: -23 }],
  ["Background music for a podcast intro, 20 seconds, -18 LUFS", { duration: 20, lufs: -18 }],
  [
    "Jazz waltz in 3/4, upright bass, brushes and vibraphone, 40 seconds",
    { duration: 40, meter: 3, has: ["bass", "drums", "mallets"] },
  ],
  [
    "Celtic reel with fiddle, tin whistle and harp, 12/8, 40s loop",
    { duration: 40, meter: 12, loop: true, has: ["strings", "woodwind"] },
  ],
  ["Odd-meter math rock groove in 5/4 at 140 bpm, 30 sec", { duration: 30, meter: 5, bpm: 140, has: ["drums"] }],
  [
    "Seamlessly looping RPG town theme, 45 s, marimba and pizzicato strings, G major",
    { duration: 45, loop: true, key: "G major", has: ["mallets", "strings"] },
  ],
  [
    "Trap beat with 808s and hi-hat rolls, 140 BPM, 1 minute, dark",
    { duration: 60, bpm: 140, mode: "minor", has: ["drums", "bass"] },
  ],
  [
    "Gentle lullaby with music box and celesta, 3/4, 45 seconds",
    { duration: 45, meter: 3, has: ["mallets"], lacks: ["drums"] },
  ],
  [
    "Drum and bass, 174 BPM, 1:00, with a drop at 0:30",
    { duration: 60, bpm: 174, drop_at: 30, has: ["drums", "bass"] },
  ],
  [
    "Reggae one drop, 75 bpm, organ and guitar skank, 50 seconds",
    { duration: 50, bpm: 75, has: ["organ", "guitar_family", "drums"] },
  ],
  ["A quiet intro, building middle and explosive finale, cinematic, 90 seconds", { duration: 90, rising: true }],
  ["Funky disco track, 118 BPM, strings and brass, 1 min", { duration: 60, bpm: 118, has: ["strings", "brass"] }],
  [
    "Cheerful children's song with glockenspiel, 110 bpm, C major, 35 seconds",
    { duration: 35, bpm: 110, key: "C major", has: ["mallets"] },
  ],
  [
    "Solo piano only, reflective, 65 BPM, E-flat major, 2 minutes",
    { duration: 120, bpm: 65, key: "Eb major", has: ["piano"], lacks: ["drums", "bass"] },
  ],
  ["A 15 second logo sting, hard stop, brass and timpani", { duration: 15, has: ["brass", "drums"] }],
  [
    "Meditation music for yoga, 5 minutes, no percussion, A major pentatonic",
    { duration: 300, key: "A major pentatonic", lacks: ["drums"], pentatonic: true },
  ],
  [
    "Blues shuffle in A, 90 BPM, 1 minute, with organ and guitar",
    { duration: 60, bpm: 90, has: ["organ", "guitar_family"] },
  ],
  [
    "Uplifting corporate background for a product video, 60 seconds, without drums",
    { duration: 60, mode: "major", lacks: ["drums"] },
  ],
  [
    "中国风古筝和笛子,90秒,舒缓",
    { duration: 90, has: ["ethnic", "woodwind"], pentatonic: true, bpm_range: [60, 80], lang: "zh" },
  ],
  ["两分钟的史诗管弦乐,D小调,节奏100", { duration: 120, key: "D minor", bpm: 100, has: ["strings"], lang: "zh" }],
  ["半分钟的欢快儿歌,C大调,不要鼓", { duration: 30, key: "C major", lacks: ["drums"], mode: "major", lang: "zh" }],
  [
    "1分30秒的爵士乐,降E大调,每分钟120拍,钢琴、低音提琴和鼓刷",
    { duration: 90, key: "Eb major", bpm: 120, has: ["piano", "bass", "drums"], lang: "zh" },
  ],
  ["生成一段三十秒的8-bit游戏音乐,可循环,节奏150", { duration: 30, loop: true, bpm: 150, has: ["synth"], lang: "zh" }],
  [
    "一分钟的悲伤钢琴曲,升F小调,很慢",
    { duration: 60, key: "F# minor", has: ["piano"], bpm_range: [40, 60], lang: "zh" },
  ],
  [
    "做一首90秒的电子舞曲,128拍,在0:30进入高潮",
    { duration: 90, bpm: 128, drop_at: 30, has: ["drums", "synth"], lang: "zh" },
  ],
  ["二胡和弦乐的抒情配乐,两分钟,A小调", { duration: 120, key: "A minor", has: ["strings"], lang: "zh" }],
  ["播客背景音乐,两分钟,轻松,安静", { duration: 120, lufs: -16, lang: "zh" }],
  ["广播用的新闻配乐,45秒", { duration: 45, lufs: -23, lang: "zh" }],
  ["健身视频的背景音乐,动感,1分钟", { duration: 60, bpm_range: [120, 135], lang: "zh" }],
  [
    "无缝循环的氛围音乐,60秒,温暖的铺底,没有鼓",
    { duration: 60, loop: true, lacks: ["drums"], has: ["synth"], lang: "zh" },
  ],
  [
    "摇滚,电吉他、贝斯和架子鼓,140 BPM,40秒,E小调",
    { duration: 40, bpm: 140, key: "E minor", has: ["guitar_family", "bass", "drums"], lang: "zh" },
  ],
  ["华尔兹,钢琴和小提琴,45秒,G大调", { duration: 45, meter: 3, key: "G major", has: ["piano", "strings"], lang: "zh" }],
  ["6/8拍的爱尔兰音乐,锡哨和宝思兰鼓,40秒", { duration: 40, meter: 6, has: ["woodwind", "drums"], lang: "zh" }],
  ["温馨的婚礼视频配乐,钢琴和弦乐,3分钟", { duration: 180, mode: "major", has: ["piano", "strings"], lang: "zh" }],
  ["赛博朋克风格,合成器,100拍,1分钟,去掉旋律", { duration: 60, bpm: 100, has: ["synth"], lang: "zh" }],
  ["恐怖游戏的诡异音乐,45秒,八音盒", { duration: 45, mode: "minor", has: ["mallets"], lang: "zh" }],
  [
    "Lo-fi hip hop, 85 BPM, two minutes, Am, jazzy chords, no vocals",
    { duration: 120, bpm: 85, key: "A minor", has: ["drums"] },
  ],
  [
    "120 bpm house, 4/4, 32 bars, loopable, F minor, sub bass and claps",
    { bpm: 120, key: "F minor", loop: true, meter: 4, has: ["bass", "drums"] },
  ],
  [
    "A sixty second spot for TV, hopeful, piano and strings",
    { duration: 60, lufs: -23, mode: "major", has: ["piano", "strings"] },
  ],
  [
    "Give me something mysterious in C# minor, 3 min, with a cello and a harp",
    { duration: 180, key: "C# minor", has: ["strings"] },
  ],
];
