/**
 * Words that switch something on or off or nudge it (loop, ending, energy shape, intro, mix intents, "another
 * variation"), English and Chinese. Data only; plan/read.ts decides what each flag does.
 */
import { words } from "./list.js";
export type Flag =
  | "loop"
  | "noloop"
  | "fade"
  | "hard"
  | "cadence"
  | "rising"
  | "falling"
  | "flat"
  | "introLong"
  | "introShort"
  | "introNone"
  | "vocals"
  | "instrumental"
  | "swing"
  | "straight"
  | "variation"
  | "energyUp"
  | "energyUpBig"
  | "energyDown"
  | "energyDownBig"
  | "bassUp"
  | "bassDown"
  | "brighter"
  | "darker"
  | "spaceUp"
  | "spaceDown"
  | "drumsUp"
  | "drumsDown"
  | "melodyUp"
  | "melodyDown"
  | "wider"
  | "narrower"
  | "shorter"
  | "longer"
  | "minorSwitch"
  | "majorSwitch"
  | "keyUp"
  | "fadeIn"
  | "louder"
  | "quieterMaster"
  | "keyDown";

export const FLAG_WORDS: [string[], Flag][] = [
  [
    words(
      "loop|loops|loopable|loop-able|looping|seamless|seamless loop|seamlessly looping|seamlessly|repeatable|endless|可循环|无缝循环|循环|无缝|循环播放|能循环",
    ),
    "loop",
  ],
  [
    words(
      "no loop|not a loop|don't loop|do not loop|no looping|not looping|non-looping|without looping|stop looping|不要循环|不循环|无需循环|不用循环|取消循环",
    ),
    "noloop",
  ],
  [
    words(
      "fade out|fades out|fade-out|fade|fading out|fade ending|fadeout|end with a fade|ending with a fade|ends with a fade|淡出|逐渐淡出|渐渐淡出|慢慢淡出结束|渐弱结束|渐隐|淡出结束|结尾渐弱|慢慢淡出",
    ),
    "fade",
  ],
  [
    words(
      "hard stop|hard ending|hard end|abrupt ending|abrupt end|ends abruptly|end abruptly|sudden ending|sudden stop|button ending|stinger ending|ends on a hit|end on a hit|戛然而止|突然结束|硬结尾|干脆结束|突然停止",
    ),
    "hard",
  ],
  [
    words(
      "cadence|resolve|resolves|resolving|resolved ending|proper ending|natural ending|final chord|full ending|clean ending|end on a cadence|完整结尾|终止式|完满结束|自然结束|完整结束",
    ),
    "cadence",
  ],
  [
    words(
      "build|slow build|slow-building|slow burn|slow-burning|builds|building|build up|build-up|builds up|buildup|crescendo|rising|rises|grows|growing|swells|swelling|escalating|escalates|intensifying|ramps up|渐强|增强|逐渐增强|越来越强|逐渐|越来越|递进|推进|层层递进|逐渐加强|渐进|层层推进|逐步",
    ),
    "rising",
  ],
  [
    words(
      "fades away|winding down|winds down|decrescendo|calming down|dies down|dying down|渐渐平静|逐渐减弱|越来越安静",
    ),
    "falling",
  ],
  [words("steady|constant|consistent|even energy|flat energy|unchanging|plateau|平稳|稳定|持续不变"), "flat"],
  [
    words(
      "longer intro|long intro|extended intro|slow intro|more intro|bigger intro|intro longer|加长前奏|长前奏|前奏长一点|前奏更长|前奏加长|更长的前奏",
    ),
    "introLong",
  ],
  [
    words("short intro|shorter intro|quick intro|brief intro|intro shorter|短前奏|前奏短一点|前奏更短|缩短前奏"),
    "introShort",
  ],
  [
    words(
      "no intro|without intro|without an intro|straight in|straight into it|starts immediately|不要前奏|没有前奏|直接开始|去掉前奏",
    ),
    "introNone",
  ],
  [
    words(
      "vocals|vocal|singing|singer|sung|lyrics|lyric|rap|rapping|rapper|voice singing|人声|歌词|演唱|歌手|说唱|唱歌|歌声|女声|男声",
    ),
    "vocals",
  ],
  [words("instrumental|instrumentals|no vocals|without vocals|纯音乐|伴奏|无人声|不要人声"), "instrumental"],
  [words("swing feel|swung|swinging|shuffle feel|swingy|triplet feel|swing rhythm|摇摆感|摇摆节奏"), "swing"],
  [words("straight eighths|straight feel|straight rhythm|no swing|不要摇摆"), "straight"],
  [
    words(
      "another variation|another version|different version|new version|variation|another take|new take|try again|reroll|re-roll|regenerate|one more|something different|another one|换一个版本|换个版本|再来一个|换一版|重新生成|再来一版|另一个版本|换一首|再生成|再来一次|换一个",
    ),
    "variation",
  ],
  [
    words(
      "more energy|more energetic|more intense|more exciting|more powerful|more upbeat|more driving|more punch|punchier|bigger|pump it up|hype it up|more dynamic|more lively|livelier|more action|更有活力|更激烈|更燃|更有力|更带劲|能量更强|更嗨|激烈一点|有力一点|更有能量|更动感|活泼一点|热烈一点",
    ),
    "energyUp",
  ],
  [
    words(
      "much more energy|way more energy|a lot more energy|much more intense|much bigger|way more intense|更加激烈|激烈得多",
    ),
    "energyUpBig",
  ],
  [
    words(
      "less energy|less intense|calmer|more calm|more relaxed|chiller|more chill|mellower|more mellow|softer|gentler|tone it down|more subtle|more laid-back|more laid back|less busy|quieter|more peaceful|更平静|更安静|安静一点|柔和一点|更柔和|轻柔一点|平缓一点|舒缓一点|更舒缓|温柔一点|能量低一点|平静一点|低调一点|轻一点",
    ),
    "energyDown",
  ],
  [words("much calmer|way calmer|much less energy|much softer|a lot calmer|安静得多|平静得多"), "energyDownBig"],
  [
    words(
      "more bass|more bass presence|bass presence|bassier|boost the bass|bass boost|heavier bass|heavy bass|bass-heavy|bass heavy|fatter bass|more low end|more low-end|bigger bass|louder bass|低音多一点|低音更重|加重低音|低音加强|低频更足|更多低音|增强低音|低音大一点|重低音多一点|低音重一点",
    ),
    "bassUp",
  ],
  [
    words(
      "less bass|less low end|less low-end|thinner bass|quieter bass|lower the bass|低音少一点|减少低音|低音小一点|低音轻一点",
    ),
    "bassDown",
  ],
  [
    words("brighter|more bright|more sparkle|more treble|crisper|more air|airier|更明亮|明亮一点|亮一点|更亮|更清脆"),
    "brighter",
  ],
  [
    words("darker|more dark|less bright|duller|warmer sound|more muffled|less treble|更暗|暗一点|更沉|更暗淡"),
    "darker",
  ],
  [
    words(
      "more reverb|more space|more spacious|spacious|wetter|roomier|more ambience|more atmosphere|混响多一点|更多混响|空间感|更空灵|混响大一点",
    ),
    "spaceUp",
  ],
  [words("less reverb|drier|more dry|less space|tighter|混响少一点|更干|干一点"), "spaceDown"],
  [
    words(
      "louder drums|more drums|punchier drums|bigger drums|drums louder|drums up|鼓大声一点|鼓声大一点|鼓更重|鼓点更重|加重鼓点",
    ),
    "drumsUp",
  ],
  [
    words(
      "quieter drums|softer drums|less drums|drums quieter|drums down|lighter drums|鼓小声一点|鼓轻一点|鼓声小一点|鼓点轻一点",
    ),
    "drumsDown",
  ],
  [
    words(
      "louder melody|melody louder|more melody|more prominent melody|melody more prominent|bring out the melody|bring the melody forward|melody up|stronger melody|旋律突出|旋律大声|旋律更突出|旋律大一点",
    ),
    "melodyUp",
  ],
  [
    words(
      "softer melody|quieter melody|less melody|melody quieter|melody softer|melody down|subtle melody|旋律小一点|旋律弱一点|旋律轻一点",
    ),
    "melodyDown",
  ],
  [words("fade in|fade-in|fades in|fading in|淡入|渐入"), "fadeIn"],
  [words("louder|make it louder|more loud|louder master|turn it up|hotter master|响一点|大声一点|更响"), "louder"],
  [words("lower loudness|less loud|turn it down|softer master|quieter master|小声一点|音量小一点"), "quieterMaster"],
  [words("wider|more stereo|wider stereo|更宽|立体声更宽"), "wider"],
  [["narrower", "more mono", "narrow", "更窄"], "narrower"],
  [words("shorter|make it shorter|cut it down|trim it|短一点|缩短|更短|短一些"), "shorter"],
  [words("longer|make it longer|extend it|lengthen|长一点|加长|更长|长一些|延长"), "longer"],
  [
    words("make it minor|switch to minor|change to minor|minor instead|in minor|换成小调|改成小调|改为小调|变成小调"),
    "minorSwitch",
  ],
  [
    words("make it major|switch to major|change to major|major instead|in major|换成大调|改成大调|改为大调|变成大调"),
    "majorSwitch",
  ],
  [
    words(
      "higher key|raise the key|key up|transpose up|up a semitone|half step up|up a half step|升调|升高半音|调高一点|提高调",
    ),
    "keyUp",
  ],
  [
    words(
      "lower key|lower the key|key down|transpose down|down a semitone|half step down|down a half step|降调|降低半音|调低一点|降低调",
    ),
    "keyDown",
  ],
];
