/**
 * Use cases and what a working composer assumes for each: loudness, energy limits, tempo, ending, loop, a style for
 * briefs that name no genre, mix habits (a podcast bed keeps the melody down). Data only.
 */
import type { StyleId } from "../../theory/voices.js";
import type { Ending, MixIntents } from "../../types.js";
import { words } from "./list.js";

export interface UseCase {
  id: string;
  label: string;
  words: string[];
  lufs?: number;
  energy?: number;
  energyCap?: number;
  energyFloor?: number;
  tempo?: [number, number];
  ending?: Ending;
  loop?: boolean;
  hint?: StyleId;
  durationSeconds?: number;
  mix?: Partial<MixIntents>;
  valence?: number;
}

export const USE_CASES: UseCase[] = [
  {
    id: "podcast",
    label: "podcast bed",
    words: words(
      "podcast|podcasts|background bed|music bed|bed music|voiceover|voice-over|voice over|narration|under dialogue|under speech|under dialog|talk show|audiobook|播客|旁白|解说|配音|口播|有声书",
    ),
    lufs: -16,
    energy: 0.3,
    energyCap: 0.4,
    ending: "fade",
    hint: "lofi",
    mix: { melodyDb: -4 },
  },
  {
    id: "broadcast",
    label: "broadcast",
    words: words(
      "broadcast|tv|television|tv spot|tv commercial|radio|radio spot|ebu r128|r128|ebu|广播|电视|电视台|电台",
    ),
    lufs: -23,
  },
  {
    id: "fitness",
    label: "fitness",
    words: words(
      "fitness|workout|gym|training playlist|sports training|running playlist|for running|exercise|cardio|hiit|crossfit|spin class|健身|运动|跑步|锻炼|燃脂",
    ),
    energy: 0.88,
    energyFloor: 0.8,
    tempo: [120, 135],
    hint: "electronic",
  },
  {
    id: "sports",
    label: "sports highlights",
    words: words("sports|sport|highlights|highlight reel|体育|比赛|集锦"),
    energy: 0.85,
    energyFloor: 0.7,
    hint: "rock",
  },
  {
    id: "documentary",
    label: "documentary",
    words: words("documentary|docu|docuseries|nature film|wildlife|纪录片|纪实"),
    energyCap: 0.6,
    ending: "cadence",
    hint: "cinematic",
  },
  {
    id: "game",
    label: "game",
    words: words(
      "game|video game|gaming|game level|level theme|level music|platformer|rpg|arcade|boss fight|boss battle|menu music|main menu|indie game|游戏|关卡|手游|游戏配乐",
    ),
    hint: "chiptune",
  },
  {
    id: "trailer",
    label: "trailer or promo",
    words: words("teaser|promo|promotional|预告|宣传片|宣传"),
    energy: 0.85,
    energyFloor: 0.6,
    ending: "hard",
    hint: "trailer",
  },
  {
    id: "advert",
    label: "advert",
    words: words(
      "ad|advert|advertisement|product launch|launch|product video|brand|branding|广告|产品发布|品牌|发布会|产品",
    ),
    energy: 0.7,
    hint: "corporate",
  },
  {
    id: "corporate",
    label: "corporate video",
    words: words(
      "corporate video|company video|conference|keynote|saas|app demo|tutorial|onboarding|年会|公司|演示|教程",
    ),
    energyCap: 0.75,
    hint: "corporate",
  },
  {
    id: "vlog",
    label: "vlog",
    words: words("vlog|travel|travel video|road trip|holiday video|vacation|daily vlog|旅行|旅游|出游|日常"),
    energy: 0.65,
    valence: 1,
    hint: "acoustic",
  },
  {
    id: "wedding",
    label: "wedding",
    words: words(
      "wedding|first dance|wedding dance|bride|bridal|engagement|proposal|anniversary|婚礼|求婚|结婚|婚纱|订婚|第一支舞|婚礼舞曲",
    ),
    energyCap: 0.6,
    valence: 1,
    hint: "piano_solo",
  },
  {
    id: "meditation",
    label: "meditation",
    words: words(
      "meditation|yoga|spa|sleep|massage|mindfulness|wellness|relaxation|breathing|冥想|瑜伽|睡眠|助眠|按摩|spa",
    ),
    energy: 0.15,
    energyCap: 0.3,
    tempo: [55, 75],
    ending: "fade",
    hint: "ambient",
  },
  {
    id: "study",
    label: "study",
    words: words("study|studying|homework|reading|work music|coding|学习|读书|写作业|自习"),
    energyCap: 0.45,
    hint: "lofi",
  },
  {
    id: "kids",
    label: "kids",
    words: words("kids video|children's video|toddlers|preschool|educational|幼儿|宝宝|早教"),
    valence: 1,
    hint: "childrens",
  },
  {
    id: "social",
    label: "social video",
    words: words(
      "fashion|reel|reels|tiktok|tik tok|instagram|shorts|youtube shorts|social media|instagram story|ig story|instagram stories|抖音|短视频|快手|小红书|时装",
    ),
    energy: 0.75,
    hint: "pop",
  },
  {
    id: "food",
    label: "food video",
    words: words("cooking|food|recipe|kitchen|baking|美食|做饭|烹饪|烘焙"),
    energy: 0.6,
    valence: 1,
    hint: "acoustic",
  },
  {
    id: "tech",
    label: "tech video",
    words: words("tech video|technology|product demo|unboxing|gadget|ai video|科技|数码|开箱"),
    energy: 0.65,
    hint: "electronic",
  },
  {
    id: "logo",
    label: "logo sting",
    words: words("logo|logo reveal|sting|stinger|jingle|ident|bumper|片头|片尾|开场"),
    ending: "hard",
    durationSeconds: 10,
  },
  {
    id: "news",
    label: "news",
    words: words("news|newsroom|news bed|headline|headlines|新闻|资讯"),
    energy: 0.6,
    hint: "corporate",
  },
  {
    id: "lounge",
    label: "lounge",
    words: words("hotel|lobby|lounge|cafe|café|coffee shop|restaurant|bar music|咖啡馆|酒店|餐厅|大堂"),
    energy: 0.4,
    hint: "jazz",
  },
  {
    id: "real_estate",
    label: "real estate",
    words: words("real estate|property tour|house tour|房产|楼盘"),
    energy: 0.5,
    valence: 1,
    hint: "corporate",
  },
];
