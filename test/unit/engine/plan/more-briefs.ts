/**
 * A second set of briefs in the shapes creators write (scenes, use cases, mixed precision), English and Chinese,
 * with the shared `expect` vocabulary.
 */
import type { Expect } from "./expect.js";

export const MORE: [string, Expect][] = [
  [
    "I need a 45 second upbeat ukulele tune for a cooking video, C major, around 110 BPM",
    { duration: 45, bpm: 110, key: "C major", has: ["guitar_family"] },
  ],
  [
    "Dark cinematic tension, 2:00, 85 bpm, low strings and piano, no drums",
    { duration: 120, bpm: 85, has: ["strings", "piano"], lacks: ["drums"], mode: "minor" },
  ],
  [
    "Chill tropical house, 115 BPM, 1 minute, marimba lead, loop",
    { duration: 60, bpm: 115, loop: true, has: ["mallets", "drums"] },
  ],
  [
    "Create a 3 minute meditation track, very slow, with soft pads and no percussion",
    { duration: 180, bpm_range: [40, 60], lacks: ["drums"], has: ["synth"] },
  ],
  [
    "Heroic orchestral fanfare with brass and timpani, 30 seconds, D major, 120 BPM",
    { duration: 30, bpm: 120, key: "D major", has: ["brass", "drums"] },
  ],
  [
    "Retro 8-bit boss battle, 170 BPM, 40 seconds, A minor, loopable",
    { duration: 40, bpm: 170, key: "A minor", loop: true, has: ["synth"] },
  ],
  ["Romantic bossa nova, nylon guitar and soft sax, 2 minutes", { duration: 120, has: ["guitar_family", "woodwind"] }],
  [
    "Sad cello solo, 60 seconds, G minor, slow",
    { duration: 60, key: "G minor", has: ["strings"], bpm_range: [55, 80] },
  ],
  [
    "Happy whistling folk tune with acoustic guitar and claps, 95 bpm, 50 seconds",
    { duration: 50, bpm: 95, has: ["guitar_family", "drums"], mode: "major" },
  ],
  [
    "An energetic workout mix, 128 bpm, 2 min, with heavy bass and synths",
    { duration: 120, bpm: 128, has: ["bass", "synth", "drums"] },
  ],
  ["Mysterious ambient drone, 90 seconds, no melody, C# minor", { duration: 90, key: "C# minor" }],
  [
    "Upbeat corporate background, 1:45, 110 BPM, piano, plucks and light percussion",
    { duration: 105, bpm: 110, has: ["piano", "synth", "drums"] },
  ],
  [
    "Smooth jazz for a hotel lobby, sax, electric piano, upright bass and brushes, 100 BPM, 90 seconds",
    { duration: 90, bpm: 100, has: ["woodwind", "epiano", "bass", "drums"] },
  ],
  [
    "Epic battle music, 150 BPM, 1 minute 20 seconds, choir and taiko, D minor",
    { duration: 80, bpm: 150, key: "D minor", has: ["drums"] },
  ],
  [
    "Funky 70s groove, 105 BPM, slap bass, clavinet style guitar and horns, 45 sec",
    { duration: 45, bpm: 105, has: ["bass", "guitar_family", "brass"] },
  ],
  [
    "Dreamy synthwave with arpeggios, 90 BPM, 2 minutes, F minor",
    { duration: 120, bpm: 90, key: "F minor", has: ["synth"] },
  ],
  [
    "Playful pizzicato strings for a cartoon, 120 BPM, 30 seconds, F major",
    { duration: 30, bpm: 120, key: "F major", has: ["strings"] },
  ],
  [
    "A tense thriller underscore with ticking percussion, 100 bpm, 75 seconds",
    { duration: 75, bpm: 100, mode: "minor", has: ["drums"] },
  ],
  ["Reggae vibe, 80 BPM, organ and bass, 1 minute", { duration: 60, bpm: 80, has: ["organ", "bass"] }],
  [
    "Latin salsa with piano montuno, trumpets and congas, 2 minutes",
    { duration: 120, has: ["piano", "brass", "drums"] },
  ],
  [
    "Sentimental piano and violin duet in A minor, 70 BPM, 1:10",
    { duration: 70, bpm: 70, key: "A minor", has: ["piano", "strings"] },
  ],
  ["Techno, 132 BPM, 64 bars, no vocals, dark and hypnotic", { bpm: 132, mode: "minor", has: ["drums"] }],
  ["A 10-second news sting, brass hit and timpani roll, hard stop", { duration: 10, has: ["brass", "drums"] }],
  [
    "Indie folk with banjo, mandolin and fiddle, 100bpm, 55 seconds, G major",
    { duration: 55, bpm: 100, key: "G major", has: ["guitar_family", "strings"] },
  ],
  [
    "Gentle Christmas music box melody, 3/4, 40 seconds, C major",
    { duration: 40, meter: 3, key: "C major", has: ["mallets"] },
  ],
  [
    "Hip hop beat, 90 bpm, dusty drums, Rhodes, bass, 1 minute, D minor",
    { duration: 60, bpm: 90, key: "D minor", has: ["drums", "epiano", "bass"] },
  ],
  ["Trailer riser into a massive hit at 0:25, 30 seconds total, 100 BPM", { duration: 30, bpm: 100 }],
  [
    "Lo-fi jazz hop with muted trumpet, 80 BPM, 2 minutes, seamless loop",
    { duration: 120, bpm: 80, loop: true, has: ["brass", "drums"] },
  ],
  ["Orchestral waltz, strings and woodwinds, 90 seconds", { duration: 90, meter: 3, has: ["strings", "woodwind"] }],
  [
    "Anthemic rock, 4/4, 130 BPM, E major, guitars bass drums, 1:30, big drop at 0:45",
    { duration: 90, bpm: 130, key: "E major", drop_at: 45, has: ["guitar_family", "bass", "drums"] },
  ],
  [
    "Relaxing spa music with harp and flute, no drums, 4 minutes, slow",
    { duration: 240, lacks: ["drums"], has: ["strings", "woodwind"], bpm_range: [55, 80] },
  ],
  [
    "Broadcast loudness -23 LUFS, documentary underscore, 2 minutes, piano and strings, end on a cadence",
    { duration: 120, lufs: -23, has: ["piano", "strings"] },
  ],
  ["Podcast intro jingle, 15 seconds, upbeat, -16 LUFS", { duration: 15, lufs: -16 }],
  [
    "Sixty seconds of bright, happy pop with hand claps, 118 bpm",
    { duration: 60, bpm: 118, mode: "major", has: ["drums"] },
  ],
  [
    "Ambient piano with rain, 2 minutes 30 seconds, 60 BPM, no drums, D major",
    { duration: 150, bpm: 60, key: "D major", lacks: ["drums"], has: ["piano"] },
  ],
  [
    "Irish reel with fiddle and tin whistle, 120 BPM, 40 seconds, D major",
    { duration: 40, bpm: 120, key: "D major", has: ["strings", "woodwind"] },
  ],
  [
    "Gospel choir and organ, 75 bpm, Ab major, 1 minute, 12/8",
    { duration: 60, bpm: 75, key: "Ab major", meter: 12, has: ["organ"] },
  ],
  [
    "Disco house, 122 BPM, strings stabs, funky guitar, 32 seconds",
    { duration: 32, bpm: 122, has: ["strings", "guitar_family", "drums"] },
  ],
  [
    "Slow blues in E, 12/8, 60 BPM, guitar and organ, 1 minute",
    { duration: 60, bpm: 60, meter: 12, has: ["guitar_family", "organ"] },
  ],
  [
    "Afrobeats, 105 BPM, 1 minute, percussion, guitar, bass",
    { duration: 60, bpm: 105, has: ["drums", "guitar_family", "bass"] },
  ],
  ["A 30-second tiktok background, trap, 145 bpm, 808", { duration: 30, bpm: 145, has: ["drums", "bass"] }],
  ["Minimal techno loop, 126 BPM, 16 seconds, no melody, loop", { duration: 16, bpm: 126, loop: true, has: ["drums"] }],
  ["Cinematic build from silence to full orchestra, 90 seconds, rising", { duration: 90, rising: true }],
  [
    "Children's song, ukulele and glockenspiel, 112 BPM, G major, 40 seconds",
    { duration: 40, bpm: 112, key: "G major", has: ["guitar_family", "mallets"] },
  ],
  [
    "Country rock with electric guitar, 128 bpm, A major, 1:00",
    { duration: 60, bpm: 128, key: "A major", has: ["guitar_family"] },
  ],
  [
    "Trance, 138 BPM, supersaws, 1 minute, drop at 0:30, A minor",
    { duration: 60, bpm: 138, drop_at: 30, key: "A minor", has: ["synth"] },
  ],
  [
    "Dubstep with wobble bass, 150 BPM, 45 seconds, drop at 15 seconds",
    { duration: 45, bpm: 150, drop_at: 15, has: ["bass"] },
  ],
  [
    "Chinese traditional with guzheng, erhu and dizi, 80 BPM, 1 minute, pentatonic",
    { duration: 60, bpm: 80, pentatonic: true, has: ["ethnic", "woodwind"] },
  ],
  ["5/4 jazz, piano trio, 160 BPM, 50 seconds", { duration: 50, bpm: 160, meter: 5, has: ["piano", "bass", "drums"] }],
  [
    "Sad violin and piano, 2 minutes, without drums or bass",
    { duration: 120, lacks: ["drums", "bass"], has: ["strings", "piano"] },
  ],
  ["为美食视频配一段轻松的原声吉他音乐,40秒,100拍", { duration: 40, bpm: 100, has: ["guitar_family"], lang: "zh" }],
  ["一段宏大的史诗配乐,两分钟,有合唱和铜管,节奏90", { duration: 120, bpm: 90, has: ["brass"], lang: "zh" }],
  ["轻松的lo-fi,80拍,1分钟,电钢琴和鼓", { duration: 60, bpm: 80, has: ["epiano", "drums"], lang: "zh" }],
  ["科技感的产品发布会音乐,45秒,120 BPM,合成器和鼓", { duration: 45, bpm: 120, has: ["synth", "drums"], lang: "zh" }],
  [
    "古风,琵琶和竹笛,75拍,一分钟,五声音阶",
    { duration: 60, bpm: 75, pentatonic: true, has: ["ethnic", "woodwind"], lang: "zh" },
  ],
  [
    "悲伤的大提琴独奏,C小调,60秒,很慢",
    { duration: 60, key: "C minor", has: ["strings"], bpm_range: [40, 60], lang: "zh" },
  ],
  ["快节奏的摇滚,150拍,45秒,失真吉他", { duration: 45, bpm: 150, has: ["guitar_family"], lang: "zh" }],
  [
    "儿童节目的欢快音乐,木琴和尤克里里,30秒,F大调",
    { duration: 30, key: "F major", has: ["mallets", "guitar_family"], lang: "zh" },
  ],
  [
    "婚礼入场音乐,钢琴和弦乐,D大调,70拍,两分钟",
    { duration: 120, key: "D major", bpm: 70, has: ["piano", "strings"], lang: "zh" },
  ],
  [
    "恐怖片配乐,1分钟,不要旋律,低音弦乐和八音盒",
    { duration: 60, mode: "minor", has: ["strings", "mallets"], lang: "zh" },
  ],
  ["健身房用的电子音乐,128拍,3分钟,在1:00有一个drop", { duration: 180, bpm: 128, drop_at: 60, lang: "zh" }],
  [
    "爵士三重奏,钢琴、贝斯和鼓,降B大调,1分30秒",
    { duration: 90, key: "Bb major", has: ["piano", "bass", "drums"], lang: "zh" },
  ],
  ["一分钟的雷鬼,风琴和吉他,80拍", { duration: 60, bpm: 80, has: ["organ", "guitar_family"], lang: "zh" }],
  [
    "氛围电子,合成器铺底,没有鼓,3分钟,A小调",
    { duration: 180, key: "A minor", lacks: ["drums"], has: ["synth"], lang: "zh" },
  ],
  ["无缝循环的像素游戏音乐,140拍,24秒", { duration: 24, bpm: 140, loop: true, has: ["synth"], lang: "zh" }],
  ["适合播客的背景音乐,轻柔,2分钟,钢琴", { duration: 120, lufs: -16, has: ["piano"], lang: "zh" }],
  ["电视广告配乐,30秒,欢快,吉他和口哨", { duration: 30, lufs: -23, mode: "major", has: ["guitar_family"], lang: "zh" }],
  [
    "三拍子的圆舞曲,小提琴和钢琴,G大调,1分钟",
    { duration: 60, meter: 3, key: "G major", has: ["strings", "piano"], lang: "zh" },
  ],
  ["布鲁斯,12/8拍,70拍,E调,吉他和口琴", { bpm: 70, meter: 12, has: ["guitar_family"], lang: "zh" }],
  ["浪漫的波萨诺瓦,尼龙吉他和长笛,2分钟", { duration: 120, has: ["guitar_family", "woodwind"], lang: "zh" }],
  [
    "紧张的动作场面配乐,140拍,45秒,弦乐断奏、铜管和太鼓,E小调",
    { duration: 45, bpm: 140, key: "E minor", has: ["strings", "brass", "drums"], lang: "zh" },
  ],
  ["舒缓的冥想音乐,5分钟,没有打击乐,颂钵", { duration: 300, lacks: ["drums"], lang: "zh" }],
  [
    "放克,105拍,贝斯、电吉他和铜管,1分钟",
    { duration: 60, bpm: 105, has: ["bass", "guitar_family", "brass"], lang: "zh" },
  ],
  [
    "两分半的流行歌曲伴奏,G大调,116拍,钢琴、吉他、贝斯和鼓",
    { duration: 150, bpm: 116, key: "G major", has: ["piano", "guitar_family", "bass", "drums"], lang: "zh" },
  ],
  ["90秒的赛博朋克,在0:45进入高潮,110拍,D小调", { duration: 90, bpm: 110, drop_at: 45, key: "D minor", lang: "zh" }],
  // Terse, shouted, punctuated and keyed-in-odd-ways briefs.

  ["chill beat BPM=92 len: 30s key=Gm", { duration: 30, bpm: 92, key: "G minor" }],
  ["upbeat pop @ 120bpm, ~90 sec, in Eb", { duration: 90, bpm: 120, key: "Eb major" }],
  ["1 min 30 ambient, no drums/percussion", { duration: 90, lacks: ["drums"] }],
  ["90 secs of funk, tempo: 104", { duration: 90, bpm: 104 }],
  ["3-min rock instrumental, key of F#, 126 bpm", { duration: 180, bpm: 126, key: "F# major" }],
  ["cinematic piece (45s) in C-sharp minor", { duration: 45, key: "C# minor" }],
  ["g minor piano ballad, 70bpm, 1 minute", { duration: 60, bpm: 70, key: "G minor", has: ["piano"] }],
  ["key: a minor, slow strings, 40 seconds", { duration: 40, key: "A minor", has: ["strings"] }],
  [
    "sad song in a minor key, 50 seconds, piano-only",
    { duration: 50, mode: "minor", has: ["piano"], lacks: ["drums"] },
  ],
  ["Time sig 6/8, folk, 100 bpm, 1 min", { duration: 60, bpm: 100, meter: 6 }],
  ["a lilting tune in three-four time, 30 seconds", { duration: 30, meter: 3 }],
  [
    "strings only, 2 minutes, D major, tender",
    { duration: 120, key: "D major", has: ["strings"], lacks: ["drums", "piano"] },
  ],
  ["acoustic guitar + cello, 64 bpm, 75 seconds", { duration: 75, bpm: 64, has: ["guitar_family", "strings"] }],
  [
    "guitar & bass & drums, garage rock, 140bpm, 0:50",
    { duration: 50, bpm: 140, has: ["guitar_family", "bass", "drums"] },
  ],
  ["bass, drums, keys - neo soul groove, 88 bpm, 1:20", { duration: 80, bpm: 88, has: ["bass", "drums"] }],
  ["drum-free ambient pad texture, 2min", { duration: 120, lacks: ["drums"], has: ["synth"] }],
  [
    "without any percussion: a calm piano and harp piece, 1 minute",
    { duration: 60, lacks: ["drums"], has: ["piano", "strings"] },
  ],
  ["EDM banger, 128, drop at 0:32, 64 seconds", { duration: 64, drop_at: 32, has: ["drums", "synth"] }],
  ["A two minute and fifteen second corporate track", { duration: 135 }],
  ["twenty seconds, jingle, happy, ukulele", { duration: 20, mode: "major", has: ["guitar_family"] }],
  [
    "ONE MINUTE OF EPIC ORCHESTRAL MUSIC IN D MINOR AT 90 BPM",
    { duration: 60, bpm: 90, key: "D minor", has: ["strings"] },
  ],
  ["Lo-Fi. 70 BPM. 2:00. Rhodes. Vinyl. No bass.", { duration: 120, bpm: 70, has: ["epiano"], lacks: ["bass"] }],
  ["techno 4/4 130bpm 1m", { bpm: 130, meter: 4 }],
  [
    "I want a relaxing 5-minute meditation piece, no beats, just pads and bells",
    { duration: 300, lacks: ["drums"], has: ["synth", "mallets"] },
  ],
  ["a jazzy 12/8 blues shuffle in Bb at 80 bpm for 90 seconds", { duration: 90, bpm: 80, meter: 12, key: "Bb major" }],
  ["celtic jig in D, 6/8, fiddle, 45 s", { duration: 45, meter: 6, key: "D major", has: ["strings"] }],
  [
    "synthwave, E minor, 105 BPM, drop at 30 seconds, 1 minute",
    { duration: 60, bpm: 105, key: "E minor", drop_at: 30 },
  ],
  ["music for a 30 second Instagram reel, energetic, drums and synth bass", { duration: 30, has: ["drums", "bass"] }],
  ["orchestral trailer, 2:30, hits at 0:45 and 1:30, D minor, 100 BPM", { duration: 150, key: "D minor", bpm: 100 }],
  [
    "bright marimba and pizzicato, 118bpm, F major, 40sec",
    { duration: 40, bpm: 118, key: "F major", has: ["mallets", "strings"] },
  ],
  ["时长90秒,节奏：100,调性：D小调,钢琴", { duration: 90, bpm: 100, key: "D minor", has: ["piano"], lang: "zh" }],
  ["时长：1分钟,BPM 120,电子", { duration: 60, bpm: 120, lang: "zh" }],
  ["速度：120,3/4拍,华尔兹,45秒", { duration: 45, bpm: 120, meter: 3, lang: "zh" }],
  ["不要任何打击乐,只要钢琴和弦乐,两分钟", { duration: 120, lacks: ["drums"], has: ["piano", "strings"], lang: "zh" }],
  ["仅用钢琴,90秒左右,C大调", { duration: 90, key: "C major", has: ["piano"], lacks: ["drums"], lang: "zh" }],
  ["一分二十秒的民谣,木吉他,E调", { duration: 80, key: "E major", has: ["guitar_family"], lang: "zh" }],
  ["时长两分钟的悬疑音乐,d小调", { duration: 120, key: "D minor", lang: "zh" }],
  ["循环播放的游戏背景音乐,30秒,8bit", { duration: 30, loop: true, has: ["synth"], lang: "zh" }],
  [
    "欢快的流行音乐,带鼓和贝斯,115拍,1分钟",
    { duration: 60, bpm: 115, has: ["drums", "bass"], mode: "major", lang: "zh" },
  ],
  ["电影感的弦乐,在第30秒有一个重音,60秒", { duration: 60, has: ["strings"], lang: "zh" }],
  ["90秒 lofi 学习音乐 75bpm 电钢琴 黑胶噪音", { duration: 90, bpm: 75, has: ["epiano"], lang: "zh" }],
  ["一首三分钟的古风音乐,古筝、琵琶、二胡", { duration: 180, has: ["ethnic"], pentatonic: true, lang: "zh" }],
  ["做一段15秒的片头音乐,激昂,铜管", { duration: 15, has: ["brass"], lang: "zh" }],
  [
    "温柔的小提琴和钢琴,降A大调,68拍,两分钟",
    { duration: 120, key: "Ab major", bpm: 68, has: ["strings", "piano"], lang: "zh" },
  ],
  ["重金属,180拍,40秒,失真吉他和双踩", { duration: 40, bpm: 180, has: ["guitar_family"], lang: "zh" }],
  [
    "一分钟的放松音乐,没有鼓,没有贝斯,合成器铺底",
    { duration: 60, lacks: ["drums", "bass"], has: ["synth"], lang: "zh" },
  ],
  ["节奏120的house,30秒,无缝循环,F小调", { duration: 30, bpm: 120, loop: true, key: "F minor", lang: "zh" }],
  [
    "1分45秒,励志,钢琴、弦乐和鼓,逐渐增强",
    { duration: 105, has: ["piano", "strings", "drums"], rising: true, lang: "zh" },
  ],
  [
    "两分钟的爵士,萨克斯、钢琴、低音提琴、鼓刷,120拍",
    { duration: 120, bpm: 120, has: ["woodwind", "piano", "bass", "drums"], lang: "zh" },
  ],
  ["电视台用的片头,20秒,大气", { duration: 20, lufs: -23, lang: "zh" }],
  ["适合播客的轻音乐,响度-16 LUFS,3分钟", { duration: 180, lufs: -16, lang: "zh" }],
  ["12/8拍的福音音乐,管风琴和合唱,70拍", { bpm: 70, meter: 12, has: ["organ"], lang: "zh" }],
  ["5/4拍的实验电子,140拍,半分钟", { duration: 30, bpm: 140, meter: 5, lang: "zh" }],
  [
    "悲伤的二胡独奏,A小调,很慢,一分钟",
    { duration: 60, key: "A minor", has: ["strings"], bpm_range: [40, 60], lang: "zh" },
  ],
  [
    "一段6/8拍的爱尔兰吉格,锡哨、小提琴,110拍,40秒",
    { duration: 40, bpm: 110, meter: 6, has: ["woodwind", "strings"], lang: "zh" },
  ],
  // Written after the planner was tuned, measured before fixing (34/35), then kept.

  [
    "Inspiring piano and strings for a charity appeal, 75 BPM, 1 minute 40 seconds, F major",
    { duration: 100, bpm: 75, key: "F major", has: ["piano", "strings"] },
  ],
  [
    "Quirky pizzicato and bassoon comedy cue, 30 seconds, 110 bpm",
    { duration: 30, bpm: 110, has: ["strings", "woodwind"] },
  ],
  [
    "Future bass drop at 0:16, 32 seconds total, 150 BPM, supersaw chords",
    { duration: 32, bpm: 150, drop_at: 16, has: ["synth"] },
  ],
  [
    "Minimal piano loop for an app onboarding screen, 20 seconds, seamless, C major",
    { duration: 20, loop: true, key: "C major", has: ["piano"] },
  ],
  [
    "A driving 2-minute rock track for a car commercial, E minor, with guitars and drums",
    { duration: 120, key: "E minor", bpm_range: [120, 140], has: ["guitar_family", "drums"] },
  ],
  [
    "Soft acoustic guitar picking, no other instruments, 45 seconds, D major, 90 BPM",
    { duration: 45, bpm: 90, key: "D major", has: ["guitar_family"], lacks: ["drums"] },
  ],
  [
    "Suspenseful heist music, pizzicato bass and ticking hi-hats, 100 BPM, 1:20, F minor",
    { duration: 80, bpm: 100, key: "F minor", has: ["drums"] },
  ],
  [
    "Mellow Sunday morning jazz, 3 minutes, brushes, upright bass, vibraphone and piano",
    { duration: 180, has: ["drums", "bass", "mallets", "piano"] },
  ],
  ["Hard-hitting trap for a sneaker ad, 15 seconds, 140 bpm, 808s", { duration: 15, bpm: 140, has: ["drums", "bass"] }],
  ["Cozy winter acoustic with bells, 3/4, 84 BPM, 1 minute", { duration: 60, bpm: 84, meter: 3, has: ["mallets"] }],
  ["Tribal percussion and low drones, 90 seconds, 95 bpm, no melody", { duration: 90, bpm: 95, has: ["drums"] }],
  [
    "Sparkly magical fantasy theme with celesta, harp and strings, 1:00, D major",
    { duration: 60, key: "D major", has: ["mallets", "strings"] },
  ],
  ["60s surf rock with twangy guitar, 160 BPM, 40 seconds", { duration: 40, bpm: 160, has: ["guitar_family"] }],
  [
    "Warm lo-fi with nylon guitar and soft kick, 82 BPM, 1:30 loop",
    { duration: 90, bpm: 82, loop: true, has: ["guitar_family", "drums"] },
  ],
  ["A short 5 second notification chime, bright, C major", { duration: 5, key: "C major" }],
  [
    "Deep house, 122 BPM, organ bass and chords, 48 seconds, G minor",
    { duration: 48, bpm: 122, key: "G minor", has: ["organ", "drums"] },
  ],
  [
    "Stadium anthem, 4/4, 140 BPM, claps, big drums, distorted guitars, 1:15",
    { duration: 75, bpm: 140, has: ["drums", "guitar_family"] },
  ],
  [
    "Dark ambient horror drone, no drums, 2 minutes, D minor, low strings",
    { duration: 120, key: "D minor", lacks: ["drums"], has: ["strings"] },
  ],
  [
    "Bouncy ukulele and whistle for a kids app, 30 seconds, 120 bpm, G major",
    { duration: 30, bpm: 120, key: "G major", has: ["guitar_family"] },
  ],
  [
    "K-pop style dance track, 125 BPM, 1 minute, synths and punchy drums, drop at 0:30",
    { duration: 60, bpm: 125, drop_at: 30, has: ["synth", "drums"] },
  ],
  [
    "Spanish guitar flamenco, 3/4, 45 seconds, A minor",
    { duration: 45, meter: 3, key: "A minor", has: ["guitar_family"] },
  ],
  ["Ethereal choir and pads, 70 BPM, 2 minutes, Db major", { duration: 120, bpm: 70, key: "Db major", has: ["synth"] }],
  [
    "Uplifting trance at 138, 90 seconds, build to a drop at 1:00",
    { duration: 90, drop_at: 60, has: ["synth", "drums"] },
  ],
  [
    "Old-school boom bap, 92 BPM, 1 minute, vinyl, piano sample, A minor",
    { duration: 60, bpm: 92, key: "A minor", has: ["drums", "piano"] },
  ],
  [
    "Klezmer-inspired clarinet tune, 110 BPM, 50 seconds, D minor",
    { duration: 50, bpm: 110, key: "D minor", has: ["woodwind"] },
  ],
  ["一段40秒的轻松咖啡馆爵士,钢琴和贝斯,100拍", { duration: 40, bpm: 100, has: ["piano", "bass"], lang: "zh" }],
  [
    "热血的动漫战斗音乐,170拍,1分钟,电吉他和鼓,E小调",
    { duration: 60, bpm: 170, key: "E minor", has: ["guitar_family", "drums"], lang: "zh" },
  ],
  ["清新的夏日小清新,尤克里里和口哨,30秒,C大调", { duration: 30, key: "C major", has: ["guitar_family"], lang: "zh" }],
  [
    "空灵的钢琴和弦乐,没有鼓,一分半,降D大调",
    { duration: 90, key: "Db major", has: ["piano", "strings"], lacks: ["drums"], lang: "zh" },
  ],
  ["新年喜庆音乐,唢呐和锣鼓,45秒", { duration: 45, has: ["drums"], lang: "zh" }],
  ["科幻片预告,两分钟,在1:30有巨大的冲击,D小调", { duration: 120, key: "D minor", lang: "zh" }],
  ["深夜电台的爵士,萨克斯独奏,慢,2分钟", { duration: 120, has: ["woodwind"], bpm_range: [55, 85], lang: "zh" }],
  [
    "一段可以无缝循环的RPG村庄音乐,长笛和竖琴,40秒,F大调",
    { duration: 40, loop: true, key: "F major", has: ["woodwind", "strings"], lang: "zh" },
  ],
  ["给短视频配一段动感的电子音乐,15秒,128拍", { duration: 15, bpm: 128, has: ["drums"], lang: "zh" }],
  [
    "伤感的民谣吉他弹唱伴奏,75拍,G大调,1分钟",
    { duration: 60, bpm: 75, key: "G major", has: ["guitar_family"], lang: "zh" },
  ],
  // A fresh set, passed on first measurement (25/25).

  [
    "Powerful motivational speech background, 2 minutes, piano, strings and drums building up, 90 BPM",
    { duration: 120, bpm: 90, rising: true, has: ["piano", "strings", "drums"] },
  ],
  [
    "Nature documentary, majestic, 3 minutes, horns and strings, D major, 80 bpm",
    { duration: 180, bpm: 80, key: "D major", has: ["brass", "strings"] },
  ],
  [
    "Late night city drive, synthwave, 95 bpm, 1:40, C# minor, gated drums and analog bass",
    { duration: 100, bpm: 95, key: "C# minor", has: ["drums", "bass", "synth"] },
  ],
  [
    "Cute cat video music, pizzicato and glockenspiel, 25 seconds, playful",
    { duration: 25, has: ["strings", "mallets"] },
  ],
  [
    "A slow, sad, rainy-day lo-fi track, 68 bpm, 2 minutes, with rain sounds and piano",
    { duration: 120, bpm: 68, has: ["piano", "drums"] },
  ],
  ["Horror trailer, 1 minute, no melody, low drones and impacts, hit at 0:50", { duration: 60, mode: "minor" }],
  [
    "Latin pop, 100 BPM, 45 seconds, nylon guitar, congas and bass, A minor",
    { duration: 45, bpm: 100, key: "A minor", has: ["guitar_family", "drums", "bass"] },
  ],
  [
    "Steampunk waltz, 3/4, accordion and strings, 1 minute, D minor",
    { duration: 60, meter: 3, key: "D minor", has: ["organ", "strings"] },
  ],
  [
    "Serene harp solo, 45 seconds, G major, slow",
    { duration: 45, key: "G major", has: ["strings"], bpm_range: [55, 82] },
  ],
  [
    "Fast bluegrass with banjo and fiddle, 150 bpm, 40 seconds, G major",
    { duration: 40, bpm: 150, key: "G major", has: ["guitar_family", "strings"] },
  ],
  [
    "Relaxed reggae, no drums, just guitar and organ, 1 minute",
    { duration: 60, lacks: ["drums"], has: ["guitar_family", "organ"] },
  ],
  [
    "Glitchy IDM, 5/4, 100 BPM, 50 seconds, synths only",
    { duration: 50, meter: 5, bpm: 100, has: ["synth"], lacks: ["piano", "strings"] },
  ],
  [
    "Wedding first dance, romantic piano ballad, 3 min 20 sec, Ab major, 72 bpm",
    { duration: 200, key: "Ab major", bpm: 72, has: ["piano"] },
  ],
  [
    "High energy sports montage, rock, 150bpm, 30s, drop at 0:15",
    { duration: 30, bpm: 150, drop_at: 15, has: ["drums", "guitar_family"] },
  ],
  ["Soft ambient bed for a meditation app, 10 minutes, no drums, no melody", { duration: 600, lacks: ["drums"] }],
  ["时尚秀场音乐,动感电子,125拍,一分钟,无缝循环", { duration: 60, bpm: 125, loop: true, has: ["drums"], lang: "zh" }],
  [
    "古典风格的弦乐四重奏,G大调,两分钟,中速",
    { duration: 120, key: "G major", has: ["strings"], bpm_range: [85, 115], lang: "zh" },
  ],
  [
    "神秘的探险游戏配乐,40秒,D小调,可循环,马林巴和弦乐",
    { duration: 40, key: "D minor", loop: true, has: ["mallets", "strings"], lang: "zh" },
  ],
  [
    "生日派对音乐,欢快,30秒,尤克里里和拍手",
    { duration: 30, mode: "major", has: ["guitar_family", "drums"], lang: "zh" },
  ],
  ["温柔的睡前摇篮曲,八音盒,3/4拍,一分钟", { duration: 60, meter: 3, has: ["mallets"], lacks: ["drums"], lang: "zh" }],
  ["激烈的鼓打贝斯,174拍,45秒,在0:15爆发", { duration: 45, bpm: 174, drop_at: 15, has: ["drums", "bass"], lang: "zh" }],
  [
    "中国风电子,古筝和合成器,100拍,1分钟,五声音阶",
    { duration: 60, bpm: 100, pentatonic: true, has: ["synth"], lang: "zh" },
  ],
  ["公司年会开场,大气,30秒,铜管和鼓,C大调", { duration: 30, key: "C major", has: ["brass", "drums"], lang: "zh" }],
  ["怀旧的80年代合成器流行,110拍,1分30秒", { duration: 90, bpm: 110, has: ["synth"], lang: "zh" }],
  [
    "广播剧背景音乐,悬疑,2分钟,没有鼓,-23 LUFS",
    { duration: 120, lufs: -23, lacks: ["drums"], mode: "minor", lang: "zh" },
  ],
];
