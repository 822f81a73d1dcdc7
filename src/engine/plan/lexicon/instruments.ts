/**
 * Instrument words (English and Chinese) → voices from theory/voices.ts, or a family whose voice the style picks
 * ("bass" is an upright in jazz and a synth in house). Data only.
 */
import type { VoiceId } from "../../theory/voices.js";
import type { Family, Role } from "../../types.js";
import type { Pick } from "../facts.js";
import { words } from "./list.js";

export interface InstrumentWord {
  words: string[];
  picks: Pick[];
  role?: Role;
}

const v = (voice: VoiceId): Pick => ({ voice });
const f = (family: Family): Pick => ({ family });
const w = (words: string[], picks: Pick[], role?: Role): InstrumentWord =>
  role === undefined ? { words, picks } : { words, picks, role };

export const INSTRUMENT_WORDS: InstrumentWord[] = [
  // keys
  w(words("piano|pianos|grand piano|acoustic piano|upright piano|soft piano|felt piano|钢琴|大钢琴|三角钢琴"), [
    v("piano"),
  ]),
  w(["bright piano", "honky-tonk piano", "honky tonk piano", "pop piano"], [v("bright_piano")]),
  w(
    words("electric piano|e-piano|epiano|rhodes|fender rhodes|wurlitzer|wurli|fm piano|dx7|clavinet|clav|电钢琴|电钢"),
    [v("fm_epiano")],
  ),
  w(words("keys|keyboard|keyboards|soft keys|键盘"), [f("piano")]),
  w(words("organ|accordion|手风琴|hammond|hammond organ|b3|drawbar organ|电风琴|风琴|哈蒙德"), [v("organ")]),
  w(["church organ", "pipe organ", "管风琴", "教堂风琴"], [v("church_organ")]),
  // mallets
  w(["celesta", "celeste", "钢片琴"], [v("celesta")]),
  w(["glockenspiel", "glock", "钟琴", "铁琴"], [v("glockenspiel")]),
  w(["music box", "musicbox", "八音盒", "音乐盒"], [v("music_box")]),
  w(["vibraphone", "vibes", "颤音琴"], [v("vibraphone")]),
  w(words("marimba|xylophone|kalimba|steel drums|steel drum|steel pan|马林巴|木琴|卡林巴|拇指琴"), [v("marimba")]),
  w(words("bells|tubular bells|chimes|singing bowl|singing bowls|颂钵|bell|钟声|管钟|铃声"), [v("bells")]),
  w(["mallets", "mallet percussion", "打击乐键盘"], [f("mallets")]),
  // guitars and plucked
  w(["guitar", "guitars", "吉他"], [f("guitar_family")]),
  w(
    words(
      "acoustic guitar|acoustic guitars|fingerpicking|fingerpicked guitar|finger-picked guitar|guitar picking|steel-string guitar|steel string guitar|strummed guitar|原声吉他|木吉他|民谣吉他",
    ),
    [v("steel_guitar")],
  ),
  w(
    words(
      "nylon guitar|nylon-string guitar|classical guitar|spanish guitar|flamenco guitar|bossa guitar|古典吉他|尼龙吉他",
    ),
    [v("nylon_guitar")],
  ),
  w(
    words(
      "electric guitar|electric guitars|clean guitar|clean electric guitar|jazz guitar|twangy guitar|surf guitar|电吉他",
    ),
    [v("clean_guitar")],
  ),
  w(
    words(
      "muted guitar|palm-muted guitar|palm muted guitar|funky guitar|funk guitar|rhythm guitar|chicken-scratch guitar|skank guitar",
    ),
    [v("muted_guitar")],
  ),
  w(
    words(
      "distorted guitar|distorted guitars|overdriven guitar|heavy guitar|heavy guitars|power chords|crunchy guitar|rock guitar|失真吉他|重型吉他",
    ),
    [v("distorted_guitar")],
  ),
  w(words("lead guitar|guitar solo|guitar lead|主音吉他|吉他solo"), [f("guitar_family")], "melody"),
  w(["banjo", "班卓琴", "班卓"], [v("banjo")]),
  w(["mandolin", "曼陀林"], [v("banjo")]),
  w(["ukulele", "uke", "尤克里里", "夏威夷小吉他"], [v("ukulele")]),
  w(["harp", "harps", "竖琴"], [v("harp")]),
  w(words("guzheng|zheng|koto|zither|dulcimer|hammered dulcimer|古筝|筝|扬琴"), [v("guzheng")]),
  w(words("pipa|lute|oud|sitar|shamisen|琵琶|柳琴|阮|西塔琴|三味线"), [v("pipa")]),
  // basses
  w(words("bass|basses|bassline|bass line|bass guitar|pulsing bass|贝斯|低音|贝司|低音线"), [f("bass")]),
  w(words("upright bass|double bass|acoustic bass|contrabass|walking bass|stand-up bass|低音提琴|倍大提琴|原声贝斯"), [
    v("acoustic_bass"),
  ]),
  w(words("electric bass|fingered bass|finger bass|slap bass|funk bass|电贝斯|电贝司"), [v("finger_bass")]),
  w(words("synth bass|synthbass|analog bass|moog bass|acid bass|303|合成器贝斯|合成贝斯"), [v("synth_bass")]),
  w(words("sub bass|sub-bass|subbass|sub|deep bass|超低音|重低音"), [v("sub_bass")]),
  w(words("808|808 bass|808s|808 bassline|808贝斯"), [v("bass_808")]),
  w(words("wobble bass|reese bass|reese|growl bass|growls"), [v("wobble_bass")]),
  // bowed strings
  w(
    words(
      "strings|string section|string ensemble|string orchestra|orchestral strings|lush strings|弦乐|弦乐组|弦乐团|弦乐四重奏|string quartet",
    ),
    [v("strings")],
  ),
  w(
    words(
      "staccato strings|string stabs|strings stabs|弦乐断奏|spiccato strings|spiccato|string ostinato|断奏弦乐|跳弓弦乐",
    ),
    [v("staccato_strings")],
  ),
  w(words("pizzicato|pizzicato strings|pizz|plucked strings|拨弦|拨奏"), [v("pizzicato_strings")]),
  w(["violin", "violins", "solo violin", "小提琴"], [v("violin")]),
  w(["fiddle", "fiddles", "提琴"], [v("fiddle")]),
  w(["cello", "cellos", "solo cello", "大提琴"], [v("cello")]),
  w(["viola", "violas", "中提琴"], [v("strings")]),
  w(words("low strings|basses and cellos|低音弦乐|低音弦|低弦"), [v("low_strings")]),
  w(["erhu", "二胡", "胡琴", "马头琴"], [v("erhu")]),
  // voices
  w(words("choir|choirs|chorus voices|choral|voices|ooh|aah|oohs|aahs|合唱|唱诗班|合唱团"), [v("choir")]),
  w(words("vocal pad|choir pad|voice pad|vocal chops|vocal chop|人声铺底|人声切片"), [v("choir_pad")]),
  // brass
  w(words("brass|brass section|brass stabs|brass stab|horns|horn section|horn stabs|big brass|铜管|铜管乐|号角"), [
    v("brass"),
  ]),
  w(words("trumpet|trumpets|muted trumpet|flugelhorn|cornet|小号|小喇叭"), [v("trumpet")]),
  w(words("trombone|trombones|tuba|长号|大号"), [v("trombone")]),
  w(words("french horn|french horns|horn|圆号|法国号"), [v("french_horn")]),
  // woodwinds
  w(words("saxophone|sax|saxophones|alto sax|tenor sax|soprano sax|萨克斯|萨克斯风"), [v("saxophone")]),
  w(words("clarinet|clarinets|bassoon|melodica|单簧管|黑管|巴松|口风琴"), [v("clarinet")]),
  w(words("flute|flutes|pan flute|panpipes|recorder|长笛|排箫|竖笛"), [v("flute")]),
  w(words("bamboo flute|dizi|xiao|shakuhachi|笛子|竹笛|笛|箫|洞箫|葫芦丝|尺八"), [v("bamboo_flute")]),
  w(words("tin whistle|penny whistle|irish whistle|whistling|whistle|锡哨|哨笛|爱尔兰哨笛|口哨"), [v("tin_whistle")]),
  w(words("oboe|oboes|cor anglais|english horn|双簧管|唢呐"), [v("oboe")]),
  w(["woodwind", "woodwinds", "木管", "木管乐"], [f("woodwind")]),
  // synths
  w(words("synth|synths|synthesizer|synthesizers|synthesiser|analog synth|analog synths|analogue synths|合成器"), [
    f("synth"),
  ]),
  w(
    words("lead synth|synth lead|lead|saw lead|sawtooth lead|sawtooth|saw wave|saw waves|主音合成器"),
    [v("saw_lead")],
    "melody",
  ),
  w(["square lead", "square synth"], [v("square_lead")]),
  w(words("square wave|square waves|pulse wave|pulse waves|chip lead|chip synth|chip sounds|方波|脉冲波"), [
    v("chip_pulse"),
  ]),
  w(["triangle bass", "triangle wave", "三角波"], [v("chip_triangle")]),
  w(words("supersaw|supersaws|super saw|big synth chords|synth chords|trance chords"), [v("supersaw")]),
  w(words("pluck|plucks|synth pluck|synth plucks|plucky synth|拨弦合成器"), [v("pluck")]),
  w(words("arp|arps|arpeggio|arpeggios|arpeggiator|arpeggiated synth|琶音|琶音器"), [v("arp")]),
  w(
    words(
      "pad|pads|synth pad|synth pads|warm pad|warm pads|soft pads|lush pads|ambient pads|ambient pad|铺底|合成器铺底|温暖铺底|pad音色",
    ),
    [v("warm_pad")],
  ),
  w(words("dark pad|dark pads|drone pad|ominous pad|暗色铺底"), [v("dark_pad")]),
  // drums
  w(
    words(
      "drums|drum|drum kit|kit|beat|beats|groove|percussion|percussions|rhythm|kick|kicks|snare|snares|hi-hat|hi-hats|hihat|hihats|hats|cymbals|toms|drum beat|double kick|双踩|双踩鼓|鼓|鼓点|鼓组|打击乐|打击乐器|节奏组|底鼓|军鼓|踩镲|镲|锣鼓|锣",
    ),
    [f("drums")],
  ),
  w(words("acoustic drums|live drums|real drums|drum set|drumset|架子鼓|爵士鼓|原声鼓"), [v("kit_acoustic")]),
  w(words("brushes|brushed drums|brush drums|brush kit|鼓刷|刷子鼓"), [v("kit_brushes")]),
  w(words("808 drums|808 kit|trap drums|drum machine|gated snare|gated drums|808鼓"), [v("kit_808")]),
  w(words("909|909 drums|909 kit|four on the floor|4 on the floor|kick drum|electronic drums|电子鼓"), [v("kit_909")]),
  w(words("dusty drums|lofi drums|lo-fi drums|boom bap drums|vinyl drums"), [v("kit_lofi")]),
  w(words("orchestral percussion|timpani|timpanis|snare rolls|定音鼓|管弦打击乐"), [v("kit_orchestral")]),
  w(words("taiko|taiko drums|war drums|epic drums|太鼓|战鼓|大鼓"), [v("kit_taiko")]),
  w(
    words(
      "hand percussion|tribal percussion|tribal drums|tribal|congas|conga|bongos|bongo|djembe|shaker|shakers|tambourine|cajon|claps|handclaps|hand claps|hand-claps|tabla|tablas|woodblock|triangle|cowbell|手鼓|非洲鼓|沙锤|铃鼓|康加鼓|拍手",
    ),
    [v("kit_hand")],
  ),
  w(["chiptune drums", "noise drums", "8-bit drums", "8位鼓"], [v("kit_chiptune")]),
  w(["bodhran", "bodhrán", "frame drum", "宝思兰鼓"], [v("kit_bodhran")]),
  // fx
  w(words("riser|risers|uplifter|whoosh|whooshes|sweep|上升音效|上扬音效"), [v("riser")]),
  w(words("impact|impacts|boom|booms|braam|hits and impacts|冲击音效|撞击"), [v("impact")]),
  w(["reverse cymbal", "reverse cymbals", "cymbal swell", "反向镲"], [v("reverse_cymbal")]),
  w(words("vinyl|vinyl crackle|vinyl noise|crackle|tape hiss|黑胶|黑胶噪音|黑胶底噪|唱片噪音"), [v("vinyl")]),
  w(words("rain|rain sounds|rainfall|雨声|下雨声"), [v("rain")]),
  // ensembles
  w(words("full band|whole band|band|乐队|全乐队"), [f("drums"), f("bass"), f("guitar_family")]),
  w(["rhythm section", "节奏组乐器"], [f("drums"), f("bass")]),
  w(
    ["full orchestra", "orchestral ensemble", "全编制管弦乐"],
    [v("strings"), v("french_horn"), v("flute"), v("kit_orchestral")],
  ),
  w(["piano trio", "jazz trio", "钢琴三重奏"], [v("piano"), v("acoustic_bass"), v("kit_brushes")]),
];

/** Words that name a role rather than an instrument ("no melody", "不要旋律"). */
export const ROLE_WORDS: [string[], Role][] = [
  [words("melody|melodies|main melody|lead melody|topline|top line|tune|旋律|主旋律|主调"), "melody"],
  [words("chords|harmony|harmonies|chord progression|和声|和弦"), "harmony"],
  [words("sound effects|sfx|fx|effects|音效"), "fx"],
];
